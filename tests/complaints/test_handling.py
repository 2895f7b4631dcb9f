"""Handling a case: the state machine, stale versions, the agreement, follow-up, discipline."""

import re
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from aftersales.audit.models import Event
from aftersales.complaints import service
from aftersales.complaints.errors import (
    NotTheHolder,
    TransitionNotAllowed,
    WrongConfirmationCode,
)
from aftersales.complaints.models import Complaint, Status
from aftersales.complaints.schemas import OutcomeIn
from aftersales.complaints.web.queries import public_steps
from aftersales.errors import Forbidden, StaleVersion
from aftersales.notify.models import OutboxMessage
from aftersales.staff import discipline
from tests.complaints.factories import cst, form, person

NOW = cst(2026, 11, 20, 15, 0)


def _counts(session):
    return (
        session.execute(select(func.count()).select_from(Event)).scalar_one(),
        session.execute(select(func.count()).select_from(OutboxMessage)).scalar_one(),
    )


@pytest.fixture
def case(session):
    return service.register_complaint(session, data=form(), actor=person(session, "staff"), now=NOW)


def _proposed(session, case):
    staff = person(session, "staff")
    service.acknowledge(session, complaint_id=case.id, actor=staff, now=NOW)
    service.propose(
        session,
        complaint_id=case.id,
        actor=staff,
        now=NOW,
        outcomes=[
            OutcomeIn(kind="apology", cost=Decimal("0")),
            OutcomeIn(kind="gift", cost=Decimal("88.50")),
        ],
    )
    return staff


def test_a_refused_transition_changes_nothing(session, case):
    before = _counts(session)
    with pytest.raises(TransitionNotAllowed):
        service.transition(
            session, complaint_id=case.id, to=Status.closed, actor=person(session, "staff"), now=NOW
        )
    session.refresh(case)
    assert (case.status, case.version) == (Status.registered, 1)
    assert _counts(session) == before


def test_a_stale_version_is_refused_with_the_current_one(session, case):
    staff = person(session, "staff")
    service.acknowledge(session, complaint_id=case.id, actor=staff, now=NOW, version=1)
    before = _counts(session)
    with pytest.raises(StaleVersion) as stale:
        service.escalate(session, complaint_id=case.id, actor=staff, now=NOW, reason="x", version=1)
    assert stale.value.extra == {"current_version": 2}
    assert _counts(session) == before


def test_a_level_below_the_holder_may_not_act(session, case):
    service.escalate(
        session,
        complaint_id=case.id,
        actor=person(session, "staff"),
        now=NOW,
        reason="customer asks for the manager",
    )
    with pytest.raises(NotTheHolder):
        service.acknowledge(session, complaint_id=case.id, actor=person(session, "staff"), now=NOW)
    c = service.acknowledge(
        session, complaint_id=case.id, actor=person(session, "counter_manager"), now=NOW
    )
    assert (c.level, c.status) == (2, Status.in_progress)


def test_deescalation_and_reassignment_are_recorded(session, case):
    station = person(session, "complaint_station")
    service.escalate(
        session,
        complaint_id=case.id,
        actor=person(session, "staff"),
        now=NOW,
        reason="serious",
        to_level=6,
    )
    service.deescalate(
        session,
        complaint_id=case.id,
        actor=station,
        now=NOW,
        to_level=2,
        reason="the counter manager can settle it",
    )
    service.reassign(
        session,
        complaint_id=case.id,
        actor=station,
        now=NOW,
        holder="counter_manager",
        reason="named",
    )
    actions = [
        e.action for e in service.get_complaint(session, user=station, complaint_id=case.id).history
    ]
    assert actions == ["registered", "escalated", "deescalated", "reassigned"]
    assert case.level == 2


def test_the_customer_confirms_the_agreement_with_the_code_sent_by_sms(session, case):
    staff = _proposed(session, case)
    service.send_confirmation_code(session, complaint_id=case.id, actor=staff, now=NOW)
    sms = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
    code = re.search(r"\d{6}", sms.body).group()
    with pytest.raises(WrongConfirmationCode):
        service.confirm_by_code(
            session,
            complaint_id=case.id,
            actor=staff,
            now=NOW,
            code="000000" if code != "000000" else "111111",
        )
    c = service.confirm_by_code(session, complaint_id=case.id, actor=staff, now=NOW, code=code)
    assert c.status == Status.agreed
    detail = service.get_complaint(session, user=staff, complaint_id=case.id)
    assert detail.agreements[0].total_cost == Decimal("88.50")
    assert detail.agreements[0].confirmed_by == "code"
    assert [s.step for s in detail.steps] == ["agree"]
    shown = public_steps(session, tracking_code=c.tracking_code)
    # the customer reads each step once: the agreement as the status it reached
    assert [(s["action"], s["status"]) for s in shown][-1] == ("status_changed", "agreed")
    assert "agreed" not in [s["action"] for s in shown]


def test_a_tablet_signature_confirms_and_is_kept_as_an_attachment(session, case, tmp_path):
    import base64

    staff = _proposed(session, case)
    png = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"0" * 50).decode()
    c = service.confirm_by_signature(
        session,
        complaint_id=case.id,
        actor=staff,
        now=NOW,
        data_url=f"data:image/png;base64,{png}",
        root=tmp_path,
    )
    assert c.status == Status.agreed
    detail = service.get_complaint(session, user=staff, complaint_id=case.id)
    assert [a.kind for a in detail.attachments] == ["signature"]
    assert (tmp_path / detail.attachments[0].path).exists()


def test_carrying_out_and_follow_up_until_satisfied(session, case, tmp_path):
    staff = _proposed(session, case)
    service.send_confirmation_code(session, complaint_id=case.id, actor=staff, now=NOW)
    sms = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
    service.confirm_by_code(
        session,
        complaint_id=case.id,
        actor=staff,
        now=NOW,
        code=re.search(r"\d{6}", sms.body).group(),
    )
    task = service.add_task(
        session, complaint_id=case.id, title="寄送换货", role="warehouse", actor=staff, now=NOW
    )
    assert [
        t.id
        for t in service.open_tasks(session, user=person(session, "warehouse"))
        if t.id == task.id
    ] == [task.id]
    service.set_task_done(
        session, task_id=task.id, done=True, actor=person(session, "warehouse"), now=NOW
    )
    service.follow_up(
        session, complaint_id=case.id, actor=staff, now=NOW, note="回访", satisfied=False
    )
    assert session.get(Complaint, case.id).status == Status.in_progress
    c = session.get(Complaint, case.id)
    assert c.closed_at is None


def test_discipline_goes_warning_penalty_dismissal_and_can_be_reversed(session):
    station, staff = person(session, "complaint_station"), person(session, "staff")
    kinds = []
    for _ in range(3):
        c = service.register_complaint(session, data=form(), actor=staff, now=NOW)
        kinds.append(
            service.verify_against_staff(
                session,
                complaint_id=c.id,
                staff="staff2",
                reason="态度恶劣",
                actor=station,
                now=NOW,
            )
        )
    assert [r.kind for r in kinds] == ["warning", "penalty", "dismissal_proposed"]
    with pytest.raises(Forbidden):
        discipline.reverse_discipline(
            session, record_id=kinds[2].id, reason="x", actor=staff, now=NOW
        )
    discipline.reverse_discipline(
        session, record_id=kinds[2].id, reason="复核不成立", actor=station, now=NOW
    )
    again = service.register_complaint(session, data=form(), actor=staff, now=NOW)
    redo = service.verify_against_staff(
        session, complaint_id=again.id, staff="staff2", reason="再次", actor=station, now=NOW
    )
    assert redo.kind == "dismissal_proposed"


def test_handling_outside_the_process_costs_the_counter_five_points(session, case):
    manager = person(session, "dept_manager")
    before = discipline.counter_points(session, counter_id=case.counter_id)
    entry = service.handled_outside_process(
        session, complaint_id=case.id, reason="未按三包", actor=manager, now=NOW
    )
    assert discipline.counter_points(session, counter_id=case.counter_id) == before - 5
    discipline.reverse_points(session, entry_id=entry.id, reason="误扣", actor=manager, now=NOW)
    assert discipline.counter_points(session, counter_id=case.counter_id) == before


def test_verifying_against_a_staff_member_records_the_change_on_the_case(session):
    station, staff = person(session, "complaint_station"), person(session, "staff")
    c = service.register_complaint(session, data=form(staff=None), actor=staff, now=NOW)
    service.verify_against_staff(
        session, complaint_id=c.id, staff="staff2", reason="态度恶劣", actor=station, now=NOW
    )
    staff2 = person(session, "staff2")
    event = session.scalars(
        select(Event).where(
            Event.entity == "complaint", Event.entity_id == c.id, Event.action == "staff_verified"
        )
    ).one()
    assert (event.before, event.after) == ({"staff_id": None}, {"staff_id": staff2.id})
    assert c.staff_id == staff2.id
