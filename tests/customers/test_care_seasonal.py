"""The call after a complaint closes, and the Spring Festival cards (a seasonal batch)."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, update

from aftersales.complaints import service as complaints
from aftersales.complaints.models import Complaint
from aftersales.customers import care, care_seasonal, profile
from aftersales.customers.care_models import CareTask
from aftersales.customers.models import Customer, Member
from aftersales.customers.schemas import ConsentIn
from tests.claims.factories import person
from tests.complaints.factories import form
from tests.customers.factories import line, member_sale, new_member_no, new_phone

NOW = datetime.now(UTC)
CST = ZoneInfo("Asia/Shanghai")


def _tasks(session, customer_id: int, source: str) -> list[CareTask]:
    return list(
        session.scalars(
            select(CareTask)
            .where(CareTask.customer_id == customer_id, CareTask.source == source)
            .order_by(CareTask.id)
        )
    )


def test_a_closed_complaint_gets_a_call_two_days_after_it_closed_once(session):
    case = complaints.register_complaint(
        session, data=form(), actor=person(session, "staff"), now=NOW
    )
    care.create_due_tasks(session, now=NOW)
    assert _tasks(session, case.customer_id, "complaint") == []  # still open: no call
    closed = NOW - timedelta(days=1)
    session.execute(update(Complaint).where(Complaint.id == case.id).values(closed_at=closed))
    care.create_due_tasks(session, now=NOW)
    care.create_due_tasks(session, now=NOW)
    [task] = _tasks(session, case.customer_id, "complaint")
    assert (task.source_id, task.channel, task.store_id) == (case.id, "call", case.store_id)
    assert task.due_on == closed.astimezone(CST).date() + timedelta(days=2)
    assert "投诉" in task.text


def test_the_spring_festival_date_comes_from_the_lunisolar_calendar():
    assert care_seasonal.spring_festival(2026) == date(2026, 2, 17)
    assert care_seasonal.spring_festival(2027) == date(2027, 2, 6)
    assert care_seasonal.upcoming_festival(date(2026, 12, 2)) == date(2027, 2, 6)
    assert care_seasonal.upcoming_festival(date(2026, 2, 17)) == date(2026, 2, 17)


def _member_with_consent(session, *, agreed: bool) -> Customer:
    no, phone = new_member_no(), new_phone()
    member_sale(session, member_no=no, phone=phone, lines=[line("300.00")])
    customer = session.scalars(select(Customer).where(Customer.phone == phone)).one()
    if agreed:
        profile.record_consent(
            session,
            customer_id=customer.id,
            data=ConsentIn(granted=True, channel="paper_form"),
            actor=person(session, "staff"),
            now=NOW,
        )
    return customer


def _all_batches(session, now: datetime, batch: int) -> int:
    made, after = 0, 0
    while True:
        count, nxt = care_seasonal.create_festival_cards(
            session, now=now, after_id=after, batch=batch
        )
        made += count
        if nxt is None:
            return made
        after = nxt


def test_cards_are_written_in_the_window_before_the_festival_only_with_consent(session):
    agreed = _member_with_consent(session, agreed=True)
    silent = _member_with_consent(session, agreed=False)
    before = datetime(2027, 1, 20, 10, tzinfo=CST)  # 17 days before 6 February 2027
    assert care_seasonal.create_festival_cards(session, now=before) == (0, None)
    inside = datetime(2027, 1, 28, 10, tzinfo=CST)  # 9 days before
    first = _all_batches(session, inside, batch=2)
    assert first >= 1
    assert _all_batches(session, inside, batch=2) == 0  # a rerun writes nothing
    [card] = _tasks(session, agreed.id, "festival")
    member_id = session.scalar(select(Member.id).where(Member.customer_id == agreed.id))
    assert card.source_id == member_id * 10000 + 2027
    assert (card.channel, card.due_on) == ("letter", date(2027, 1, 28))
    assert "2027年春节" in card.text and agreed.name in card.text
    assert _tasks(session, silent.id, "festival") == []
    after = datetime(2027, 2, 7, 10, tzinfo=CST)
    assert care_seasonal.create_festival_cards(session, now=after) == (0, None)
