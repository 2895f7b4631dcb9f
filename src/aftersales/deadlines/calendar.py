"""The business calendar: which days are workdays in mainland China.

China publishes its official calendar one year at a time (the State Council's
notice, usually in November or December): statutory holidays, the weekend days
folded into them, and the make-up workdays (调休上班) that pay them back. So a
year's calendar comes from, in order of trust:

1. the override table: admin-entered days (``date -> "holiday" | "workday"``),
   the place to type in next year's notice; it wins over everything else;
2. the ``chinese_calendar`` library, for the years it ships (2004-2026 in 1.11);
3. for any other year, an estimate: weekends plus the statutory holidays the
   ``holidays`` library computes for CN (make-up workdays only where it knows
   them), flagged by ``is_estimated(year)`` and ``warnings_for(year)``.

A year that is in the override table but unknown to the library counts as
entered by hand: its calendar is weekends plus the table, with no estimate and
no warning, because the notice lists every holiday and make-up workday.

Nothing here raises for a valid ``date``: deadlines that cross New Year into an
unpublished year must still be computable.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

import chinese_calendar
import holidays


class DayKind(StrEnum):
    """What the override table can say about a day."""

    HOLIDAY = "holiday"
    WORKDAY = "workday"


class YearSource(StrEnum):
    """Where a year's calendar came from."""

    LIBRARY = "library"
    TABLE = "table"
    ESTIMATE = "estimate"


@dataclass(frozen=True)
class YearCalendar:
    """One year's exceptions to the Monday-to-Friday week."""

    year: int
    source: YearSource
    rest_days: frozenset[date]  # official holidays, incl. weekend days inside them
    make_up_workdays: frozenset[date]  # weekend days worked to pay a holiday back
    warnings: tuple[str, ...] = ()


class BusinessCalendar:
    """Workdays and rest days of China's official calendar, cached per year."""

    def __init__(self, overrides: Mapping[date, str] | None = None) -> None:
        self._overrides = _validated_overrides(overrides or {})
        self._table_years = {day.year for day in self._overrides}
        self._years: dict[int, YearCalendar] = {}

    # -- days -----------------------------------------------------------

    def is_workday(self, day: date) -> bool:
        """True on a normal weekday or a make-up workday, False on any rest day."""
        year = self.year_calendar(day.year)
        if day in year.make_up_workdays:
            return True
        if day in year.rest_days:
            return False
        return not _is_weekend(day)

    def is_rest_day(self, day: date) -> bool:
        """True on a weekend that is not a make-up workday, or on a holiday."""
        return not self.is_workday(day)

    def is_statutory_holiday(self, day: date) -> bool:
        """True on a day off of an official holiday period (国庆, 春节, ...).

        A weekend day inside a holiday period counts; a plain weekend does not.
        """
        year = self.year_calendar(day.year)
        return day in year.rest_days and day not in year.make_up_workdays

    def first_workday_on_or_after(self, day: date) -> date:
        while not self.is_workday(day):
            day += timedelta(days=1)
        return day

    def next_workday(self, day: date) -> date:
        """The first workday strictly after ``day``."""
        return self.first_workday_on_or_after(day + timedelta(days=1))

    def add_workdays(self, day: date, n: int) -> date:
        """The ``n``-th workday after ``day`` (before it when ``n`` is negative).

        ``day`` itself never counts; ``n == 0`` gives the first workday on or
        after ``day``.
        """
        if n == 0:
            return self.first_workday_on_or_after(day)
        step = timedelta(days=1 if n > 0 else -1)
        remaining = abs(n)
        while remaining:
            day += step
            if self.is_workday(day):
                remaining -= 1
        return day

    # -- years ----------------------------------------------------------

    def is_estimated(self, year: int) -> bool:
        return self.year_calendar(year).source is YearSource.ESTIMATE

    def warnings_for(self, year: int) -> list[str]:
        return list(self.year_calendar(year).warnings)

    def source_of(self, year: int) -> YearSource:
        return self.year_calendar(year).source

    def year_calendar(self, year: int) -> YearCalendar:
        # Sweeps ask about the same few years thousands of times; build once.
        cached = self._years.get(year)
        if cached is None:
            cached = self._years[year] = self._build_year(year)
        return cached

    def _build_year(self, year: int) -> YearCalendar:
        if _library_knows(year):
            base = _library_year(year)
        elif year in self._table_years:
            base = YearCalendar(year, YearSource.TABLE, frozenset(), frozenset())
        else:
            base = _estimated_year(year)
        return _apply_overrides(base, self._overrides)


def default_calendar(overrides: Mapping[date, str] | None = None) -> BusinessCalendar:
    """The calendar the app uses: library, then the admin table, then estimates."""
    return BusinessCalendar(overrides)


def _validated_overrides(overrides: Mapping[date, str]) -> dict[date, DayKind]:
    validated: dict[date, DayKind] = {}
    for day, kind in overrides.items():
        # datetime is a subclass of date; a datetime key would never match a day.
        if not isinstance(day, date) or isinstance(day, datetime):
            raise ValueError(f"override key must be a date, got {day!r}")
        try:
            validated[day] = DayKind(kind)
        except ValueError:
            raise ValueError(
                f"override for {day.isoformat()} must be 'holiday' or 'workday', got {kind!r}"
            ) from None
    return validated


def _apply_overrides(base: YearCalendar, overrides: Mapping[date, DayKind]) -> YearCalendar:
    rest_days = set(base.rest_days)
    make_up_workdays = set(base.make_up_workdays)
    for day, kind in overrides.items():
        if day.year != base.year:
            continue
        rest_days.discard(day)
        make_up_workdays.discard(day)
        if kind is DayKind.HOLIDAY:
            rest_days.add(day)
        elif _is_weekend(day):  # a workday on a weekday is the default anyway
            make_up_workdays.add(day)
    return YearCalendar(
        base.year, base.source, frozenset(rest_days), frozenset(make_up_workdays), base.warnings
    )


def _library_knows(year: int) -> bool:
    # The library has no "supported years" API; it raises for years it lacks.
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def _library_year(year: int) -> YearCalendar:
    return YearCalendar(
        year,
        YearSource.LIBRARY,
        frozenset(day for day in chinese_calendar.holidays if day.year == year),
        frozenset(day for day in chinese_calendar.workdays if day.year == year),
    )


def _estimated_year(year: int) -> YearCalendar:
    try:
        estimate = holidays.country_holidays("CN", years=year)
        rest_days = frozenset(estimate)
        # Older `holidays` releases lack `weekend_workdays`; for estimated years
        # it is empty anyway, since make-up days are only known once published.
        listed: Iterable[date] = getattr(estimate, "weekend_workdays", set())
        make_up_workdays = frozenset(day for day in listed if day.year == year)
    except Exception as error:  # a broken estimate must not stop deadline computation
        rest_days, make_up_workdays = frozenset(), frozenset()
        basis = f"weekends only (the holidays library failed: {error!r})"
    else:
        basis = "weekends plus the statutory holidays estimated by the holidays library"
        if not make_up_workdays:
            basis += ", without make-up workdays"
    warning = (
        f"The official calendar for {year} has not been entered; working days are "
        f"estimated from {basis}. Enter the State Council's holiday notice for {year} "
        "in the holiday table."
    )
    return YearCalendar(year, YearSource.ESTIMATE, rest_days, make_up_workdays, (warning,))


def _is_weekend(day: date) -> bool:
    return day.weekday() >= 5
