"""Consent blocks a marketing (or care) message but never a service message."""

from datetime import UTC, datetime

from sqlalchemy import select

from aftersales.customers import messages, profile
from aftersales.customers.models import Customer
from aftersales.customers.schemas import ConsentIn
from aftersales.notify.models import OutboxMessage
from tests.claims.factories import person
from tests.customers.factories import line, member_sale, new_phone

NOW = datetime.now(UTC)


def _outbox(session, phone: str) -> list[str]:
    return [
        m.meta["purpose"]
        for m in session.scalars(
            select(OutboxMessage).where(OutboxMessage.recipient == phone).order_by(OutboxMessage.id)
        )
    ]


def _send_all(session, customer: Customer) -> None:
    for purpose in messages.Purpose:
        messages.tell_customer(session, customer=customer, purpose=purpose, subject="s", body="b")
    session.flush()


def test_without_consent_only_the_service_message_is_queued(session):
    phone = new_phone()
    member_sale(session, member_no=None, phone=phone, lines=[line("10.00")])
    customer = session.scalars(select(Customer).where(Customer.phone == phone)).one()
    _send_all(session, customer)
    assert _outbox(session, phone) == ["service"]


def test_after_consent_all_go_and_after_withdrawal_only_service_again(session):
    phone, staff = new_phone(), person(session, "staff")
    member_sale(session, member_no=None, phone=phone, lines=[line("10.00")])
    customer = session.scalars(select(Customer).where(Customer.phone == phone)).one()
    profile.record_consent(
        session,
        customer_id=customer.id,
        actor=staff,
        now=NOW,
        data=ConsentIn(granted=True, channel="in_person"),
    )
    _send_all(session, customer)
    profile.record_consent(
        session,
        customer_id=customer.id,
        actor=staff,
        now=NOW,
        data=ConsentIn(granted=False, channel="phone"),
    )
    _send_all(session, customer)
    assert _outbox(session, phone) == ["service", "care", "marketing", "service"]
