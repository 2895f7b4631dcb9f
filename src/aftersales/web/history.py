"""History panels as a reader expects them: people by name, places by code, times in the
store's zone to the minute, and actions and fields in the reader's language, instead of
`receipt_id=20002, staff_id=2` and UTC microseconds."""

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from aftersales.refs import Refs

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
# Field names as the reader knows them (translated through the catalog).
FIELDS = {
    "level": "Level",
    "reason": "Reason",
    "respond_by": "Respond by",
    "resolve_by": "Resolve by",
    "reply_by": "Reply to the customer by",
    "replied_at": "Replied to the customer",
    "holder_id": "Holder",
    "holder": "Holder",
    "staff_id": "Staff member",
    "status": "Status",
    "receipt_id": "Receipt",
    "store_id": "Store",
    "counter_id": "Counter",
    "version": "Version",
    "remedy": "Remedy",
    "amount": "Amount",
    "kind": "Kind",
    "note": "Note",
    "points": "Points",
    "diagnosis": "Diagnosis",
    "factory": "Factory",
    "fixed": "Fixed",
    "rating": "Rating",
    "comment": "Comment",
    "type": "Type",
    "cause": "Cause",
    "step": "Step",
    "name": "Name",
    "code": "Code",
    "role": "Role",
    "active": "Active",
    "display_name": "Display name",
    "attempts": "Attempts",
    "day": "Day",
    "topic": "Topic",
    "asked_at": "Asked at",
    "answer_by": "Answer by",
    "answer": "Answer to the caller",
    "answered_at": "Answered at",
    "answered_by_id": "Answered by",
    "notified": "Sent to the caller",
    "reference": "Reference",
    "complaint_id": "Complaint",
    "max": "Out of",
    "on_duty": "On duty",
    "inspection_id": "Inspection",
    "text": "Text",
    "owner_id": "Owner",
    "due_on": "Due on",
    "photo_id": "Photo",
    "size": "Size",
}
# Fields that hold user ids, one or a list.
PEOPLE = {"staff_id", "holder_id", "user_id", "answered_by_id", "owner_id", "on_duty"}
# Internal bookkeeping a reader has no use for.
HIDDEN = {"version", "next_check_at", "warn_at"}


@dataclass(frozen=True, slots=True)
class Line:
    at: str
    actor: str
    action: str
    changes: list[tuple[str, str, str]]  # (field, before, after)


def _value(
    key: str,
    value: Any,
    refs: Refs | None,
    tz: ZoneInfo,  # noqa: ANN401
    _: Callable[[str], str],
) -> str:
    if value is None or value == "":
        return "—"
    if refs is not None and isinstance(value, int | list):
        by_id = {"store_id": refs.store_codes, "counter_id": refs.counter_codes}.get(key)
        by_id = refs.people if key in PEOPLE else by_id
        if by_id is not None:
            ids = value if isinstance(value, list) else [value]
            return "、".join(by_id.get(i, f"#{i}") for i in ids)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, str) and _ISO.match(value):
        try:
            return datetime.fromisoformat(value).astimezone(tz).strftime("%Y-%m-%d %H:%M")
        except ValueError:
            return value
    if isinstance(value, str | int | float):
        return _(str(value)) if isinstance(value, str) else str(value)
    return str(value)


def _actor(username: str, refs: Refs | None, _: Callable[[str], str]) -> str:
    if username == "system":
        return _("system")
    return refs.names.get(username, username) if refs is not None else username


def readable(
    events: Iterable[Any],
    *,
    refs: Refs | None,
    tz: str,  # noqa: ANN401
    gettext: Callable[[str], str],
) -> list[Line]:
    zone, _ = ZoneInfo(tz), gettext
    lines = []
    for e in events:
        before: Mapping[str, Any] = e.before or {}
        after: Mapping[str, Any] = e.after or {}
        changes = [
            (
                _(FIELDS.get(k, k.replace("_", " ").capitalize())),
                _value(k, before[k], refs, zone, _) if k in before else "",
                _value(k, after[k], refs, zone, _) if k in after else "",
            )
            for k in dict.fromkeys([*before, *after])
            if k not in HIDDEN
        ]
        lines.append(
            Line(
                at=e.at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
                actor=_actor(e.actor, refs, _),
                action=_(e.action),
                changes=changes,
            )
        )
    return lines
