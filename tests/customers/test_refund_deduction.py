"""A refund whose points were already spent: the store's rule decides (negative balance by
default; `deduct` takes the spent points' value off the refund, audited and shown)."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from aftersales.audit.models import Event
from aftersales.claims import fulfil
from aftersales.claims.open import open_claim
from aftersales.customers import points, refund_points
from aftersales.customers.member_models import PointRefundDeduction
from aftersales.customers.schemas import RedeemIn
from aftersales.errors import Forbidden, InvalidInput, StaleVersion
from aftersales.sales.models import Receipt
from tests.claims.factories import claim_in, person
from tests.customers.factories import ledger, line, member, member_sale, new_member_no, new_phone

NOW = datetime.now(UTC)


def _spent_member(session, *, spend: int = 600):
    """A member who bought for 813.59 (813 points) and spent `spend` points: the claim."""
    no, staff = new_member_no(), person(session, "staff")
    receipt_no = member_sale(session, member_no=no, phone=new_phone(), lines=[line("813.59")])
    points.redeem(session, member_no=no, data=RedeemIn(points=spend), actor=staff, now=NOW)
    data = claim_in(
        receipt_no,
        sku="FO-1002",
        problem="sole_broken",
        part="sole",
        condition=[],
        material="leather",
    )
    claim = open_claim(session, data=data, actor=staff, now=NOW)
    fulfil.choose_remedy(session, claim_id=claim.id, remedy="return", actor=staff, now=NOW)
    store_id = session.scalar(select(Receipt.store_id).where(Receipt.receipt_no == receipt_no))
    return no, claim, store_id


def _refund(session, claim, amount="813.59"):
    fulfil.record_refund(
        session,
        claim_id=claim.id,
        amount=Decimal(amount),
        method="cash",
        actor=person(session, "staff"),
        now=NOW,
    )


def test_by_default_the_balance_goes_negative_and_nothing_is_kept_back(session):
    no, claim, _ = _spent_member(session)
    _refund(session, claim)
    m = member(session, no)
    assert m.points == 213 - 813 == points.ledger_sum(session, m.id)
    assert refund_points.recorded(session, claim.id) is None


def test_under_deduct_the_spent_points_value_comes_off_the_refund(session):
    no, claim, store_id = _spent_member(session)
    refund_points.set_rule(
        session,
        store_id=store_id,
        rule="deduct",
        point_value=Decimal("0.05"),
        actor=person(session, "admin"),
        now=NOW,
    )
    taken, preview = points.refund_preview(
        session, receipt_line_id=claim.receipt_line_id, amount=Decimal("813.59")
    )
    assert (taken, preview) == (813, refund_points.Deduction(600, Decimal("30.00")))
    _refund(session, claim)
    m = member(session, no)
    assert m.points == 0 == points.ledger_sum(session, m.id)
    tail = [(e.delta, e.balance, e.reason, e.claim_id) for e in ledger(session, m.id)[-2:]]
    assert tail == [(-813, -600, "return", claim.id), (600, 0, "refund_deduction", claim.id)]
    kept = session.get(PointRefundDeduction, claim.id)
    assert (kept.points, kept.value, kept.member_id) == (600, Decimal("30.00"), m.id)
    audited = session.scalar(
        select(func.count())
        .select_from(Event)
        .where(
            Event.entity == "claim",
            Event.entity_id == claim.id,
            Event.action == "points_value_deducted",
        )
    )
    assert audited == 1


def test_under_deduct_a_member_who_still_holds_the_points_keeps_the_whole_refund(session):
    no, claim, store_id = _spent_member(session, spend=0 + 1)
    refund_points.set_rule(
        session,
        store_id=store_id,
        rule="deduct",
        point_value=Decimal("0.01"),
        actor=person(session, "admin"),
        now=NOW,
    )
    _refund(session, claim, amount="400.00")  # takes back 399 of the 812 points left
    assert member(session, no).points == 812 - 399
    assert refund_points.recorded(session, claim.id) is None


def test_the_rule_is_the_administrators_and_checked(session):
    _, _, store_id = _spent_member(session)
    with pytest.raises(Forbidden):
        refund_points.set_rule(
            session,
            store_id=store_id,
            rule="deduct",
            point_value=Decimal("0.01"),
            actor=person(session, "staff"),
            now=NOW,
        )
    admin = person(session, "admin")
    with pytest.raises(InvalidInput) as bad:
        refund_points.set_rule(
            session,
            store_id=store_id,
            rule="deduct",
            point_value=Decimal("0"),
            actor=admin,
            now=NOW,
        )
    assert bad.value.field == "point_value"
    row = refund_points.set_rule(
        session, store_id=store_id, rule="deduct", point_value=Decimal("0.02"), actor=admin, now=NOW
    )
    with pytest.raises(StaleVersion):
        refund_points.set_rule(
            session,
            store_id=store_id,
            rule="negative",
            point_value=Decimal("0.02"),
            actor=admin,
            now=NOW,
            version=row.version - 1,
        )


def test_the_clerk_sees_the_deduction_before_paying_and_on_the_slip(engine, tmp_path):
    from sqlalchemy import delete

    from aftersales.customers.member_models import PointsRefundSetting
    from aftersales.db import make_session_factory, transaction
    from tests.support.pages import login, page_client

    factory = make_session_factory(engine)
    with transaction(factory) as db:
        no, staff = new_member_no(), person(db, "staff2")
        receipt_no = member_sale(
            db,
            member_no=no,
            phone=new_phone(),
            lines=[line("813.59")],
            store="S2",
            counter="S2-F1-C01",
        )
        points.redeem(db, member_no=no, data=RedeemIn(points=600), actor=staff, now=NOW)
        data = claim_in(
            receipt_no,
            sku="FO-1002",
            problem="sole_broken",
            part="sole",
            condition=[],
            material="leather",
        )
        claim = open_claim(db, data=data, actor=person(db, "admin"), now=NOW)
        fulfil.choose_remedy(
            db, claim_id=claim.id, remedy="return", actor=person(db, "admin"), now=NOW
        )
        store_id = db.scalar(select(Receipt.store_id).where(Receipt.receipt_no == receipt_no))
        claim_id = claim.id
        refund_points.set_rule(
            db,
            store_id=store_id,
            rule="deduct",
            point_value=Decimal("0.05"),
            actor=person(db, "admin"),
            now=NOW,
        )
    try:
        with page_client(engine, tmp_path) as web:
            login(web, "admin")
            before = web.get(f"/claims/{claim_id}").text
            assert "全额退款将扣回 813 积分" in before
            assert "其中 600 积分会员已使用：扣除 ¥30.00，实付顾客 ¥783.59" in before
            with transaction(factory) as db:
                fulfil.record_refund(
                    db,
                    claim_id=claim_id,
                    amount=Decimal("813.59"),
                    method="cash",
                    actor=person(db, "admin"),
                    now=NOW,
                )
            slip = web.get(f"/claims/{claim_id}/slip").text
            assert "已使用的积分" in slip and "¥30.00" in slip and "¥783.59" in slip
    finally:
        with transaction(factory) as db:
            db.execute(delete(PointsRefundSetting).where(PointsRefundSetting.store_id == store_id))
