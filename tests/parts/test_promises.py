"""The turnaround promise warns, then escalates once; the phone rules' loaner; the limits."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from aftersales.audit.models import Event
from aftersales.db import make_engine, make_session_factory, transaction
from aftersales.parts import promises, tasks
from aftersales.parts.errors import LoanerAlreadyGiven
from aftersales.parts.models import RepairWatch
from tests.claims.factories import person
from tests.parts.factories import NOW, PHONE, work_order


def _actions(session, order_id):
    return list(
        session.scalars(
            select(Event.action)
            .where(Event.entity == "work_order", Event.entity_id == order_id)
            .order_by(Event.id)
        )
    )


def _sweep(session, now):
    tasks.enrol(session, now=now)
    while tasks.sweep_batch(session, now=now) == tasks.BATCH:
        pass


def test_the_holder_is_warned_before_eighteen_days_and_escalated_once_after(session):
    order = work_order(session, days_ago=14)  # 3/4 of 18 days is 13.5 days
    _sweep(session, NOW)
    watch = session.scalars(select(RepairWatch).where(RepairWatch.work_order_id == order.id)).one()
    assert watch.promise_days == 18
    assert watch.due_at == order.opened_at + timedelta(days=18)
    assert _actions(session, order.id).count("promise_warned") == 1
    _sweep(session, NOW + timedelta(days=5))
    _sweep(session, NOW + timedelta(days=6))
    actions = _actions(session, order.id)
    assert (actions.count("promise_warned"), actions.count("promise_escalated")) == (1, 1)


def test_a_category_promise_is_data(session):
    promises.set_promise(session, category="appliance", days=10, actor=person(session, "admin"))
    order = work_order(session, days_ago=11)
    _sweep(session, NOW)
    watch = session.scalars(select(RepairWatch).where(RepairWatch.work_order_id == order.id)).one()
    assert watch.promise_days == 10
    assert "promise_escalated" in _actions(session, order.id)


def test_a_phone_under_repair_for_more_than_seven_days_is_owed_a_loaner(session):
    order = work_order(session, days_ago=8, line=PHONE)
    _sweep(session, NOW)
    assert "loaner_due" in _actions(session, order.id)
    staff = person(session, "counter_manager")
    promises.give_loaner(
        session, work_order_id=order.id, note="备用机 IMEI 8612", actor=staff, now=NOW
    )
    with pytest.raises(LoanerAlreadyGiven):
        promises.give_loaner(session, work_order_id=order.id, note="", actor=staff, now=NOW)
    assert _actions(session, order.id).count("loaner_given") == 1


def test_a_repair_past_thirty_days_by_the_repairer_passes_the_legal_limit(session):
    order = work_order(session, days_ago=31)
    _sweep(session, NOW)
    watch = session.scalars(select(RepairWatch).where(RepairWatch.work_order_id == order.id)).one()
    assert watch.limit_reason == "repairer"
    _sweep(session, NOW + timedelta(days=2))
    assert _actions(session, order.id).count("legal_limit_passed") == 1


@pytest.mark.pg
def test_two_workers_on_postgresql_escalate_the_eighteen_day_promise_exactly_once(pg_engine):
    factory = make_session_factory(pg_engine)
    with transaction(factory) as s:
        ids = [work_order(s, days_ago=19).id for _ in range(60)]
    url = pg_engine.url.render_as_string(hide_password=False)
    engines = [make_engine(url) for _ in range(2)]
    start = threading.Barrier(2)

    def work(engine):
        start.wait()
        tasks.sweep_promises(make_session_factory(engine), None, now=NOW)

    threads = [threading.Thread(target=work, args=(e,)) for e in engines]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    tasks.sweep_promises(factory, None, now=NOW + timedelta(minutes=5))
    for e in engines:
        e.dispose()
    with factory() as s:
        escalated = s.scalars(
            select(Event.entity_id).where(
                Event.entity == "work_order",
                Event.action == "promise_escalated",
                Event.entity_id.in_(ids),
            )
        ).all()
        assert sorted(escalated) == sorted(ids)
        watches = s.scalars(select(RepairWatch).where(RepairWatch.work_order_id.in_(ids))).all()
        assert len(watches) == len(ids)
        assert all(w.escalated_at is not None and w.warned_at is None for w in watches)


def test_the_report_counts_the_promises_the_worker_enforced(session):
    from aftersales.supervision.reports import places
    from aftersales.supervision.reports.period import make_period
    from aftersales.supervision.reports.repair_stats import repair_figures

    late = work_order(session, days_ago=19, counter="S1-F2-C03")
    work_order(session, days_ago=31, counter="S1-F2-C03")  # past the 30-day legal limit
    work_order(session, days_ago=2, counter="S1-F2-C03")
    _sweep(session, NOW)
    day = late.taken_in_on
    period = make_period(day - timedelta(days=20), day + timedelta(days=30), "Asia/Shanghai")
    boss = person(session, "dept_manager")
    scope = places.Scope(counter_id=late.counter_id)
    r = repair_figures(session, user=boss, period=period, scope=scope)
    assert (r["opened"], r["promise_escalated"], r["legal_limit_passed"]) == (3, 2, 1)
