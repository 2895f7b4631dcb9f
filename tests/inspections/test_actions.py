"""Corrective actions: done by the owner, verified by someone else, reminded the day before,
escalated to the owner's superior exactly once when overdue; every step audited."""

import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from aftersales.audit.models import Event
from aftersales.db import make_engine, make_session_factory, transaction
from aftersales.notify.models import OutboxMessage
from aftersales.supervision.inspections import actions, service, tasks
from aftersales.supervision.inspections.errors import (
    ActionNotDone,
    ActionNotOpen,
    OwnerCannotVerify,
)
from aftersales.supervision.inspections.models import CorrectiveAction
from aftersales.supervision.inspections.schemas import ActionStep, InspectionCreate, VerifyIn
from tests.complaints.factories import person
from tests.inspections.factories import finding, sheet

CST = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=CST)


def _action(session, owner="counter_manager", n=1):
    body = sheet(findings=[finding(owner=owner) for _ in range(n)])
    row = service.record_inspection(
        session,
        data=InspectionCreate.model_validate(body),
        actor=person(session, "inspector"),
        now=NOW,
    )
    return session.scalars(
        select(CorrectiveAction)
        .where(CorrectiveAction.inspection_id == row.id)
        .order_by(CorrectiveAction.id)
    ).all()


def _history(session, action_id):
    return session.scalars(
        select(Event.action)
        .where(Event.entity == "corrective_action", Event.entity_id == action_id)
        .order_by(Event.id)
    ).all()


def _messages(session, action_id, event):
    rows = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(500))
    return [
        m
        for m in rows
        if (m.meta or {}).get("corrective_action_id") == action_id and m.meta.get("event") == event
    ]


def test_the_owner_puts_it_right_and_a_colleague_verifies(session):
    (a,) = _action(session)
    assert [m.recipient for m in _messages(session, a.id, "opened")] == [
        "counter_manager@demo.aftersales.local"
    ]
    owner = person(session, "counter_manager")
    actions.mark_done(
        session,
        action_id=a.id,
        data=ActionStep(note="价签已全部更换", version=1),
        actor=owner,
        now=NOW + timedelta(days=1),
    )
    with pytest.raises(OwnerCannotVerify):
        actions.verify(
            session,
            action_id=a.id,
            data=VerifyIn(note="ok"),
            actor=owner,
            now=NOW + timedelta(days=1),
        )
    actions.verify(
        session,
        action_id=a.id,
        data=VerifyIn(note="复查合格", version=2),
        actor=person(session, "floor_supervisor"),
        now=NOW + timedelta(days=2),
    )
    assert (a.status, a.version, a.next_check_at) == ("verified", 3, None)
    assert a.verified_by_id == person(session, "floor_supervisor").id
    assert _history(session, a.id) == ["opened", "to_done", "to_verified"]


def test_a_verifier_can_send_it_back_with_a_reason(session):
    (a,) = _action(session)
    actions.mark_done(
        session,
        action_id=a.id,
        data=ActionStep(note="已整改", version=a.version),
        actor=person(session, "counter_manager"),
        now=NOW,
    )
    with pytest.raises(Exception) as refused:
        actions.verify(
            session,
            action_id=a.id,
            data=VerifyIn(accepted=False),
            actor=person(session, "inspector"),
            now=NOW,
        )
    assert refused.value.field == "note"
    actions.verify(
        session,
        action_id=a.id,
        data=VerifyIn(accepted=False, note="价签仍不一致"),
        actor=person(session, "inspector"),
        now=NOW,
    )
    assert a.status == "open" and a.next_check_at is not None


def test_steps_out_of_order_and_strangers_are_refused(session):
    (a,) = _action(session)
    with pytest.raises(ActionNotDone):
        actions.verify(
            session,
            action_id=a.id,
            data=VerifyIn(note="x"),
            actor=person(session, "inspector"),
            now=NOW,
        )
    with pytest.raises(Exception) as refused:  # the clerk is not the owner
        actions.mark_done(
            session,
            action_id=a.id,
            data=ActionStep(note="x", version=a.version),
            actor=person(session, "staff"),
            now=NOW,
        )
    assert refused.value.status in (403, 404)
    actions.mark_done(
        session,
        action_id=a.id,
        data=ActionStep(note="done", version=a.version),
        actor=person(session, "counter_manager"),
        now=NOW,
    )
    with pytest.raises(ActionNotOpen):
        actions.mark_done(
            session,
            action_id=a.id,
            data=ActionStep(note="again", version=a.version),
            actor=person(session, "counter_manager"),
            now=NOW,
        )
    with pytest.raises(Exception) as stale:
        actions.verify(
            session,
            action_id=a.id,
            data=VerifyIn(note="ok", version=1),
            actor=person(session, "inspector"),
            now=NOW,
        )
    assert stale.value.code == "stale_version"


def test_the_worker_reminds_the_day_before_then_escalates_to_the_superior_once(factory):
    with transaction(factory) as s:
        (a,) = _action(s, owner="counter_manager")
        aid = a.id
    tasks.sweep_actions(factory, None, now=datetime(2026, 11, 22, 9, 30, tzinfo=CST))
    tasks.sweep_actions(factory, None, now=datetime(2026, 11, 23, 23, 0, tzinfo=CST))
    tasks.sweep_actions(factory, None, now=datetime(2026, 11, 24, 0, 1, tzinfo=CST))
    tasks.sweep_actions(factory, None, now=datetime(2026, 11, 25, 0, 1, tzinfo=CST))
    with factory() as s:
        assert _history(s, aid) == ["opened", "reminded", "escalated"]
        row = s.get(CorrectiveAction, aid)
        assert row.escalated_to_id == person(s, "floor_supervisor").id
        assert row.next_check_at is None and row.status == "open"
        (sent,) = _messages(s, aid, "escalated")
        assert sent.recipient == "floor_supervisor@demo.aftersales.local"
        assert len(_messages(s, aid, "reminded")) == 1


def test_a_clerks_overdue_action_goes_to_the_counter_manager(session):
    (a,) = _action(session, owner="staff")
    tasks.sweep_batch(session, now=datetime(2026, 11, 24, 0, 1, tzinfo=CST))
    session.refresh(a)
    assert a.escalated_to_id == person(session, "counter_manager").id


def test_a_done_action_is_never_escalated(session):
    (a,) = _action(session)
    actions.mark_done(
        session,
        action_id=a.id,
        data=ActionStep(note="done", version=a.version),
        actor=person(session, "counter_manager"),
        now=NOW,
    )
    tasks.sweep_batch(session, now=datetime(2026, 11, 30, tzinfo=CST))
    assert _history(session, a.id) == ["opened", "to_done"]


@pytest.mark.pg
def test_two_workers_on_postgresql_escalate_each_overdue_action_exactly_once(pg_engine):
    url = pg_engine.url.render_as_string(hide_password=False)
    factory = make_session_factory(pg_engine)
    with transaction(factory) as s:
        ids = [a.id for a in _action(s, n=30)]
    now = datetime(2026, 11, 24, 0, 5, tzinfo=CST)
    engines = [make_engine(url) for _ in range(2)]
    start = threading.Barrier(2)
    counts: list[int] = []

    def work(engine):
        start.wait()
        counts.append(tasks.sweep_actions(make_session_factory(engine), None, now=now, batch=7))

    threads = [threading.Thread(target=work, args=(e,)) for e in engines]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for e in engines:
        e.dispose()
    with factory() as s:
        escalations = s.scalars(
            select(Event.entity_id).where(
                Event.entity == "corrective_action",
                Event.action == "escalated",
                Event.entity_id.in_(ids),
            )
        ).all()
        assert sorted(escalations) == sorted(ids)
        assert sorted(
            m.meta["corrective_action_id"]
            for m in s.scalars(select(OutboxMessage))
            if (m.meta or {}).get("event") == "escalated"
            and m.meta.get("corrective_action_id") in set(ids)
        ) == sorted(ids)
