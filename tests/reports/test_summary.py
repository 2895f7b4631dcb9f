"""The monthly summary rows give exactly the raw query's figures, on both databases: on the
hand-counted weeks of complaints and claims and on random months (every status, unanswered, paused, overdue and
escalated cases, cases without staff), for every grouping, every role's scope and the
picked scopes; a changed case or a clock that moved on sends its month back to live."""

import random
import secrets
from collections import Counter as Tally
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import delete, func, insert, select, update

from aftersales.audit import service as audit
from aftersales.audit.models import Event
from aftersales.claims.models import Claim
from aftersales.complaints.models import Complaint
from aftersales.org.models import Counter
from aftersales.supervision.reports import (
    claim_stats,
    complaint_stats,
    deadlines,
    places,
    satisfaction,
    summary,
    summary_build,
)
from aftersales.supervision.reports.models import (
    ClaimMonthSummary,
    ClaimSummaryMonth,
    ComplaintMonthSummary,
    ComplaintSummaryMonth,
)
from aftersales.supervision.reports.overview import CLAIM_BY, COMPLAINT_BY
from aftersales.supervision.reports.period import make_period
from tests.complaints.factories import cst, person
from tests.reports.claim_fixtures import build_claims
from tests.reports.fixtures import build_week

TZ = "Asia/Shanghai"
BYS = tuple(b for b in complaint_stats.BY if b != "day")


def _clear(session):
    session.execute(delete(ComplaintMonthSummary))
    session.execute(delete(ComplaintSummaryMonth))


def _figures(session, user, period, scope, now):
    one = {
        by: sorted(
            complaint_stats.grouped(session, user=user, period=period, scope=scope, by=by, now=now),
            key=lambda r: str(r["k"]),
        )
        for by in BYS
    }
    many = complaint_stats.grouped_many(
        session, user=user, period=period, scope=scope, bys=COMPLAINT_BY, now=now
    )
    ratings = Tally()
    for *key, n in satisfaction.rating_rows(
        session, user=user, period=period, scope=scope, now=now
    ):
        ratings[tuple(key)] += n
    many_sorted = {by: sorted(rows, key=lambda r: str(r["k"])) for by, rows in many.items()}
    standards = deadlines.complaint_compliance(
        session, user=user, period=period, scope=scope, now=now
    )
    return one, many_sorted, ratings, standards


def _build(session, months, now):
    mark = summary_build.watermark(session, lag=timedelta(0))
    for m in months:
        summary_build.build_month(session, m, tz=TZ, now=now, checked_event_id=mark)


def _views(session):
    """(user, scope) pairs: the group, a store role, a counter role, and picked places."""
    boss = person(session, "dept_manager")
    counter = session.scalars(select(Counter).order_by(Counter.id)).first()
    out = [
        (boss, places.resolve(session, boss)),
        (boss, places.resolve(session, boss, store="S1")),
        (boss, places.resolve(session, boss, counter=counter.code)),
    ]
    for name in ("floor_supervisor", "counter_manager"):
        user = person(session, name)
        out.append((user, places.resolve(session, user)))
    return out


def test_the_hand_counted_week_summed_up_equals_the_raw_query(session):
    _clear(session)
    build_week(session)
    now = cst(2025, 4, 8, 12, 0)
    march = make_period(date(2025, 3, 1), date(2025, 3, 31), TZ)
    live = {i: _figures(session, u, march, s, now) for i, (u, s) in enumerate(_views(session))}
    total = complaint_stats.total_of(live[0][0]["type"])
    assert total["count"] >= 9  # the week's nine cases, and any other of March
    _build(session, ["2025-03"], now)
    assert summary.usable_months(session, march, now) == ["2025-03"]
    for i, (u, s) in enumerate(_views(session)):
        assert _figures(session, u, march, s, now) == live[i]


def _random_months(session, rng, n):
    counters = [tuple(r) for r in session.execute(select(Counter.id, Counter.store_id))]
    staff = [person(session, name).id for name in ("staff", "staff2", "counter_manager")]
    tag = secrets.token_hex(2)
    rows, start = [], cst(2025, 5, 1, 0, 0)
    for i in range(n):
        counter_id, store_id = rng.choice(counters)
        created = start + timedelta(minutes=rng.randrange(60 * 24 * 92))
        status = rng.choice(
            ["closed", "closed", "closed", "withdrawn", "in_progress", "referred", "registered"]
        )
        answered = rng.random() < 0.7
        respond_by = created + timedelta(hours=rng.choice([2, 12, 24 * 40]))
        rows.append(
            {
                "tracking_code": f"T{tag}{i:07d}",
                "channel": rng.choice(["walk_in", "phone", "hotline", "online"]),
                "type": rng.choice(["service", "product", "facilities"]),
                "cause": rng.choice(["attitude", "quality", None]),
                "severity": "normal",
                "status": status,
                "level": rng.choice([1, 1, 2, 3]),
                "store_id": store_id,
                "counter_id": counter_id if rng.random() < 0.9 else None,
                "staff_id": rng.choice(staff) if rng.random() < 0.6 else None,
                "title": "投诉",
                "description": "",
                "wants": "",
                "place": "",
                "product": "",
                "batch": "",
                "created_at": created,
                "level_since": created,
                "first_response_at": created + timedelta(hours=rng.choice([1, 5, 13]))
                if answered
                else None,
                "respond_by": respond_by,
                "resolve_by": created + timedelta(days=rng.choice([3, 30])),
                "respond_overdue_at": respond_by if rng.random() < 0.1 else None,
                "paused_at": created + timedelta(hours=1) if rng.random() < 0.1 else None,
                "closed_at": created + timedelta(days=rng.choice([1, 5, 40]))
                if status == "closed"
                else None,
                "satisfaction": rng.choice([None, None, 1, 2, 3, 4, 5]),
                "reply_by": created + timedelta(hours=48) if rng.random() < 0.9 else None,
                "replied_at": created + timedelta(hours=rng.choice([3, 60]))
                if rng.random() < 0.6
                else None,
                "reply_overdue_at": created + timedelta(hours=48) if rng.random() < 0.1 else None,
                "resolve_overdue_at": created + timedelta(days=3) if rng.random() < 0.1 else None,
                "version": 1,
            }
        )
    session.execute(insert(Complaint), rows)
    ids = list(
        session.scalars(select(Complaint.id).where(Complaint.tracking_code.like(f"T{tag}%")))
    )
    for cid in rng.sample(ids, n // 8):
        audit.record(
            session,
            "complaint",
            cid,
            "escalated",
            actor=None if rng.random() < 0.5 else person(session, "dept_manager"),
            before={"level": 1},
            after={"level": 2},
        )
    session.flush()
    return ids


def test_random_months_summed_up_equal_the_raw_query_until_a_case_changes(session):
    _clear(session)
    rng = random.Random(7)
    ids = _random_months(session, rng, 400)
    now = cst(2025, 8, 20, 9, 0)
    summer = make_period(date(2025, 5, 1), date(2025, 8, 20), TZ)
    months = ["2025-05", "2025-06", "2025-07"]
    views = _views(session)
    live = [_figures(session, u, summer, s, now) for u, s in views]
    later = cst(2025, 9, 30, 9, 0)  # every case's deadlines behind it
    august = make_period(date(2025, 8, 1), date(2025, 8, 20), TZ)
    september = [_figures(session, u, summer, s, later) for u, s in views]
    assert sum(live[0][2].values()) > 100  # rated cases, open and ended, with and without staff
    assert all(r["on_time"] and r["late"] for r in live[0][3])  # every standard met and missed
    _build(session, months, now)
    assert summary.usable_months(session, summer, now) == months
    assert [_figures(session, u, summer, s, now) for u, s in views] == live
    # The open cases are summed up too, until one of them turns late with the clock.
    summed_open = select(func.sum(ComplaintMonthSummary.open)).where(
        ComplaintMonthSummary.dim == "place"
    )
    boss, group = views[0]
    open_in = {
        name: complaint_stats.total_of(
            complaint_stats.grouped(session, user=boss, period=p, scope=group, by="type", now=now)
        )["open"]
        for name, p in (("summer", summer), ("august", august))
    }
    assert session.execute(summed_open).scalar() == open_in["summer"] - open_in["august"] > 0
    # May and June have no case left to turn; a July case turned late in between.
    assert summary.usable_months(session, summer, later) == months[:2]
    assert [_figures(session, u, summer, s, later) for u, s in views] == september

    # A closed case of June moves to another counter (its event is written with the change):
    # June is counted live again, and the figures still equal the raw query.
    moved = session.scalars(
        select(Complaint).where(
            Complaint.id.in_(ids),
            Complaint.status == "closed",
            Complaint.created_at >= cst(2025, 6, 1),
            Complaint.created_at < cst(2025, 7, 1),
        )
    ).first()
    other = session.scalars(select(Counter).where(Counter.id != moved.counter_id)).first()
    session.execute(
        update(Complaint)
        .where(Complaint.id == moved.id)
        .values(counter_id=other.id, store_id=other.store_id, status="in_progress")
    )
    audit.record(session, "complaint", moved.id, "reopened_test", actor=None)
    session.flush()
    live = [_figures(session, u, summer, s, now) for u, s in views]
    assert summary.usable_months(session, summer, now) == ["2025-05", "2025-07"]
    assert [_figures(session, u, summer, s, now) for u, s in views] == live

    # The worker sums June up again.
    due, fresh = summary_build.months_due(session, tz=TZ, now=now)
    assert "2025-06" in due and "2025-06" not in fresh
    _build(session, ["2025-06"], now)
    assert summary.usable_months(session, summer, now) == months
    assert [_figures(session, u, summer, s, now) for u, s in views] == live


def test_an_unanswered_ended_case_not_yet_due_holds_its_month_until_it_turns_late(session):
    _clear(session)
    c = _random_months(session, random.Random(3), 1)[0]
    created = cst(2025, 5, 30, 10, 0)
    session.execute(
        update(Complaint)
        .where(Complaint.id == c)
        .values(
            created_at=created,
            status="withdrawn",
            first_response_at=None,
            paused_at=None,
            respond_overdue_at=None,
            respond_by=cst(2025, 6, 10, 10, 0),
        )
    )
    session.execute(delete(Event).where(Event.entity == "complaint", Event.entity_id == c))
    may = make_period(date(2025, 5, 1), date(2025, 5, 31), TZ)
    boss = person(session, "dept_manager")
    scope = places.resolve(session, boss)
    built_at, later = cst(2025, 6, 5, 9, 0), cst(2025, 6, 12, 9, 0)
    _build(session, ["2025-05"], built_at)
    assert summary.usable_months(session, may, built_at) == ["2025-05"]
    assert summary.usable_months(session, may, later) == []
    _clear(session)
    live = _figures(session, boss, may, scope, later)
    _build(session, ["2025-05"], built_at)
    assert _figures(session, boss, may, scope, later) == live


def _claim_figures(session, user, period, scope):
    one = {
        by: sorted(
            claim_stats.grouped(session, user=user, period=period, scope=scope, by=by),
            key=lambda r: str(r["k"]),
        )
        for by in claim_stats.BY
    }
    many = claim_stats.grouped_many(session, user=user, period=period, scope=scope, bys=CLAIM_BY)
    return one, {by: sorted(rows, key=lambda r: str(r["k"])) for by, rows in many.items()}


def test_the_hand_counted_claims_summed_up_equal_the_raw_query_until_one_changes(session):
    session.execute(delete(ClaimMonthSummary))
    session.execute(delete(ClaimSummaryMonth))
    build_claims(session)
    march = make_period(date(2025, 3, 1), date(2025, 3, 31), TZ)
    views = _views(session)
    live = [_claim_figures(session, u, march, s) for u, s in views]
    assert claim_stats.total_of(live[0][0]["remedy"])["count"] >= 5
    assert live[0][0]["remedy"] != []
    mark = summary_build.watermark(session, lag=timedelta(0))
    now = cst(2025, 4, 8, 12, 0)
    summary_build.build_claim_month(session, "2025-03", tz=TZ, now=now, checked_event_id=mark)
    assert summary.usable_claim_months(session, march, now) == ["2025-03"]
    assert [_claim_figures(session, u, march, s) for u, s in views] == live

    # A refund recorded later on a March claim: March is read live again, still equal.
    claim = session.scalars(
        select(Claim).where(Claim.opened_at >= cst(2025, 3, 1), Claim.opened_at < cst(2025, 4, 1))
    ).first()
    session.execute(
        update(Claim)
        .where(Claim.id == claim.id)
        .values(remedy="compensation", refund_amount=Decimal("1234.50"), overridden=True)
    )
    audit.record(session, "claim", claim.id, "changed_test", actor=None)
    session.flush()
    live = [_claim_figures(session, u, march, s) for u, s in views]
    assert summary.usable_claim_months(session, march, now) == []
    assert [_claim_figures(session, u, march, s) for u, s in views] == live
    mark = summary_build.watermark(session, lag=timedelta(0))
    summary_build.build_claim_month(session, "2025-03", tz=TZ, now=now, checked_event_id=mark)
    assert summary.usable_claim_months(session, march, now) == ["2025-03"]
    assert [_claim_figures(session, u, march, s) for u, s in views] == live


def test_the_worker_pass_sums_up_a_few_months_at_a_time_and_then_nothing(session):
    _clear(session)
    session.execute(delete(ClaimMonthSummary))
    session.execute(delete(ClaimSummaryMonth))
    _random_months(session, random.Random(5), 60)
    now = cst(2025, 8, 20, 9, 0)
    built: list[str] = []
    for _ in range(40):
        step = summary_build.refresh(session, tz=TZ, now=now, lag=timedelta(0), limit=2)
        assert len([m for m in step if not m.startswith("claims:")]) <= 2
        if not step:
            break
        built += step
    assert {"2025-05", "2025-06", "2025-07"} <= set(built)
    assert summary_build.refresh(session, tz=TZ, now=now, lag=timedelta(0)) == []
    assert summary_build.months_due(session, tz=TZ, now=now)[0] == []
