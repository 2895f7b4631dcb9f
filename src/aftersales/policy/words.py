"""Words for the codes a clerk picks at the claim desk, in zh-CN and English.

The codes are the policy engine's vocabulary (contracts/policy-decide.md); the words are
what the clerk and the customer read."""

from collections.abc import Callable

from .model import APPAREL_PROBLEMS, CONDITION_FLAGS, FOOTWEAR_PROBLEMS, GENERAL_PROBLEMS
from .model import EVIDENCE as ALL_EVIDENCE

L: dict[str, tuple[str, str]] = {
    # problems, general
    "no_reason": ("无理由", "no reason"),
    "size_fit": ("尺码 / 合脚", "size / fit"),
    "price_mismatch": ("标价与收费不符", "price tag mismatch"),
    "price_drop": ("降价（价保）", "price drop (price protection)"),
    "fraud": ("虚假宣传 / 假冒", "false description / counterfeit"),
    "performance_fault": ("性能故障", "performance fault"),
    "appearance_defect": ("外观缺陷", "appearance defect"),
    "not_as_described": ("与描述不符", "not as described"),
    # apparel
    "seam_open": ("开线", "open seam"),
    "wrinkle": ("褶皱", "wrinkles"),
    "pilling": ("起球", "pilling"),
    "dropped_stitch": ("掉针", "dropped stitch"),
    "fading": ("褪色", "fading"),
    "colour_run": ("串色", "colour run"),
    "shrinking": ("缩水", "shrinking"),
    "lining_torn": ("里布撕裂", "lining torn"),
    "zip_broken": ("拉链损坏", "zip broken"),
    "button_lost": ("纽扣脱落", "button lost"),
    "style_change": ("改款式", "style change"),
    # footwear
    "sole_broken": ("断底", "sole broken"),
    "upper_broken": ("断面", "upper broken"),
    "heel_broken": ("断跟", "heel broken"),
    "vamp_broken": ("断帮", "vamp broken"),
    "glue_open": ("开胶", "glue coming apart"),
    "stitch_loose": ("脱线", "stitching loose"),
    "stitch_broken": ("断线", "stitching broken"),
    "heel_cap_off": ("跟面脱落", "heel top-piece off"),
    "crease": ("折痕", "crease"),
    "colour_mismatch": ("色差", "colour mismatch"),
    "pair_mismatch": ("左右不对称", "pair mismatch"),
    # parts
    "sole": ("鞋底", "sole"),
    "heel": ("鞋跟", "heel"),
    "upper": ("鞋面", "upper"),
    "vamp": ("鞋帮", "vamp"),
    "seam": ("缝线", "seam"),
    "zip": ("拉链", "zip"),
    "lining": ("里布", "lining"),
    "button": ("纽扣", "button"),
    "compressor": ("压缩机", "compressor"),
    "picture_tube": ("显像管", "picture tube"),
    "motor": ("电机", "motor"),
    "screen": ("屏幕", "screen"),
    "battery": ("电池", "battery"),
    "charger": ("充电器", "charger"),
    "handset": ("主机", "handset"),
    # condition flags
    "worn": ("已穿用", "worn"),
    "washed": ("已洗涤", "washed"),
    "shrunk_or_faded": ("已缩水或褪色", "shrunk or faded"),
    "altered": ("已修改", "altered"),
    "disassembled": ("已拆动", "taken apart"),
    "torn": ("有撕裂", "torn"),
    "soiled": ("有污损", "soiled"),
    "tags_removed": ("吊牌已剪", "tags removed"),
    "accessories_missing": ("配件不全", "accessories missing"),
    "seal_broken": ("封口已拆", "seal broken"),
    "activated": ("已激活", "activated"),
    "personal_data": ("留有个人数据", "personal data on it"),
    "misuse": ("使用不当", "misuse"),
    "improper_care": ("保养不当", "improper care"),
    "liquid_damage": ("进液损坏", "liquid damage"),
    "self_repaired": ("自行修理", "repaired by the customer"),
    "repaired_elsewhere": (
        "经非三包修理者拆修（其他维修店等）",
        "opened or repaired elsewhere (not by the 三包 repairer)",
    ),
    "pirated_software": ("使用盗版软件造成损坏（电脑）", "damaged by pirated software (computers)"),
    "virus_infection": (
        "使用中感染病毒造成损坏（电脑）",
        "damaged by a virus caught in use (computers)",
    ),
    "voucher_mismatch": (
        "三包凭证涂改，或型号、编号与实物不符",
        "三包 voucher altered, or its model or number not this item's",
    ),
    "force_majeure": (
        "不可抗力造成损坏（火灾、水灾、雷击等）",
        "damaged by force majeure (fire, flood, lightning)",
    ),
    # evidence
    "receipt": ("购物小票", "receipt"),
    "invoice": ("发票", "invoice"),
    "warranty_card": ("三包凭证", "warranty card"),
    "member_record": ("会员购买记录", "member record"),
    "pos_record": ("本店销售记录", "our POS record"),
    "staff_attestation": ("店员证明", "staff attestation"),
    "repair_record": ("维修记录", "repair record"),
    "test_report": ("检测报告", "test report"),
    # item flags
    "clearance": ("处理品", "clearance"),
    "defect_disclosed": ("售前已告知瑕疵", "defect disclosed"),
    "custom_made": ("定作商品", "made to order"),
    "perishable": ("鲜活易腐", "perishable"),
    "digital_unsealed": ("已拆封的数字商品", "unsealed digital goods"),
    "periodical": ("报纸期刊", "newspaper or periodical"),
    "exclusion_confirmed": (
        "购买时已确认不适用无理由退货",
        "no no-reason return, confirmed at checkout",
    ),
    # footwear materials
    "leather": ("真皮", "leather"),
    "synthetic_leather": ("人造革", "synthetic leather"),
    "fabric": ("布面", "fabric"),
    "rubber": ("胶鞋 / 运动鞋", "rubber / sports"),
    "plastic": ("塑料", "plastic"),
    "children": ("童鞋", "children's"),
    # product types (the 三包 catalogues) and channels
    "bicycle": ("自行车", "bicycle"),
    "color_tv": ("彩色电视机", "colour TV"),
    "bw_tv": ("黑白电视机", "black-and-white TV"),
    "vcr": ("家用录像机", "video recorder"),
    "camcorder": ("摄像机", "camcorder"),
    "radio_cassette": ("收录机", "radio cassette player"),
    "electronic_keyboard": ("电子琴", "electronic keyboard"),
    "refrigerator": ("家用电冰箱", "refrigerator"),
    "washing_machine": ("洗衣机", "washing machine"),
    "electric_fan": ("电风扇", "electric fan"),
    "microwave": ("微波炉", "microwave oven"),
    "vacuum_cleaner": ("吸尘器", "vacuum cleaner"),
    "air_conditioner": ("家用空调器", "air conditioner"),
    "range_hood": ("吸排油烟机", "range hood"),
    "gas_water_heater": ("燃气热水器", "gas water heater"),
    "sewing_machine": ("缝纫机", "sewing machine"),
    "clock": ("钟表", "clock or watch"),
    "motorcycle": ("摩托车", "motorcycle"),
    "other": ("其他（目录外）", "other (not in the catalogue)"),
    "headset": ("耳机", "headset"),
    "data_card": ("数据接口卡", "data card"),
    "terminal_card": ("移动终端卡", "terminal card"),
    "main_unit": ("电脑主机", "computer main unit"),
    "peripheral": ("外部设备", "peripheral"),
    "option": ("选购件", "optional part"),
    "software": ("软件", "software"),
    "disc_player": ("视盘机", "disc player"),
    "amplifier": ("音频功率放大器", "audio amplifier"),
    "speaker": ("音箱", "speaker"),
    "corded_phone": ("按键电话机", "push-button telephone"),
    "cordless_phone": ("无绳电话机", "cordless telephone"),
    "isdn_phone": ("ISDN数字电话机", "ISDN digital telephone"),
    "phone_device": ("电话功能装置", "telephone function device"),
    "charging_base": ("充电座", "charging base"),
    "in_store": ("门店购买", "in store"),
    "online": ("网购等远程购买", "online or at a distance"),
    # remedies
    "return": ("退货", "return"),
    "exchange": ("换货", "exchange"),
    "free_repair": ("免费修理", "free repair"),
    "paid_repair": ("收费修理", "paid repair"),
    "repair": ("修理", "repair"),
    "refund_difference": ("退差价", "refund the difference"),
    "compensation": ("赔偿", "compensation"),
    # claim and work-order statuses
    "open": ("待选择处理方式", "awaiting a remedy"),
    "refund_pending": ("待退款", "refund due"),
    "payment_pending": ("待付款", "payment due"),
    "exchange_pending": ("待换货", "exchange due"),
    "repairing": ("维修中", "in repair"),
    "fulfilled": ("已兑现", "fulfilled"),
    "closed": ("已结案", "closed"),
    "intake": ("已接收", "taken in"),
    "diagnosed": ("已检测", "diagnosed"),
    "quoted": ("已报价", "quoted"),
    "accepted": ("顾客已同意报价", "quote accepted"),
    "at_factory": ("返厂维修中", "at the factory"),
    "repaired": ("已修好", "repaired"),
    "handed_back": ("已交还顾客", "handed back"),
    # service orders: what the work is, and its statuses
    "installation": ("安装", "installation"),
    "adjustment": ("调试", "adjustment"),
    "guidance": ("技术指导", "technical guidance"),
    "onsite_repair": ("上门维修", "on-site repair"),
    "delivery": ("送货", "delivery"),
    "scheduled": ("已预约", "scheduled"),
    "dispatched": ("已发货", "dispatched"),
    "on_site": ("已到现场", "on site"),
    "completed": ("已完成", "completed"),
    "cancelled": ("已取消", "cancelled"),
    "granted": ("给予", "granted"),
    "refused": ("不予", "refused"),
    "free": ("免费", "free"),
    "paid": ("收费", "paid"),
    # refund methods
    "cash": ("现金", "cash"),
    "card": ("银行卡", "card"),
    "original": ("原路退回", "original payment"),
    "wechat": ("微信", "WeChat Pay"),
    "alipay": ("支付宝", "Alipay"),
}

PROBLEM_GROUPS = (
    ("General", GENERAL_PROBLEMS),
    ("Apparel", APPAREL_PROBLEMS),
    ("Footwear", FOOTWEAR_PROBLEMS),
)
PARTS = (
    "sole",
    "heel",
    "upper",
    "vamp",
    "seam",
    "zip",
    "lining",
    "button",
    "compressor",
    "picture_tube",
    "motor",
    "screen",
    "battery",
    "charger",
    "handset",
)
# The desk's boxes: the item's state, less two facts: personal data on it (a rule of online
# returns only) and a repair elsewhere, asked apart (our repair records cannot show one).
REPAIRED_ELSEWHERE = "repaired_elsewhere"
CONDITIONS = tuple(f for f in CONDITION_FLAGS if f not in ("personal_data", REPAIRED_ELSEWHERE))
# Our own sale record is looked up, not ticked.
EVIDENCE = tuple(e for e in ALL_EVIDENCE if e != "pos_record")
ITEM_FLAGS = (
    "clearance",
    "defect_disclosed",
    "custom_made",
    "perishable",
    "digital_unsealed",
    "periodical",
    "exclusion_confirmed",
)
PRODUCT_TYPES = (
    "bicycle",
    "color_tv",
    "bw_tv",
    "vcr",
    "camcorder",
    "radio_cassette",
    "electronic_keyboard",
    "refrigerator",
    "washing_machine",
    "electric_fan",
    "microwave",
    "vacuum_cleaner",
    "air_conditioner",
    "range_hood",
    "gas_water_heater",
    "sewing_machine",
    "clock",
    "motorcycle",
    "other",
    "handset",
    "battery",
    "charger",
    "headset",
    "data_card",
    "terminal_card",
    "main_unit",
    "peripheral",
    "option",
    "software",
    "disc_player",
    "amplifier",
    "speaker",
    "corded_phone",
    "cordless_phone",
    "isdn_phone",
    "phone_device",
    "charging_base",
)
MATERIALS = ("leather", "synthetic_leather", "fabric", "rubber", "plastic", "children")
REFUND_METHODS = ("original", "cash", "card", "wechat", "alipay")


def labeller(lang: str) -> Callable[[str | None], str]:
    """A template helper: a code's words in `lang`, or the code itself when unknown."""
    index = 1 if lang == "en" else 0

    def label(code: str | None) -> str:
        if not code:
            return ""
        words = L.get(code)
        return words[index] if words else code.replace("_", " ")

    return label
