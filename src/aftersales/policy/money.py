"""Money: Decimal only, two places ROUND_HALF_UP; the amount rules clauses name."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from .model import CompensationLaw, Text

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
_DISCOUNT_STEP = Decimal("0.01")  # discounts are whole percent: 7折, 75折, 88折


def to_cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def to_unit(value: Decimal, unit: Decimal) -> Decimal:
    """Round a price to the store's price unit (whole yuan: 1005.9 -> 1006)."""
    return to_cents((value / unit).quantize(Decimal(1), rounding=ROUND_HALF_UP) * unit)


def compensation_for_fraud(
    paid: Decimal, sold_on: date, laws: tuple[CompensationLaw, ...]
) -> tuple[Decimal, Text] | None:
    """Extra compensation by the law in force on the day of sale (laws are not
    retroactive): 1993 Art. 49 once the price; 2013 Art. 55(1) 3x, at least 500."""
    for law in laws:
        if (law.since is None or sold_on >= law.since) and (
            law.until is None or sold_on <= law.until
        ):
            return to_cents(max(paid * law.multiple, law.minimum)), law.basis
    return None


def depreciated_refund(paid: Decimal, daily_rate: Decimal, days: int) -> Decimal:
    """SB1995 Art. 13: price less daily rate x price x days used (never below 0)."""
    return to_cents(max(ZERO, paid - daily_rate * paid * days))


def tag_mismatch_difference(
    paid: Decimal, tag: Decimal, true_tag: Decimal, unit: Decimal
) -> Decimal:
    """worked case 2: charged 1437 x 0.7 -> 1006; fair 969 x 0.7 -> 678; refund 328.

    The discount is read back from what was paid and rounded to a whole
    percent; when that does not reproduce the charge, the exact ratio is used.
    """
    if tag <= 0:
        return ZERO
    discount = (paid / tag).quantize(_DISCOUNT_STEP, rounding=ROUND_HALF_UP)
    if to_unit(tag * discount, unit) != to_cents(paid):
        discount = paid / tag
    fair = to_unit(true_tag * discount, unit)
    return to_cents(max(ZERO, paid - fair))


def price_drop_difference(paid: Decimal, current: Decimal, unit: Decimal) -> Decimal:
    """价保: what was paid less today's price, the price rounded to the unit."""
    return to_cents(max(ZERO, paid - to_unit(current, unit)))


# The amount rules a clause may name (`amount = "..."`); evaluate.py computes them.
AMOUNT_RULES = frozenset(
    {
        "paid",
        "paid_or_lower_current",
        "paid_less_depreciation",
        "price_drop_difference",
        "price_tag_difference",
        "fraud_compensation",
    }
)
