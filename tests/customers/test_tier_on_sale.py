"""A member's tier follows their rolling 12-month spend on each sale, in the sale's
transaction, with the history of changes."""

from sqlalchemy import select

from aftersales.customers.models import TierChange
from tests.customers.factories import line, member, member_sale, new_member_no, new_phone


def _changes(session, member_id):
    return [
        (c.old_tier, c.new_tier, int(c.spend))
        for c in session.scalars(
            select(TierChange).where(TierChange.member_id == member_id).order_by(TierChange.id)
        )
    ]


def test_a_sale_that_crosses_the_silver_line_makes_the_member_silver_at_once(session):
    no, phone = new_member_no(), new_phone()
    member_sale(session, member_no=no, phone=phone, lines=[line("4000.00")])
    assert member(session, no).tier == "standard"
    member_sale(session, member_no=no, phone=phone, lines=[line("1000.00")])
    m = member(session, no)
    assert m.tier == "silver"
    assert _changes(session, m.id) == [("standard", "silver", 5000)]


def test_one_large_sale_of_a_new_member_goes_straight_to_gold(session):
    no = new_member_no()
    member_sale(session, member_no=no, phone=new_phone(), lines=[line("20000.00")])
    m = member(session, no)
    assert m.tier == "gold"
    assert _changes(session, m.id) == [("standard", "gold", 20000)]


def test_spend_older_than_a_year_does_not_count(session):
    no, phone = new_member_no(), new_phone()
    member_sale(session, member_no=no, phone=phone, lines=[line("4900.00")], days_ago=400)
    member_sale(session, member_no=no, phone=phone, lines=[line("200.00")])
    m = member(session, no)
    assert m.tier == "standard"
    assert _changes(session, m.id) == []


def test_a_sale_that_changes_nothing_writes_no_history(session):
    no, phone = new_member_no(), new_phone()
    member_sale(session, member_no=no, phone=phone, lines=[line("6000.00")])
    member_sale(session, member_no=no, phone=phone, lines=[line("10.00")])
    m = member(session, no)
    assert m.tier == "silver"
    assert len(_changes(session, m.id)) == 1
