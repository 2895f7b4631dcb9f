"""Complaint figures against the hand-counted week in fixtures.py, on both databases."""

from datetime import date

import pytest

from aftersales.supervision.reports import places, stats
from aftersales.supervision.reports.errors import (
    BadPeriod,
    NotAllowed,
    PlaceOutOfScope,
    UnknownGrouping,
    UnknownPlace,
)
from aftersales.supervision.reports.period import make_period
from tests.complaints.factories import person
from tests.reports.fixtures import NOW, build_week

WEEK = make_period(date(2025, 3, 3), date(2025, 3, 9), "Asia/Shanghai")
GROUP_TOTAL = {
    "count": 9,
    "responded_on_time": 4,
    "responded_late": 3,
    "resolved_on_time": 1,
    "resolved_late": 2,
    "open": 6,
    "escalated": 2,
}
S1_TOTAL = {
    "count": 8,
    "responded_on_time": 3,
    "responded_late": 3,
    "resolved_on_time": 1,
    "resolved_late": 2,
    "open": 5,
    "escalated": 2,
}


def figures(session, username, by, lang="zh", **picked):
    user = person(session, username)
    scope = places.resolve(session, user, **picked)
    return stats.complaint_figures(
        session, user=user, period=WEEK, scope=scope, by=by, now=NOW, lang=lang
    )


def test_the_group_sees_every_case_of_the_week_with_its_edges(session):
    build_week(session)
    answer = figures(session, "dept_manager", "type")
    assert answer["total"] == GROUP_TOTAL
    assert answer["from"] == "2025-03-03" and answer["to"] == "2025-03-09"
    rows = {r["key"]: r for r in answer["rows"]}
    assert rows["service"]["label"] == "服务性投诉"
    assert rows["service"] == {
        "key": "service",
        "label": "服务性投诉",
        "count": 6,
        "responded_on_time": 4,
        "responded_late": 2,
        "resolved_on_time": 1,
        "resolved_late": 1,
        "open": 3,
        "escalated": 2,
    }
    assert rows["product"]["count"] == 2 and rows["product"]["responded_late"] == 1
    assert rows["facilities"]["count"] == 1


def test_cases_without_staff_count_under_null(session):
    build_week(session)
    answer = figures(session, "dept_manager", "staff")
    counts = {r["key"]: r["count"] for r in answer["rows"]}
    assert counts == {"staff": 5, "staff2": 1, None: 3}
    assert answer["total"] == GROUP_TOTAL
    assert {r["label"] for r in answer["rows"] if r["key"] is None} == {"（未填）"}


def test_days_counters_and_levels(session):
    build_week(session)
    days = figures(session, "dept_manager", "day")["rows"]
    assert [(r["key"], r["count"]) for r in days] == [("2025-03-04", 8), ("2025-03-09", 1)]
    counters = {r["key"]: r["count"] for r in figures(session, "dept_manager", "counter")["rows"]}
    assert counters == {"S1-F1-C01": 7, "S1-F2-C01": 1, "S2-F1-C01": 1}
    levels = {r["key"]: r["count"] for r in figures(session, "dept_manager", "level")["rows"]}
    assert levels["2"] == 2 and sum(levels.values()) == 9
    floors = {r["key"]: r["count"] for r in figures(session, "dept_manager", "floor")["rows"]}
    assert floors == {"S1-F1": 7, "S1-F2": 1, "S2-F1": 1}


def test_a_store_manager_of_s1_never_sees_s2(session):
    build_week(session)
    for by in ("store", "counter", "staff", "brand", "type"):
        answer = figures(session, "floor_supervisor", by)
        assert answer["total"] == S1_TOTAL
        keys = {str(r["key"]) for r in answer["rows"]}
        assert not any(k.startswith("S2") or k == "staff2" for k in keys), (by, keys)
    with pytest.raises(PlaceOutOfScope) as refused:
        figures(session, "floor_supervisor", "type", store="S2")
    assert refused.value.field == "store"
    with pytest.raises(PlaceOutOfScope):
        figures(session, "manager_assistant", "type", counter="S2-F1-C01")


def test_picking_a_counter_or_a_store_narrows_the_figures(session):
    build_week(session)
    counter = figures(session, "dept_manager", "type", counter="S1-F2-C01")
    assert counter["total"]["count"] == 1 and counter["total"]["resolved_late"] == 1
    s2 = figures(session, "dept_manager", "status", store="S2")
    assert s2["total"]["count"] == 1
    assert figures(session, "dept_manager", "cause", lang="en")["rows"][0]["label"]


def test_bad_input_names_the_field(session):
    with pytest.raises(UnknownGrouping) as e:
        figures(session, "dept_manager", "colour")
    assert e.value.field == "by" and e.value.status == 422
    with pytest.raises(UnknownPlace) as e:
        figures(session, "dept_manager", "type", store="S9")
    assert e.value.field == "store"
    with pytest.raises(BadPeriod):
        make_period(date(2025, 3, 9), date(2025, 3, 3), "Asia/Shanghai")
    with pytest.raises(BadPeriod):
        make_period(date(2025, 1, 1), date(2026, 1, 2), "Asia/Shanghai")
    assert make_period(date(2024, 1, 1), date(2024, 12, 31), "Asia/Shanghai").days == 366
    with pytest.raises(NotAllowed):
        figures(session, "counter_manager", "type")


def test_the_pages_one_pass_equals_each_grouping_on_its_own(session):
    build_week(session)
    user = person(session, "dept_manager")
    scope = places.resolve(session, user)
    from aftersales.supervision.reports import complaint_stats

    bys = complaint_stats.BY
    many = complaint_stats.grouped_many(
        session, user=user, period=WEEK, scope=scope, bys=bys, now=NOW
    )
    for by in bys:
        one = complaint_stats.grouped(session, user=user, period=WEEK, scope=scope, by=by, now=NOW)
        key = lambda r: str(r["k"])  # noqa: E731
        assert sorted(many[by], key=key) == sorted(one, key=key), by
