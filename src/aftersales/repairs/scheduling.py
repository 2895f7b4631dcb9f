"""Booking service orders at the customer's: the slot agreed with the customer, the
technician (or driver) who keeps it, rescheduling, the customer's appointment message and
the reminder the day before.

Double booking is refused under concurrency too: a booking locks the technician's user row
(FOR UPDATE on PostgreSQL; SQLite runs write transactions one at a time) before it looks for
an overlapping appointment, so two clerks booking the same technician at once queue up and
the second one sees the first one's slot."""

from dataclasses import asdict
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth.models import Role, User
from aftersales.auth.principal import Principal
from aftersales.errors import Forbidden
from aftersales.notify import service as notify
from aftersales.refs import zone_of
from aftersales.repairs import delivery, origin
from aftersales.repairs.access import COUNTER_STEPS, lock_work_order
from aftersales.repairs.errors import (
    NotAssignable,
    ServiceOrderOnly,
    SlotInPast,
    SlotInvalid,
    StepNotAllowed,
    TechnicianBusy,
)
from aftersales.repairs.models import (
    ServiceKind,
    SlotChange,
    WorkKind,
    WorkOrder,
    WorkStatus,
)
from aftersales.repairs.schemas import RescheduleIn, ServiceOrderCreate
from aftersales.repairs.state import VISIT_OPEN

BOOKERS = COUNTER_STEPS | {Role.warehouse}
REMIND_AT = time(10, 0)  # the reminder goes out at 10:00 the day before, store time
# After the visit starts nobody reschedules it; before, the slot may move.
MOVABLE = {WorkStatus.scheduled}


def check_slot(start: datetime, end: datetime, *, now: datetime, tz: str) -> None:
    if start < now:
        raise SlotInPast(field="slot_start")
    zone = ZoneInfo(tz)
    if end <= start or start.astimezone(zone).date() != end.astimezone(zone).date():
        raise SlotInvalid(field="slot_end")


def assignee(session: Session, *, username: str, service: ServiceKind, store_id: int) -> User:
    """A technician of the store, or for a delivery a driver of the store; locked, so that
    bookings of one person run one after the other."""
    wanted = Role.driver if service is ServiceKind.delivery else Role.technician
    person = session.scalars(
        select(User).where(User.username == username, User.active.is_(True)).with_for_update()
    ).one_or_none()
    if person is None or person.role != wanted or person.store_id not in (None, store_id):
        raise NotAssignable(field="technician")
    return person


def check_free(
    session: Session,
    *,
    technician_id: int,
    start: datetime,
    end: datetime,
    exclude_id: int | None = None,
) -> None:
    stmt = select(WorkOrder.id).where(
        WorkOrder.technician_id == technician_id,
        WorkOrder.status.in_([str(s) for s in VISIT_OPEN]),
        WorkOrder.slot_start < end,
        WorkOrder.slot_end > start,
    )
    if exclude_id is not None:
        stmt = stmt.where(WorkOrder.id != exclude_id)
    clash = session.scalars(stmt.limit(1)).first()
    if clash is not None:
        raise TechnicianBusy(field="technician", extra={"work_order_id": clash})


def remind_time(start: datetime, *, now: datetime, tz: str) -> datetime | None:
    """10:00 the day before, store time; none when that has passed already (the customer
    has just been told)."""
    zone = ZoneInfo(tz)
    day_before = start.astimezone(zone).date() - timedelta(days=1)
    at = datetime.combine(day_before, REMIND_AT, tzinfo=zone)
    return at if at > now else None


def book_service(
    session: Session, *, data: ServiceOrderCreate, actor: Principal, now: datetime
) -> WorkOrder:
    if actor.role not in BOOKERS:
        raise Forbidden()
    service = ServiceKind(data.service)
    where = origin.resolve(session, data=data, actor=actor)
    tz = zone_of(session, where.store_id)
    check_slot(data.slot_start, data.slot_end, now=now, tz=tz)
    person = assignee(session, username=data.technician, service=service, store_id=where.store_id)
    check_free(session, technician_id=person.id, start=data.slot_start, end=data.slot_end)
    local_start = data.slot_start.astimezone(ZoneInfo(tz))
    order = WorkOrder(
        **asdict(where),
        complaint_id=data.complaint_id,
        kind=WorkKind.paid if data.paid else WorkKind.free,
        service=service,
        status=WorkStatus.scheduled,
        problem=str(service),
        parts_used=[],
        taken_in_on=local_start.date(),
        opened_at=now,
        due_at=data.slot_end,
        address=data.address,
        note=data.note,
        technician_id=person.id,
        slot_start=data.slot_start,
        slot_end=data.slot_end,
        remind_at=remind_time(data.slot_start, now=now, tz=tz),
    )
    if service is ServiceKind.delivery:
        delivery.set_promises(
            session, order, promised_on=data.promised_on, paid_at=data.paid_at, tz=tz
        )
    after = {
        "service": service,
        "source": where.source,
        "technician": person.username,
        "slot_start": order.slot_start,
        "slot_end": order.slot_end,
        "promised_on": order.promised_on,
    }
    audit.record_added(session, order, actor=actor, action="service_booked", after=after)
    tell_customer(session, order, event="booked", person=person, tz=tz)
    return order


def reschedule(
    session: Session, *, work_order_id: int, data: RescheduleIn, actor: Principal, now: datetime
) -> WorkOrder:
    """A new slot (and perhaps another technician), recorded with who asked and why; the
    customer is told the new time and gets a new reminder."""
    if actor.role not in BOOKERS:
        raise Forbidden()
    order = lock_work_order(session, user=actor, work_order_id=work_order_id, version=data.version)
    if order.service in (None, ServiceKind.repair):
        raise ServiceOrderOnly(field="id")
    if order.status not in MOVABLE:
        raise StepNotAllowed(field="status", extra={"status": str(order.status)})
    tz = zone_of(session, order.store_id)
    check_slot(data.slot_start, data.slot_end, now=now, tz=tz)
    if data.technician:
        person = assignee(
            session,
            username=data.technician,
            service=ServiceKind(order.service),
            store_id=order.store_id,
        )
    else:
        person = session.get(User, order.technician_id, with_for_update=True)
    check_free(
        session,
        technician_id=person.id,
        start=data.slot_start,
        end=data.slot_end,
        exclude_id=order.id,
    )
    change = SlotChange(
        work_order_id=order.id,
        old_start=order.slot_start,
        old_end=order.slot_end,
        old_technician_id=order.technician_id,
        new_start=data.slot_start,
        new_end=data.slot_end,
        new_technician_id=person.id,
        asked_by=data.asked_by,
        reason=data.reason,
        changed_by_id=actor.id,
        changed_at=now,
    )
    session.add(change)
    before = {"slot_start": order.slot_start, "slot_end": order.slot_end, "version": order.version}
    order.slot_start, order.slot_end, order.due_at = data.slot_start, data.slot_end, data.slot_end
    order.technician_id = person.id
    before["ship_by"] = order.ship_by
    if order.service == ServiceKind.delivery and data.asked_by == "customer":
        # The customer agreed a new day; a move the store asks for keeps the promise (and
        # the ship-by time: the store's own delay is still the store's).
        order.promised_on = data.slot_start.astimezone(ZoneInfo(tz)).date()
        delivery.customer_asked_later(session, order, tz=tz)
    order.remind_at = remind_time(data.slot_start, now=now, tz=tz)
    order.reminded_at = None
    session.flush()
    after = {
        "slot_start": order.slot_start,
        "slot_end": order.slot_end,
        "technician": person.username,
        "asked_by": data.asked_by,
        "reason": data.reason,
        "promised_on": order.promised_on,
        "ship_by": order.ship_by,
        "version": order.version,
    }
    audit.record_on(session, order, "service_rescheduled", actor=actor, before=before, after=after)
    tell_customer(session, order, event="rescheduled", person=person, tz=tz)
    return order


def slot_text(order: WorkOrder, tz: str) -> str:
    zone = ZoneInfo(tz)
    start, end = order.slot_start, order.slot_end
    if start is None or end is None:
        return ""
    return f"{start.astimezone(zone):%Y-%m-%d %H:%M}-{end.astimezone(zone):%H:%M}"


WHAT = {
    ServiceKind.installation: "安装",
    ServiceKind.adjustment: "调试",
    ServiceKind.guidance: "使用指导",
    ServiceKind.onsite_repair: "上门维修",
    ServiceKind.delivery: "送货",
}
EVENTS = {
    "booked": ("上门服务预约成功", "您的{what}已预约在 {slot}，{name}师傅将上门服务。"),
    "rescheduled": ("上门服务已改约", "您的{what}已改约到 {slot}，{name}师傅将上门服务。"),
    "reminder": ("明天上门服务提醒", "提醒：您的{what}预约在 {slot}，{name}师傅将准时上门。"),
}


def customer_message(
    order: WorkOrder, *, event: str, person_name: str, tz: str
) -> dict[str, object] | None:
    """The customer's SMS about the appointment (none without a phone to send it to)."""
    if not order.contact_phone:
        return None
    subject, body = EVENTS[event]
    text = body.format(
        what=WHAT.get(ServiceKind(order.service), "上门服务"),
        slot=slot_text(order, tz),
        name=person_name,
    )
    return {
        "channel": "sms",
        "recipient": order.contact_phone,
        "subject": subject,
        "body": f"{text} 服务单号 {order.id}。",
        "meta": {"work_order_id": order.id, "event": event},
    }


def tell_customer(session: Session, order: WorkOrder, *, event: str, person: User, tz: str) -> None:
    message = customer_message(order, event=event, person_name=person.display_name, tz=tz)
    if message is not None:
        notify.enqueue_now(session, [message])
