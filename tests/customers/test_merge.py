"""Merging two records of one person: everything moves, the ledger stays consistent, the
statistics stay equal, a later refund still takes its points back, and an admin undoes it."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from aftersales.customers import merge, points
from aftersales.customers.errors import MergeRefused
from aftersales.customers.models import Customer, Member
from aftersales.customers.schemas import MergeIn
from aftersales.errors import Forbidden, InvalidInput
from aftersales.sales.models import Receipt
from tests.claims.factories import person
from tests.customers.factories import line, line_ids, member, member_sale, new_member_no, new_phone
from tests.customers.test_ledger_properties import _claims

NOW = datetime.now(UTC)


def _figures(session) -> tuple:
    receipts = session.execute(
        select(Receipt.store_id, func.count(), func.sum(Receipt.total_paid))
        .group_by(Receipt.store_id)
        .order_by(Receipt.store_id)
    ).all()
    total = session.execute(select(func.count(), func.sum(Member.points))).one()
    return tuple(map(tuple, receipts)), tuple(total)


def _into(target: Customer, source: Customer) -> MergeIn:
    """Merge `source` into `target`, at the version of `source` as it is now."""
    return MergeIn(target_id=target.id, version=source.version)


def _customer(session, phone: str) -> Customer:
    return session.scalars(select(Customer).where(Customer.phone == phone)).one()


def _receipts(session, customer_id: int) -> int:
    return session.scalar(
        select(func.count()).select_from(Receipt).where(Receipt.customer_id == customer_id)
    )


def test_two_members_merge_keeps_statistics_and_moves_the_balance(session):
    a_no, b_no, a_phone, b_phone = new_member_no(), new_member_no(), new_phone(), new_phone()
    sold = member_sale(session, member_no=a_no, phone=a_phone, lines=[line("300.00")])
    member_sale(session, member_no=b_no, phone=b_phone, lines=[line("150.00")])
    a, b = _customer(session, a_phone), _customer(session, b_phone)
    before, admin = _figures(session), person(session, "admin")
    row = merge.merge_customers(session, source_id=a.id, data=_into(b, a), actor=admin, now=NOW)
    assert _figures(session) == before
    assert (_receipts(session, a.id), _receipts(session, b.id)) == (0, 2)
    assert (member(session, a_no).points, member(session, b_no).points) == (0, 450)
    for no in (a_no, b_no):
        m = member(session, no)
        assert m.points == points.ledger_sum(session, m.id)
    # A refund of the source's receipt takes the points from the membership kept.
    [claim, *_] = _claims(session, sold, [_line(session, sold)])
    points.take_back(
        session,
        claim_id=claim,
        receipt_line_id=line_ids(session, sold)[0],
        amount=Decimal("300.00"),
        actor=None,
        now=NOW,
    )
    assert member(session, b_no).points == 150
    merge.undo_merge(session, merge_id=row.id, actor=admin, now=NOW)
    assert (_receipts(session, a.id), _receipts(session, b.id)) == (1, 1)
    assert member(session, a_no).points == 300 and member(session, b_no).points == -150
    with pytest.raises(MergeRefused):
        merge.undo_merge(session, merge_id=row.id, actor=admin, now=NOW)


def _line(session, receipt_no: str):  # noqa: ANN202
    from aftersales.sales.models import ReceiptLine

    return session.scalars(
        select(ReceiptLine).join(Receipt).where(Receipt.receipt_no == receipt_no)
    ).first()


def test_a_member_card_merges_into_a_walk_in_record_and_back(session):
    no, card_phone, walk_in = new_member_no(), new_phone(), new_phone()
    member_sale(session, member_no=no, phone=card_phone, lines=[line("80.00")])
    member_sale(session, member_no=None, phone=walk_in, lines=[line("20.00")])
    card, person_ = _customer(session, card_phone), _customer(session, walk_in)
    admin = person(session, "admin")
    row = merge.merge_customers(
        session, source_id=card.id, data=_into(person_, card), actor=admin, now=NOW
    )
    assert (person_.member_no, card.member_no) == (no, None)
    assert member(session, no).customer_id == person_.id
    merge.undo_merge(session, merge_id=row.id, actor=admin, now=NOW)
    session.refresh(card)
    session.refresh(person_)
    assert (card.member_no, person_.member_no) == (no, None)
    assert member(session, no).customer_id == card.id


def test_a_merge_into_itself_or_by_a_clerk_is_refused(session):
    phone = new_phone()
    member_sale(session, member_no=None, phone=phone, lines=[line("20.00")])
    c = _customer(session, phone)
    with pytest.raises(InvalidInput) as caught:
        merge.merge_customers(
            session, source_id=c.id, data=_into(c, c), actor=person(session, "admin"), now=NOW
        )
    assert caught.value.field == "target_id"
    with pytest.raises(Forbidden):
        merge.merge_customers(
            session,
            source_id=c.id,
            data=MergeIn(target_id=c.id + 1, version=c.version),
            actor=person(session, "staff"),
            now=NOW,
        )
