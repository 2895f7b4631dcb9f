"""The demo gives every role that reads the statistics real figures for last month."""

from aftersales import migrate
from aftersales.db import make_engine, make_session_factory, transaction, utcnow
from aftersales.demo import load_demo
from aftersales.supervision.reports import places
from aftersales.supervision.reports.overview import build_overview
from aftersales.supervision.reports.picker import Picked, to_period
from tests.complaints.factories import person

ROLES = [
    "floor_supervisor",
    "manager_assistant",
    "dept_manager",
    "complaint_station",
    "inspector",
    "admin",
]


def test_every_reader_finds_last_months_figures(tmp_path):
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    migrate.upgrade(url)
    factory = make_session_factory(make_engine(url))
    now = utcnow()
    with transaction(factory) as session:
        load_demo(session, password="demo", now=now, receipts=3000, customers=300)
    with factory() as session:
        period = to_period(Picked("last_month"), "Asia/Shanghai", now)
        for role in ROLES:
            user = person(session, role)
            r = build_overview(
                session,
                user=user,
                period=period,
                now=now,
                lang="zh",
                scope=places.resolve(session, user),
            )
            total = r["complaints"]["total"]
            assert total["count"] >= 5 and total["resolved_on_time"] >= 1, role
            assert r["satisfaction"]["ratings"] >= 3, role
            assert r["claims"]["total"]["count"] >= 1, role
            assert r["inspection_ranking"], role
            if role in ("floor_supervisor", "manager_assistant"):
                assert {row["key"] for row in r["complaints"]["by_store"]} == {"S1"}
