"""Spring Festival cards (春节贺卡): a seasonal batch of care tasks, one card per member who
agreed to care messages, written in the days before the festival by the worker.

The festival's date comes from the `holidays` library's lunisolar calendar, which knows
every year (the official holiday notice only decides the days off, not the date itself).
The rule's `delay_days` is negative: -10 writes the cards from ten days before. Members are
taken in id order, a batch per transaction; a member's card is keyed by the festival's
year, so reruns and concurrent workers never write two."""

from datetime import date, datetime, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

import holidays
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from aftersales.customers.care_models import CareRule, CareTask, Trigger
from aftersales.customers.models import Customer, Member
from aftersales.deadlines import DEFAULT_TZ
from aftersales.sales.models import Receipt

SOURCE = "festival"


@cache
def spring_festival(year: int) -> date:
    """The first day of the lunar year (正月初一) in `year`."""
    days = holidays.China(years=year, language="en_US")
    return min(d for d, name in days.items() if "Spring Festival" in name)


def upcoming_festival(today: date) -> date:
    this = spring_festival(today.year)
    return this if today <= this else spring_festival(today.year + 1)


def _rule(session: Session) -> CareRule | None:
    return session.scalars(
        select(CareRule)
        .where(CareRule.trigger == Trigger.spring_festival.value, CareRule.active.is_(True))
        .order_by(CareRule.id)
        .limit(1)
    ).first()


def _due(session: Session, rule: CareRule, year: int, after_id: int, batch: int) -> list[Any]:
    last_store = (
        select(Receipt.store_id)
        .where(Receipt.customer_id == Member.customer_id)
        .order_by(Receipt.sold_at.desc())
        .limit(1)
        .scalar_subquery()
    )
    has = (
        select(CareTask.id)
        .where(
            CareTask.rule_id == rule.id,
            CareTask.source == SOURCE,
            CareTask.source_id == Member.id * 10000 + year,
        )
        .exists()
    )
    stmt = (
        select(Member.id, Customer.id, Customer.name, last_store.label("store_id"))
        .join(Customer, Customer.id == Member.customer_id)
        .where(
            Member.id > after_id,
            Member.merged_into_id.is_(None),
            Customer.erased_at.is_(None),
            ~has,
        )
        .order_by(Member.id)
        .limit(batch)
    )
    if rule.needs_consent:
        stmt = stmt.where(Customer.marketing_consent.is_(True))
    return list(session.execute(stmt))


def create_festival_cards(
    session: Session,
    *,
    now: datetime,
    tz: str = DEFAULT_TZ,
    after_id: int = 0,
    batch: int = 5000,
) -> tuple[int, int | None]:
    """One batch of cards when today is in the rule's window before the festival.
    Answers (cards written, the member id to continue after, or None when done)."""
    today = now.astimezone(ZoneInfo(tz)).date()
    rule = _rule(session)
    if rule is None:
        return 0, None
    festival = upcoming_festival(today)
    opens = festival + timedelta(days=min(rule.delay_days, 0))
    if not opens <= today < festival:
        return 0, None
    rows = _due(session, rule, festival.year, after_id, batch)
    values = [
        {
            "rule_id": rule.id,
            "source": SOURCE,
            "source_id": member_id * 10000 + festival.year,
            "customer_id": customer_id,
            "store_id": store_id,
            "counter_id": None,
            "owner_id": None,
            "channel": rule.channel,
            "text": rule.template.replace("{name}", name).replace("{year}", str(festival.year)),
            "due_on": max(today, opens),
            "created_at": now,
            "version": 1,
        }
        for member_id, customer_id, name, store_id in rows
        if store_id is not None  # a member who never bought has no store to send from
    ]
    if values:
        session.execute(insert(CareTask), values)
    return len(values), rows[-1][0] if len(rows) == batch else None
