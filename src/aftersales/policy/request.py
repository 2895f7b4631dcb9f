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
from .model import CHANNELS, CONDITION_FLAGS, EVIDENCE, ITEM_FLAGS, REQUEST_REMEDIES, PolicySet

MONEY_MAX = Decimal("9999999999.99")  # fits the database's Numeric(12, 2)
_EXACT_FLOAT_DIGITS = 15  # any decimal of <= 15 significant digits survives a float
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Repair:
    part: str | None
    on: date
    back_on: date | None
    fixed: bool
    waiting_parts_days: int = 0
    delay: str | None = None  # "parts" | "repairer" | None (the repairer's)


@dataclass(frozen=True, slots=True)
class Exchange:
    unit: str | None
    on: date


@dataclass(frozen=True, slots=True)
class Warranty:
    """The periods printed on the product's warranty card (三包凭证)."""

    whole_unit_months: int | None = None
    main_parts_months: int | None = None
    main_parts: frozenset[str] = frozenset()


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
    warranty: Warranty | None = None
    exchanges: tuple[Exchange, ...] = ()
    produced_on: date | None = None


class _Errors(FieldErrors):
    def add(self, field: str, message: str) -> None:
        self.append({"field": field, "message": message})


# A reader turns a raw JSON value into its field's value, or names the error and gives None.
Reader = Callable[[Any, str, _Errors], T | None]


def parse_request(data: Any, policy_set: PolicySet | None = None) -> DecisionRequest:
    """Raise RequestInvalid naming every wrong field; else the frozen request. Values the
    category's policy has a vocabulary for (footwear materials, catalogue product types)
    are checked against the set given, or the active one."""
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
    _check_vocabulary(values, errors, policy_set)
    if errors:
        raise RequestInvalid(list(errors))
    return DecisionRequest(**values)


def _check_vocabulary(values: dict[str, Any], errors: _Errors, ps: PolicySet | None) -> None:
    if "category" not in values:
        return
    if ps is None:
        from .active import active_policy_set  # here: the active set loads the engine

        ps = active_policy_set()
    for field, accepted in accepted_values(ps, values["category"]).items():
        value = values.get(field)
        if value is not None and value not in accepted:
            errors.add(field, f"unknown {field} {value!r}: one of {', '.join(sorted(accepted))}")


_ACCEPTED: dict[tuple[int, str], tuple[PolicySet, dict[str, frozenset[str]]]] = {}


def accepted_values(ps: PolicySet, category: str) -> dict[str, frozenset[str]]:
    """The request values a category's policy accepts, where it lists them (cached per set:
    this runs for every line of a batch)."""
    key = (id(ps), category)
    found = _ACCEPTED.get(key)
    if found is not None and found[0] is ps:
        return found[1]
    if len(_ACCEPTED) > 1024:
        _ACCEPTED.clear()
    values = _accepted(ps, category)
    _ACCEPTED[key] = (ps, values)
    return values


def _accepted(ps: PolicySet, category: str) -> dict[str, frozenset[str]]:
    name = ps.categories.get(category, ps.fallback_policy)
    policy = ps.policies.get(name)
    found = {}
    if policy is not None and policy.product_types:
        found["product_type"] = policy.product_types
    if policy is not None and policy.materials:
        found["material"] = policy.materials
    return found


def _check_order(values: dict[str, Any], errors: _Errors) -> None:
    """Facts that contradict each other name the later field."""
    sold, requested = values.get("sold_on"), values.get("requested_on")
    if sold and requested and requested < sold:
        errors.add("requested_on", "is before sold_on")
    for name in ("received_on", "exchanged_on"):
        day = values.get(name)
        if day and sold and day < sold:
            errors.add(name, "is before sold_on")
        elif day and requested and day > requested:
            errors.add(name, "is after requested_on")
    produced = values.get("produced_on")
    if produced and sold and produced > sold:
        errors.add("produced_on", "is after sold_on")
    for i, repair in enumerate(values.get("repairs", ())):
        _in_span(errors, f"repairs[{i}].on", repair.on, sold, requested)
        if repair.back_on and requested and repair.back_on > requested:
            errors.add(f"repairs[{i}].back_on", "is after requested_on")
    for i, exchange in enumerate(values.get("exchanges", ())):
        _in_span(errors, f"exchanges[{i}].on", exchange.on, sold, requested)


def _in_span(
    errors: _Errors, name: str, day: date, sold: date | None, requested: date | None
) -> None:
    if sold and day < sold:
        errors.add(name, "is before sold_on")
    elif requested and day > requested:
        errors.add(name, "is after requested_on")


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


def _list_of(
    read_item: Callable[[Any, str, _Errors], T | None],
) -> Callable[[Any, str, _Errors], tuple[T, ...] | None]:
    """A list field read item by item: every item's errors are reported, and the list is
    taken only when none had any."""

    def read(raw: Any, name: str, errors: _Errors) -> tuple[T, ...] | None:
        if not isinstance(raw, list):
            errors.add(name, "must be a list")
            return None
        count = len(errors)
        items = [read_item(item, f"{name}[{i}]", errors) for i, item in enumerate(raw)]
        if len(errors) != count:
            return None
        return tuple(item for item in items if item is not None)  # None always added an error

    return read


def _read_repair(raw: Any, name: str, errors: _Errors) -> Repair | None:
    if not isinstance(raw, dict):
        errors.add(name, "must be an object with part, on, back_on, fixed")
        return None
    for key in raw.keys() - {"part", "on", "back_on", "fixed", "waiting_parts_days", "delay"}:
        errors.add(f"{name}.{key}", "unknown field")
    part = _read_str(raw["part"], f"{name}.part", errors) if raw.get("part") is not None else None
    on = read_date(raw.get("on"), f"{name}.on", errors)
    back = raw.get("back_on")
    back_on = read_date(back, f"{name}.back_on", errors) if back is not None else None
    fixed = _read_bool(raw.get("fixed", True), f"{name}.fixed", errors)
    if on and back_on and back_on < on:
        errors.add(f"{name}.back_on", "is before on")
    waiting = _read_count(raw.get("waiting_parts_days", 0), f"{name}.waiting_parts_days", errors)
    delay = raw.get("delay")
    if delay is not None and delay not in _DELAYS:
        errors.add(f"{name}.delay", f"must be one of {', '.join(_DELAYS)}: got {delay!r}")
        delay = None
    if on and waiting and back_on and waiting > (back_on - on).days + 1:
        errors.add(f"{name}.waiting_parts_days", "is longer than the repair")
    return Repair(part, on, back_on, bool(fixed), waiting or 0, delay) if on else None


_DELAYS = ("parts", "repairer")
_COUNT_MAX = 100_000


def _read_count(raw: Any, name: str, errors: _Errors) -> int | None:
    if isinstance(raw, int) and not isinstance(raw, bool) and 0 <= raw <= _COUNT_MAX:
        return raw
    errors.add(name, f"must be a whole number from 0 to {_COUNT_MAX}")
    return None


def _read_exchange(raw: Any, name: str, errors: _Errors) -> Exchange | None:
    if not isinstance(raw, dict):
        errors.add(name, "must be an object with unit, on")
        return None
    for key in raw.keys() - {"unit", "on"}:
        errors.add(f"{name}.{key}", "unknown field")
    unit = raw.get("unit")
    if unit is not None and not (isinstance(unit, str) and unit):
        errors.add(f"{name}.unit", "must be a non-empty string")
    on = read_date(raw.get("on"), f"{name}.on", errors)
    return Exchange(unit if isinstance(unit, str) else None, on) if on else None


_MONTHS_MAX = 1200


def _read_warranty(raw: Any, name: str, errors: _Errors) -> Warranty | None:
    if not isinstance(raw, dict):
        errors.add(name, "must be an object with whole_unit_months, main_parts_months, main_parts")
        return None
    count = len(errors)
    for key in raw.keys() - {"whole_unit_months", "main_parts_months", "main_parts"}:
        errors.add(f"{name}.{key}", "unknown field")
    months: dict[str, int | None] = {}
    for key in ("whole_unit_months", "main_parts_months"):
        value = raw.get(key)
        if value is None:
            months[key] = None
        elif isinstance(value, int) and not isinstance(value, bool) and 0 < value <= _MONTHS_MAX:
            months[key] = value
        else:
            errors.add(f"{name}.{key}", f"must be a whole number of months from 1 to {_MONTHS_MAX}")
    parts = raw.get("main_parts", [])
    if not isinstance(parts, list) or not all(isinstance(p, str) and p for p in parts):
        errors.add(f"{name}.main_parts", "must be a list of part codes")
        parts = []
    if len(errors) != count:
        return None
    return Warranty(months["whole_unit_months"], months["main_parts_months"], frozenset(parts))


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
    "repairs": (_list_of(_read_repair), False),
    "exchanged_on": (read_date, False),
    "replacement_available": (_read_bool, False),
    "warranty": (_read_warranty, False),
    "exchanges": (_list_of(_read_exchange), False),
    "produced_on": (read_date, False),
}
_READERS = {name: reader for name, (reader, _) in _FIELDS.items()}
_REQUIRED = tuple(name for name, (_, required) in _FIELDS.items() if required)
