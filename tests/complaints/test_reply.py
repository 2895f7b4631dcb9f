"""The reply to the customer (答复顾客, 24 working hours): its due time at registration, the
first proposal as the reply, and the sweep's warning and one escalation when it lapses."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from aftersales.audit.models import Event
from aftersales.complaints import moves, service, tasks
from aftersales.complaints.models import Complaint
from aftersales.complaints.schemas import OutcomeIn
from aftersales.db import make_engine, make_session_factory, transaction
from aftersales.notify.models import OutboxMessage
from tests.complaints.factories import cst, form, person

FRIDAY_3PM = cst(2026, 11, 20, 15, 0)
REPLY_BY = cst(2026, 11, 25, 12, 0)  # Fri 3 h + Mon 9 h + Tue 9 h + Wed 3 h
WARN_AT = cst(2026, 11, 24, 15, 0)  # 18 of the 24 working hours


@pytest.mark.parametrize(
    ("registered", "reply_by"),
    [
        (FRIDAY_3PM, REPLY_BY),
        # the weekend does not count: from Monday's opening, 9 + 9 + 6 hours
        (cst(2026, 11, 21, 10, 0), cst(2026, 11, 25, 15, 0)),
        # before opening time on a workday: the same as from the opening
        (cst(2026, 11, 23, 8, 0), cst(2026, 11, 25, 15, 0)),
        # across National Day 2025 (1-8 October off, Saturday 11 October worked)
        (cst(2025, 9, 30, 15, 0), cst(2025, 10, 11, 12, 0)),
        # across New Year 2026 (1-3 January off, Sunday 4 January worked)
        (cst(2025, 12, 31, 17, 0), cst(2026, 1, 6, 14, 0)),
    ],
)
def test_reply_by_counts_24_working_hours_from_registration(session, registered, reply_by):
    c = service.register_complaint(
        session, data=form(), actor=person(session, "staff"), now=registered
    )
    assert c.reply_by == reply_by
    assert c.replied_at is None and c.reply_overdue_at is None
    assert c.next_check_at == min(c.warn_at, c.reply_warn_at)


def test_a_pause_moves_reply_by_out_by_the_working_time_it_covered(session):
    staff = person(session, "staff")
    c = service.register_complaint(session, data=form(), actor=staff, now=FRIDAY_3PM)
    service.pause(
        session, complaint_id=c.id, actor=staff, now=FRIDAY_3PM + timedelta(hours=1), reason="照片"
    )
    service.resume(session, complaint_id=c.id, actor=staff, now=cst(2026, 11, 23, 10, 0))
    assert c.reply_by == REPLY_BY + timedelta(hours=3)  # 2 h Friday + 1 h Monday


def _actions(session, complaint_id):
    return session.scalars(
        select(Event.action)
        .where(Event.entity == "complaint", Event.entity_id == complaint_id)
        .order_by(Event.id)
    ).all()


def _told(session, complaint_id, event):
    rows = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(500))
    return [
        m.recipient
        for m in rows
        if (m.meta or {}).get("complaint_id") == complaint_id and m.meta.get("event") == event
    ]


def _acknowledged(session):
    staff = person(session, "staff")
    c = service.register_complaint(session, data=form(), actor=staff, now=FRIDAY_3PM)
    service.acknowledge(
        session, complaint_id=c.id, actor=staff, now=FRIDAY_3PM + timedelta(minutes=30)
    )
    return c


def _propose(session, c, at):
    service.propose(
        session,
        complaint_id=c.id,
        outcomes=[OutcomeIn(kind="apology", cost="0")],
        actor=person(session, "staff"),
        now=at,
    )


def test_the_first_proposal_is_the_reply_and_later_ones_keep_its_time(session):
    c = _acknowledged(session)
    first = cst(2026, 11, 23, 11, 0)
    _propose(session, c, first)
    assert (c.replied_at, c.reply_warn_at) == (first, None)
    service.transition(
        session, complaint_id=c.id, to="in_progress", actor=person(session, "staff"), now=first
    )
    _propose(session, c, first + timedelta(hours=2))
    assert c.replied_at == first
    proposed = session.scalars(
        select(Event.after)
        .where(Event.entity_id == c.id, Event.action == "proposed")
        .order_by(Event.id)
    ).all()
    assert ["replied_at" in after for after in proposed] == [True, False]
    tasks.sweep_batch(session, now=REPLY_BY + timedelta(hours=1))
    session.refresh(c)
    assert c.level == 1 and c.reply_overdue_at is None


def test_the_holder_is_warned_once_then_the_lapse_escalates_once(session):
    c = _acknowledged(session)
    tasks.sweep_batch(session, now=WARN_AT - timedelta(minutes=1))
    assert "reply_warning" not in _actions(session, c.id)
    tasks.sweep_batch(session, now=WARN_AT + timedelta(minutes=1))
    tasks.sweep_batch(session, now=WARN_AT + timedelta(minutes=2))
    assert _actions(session, c.id).count("reply_warning") == 1
    assert _told(session, c.id, "reply_warning") == ["staff@demo.aftersales.local"]
    lapse = REPLY_BY + timedelta(minutes=1)
    tasks.sweep_batch(session, now=lapse)
    tasks.sweep_batch(session, now=lapse + timedelta(minutes=1))
    session.refresh(c)
    assert (c.level, c.reply_overdue_at, c.first_response_at) == (2, lapse, None)
    assert _actions(session, c.id)[-2:] == ["reply_overdue", "escalated"]
    event = session.scalars(
        select(Event).where(Event.entity_id == c.id, Event.action == "escalated")
    ).one()
    assert event.actor == "system"
    assert event.before == {"level": 1}
    assert event.after["reason"] == moves.REPLY_REASON and event.after["level"] == 2
    assert _told(session, c.id, "escalated") == ["counter_manager@demo.aftersales.local"]
    # the counter manager's own feedback clock starts now
    assert c.respond_by > lapse and c.next_check_at == c.warn_at


def test_at_the_station_a_lapsed_reply_is_only_marked_overdue(session):
    staff = person(session, "staff")
    c = service.register_complaint(session, data=form(channel="media"), actor=staff, now=FRIDAY_3PM)
    assert c.level == moves.TOP_LEVEL
    service.acknowledge(
        session,
        complaint_id=c.id,
        actor=person(session, "complaint_station"),
        now=FRIDAY_3PM + timedelta(minutes=5),
    )
    tasks.sweep_batch(session, now=REPLY_BY + timedelta(minutes=1))
    session.refresh(c)
    assert c.level == moves.TOP_LEVEL and c.reply_overdue_at is not None
    assert "escalated" not in _actions(session, c.id)
    assert len(_told(session, c.id, "reply_overdue")) >= 1


def test_reply_action_decides_from_the_stamps_alone():
    from types import SimpleNamespace

    now = REPLY_BY
    base = dict(level=1, replied_at=None, reply_overdue_at=None, reply_by=now, reply_warn_at=None)
    cases = [
        ({}, moves.ReplyDue.escalate),
        ({"level": 6}, moves.ReplyDue.overdue),
        ({"replied_at": now}, None),
        ({"reply_overdue_at": now}, None),
        ({"reply_by": now + timedelta(hours=1), "reply_warn_at": now}, moves.ReplyDue.warn),
        ({"reply_by": now + timedelta(hours=1)}, None),
    ]
    for change, expected in cases:
        assert moves.reply_action(SimpleNamespace(**(base | change)), now) is expected, change


@pytest.mark.pg
def test_two_workers_on_postgresql_escalate_each_lapsed_reply_exactly_once(pg_engine):
    url = pg_engine.url.render_as_string(hide_password=False)
    factory = make_session_factory(pg_engine)
    with transaction(factory) as s:
        ids = [_acknowledged(s).id for _ in range(60)]
    now = REPLY_BY + timedelta(minutes=5)
    engines = [make_engine(url) for _ in range(2)]
    start = threading.Barrier(2)

    def work(engine):
        start.wait()
        tasks.sweep_deadlines(make_session_factory(engine), None, now=now)

    threads = [threading.Thread(target=work, args=(e,)) for e in engines]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for e in engines:
        e.dispose()
    with factory() as s:
        assert set(s.scalars(select(Complaint.level).where(Complaint.id.in_(ids)))) == {2}
        for action in ("reply_overdue", "escalated"):
            rows = s.scalars(
                select(Event.entity_id).where(
                    Event.entity == "complaint", Event.action == action, Event.entity_id.in_(ids)
                )
            ).all()
            assert sorted(rows) == sorted(ids), action
        told = [
            m.meta["complaint_id"]
            for m in s.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(5000))
            if (m.meta or {}).get("event") == "escalated" and m.meta.get("complaint_id") in set(ids)
        ]
        assert sorted(told) == sorted(ids)
