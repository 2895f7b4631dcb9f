"""Period arithmetic at its edges: last day in, the day after out."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from aftersales.policy.calendar import default_calendar
from aftersales.policy.model import Duration, Unit
from aftersales.policy.periods import add_duration, period_end

from .helpers import allowed, answer, refused, request

D = date.fromisoformat


@pytest.mark.parametrize(
    ("start", "length", "end"),
    [
        ("2023-03-01", Duration(7, Unit.DAYS), "2023-03-08"),
        ("2023-01-31", Duration(1, Unit.MONTHS), "2023-02-28"),
        ("2024-01-31", Duration(1, Unit.MONTHS), "2024-02-29"),
        ("2023-11-30", Duration(3, Unit.MONTHS), "2024-02-29"),
        ("2023-12-20", Duration(15, Unit.DAYS), "2024-01-04"),
        ("2023-08-31", Duration(6, Unit.MONTHS), "2024-02-29"),
        ("2024-02-29", Duration(1, Unit.YEARS), "2025-02-28"),
        ("2023-12-31", Duration(2, Unit.MONTHS), "2024-02-29"),
    ],
)
def test_period_ends(start, length, end):
    assert add_duration(D(start), length) == D(end)


@pytest.mark.parametrize(
    ("requested_on", "granted"),
    [
        ("2023-03-08", True),
        ("2023-03-09", False),
    ],
)
def test_online_seven_days_last_day_in_day_after_out(requested_on, granted):
    data = request(
        category="general",
        material=None,
        problem="no_reason",
        channel="online",
        sold_on="2023-02-27",
        received_on="2023-03-01",
        requested_on=requested_on,
    )

    assert ("return" in allowed(answer(data))) is granted


@pytest.mark.parametrize(
    ("material", "last_day"),
    [
        ("leather", "2023-11-30"),
        ("rubber", "2023-10-31"),
        ("fabric", "2023-09-30"),
        ("synthetic_leather", "2023-09-30"),
        ("plastic", "2023-09-30"),
        ("children", "2023-09-15"),
    ],
)
def test_footwear_periods_by_material(material, last_day):
    # Sold on 31 August: month periods end on the month's last day.
    inside = request(
        material=material, problem="heel_cap_off", sold_on="2023-08-31", requested_on=last_day
    )
    after = dict(inside, requested_on=(D(last_day).toordinal() + 1))
    after["requested_on"] = date.fromordinal(after["requested_on"]).isoformat()

    assert "free_repair" in allowed(answer(inside))
    assert "free_repair" not in allowed(answer(after))


def test_footwear_period_crosses_new_year():
    data = request(
        material="children", problem="stitch_loose", sold_on="2023-12-20", requested_on="2024-01-04"
    )

    assert "free_repair" in allowed(answer(data))
    assert "free_repair" in refused(answer(dict(data, requested_on="2024-01-05")))


def test_days_under_repair_do_not_count():
    # fabric: 1 month from 2023-03-01 ends 2023-04-01; 5 days away (10th to 14th) -> 04-06
    repairs = [{"part": "sole", "on": "2023-03-10", "back_on": "2023-03-14", "fixed": True}]
    data = request(
        material="fabric", problem="glue_open", repairs=repairs, requested_on="2023-04-06"
    )

    assert "free_repair" in allowed(answer(data))
    assert "free_repair" not in allowed(answer(dict(data, requested_on="2023-04-07")))


def test_periods_restart_after_an_exchange():
    data = request(
        problem="glue_open",
        sold_on="2023-01-10",
        exchanged_on="2023-05-01",
        requested_on="2023-08-01",
    )

    assert "free_repair" in allowed(answer(data))
    assert "free_repair" not in allowed(answer(dict(data, requested_on="2023-08-02")))


def appliance(**fields) -> dict:
    return request(
        category="appliance",
        material=None,
        product_type="color_tv",
        problem="performance_fault",
        evidence=["invoice"],
        **fields,
    )


def test_holiday_extension_national_day_2023():
    # Received 2023-09-24: day 7 is 10-01, inside the National Day holiday
    # (09-29 to 10-06); 10-07 is a make-up workday, so the period ends then.
    on_last_day = appliance(sold_on="2023-09-24", requested_on="2023-10-07")
    day_after = appliance(sold_on="2023-09-24", requested_on="2023-10-08")

    assert allowed(answer(on_last_day))["return"]["clause"] == "appliance.d7.return"
    # Day 8 is inside the 15-day window: a refund only less depreciation (SB1995 Art. 13).
    late = allowed(answer(day_after))["return"]
    assert late["clause"] == "appliance.d15.refund"
    assert Decimal(late["amount"]) < Decimal(on_last_day["paid"])


def test_holiday_extension_over_a_weekend():
    # 2023-03-04 + 7 = Saturday 03-11 -> Monday 03-13.
    last = allowed(answer(appliance(sold_on="2023-03-04", requested_on="2023-03-13")))
    after = allowed(answer(appliance(sold_on="2023-03-04", requested_on="2023-03-14")))
    assert last["return"]["clause"] == "appliance.d7.return"
    assert after["return"]["clause"] == "appliance.d15.refund"


def test_store_periods_are_not_extended_for_holidays():
    # footwear leather: 2023-07-01 + 3 months = Sunday 10-01, a holiday: no extension.
    data = request(problem="glue_open", sold_on="2023-07-01", requested_on="2023-10-02")

    assert "free_repair" not in allowed(answer(data))


def test_calendar_falls_back_to_weekdays_after_the_published_years():
    calendar = default_calendar()

    assert calendar.is_workday(date(2030, 1, 7)) is True  # a Monday
    assert calendar.is_workday(date(2030, 1, 5)) is False  # a Saturday
    assert period_end(D("2029-12-30"), Duration(7, Unit.DAYS), calendar=calendar) == D("2030-01-07")


def test_periods_start_from_the_later_of_sale_and_receipt():
    data = appliance(sold_on="2023-03-01", received_on="2023-03-10", requested_on="2023-03-17")

    assert "return" in allowed(answer(data))
