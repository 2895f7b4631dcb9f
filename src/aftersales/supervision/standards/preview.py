"""The open cases a changed service standard would move, before the admin saves it: each
with its due time now and the one the change gives. Read in bounded, indexed queries; the
new due times are computed with the business calendar as the worker computes them."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.complaints import clock
from aftersales.complaints.models import Complaint, ComplaintPause
from aftersales.deadlines import ServiceStandard, due_at, pick_standard
from aftersales.deadlines.settings_store import in_force
from aftersales.feedback.enquiries.models import Enquiry, EnquiryStatus
from aftersales.feedback.enquiries.service import answer_standard
from aftersales.parts.models import RepairWatch
from aftersales.parts.promises import promise_days
from aftersales.refs import zone_of
from aftersales.repairs import delivery
from aftersales.repairs.models import ServiceKind, WorkOrder, WorkStatus
from aftersales.supervision.standards.measures import measured

LIMIT = 2000


@dataclass(frozen=True)
class Affected:
    entity: str  # complaint | work_order | enquiry
    id: int
    title: str
    due_now: datetime | None
    due_then: datetime


@dataclass(frozen=True)
class Preview:
    standard: ServiceStandard
    measured: str | None
    cases: list[Affected]

    @property
    def ids(self) -> list[int]:
        return [c.id for c in self.cases]


def standards_after(session: Session, proposed: ServiceStandard) -> tuple[ServiceStandard, ...]:
    return in_force(clock.standards_for(session), [proposed])


def preview_change(session: Session, *, proposed: ServiceStandard, now: datetime) -> Preview:
    after = standards_after(session, proposed)
    work = measured(proposed.kind)
    if work == "complaint":
        cases = _complaints(session, proposed, after, now)
    elif work == "repair":
        cases = _repairs(session, proposed)
    elif work == "enquiry":
        cases = _enquiries(session, proposed, after)
    elif work == "service_order":
        cases = _shipping(session, proposed, after)
    else:
        cases = []
    return Preview(proposed, work, cases)


def _pauses(
    session: Session, ids: list[int], now: datetime
) -> dict[int, list[tuple[datetime, datetime]]]:
    spans: dict[int, list[tuple[datetime, datetime]]] = {i: [] for i in ids}
    if ids:
        rows = session.execute(
            select(
                ComplaintPause.complaint_id, ComplaintPause.started_at, ComplaintPause.ended_at
            ).where(ComplaintPause.complaint_id.in_(ids))
        ).tuples()
        for cid, start, end in rows:
            spans[cid].append((start, end or now))
    return spans


def _complaints(
    session: Session, proposed: ServiceStandard, after: tuple[ServiceStandard, ...], now: datetime
) -> list[Affected]:
    stmt = select(Complaint).where(Complaint.status.not_in(list(clock.STOPPED)))
    if proposed.kind == "respond":
        stmt = stmt.where(Complaint.first_response_at.is_(None))
    elif proposed.kind == "reply":  # a case already replied to has nothing left to move
        stmt = stmt.where(Complaint.replied_at.is_(None))
    if proposed.channel is not None:
        stmt = stmt.where(Complaint.channel == proposed.channel)
    if proposed.severity is not None:
        stmt = stmt.where(Complaint.severity == proposed.severity)
    rows = list(session.scalars(stmt.order_by(Complaint.id).limit(LIMIT)))
    pauses = _pauses(session, [c.id for c in rows], now)
    calendar = clock.calendar_for(session)
    found = []
    for c in rows:
        if pick_standard(after, proposed.kind, str(c.channel), str(c.severity)) != proposed:
            continue  # a narrower standard measures this case
        start = c.level_since if proposed.kind == "respond" else c.created_at
        then = due_at(start, proposed, calendar=calendar, paused=pauses[c.id])
        now_due = _due_now(c, proposed.kind)
        if then != now_due:
            found.append(Affected("complaint", c.id, f"{c.tracking_code} {c.title}", now_due, then))
    return found


def _due_now(c: Complaint, kind: str) -> datetime | None:
    return {"respond": c.respond_by, "reply": c.reply_by}.get(kind, c.resolve_by)


def _repairs(session: Session, proposed: ServiceStandard) -> list[Affected]:
    own = set(promise_days(session))
    rows = session.execute(
        select(RepairWatch, WorkOrder.opened_at, WorkOrder.sku, WorkOrder.item_name)
        .join(WorkOrder, WorkOrder.id == RepairWatch.work_order_id)
        .where(RepairWatch.closed_at.is_(None), WorkOrder.status != WorkStatus.handed_back)
        .order_by(RepairWatch.id)
        .limit(LIMIT)
    ).tuples()
    calendar = clock.calendar_for(session)
    found = []
    for watch, opened_at, sku, name in rows:
        if watch.category in own:
            continue  # the category's own promise measures it
        then = due_at(opened_at, proposed, calendar=calendar)
        if then != watch.due_at:
            found.append(
                Affected("work_order", watch.work_order_id, f"{sku} {name}", watch.due_at, then)
            )
    return found


def _enquiries(
    session: Session, proposed: ServiceStandard, after: tuple[ServiceStandard, ...]
) -> list[Affected]:
    """The open hotline questions: answer_by now, and from asked_at under the change."""
    if answer_standard(after) != proposed:
        return []  # a narrower standard measures the hotline's questions
    rows = session.execute(
        select(Enquiry.id, Enquiry.reference, Enquiry.question, Enquiry.asked_at, Enquiry.answer_by)
        .where(Enquiry.status == EnquiryStatus.open)
        .order_by(Enquiry.id)
        .limit(LIMIT)
    ).tuples()
    calendar = clock.calendar_for(session)
    found = []
    for enquiry_id, reference, question, asked_at, answer_by in rows:
        then = due_at(asked_at, proposed, calendar=calendar)
        if then != answer_by:
            found.append(
                Affected("enquiry", enquiry_id, f"{reference} {question[:40]}", answer_by, then)
            )
    return found


def _shipping(
    session: Session, proposed: ServiceStandard, after: tuple[ServiceStandard, ...]
) -> list[Affected]:
    """Online delivery orders not shipped yet: their ship-by time now and after the change
    (a day the customer asked for still holds, as the worker computes it)."""
    if pick_standard(after, proposed.kind) != proposed:
        return []  # a narrowed standard measures no order: orders have no channel
    rows = list(
        session.execute(
            select(WorkOrder)
            .where(
                WorkOrder.service == ServiceKind.delivery,
                WorkOrder.status == WorkStatus.scheduled,
                WorkOrder.paid_at.is_not(None),
            )
            .order_by(WorkOrder.id)
            .limit(LIMIT)
        ).scalars()
    )
    held = delivery.customer_moved(session, [o.id for o in rows])
    calendar = clock.calendar_for(session)
    found = []
    for order in rows:
        assert order.paid_at is not None  # selected on it
        tz = zone_of(session, order.store_id)
        held_for = order.promised_on if order.id in held else None
        then, _warn = delivery.ship_times(
            order.paid_at, proposed, calendar=calendar, held_for=held_for, tz=tz
        )
        if then != order.ship_by:
            title = f"{order.sku} {order.item_name}"
            found.append(Affected("work_order", order.id, title, order.ship_by, then))
    return found
