"""PIPL requests: the export holds everything about the customer; erasure anonymises the
person and keeps statistics equal before and after; erasing twice is refused."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from aftersales.customers import privacy
from aftersales.customers.errors import AlreadyErased
from aftersales.customers.models import Customer, Member
from aftersales.errors import Forbidden
from aftersales.sales.models import Receipt
from tests.claims.factories import person
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
    privacy.erase_customer(
        session, customer_id=customer.id, actor=person(session, "admin"), now=NOW
    )
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
        privacy.erase_customer(
            session, customer_id=customer.id, actor=person(session, "admin"), now=NOW
        )
