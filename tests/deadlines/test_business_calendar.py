"""The business calendar: library years, the override table, estimated years."""

from datetime import date, datetime

import chinese_calendar
import pytest

from aftersales.deadlines import BusinessCalendar, YearSource, default_calendar


@pytest.fixture(scope="module")
def calendar() -> BusinessCalendar:
    return default_calendar()


def days(start: date, end: date) -> list[date]:
    return [date.fromordinal(n) for n in range(start.toordinal(), end.toordinal() + 1)]


# -- National Day 2025: Oct 1-8 off, make-up workdays Sun Sep 28 and Sat Oct 11


def test_national_day_2025_is_eight_rest_days(calendar):
    golden_week = days(date(2025, 10, 1), date(2025, 10, 8))
    assert [calendar.is_workday(d) for d in golden_week] == [False] * 8
    assert all(calendar.is_statutory_holiday(d) for d in golden_week)
    assert calendar.is_workday(date(2025, 10, 9))


def test_national_day_2025_make_up_workdays_are_a_sunday_and_a_saturday(calendar):
    assert date(2025, 9, 28).strftime("%a") == "Sun"
    assert date(2025, 10, 11).strftime("%a") == "Sat"
    assert calendar.is_workday(date(2025, 9, 28))
    assert calendar.is_workday(date(2025, 10, 11))
    assert not calendar.is_statutory_holiday(date(2025, 10, 11))


def test_national_day_2025_agrees_with_the_library(calendar):
    for day in days(date(2025, 9, 20), date(2025, 10, 20)):
        assert calendar.is_workday(day) == chinese_calendar.is_workday(day), day


def test_a_plain_weekend_is_a_rest_day_but_not_a_statutory_holiday(calendar):
    saturday = date(2025, 10, 18)
    assert calendar.is_rest_day(saturday)
    assert not calendar.is_statutory_holiday(saturday)


# -- Spring Festival 2026: Feb 15-23 off, make-up Saturdays Feb 14 and Feb 28


def test_spring_festival_2026(calendar):
    assert [calendar.is_workday(d) for d in days(date(2026, 2, 15), date(2026, 2, 23))] == [
        False
    ] * 9
    assert calendar.is_workday(date(2026, 2, 14))  # Saturday, made up
    assert calendar.is_workday(date(2026, 2, 28))  # Saturday, made up
    assert calendar.is_workday(date(2026, 2, 24))
    assert not calendar.is_estimated(2026)
    assert calendar.warnings_for(2026) == []


def test_next_workday_jumps_the_spring_festival(calendar):
    assert calendar.next_workday(date(2026, 2, 14)) == date(2026, 2, 24)
    assert calendar.first_workday_on_or_after(date(2026, 2, 15)) == date(2026, 2, 24)
    assert calendar.first_workday_on_or_after(date(2026, 2, 24)) == date(2026, 2, 24)


def test_add_workdays_counts_the_make_up_saturday(calendar):
    # Fri Sep 26 2025: +1 is the make-up Sunday Sep 28, +2 Mon Sep 29, +3 Tue Sep 30,
    # then the holiday, +4 is Thu Oct 9, +5 Fri Oct 10, +6 the make-up Sat Oct 11.
    start = date(2025, 9, 26)
    assert [calendar.add_workdays(start, n) for n in range(1, 7)] == [
        date(2025, 9, 28),
        date(2025, 9, 29),
        date(2025, 9, 30),
        date(2025, 10, 9),
        date(2025, 10, 10),
        date(2025, 10, 11),
    ]
    assert calendar.add_workdays(date(2025, 10, 9), -1) == date(2025, 9, 30)
    assert calendar.add_workdays(date(2025, 10, 4), 0) == date(2025, 10, 9)


# -- The override table wins


def test_an_override_holiday_wins_over_the_library():
    # A store-wide day off for a local festival on a normal Wednesday.
    calendar = default_calendar({date(2025, 10, 15): "holiday"})
    assert not calendar.is_workday(date(2025, 10, 15))
    assert calendar.is_statutory_holiday(date(2025, 10, 15))


def test_an_override_workday_wins_over_the_library():
    calendar = default_calendar({date(2025, 10, 8): "workday", date(2025, 10, 12): "workday"})
    assert calendar.is_workday(date(2025, 10, 8))  # library: National Day
    assert calendar.is_workday(date(2025, 10, 12))  # a Sunday
    assert not calendar.is_workday(date(2025, 10, 7))


def test_a_year_entered_in_the_table_is_not_estimated():
    notice_2027 = {date(2027, 1, 1): "holiday", date(2027, 2, 20): "workday"}
    calendar = default_calendar(notice_2027)
    assert calendar.source_of(2027) is YearSource.TABLE
    assert not calendar.is_estimated(2027)
    assert calendar.warnings_for(2027) == []
    assert not calendar.is_workday(date(2027, 1, 1))
    assert calendar.is_workday(date(2027, 2, 20))  # a Saturday
    # Only what the notice lists: no estimated Spring Festival on top.
    assert calendar.is_workday(date(2027, 2, 9))


@pytest.mark.parametrize(
    "overrides",
    [
        {date(2025, 1, 1): "day off"},
        {datetime(2025, 1, 1): "holiday"},  # noqa: DTZ001 - a datetime key is the error tested
        {"2025-01-01": "holiday"},
    ],
)
def test_a_malformed_override_is_refused(overrides):
    with pytest.raises(ValueError):
        BusinessCalendar(overrides)


# -- Years nobody has published


def test_2027_is_estimated_with_a_warning_and_no_exception(calendar):
    assert calendar.is_estimated(2027)
    assert calendar.source_of(2027) is YearSource.ESTIMATE
    [warning] = calendar.warnings_for(2027)
    assert "2027" in warning and "estimated" in warning
    assert not calendar.is_workday(date(2027, 1, 1))  # New Year's Day, a Friday
    assert calendar.is_statutory_holiday(date(2027, 10, 1))
    assert not calendar.is_workday(date(2027, 1, 2))  # a Saturday
    assert calendar.is_workday(date(2027, 1, 4))  # a Monday
    assert calendar.next_workday(date(2026, 12, 31)) == date(2027, 1, 4)


def test_an_estimated_year_uses_make_up_workdays_when_the_holidays_library_has_them(calendar):
    # chinese_calendar starts in 2004; `holidays` lists 2001's make-up weekend.
    assert date(2001, 12, 29).strftime("%a") == "Sat"
    assert calendar.is_estimated(2001)
    assert calendar.is_workday(date(2001, 12, 29))
    assert "without make-up workdays" not in calendar.warnings_for(2001)[0]
    assert "without make-up workdays" in calendar.warnings_for(2027)[0]


@pytest.mark.parametrize("year", [1, 1900, 2003, 2100, 9999])
def test_any_year_answers_without_raising(calendar, year):
    calendar.is_workday(date(year, 6, 15))
    assert calendar.is_estimated(year)
    assert calendar.warnings_for(year)


def test_a_library_year_has_no_warnings(calendar):
    assert calendar.source_of(2025) is YearSource.LIBRARY
    assert calendar.warnings_for(2025) == []
