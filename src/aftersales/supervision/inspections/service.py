"""Record an inspection or a mystery shopper's sheet: the scores checked against the
template version in use, the staff on duty, and one corrective action per finding."""

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth.models import User
from aftersales.auth.principal import Principal
from aftersales.errors import Forbidden, InvalidInput
from aftersales.org.models import Counter, Store
from aftersales.supervision.inspections import access, actions, queries, templates
from aftersales.supervision.inspections.errors import ScoreAboveMaximum, UnknownItem
from aftersales.supervision.inspections.models import (
    Inspection,
    InspectionScore,
    InspectionStaff,
    InspectionTemplate,
)
from aftersales.supervision.inspections.schemas import InspectionCreate, ScoreIn

TENTH = Decimal("0.1")


def percent(total: int, max_total: int) -> Decimal:
    if not max_total:
        return Decimal("0.0")
    return (Decimal(total * 100) / max_total).quantize(TENTH, rounding=ROUND_HALF_UP)


def _place(session: Session, data: InspectionCreate) -> tuple[Store, Counter | None]:
    store = session.scalars(select(Store).where(Store.code == data.store)).first()
    if store is None:
        raise InvalidInput("Unknown store", field="store")
    if not data.counter:
        return store, None
    counter = session.scalars(select(Counter).where(Counter.code == data.counter)).first()
    if counter is None or counter.store_id != store.id:
        raise InvalidInput("Unknown counter in this store", field="counter")
    return store, counter


def check_scores(template: InspectionTemplate, scores: list[ScoreIn]) -> list[dict[str, Any]]:
    """Every item of the template scored once, none above its maximum."""
    items = {i["key"]: i for i in template.items}
    seen: set[str] = set()
    out = []
    for n, s in enumerate(scores):
        item = items.get(s.item)
        if item is None or s.item in seen:
            raise UnknownItem(field=f"scores[{n}].item")
        if s.max is not None and s.max != item["max"]:
            raise InvalidInput(
                "This item is out of %(max)s",
                params={"max": item["max"]},
                field=f"scores[{n}].max",
            )
        if s.score > item["max"]:
            raise ScoreAboveMaximum(
                "At most %(max)s points",
                params={"max": item["max"]},
                field=f"scores[{n}].score",
            )
        seen.add(s.item)
        out.append(
            {
                "item": s.item,
                "section": item["section"],
                "score": s.score,
                "max": item["max"],
                "note": s.note,
            }
        )
    missing = [k for k in items if k not in seen]
    if missing:
        raise InvalidInput(
            "Not scored: %(items)s",
            params={"items": ", ".join(missing)},
            field="scores",
        )
    return out


def _on_duty(
    session: Session, names: list[str], store: Store, counter: Counter | None
) -> list[User]:
    people = []
    for n, name in enumerate(names):
        person = session.scalars(select(User).where(User.username == name, User.active)).first()
        at_place = person is not None and (
            person.counter_id == counter.id if counter else person.store_id == store.id
        )
        if not at_place:
            raise InvalidInput("Not a person of this counter", field=f"on_duty[{n}]")
        people.append(person)
    return people


def record_inspection(
    session: Session, *, data: InspectionCreate, actor: Principal, now: datetime
) -> Inspection:
    access.require(actor, "record")
    store, counter = _place(session, data)
    if not access.covers(actor, store_id=store.id, counter_id=counter.id if counter else None):
        raise Forbidden(field="store")
    template = templates.current(session, data.template)
    scores = check_scores(template, data.scores)
    people = _on_duty(session, data.on_duty, store, counter)
    row = Inspection(
        kind=data.kind,
        template_id=template.id,
        store_id=store.id,
        counter_id=counter.id if counter else None,
        inspector_id=actor.id,
        visited_at=data.visited_at,
        total=sum(s["score"] for s in scores),
        max_total=sum(s["max"] for s in scores),
        note=data.note,
        created_at=now,
    )
    after = {
        "template": template.code,
        "version": template.version,
        "total": row.total,
        "max": row.max_total,
        "counter_id": row.counter_id,
        "on_duty": [p.id for p in people],
    }
    audit.record_added(session, row, actor=actor, action="recorded", after=after)
    session.add_all([InspectionScore(inspection_id=row.id, **s) for s in scores])
    session.add_all([InspectionStaff(inspection_id=row.id, user_id=p.id) for p in people])
    for n, finding in enumerate(data.findings):
        actions.open_action(
            session,
            inspection=row,
            store=store,
            finding=finding,
            field=f"findings[{n}]",
            actor=actor,
            now=now,
        )
    session.flush()
    return row


def scores_of(session: Session, inspection_id: int) -> list[InspectionScore]:
    return queries.of_inspection(session, InspectionScore, inspection_id)


def on_duty_of(session: Session, inspection_id: int) -> list[User]:
    return list(
        session.scalars(
            select(User)
            .join(InspectionStaff, InspectionStaff.user_id == User.id)
            .where(InspectionStaff.inspection_id == inspection_id)
            .order_by(User.id)
        )
    )
