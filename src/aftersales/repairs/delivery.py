"""Delivery promises: the day agreed with the customer, and for online orders the "ship
within 2 days of payment" standard (seed 004, standard 6; the `ship` service standard).

A delivery completed after its agreed day is late by the days of delay the store's rule
counts (working days on China's business calendar by default, so a holiday in between is
not a day of delay); the compensation is the rule's amount per day, up to its cap. The money
owed is written by complaints.delivery in the outcome ledger (the complaint domain's
outcomes), which uses `compensation` here.

The ship-by time counts from the payment on the `ship` standard in force (the admin's edit,
else the shipped one). When the customer asks to move the delivery to a later day, the store
is not to blame for the wait: the goods then need leave only by the end of the day before
the agreed day, if that is later than the standard's time (`ship_times`)."""

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth.principal import Principal
from aftersales.deadlines import BusinessCalendar, Kind, ServiceStandard, due_at
from aftersales.deadlines import warn_at as standard_warn_at
from aftersales.deadlines.settings_store import standard_in_force
from aftersales.deadlines.store import business_calendar
from aftersales.refs import zone_of
from aftersales.repairs.errors import DeliveryNotLate, NotADelivery
from aftersales.repairs.models import DeliveryRule, ServiceKind, SlotChange, WorkOrder


@dataclass(frozen=True)
class Rule:
    per_day: Decimal
    cap: Decimal | None
    clock: str  # working | calendar


@dataclass(frozen=True)
class Lateness:
    promised_on: date
    delivered_on: date
    days: int
    amount: Decimal
    rule: Rule


@cache
def default_rule() -> Rule:
    text = resources.files(__package__).joinpath("delivery.toml").read_text("utf-8")
    data = tomllib.loads(text)
    cap = data.get("cap")
    return Rule(Decimal(data["per_day"]), Decimal(cap) if cap else None, data["clock"])


def rule_for(session: Session, store_id: int) -> Rule:
    row = session.get(DeliveryRule, store_id)
    if row is None:
        return default_rule()
    return Rule(row.per_day, row.cap, row.clock)


def days_late(
    promised_on: date, delivered_on: date, *, clock: str, calendar: BusinessCalendar
) -> int:
    """Days of delay after the agreed day, up to and including the day it came: every day
    on the calendar clock, only official workdays on the working clock."""
    if delivered_on <= promised_on:
        return 0
    if clock == "calendar":
        return (delivered_on - promised_on).days
    days, day = 0, promised_on
    while day < delivered_on:
        day += timedelta(days=1)
        days += calendar.is_workday(day)
    return days


def compensation(days: int, rule: Rule) -> Decimal:
    amount = (rule.per_day * days).quantize(Decimal("0.01"))
    return min(amount, rule.cap) if rule.cap is not None else amount


def local_day(at: datetime, tz: str) -> date:
    return at.astimezone(ZoneInfo(tz)).date()


def lateness(session: Session, order: WorkOrder, *, now: datetime, tz: str) -> Lateness:
    """How late a delivery is (delivered, or still on its way today) and what it owes;
    refused for a delivery that is not late."""
    if order.service != ServiceKind.delivery or order.promised_on is None:
        raise NotADelivery(field="id")
    arrived = order.arrived_at or order.completed_at or now
    delivered_on = local_day(arrived, tz)
    rule = rule_for(session, order.store_id)
    calendar = business_calendar(session)
    days = days_late(order.promised_on, delivered_on, clock=rule.clock, calendar=calendar)
    if days == 0:
        raise DeliveryNotLate(field="promised_on")
    return Lateness(order.promised_on, delivered_on, days, compensation(days, rule), rule)


def customer_moved(session: Session, work_order_ids: Sequence[int]) -> set[int]:
    """The orders whose slot the customer asked to move (the reschedule records who asked)."""
    if not work_order_ids:
        return set()
    rows = session.scalars(
        select(SlotChange.work_order_id).where(
            SlotChange.work_order_id.in_(list(work_order_ids)), SlotChange.asked_by == "customer"
        )
    )
    return set(rows)


def ship_times(
    paid_at: datetime,
    standard: ServiceStandard,
    *,
    calendar: BusinessCalendar,
    held_for: date | None = None,
    tz: str,
) -> tuple[datetime, datetime]:
    """(ship_by, warn_at) of an online order paid at `paid_at`. `held_for`: the later day
    the customer asked for; the goods then need leave only by the end of the day before it
    (never earlier than the standard's time), and the warning moves by as much."""
    ship_by = due_at(paid_at, standard, calendar=calendar)
    warn = standard_warn_at(paid_at, standard, calendar=calendar)
    if held_for is not None:
        not_before = datetime.combine(held_for, time(), ZoneInfo(tz))
        if not_before > ship_by:
            warn, ship_by = warn + (not_before - ship_by), not_before
    return ship_by, warn


def apply_ship_times(
    order: WorkOrder,
    standard: ServiceStandard,
    *,
    calendar: BusinessCalendar,
    held: bool,
    tz: str,
) -> None:
    """Store the ship-by and warning times; a warning or an escalation sent under an earlier
    deadline that no longer holds is cleared, so the sweep sends it again when due."""
    if order.paid_at is None:
        return
    ship_by, warn = ship_times(
        order.paid_at,
        standard,
        calendar=calendar,
        held_for=order.promised_on if held else None,
        tz=tz,
    )
    order.ship_by, order.ship_warn_at = ship_by, warn
    if order.ship_warned_at is not None and order.ship_warned_at < warn:
        order.ship_warned_at = None
    if order.ship_escalated_at is not None and order.ship_escalated_at < ship_by:
        order.ship_escalated_at = None
    if order.ship_escalated_at is not None:
        order.ship_check_at = None
    else:
        order.ship_check_at = ship_by if order.ship_warned_at is not None else warn


def ship_standard(session: Session) -> ServiceStandard:
    """The `ship` standard in force (the admin's edit, else the shipped one)."""
    return standard_in_force(session, Kind.SHIP)


def set_promises(
    session: Session,
    order: WorkOrder,
    *,
    promised_on: date | None,
    paid_at: datetime | None,
    tz: str,
) -> None:
    """The agreed day (the slot's day unless given) and, for an online order paid at
    `paid_at`, when it must ship and when to warn before."""
    if order.slot_start is not None:
        order.promised_on = promised_on or local_day(order.slot_start, tz)
    order.paid_at = paid_at
    calendar = business_calendar(session)
    apply_ship_times(order, ship_standard(session), calendar=calendar, held=False, tz=tz)


def customer_asked_later(session: Session, order: WorkOrder, *, tz: str) -> None:
    """The customer moved the delivery to another day (already recorded as a SlotChange):
    the ship-by time follows it."""
    calendar = business_calendar(session)
    apply_ship_times(order, ship_standard(session), calendar=calendar, held=True, tz=tz)


def recompute_ship_by(
    session: Session, *, work_order_ids: Sequence[int], actor: Principal | None
) -> int:
    """An admin changed the `ship` standard: the online orders not shipped yet get their
    ship-by times again (each with its audit event)."""
    standard, calendar = ship_standard(session), business_calendar(session)
    held = customer_moved(session, work_order_ids)
    rows = session.scalars(
        select(WorkOrder).where(WorkOrder.id.in_(list(work_order_ids))).with_for_update()
    )
    done = 0
    for order in rows:
        before = {"ship_by": order.ship_by}
        tz = zone_of(session, order.store_id)
        apply_ship_times(order, standard, calendar=calendar, held=order.id in held, tz=tz)
        session.flush()
        after = {"ship_by": order.ship_by}
        audit.record_on(
            session, order, "ship_by_recomputed", actor=actor, before=before, after=after
        )
        done += 1
    return done
