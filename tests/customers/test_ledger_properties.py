"""Ledger invariants as properties, on SQLite and PostgreSQL: the balance equals the sum of
the deltas and each entry's balance the running sum; a refund never takes back more than
its line earned, over all claims of the line; a retried refund changes nothing."""

from datetime import UTC, datetime
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from aftersales.claims.models import Claim
from aftersales.customers import points
from aftersales.customers.errors import NotEnoughPoints
from aftersales.customers.models import PointEntry
from aftersales.customers.schemas import AdjustIn, RedeemIn
from aftersales.sales.models import Receipt, ReceiptLine
from tests.claims.factories import person
from tests.customers.factories import ledger, line, member, member_sale, new_member_no, new_phone

NOW = datetime.now(UTC)
paid = st.decimals(
    min_value=Decimal("0"),
    max_value=Decimal("5000"),
    places=2,
    allow_nan=False,
    allow_infinity=False,
)
op = st.one_of(
    st.tuples(st.just("redeem"), st.integers(1, 3000)),
    st.tuples(st.just("adjust"), st.integers(-400, 400).filter(bool)),
    st.tuples(st.just("refund"), st.integers(0, 3), st.integers(0, 2), paid),
)


def _claims(session, receipt_no: str, lines: list[ReceiptLine]) -> list[int]:
    """Three claims on the receipt (the remedy machinery is tested in tests/claims)."""
    receipt = session.scalars(select(Receipt).where(Receipt.receipt_no == receipt_no)).one()
    rows = [
        Claim(
            receipt_id=receipt.id,
            receipt_line_id=lines[0].id,
            receipt_no=receipt_no,
            proof="receipt",
            store_id=receipt.store_id,
            counter_id=receipt.counter_id,
            customer_id=receipt.customer_id,
            sku=lines[0].sku,
            item_name="t",
            category="footwear",
            problem="size_fit",
            requested_on=NOW.date(),
            policy_request={},
            decision={},
            policy_version="test",
            outcome="granted",
            status="refund_pending",
            due_at=NOW,
        )
        for _ in range(3)
    ]
    session.add_all(rows)
    session.flush()
    return [c.id for c in rows]


def _apply(session, member_no, lines, claims, step) -> None:  # noqa: ANN001
    kind = step[0]
    if kind == "redeem":
        try:
            points.redeem(
                session,
                member_no=member_no,
                data=RedeemIn(points=step[1]),
                actor=person(session, "staff"),
                now=NOW,
            )
        except NotEnoughPoints:
            pass
    elif kind == "adjust":
        try:
            points.adjust(
                session,
                member_no=member_no,
                data=AdjustIn(delta=step[1], reason="核对"),
                actor=person(session, "floor_supervisor"),
                now=NOW,
            )
        except NotEnoughPoints:
            pass
    else:
        ln = lines[step[1] % len(lines)]
        args = {
            "claim_id": claims[step[2]],
            "receipt_line_id": ln.id,
            "amount": step[3],
            "actor": None,
            "now": NOW,
        }
        points.take_back(session, **args)
        before = [(e.id, e.balance) for e in ledger(session, member(session, member_no).id)]
        assert points.take_back(session, **args) == 0  # the retry
        after = [(e.id, e.balance) for e in ledger(session, member(session, member_no).id)]
        assert after == before


def _check(session, member_no: str, lines: list[ReceiptLine]) -> None:
    m = member(session, member_no)
    entries = ledger(session, m.id)
    running = 0
    for entry in entries:
        running += entry.delta
        assert entry.balance == running
    assert m.points == running == points.ledger_sum(session, m.id)
    for ln in lines:
        mine = [e for e in entries if e.line_no == ln.line_no and e.receipt_id == ln.receipt_id]
        earned = sum(e.delta for e in mine if e.reason == "sale")
        taken = -sum(e.delta for e in mine if e.reason == "return")
        assert 0 <= taken <= earned
        assert earned == int(ln.paid)  # the default rule: floor(paid)
    assert all(e.delta != 0 for e in entries)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(prices=st.lists(paid, min_size=1, max_size=4), steps=st.lists(op, max_size=10))
def test_ledger_invariants_hold_for_any_sequence(session, prices, steps):
    nested = session.begin_nested()
    try:
        no = new_member_no()
        receipt_no = member_sale(
            session, member_no=no, phone=new_phone(), lines=[line(f"{p:.2f}") for p in prices]
        )
        lines = list(
            session.scalars(
                select(ReceiptLine)
                .join(Receipt)
                .where(Receipt.receipt_no == receipt_no)
                .order_by(ReceiptLine.line_no)
            )
        )
        claims = _claims(session, receipt_no, lines)
        for step in steps:
            _apply(session, no, lines, claims, step)
        _check(session, no, lines)
    finally:
        nested.rollback()


def test_two_claims_on_one_line_never_take_back_more_than_it_earned(session):
    no = new_member_no()
    receipt_no = member_sale(session, member_no=no, phone=new_phone(), lines=[line("300.00")])
    lines = list(
        session.scalars(select(ReceiptLine).join(Receipt).where(Receipt.receipt_no == receipt_no))
    )
    first, second, _ = _claims(session, receipt_no, lines)
    taken = [
        points.take_back(
            session,
            claim_id=c,
            receipt_line_id=lines[0].id,
            amount=Decimal("200.00"),
            actor=None,
            now=NOW,
        )
        for c in (first, second)
    ]
    assert taken == [200, 100]
    returns = session.scalars(
        select(PointEntry.delta).where(
            PointEntry.reason == "return", PointEntry.receipt_id == lines[0].receipt_id
        )
    ).all()
    assert sorted(returns) == [-200, -100] and member(session, no).points == 0
