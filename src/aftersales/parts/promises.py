"""The repair promises of a work order: the turnaround promise per category (data; the
`rework` standard by default), and the loaner step of the phone rules. The worker's sweep
(parts.tasks) warns, escalates and flags the legal limits; here are the people's steps."""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth.models import Role
from aftersales.auth.principal import Principal
from aftersales.deadlines import ServiceStandard, default_standards, due_at, pick_standard, warn_at
from aftersales.deadlines.settings_store import standards_in_force
from aftersales.deadlines.store import business_calendar
from aftersales.errors import InvalidInput
from aftersales.parts.access import require
from aftersales.parts.errors import LoanerAlreadyGiven, LoanerNotDue
from aftersales.parts.models import RepairWatch, TurnaroundPromise
from aftersales.parts.trail import order_event
from aftersales.repairs import promises as rules
from aftersales.repairs.access import COUNTER_STEPS, get_work_order
from aftersales.repairs.models import WorkOrder
from aftersales.sales.models import Category

MAX_PROMISE_DAYS = 365


def rework_standard(session: Session) -> ServiceStandard:
    """The `rework` standard in force (shipped, or as the admin set it)."""
    return pick_standard(standards_in_force(session, default_standards()), "rework")


def promise_standard(base: ServiceStandard, days: int | None) -> ServiceStandard:
    """The turnaround standard of a category: its own days, else the `rework` standard."""
    if days is None or days == base.amount:
        return base
    return ServiceStandard(f"repair within {days} days", "rework", days, base.unit, base.clock)


def promise_days(session: Session) -> dict[str, int]:
    """Category code -> promised days, for the categories that set their own."""
    rows = session.execute(
        select(Category.code, TurnaroundPromise.days).join(
            TurnaroundPromise, TurnaroundPromise.category_id == Category.id
        )
    ).tuples()
    return dict(rows.all())


def set_promise(
    session: Session, *, category: str, days: int | None, actor: Principal
) -> TurnaroundPromise | None:
    """An admin sets a category's turnaround promise (None: back to the standard)."""
    require(actor, {Role.admin})
    category_id = session.scalar(select(Category.id).where(Category.code == category))
    if category_id is None:
        raise InvalidInput("Unknown category", field="category")
    if days is not None and not 1 <= days <= MAX_PROMISE_DAYS:
        raise InvalidInput("Between 1 and 365 days", field="days")
    row = session.scalars(
        select(TurnaroundPromise).where(TurnaroundPromise.category_id == category_id)
    ).one_or_none()
    before = {"days": row.days} if row else None
    if days is None:
        if row is not None:
            session.delete(row)
        row = None
    elif row is None:
        row = TurnaroundPromise(category_id=category_id, days=days)
        session.add(row)
    else:
        row.days = days
    session.flush()
    after = {"category": category, "days": days}
    audit.record(
        session,
        "category",
        category_id,
        "turnaround_promise_set",
        actor=actor,
        before=before,
        after=after,
    )
    return row


def watch_of(session: Session, *, work_order_id: int) -> RepairWatch | None:
    return session.scalars(
        select(RepairWatch).where(RepairWatch.work_order_id == work_order_id)
    ).one_or_none()


def give_loaner(
    session: Session, *, work_order_id: int, note: str, actor: Principal, now: datetime
) -> RepairWatch:
    """The customer got a loaner phone (备用机) while theirs is under repair: a recorded step."""
    require(actor, COUNTER_STEPS)
    order = get_work_order(session, user=actor, work_order_id=work_order_id)
    watch = session.scalars(
        select(RepairWatch).where(RepairWatch.work_order_id == order.id).with_for_update()
    ).one_or_none()
    if watch is None or rules.legal_limits(watch.category).loaner_days is None:
        raise LoanerNotDue(field="work_order_id")
    if watch.loaner_given_at is not None:
        raise LoanerAlreadyGiven(field="work_order_id")
    watch.loaner_given_at, watch.loaner_note = now, note[:200]
    session.flush()
    audit.record_on(session, order, "loaner_given", actor=actor, after={"note": note[:200]})
    return watch


def recompute_promises(
    session: Session, *, work_order_ids: Sequence[int], actor: Principal | None
) -> int:
    """An admin changed the `rework` standard (or a category's days): the open repairs get
    their due and warning times again; the worker's stamps so far stay."""
    base, days = rework_standard(session), promise_days(session)
    calendar = business_calendar(session)
    done = 0
    rows = session.execute(
        select(RepairWatch, WorkOrder.opened_at)
        .join(WorkOrder, WorkOrder.id == RepairWatch.work_order_id)
        .where(RepairWatch.work_order_id.in_(list(work_order_ids)))
        .with_for_update(of=RepairWatch)
    ).tuples()
    for watch, opened_at in rows:
        standard = promise_standard(base, days.get(watch.category))
        before = {"due_at": watch.due_at, "days": watch.promise_days}
        watch.promise_days = standard.amount
        watch.due_at = due_at(opened_at, standard, calendar=calendar)
        watch.warn_at = warn_at(opened_at, standard, calendar=calendar)
        watch.next_check_at = min(watch.warn_at, watch.next_check_at or watch.warn_at)
        session.flush()
        after = {"due_at": watch.due_at, "days": watch.promise_days}
        order_event(
            session,
            watch.work_order_id,
            "promise_recomputed",
            actor=actor,
            before=before,
            after=after,
        )
        done += 1
    return done
