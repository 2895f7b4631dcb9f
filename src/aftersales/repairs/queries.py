"""Reading work orders: the repair desk's list."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from aftersales.auth.models import Role, User
from aftersales.auth.principal import Principal
from aftersales.repairs.access import visible_work_orders
from aftersales.repairs.models import ServiceKind, WorkOrder, WorkStatus
from aftersales.repairs.state import OPEN, VISIT_OPEN

# Repairs of the customer's item, which the 三包 periods count: a repair taken in at the desk,
# or an on-site repair once the technician has come. Installations, deliveries and visits
# booked for later are not repairs (counted as such, one booked for tomorrow was a repair
# "after the request day" and every claim on the line was refused).
ITEM_REPAIRS = or_(
    WorkOrder.service == ServiceKind.repair,
    and_(WorkOrder.service == ServiceKind.onsite_repair, WorkOrder.arrived_at.is_not(None)),
)


# Workshop repairs whose next step is a technician's: diagnose it, or repair it once the
# customer accepted the quote or it is back from the factory.
AT_THE_BENCH = (WorkStatus.intake, WorkStatus.accepted, WorkStatus.at_factory)


def bench_work(session: Session, *, user: Principal, limit: int = 5) -> tuple[int, list[WorkOrder]]:
    """How many workshop repairs wait for a technician in the caller's scope, and the ones
    due soonest."""
    stmt = visible_work_orders(user).where(
        WorkOrder.service == ServiceKind.repair,
        WorkOrder.status.in_([str(s) for s in AT_THE_BENCH]),
    )
    count = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    first = session.scalars(stmt.order_by(WorkOrder.due_at, WorkOrder.id).limit(limit))
    return count, list(first)


def open_work_orders(session: Session, *, user: Principal, limit: int = 100) -> list[WorkOrder]:
    """Due soonest first: what the repair desk must do next."""
    stmt = visible_work_orders(user).where(WorkOrder.status.in_([str(s) for s in OPEN]))
    return list(session.scalars(stmt.order_by(WorkOrder.due_at, WorkOrder.id).limit(limit)))


def day_plan(
    session: Session, *, user: Principal, technician_id: int, day: date, tz: str
) -> list[WorkOrder]:
    """One technician's (or driver's) appointments of a local day, in the order of the
    route: what the day plan and the printable route sheet show."""
    return next_day_plan(session, user=user, technician_id=technician_id, day=day, tz=tz, days=1)[1]


def next_day_plan(
    session: Session, *, user: Principal, technician_id: int, day: date, tz: str, days: int = 8
) -> tuple[date, list[WorkOrder]]:
    """The day's appointments or, with none, those of the next day within `days` that has
    any (one read of the whole span): what a technician opening the plan wants to see."""
    zone = ZoneInfo(tz)
    start = datetime.combine(day, time.min, tzinfo=zone)
    stmt = visible_work_orders(user).where(
        WorkOrder.technician_id == technician_id,
        WorkOrder.slot_start >= start,
        WorkOrder.slot_start < start + timedelta(days=days),
        WorkOrder.status != WorkStatus.cancelled,
    )
    rows = list(session.scalars(stmt.order_by(WorkOrder.slot_start, WorkOrder.id)))
    if not rows:
        return day, []
    first = rows[0].slot_start.astimezone(zone).date()
    return first, [o for o in rows if o.slot_start.astimezone(zone).date() == first]


def field_people(session: Session, *, user: Principal) -> list[User]:
    """The technicians and drivers the caller may plan for: their own store's."""
    stmt = select(User).where(User.role.in_([Role.technician, Role.driver]), User.active.is_(True))
    if user.store_id is not None:
        stmt = stmt.where(User.store_id == user.store_id)
    return list(session.scalars(stmt.order_by(User.role, User.username)))


def open_visits(session: Session, *, user: Principal, limit: int = 100) -> list[WorkOrder]:
    """Service orders still to be carried out, soonest first."""
    stmt = visible_work_orders(user).where(
        WorkOrder.service != ServiceKind.repair,
        WorkOrder.status.in_([str(s) for s in VISIT_OPEN]),
    )
    return list(session.scalars(stmt.order_by(WorkOrder.slot_start, WorkOrder.id).limit(limit)))
