"""Corrective actions: opened from a finding with an owner and a due date, done by the
owner, verified (or sent back) by someone else. Every step is audited in its transaction.

    open --done--> done --verify--> verified
                     \\--reject--> open
"""

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth.models import User
from aftersales.auth.principal import Principal
from aftersales.errors import InvalidInput
from aftersales.notify import service as notify
from aftersales.org.models import Store
from aftersales.supervision.inspections import access, clock
from aftersales.supervision.inspections.errors import (
    ActionNotDone,
    ActionNotOpen,
    DueInPast,
    OwnerCannotVerify,
)
from aftersales.supervision.inspections.models import (
    ActionStatus,
    CorrectiveAction,
    Inspection,
)
from aftersales.supervision.inspections.schemas import ActionStep, FindingIn, VerifyIn

ALLOWED = {
    ActionStatus.open: {ActionStatus.done},
    ActionStatus.done: {ActionStatus.verified, ActionStatus.open},
    ActionStatus.verified: set(),
}


def _owner(session: Session, name: str, inspection: Inspection, field: str) -> User:
    owner = session.scalars(select(User).where(User.username == name, User.active)).first()
    if owner is None:
        raise InvalidInput("Unknown owner", field=f"{field}.owner")
    reach = access.covers(
        owner,
        store_id=inspection.store_id,  # type: ignore[arg-type]
        counter_id=inspection.counter_id,
    )
    if not reach:
        raise InvalidInput(
            "The owner does not work at this place",
            field=f"{field}.owner",
        )
    return owner


def open_action(
    session: Session,
    *,
    inspection: Inspection,
    store: Store,
    finding: FindingIn,
    field: str,
    actor: Principal,
    now: datetime,
) -> CorrectiveAction:
    owner = _owner(session, finding.owner, inspection, field)
    if finding.due < clock.local_day(inspection.visited_at, store.timezone):
        raise DueInPast(field=f"{field}.due")
    row = CorrectiveAction(
        inspection_id=inspection.id,
        store_id=inspection.store_id,
        counter_id=inspection.counter_id,
        text=finding.text,
        owner_id=owner.id,
        due_on=finding.due,
        status=ActionStatus.open,
        created_at=now,
        next_check_at=clock.next_check(
            due_on=finding.due, tz=store.timezone, now=now, reminded=False, escalated=False
        ),
    )
    after = {
        "inspection_id": inspection.id,
        "text": row.text,
        "owner_id": owner.id,
        "due_on": row.due_on,
    }
    audit.record_added(session, row, actor=actor, action="opened", after=after)
    tell(
        session,
        owner,
        row,
        "opened",
        subject="新的整改项",
        body=f"巡查发现：{row.text}。请于 {row.due_on} 前完成整改。",
    )
    return row


def tell(
    session: Session, person: User, action: CorrectiveAction, event: str, *, subject: str, body: str
) -> None:
    """An e-mail (through the outbox) to `person` about `event` of the corrective action."""
    if person.email:
        meta = {"corrective_action_id": action.id, "event": event}
        notify.enqueue(
            session, channel="email", recipient=person.email, subject=subject, body=body, meta=meta
        )


def _transition(
    session: Session,
    row: CorrectiveAction,
    to: ActionStatus,
    *,
    actor: Principal,
    after: dict[str, Any],
) -> None:
    """The one place an action's status changes: check the table, audit (the version moves
    on when the caller's changes are flushed, once)."""
    before = row.status
    if to not in ALLOWED[ActionStatus(before)]:
        raise (
            ActionNotOpen(field="status")
            if to == ActionStatus.done
            else ActionNotDone(field="status")
        )
    row.status = to
    audit.record_on(
        session,
        row,
        f"to_{to}",
        actor=actor,
        before={"status": before},
        after={"status": to} | after,
    )


def mark_done(
    session: Session, *, action_id: int, data: ActionStep, actor: Principal, now: datetime
) -> CorrectiveAction:
    row = access.lock_action(session, user=actor, action_id=action_id, version=data.version)
    if row.status != ActionStatus.open:
        raise ActionNotOpen(field="status")
    access.require(actor, "done", row)
    if not data.note:
        raise InvalidInput("Say what was done", field="note")
    _transition(session, row, ActionStatus.done, actor=actor, after={"note": data.note})
    row.done_at, row.done_note, row.next_check_at = now, data.note, None
    session.flush()
    return row


def verify(
    session: Session, *, action_id: int, data: VerifyIn, actor: Principal, now: datetime
) -> CorrectiveAction:
    row = access.lock_action(session, user=actor, action_id=action_id, version=data.version)
    if row.owner_id == actor.id:
        raise OwnerCannotVerify(field="verified_by")
    if row.status != ActionStatus.done:
        raise ActionNotDone(field="status")
    access.require(actor, "verify", row)
    if data.accepted:
        _transition(session, row, ActionStatus.verified, actor=actor, after={"note": data.note})
        row.verified_at, row.verified_by_id, row.verify_note = now, actor.id, data.note
        session.flush()
        return row
    if not data.note:
        raise InvalidInput("Say what is still wrong", field="note")
    _transition(
        session, row, ActionStatus.open, actor=actor, after={"note": data.note, "rejected": True}
    )
    store = session.get(Store, row.store_id)
    row.verify_note = data.note
    row.next_check_at = clock.next_check(
        due_on=row.due_on,
        tz=store.timezone,
        now=now,
        reminded=True,
        escalated=row.escalated_at is not None,
    )
    session.flush()
    return row
