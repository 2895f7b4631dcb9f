"""Claim figures against the five hand-counted claims, on both databases."""

from datetime import date

import pytest

from aftersales.supervision.reports import places, stats
from aftersales.supervision.reports.errors import UnknownGrouping
from aftersales.supervision.reports.period import make_period
from tests.complaints.factories import person
from tests.reports.claim_fixtures import build_claims

WEEK = make_period(date(2025, 3, 3), date(2025, 3, 9), "Asia/Shanghai")


def figures(session, username, by, **picked):
    user = person(session, username)
    scope = places.resolve(session, user, **picked)
    return stats.claim_figures(session, user=user, period=WEEK, scope=scope, by=by, lang="zh")


def test_money_refunded_compensation_and_overrides_for_the_group(session):
    build_claims(session)
    answer = figures(session, "dept_manager", "remedy")
    assert answer["total"] == {
        "count": 5,
        "refunded": "1241.59",
        "compensated": "3000.00",
        "overridden": 1,
    }
    rows = {r["key"]: r for r in answer["rows"]}
    assert rows["return"] == {
        "key": "return",
        "label": "退货",
        "count": 2,
        "refunded": "913.59",
        "compensated": "0.00",
        "overridden": 0,
    }
    assert rows["compensation"]["compensated"] == "3000.00"
    assert rows["compensation"]["overridden"] == 1
    assert rows[None]["count"] == 1 and rows[None]["refunded"] == "0.00"


def test_store_scope_and_other_groupings(session):
    build_claims(session)
    s1 = figures(session, "floor_supervisor", "counter")
    assert s1["total"] == {
        "count": 4,
        "refunded": "1141.59",
        "compensated": "3000.00",
        "overridden": 1,
    }
    assert {r["key"] for r in s1["rows"]} == {"S1-F1-C01", "S1-F2-C01"}
    stores = {r["key"]: r["count"] for r in figures(session, "dept_manager", "store")["rows"]}
    assert stores == {"S1": 4, "S2": 1}
    cats = figures(session, "dept_manager", "category")["rows"]
    assert [(r["key"], r["label"], r["count"]) for r in cats] == [("footwear", "鞋类", 5)]
    assert sum(r["count"] for r in figures(session, "dept_manager", "brand")["rows"]) == 5
    assert sum(r["count"] for r in figures(session, "dept_manager", "outcome")["rows"]) == 5
    assert (
        figures(session, "dept_manager", "remedy", counter="S1-F2-C01")["total"]["refunded"]
        == "328.00"
    )


def test_an_unknown_grouping_is_refused(session):
    with pytest.raises(UnknownGrouping):
        figures(session, "dept_manager", "type")


def test_the_pages_one_pass_equals_each_grouping_on_its_own(session):
    from aftersales.supervision.reports import claim_stats

    build_claims(session)
    user = person(session, "dept_manager")
    scope = places.resolve(session, user)
    many = claim_stats.grouped_many(
        session, user=user, period=WEEK, scope=scope, bys=claim_stats.BY
    )
    for by in claim_stats.BY:
        one = claim_stats.grouped(session, user=user, period=WEEK, scope=scope, by=by)
        key = lambda r: str(r["k"])  # noqa: E731
        assert sorted(many[by], key=key) == sorted(one, key=key), by
