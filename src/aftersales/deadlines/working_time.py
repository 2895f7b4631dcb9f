"""Working time: the stretches of a timeline during which a deadline clock runs.

All instants are timezone-aware and handled in UTC; the store's zone only says
where a local working day (09:00-18:00 by default) begins and ends.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from aftersales.deadlines.calendar import BusinessCalendar

DEFAULT_TZ = "Asia/Shanghai"
DEFAULT_WORKING_DAY = (time(9), time(18))

Span = tuple[datetime, datetime]
WorkingDay = tuple[time, time]

# The calendar clock's single span has no real end.
_END_OF_TIME = datetime.max.replace(tzinfo=UTC)


def require_aware(moment: datetime, what: str) -> datetime:
    """``moment`` in UTC; a naive datetime is refused, since its zone is a guess."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{what} must be timezone-aware, got naive {moment.isoformat()}")
    return moment.astimezone(UTC)


def as_zone(tz: str | tzinfo) -> tzinfo:
    return ZoneInfo(tz) if isinstance(tz, str) else tz


def check_working_day(working_day: WorkingDay) -> None:
    opens, closes = working_day
    if opens.tzinfo is not None or closes.tzinfo is not None:
        raise ValueError("working-day times are local wall-clock times; leave tzinfo out")
    if not opens < closes:
        raise ValueError(f"the working day must open before it closes, got {opens}-{closes}")


def working_day_length(working_day: WorkingDay) -> timedelta:
    anchor = date(2000, 1, 1)
    return datetime.combine(anchor, working_day[1]) - datetime.combine(anchor, working_day[0])


def working_spans(
    since: datetime, calendar: BusinessCalendar, zone: tzinfo, working_day: WorkingDay
) -> Iterator[Span]:
    """Working hours of workdays from ``since`` on, in order, without end."""
    day = since.astimezone(zone).date()
    while True:
        if calendar.is_workday(day):
            opens = _local_instant(day, working_day[0], zone)
            closes = _local_instant(day, working_day[1], zone)
            if closes > since:
                yield max(opens, since), closes
        day += timedelta(days=1)


def calendar_spans(since: datetime) -> Iterator[Span]:
    """The calendar clock runs all the time."""
    yield since, _END_OF_TIME


def opening_of_next_workday(
    moment: datetime, calendar: BusinessCalendar, zone: tzinfo, working_day: WorkingDay
) -> datetime:
    """When the first workday after ``moment``'s local date opens."""
    day = calendar.next_workday(moment.astimezone(zone).date())
    return _local_instant(day, working_day[0], zone)


def merge_pauses(pauses: Iterable[Span]) -> list[Span]:
    """Pauses in UTC, sorted, overlapping ones joined; empty ones dropped."""
    merged: list[Span] = []
    for start, end in sorted(_checked_pause(p) for p in pauses):
        if start == end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def without_pauses(spans: Iterable[Span], pauses: Sequence[Span]) -> Iterator[Span]:
    """The spans with the merged ``pauses`` cut out (the clock stops while paused)."""
    for start, end in spans:
        yield from _cut(start, end, pauses)


def advance(spans: Iterable[Span], budget: timedelta) -> datetime:
    """The instant at which ``budget`` of running time has been used up."""
    for start, end in spans:
        if end - start >= budget:
            return start + budget
        budget -= end - start
    raise AssertionError("unreachable: the spans never end")


def working_seconds_between(
    a: datetime,
    b: datetime,
    calendar: BusinessCalendar,
    tz: str | tzinfo = DEFAULT_TZ,
    *,
    working_day: WorkingDay = DEFAULT_WORKING_DAY,
) -> float:
    """Working seconds from ``a`` to ``b``; negative when ``b`` is before ``a``."""
    a, b = require_aware(a, "a"), require_aware(b, "b")
    check_working_day(working_day)
    if b < a:
        return -working_seconds_between(b, a, calendar, tz, working_day=working_day)
    total = timedelta()
    for start, end in working_spans(a, calendar, as_zone(tz), working_day):
        if start >= b:
            break
        total += min(end, b) - start
    return total.total_seconds()


def _local_instant(day: date, at: time, zone: tzinfo) -> datetime:
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)


def _checked_pause(pause: Span) -> Span:
    start = require_aware(pause[0], "pause start")
    end = require_aware(pause[1], "pause end")
    if end < start:
        raise ValueError(f"pause ends before it starts: {start.isoformat()} > {end.isoformat()}")
    return start, end


def _cut(start: datetime, end: datetime, pauses: Sequence[Span]) -> Iterator[Span]:
    cursor = start
    for pause_start, pause_end in pauses:
        if pause_end <= cursor:
            continue
        if pause_start >= end:
            break
        if pause_start > cursor:
            yield cursor, pause_start
        cursor = max(cursor, pause_end)
        if cursor >= end:
            return
    if cursor < end:
        yield cursor, end
