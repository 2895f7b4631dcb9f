"""One decision of the next move: a case escalated by hand and one escalated by the deadline
sweep leave the same audit event and send the same message to the next level."""

from datetime import timedelta

from sqlalchemy import select

from aftersales.audit.models import Event
from aftersales.complaints import moves, service, tasks
from aftersales.complaints.models import Complaint
from aftersales.notify.models import OutboxMessage
from tests.complaints.factories import cst, form, person

FRIDAY_3PM = cst(2026, 11, 20, 15, 0)
MONDAY_7PM = cst(2026, 11, 23, 19, 0)


def _escalation(session, c: Complaint) -> tuple[dict, list[tuple[str, str, str]]]:
    event = session.scalars(
        select(Event).where(
            Event.entity == "complaint", Event.entity_id == c.id, Event.action == "escalated"
        )
    ).one()
    told = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    mine = [
        (m.recipient, m.subject, m.body)
        for m in told
        if (m.meta or {}).get("complaint_id") == c.id and m.meta.get("event") == "escalated"
    ]
    same = {c.tracking_code: "CODE", c.title: "TITLE"}

    def plain(text: str) -> str:
        for word, mark in same.items():
            text = text.replace(word, mark)
        return text

    return event.after, [tuple(plain(part) for part in row) for row in mine]


def test_the_hand_and_the_sweep_move_a_case_the_same_way(session):
    staff = person(session, "staff")
    by_hand = service.register_complaint(session, data=form(), actor=staff, now=FRIDAY_3PM)
    by_clock = service.register_complaint(session, data=form(), actor=staff, now=FRIDAY_3PM)
    service.acknowledge(session, complaint_id=by_hand.id, actor=staff, now=FRIDAY_3PM)
    service.escalate(
        session, complaint_id=by_hand.id, actor=staff, now=MONDAY_7PM, reason=moves.DEADLINE_REASON
    )
    tasks.sweep_batch(session, now=MONDAY_7PM)
    session.refresh(by_hand)
    session.refresh(by_clock)
    assert (by_hand.level, by_clock.level) == (2, 2)
    hand_event, hand_told = _escalation(session, by_hand)
    clock_event, clock_told = _escalation(session, by_clock)
    assert {k: v for k, v in hand_event.items() if k != "version"} == {
        k: v for k, v in clock_event.items() if k != "version"
    }
    assert hand_told == clock_told != []


def test_the_sweep_decides_with_the_same_pure_rule():
    from types import SimpleNamespace

    due = cst(2026, 11, 23, 18, 0)
    waiting = SimpleNamespace(
        level=1,
        first_response_at=None,
        respond_overdue_at=None,
        respond_by=due,
        warn_at=due - timedelta(hours=1),
    )
    assert moves.due_action(waiting, due - timedelta(hours=2)) is None
    assert moves.due_action(waiting, due - timedelta(minutes=30)) is moves.Due.warn
    assert moves.due_action(waiting, due) is moves.Due.escalate
    waiting.level = moves.TOP_LEVEL
    assert moves.due_action(waiting, due) is moves.Due.respond_overdue
    waiting.first_response_at, waiting.warn_at = due, None  # acknowledged
    assert moves.due_action(waiting, due + timedelta(days=1)) is None
