"""Hotline questions as JSON and page rows. The caller's name and phone are masked in lists
and for roles that do not talk to customers, as customers' are elsewhere."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from aftersales.auth.principal import Principal
from aftersales.auth.scope import mask_address, mask_name, mask_phone, sees_pii
from aftersales.feedback.enquiries.models import Enquiry, EnquiryStatus
from aftersales.refs import Refs

TOPIC_LABELS = {
    "installation": "Installation",
    "delivery": "Delivery",
    "warranty": "Warranty (三包)",
    "repair_status": "Repair status",
    "store_info": "Store information",
    "other": "Other question",
}
STATUS_LABELS = {
    "open": "Awaiting an answer",
    "answered": "Answered",
    "converted": "Turned into a complaint",
}


def _time(value: datetime | None, tz: str) -> str | None:
    return value.astimezone(ZoneInfo(tz)).isoformat() if value else None


def enquiry_json(
    row: Enquiry,
    refs: Refs,
    user: Principal,
    *,
    in_list: bool = False,
    now: datetime | None = None,
) -> dict[str, Any]:
    show, tz = sees_pii(user) and not in_list, refs.zone(row.store_id)
    late = row.answered_at > row.answer_by if row.answered_at else None
    return {
        "id": row.id,
        "reference": row.reference,
        "store": refs.store_codes.get(row.store_id),
        "counter": refs.counter_codes.get(row.counter_id) if row.counter_id else None,
        "taken_by": refs.usernames.get(row.taken_by_id) if row.taken_by_id else None,
        "caller_name": (row.caller_name if show else mask_name(row.caller_name)) or None,
        "phone": (row.phone if show else mask_phone(row.phone)) or None,
        "contact_email": (row.contact_email if show else mask_address(row.contact_email)) or None,
        "customer_id": row.customer_id,
        "topic": str(row.topic),
        "question": row.question,
        "asked_at": _time(row.asked_at, tz),
        "answer_by": _time(row.answer_by, tz),
        "status": str(row.status),
        "overdue": row.status == EnquiryStatus.open and now is not None and now > row.answer_by,
        "answer": row.answer,
        "answered_at": _time(row.answered_at, tz),
        "answered_by": refs.usernames.get(row.answered_by_id) if row.answered_by_id else None,
        "answered_late": late,
        "notified": row.notified,
        "warned_at": _time(row.warned_at, tz),
        "overdue_at": _time(row.overdue_at, tz),
        "complaint_id": row.complaint_id,
        "version": row.version,
    }
