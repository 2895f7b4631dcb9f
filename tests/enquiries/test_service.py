"""Taking, answering and converting hotline questions, on SQLite and PostgreSQL."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from aftersales.audit.models import Event
from aftersales.complaints.models import Complaint
from aftersales.errors import Forbidden, StaleVersion
from aftersales.feedback.enquiries import service
from aftersales.feedback.enquiries.errors import (
    AskedInTheFuture,
    EnquiryAlreadyClosed,
    EnquiryNotFound,
    UnknownPlace,
)
from aftersales.feedback.enquiries.models import EnquiryStatus
from aftersales.feedback.enquiries.schemas import AnswerIn, ConvertIn
from aftersales.notify.models import OutboxMessage
from tests.complaints.factories import person
from tests.enquiries.factories import THURSDAY_10AM, cst, take


def _actions(session, enquiry_id):
    return session.scalars(
        select(Event.action).where(Event.entity == "enquiry", Event.entity_id == enquiry_id)
    ).all()


def _messages(session, enquiry_id):
    return [
        m
        for m in session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(200))
        if (m.meta or {}).get("enquiry_id") == enquiry_id
    ]


def test_a_question_is_due_four_hours_after_the_call(session):
    row = take(session, person(session, "manager_assistant"))
    assert (row.status, row.answer_by, row.warn_at) == (
        EnquiryStatus.open,
        cst(2026, 10, 15, 14, 0),
        cst(2026, 10, 15, 13, 0),
    )
    assert row.reference.startswith("HQ") and row.version == 1
    assert _actions(session, row.id) == ["taken"]


@pytest.mark.parametrize(
    "asked,due",
    [
        # The hotline runs day and night: its 4 hours are calendar hours across midnight...
        ((2026, 10, 14, 22, 30), (2026, 10, 15, 2, 30)),
        # ...across the National Day holiday, which working hours would skip...
        ((2026, 9, 30, 23, 0), (2026, 10, 1, 3, 0)),
        # ...and across New Year.
        ((2026, 12, 31, 21, 15), (2027, 1, 1, 1, 15)),
    ],
)
def test_answer_by_counts_calendar_hours_across_midnight_and_holidays(session, asked, due):
    at = cst(*asked)
    row = take(session, person(session, "manager_assistant"), now=at, asked_at=at.isoformat())
    assert row.answer_by == cst(*due)


def test_a_call_cannot_be_logged_in_the_future(session):
    later = (THURSDAY_10AM + timedelta(minutes=5)).isoformat()
    with pytest.raises(AskedInTheFuture):
        take(session, person(session, "manager_assistant"), asked_at=later)


def test_an_unknown_store_or_a_counter_of_another_store_is_refused(session):
    who = person(session, "manager_assistant")
    with pytest.raises(UnknownPlace) as wrong:
        take(session, who, store="S9")
    assert wrong.value.field == "store"
    with pytest.raises(UnknownPlace) as elsewhere:
        take(session, who, counter="S2-F1-C01")
    assert elsewhere.value.field == "counter"


def test_a_caller_who_is_a_customer_is_linked_and_nobody_new_is_created(session):
    from aftersales.customers.models import Customer

    customer = session.scalars(select(Customer).order_by(Customer.id).limit(1)).one()
    before = session.scalar(select(Customer.id).order_by(Customer.id.desc()).limit(1))
    known = take(session, person(session, "manager_assistant"), phone=customer.phone)
    unknown = take(session, person(session, "manager_assistant"), phone="13099990000")
    assert (known.customer_id, unknown.customer_id) == (customer.id, None)
    assert session.scalar(select(Customer.id).order_by(Customer.id.desc()).limit(1)) == before


def test_answering_sends_the_answer_to_the_caller_and_closes_the_question(session):
    desk = person(session, "manager_assistant")
    row = take(session, desk, contact_email="zhou@example.com")
    at = THURSDAY_10AM + timedelta(hours=1)
    service.answer_enquiry(
        session,
        enquiry_id=row.id,
        actor=desk,
        now=at,
        data=AnswerIn(answer="明天上午9点到12点上门安装", send=True, version=1),
    )
    assert (row.status, row.answered_at, row.answered_by_id, row.notified, row.version) == (
        EnquiryStatus.answered,
        at,
        desk.id,
        True,
        2,
    )
    sent = sorted((m.channel, m.recipient) for m in _messages(session, row.id))
    assert sent == [("email", "zhou@example.com"), ("sms", row.phone)]
    assert all("明天上午9点到12点上门安装" in m.body for m in _messages(session, row.id))
    assert _actions(session, row.id) == ["taken", "answered"]


def test_an_answer_given_on_the_phone_sends_nothing(session):
    desk = person(session, "manager_assistant")
    row = take(session, desk)
    service.answer_enquiry(
        session,
        enquiry_id=row.id,
        actor=desk,
        now=THURSDAY_10AM,
        data=AnswerIn(answer="已电话告知", send=False, version=1),
    )
    assert (row.notified, _messages(session, row.id)) == (False, [])


def test_a_stale_or_second_answer_is_refused_and_changes_nothing(session):
    desk = person(session, "manager_assistant")
    row = take(session, desk)
    with pytest.raises(StaleVersion):
        service.answer_enquiry(
            session,
            enquiry_id=row.id,
            actor=desk,
            now=THURSDAY_10AM,
            data=AnswerIn(answer="x", send=True, version=7),
        )
    assert (row.status, row.version, _messages(session, row.id)) == (EnquiryStatus.open, 1, [])
    service.answer_enquiry(
        session,
        enquiry_id=row.id,
        actor=desk,
        now=THURSDAY_10AM,
        data=AnswerIn(answer="好的", send=False, version=1),
    )
    with pytest.raises(EnquiryAlreadyClosed):
        service.answer_enquiry(
            session,
            enquiry_id=row.id,
            actor=desk,
            now=THURSDAY_10AM,
            data=AnswerIn(answer="再答一次", send=True, version=2),
        )
    assert (row.answer, row.version, _actions(session, row.id)) == (
        "好的",
        2,
        ["taken", "answered"],
    )


def test_a_question_that_was_a_complaint_is_converted_through_the_intake(session):
    desk = person(session, "manager_assistant")
    row = take(session, desk, topic="warranty", question="冰箱买了20天不制冷，店员说不给换")
    service.convert_to_complaint(
        session, enquiry_id=row.id, data=ConvertIn(version=1), actor=desk, now=THURSDAY_10AM
    )
    complaint = session.get(Complaint, row.complaint_id)
    assert (row.status, complaint.channel, complaint.type, complaint.store_id) == (
        EnquiryStatus.converted,
        "hotline",
        "product",
        row.store_id,
    )
    assert row.reference in complaint.description  # linked both ways
    assert complaint.customer_id is not None
    assert _actions(session, row.id) == ["taken", "converted"]
    with pytest.raises(EnquiryAlreadyClosed):
        service.convert_to_complaint(
            session,
            enquiry_id=row.id,
            data=ConvertIn(version=row.version),
            actor=desk,
            now=THURSDAY_10AM,
        )


def test_counter_staff_take_questions_for_their_own_counter_only(session):
    staff = person(session, "staff")
    mine = take(session, staff, counter="S1-F1-C01")
    assert mine.counter_id == staff.counter_id
    with pytest.raises(Forbidden):
        take(session, staff, counter="S1-F1-C02")
    with pytest.raises(Forbidden):
        take(session, person(session, "technician"))


def test_another_stores_question_looks_missing(session):
    row = take(session, person(session, "manager_assistant"))
    for username in ("staff2", "staff"):  # another store; another counter's view of S1
        with pytest.raises(EnquiryNotFound):
            service.get_enquiry(session, user=person(session, username), enquiry_id=row.id)
        with pytest.raises(EnquiryNotFound):
            service.answer_enquiry(
                session,
                enquiry_id=row.id,
                actor=person(session, username),
                now=THURSDAY_10AM,
                data=AnswerIn(answer="x", send=False, version=1),
            )
    assert service.get_enquiry(session, user=person(session, "dept_manager"), enquiry_id=row.id)
    with pytest.raises(Forbidden):
        service.get_enquiry(session, user=person(session, "warehouse"), enquiry_id=row.id)
    assert row.status == EnquiryStatus.open
