"""The hotline sweep: warn the person who took a question before its answer_by, and when it
lapses unanswered tell the store's level-3 manager (现场主管, found as complaint escalation
finds a level's holders) once.

Several workers may run it. Each step is one guarded, set-based UPDATE ... RETURNING: the
WHERE names the state the step leaves behind (`warned_at IS NULL`, `overdue_at IS NULL`),
so on PostgreSQL a second worker that waited on the same rows finds them no longer due when
it re-reads them and takes none; the rows it may take are picked FOR UPDATE SKIP LOCKED.
SQLite runs write transactions one at a time. The audit events and the outbox rows of the
rows an UPDATE returned are written in the same transaction, so nothing is told twice and
a worker that dies mid-batch leaves everything due for the next pass."""

from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, select, update
from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth.people import active_people
from aftersales.complaints import notices
from aftersales.db import sweep_of
from aftersales.feedback.enquiries.access import LAPSE_LEVEL
from aftersales.feedback.enquiries.models import Enquiry, EnquiryStatus
from aftersales.notify import service as notify

BATCH = 500
MAX_BATCHES = 50
E = cast(Table, Enquiry.__table__)
RETURNED = (E.c.id, E.c.reference, E.c.store_id, E.c.taken_by_id, E.c.question, E.c.answer_by)


def _stamp(
    session: Session, guard: list[Any], order: Any, values: dict[str, Any], limit: int
) -> list[Any]:
    """Stamp up to `limit` due rows and answer them; rows another worker holds are skipped."""
    due = (
        select(E.c.id).where(*guard).order_by(order).limit(limit).with_for_update(skip_locked=True)
    )
    stmt = (
        update(E)
        .where(E.c.id.in_(due.scalar_subquery()), *guard)
        .values(**values, version=E.c.version + 1)
        .returning(*RETURNED)
    )
    return list(session.execute(stmt))


def _open() -> Any:
    return E.c.status == EnquiryStatus.open


def _takers(session: Session, ids: set[int]) -> dict[int, notices.Person]:
    return {p.id: p for p in active_people(session, ids=ids)}


def warn_batch(session: Session, *, now: datetime, limit: int = BATCH) -> int:
    guard = [_open(), E.c.warned_at.is_(None), E.c.overdue_at.is_(None)]
    guard += [E.c.warn_at <= now, E.c.answer_by > now]
    rows = _stamp(session, guard, E.c.warn_at, {"warned_at": now}, limit)
    takers = _takers(session, {r.taken_by_id for r in rows if r.taken_by_id})
    events, messages = [], []
    for r in rows:
        events.append(_event(r, "answer_warning"))
        who = [takers[r.taken_by_id]] if r.taken_by_id in takers else []
        messages += notify.messages_to(
            who,
            subject=f"热线咨询 {r.reference} 即将到期",
            body=f"热线咨询“{r.question[:40]}”请于 {notices.local(r.answer_by)} 前答复顾客。",
            meta={"enquiry_id": r.id, "event": "answer_warning"},
        )
    audit.record_many(session, events)
    notify.enqueue_now(session, messages)
    return len(rows)


def _lapse_people(people: list[notices.Person], store_id: int) -> list[notices.Person]:
    """The store's level-3 holders; when the store has none, the next staffed level up."""
    staffed = notices.staffed_levels(people, store_id=store_id, counter_id=None)
    for level in sorted(lv for lv in staffed if lv >= LAPSE_LEVEL):
        return notices.holders(people, level=level, store_id=store_id, counter_id=None)
    return []


def overdue_batch(session: Session, *, now: datetime, limit: int = BATCH) -> int:
    guard = [_open(), E.c.overdue_at.is_(None), E.c.answer_by <= now]
    rows = _stamp(session, guard, E.c.answer_by, {"overdue_at": now}, limit)
    people = notices.ladder_people(session) if rows else []
    events, messages = [], []
    for r in rows:
        events.append(_event(r, "answer_overdue"))
        messages += notify.messages_to(
            _lapse_people(people, r.store_id),
            subject=f"热线咨询 {r.reference} 超时未答复",
            body=(
                f"热线咨询“{r.question[:40]}”应于 {notices.local(r.answer_by)} 前答复，"
                "至今未答复，请督促处理。"
            ),
            meta={"enquiry_id": r.id, "event": "answer_overdue"},
        )
    audit.record_many(session, events)
    notify.enqueue_now(session, messages)
    return len(rows)


def _event(r: Any, action: str) -> dict[str, Any]:
    return {
        "entity": "enquiry",
        "entity_id": r.id,
        "action": action,
        "before": None,
        "after": {"answer_by": r.answer_by},
    }


# One pass: the lapsed questions first (so a lapsed one is never warned late), then the
# warnings; the number of questions stamped.
sweep_enquiries = sweep_of(overdue_batch, warn_batch, size=BATCH, most=MAX_BATCHES)
