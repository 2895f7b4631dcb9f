"""Inspections and corrective actions as JSON (the API's shapes)."""

from typing import Any

from sqlalchemy.orm import Session

from aftersales.refs import refs
from aftersales.responses import fields_json
from aftersales.supervision.inspections import service, templates
from aftersales.supervision.inspections.models import CorrectiveAction, Inspection
from aftersales.supervision.inspections.photos import photos_of
from aftersales.supervision.inspections.schemas import iso

TEMPLATE = ("code", "version", "kind", "name_zh", "name_en", "items")
ACTION = ("id", "inspection_id", "text", "status", "done_note", "verify_note", "version")
ACTION_TIMES = ("done_at", "verified_at", "reminded_at", "escalated_at")
INSPECTION = ("id", "kind", "total", "note")
SCORE = ("item", "section", "score", "max", "note")
PHOTO = ("id", "filename", "size")


def template_json(t: Any) -> dict[str, Any]:
    return fields_json(t, TEMPLATE) | {"max_total": sum(i["max"] for i in t.items)}


def action_json(a: CorrectiveAction, usernames: dict[int, str]) -> dict[str, Any]:
    return (
        fields_json(a, ACTION)
        | {name: iso(getattr(a, name)) for name in ACTION_TIMES}
        | {
            "owner": usernames.get(a.owner_id),
            "due": a.due_on.isoformat(),
            "verified_by": usernames.get(a.verified_by_id or 0),
            "escalated_to": usernames.get(a.escalated_to_id or 0),
        }
    )


def inspection_json(
    session: Session, row: Inspection, acts: list[CorrectiveAction]
) -> dict[str, Any]:
    r = refs(session)
    t = templates.by_id(session, row.template_id)
    return fields_json(row, INSPECTION) | {
        "store": r.store_codes.get(row.store_id),
        "counter": r.counter_codes.get(row.counter_id or 0),
        "template": t.code,
        "template_version": t.version,
        "inspector": r.usernames.get(row.inspector_id),
        "visited_at": iso(row.visited_at),
        "max": row.max_total,
        "percent": float(service.percent(row.total, row.max_total)),
        "scores": [fields_json(s, SCORE) for s in service.scores_of(session, row.id)],
        "on_duty": [u.username for u in service.on_duty_of(session, row.id)],
        "photos": [fields_json(p, PHOTO) for p in photos_of(session, row.id)],
        "corrective_actions": [action_json(a, r.usernames) for a in acts],
    }
