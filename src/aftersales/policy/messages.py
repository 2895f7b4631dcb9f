"""Reasons a counter clerk can read out, zh-CN and English, for conditions
that failed. Clause texts themselves come from the policy files."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .model import Text

FLAG_NAMES_ZH = {
    "receipt": "购物小票",
    "invoice": "发票",
    "warranty_card": "三包凭证",
    "member_record": "会员购买记录",
    "pos_record": "本店销售系统记录",
    "staff_attestation": "店员证明",
    "repair_record": "维修记录",
    "test_report": "检测报告",
    "worn": "已穿用",
    "washed": "已洗涤",
    "shrunk_or_faded": "已缩水或褪色",
    "altered": "已修改",
    "disassembled": "已拆动",
    "torn": "有撕裂",
    "soiled": "有污损",
    "tags_removed": "吊牌已剪",
    "accessories_missing": "配件不全",
    "seal_broken": "封口已拆",
    "activated": "已激活",
    "personal_data": "留有个人数据",
    "misuse": "使用不当",
    "improper_care": "保养不当",
    "liquid_damage": "进液损坏",
    "self_repaired": "自行修理",
    "repaired_elsewhere": "经非三包修理者拆修",
    "pirated_software": "使用盗版软件造成损坏",
    "virus_infection": "使用中感染病毒造成损坏",
    "voucher_mismatch": "三包凭证涂改或与实物不符",
    "force_majeure": "不可抗力造成损坏",
    "clearance": "处理品",
    "custom_made": "定作商品",
    "perishable": "鲜活易腐商品",
    "digital_unsealed": "已拆封的数字商品",
    "periodical": "报纸期刊",
    "defect_disclosed": "售前已告知瑕疵",
    "exclusion_confirmed": "购买时已确认不适用无理由退货",
    "in_store": "门店",
    "online": "网购等远程",
}
FIELD_NAMES_ZH = {
    "tag_price": "吊牌价",
    "true_tag_price": "正确吊牌价",
    "current_price": "现价",
    "part": "部位",
    "material": "材质",
    "product_type": "商品类型",
    "received_on": "收货或安装完成日期",
    "requested_on": "申请日期",
    "sold_on": "销售日期",
    "exchanged_on": "换货日期",
    "produced_on": "出厂日期",
    "repairs": "维修记录",
    "exchanges": "更换记录",
    "warranty": "三包凭证",
    "problem": "问题类型",
    "evidence": "凭证",
    "condition": "商品状态",
    "paid": "实付金额",
}


def _names(items: Iterable[str], lang: str) -> str:
    items = sorted(items)
    if lang == "en":
        return ", ".join(i.replace("_", " ") for i in items)
    return "、".join(FLAG_NAMES_ZH.get(i, FIELD_NAMES_ZH.get(i, i)) for i in items)


def _both(zh: str, en: str) -> Text:
    return Text(zh=zh, en=en)


class PeriodOver:
    """A period-over reason, worded only when a refusal is read out."""

    __slots__ = ("label", "end")

    def __init__(self, label: Text, end: date) -> None:
        self.label = label
        self.end = end

    def text(self) -> Text:
        end = self.end.isoformat()
        return _both(
            f"已超过{self.label.zh}（{end}止）", f"past the {self.label.en} (it ended on {end})"
        )


# Why a check failed: a Text, or a PeriodOver still to be worded.
Reason = Text | PeriodOver


def _listing(zh: str, en: str) -> Callable[[Iterable[str]], Text]:
    """A reason that names the flags at fault: `{}` in each language's sentence takes them."""

    def reason(flags: Iterable[str]) -> Text:
        flags = tuple(flags)
        return _both(zh.format(_names(flags, "zh")), en.format(_names(flags, "en")))

    return reason


evidence_missing = _listing("缺少购物凭证，需要{}之一", "no proof of purchase: one of {} is needed")
state_rules_out = _listing("商品状态不符合条件：{}", "the item's state rules it out: {}")
state_needed = _listing("仅适用于以下情形：{}", "applies only when the item is: {}")
item_kind_rules_out = _listing("此类商品不适用：{}", "does not apply to goods that are: {}")
item_kind_needed = _listing("仅适用于：{}", "applies only to: {}")


def channel_only(channel: str) -> Text:
    return _both(
        f"仅适用于{FLAG_NAMES_ZH[channel]}销售",
        f"applies only to {channel.replace('_', ' ')} sales",
    )


def repairs_short(needed: int, found: int, same_part: bool = True) -> Text:
    if same_part:
        return _both(
            f"同一部位修理{needed}次仍不能正常使用才适用（现有{found}次）",
            f"applies after {needed} failed repairs of the same part ({found} on record)",
        )
    return _both(
        f"修理{needed}次仍不能正常使用才适用（现有{found}次）",
        f"applies after {needed} failed repairs ({found} on record)",
    )


def exchanges_short(needed: int, found: int) -> Text:
    return _both(
        f"已更换{needed}次仍不能正常使用才适用（现有{found}次）",
        f"applies after {needed} exchanges that still failed ({found} on record)",
    )


def repair_not_overdue(parts_days: int | None, repairer_days: int | None) -> Text:
    zh, en = [], []
    if parts_days is not None:
        zh.append(f"因缺零配件超过{parts_days}日未修好")
        en.append(f"a repair waiting for parts for over {parts_days} days")
    if repairer_days is not None:
        zh.append(f"因修理者原因超过{repairer_days}日未修好")
        en.append(f"a repair delayed by the repairer for over {repairer_days} days")
    return _both(f"仅适用于{'或'.join(zh)}的情形", f"applies only after {' or '.join(en)}")


# The request fields a missing period asks for, in the clerk's words.
ASKED_ZH = {
    "material": "鞋的材质",
    "product_type": "商品类型（三包目录中的品名）",
    "produced_on": "出厂日期（按串号/IMEI查询）",
    "received_on": "收货或安装完成日期",
    "warranty.whole_unit_months": "三包凭证上的整机三包有效期（月）",
    "warranty.main_parts_months": "三包凭证上的主要部件三包有效期（月）",
    "warranty": "三包凭证上的三包有效期",
    "part": "故障部位",
}


@dataclass(frozen=True)
class FactMissing(Text):
    """Not a refusal on the merits: the period cannot be worked out until the clerk adds
    the request field `field`."""

    field: str = ""


def fact_missing(field: str, label: Text) -> FactMissing:
    asked = ASKED_ZH.get(field, field)
    return FactMissing(
        zh=f"无法确定{label.zh}：请补充{asked}",
        en=f"the {label.en} cannot be worked out: give {field.replace('_', ' ')}",
        field=field,
    )


def rate_missing() -> FactMissing:
    """A refund less depreciation owed, but the store has not set the daily rate yet (the
    national appendix rates are not in the rule book): no request field can supply it."""
    return FactMissing(
        zh="有同型号商品可换而顾客不愿换货、要求退货的，应扣除折旧费，但本店尚未设定该类商品的"
        "日折旧率，暂不能计算退款金额；请管理员在三包政策中设定日折旧率，或先为顾客换货",
        en="a refund instead of an available exchange is paid less depreciation, but the store "
        "has not set this category's daily depreciation rate, so the refund cannot be worked "
        "out yet: an administrator sets the rate in the 三包 policy, or the item is exchanged",
    )


def percent(rate: Decimal) -> str:
    """A daily rate as people write it: 0.001 -> 0.1%."""
    return f"{(rate * 100).normalize():f}%"


def depreciation_basis(
    clause: Text, setting: Text, rate: Decimal, days: int, deducted: Decimal
) -> Text:
    """The clause's basis, then the store's rate and the deduction worked out."""
    return _both(
        f"{clause.zh}；{setting.zh}：日折旧率{percent(rate)}，使用{days}日，折旧费{deducted}元",
        f"{clause.en}; {setting.en}: {percent(rate)} a day for {days} days used, "
        f"depreciation {deducted} yuan",
    )


def replacement(available: bool) -> Text:
    if available:
        return _both("无同型号商品可换", "no item of the same model is in stock for an exchange")
    return _both("有同型号商品可换，应先换货", "the same model is in stock: exchange comes first")


def missing_fields(names: Iterable[str]) -> Text:
    return _both(f"缺少{_names(names, 'zh')}", f"missing: {_names(names, 'en')}")


def price_not_lower(field: str) -> Text:
    return _both(
        f"{FIELD_NAMES_ZH[field]}未低于实付价格，无差价可退",
        f"the {field.replace('_', ' ')} is not below the price paid: no difference",
    )


def no_difference() -> Text:
    return _both("按价格单位取整后无差价", "no difference remains after rounding to the price unit")


def no_compensation_law() -> Text:
    return _both("销售日无可适用的赔偿规定", "no compensation rule applies on the day of sale")


def join(reasons: Iterable[Reason]) -> Text:
    """One reason from several (some of them PeriodOver, worded now)."""
    texts = [r.text() if isinstance(r, PeriodOver) else r for r in reasons]
    if len(texts) == 1:
        return texts[0]
    return Text(zh="；".join(t.zh for t in texts), en="; ".join(t.en for t in texts))


def tag_not_lower() -> Text:
    return _both(
        "正确吊牌价未低于原吊牌价，无差价可退",
        "the correct tag price is not below the tag price charged: no difference",
    )


def counted_from_sale() -> Text:
    return _both(
        "未填写签收日期，签收后的期限按销售日计算；请向顾客确认签收日期。",
        "No day of receipt was given: the periods after receipt were counted from the day of "
        "sale; ask the customer when the goods arrived.",
    )


def no_stock_refund() -> Text:
    return _both(
        "应当换货而没有同型号商品可换，按实付金额退货。",
        "An exchange is owed but no item of the same model is in stock, so the price paid is "
        "refunded.",
    )


def accepted(note: Text, codes: Iterable[str]) -> Text:
    """An unknown code's note, with the codes that are accepted."""
    listed = ", ".join(sorted(codes))
    return Text(f"{note.zh}可选代码：{listed}", f"{note.en} Accepted codes: {listed}")


# The engine names a wrong field in English; the claim desk reads it in Chinese.
_FIELD_MESSAGES_ZH = (
    ("is before sold_on", "早于销售日期"),
    ("is after requested_on", "晚于申请日期"),
    ("is after sold_on", "晚于销售日期"),
    ("is before on", "早于送修日期"),
    ("is longer than the repair", "超过了维修天数"),
    ("unknown field", "不是可用的字段"),
    ("required", "必填"),
)


def field_message_zh(field: str, message: str) -> str:
    """The zh wording of a request error: the field's words and what is wrong with it."""
    name = FIELD_NAMES_ZH.get(field.split("[")[0].split(".")[0], field)
    for en, zh in _FIELD_MESSAGES_ZH:
        if message.startswith(en):
            return f"{name}{zh}"
    if message.startswith("unknown "):
        return f"{name}不在可选范围内：{message.split(': ', 1)[-1]}"
    return f"{name}：{message}"
