"""Due times: when a step of a case must be done, by its service standard.

- Calendar clock: plain addition of hours or days.
- Working clock, hours: only working hours of workdays count (09:00-18:00 in
  the store's zone by default).
- Working clock, days: as the Civil Code counts periods (art. 201, 203), the
  day the case starts does not count; the deadline is the close of business on
  the n-th workday after it.

Pauses (the clock stopped while waiting on the customer) push the due time out
by the running time they covered: working time on the working clock, all of it
on the calendar clock. A pause still going on is passed with ``now`` as its end.
Nothing here reads the clock; callers pass every instant.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta, tzinfo
from typing import TypedDict, Unpack

from aftersales.deadlines.calendar import BusinessCalendar
from aftersales.deadlines.standards import Clock, ServiceStandard, Unit
from aftersales.deadlines.working_time import (
    DEFAULT_TZ,
    DEFAULT_WORKING_DAY,
    Span,
    WorkingDay,
    advance,
    as_zone,
    calendar_spans,
    check_working_day,
    merge_pauses,
    opening_of_next_workday,
    require_aware,
    without_pauses,
    working_day_length,
    working_spans,
)

DEFAULT_WARN_FRACTION = 0.75


class ClockOptions(TypedDict, total=False):
    """The keyword options the due-time functions share beside the calendar; each left out
    takes its default (the store's zone, 09:00-18:00, no pauses)."""

    tz: str | tzinfo
    working_day: WorkingDay
    paused: Iterable[Span]


def due_at(
    start: datetime,
    standard: ServiceStandard,
    *,
    calendar: BusinessCalendar,
    **options: Unpack[ClockOptions],
) -> datetime:
    """When the step governed by ``standard`` is due, in UTC."""
    return _deadline(start, standard, 1.0, calendar, **options)


def warn_at(
    start: datetime,
    standard: ServiceStandard,
    *,
    calendar: BusinessCalendar,
    fraction: float = DEFAULT_WARN_FRACTION,
    **options: Unpack[ClockOptions],
) -> datetime:
    """When ``fraction`` of the allowed time has run out, in UTC: the moment to warn.

    It runs on the standard's own clock, so a warning for a working-hours
    deadline is never raised at night or on a holiday.
    """
    if not 0 < fraction <= 1:
        raise ValueError(f"fraction must be in (0, 1], got {fraction}")
    return _deadline(start, standard, fraction, calendar, **options)


def allowed_time(standard: ServiceStandard, working_day: WorkingDay) -> timedelta:
    """The running time a standard allows (a working day is one opening-to-close)."""
    if standard.unit is Unit.HOURS:
        return timedelta(hours=standard.amount)
    if standard.clock is Clock.WORKING:
        return standard.amount * working_day_length(working_day)
    return timedelta(days=standard.amount)


def _deadline(
    start: datetime,
    standard: ServiceStandard,
    fraction: float,
    calendar: BusinessCalendar,
    *,
    tz: str | tzinfo = DEFAULT_TZ,
    working_day: WorkingDay = DEFAULT_WORKING_DAY,
    paused: Iterable[Span] = (),
) -> datetime:
    start = require_aware(start, "start")
    check_working_day(working_day)
    pauses = merge_pauses(paused)
    budget = allowed_time(standard, working_day) * fraction
    spans = _running_spans(start, standard, calendar, as_zone(tz), working_day)
    return advance(without_pauses(spans, pauses), budget)


def _running_spans(
    start: datetime,
    standard: ServiceStandard,
    calendar: BusinessCalendar,
    zone: tzinfo,
    working_day: WorkingDay,
) -> Iterator[Span]:
    if standard.clock is Clock.CALENDAR:
        return calendar_spans(start)
    if standard.unit is Unit.DAYS:
        # Whole working days counted from the next workday's opening end at a
        # close of business, which is what "within n working days" means.
        start = opening_of_next_workday(start, calendar, zone, working_day)
    return working_spans(start, calendar, zone, working_day)
