"""Words for the complaint codes the console and the customer pages show (English message
ids of the catalog's "complaint code" context), and the colour of a deadline."""

from datetime import datetime

from aftersales.complaints.models import Complaint
from aftersales.complaints.state import CODE_CONTEXT, ENDED, STATUS_NAMES
from aftersales.i18n import pgettext

# The catalog keeps these words apart from the console's: a complaint is "registered" (已登记)
# where the history says someone "registered" it (登记).
CONTEXT = CODE_CONTEXT
WORDS: dict[str, str] = {
    # channels
    "phone": "phone",
    "hotline": "hotline",
    "letter": "letter",
    "walk_in": "in person",
    "media": "media",
    "consumer_association": "consumer association",
    "email": "e-mail",
    "online": "online",
    "opinion_box": "opinion box",
    "gm_letter": "letter to the general manager",
    # types
    "product": "product",
    "service": "service",
    "facilities": "facilities",
    "special": "special",
    # what the customer seeks
    "vent": "to vent",
    "respect": "respect",
    "compensation": "compensation",
    # severity
    "low": "low",
    "normal": "normal",
    "high": "high",
    "urgent": "urgent",
    **STATUS_NAMES,
    # handling steps
    "receive": "receive (check the receipt)",
    "listen": "listen",
    "empathise": "empathise",
    "confirm": "ask and confirm",
    "propose": "propose a solution",
    "agree": "reach agreement",
    "thank": "thank",
    # outcomes
    "return": "return",
    "exchange": "exchange",
    "price_adjustment": "price adjustment",
    "service_change": "changed service",
    "apology": "apology",
    "gift": "gift",
    # contacts and notes
    "goods_retrieved": "goods taken back for analysis",
    "media_enquiry": "media enquiry",
    "call_recording": "call recording",
    "note": "note",
    "arbitration": "arbitration",
    "rating": "customer rating",
    # attachments and tasks
    "photo": "photo",
    "recording": "recording",
    "signature": "signature",
    "other": "other",
    "warehouse": "warehouse",
    "technician": "technician",
    "code": "code",
}
LEVELS: dict[int, str] = {
    1: "counter staff",
    2: "counter manager",
    3: "floor supervisor",
    4: "manager's assistant",
    5: "merchandise manager",
    6: "complaint station",
}
NOTE_KINDS = ["note", "goods_retrieved", "media_enquiry", "call_recording"]
# The share of the allowed time after which a deadline shows amber, as the sweep warns.
WARN_FRACTION = 0.75


def labeller(lang: str):  # noqa: ANN201 - a template helper
    def label(code: object) -> str:
        if code is None or code == "":
            return ""
        if isinstance(code, int):
            words = LEVELS.get(code)
            return f"{code} · {_in_lang(lang, words)}" if words else str(code)
        english = WORDS.get(str(code))
        return _in_lang(lang, english) if english else str(code).replace("_", " ")

    return label


def _in_lang(lang: str, english: str) -> str:
    return pgettext(lang, CONTEXT, english)


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
