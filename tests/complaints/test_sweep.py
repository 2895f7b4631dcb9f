"""The deadline sweep with a controlled clock: escalation, warnings, several workers."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from aftersales.audit.models import Event
from aftersales.complaints import service, tasks
from aftersales.complaints.models import Complaint
from aftersales.db import make_engine, make_session_factory, transaction
from aftersales.notify.models import OutboxMessage
from tests.complaints.factories import cst, form, person

FRIDAY_3PM = cst(2026, 11, 20, 15, 0)
MONDAY_6PM = cst(2026, 11, 23, 18, 0)


def _actions(session, complaint_id):
    return session.scalars(
        select(Event.action)
        .where(Event.entity == "complaint", Event.entity_id == complaint_id)
        .order_by(Event.id)
    ).all()


def _messages(session, complaint_id, event):
    rows = session.scalars(
        select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(5000)
    ).all()
    return [
        m
        for m in rows
        if (m.meta or {}).get("complaint_id") == complaint_id and m.meta.get("event") == event
    ]


def test_nobody_answers_in_twelve_hours_so_the_counter_manager_gets_it(session):
    c = service.register_complaint(
        session, data=form(), actor=person(session, "staff"), now=FRIDAY_3PM
    )
    tasks.sweep_batch(session, now=MONDAY_6PM - timedelta(minutes=1))
    session.refresh(c)
    assert c.level == 1  # not yet: only the warning went out
    assert _actions(session, c.id) == ["registered", "deadline_warning"]
    tasks.sweep_batch(session, now=MONDAY_6PM + timedelta(minutes=1))
    session.refresh(c)
    assert c.level == 2
    assert c.respond_by == cst(2026, 11, 25, 12, 0)  # after Monday close: Tue 9 h + Wed 3 h
    assert _actions(session, c.id) == ["registered", "deadline_warning", "escalated"]
    told = _messages(session, c.id, "escalated")
    assert [(m.channel, m.recipient) for m in told] == [
        ("email", "counter_manager@demo.aftersales.local")
    ]


def test_a_second_pass_at_the_same_instant_does_nothing_more(session):
    c = service.register_complaint(
        session, data=form(), actor=person(session, "staff"), now=FRIDAY_3PM
    )
    later = MONDAY_6PM + timedelta(hours=1)
    tasks.sweep_batch(session, now=later)
    tasks.sweep_batch(session, now=later)
    assert _actions(session, c.id).count("escalated") == 1
    assert len(_messages(session, c.id, "escalated")) == 1


def test_an_acknowledged_complaint_is_not_escalated(session):
    c = service.register_complaint(
        session, data=form(), actor=person(session, "staff"), now=FRIDAY_3PM
    )
    service.acknowledge(
        session,
        complaint_id=c.id,
        actor=person(session, "staff"),
        now=FRIDAY_3PM + timedelta(hours=1),
    )
    tasks.sweep_batch(session, now=MONDAY_6PM + timedelta(hours=1))
    session.refresh(c)
    assert (c.level, c.status) == (1, "in_progress")
    assert c.next_check_at == c.reply_warn_at  # the customer still waits for a reply


def test_the_ladder_climbs_one_level_per_missed_deadline_up_to_the_station(session):
    c = service.register_complaint(
        session, data=form(), actor=person(session, "staff"), now=FRIDAY_3PM
    )
    now = FRIDAY_3PM
    for _ in range(7):
        session.refresh(c)
        now = c.respond_by + timedelta(minutes=1)
        tasks.sweep_batch(session, now=now)
    session.refresh(c)
    assert c.level == 6
    assert c.respond_overdue_at is not None
    assert _actions(session, c.id).count("escalated") == 5


def test_a_pause_stops_the_clock_and_resume_moves_the_deadline(session):
    staff = person(session, "staff")
    c = service.register_complaint(session, data=form(), actor=staff, now=FRIDAY_3PM)
    service.pause(
        session,
        complaint_id=c.id,
        actor=staff,
        now=FRIDAY_3PM + timedelta(hours=1),
        reason="waiting for the customer's photos",
    )
    assert c.next_check_at is None
    tasks.sweep_batch(session, now=MONDAY_6PM + timedelta(hours=1))
    session.refresh(c)
    assert c.level == 1
    service.resume(session, complaint_id=c.id, actor=staff, now=cst(2026, 11, 23, 10, 0))
    # Paused Fri 16:00 - Mon 10:00: 2 h Friday + 1 h Monday of working time added.
    assert c.respond_by == cst(2026, 11, 24, 12, 0)


def _due_set(factory, n):
    with transaction(factory) as s:
        staff = person(s, "staff")
        ids = [
            service.register_complaint(s, data=form(), actor=staff, now=FRIDAY_3PM).id
            for _ in range(n)
        ]
    return ids


def test_a_worker_dying_mid_batch_loses_nothing(factory, monkeypatch):
    ids = _due_set(factory, 3)
    calls = {"n": 0}
    real = tasks._write

    def dies(session, plan):
        calls["n"] += 1
        raise RuntimeError("worker killed")

    monkeypatch.setattr(tasks, "_write", dies)
    with pytest.raises(RuntimeError):
        tasks.sweep_deadlines(factory, None, now=MONDAY_6PM + timedelta(hours=2))
    monkeypatch.setattr(tasks, "_write", real)
    tasks.sweep_deadlines(factory, None, now=MONDAY_6PM + timedelta(hours=2))
    with factory() as s:
        levels = s.scalars(select(Complaint.level).where(Complaint.id.in_(ids))).all()
        assert levels == [2, 2, 2]
        assert all(_actions(s, i).count("escalated") == 1 for i in ids)


@pytest.mark.pg
def test_two_workers_on_postgresql_escalate_each_complaint_exactly_once(pg_engine):
    url = pg_engine.url.render_as_string(hide_password=False)
    factory = make_session_factory(pg_engine)
    ids = _due_set(factory, 300)
    now = MONDAY_6PM + timedelta(hours=3)
    engines = [make_engine(url) for _ in range(2)]
    start = threading.Barrier(2)
    counts: list[int] = []

    def work(engine):
        start.wait()
        counts.append(tasks.sweep_deadlines(make_session_factory(engine), None, now=now))

    threads = [threading.Thread(target=work, args=(e,)) for e in engines]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for e in engines:
        e.dispose()
    with factory() as s:
        assert set(s.scalars(select(Complaint.level).where(Complaint.id.in_(ids)))) == {2}
        escalations = (
            s.execute(
                select(Event.entity_id).where(
                    Event.entity == "complaint",
                    Event.action == "escalated",
                    Event.entity_id.in_(ids),
                )
            )
            .scalars()
            .all()
        )
        assert sorted(escalations) == sorted(ids)
        mine = [
            m
            for m in s.scalars(
                select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(20_000)
            )
            if (m.meta or {}).get("event") == "escalated" and m.meta.get("complaint_id") in set(ids)
        ]
        assert sorted(m.meta["complaint_id"] for m in mine) == sorted(ids)
