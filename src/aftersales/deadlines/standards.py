"""Service standards (服务时限) as data: how long each step of a case may take.

The defaults ship in ``standards.toml`` next to this file; the app may keep its
own copy in the database and load it with ``standards_from_dict``. A standard
may be narrowed to a channel (hotline, media, ...) and/or a severity; the most
specific one that matches a case wins (see ``pick_standard``).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, fields
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any, TypeVar

E = TypeVar("E", bound=StrEnum)


class Kind(StrEnum):
    """The steps the shipped defaults cover; other domains may add their own."""

    RESPOND = "respond"  # first feedback on a complaint
    HOTLINE_ANSWER = "hotline_answer"  # answer a question asked on the hotline
    REPLY = "reply"  # a reply to the customer
    RESOLVE = "resolve"  # the case closed
    SHIP = "ship"  # goods shipped after payment
    REWORK = "rework"  # a repair handed back fixed (the turnaround promise)


class Unit(StrEnum):
    HOURS = "hours"
    DAYS = "days"


class Clock(StrEnum):
    CALENDAR = "calendar"  # every hour counts, nights and holidays too
    WORKING = "working"  # only working hours of workdays count


class InvalidStandard(ValueError):
    """A service standard (or a set of them) that cannot be used."""


class NoStandardFor(LookupError):
    """No service standard covers the requested step."""


@dataclass(frozen=True)
class ServiceStandard:
    name: str
    kind: str
    amount: int
    unit: Unit
    clock: Clock
    channel: str | None = None
    severity: str | None = None

    def __post_init__(self) -> None:
        if not self.name or not self.kind:
            raise InvalidStandard("a service standard needs a name and a kind")
        # bool is an int; "amount = true" in a TOML file is a typo, not 1.
        if isinstance(self.amount, bool) or not isinstance(self.amount, int) or self.amount < 1:
            raise InvalidStandard(f"{self.name}: amount must be a whole number >= 1")
        # Accept plain strings from TOML or the database, store the enums.
        object.__setattr__(self, "unit", _as_enum(Unit, self.unit, self.name, "unit"))
        object.__setattr__(self, "clock", _as_enum(Clock, self.clock, self.name, "clock"))

    @property
    def specificity(self) -> int:
        """channel+severity (3) > channel (2) > severity (1) > default (0)."""
        return (2 if self.channel is not None else 0) + (1 if self.severity is not None else 0)

    def applies_to(self, kind: str, channel: str | None, severity: str | None) -> bool:
        return (
            self.kind == kind
            and self.channel in (None, channel)
            and self.severity in (None, severity)
        )


def pick_standard(
    standards: Iterable[ServiceStandard],
    kind: str,
    channel: str | None = None,
    severity: str | None = None,
) -> ServiceStandard:
    """The most specific standard for this step of a case on this channel and severity."""
    matching = [s for s in standards if s.applies_to(kind, channel, severity)]
    if not matching:
        raise NoStandardFor(
            f"no service standard for kind={kind!r} channel={channel!r} severity={severity!r}"
        )
    # max() keeps the first of equals; the loader rejects such duplicates anyway.
    return max(matching, key=lambda s: s.specificity)


def standards_from_dict(data: Mapping[str, Any]) -> tuple[ServiceStandard, ...]:
    """Standards from ``{"standard": [{name, kind, amount, unit, clock, ...}, ...]}``.

    That is the shape of ``standards.toml`` after ``tomllib.loads``.
    """
    entries = data.get("standard")
    if not isinstance(entries, Sequence) or isinstance(entries, str):
        raise InvalidStandard("expected a list of [[standard]] tables")
    standards = tuple(_standard_from_entry(i, entry) for i, entry in enumerate(entries))
    _reject_duplicates(standards)
    return standards


def standards_from_toml(text: str) -> tuple[ServiceStandard, ...]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InvalidStandard(f"standards file is not valid TOML: {error}") from None
    return standards_from_dict(data)


@cache
def default_standards() -> tuple[ServiceStandard, ...]:
    """The standards shipped in ``standards.toml`` (read once)."""
    text = resources.files(__package__).joinpath("standards.toml").read_text("utf-8")
    return standards_from_toml(text)


_FIELD_NAMES = frozenset(f.name for f in fields(ServiceStandard))


def _standard_from_entry(index: int, entry: Any) -> ServiceStandard:
    where = f"standard[{index}]"
    if not isinstance(entry, Mapping):
        raise InvalidStandard(f"{where}: expected a table")
    unknown = set(entry) - _FIELD_NAMES
    if unknown:
        raise InvalidStandard(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    try:
        return ServiceStandard(**entry)
    except InvalidStandard as error:
        raise InvalidStandard(f"{where}: {error}") from None
    except TypeError as error:  # a required field is missing
        raise InvalidStandard(f"{where}: {error}") from None


def _reject_duplicates(standards: Sequence[ServiceStandard]) -> None:
    # Two standards for the same step and scope would make the pick arbitrary.
    seen: set[tuple[str, str | None, str | None]] = set()
    for standard in standards:
        scope = (standard.kind, standard.channel, standard.severity)
        if scope in seen:
            raise InvalidStandard(
                f"{standard.name}: a second standard for kind={scope[0]!r} "
                f"channel={scope[1]!r} severity={scope[2]!r}"
            )
        seen.add(scope)


def _as_enum(enum: type[E], value: object, name: str, field: str) -> E:
    # A StrEnum's members are strings: a value of any other type names none of them.
    if isinstance(value, str):
        with suppress(ValueError):
            return enum(value)
    allowed = ", ".join(member.value for member in enum)
    raise InvalidStandard(f"{name}: {field} must be one of {allowed}, got {value!r}")
