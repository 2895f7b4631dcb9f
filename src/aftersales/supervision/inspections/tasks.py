"""The corrective-action sweep: remind the owner the day before an action is due, and once
the due day has passed escalate it, exactly once, to the owner's superior. Several workers
may run it at once.

Each batch is one transaction: claim the due rows (FOR UPDATE SKIP LOCKED on PostgreSQL, so
two workers never take the same row; on SQLite every write transaction starts with BEGIN
IMMEDIATE, so batches run one at a time), then write the change, its audit event and the
outbox message, and commit. The UPDATE is conditional on the version read, so a row changed
meanwhile (the owner marked it done) is left for the next pass instead of escalated."""

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth.models import User
from aftersales.db import sweep_of
from aftersales.org.models import Store
from aftersales.supervision.inspections import access, clock
from aftersales.supervision.inspections.actions import tell
from aftersales.supervision.inspections.models import ActionStatus, CorrectiveAction

BATCH = 200
MAX_BATCHES = 50
T = CorrectiveAction.__table__


def claim_due(session: Session, *, now: datetime, limit: int) -> list[CorrectiveAction]:
    stmt = (
        select(CorrectiveAction)
        .where(CorrectiveAction.next_check_at <= now, CorrectiveAction.status == ActionStatus.open)
        .order_by(CorrectiveAction.next_check_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return list(session.scalars(stmt))


def _save(session: Session, a: CorrectiveAction, **values: object) -> bool:
    """A conditional write: only if nobody changed the row since we read it."""
    result = session.execute(
        update(T)
        .where(T.c.id == a.id, T.c.version == a.version)
        .values(version=a.version + 1, **values)
    )
    return result.rowcount == 1


def _remind(session: Session, a: CorrectiveAction, owner: User, now: datetime, tz: str) -> None:
    nxt = clock.next_check(due_on=a.due_on, tz=tz, now=now, reminded=True, escalated=False)
    if not _save(session, a, reminded_at=now, next_check_at=nxt):
        return
    audit.record_on(
        session, a, "reminded", actor=None, after={"owner_id": owner.id, "due_on": a.due_on}
    )
    subject, body = "整改项明天到期", f"整改项“{a.text}”将于 {a.due_on} 到期，请按时完成。"
    tell(session, owner, a, "reminded", subject=subject, body=body)


def _escalate(session: Session, a: CorrectiveAction, owner: User, now: datetime) -> None:
    boss = access.superior_of(session, owner)
    if not _save(
        session, a, escalated_at=now, next_check_at=None, escalated_to_id=boss.id if boss else None
    ):
        return
    after = {"owner_id": owner.id, "due_on": a.due_on, "escalated_to_id": boss.id if boss else None}
    audit.record_on(session, a, "escalated", actor=None, after=after)
    body = f"{owner.display_name} 负责的整改项“{a.text}”已于 {a.due_on} 到期仍未完成，请督促。"
    if boss is not None:
        tell(session, boss, a, "escalated", subject="整改项逾期未完成", body=body)


def sweep_batch(session: Session, *, now: datetime, limit: int = BATCH) -> int:
    due = claim_due(session, now=now, limit=limit)
    zones: dict[int, str] = {}
    for a in due:
        owner = session.get(User, a.owner_id)
        if a.store_id not in zones:
            zones[a.store_id] = session.get(Store, a.store_id).timezone
        if now >= clock.overdue_at(a.due_on, zones[a.store_id]):
            _escalate(session, a, owner, now)
        else:
            _remind(session, a, owner, now, zones[a.store_id])
    return len(due)


# One pass: batches until nothing is due; the number handled.
sweep_actions = sweep_of(sweep_batch, size=BATCH, most=MAX_BATCHES)
