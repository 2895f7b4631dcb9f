"""The stores' compensation rules for late deliveries (the `deliver` standard: on the agreed
day, else money for each day of delay), kept beside the service standards: read each store's
rule (or the default), see the late deliveries a change would move (old and new amount), save.
Compensation already recorded in the ledger stays as recorded: the preview names only the
deliveries still late on their way and those delivered late recently and not yet paid."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from aftersales.auth.principal import Principal
from aftersales.auth.scope import covers
from aftersales.complaints.models import ComplaintOutcome
from aftersales.deadlines.store import business_calendar
from aftersales.errors import NotFound
from aftersales.org.models import Store
from aftersales.repairs import delivery_rules
from aftersales.repairs.delivery import Rule, compensation, days_late, local_day
from aftersales.repairs.delivery_rules import StoreRule, checked_rule
from aftersales.repairs.models import ServiceKind, WorkOrder, WorkStatus
from aftersales.repairs.state import VISIT_OPEN
from aftersales.supervision.standards import access

RECENT_DAYS = 30  # delivered late within these days and not compensated yet
LIMIT = 2000


@dataclass(frozen=True)
class Moved:
    id: int
    title: str
    promised_on: date
    delivered_on: date | None  # None: still on its way (counted to today)
    days_now: int
    amount_now: str
    days_then: int
    amount_then: str


def store_of(session: Session, *, user: Principal, store_code: str) -> Store:
    """The store by its code, within the reader's scope (another store looks missing)."""
    access.require(user, "read")
    store = session.scalars(select(Store).where(Store.code == store_code)).one_or_none()
    if store is None or covers(user, store_id=store.id, counter_id=None) is not None:
        raise NotFound("No such store", field="store_code")
    return store


def rules_of_stores(session: Session, *, user: Principal) -> list[tuple[Store, StoreRule]]:
    access.require(user, "read")
    stores = session.scalars(select(Store).order_by(Store.code))
    return [
        (s, delivery_rules.store_rule(session, s.id))
        for s in stores
        if covers(user, store_id=s.id, counter_id=None) is None
    ]


def _candidates(session: Session, store: Store, now: datetime) -> list[WorkOrder]:
    today = local_day(now, store.timezone)
    paid = select(ComplaintOutcome.work_order_id).where(ComplaintOutcome.work_order_id.is_not(None))
    stmt = (
        select(WorkOrder)
        .where(
            WorkOrder.store_id == store.id,
            WorkOrder.service == ServiceKind.delivery,
            WorkOrder.promised_on < today,
            or_(
                WorkOrder.status.in_([str(s) for s in VISIT_OPEN]),
                (WorkOrder.status == WorkStatus.completed)
                & (WorkOrder.completed_at >= now - timedelta(days=RECENT_DAYS)),
            ),
            WorkOrder.id.not_in(paid),
        )
        .order_by(WorkOrder.promised_on, WorkOrder.id)
        .limit(LIMIT)
    )
    return list(session.scalars(stmt))


def preview_rule(session: Session, *, store: Store, proposed: Rule, now: datetime) -> list[Moved]:
    """The late deliveries of the store whose compensation the proposed rule changes."""
    current = delivery_rules.store_rule(session, store.id).rule
    calendar = business_calendar(session)
    moved = []
    for order in _candidates(session, store, now):
        arrived = order.arrived_at or order.completed_at
        on = local_day(arrived or now, store.timezone)
        assert order.promised_on is not None  # selected on it
        old = days_late(order.promised_on, on, clock=current.clock, calendar=calendar)
        new = days_late(order.promised_on, on, clock=proposed.clock, calendar=calendar)
        before, after = compensation(old, current), compensation(new, proposed)
        if (old or new) and before != after:
            moved.append(
                Moved(
                    order.id,
                    f"{order.sku} {order.item_name}",
                    order.promised_on,
                    on if arrived else None,
                    old,
                    f"{before:.2f}",
                    new,
                    f"{after:.2f}",
                )
            )
    return moved


def proposed_rule(*, actor: Principal, per_day: Decimal, cap: Decimal | None, clock: str) -> Rule:
    """The rule an editor proposes, checked (422 naming the field); others get 403 first."""
    access.require(actor, "edit")
    return checked_rule(per_day=per_day, cap=cap, clock=clock)


def save_delivery_rule(
    session: Session, *, store: Store, rule: Rule, version: int, actor: Principal
) -> StoreRule:
    access.require(actor, "edit")
    return delivery_rules.save_rule(
        session, store_id=store.id, rule=rule, version=version, actor=actor
    )
