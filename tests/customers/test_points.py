"""Points earned on a member's sale, taken back by refunds, redeemed and adjusted."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from aftersales.audit.models import Event
from aftersales.claims import fulfil
from aftersales.claims.open import open_claim
from aftersales.customers import points
from aftersales.customers.errors import MemberNumberTaken, NotEnoughPoints
from aftersales.customers.models import Customer, PointEntry
from aftersales.customers.schemas import AdjustIn, RedeemIn
from aftersales.errors import Forbidden
from tests.claims.factories import claim_in, person
from tests.customers.factories import (
    ledger,
    line,
    member,
    member_sale,
    new_member_no,
    new_phone,
)

NOW = datetime.now(UTC)


def test_a_sale_with_a_new_member_number_enrols_the_customer_and_earns_floor_paid(session):
    no, phone = new_member_no(), new_phone()
    receipt_no = member_sale(
        session,
        member_no=no,
        phone=phone,
        lines=[line("813.59"), line("0.99", sku="GE-1005", category="general"), line("100.00")],
    )
    m = member(session, no)
    assert (m.tier, m.points) == ("standard", 913)
    rows = ledger(session, m.id)
    assert [(e.delta, e.balance, e.reason, e.line_no) for e in rows] == [
        (813, 813, "sale", 1),
        (100, 913, "sale", 3),
    ]
    assert {e.receipt_no for e in rows} == {receipt_no}
    customer = session.scalars(select(Customer).where(Customer.phone == phone)).one()
    assert customer.member_no == no and m.customer_id == customer.id
    enrolled = session.scalar(
        select(func.count())
        .select_from(Event)
        .where(
            Event.entity == "customer",
            Event.entity_id == customer.id,
            Event.action == "member_enrolled",
        )
    )
    assert enrolled == 1


def test_a_second_sale_adds_to_the_same_member(session):
    no, phone = new_member_no(), new_phone()
    member_sale(session, member_no=no, phone=phone, lines=[line("200.00")])
    member_sale(session, member_no=no, phone=phone, lines=[line("55.50")])
    m = member(session, no)
    assert m.points == 255 == points.ledger_sum(session, m.id)
    assert [e.balance for e in ledger(session, m.id)] == [200, 255]


def test_a_sale_without_a_member_number_earns_nothing(session):
    before = session.scalar(select(func.count()).select_from(PointEntry))
    member_sale(session, member_no=None, phone=new_phone())
    assert session.scalar(select(func.count()).select_from(PointEntry)) == before


def test_a_member_number_held_by_another_customer_refuses_the_sale(session):
    no = new_member_no()
    member_sale(session, member_no=no, phone=new_phone())
    with pytest.raises(MemberNumberTaken) as caught:
        member_sale(session, member_no=no, phone=new_phone())
    assert caught.value.field == "customer.member_no"


def _claim(session, receipt_no: str, sku: str = "FO-1002"):
    data = claim_in(
        receipt_no, sku=sku, problem="sole_broken", part="sole", condition=[], material="leather"
    )
    return open_claim(session, data=data, actor=person(session, "staff"), now=NOW)


def test_a_return_takes_back_the_points_of_its_line_in_the_same_transaction(session):
    no, staff = new_member_no(), person(session, "staff")
    receipt_no = member_sale(
        session, member_no=no, phone=new_phone(), days_ago=10, lines=[line("813.59")]
    )
    claim = _claim(session, receipt_no)
    fulfil.choose_remedy(session, claim_id=claim.id, remedy="return", actor=staff, now=NOW)
    fulfil.record_refund(
        session, claim_id=claim.id, amount=Decimal("813.59"), method="cash", actor=staff, now=NOW
    )
    m = member(session, no)
    assert m.points == 0
    last = ledger(session, m.id)[-1]
    assert (last.delta, last.balance, last.reason, last.claim_id) == (-813, 0, "return", claim.id)


def test_a_refund_of_part_of_the_price_takes_back_points_in_proportion_floor(session):
    no = new_member_no()
    receipt_no = member_sale(session, member_no=no, phone=new_phone(), lines=[line("813.59")])
    claim = _claim(session, receipt_no)
    line_id = claim.receipt_line_id
    taken = points.take_back(
        session,
        claim_id=claim.id,
        receipt_line_id=line_id,
        amount=Decimal("100.00"),
        actor=None,
        now=NOW,
    )
    assert taken == 99  # floor(813 * 100 / 813.59) = floor(99.93)
    again = points.take_back(
        session,
        claim_id=claim.id,
        receipt_line_id=line_id,
        amount=Decimal("100.00"),
        actor=None,
        now=NOW,
    )
    assert again == 0 and member(session, no).points == 813 - 99


def test_redeeming_more_than_the_balance_is_refused_and_writes_nothing(session):
    no = new_member_no()
    member_sale(session, member_no=no, phone=new_phone(), lines=[line("120.00")])
    staff = person(session, "staff")
    with pytest.raises(NotEnoughPoints) as caught:
        points.redeem(session, member_no=no, data=RedeemIn(points=121), actor=staff, now=NOW)
    assert caught.value.field == "points"
    m = member(session, no)
    assert m.points == 120 and len(ledger(session, m.id)) == 1
    entry = points.redeem(
        session, member_no=no, data=RedeemIn(points=120, note="购物抵扣"), actor=staff, now=NOW
    )
    assert (entry["delta"], entry["balance"], entry["reason"]) == (-120, 0, "redeem")


def test_only_a_supervisor_adjusts_and_gives_a_reason(session):
    no = new_member_no()
    member_sale(session, member_no=no, phone=new_phone(), lines=[line("50.00")])
    with pytest.raises(Forbidden):
        points.adjust(
            session,
            member_no=no,
            data=AdjustIn(delta=10, reason="补录"),
            actor=person(session, "counter_manager"),
            now=NOW,
        )
    entry = points.adjust(
        session,
        member_no=no,
        data=AdjustIn(delta=-20, reason="重复积分"),
        actor=person(session, "floor_supervisor"),
        now=NOW,
    )
    assert (entry["balance"], entry["reason"]) == (30, "adjust")
    assert ledger(session, member(session, no).id)[-1].note == "重复积分"
    with pytest.raises(NotEnoughPoints):
        points.adjust(
            session,
            member_no=no,
            data=AdjustIn(delta=-31, reason="x"),
            actor=person(session, "floor_supervisor"),
            now=NOW,
        )
