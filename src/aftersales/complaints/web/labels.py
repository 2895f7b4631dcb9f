"""Words for the complaint codes the console and the customer pages show, in zh-CN and
English, and the colour of a deadline."""

from datetime import datetime

from aftersales.complaints.models import Complaint
from aftersales.complaints.state import ENDED

L: dict[str, tuple[str, str]] = {
    # channels
    "phone": ("电话", "phone"),
    "hotline": ("热线", "hotline"),
    "letter": ("信件", "letter"),
    "walk_in": ("门店", "in person"),
    "media": ("媒体", "media"),
    "consumer_association": ("消协", "consumer association"),
    "email": ("电子邮件", "e-mail"),
    "online": ("网上", "online"),
    "opinion_box": ("意见箱", "opinion box"),
    "gm_letter": ("致总经理信函", "letter to the general manager"),
    # types
    "product": ("商品投诉", "product"),
    "service": ("服务性投诉", "service"),
    "facilities": ("设施设备投诉", "facilities"),
    "special": ("特殊投诉", "special"),
    # what the customer seeks
    "vent": ("发泄不满", "to vent"),
    "respect": ("求尊重", "respect"),
    "compensation": ("求补偿 / 赔偿", "compensation"),
    # severity
    "low": ("轻微", "low"),
    "normal": ("一般", "normal"),
    "high": ("严重", "high"),
    "urgent": ("紧急", "urgent"),
    # statuses
    "registered": ("已登记", "registered"),
    "in_progress": ("处理中", "in progress"),
    "proposed": ("已提出方案", "proposal made"),
    "agreed": ("已达成协议", "agreed"),
    "carrying_out": ("执行中", "carrying out"),
    "follow_up": ("待回访", "follow-up"),
    "closed": ("已结案", "closed"),
    "referred": ("已提交消协仲裁", "referred to arbitration"),
    "withdrawn": ("已撤回", "withdrawn"),
    # handling steps
    "receive": ("接待（查验小票）", "receive (check the receipt)"),
    "listen": ("倾听", "listen"),
    "empathise": ("表示理解", "empathise"),
    "confirm": ("询问并确认", "ask and confirm"),
    "propose": ("提出方案", "propose a solution"),
    "agree": ("达成协议", "reach agreement"),
    "thank": ("致谢", "thank"),
    # outcomes
    "return": ("退货", "return"),
    "exchange": ("换货", "exchange"),
    "price_adjustment": ("调价", "price adjustment"),
    "service_change": ("改进服务", "changed service"),
    "apology": ("道歉", "apology"),
    "gift": ("赠品", "gift"),
    # contacts and notes
    "goods_retrieved": ("收回商品送检", "goods taken back for analysis"),
    "media_enquiry": ("媒体问询", "media enquiry"),
    "call_recording": ("通话录音", "call recording"),
    "note": ("备注", "note"),
    "arbitration": ("消协仲裁", "arbitration"),
    "rating": ("顾客评价", "customer rating"),
    # attachments and tasks
    "photo": ("照片", "photo"),
    "recording": ("录音", "recording"),
    "signature": ("签名", "signature"),
    "other": ("其他", "other"),
    "warehouse": ("仓管", "warehouse"),
    "technician": ("维修技术员", "technician"),
    "code": ("确认码", "code"),
}
LEVELS: dict[int, tuple[str, str]] = {
    1: ("专柜员工", "counter staff"),
    2: ("专柜店长", "counter manager"),
    3: ("现场主管", "floor supervisor"),
    4: ("经理助理", "manager's assistant"),
    5: ("商品部经理", "merchandise manager"),
    6: ("投诉站", "complaint station"),
}
NOTE_KINDS = ["note", "goods_retrieved", "media_enquiry", "call_recording"]
# The share of the allowed time after which a deadline shows amber, as the sweep warns.
WARN_FRACTION = 0.75


def labeller(lang: str):  # noqa: ANN201 - a template helper
    index = 1 if lang == "en" else 0

    def label(code: object) -> str:
        if code is None or code == "":
            return ""
        if isinstance(code, int):
            words = LEVELS.get(code)
            return f"{code} · {words[index]}" if words else str(code)
        words = L.get(str(code))
        return words[index] if words else str(code).replace("_", " ")

    return label


def _state(due: datetime | None, start: datetime, now: datetime, done: bool) -> str:
    if due is None or done:
        return "ok"
    if now > due:
        return "late"
    return "soon" if now >= start + (due - start) * WARN_FRACTION else "ok"


def respond_state(c: Complaint, now: datetime) -> str:
    """Late past respond_by, amber in the warning window, green once the level answered."""
    done = c.first_response_at is not None or c.status in ENDED or c.paused_at is not None
    return _state(c.respond_by, c.level_since, now, done)


def resolve_state(c: Complaint, now: datetime) -> str:
    done = c.status in ENDED or c.paused_at is not None
    return _state(c.resolve_by, c.created_at, now, done)


def reply_state(c: Complaint, now: datetime) -> str:
    """Late past reply_by, amber in the warning window, green once the customer got a reply."""
    done = c.replied_at is not None or c.status in ENDED or c.paused_at is not None
    return _state(c.reply_by, c.created_at, now, done)
