"""Properties of due times that must hold for any start, amount and pause."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from aftersales.deadlines import (
    ServiceStandard,
    default_calendar,
    due_at,
    warn_at,
    working_seconds_between,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
CALENDAR = default_calendar()
# Build the years up front: the first estimate of a year takes ~0.1 s, which
# would count against Hypothesis's per-example deadline.
for year in range(2023, 2031):
    CALENDAR.year_calendar(year)

# 2024-2028 covers library years, the New Year into 2027 and estimated years.
# Hypothesis takes naive bounds and attaches the zone itself.
starts = st.datetimes(
    min_value=datetime(2024, 1, 1),  # noqa: DTZ001
    max_value=datetime(2028, 12, 31),  # noqa: DTZ001
    timezones=st.just(UTC),
)
amounts = st.integers(min_value=1, max_value=400)
clocks = st.sampled_from(["calendar", "working"])
units = st.sampled_from(["hours", "days"])


def standard(amount: int, unit: str = "hours", clock: str = "working") -> ServiceStandard:
    return ServiceStandard("property", "respond", amount, unit, clock)


@given(starts, amounts, units, clocks)
def test_the_due_time_is_never_before_the_start(start, amount, unit, clock):
    assert due_at(start, standard(amount, unit, clock), calendar=CALENDAR) >= start


@given(starts, amounts, amounts, units, clocks)
def test_more_time_never_gives_an_earlier_due_time(start, a, b, unit, clock):
    shorter, longer = sorted((a, b))
    assert due_at(start, standard(shorter, unit, clock), calendar=CALENDAR) <= due_at(
        start, standard(longer, unit, clock), calendar=CALENDAR
    )


@given(starts, amounts, units)
def test_a_working_clock_due_time_falls_in_working_time_on_a_workday(start, amount, unit):
    due = due_at(start, standard(amount, unit), calendar=CALENDAR).astimezone(SHANGHAI)
    assert CALENDAR.is_workday(due.date())
    assert time(9) < due.time() <= time(18)


@given(starts, amounts)
def test_working_hours_between_the_start_and_the_due_time_are_the_allowance(start, amount):
    due = due_at(start, standard(amount), calendar=CALENDAR)
    assert working_seconds_between(start, due, CALENDAR) == amount * 3600


@given(starts, amounts, clocks, st.integers(0, 200), st.integers(0, 200))
def test_a_pause_never_brings_the_due_time_forward(start, amount, clock, offset_h, length_h):
    plain = due_at(start, standard(amount, clock=clock), calendar=CALENDAR)
    pause_start = start + timedelta(hours=offset_h)
    pause = [(pause_start, pause_start + timedelta(hours=length_h))]
    assert due_at(start, standard(amount, clock=clock), calendar=CALENDAR, paused=pause) >= plain


@settings(max_examples=50)
@given(starts, amounts, units, clocks)
def test_the_warning_comes_between_the_start_and_the_due_time(start, amount, unit, clock):
    rule = standard(amount, unit, clock)
    warning = warn_at(start, rule, calendar=CALENDAR)
    assert start <= warning <= due_at(start, rule, calendar=CALENDAR)
