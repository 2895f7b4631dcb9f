"""Satisfaction over the hand-counted week, and the repair turnaround's percentiles."""

from datetime import date, timedelta

from sqlalchemy import update

from aftersales.complaints.models import Complaint
from aftersales.supervision.reports import places
from aftersales.supervision.reports.period import make_period
from aftersales.supervision.reports.repair_stats import percentile
from aftersales.supervision.reports.satisfaction import satisfaction_figures
from tests.complaints.factories import person
from tests.reports.fixtures import build_week

WEEK = make_period(date(2025, 3, 3), date(2025, 3, 9), "Asia/Shanghai")


def _rate(session, complaint, rating):
    session.execute(
        update(Complaint).where(Complaint.id == complaint.id).values(satisfaction=rating)
    )


def test_ratings_distribution_average_and_breakdowns(session):
    cases = build_week(session)
    for name, rating in (("a", 5), ("e", 2), ("s2", 4), ("before", 1)):
        _rate(session, cases[name], rating)
    user = person(session, "dept_manager")
    s = satisfaction_figures(session, user=user, period=WEEK, scope=places.resolve(session, user))
    assert s["ratings"] == 3 and s["average"] == 3.67 and s["low"] == 1
    assert s["distribution"] == {"1": 0, "2": 1, "3": 0, "4": 1, "5": 1}
    stores = {r["key"]: (r["ratings"], r["average"]) for r in s["by_store"]}
    assert stores == {"S1": (2, 3.5), "S2": (1, 4.0)}
    assert {r["key"]: r["ratings"] for r in s["by_staff"]} == {"staff": 2, "staff2": 1}
    s1 = person(session, "floor_supervisor")
    mine = satisfaction_figures(session, user=s1, period=WEEK, scope=places.resolve(session, s1))
    assert mine["ratings"] == 2 and {r["key"] for r in mine["by_store"]} == {"S1"}


def test_turnaround_percentiles_from_the_histogram():
    hist = [(3, 2), (10, 1), (18, 1), (25, 1)]  # 3, 3, 10, 18, 25 days
    assert percentile(hist, 0.5) == 10
    assert percentile(hist, 0.9) == 25
    assert percentile([(4, 1), (8, 1)], 0.5) == 6
    assert percentile([], 0.5) is None


def _order(session, *, line, counter, store, opened, days=None, factory=False):
    from aftersales.repairs import service as repairs
    from aftersales.repairs.models import WorkKind, WorkOrder
    from tests.complaints.factories import cst

    item = repairs.RepairItem(None, line, store, counter, "FW-1", "女士短靴", "glue_open", None)
    order = repairs.open_work_order(
        session,
        item=item,
        kind=WorkKind.free,
        actor=person(session, "technician"),
        now=cst(*opened),
    )
    if days is not None:  # handed back `days` later, on the turnaround's last day
        back = cst(*opened) + timedelta(days=days)
        session.execute(
            update(WorkOrder)
            .where(WorkOrder.id == order.id)
            .values(
                status="handed_back",
                back_on=back.date(),
                handed_back_at=back,
                fixed=True,
                sent_to_factory_at=cst(*opened) if factory else None,
            )
        )
    session.flush()


def test_repairs_opened_closed_turnaround_promise_factory_and_came_back(session):
    from sqlalchemy import select

    from aftersales.org.models import Counter
    from aftersales.sales.models import ReceiptLine
    from aftersales.supervision.reports.repair_stats import repair_figures

    counter = session.scalars(select(Counter).where(Counter.code == "S1-F1-C01")).one()
    lines = list(session.scalars(select(ReceiptLine.id).order_by(ReceiptLine.id).limit(3)))
    where = {"counter": counter.id, "store": counter.store_id}
    # Handed back in March 2025 after 3, 10, 18 and 25 days; one still open; one an old
    # item back for the second time (same receipt line as the first).
    _order(session, line=lines[0], opened=(2025, 2, 27, 10), days=3, **where)
    _order(session, line=lines[1], opened=(2025, 3, 1, 10), days=10, factory=True, **where)
    _order(session, line=lines[2], opened=(2025, 3, 2, 10), days=18, **where)
    _order(session, line=None, opened=(2025, 3, 3, 10), days=25, **where)
    _order(session, line=None, opened=(2025, 3, 20, 10), **where)
    _order(session, line=lines[0], opened=(2025, 3, 21, 10), **where)
    march = make_period(date(2025, 3, 1), date(2025, 3, 31), "Asia/Shanghai")
    user = person(session, "dept_manager")
    r = repair_figures(session, user=user, period=march, scope=places.resolve(session, user))
    assert (r["opened"], r["closed"]) == (5, 4)  # the first was opened in February
    assert r["median_days"] == 14.0 and r["p90_days"] == 25.0
    assert r["within_promise"] == 3 and r["within_promise_share"] == 0.75
    assert r["factory_returns"] == 1 and r["came_back"] == 1
    s2 = person(session, "staff2")  # a counter in S2 sees none of S1's repairs
    assert repair_figures(session, user=s2, period=march, scope=places.Scope())["opened"] == 0
