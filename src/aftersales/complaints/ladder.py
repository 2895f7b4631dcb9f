"""The escalation ladder (投诉处理流程): acknowledge, escalate, send down, reassign, pause,
and the queues each level works from."""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.auth.models import User
from aftersales.auth.principal import Principal
from aftersales.complaints import access, clock, history, moves, notices
from aftersales.complaints.access import TOP_LEVEL, handling_step, visible_complaints
from aftersales.complaints.errors import LevelOutOfRange, TransitionNotAllowed
from aftersales.complaints.models import Complaint, ComplaintPause, Status
from aftersales.complaints.state import ENDED, S, apply, mark_responded
from aftersales.errors import InvalidInput
from aftersales.paging import oldest_first

OPEN = [s for s in Status if s not in ENDED]


def move_to_level(
    session: Session,
    c: Complaint,
    level: int,
    *,
    actor: Principal | None,
    now: datetime,
    reason: str,
    skipped: tuple[int, ...] = (),
) -> None:
    """Hand the case to another level: its respond clock starts again, its people are told.
    `skipped`: the empty levels an escalation passed over (moves.landing)."""
    old = c.level
    c.level, c.holder_id, c.level_since = level, None, now
    c.first_response_at, c.respond_overdue_at = None, None
    clock.reset_deadlines(session, c, now)
    session.flush()
    move = moves.level_move(
        c, old_level=old, reason=reason, version=c.version, local=notices.local, skipped=skipped
    )
    history.record(
        session, c.id, actor=actor, action=move.action, before=move.before, after=move.after
    )
    notices.tell_level(session, c, event=move.action, subject=move.subject, body=move.body)


def _open(c: Complaint) -> None:
    if c.status in ENDED or c.status == S.referred:
        raise TransitionNotAllowed(field="status", extra={"status": str(c.status)})


@handling_step
def escalate(
    session: Session,
    c: Complaint,
    *,
    actor: Principal,
    now: datetime,
    reason: str,
    to_level: int | None = None,
) -> Complaint:
    _open(c)
    target = to_level or c.level + 1
    if not c.level < target <= TOP_LEVEL:
        raise LevelOutOfRange(field="to_level")
    staffed = notices.staffed_levels(
        notices.ladder_people_cached(session), store_id=c.store_id, counter_id=c.counter_id
    )
    landed = moves.landing(target, staffed)
    move_to_level(
        session, c, landed.level, actor=actor, now=now, reason=reason, skipped=landed.skipped
    )
    gap = moves.station_notice(tracking_code=c.tracking_code, title=c.title, landed=landed)
    if gap:
        notices.tell_station_of_gap(session, c, subject=gap[0], body=gap[1])
    return c


@handling_step
def deescalate(
    session: Session, c: Complaint, *, actor: Principal, now: datetime, reason: str, to_level: int
) -> Complaint:
    """A higher level sends the case back down (e.g. the station to the counter)."""
    _open(c)
    if not access.lowest_level(c) <= to_level < c.level:
        raise LevelOutOfRange(field="to_level")
    move_to_level(session, c, to_level, actor=actor, now=now, reason=reason)
    return c


@handling_step
def reassign(
    session: Session, c: Complaint, *, actor: Principal, now: datetime, holder: str, reason: str
) -> Complaint:
    """Name the person holding the case within its level's queue."""
    user = session.scalars(select(User).where(User.username == holder, User.active)).first()
    if user is None or access.LEVEL_ROLE.get(c.level) != user.role:
        raise InvalidInput(
            "The holder must work at the complaint's level",
            field="holder",
        )
    before = {"holder_id": c.holder_id}
    c.holder_id = user.id
    after = {"holder_id": user.id, "holder": holder, "reason": reason}
    history.record_change(session, c, "reassigned", actor=actor, before=before, after=after)
    return c


@handling_step
def acknowledge(session: Session, c: Complaint, *, actor: Principal, now: datetime) -> Complaint:
    """First feedback from the holding level: stops its respond clock (and the escalation)."""
    if c.status == S.registered:
        return apply(session, c, S.in_progress, actor=actor, now=now, reason="acknowledged")
    _open(c)
    mark_responded(c, now)
    c.next_check_at = clock.next_check(c)
    c.holder_id = c.holder_id or actor.id
    history.record_change(session, c, "acknowledged", actor=actor, after={"level": c.level})
    return c


@handling_step
def pause(
    session: Session, c: Complaint, *, actor: Principal, now: datetime, reason: str
) -> Complaint:
    """Stop the clocks while waiting on the customer."""
    _open(c)
    if c.paused_at is not None:
        raise TransitionNotAllowed("Already paused", field="paused")
    c.paused_at = now
    c.next_check_at = None
    session.add(ComplaintPause(complaint_id=c.id, started_at=now, reason=reason))
    history.record_change(session, c, "paused", actor=actor, after={"reason": reason})
    return c


@handling_step
def resume(session: Session, c: Complaint, *, actor: Principal, now: datetime) -> Complaint:
    """Start the clocks again; the due times move out by the paused running time."""
    if c.paused_at is None:
        raise TransitionNotAllowed("Not paused", field="paused")
    pause_row = session.scalars(
        select(ComplaintPause).where(
            ComplaintPause.complaint_id == c.id, ComplaintPause.ended_at.is_(None)
        )
    ).one()
    pause_row.ended_at, c.paused_at = now, None
    session.flush()
    before = {"respond_by": c.respond_by, "resolve_by": c.resolve_by}
    clock.reset_deadlines(session, c, now)
    after = {"respond_by": c.respond_by, "resolve_by": c.resolve_by}
    history.record_change(session, c, "resumed", actor=actor, before=before, after=after)
    return c


def queue(
    session: Session,
    *,
    user: Principal,
    mine: bool = False,
    after: tuple[datetime, int] | None = None,
    limit: int = 50,
) -> list[Complaint]:
    """The open cases waiting at the user's level in their scope, oldest first."""
    stmt = visible_complaints(user).where(
        Complaint.level == access.level_of(user), Complaint.status.in_(OPEN)
    )
    if mine:
        stmt = stmt.where(Complaint.holder_id == user.id)
    stmt = oldest_first(stmt, at=Complaint.created_at, id_=Complaint.id, after=after)
    return list(session.scalars(stmt.limit(limit)))
