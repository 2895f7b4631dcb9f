"""Parse a JSON-like dict into a frozen DecisionRequest.

Hand-written rather than pydantic: this runs once per line of a batch of a
million requests, and every wrong field must be named in one go.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from .errors import FieldErrors, RequestInvalid
from .model import CHANNELS, CONDITION_FLAGS, EVIDENCE, ITEM_FLAGS, REQUEST_REMEDIES

MONEY_MAX = Decimal("9999999999.99")  # fits the database's Numeric(12, 2)
_EXACT_FLOAT_DIGITS = 15  # any decimal of <= 15 significant digits survives a float
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Repair:
    part: str | None
    on: date
    back_on: date | None
    fixed: bool


@dataclass(frozen=True, slots=True)
class DecisionRequest:
    category: str
    problem: str
    sold_on: date
    requested_on: date
    paid: Decimal
    product_type: str | None = None
    material: str | None = None
    channel: str = "in_store"
    remedy: str | None = None
    received_on: date | None = None
    tag_price: Decimal | None = None
    current_price: Decimal | None = None
    true_tag_price: Decimal | None = None
    evidence: frozenset[str] = frozenset()
    part: str | None = None
    condition: frozenset[str] = frozenset()
    item_flags: frozenset[str] = frozenset()
    repairs: tuple[Repair, ...] = ()
    exchanged_on: date | None = None
    replacement_available: bool = True


class _Errors(FieldErrors):
    def add(self, field: str, message: str) -> None:
        self.append({"field": field, "message": message})


# A reader turns a raw JSON value into its field's value, or names the error and gives None.
Reader = Callable[[Any, str, _Errors], T | None]


def parse_request(data: Any) -> DecisionRequest:
    """Raise RequestInvalid naming every wrong field; else the frozen request."""
    if not isinstance(data, dict):
        raise RequestInvalid([{"field": "", "message": "the request must be a JSON object"}])
    errors = _Errors()
    # Any: each reader gives its own field's type (_FIELDS pairs them), which a dict keyed
    # by a name read from the input cannot spell out.
    values: dict[str, Any] = {}
    readers = _READERS
    for name, raw in data.items():
        reader = readers.get(name)
        if reader is None:
            errors.add(name, "unknown field")
        elif raw is not None:
            value = reader(raw, name, errors)
            if value is not None:
                values[name] = value
    for name in _REQUIRED:
        if data.get(name) is None:
            errors.add(name, "required")
    _check_order(values, errors)
    if errors:
        raise RequestInvalid(list(errors))
    return DecisionRequest(**values)


def _check_order(values: dict[str, Any], errors: _Errors) -> None:
    sold, requested = values.get("sold_on"), values.get("requested_on")
    if sold and requested and requested < sold:
        errors.add("requested_on", "is before sold_on")
    if sold and values.get("exchanged_on") and values["exchanged_on"] < sold:
        errors.add("exchanged_on", "is before sold_on")


def read_date(raw: Any, name: str, errors: _Errors) -> date | None:
    # Strictly YYYY-MM-DD: fromisoformat alone would also take "20230131".
    if isinstance(raw, str) and len(raw) == 10 and raw[4] == "-" and raw[7] == "-":
        try:
            return date.fromisoformat(raw)
        except ValueError:
            pass
    errors.add(name, f"not a date YYYY-MM-DD: {raw!r}")
    return None


def read_money(raw: Any, name: str, errors: _Errors) -> Decimal | None:
    value = _to_decimal(raw)
    if value is None or not value.is_finite():
        errors.add(name, f'not an amount of money (give a decimal string like "813.59"): {raw!r}')
    elif value < 0:
        errors.add(name, "must not be negative")
    elif value > MONEY_MAX:
        errors.add(name, f"must be at most {MONEY_MAX}")
    elif _places(value) > 2:
        errors.add(name, "has more than two decimal places")
    else:
        return value
    return None


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    # Only NaN and Infinity have a letter for an exponent; read_money has ruled them out.
    return -exponent if isinstance(exponent, int) else 0


def _to_decimal(raw: Any) -> Decimal | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        text = repr(raw)
        digits = sum(c.isdigit() for c in text.lstrip("-0."))
        if "e" in text or "n" in text or digits > _EXACT_FLOAT_DIGITS:
            return None  # this number may have lost digits on the way in
        return Decimal(text)
    if isinstance(raw, str) and raw.strip() == raw and raw:
        try:
            return Decimal(raw)
        except InvalidOperation:
            return None
    return None


def _read_str(raw: Any, name: str, errors: _Errors) -> str | None:
    if isinstance(raw, str) and raw:
        return raw
    errors.add(name, "must be a non-empty string")
    return None


def _read_bool(raw: Any, name: str, errors: _Errors) -> bool | None:
    if isinstance(raw, bool):
        return raw
    errors.add(name, "must be true or false")
    return None


def _one_of(choices: tuple[str, ...]) -> Reader[str]:
    def read(raw: Any, name: str, errors: _Errors) -> str | None:
        if isinstance(raw, str) and raw in choices:
            return raw
        errors.add(name, f"must be one of {', '.join(choices)}: got {raw!r}")
        return None

    return read


def _flags(choices: tuple[str, ...]) -> Reader[frozenset[str]]:
    allowed = frozenset(choices)

    def read(raw: Any, name: str, errors: _Errors) -> frozenset[str] | None:
        if not isinstance(raw, list):
            errors.add(name, "must be a list")
            return None
        bad = [i for i, v in enumerate(raw) if not isinstance(v, str) or v not in allowed]
        for i in bad:
            errors.add(f"{name}[{i}]", f"unknown value {raw[i]!r}; one of {', '.join(choices)}")
        return None if bad else frozenset(raw)

    return read


def _read_repairs(raw: Any, name: str, errors: _Errors) -> tuple[Repair, ...] | None:
    if not isinstance(raw, list):
        errors.add(name, "must be a list")
        return None
    count = len(errors)
    repairs = [_read_repair(item, f"{name}[{i}]", errors) for i, item in enumerate(raw)]
    if len(errors) != count:
        return None
    return tuple(r for r in repairs if r is not None)  # a None repair always added an error


def _read_repair(raw: Any, name: str, errors: _Errors) -> Repair | None:
    if not isinstance(raw, dict):
        errors.add(name, "must be an object with part, on, back_on, fixed")
        return None
    for key in raw.keys() - {"part", "on", "back_on", "fixed"}:
        errors.add(f"{name}.{key}", "unknown field")
    part = _read_str(raw["part"], f"{name}.part", errors) if raw.get("part") is not None else None
    on = read_date(raw.get("on"), f"{name}.on", errors)
    back = raw.get("back_on")
    back_on = read_date(back, f"{name}.back_on", errors) if back is not None else None
    fixed = _read_bool(raw.get("fixed", True), f"{name}.fixed", errors)
    if on and back_on and back_on < on:
        errors.add(f"{name}.back_on", "is before on")
    return Repair(part, on, back_on, bool(fixed)) if on else None


_FIELDS: dict[str, tuple[Reader[object], bool]] = {  # name: (reader, required)
    "category": (_read_str, True),
    "problem": (_read_str, True),
    "sold_on": (read_date, True),
    "requested_on": (read_date, True),
    "paid": (read_money, True),
    "product_type": (_read_str, False),
    "material": (_read_str, False),
    "channel": (_one_of(CHANNELS), False),
    "remedy": (_one_of(REQUEST_REMEDIES), False),
    "received_on": (read_date, False),
    "tag_price": (read_money, False),
    "current_price": (read_money, False),
    "true_tag_price": (read_money, False),
    "evidence": (_flags(EVIDENCE), False),
    "part": (_read_str, False),
    "condition": (_flags(CONDITION_FLAGS), False),
    "item_flags": (_flags(ITEM_FLAGS), False),
    "repairs": (_read_repairs, False),
    "exchanged_on": (read_date, False),
    "replacement_available": (_read_bool, False),
}
_READERS = {name: reader for name, (reader, _) in _FIELDS.items()}
_REQUIRED = tuple(name for name, (_, required) in _FIELDS.items() if required)
