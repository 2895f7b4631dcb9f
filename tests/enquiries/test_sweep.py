"""The hotline sweep: the taker is warned before answer_by, the store's level-3 manager is
told once when it lapses, however many workers run."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from aftersales.audit.models import Event
from aftersales.auth.models import User
from aftersales.db import make_engine, make_session_factory, transaction
from aftersales.feedback.enquiries import service, tasks
from aftersales.feedback.enquiries.models import Enquiry
from aftersales.feedback.enquiries.schemas import AnswerIn
from aftersales.notify.models import OutboxMessage
from tests.complaints.factories import person
from tests.enquiries.factories import THURSDAY_10AM, take


def _events(session, ids, action):
    return session.scalars(
        select(Event.entity_id).where(
            Event.entity == "enquiry", Event.action == action, Event.entity_id.in_(ids)
        )
    ).all()


def _told(session, ids, event):
    ids = set(ids)
    return [
        m
        for m in session.scalars(
            select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(5000)
        )
        if (m.meta or {}).get("event") == event and m.meta.get("enquiry_id") in ids
    ]


def _email(session, username):
    return session.scalar(select(User.email).where(User.username == username))


def _sweep(session, now):
    tasks.overdue_batch(session, now=now)
    tasks.warn_batch(session, now=now)


def test_the_taker_is_warned_once_and_the_floor_supervisor_told_once(session):
    row = take(session, person(session, "manager_assistant"))
    _sweep(session, THURSDAY_10AM + timedelta(hours=2))  # not yet: warned at 3/4 of the time
    assert (row.id not in _events(session, [row.id], "answer_warning"), row.version) == (True, 1)
    for minutes in (0, 10):
        _sweep(session, THURSDAY_10AM + timedelta(hours=3, minutes=minutes))
    assert _events(session, [row.id], "answer_warning") == [row.id]
    [warning] = [m for m in _told(session, [row.id], "answer_warning") if m.channel == "email"]
    assert warning.recipient == _email(session, "manager_assistant")
    for minutes in (0, 30):
        _sweep(session, THURSDAY_10AM + timedelta(hours=4, minutes=minutes))
    session.refresh(row)
    assert row.overdue_at == THURSDAY_10AM + timedelta(hours=4)
    assert row.version == 3  # each stamp moves the version: a form read before it is stale
    assert _events(session, [row.id], "answer_overdue") == [row.id]
    told = [m.recipient for m in _told(session, [row.id], "answer_overdue")]
    assert told == [_email(session, "floor_supervisor")]


def test_a_question_answered_in_time_is_neither_warned_nor_escalated(session):
    desk = person(session, "manager_assistant")
    row = take(session, desk)
    service.answer_enquiry(
        session,
        enquiry_id=row.id,
        actor=desk,
        now=THURSDAY_10AM + timedelta(hours=1),
        data=AnswerIn(answer="周日营业到22点", send=False, version=1),
    )
    _sweep(session, THURSDAY_10AM + timedelta(hours=9))
    assert _events(session, [row.id], "answer_warning") == []
    assert _events(session, [row.id], "answer_overdue") == []


def test_a_lapse_found_late_is_escalated_without_a_late_warning(session):
    row = take(session, person(session, "manager_assistant"))
    _sweep(session, THURSDAY_10AM + timedelta(hours=6))
    assert _events(session, [row.id], "answer_overdue") == [row.id]
    assert _events(session, [row.id], "answer_warning") == []


def test_a_store_without_a_floor_supervisor_tells_the_next_level_up(session):
    row = take(session, person(session, "dept_manager"), store="S2")
    _sweep(session, THURSDAY_10AM + timedelta(hours=5))
    told = {m.recipient for m in _told(session, [row.id], "answer_overdue")}
    assert told == {_email(session, "dept_manager")}


@pytest.mark.pg
def test_two_workers_on_postgresql_tell_each_lapse_exactly_once(pg_engine):
    factory = make_session_factory(pg_engine)
    with transaction(factory) as s:
        desk = person(s, "manager_assistant")
        ids = [take(s, desk).id for _ in range(150)]
    url = pg_engine.url.render_as_string(hide_password=False)
    engines = [make_engine(url) for _ in range(2)]
    start = threading.Barrier(2)
    now = THURSDAY_10AM + timedelta(hours=5)
    counts: list[int] = []

    def work(engine):
        start.wait()
        counts.append(tasks.sweep_enquiries(make_session_factory(engine), None, now=now))

    threads = [threading.Thread(target=work, args=(e,)) for e in engines]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for e in engines:
        e.dispose()
    with factory() as s:
        assert sorted(_events(s, ids, "answer_overdue")) == sorted(ids)
        told = _told(s, ids, "answer_overdue")
        assert sorted(m.meta["enquiry_id"] for m in told) == sorted(ids)
        rows = s.scalars(select(Enquiry).where(Enquiry.id.in_(ids))).all()
        assert {(r.overdue_at, r.version) for r in rows} == {(now, 2)}
    assert sum(counts) >= len(ids)
