"""PIPL requests: the export holds everything about the customer; erasure anonymises the
person and keeps statistics equal before and after; erasing twice is refused."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from aftersales import erasure
from aftersales.audit.models import Event
from aftersales.complaints import service as complaints
from aftersales.complaints.models import Complaint
from aftersales.customers import privacy
from aftersales.customers.errors import AlreadyErased
from aftersales.customers.models import Customer, Member
from aftersales.errors import Forbidden
from aftersales.feedback.intake import record_suggestion
from aftersales.feedback.models import Suggestion
from aftersales.feedback.schemas import SuggestionCreate
from aftersales.notify import service as notify
from aftersales.notify.models import OutboxMessage, OutboxStatus
from aftersales.sales.models import Receipt
from tests.claims.factories import person
from tests.complaints.factories import form
from tests.customers.factories import line, member_sale, new_member_no, new_phone

NOW = datetime.now(UTC)


def _figures(session) -> tuple:
    """What the reports count: receipts and money by store, members and their points."""
    by_store = session.execute(
        select(Receipt.store_id, func.count(), func.sum(Receipt.total_paid))
        .group_by(Receipt.store_id)
        .order_by(Receipt.store_id)
    ).all()
    points = session.execute(select(func.count(), func.sum(Member.points))).one()
    return tuple(map(tuple, by_store)), tuple(points)


def _member(session) -> tuple[Customer, str]:
    no, phone = new_member_no(), new_phone()
    member_sale(session, member_no=no, phone=phone, lines=[line("1200.00"), line("99.90")])
    return session.scalars(select(Customer).where(Customer.phone == phone)).one(), no


def test_the_export_holds_the_profile_purchases_and_ledger(session):
    customer, no = _member(session)
    data = privacy.export_customer(session, customer_id=customer.id, actor=person(session, "admin"))
    assert data["customer"]["phone"] == customer.phone
    assert len(data["receipts"]) == 1 and data["receipts"][0]["total_paid"] == "1299.90"
    assert data["member"]["member_no"] == no
    assert [e["delta"] for e in data["member"]["ledger"]] == [1200, 99]
    with pytest.raises(Forbidden):
        privacy.export_customer(session, customer_id=customer.id, actor=person(session, "staff"))


def test_erasure_anonymises_and_keeps_the_statistics_equal(session):
    customer, no = _member(session)
    before = _figures(session)
    erasure.erase_person(session, customer_id=customer.id, actor=person(session, "admin"), now=NOW)
    assert _figures(session) == before
    assert (customer.name, customer.phone, customer.member_no) == (
        "已删除",
        f"ERASED-{customer.id}",
        None,
    )
    assert (
        session.scalar(select(Member.member_no).where(Member.customer_id == customer.id))
        == f"ERASED-{customer.id}"
    )
    assert (
        session.scalar(
            select(func.count()).select_from(Receipt).where(Receipt.customer_id == customer.id)
        )
        == 1
    )
    with pytest.raises(AlreadyErased):
        erasure.erase_person(
            session, customer_id=customer.id, actor=person(session, "admin"), now=NOW
        )


def test_erasure_clears_the_contact_copied_onto_complaints_and_suggestions(session):
    phone = new_phone()
    staff = person(session, "staff")
    case = complaints.register_complaint(
        session,
        data=form(customer={"name": "周敏", "phone": phone}, contact_email="zhoumin@example.cn"),
        actor=staff,
        now=NOW,
    )
    idea = record_suggestion(
        session,
        data=SuggestionCreate(
            channel="phone",
            store="S1",
            counter="S1-F1-C01",
            text="希望周末延长营业时间",
            customer={"name": "周敏", "phone": phone},
            contact_email="zhoumin@example.cn",
        ),
        actor=staff,
        now=NOW,
    )
    assert idea.customer_id == case.customer_id
    before = _figures(session)
    erasure.erase_person(
        session, customer_id=case.customer_id, actor=person(session, "admin"), now=NOW
    )
    session.expire_all()
    kept = session.get(Complaint, case.id)
    assert (kept.contact_email, kept.title, kept.customer_id) == (
        None,
        case.title,
        case.customer_id,
    )
    left = session.get(Suggestion, idea.id)
    assert (left.phone, left.contact_email, left.text) == (None, None, "希望周末延长营业时间")
    assert _figures(session) == before
    actions = set(
        session.scalars(
            select(Event.entity).where(
                Event.action == "contact_erased", Event.entity_id.in_([case.id, idea.id])
            )
        )
    )
    assert actions == {"complaint", "suggestion"}


def test_a_refused_erasure_changes_no_copy(session):
    phone = new_phone()
    case = complaints.register_complaint(
        session,
        data=form(customer={"name": "吴刚", "phone": phone}, contact_email="wugang@example.cn"),
        actor=person(session, "staff"),
        now=NOW,
    )
    with pytest.raises(Forbidden):
        erasure.erase_person(
            session, customer_id=case.customer_id, actor=person(session, "staff"), now=NOW
        )
    assert session.get(Complaint, case.id).contact_email == "wugang@example.cn"


def test_erasure_reaches_the_outbox_and_stops_what_was_not_yet_sent(session):
    phone = new_phone()
    case = complaints.register_complaint(
        session,
        data=form(customer={"name": "孙莉", "phone": phone}, contact_email="sunli@example.cn"),
        actor=person(session, "staff"),
        now=NOW,
    )
    theirs = list(
        session.scalars(
            select(OutboxMessage).where(OutboxMessage.recipient.in_([phone, "sunli@example.cn"]))
        )
    )
    assert theirs  # the tracking-code SMS at least
    theirs[0].status = OutboxStatus.sent  # one went out before the request, the rest did not
    others = session.scalar(select(func.count()).select_from(OutboxMessage)) - len(theirs)
    session.flush()
    erasure.erase_person(
        session, customer_id=case.customer_id, actor=person(session, "admin"), now=NOW
    )
    session.expire_all()
    rows = [session.get(OutboxMessage, m.id) for m in theirs]
    assert {(r.recipient, r.body) for r in rows} == {(notify.ERASED, notify.ERASED)}
    assert rows[0].status == OutboxStatus.sent
    assert all(r.status == OutboxStatus.failed for r in rows[1:])
    kept = session.scalar(
        select(func.count())
        .select_from(OutboxMessage)
        .where(OutboxMessage.recipient != notify.ERASED)
    )
    assert kept == others  # nobody else's messages were touched
