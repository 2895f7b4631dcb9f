"""Delivery promises: the day agreed with the customer, and for online orders the "ship
within 2 days of payment" standard (seed 004, standard 6; the `ship` service standard).

A delivery completed after its agreed day is late by the days of delay the store's rule
counts (working days on China's business calendar by default, so a holiday in between is
not a day of delay); the compensation is the rule's amount per day, up to its cap. The money
owed is written by complaints.delivery in the outcome ledger (the complaint domain's
outcomes), which uses `compensation_for` here."""

import tomllib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from aftersales.deadlines import BusinessCalendar, Kind, default_standards, due_at, pick_standard
from aftersales.deadlines import warn_at as standard_warn_at
from aftersales.deadlines.store import business_calendar
from aftersales.repairs.errors import DeliveryNotLate, NotADelivery
from aftersales.repairs.models import DeliveryRule, ServiceKind, WorkOrder


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
    if paid_at is None:
        return
    standard = pick_standard(default_standards(), Kind.SHIP)
    calendar = business_calendar(session)
    order.ship_by = due_at(paid_at, standard, calendar=calendar)
    order.ship_warn_at = standard_warn_at(paid_at, standard, calendar=calendar)
    order.ship_check_at = order.ship_warn_at
