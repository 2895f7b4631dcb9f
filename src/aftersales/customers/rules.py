"""Earn rules as data: how many points a line earns. Default (no rule entered): 1 point per
whole yuan paid, floor(paid). Multipliers by category, by the counter's brand and for a
promotion's dates multiply the base rate; percents are integers (150 = x1.5) so the
arithmetic stays exact."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_FLOOR, Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.customers.models import EarnRule
from aftersales.shared_cache import SharedCache, bump

DEFAULT_PERCENT = 100
RULES = "earn_rules"


@dataclass(frozen=True, slots=True)
class Rule:
    kind: str
    percent: int
    category_id: int | None
    brand_id: int | None
    starts_on: date | None
    ends_on: date | None

    def applies(self, *, category_id: int, brand_id: int | None, day: date) -> bool:
        if self.starts_on and day < self.starts_on or self.ends_on and day > self.ends_on:
            return False
        if self.category_id is not None and self.category_id != category_id:
            return False
        return self.brand_id is None or self.brand_id == brand_id


_ACTIVE = select(
    EarnRule.kind,
    EarnRule.percent,
    EarnRule.category_id,
    EarnRule.brand_id,
    EarnRule.starts_on,
    EarnRule.ends_on,
).where(EarnRule.active.is_(True))


def _load(session: Session) -> list[Rule]:
    return [Rule(*row) for row in session.execute(_ACTIVE)]


# Every sale reads the rules; an administrator's change bumps the version in its own
# transaction, so every process reloads on its next request.
_RULES = SharedCache(RULES, _load)


def active_rules(session: Session) -> list[Rule]:
    return _RULES.get(session)


def rules_changed(session: Session) -> None:
    bump(session, RULES)


def needs_brand(rules: list[Rule]) -> bool:
    return any(r.brand_id is not None for r in rules)


def line_points(
    rules: list[Rule], *, paid: Decimal, category_id: int, brand_id: int | None, day: date
) -> int:
    """floor(paid) whole yuan times the base percent times each multiplier that applies."""
    yuan = int(paid.to_integral_value(rounding=ROUND_FLOOR))
    if yuan <= 0:
        return 0
    base = next(
        (
            r.percent
            for r in rules
            if r.kind == "base" and r.applies(category_id=category_id, brand_id=brand_id, day=day)
        ),
        DEFAULT_PERCENT,
    )
    value = Decimal(yuan) * base / 100
    for rule in rules:
        if rule.kind != "base" and rule.applies(
            category_id=category_id, brand_id=brand_id, day=day
        ):
            value = value * rule.percent / 100
    return int(value.to_integral_value(rounding=ROUND_FLOOR))
