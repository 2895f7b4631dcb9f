"""Due times on the calendar clock and the working clock, with pauses."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from aftersales.deadlines import (
    ServiceStandard,
    default_calendar,
    due_at,
    warn_at,
    working_seconds_between,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
CALENDAR = default_calendar()

RESPOND_12_WORKING_HOURS = ServiceStandard("respond", "respond", 12, "hours", "working")
HOTLINE_4_WORKING_HOURS = ServiceStandard("hotline", "hotline_answer", 4, "hours", "working")
RESOLVE_30_DAYS = ServiceStandard("resolve", "resolve", 30, "days", "calendar")
SHIP_2_DAYS = ServiceStandard("ship", "ship", 2, "days", "calendar")
REPAIR_3_WORKING_DAYS = ServiceStandard("repair", "repair", 3, "days", "working")


def local(*args: int) -> datetime:
    """An instant given as Shanghai wall-clock time."""
    return datetime(*args, tzinfo=SHANGHAI)


def due_local(start: datetime, standard: ServiceStandard, **options) -> datetime:
    return due_at(start, standard, calendar=CALENDAR, **options).astimezone(SHANGHAI)


def test_the_due_time_is_returned_in_utc():
    due = due_at(local(2025, 11, 14, 17), RESPOND_12_WORKING_HOURS, calendar=CALENDAR)
    assert due == datetime(2025, 11, 18, 3, tzinfo=UTC)
    assert due.tzinfo is UTC


def test_12_working_hours_from_friday_1700_skip_the_weekend():
    # Fri 17-18 (1 h) + Mon 9-18 (9 h) + Tue 9-11 (2 h).
    assert due_local(local(2025, 11, 14, 17), RESPOND_12_WORKING_HOURS) == local(2025, 11, 18, 11)


def test_working_hours_skip_national_day_2025():
    # Tue Sep 30 15-18 (3 h), Oct 1-8 off, Thu Oct 9 9-18 (9 h).
    assert due_local(local(2025, 9, 30, 15), RESPOND_12_WORKING_HOURS) == local(2025, 10, 9, 18)
    assert due_local(local(2025, 9, 30, 17), HOTLINE_4_WORKING_HOURS) == local(2025, 10, 9, 12)


def test_working_hours_count_the_make_up_sunday():
    # Sat Sep 27 is a rest day; Sun Sep 28 is worked (9 h), then Mon 9-12.
    assert due_local(local(2025, 9, 27, 12), RESPOND_12_WORKING_HOURS) == local(2025, 9, 29, 12)


def test_a_start_before_opening_counts_from_the_opening():
    assert due_local(local(2025, 11, 17, 6, 30), HOTLINE_4_WORKING_HOURS) == local(2025, 11, 17, 13)


def test_the_calendar_clock_adds_30_days_through_the_holiday():
    assert due_local(local(2025, 9, 30, 10), RESOLVE_30_DAYS) == local(2025, 10, 30, 10)


def test_working_days_end_at_close_of_business_on_the_nth_workday():
    # The start day does not count: Sun Sep 28 (made up), Mon 29, Tue 30.
    assert due_local(local(2025, 9, 26, 10), REPAIR_3_WORKING_DAYS) == local(2025, 9, 30, 18)
    # Then National Day: Thu Oct 9, Fri Oct 10, Sat Oct 11 (made up).
    assert due_local(local(2025, 9, 30, 10), REPAIR_3_WORKING_DAYS) == local(2025, 10, 11, 18)


def test_a_pause_extends_the_working_clock_by_the_working_time_paused():
    start = local(2025, 11, 14, 10)
    assert due_local(start, RESPOND_12_WORKING_HOURS) == local(2025, 11, 17, 13)
    waiting_on_customer = [(local(2025, 11, 14, 14), local(2025, 11, 17, 10))]
    # Paused: Fri 14-18 and Mon 9-10, 5 working hours; the weekend costs nothing.
    assert due_local(start, RESPOND_12_WORKING_HOURS, paused=waiting_on_customer) == local(
        2025, 11, 17, 18
    )


def test_a_pause_extends_the_calendar_clock_by_the_time_paused():
    pause = [(local(2025, 11, 15, 8), local(2025, 11, 15, 14))]
    assert due_local(local(2025, 11, 14, 10), SHIP_2_DAYS, paused=pause) == local(2025, 11, 16, 16)


def test_overlapping_and_out_of_range_pauses_count_once():
    pauses = [
        (local(2025, 11, 14, 14), local(2025, 11, 14, 16)),
        (local(2025, 11, 14, 15), local(2025, 11, 14, 17)),  # overlaps the first
        (local(2025, 11, 13, 9), local(2025, 11, 13, 18)),  # before the start
        (local(2025, 12, 1, 9), local(2025, 12, 1, 18)),  # after the due time
    ]
    assert due_local(local(2025, 11, 14, 10), RESPOND_12_WORKING_HOURS, paused=pauses) == local(
        2025, 11, 17, 16
    )


def test_working_hours_cross_new_year_into_an_unpublished_year():
    # Thu Dec 31 2026 17-18 (1 h); Fri Jan 1 2027 is New Year's Day (estimated),
    # then the weekend; Mon Jan 4 9-18 (9 h), Tue Jan 5 9-11 (2 h).
    assert due_local(local(2026, 12, 31, 17), RESPOND_12_WORKING_HOURS) == local(2027, 1, 5, 11)
    assert CALENDAR.is_estimated(2027)


def test_new_year_uses_the_entered_notice_when_there_is_one():
    # Say the 2027 notice gives Jan 1 and Mon Jan 4 off.
    calendar = default_calendar({date(2027, 1, 1): "holiday", date(2027, 1, 4): "holiday"})
    due = due_at(local(2026, 12, 31, 17), RESPOND_12_WORKING_HOURS, calendar=calendar)
    assert due.astimezone(SHANGHAI) == local(2027, 1, 6, 11)
    assert calendar.warnings_for(2027) == []


def test_a_custom_working_day_and_zone():
    store_hours = (time(10), time(22))
    assert due_local(
        local(2025, 11, 14, 17), RESPOND_12_WORKING_HOURS, working_day=store_hours
    ) == local(2025, 11, 17, 17)
    tokyo = ZoneInfo("Asia/Tokyo")
    due = due_at(
        datetime(2025, 11, 14, 17, tzinfo=tokyo),
        HOTLINE_4_WORKING_HOURS,
        calendar=CALENDAR,
        tz="Asia/Tokyo",
    )
    assert due.astimezone(tokyo) == datetime(2025, 11, 17, 12, tzinfo=tokyo)


def test_the_warning_comes_at_three_quarters_of_the_working_time():
    # 9 of 12 working hours: Fri 17-18 and Mon 9-17.
    warning = warn_at(local(2025, 11, 14, 17), RESPOND_12_WORKING_HOURS, calendar=CALENDAR)
    assert warning.astimezone(SHANGHAI) == local(2025, 11, 17, 17)


def test_the_warning_fraction_is_checked():
    with pytest.raises(ValueError):
        warn_at(local(2025, 11, 14, 17), SHIP_2_DAYS, calendar=CALENDAR, fraction=0)


def test_working_seconds_between():
    friday, tuesday = local(2025, 11, 14, 17), local(2025, 11, 18, 11)
    assert working_seconds_between(friday, tuesday, CALENDAR) == 12 * 3600
    assert working_seconds_between(tuesday, friday, CALENDAR) == -12 * 3600
    assert working_seconds_between(local(2025, 10, 1, 9), local(2025, 10, 8, 18), CALENDAR) == 0


NAIVE = datetime(2025, 11, 14, 17)  # noqa: DTZ001 - naive on purpose, to be refused


@pytest.mark.parametrize(
    "call",
    [
        lambda: due_at(NAIVE, RESPOND_12_WORKING_HOURS, calendar=CALENDAR),
        lambda: due_at(
            local(2025, 11, 14, 17),
            RESPOND_12_WORKING_HOURS,
            calendar=CALENDAR,
            paused=[(NAIVE, local(2025, 11, 15, 9))],
        ),
        lambda: working_seconds_between(NAIVE, local(2025, 11, 15), CALENDAR),
        lambda: warn_at(NAIVE, SHIP_2_DAYS, calendar=CALENDAR),
    ],
)
def test_naive_datetimes_are_refused(call):
    with pytest.raises(ValueError, match="timezone-aware"):
        call()


def test_a_pause_ending_before_it_starts_is_refused():
    with pytest.raises(ValueError, match="pause ends before it starts"):
        due_at(
            local(2025, 11, 14, 17),
            SHIP_2_DAYS,
            calendar=CALENDAR,
            paused=[(local(2025, 11, 15), local(2025, 11, 14))],
        )


def test_a_working_day_that_closes_before_it_opens_is_refused():
    with pytest.raises(ValueError, match="open before it closes"):
        due_at(
            local(2025, 11, 14, 17),
            RESPOND_12_WORKING_HOURS,
            calendar=CALENDAR,
            working_day=(time(18), time(9)),
        )
