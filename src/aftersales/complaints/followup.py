"""After the agreement: follow-up contacts until the customer is satisfied, notes kept for
review (goods taken back, media enquiries, call recordings), referral to arbitration, and
the findings against staff or a department that feed discipline."""

from datetime import datetime

from sqlalchemy.orm import Session

from aftersales.auth.principal import Principal
from aftersales.complaints import history
from aftersales.complaints.access import handling_step, verifying_step
from aftersales.complaints.models import Complaint, ComplaintContact, ComplaintType, Status
from aftersales.complaints.state import S, apply
from aftersales.errors import InvalidInput
from aftersales.refs import refs
from aftersales.staff import discipline
from aftersales.staff.models import DisciplineRecord, ManagementPoints


@handling_step
def follow_up(
    session: Session,
    c: Complaint,
    *,
    actor: Principal,
    now: datetime,
    note: str = "",
    satisfied: bool | None = None,
    rating: int | None = None,
) -> ComplaintContact:
    """A follow-up call (回访). Satisfied closes the case; not satisfied reopens it."""
    if c.status == Status.carrying_out:
        apply(session, c, S.follow_up, actor=actor, now=now, reason="carried out")
    if satisfied is not None:  # refuse before writing anything
        apply(
            session,
            c,
            S.closed if satisfied else S.in_progress,
            actor=actor,
            now=now,
            reason="follow-up: satisfied" if satisfied else "follow-up: not satisfied",
        )
    contact = ComplaintContact(
        complaint_id=c.id,
        kind="follow_up",
        at=now,
        by_id=actor.id,
        note=note,
        satisfied=satisfied,
        rating=rating,
    )
    session.add(contact)
    if rating is not None and c.rated_at is None:
        # A rating given on the call stands until the customer rates on the tracking page;
        # only the customer's own rating (rated_at) is final.
        c.satisfaction = rating
    session.flush()
    after = {"satisfied": satisfied, "rating": rating, "contact_id": contact.id}
    history.record(session, c.id, actor=actor, action="followed_up", after=after)
    return contact


@handling_step
def add_note(
    session: Session, c: Complaint, *, kind: str, note: str, actor: Principal, now: datetime
) -> ComplaintContact:
    """goods_retrieved, media_enquiry, call_recording, note: recorded for later review."""
    contact = ComplaintContact(complaint_id=c.id, kind=kind, at=now, by_id=actor.id, note=note)
    session.add(contact)
    session.flush()
    history.record(session, c.id, actor=actor, action=kind, after={"contact_id": contact.id})
    return contact


@handling_step
def refer(
    session: Session, c: Complaint, *, actor: Principal, now: datetime, reason: str
) -> Complaint:
    """Unreasonable demands go to consumer-association arbitration (消协仲裁)."""
    apply(session, c, S.referred, actor=actor, now=now, reason=reason)
    session.add(
        ComplaintContact(complaint_id=c.id, kind="arbitration", at=now, by_id=actor.id, note=reason)
    )
    return c


@verifying_step
def verify_against_staff(
    session: Session, c: Complaint, *, staff: str, reason: str, actor: Principal, now: datetime
) -> DisciplineRecord:
    """A verified service complaint against a staff member: warning, penalty, dismissal."""
    if c.type not in (ComplaintType.service, ComplaintType.special):
        raise InvalidInput(
            "Only a service complaint counts against staff",
            field="type",
        )
    staff_id = refs(session).staff.get(staff) or refs(session, fresh=True).staff.get(staff)
    if staff_id is None:
        raise InvalidInput("Unknown staff member", field="staff")
    if c.staff_id != staff_id:
        before = {"staff_id": c.staff_id}
        after = {"staff_id": staff_id}
        history.record(
            session, c.id, actor=actor, action="staff_verified", before=before, after=after
        )
    c.staff_id = staff_id
    return discipline.record_verified_complaint(
        session, staff_id=staff_id, complaint_id=c.id, reason=reason, actor=actor, now=now
    )


@verifying_step
def handled_outside_process(
    session: Session, c: Complaint, *, reason: str, actor: Principal, now: datetime
) -> ManagementPoints:
    """Handled outside the process or the 三包 rules: the counter loses 5 points."""
    if c.counter_id is None:
        raise InvalidInput("The complaint names no counter", field="counter")
    return discipline.deduct_points(
        session, counter_id=c.counter_id, complaint_id=c.id, reason=reason, actor=actor, now=now
    )
