"""Suggestions as JSON, masked for roles that don't need the contact details."""

from typing import Any
from zoneinfo import ZoneInfo

from aftersales.audit.models import Event
from aftersales.auth.principal import Principal
from aftersales.auth.scope import mask_phone, sees_pii
from aftersales.feedback.models import Suggestion
from aftersales.refs import Refs


def _time(value: Any, tz: str) -> str | None:
    return value.astimezone(ZoneInfo(tz)).isoformat() if value else None


def suggestion_json(row: Suggestion, refs: Refs, user: Principal | None) -> dict[str, Any]:
    tz = refs.zone(row.store_id)
    show = user is None or sees_pii(user)  # type: ignore[arg-type]
    return {
        "id": row.id,
        "reference": row.reference,
        "channel": row.channel,
        "store": refs.store_codes.get(row.store_id),
        "counter": refs.counter_codes.get(row.counter_id) if row.counter_id else None,
        "text": row.text,
        "category": row.category,
        "status": str(row.status),
        "decision": row.decision,
        "reply": row.reply,
        "phone": (row.phone if show else mask_phone(row.phone)) if row.phone else None,
        "contact_email": row.contact_email if show else None,
        "notified": row.notified,
        "complaint_id": row.complaint_id,
        "implemented_note": row.implemented_note,
        "created_at": _time(row.created_at, tz),
        "decided_at": _time(row.decided_at, tz),
        "version": row.version,
    }


def history_json(events: list[Event], tz: str) -> list[dict[str, Any]]:
    """A record's history; `tz` is the record's store's zone."""
    return [
        {
            "at": _time(e.at, tz),
            "actor": e.actor,
            "action": e.action,
            "before": e.before,
            "after": e.after,
        }
        for e in events
    ]
