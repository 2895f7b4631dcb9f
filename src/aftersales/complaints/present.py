"""Complaints as JSON for the API, personal data masked by role, times in the store's zone."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from aftersales.auth.principal import Principal
from aftersales.complaints.models import Complaint
from aftersales.complaints.queries import ComplaintDetail
from aftersales.customers.present import customer_json
from aftersales.refs import Refs


def _t(value: datetime | None, tz: str) -> str | None:
    return value.astimezone(ZoneInfo(tz)).isoformat() if value else None


def complaint_json(c: Complaint, refs: Refs) -> dict[str, Any]:
    tz = refs.zone(c.store_id)
    return {
        "id": c.id,
        "tracking_code": c.tracking_code,
        "channel": c.channel,
        "type": c.type,
        "cause": c.cause,
        "seeks": c.seeks,
        "severity": c.severity,
        "status": c.status,
        "level": c.level,
        "version": c.version,
        "store": refs.store_codes.get(c.store_id) if c.store_id else None,
        "counter": refs.counter_codes.get(c.counter_id) if c.counter_id else None,
        "holder": refs.usernames.get(c.holder_id) if c.holder_id else None,
        "staff": refs.usernames.get(c.staff_id) if c.staff_id else None,
        "receipt_id": c.receipt_id,
        "claim_id": c.claim_id,
        "title": c.title,
        "description": c.description,
        "wants": c.wants,
        "place": c.place,
        "product": c.product,
        "batch": c.batch,
        "occurred_at": _t(c.occurred_at, tz),
        "created_at": _t(c.created_at, tz),
        "respond_by": _t(c.respond_by, tz),
        "resolve_by": _t(c.resolve_by, tz),
        "reply_by": _t(c.reply_by, tz),
        "replied_at": _t(c.replied_at, tz),
        "warn_at": _t(c.warn_at, tz),
        "first_response_at": _t(c.first_response_at, tz),
        "paused": c.paused_at is not None,
        "closed_at": _t(c.closed_at, tz),
        "satisfaction": c.satisfaction,
    }


def detail_json(d: ComplaintDetail, refs: Refs, user: Principal) -> dict[str, Any]:
    who, tz = refs.usernames.get, refs.zone(d.complaint.store_id)
    return complaint_json(d.complaint, refs) | {
        "customer": customer_json(d.customer, user),
        "history": [
            {
                "at": _t(e.at, tz),
                "actor": e.actor,
                "action": e.action,
                "before": e.before,
                "after": e.after,
            }
            for e in d.history
        ],
        "steps": [
            {"step": s.step, "by": who(s.done_by_id or 0), "at": _t(s.done_at, tz), "note": s.note}
            for s in d.steps
        ],
        "outcomes": [
            {"proposal_no": o.proposal_no, "kind": o.kind, "cost": f"{o.cost:.2f}", "note": o.note}
            for o in d.outcomes
        ],
        "agreements": [
            {
                "proposal_no": a.proposal_no,
                "total_cost": f"{a.total_cost:.2f}",
                "confirmed_at": _t(a.confirmed_at, tz),
                "confirmed_by": a.confirmed_by,
            }
            for a in d.agreements
        ],
        "tasks": [task_json(t, refs) for t in d.tasks],
        "contacts": [
            {
                "kind": x.kind,
                "at": _t(x.at, tz),
                "by": who(x.by_id or 0),
                "note": x.note,
                "satisfied": x.satisfied,
                "rating": x.rating,
            }
            for x in d.contacts
        ],
        "attachments": [
            {
                "id": a.id,
                "kind": a.kind,
                "filename": a.filename,
                "content_type": a.content_type,
                "size": a.size,
            }
            for a in d.attachments
        ],
    }


def task_json(t: Any, refs: Refs) -> dict[str, Any]:  # noqa: ANN401
    tz = refs.zone(t.store_id)  # the task's store is its complaint's
    return {
        "id": t.id,
        "complaint_id": t.complaint_id,
        "role": t.role,
        "title": t.title,
        "done": t.done_at is not None,
        "version": t.version,
        "done_at": _t(t.done_at, tz),
    }
