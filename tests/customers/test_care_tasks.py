"""Care tasks from the rules: a call 3 days after an appliance sale, a thank-you letter after
a large purchase only with consent; the queue, outcomes, and one reminder when overdue."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from aftersales.customers import care, profile
from aftersales.customers.care_models import CareTask, Outcome
from aftersales.customers.models import Customer
from aftersales.customers.schemas import ConsentIn
from aftersales.notify.models import OutboxMessage
from tests.claims.factories import person
from tests.customers.factories import line, member_sale, new_phone

NOW = datetime.now(UTC)


def _customer(session, phone: str) -> Customer:
    return session.scalars(select(Customer).where(Customer.phone == phone)).one()


def _tasks(session, customer_id: int) -> list[CareTask]:
    return list(
        session.scalars(
            select(CareTask).where(CareTask.customer_id == customer_id).order_by(CareTask.id)
        )
    )


def test_an_appliance_sale_gets_a_follow_up_call_three_days_later_once(session):
    phone = new_phone()
    member_sale(
        session,
        member_no=None,
        phone=phone,
        days_ago=1,
        lines=[line("3999.00", sku="AP-1003", category="appliance")],
    )
    care.create_due_tasks(session, now=NOW)
    care.create_due_tasks(session, now=NOW)
    [task] = _tasks(session, _customer(session, phone).id)
    assert (task.channel, task.source) == ("call", "receipt")
    sold_on = (NOW - timedelta(days=1)).astimezone(ZoneInfo("Asia/Shanghai")).date()
    assert task.due_on == sold_on + timedelta(days=3)
    assert task.owner_id == person(session, "staff").id and "家电" in task.text


def test_a_large_purchase_gets_a_letter_only_with_consent(session):
    without, agreed = new_phone(), new_phone()
    for phone in (without, agreed):
        member_sale(session, member_no=None, phone=phone, lines=[line("6800.00")])
    profile.record_consent(
        session,
        customer_id=_customer(session, agreed).id,
        data=ConsentIn(granted=True, channel="paper_form"),
        actor=person(session, "staff"),
        now=NOW,
    )
    care.create_due_tasks(session, now=NOW)
    assert _tasks(session, _customer(session, without).id) == []
    [letter] = _tasks(session, _customer(session, agreed).id)
    assert letter.channel == "letter" and "感谢" in letter.text


def test_the_queue_shows_open_tasks_in_scope_and_an_outcome_closes_one(session):
    phone = new_phone()
    member_sale(
        session,
        member_no=None,
        phone=phone,
        lines=[line("2999.00", sku="AP-1003", category="appliance")],
    )
    care.create_due_tasks(session, now=NOW)
    task = _tasks(session, _customer(session, phone).id)[0]
    staff, other = person(session, "staff"), person(session, "staff2")
    assert task.id in [t.id for t, _ in care.queue(session, user=staff)]
    assert task.id not in [t.id for t, _ in care.queue(session, user=other)]
    care.record_outcome(
        session,
        task_id=task.id,
        outcome=Outcome.satisfied,
        note="很满意",
        actor=staff,
        now=NOW,
        version=1,
    )
    assert task.id not in [t.id for t, _ in care.queue(session, user=staff)]
    assert (task.outcome, task.done_by_id) == ("satisfied", staff.id)


def test_an_overdue_task_reminds_its_owner_once(session):
    phone = new_phone()
    member_sale(
        session,
        member_no=None,
        phone=phone,
        days_ago=9,
        lines=[line("2999.00", sku="AP-1003", category="appliance")],
    )
    care.create_due_tasks(session, now=NOW)
    task = _tasks(session, _customer(session, phone).id)[0]
    care.remind_overdue(session, now=NOW)
    care.remind_overdue(session, now=NOW)
    sent = [
        m
        for m in session.scalars(
            select(OutboxMessage).where(OutboxMessage.recipient == "staff@demo.aftersales.local")
        )
        if (m.meta or {}).get("care_task_id") == task.id
    ]
    assert len(sent) == 1 and task.reminded_at is not None
