"""Inspections and corrective actions as JSON (the API's shapes)."""

from typing import Any

from sqlalchemy.orm import Session

from aftersales.refs import refs
from aftersales.supervision.inspections import service, templates
from aftersales.supervision.inspections.models import CorrectiveAction, Inspection
from aftersales.supervision.inspections.photos import photos_of
from aftersales.supervision.inspections.schemas import iso


def template_json(t: Any) -> dict[str, Any]:
    return {
        "code": t.code,
        "version": t.version,
        "kind": t.kind,
        "name_zh": t.name_zh,
        "name_en": t.name_en,
        "items": t.items,
        "max_total": sum(i["max"] for i in t.items),
    }


def action_json(a: CorrectiveAction, usernames: dict[int, str]) -> dict[str, Any]:
    return {
        "id": a.id,
        "inspection_id": a.inspection_id,
        "text": a.text,
        "owner": usernames.get(a.owner_id),
        "due": a.due_on.isoformat(),
        "status": a.status,
        "done_at": iso(a.done_at),
        "done_note": a.done_note,
        "verified_at": iso(a.verified_at),
        "verified_by": usernames.get(a.verified_by_id or 0),
        "verify_note": a.verify_note,
        "reminded_at": iso(a.reminded_at),
        "escalated_at": iso(a.escalated_at),
        "escalated_to": usernames.get(a.escalated_to_id or 0),
        "version": a.version,
    }


def inspection_json(
    session: Session, row: Inspection, acts: list[CorrectiveAction]
) -> dict[str, Any]:
    r = refs(session)
    t = templates.by_id(session, row.template_id)
    return {
        "id": row.id,
        "kind": row.kind,
        "store": r.store_codes.get(row.store_id),
        "counter": r.counter_codes.get(row.counter_id or 0),
        "template": t.code,
        "template_version": t.version,
        "inspector": r.usernames.get(row.inspector_id),
        "visited_at": iso(row.visited_at),
        "total": row.total,
        "max": row.max_total,
        "percent": float(service.percent(row.total, row.max_total)),
        "scores": [
            {"item": s.item, "section": s.section, "score": s.score, "max": s.max, "note": s.note}
            for s in service.scores_of(session, row.id)
        ],
        "on_duty": [u.username for u in service.on_duty_of(session, row.id)],
        "photos": [
            {"id": p.id, "filename": p.filename, "size": p.size} for p in photos_of(session, row.id)
        ],
        "note": row.note,
        "corrective_actions": [action_json(a, r.usernames) for a in acts],
    }
