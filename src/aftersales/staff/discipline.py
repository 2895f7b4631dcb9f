"""Discipline tied to verified complaints (first a warning, then a penalty, the third time
dismissal proposed to the manager) and the management-point ledger (扣部门管理分). Both are
reviewable and reversible by level 5 or above with a reason; every change is audited."""

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth.models import Role, User
from aftersales.auth.principal import Principal
from aftersales.errors import Conflict, Forbidden, NotFound
from aftersales.notify import service as notify
from aftersales.settings import get_settings
from aftersales.staff import training
from aftersales.staff.models import DisciplineKind, DisciplineRecord, ManagementPoints

OUTSIDE_PROCESS_POINTS = 5
REVIEWERS = {Role.dept_manager, Role.complaint_station, Role.admin}
LADDER = [DisciplineKind.warning, DisciplineKind.penalty, DisciplineKind.dismissal_proposed]


class AlreadyReversed(Conflict):
    code = "already_reversed"
    message_en = "This record was already reversed"


def _standing(session: Session, staff_id: int) -> int:
    """How many records still stand against this person (reversed ones do not count)."""
    return session.execute(
        select(func.count())
        .select_from(DisciplineRecord)
        .where(DisciplineRecord.staff_id == staff_id, DisciplineRecord.reversed_at.is_(None))
    ).scalar_one()


def record_verified_complaint(
    session: Session,
    *,
    staff_id: int,
    complaint_id: int | None,
    reason: str,
    actor: Principal,
    now: datetime,
) -> DisciplineRecord:
    # Lock the person's row so two verifications at once cannot both be "the first".
    session.get(User, staff_id, with_for_update=True)
    kind = LADDER[min(_standing(session, staff_id), len(LADDER) - 1)]
    row = DisciplineRecord(
        staff_id=staff_id,
        complaint_id=complaint_id,
        kind=kind,
        reason=reason,
        created_at=now,
        created_by_id=actor.id,
    )
    made = audit.snapshot(row, ["staff_id", "kind", "complaint_id", "reason"])
    audit.record_added(session, row, actor=actor, action="created", after=made)
    if kind == DisciplineKind.dismissal_proposed:
        _propose_dismissal(session, row)
    if kind in retrain_on():
        training.assign_retraining(
            session, staff_id=staff_id, discipline_record_id=row.id, actor=actor, now=now
        )
    return row


def retrain_on() -> set[str]:
    """Which steps of the ladder come with a retraining assignment: by default the warning
    and the penalty (Settings.retrain_on, AFTERSALES_RETRAIN_ON="warning,penalty"; empty for
    none)."""
    return set(get_settings().retrain_steps)


def current_step(session: Session, staff_id: int) -> tuple[int, DisciplineKind]:
    """(records standing, the step the next verified complaint would bring)."""
    standing = _standing(session, staff_id)
    return standing, LADDER[min(standing, len(LADDER) - 1)]


def _propose_dismissal(session: Session, row: DisciplineRecord) -> None:
    managers = session.scalars(select(User).where(User.role == Role.dept_manager, User.active))
    for manager in managers:
        if manager.email:
            notify.enqueue(
                session,
                channel="email",
                recipient=manager.email,
                subject="员工第三次被有效投诉：建议辞退",
                body=f"员工 #{row.staff_id} 第三次被核实投诉，建议辞退，请审核。",
                meta={"discipline_record_id": row.id, "event": "dismissal_proposed"},
            )


def deduct_points(
    session: Session,
    *,
    counter_id: int,
    complaint_id: int | None,
    reason: str,
    actor: Principal,
    now: datetime,
    points: int = OUTSIDE_PROCESS_POINTS,
) -> ManagementPoints:
    row = ManagementPoints(
        counter_id=counter_id,
        complaint_id=complaint_id,
        points=-points,
        reason=reason,
        created_at=now,
        created_by_id=actor.id,
    )
    made = audit.snapshot(row, ["counter_id", "points", "complaint_id", "reason"])
    audit.record_added(session, row, actor=actor, action="deducted", after=made)
    return row


def counter_points(session: Session, *, counter_id: int) -> int:
    """Points deducted from a counter and still standing (a negative number or 0)."""
    return session.execute(
        select(func.coalesce(func.sum(ManagementPoints.points), 0)).where(
            ManagementPoints.counter_id == counter_id, ManagementPoints.reversed_at.is_(None)
        )
    ).scalar_one()


def staff_record(session: Session, *, staff_id: int) -> list[DisciplineRecord]:
    return list(
        session.scalars(
            select(DisciplineRecord)
            .where(DisciplineRecord.staff_id == staff_id)
            .order_by(DisciplineRecord.id)
        )
    )


def _reverse(
    session: Session,
    model: type,
    row_id: int,
    *,
    reason: str,
    actor: Principal,
    now: datetime,
):  # noqa: ANN202
    if actor.role not in REVIEWERS:
        raise Forbidden()
    row = session.get(model, row_id, with_for_update=True)
    if row is None:
        raise NotFound(field="id")
    if row.reversed_at is not None:
        raise AlreadyReversed(field="id")
    row.reversed_at, row.reversed_by_id, row.reversal_reason = now, actor.id, reason
    audit.record_on(session, row, "reversed", actor=actor, after={"reason": reason})
    return row


def reverse_discipline(
    session: Session, *, record_id: int, reason: str, actor: Principal, now: datetime
) -> DisciplineRecord:
    return _reverse(session, DisciplineRecord, record_id, reason=reason, actor=actor, now=now)


def reverse_points(
    session: Session, *, entry_id: int, reason: str, actor: Principal, now: datetime
) -> ManagementPoints:
    return _reverse(session, ManagementPoints, entry_id, reason=reason, actor=actor, now=now)


def for_complaint(session: Session, *, complaint_id: int) -> list[DisciplineRecord]:
    """The records a complaint created, for the case page (staff/_case_discipline.html)."""
    return list(
        session.scalars(
            select(DisciplineRecord)
            .where(DisciplineRecord.complaint_id == complaint_id)
            .order_by(DisciplineRecord.id)
        )
    )
