"""Each remedy to closure, refusals that change nothing, overrides and stale versions."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from aftersales.audit.models import Event
from aftersales.claims import fulfil
from aftersales.claims.errors import (
    OverrideNotAllowed,
    ReasonRequired,
    RefundAboveAllowed,
    RemedyNotGranted,
    TransitionNotAllowed,
)
from aftersales.claims.models import ClaimStatus, ReturnedStock
from aftersales.claims.open import open_claim
from aftersales.claims.override import count_overrides, override_decision
from aftersales.errors import StaleVersion
from aftersales.repairs.models import WorkOrder, WorkStatus
from tests.claims.factories import KETTLE, claim_in, person, sale

NOW = datetime.now(UTC)
S = ClaimStatus


def _events(session, claim_id: int) -> list[str]:
    return list(
        session.scalars(
            select(Event.action)
            .where(Event.entity == "claim", Event.entity_id == claim_id)
            .order_by(Event.id)
        )
    )


def _broken_sole(session, who: str = "staff", **overrides):
    receipt_no = sale(session, days_ago=10)
    fields = {"problem": "sole_broken", "part": "sole", "condition": [], "material": "leather"}
    data = claim_in(receipt_no, **(fields | overrides))
    return open_claim(session, data=data, actor=person(session, who), now=NOW)


def test_a_return_refunds_the_price_paid_and_puts_the_item_into_returned_stock(session):
    staff = person(session, "staff")
    claim = _broken_sole(session)
    fulfil.choose_remedy(session, claim_id=claim.id, remedy="return", actor=staff, now=NOW)
    assert claim.status == S.refund_pending
    fulfil.record_refund(
        session, claim_id=claim.id, amount=Decimal("813.59"), method="wechat", actor=staff, now=NOW
    )
    assert claim.status == S.fulfilled and claim.refund_amount == Decimal("813.59")
    stock = session.scalars(select(ReturnedStock).where(ReturnedStock.claim_id == claim.id)).one()
    assert stock.sku == "FW-2001" and stock.confirmed_at is None
    fulfil.confirm_returned_stock(
        session, stock_id=stock.id, actor=person(session, "warehouse"), now=NOW
    )
    assert stock.confirmed_at is not None
    fulfil.close_claim(session, claim_id=claim.id, note="", actor=staff, now=NOW)
    assert claim.status == S.closed and claim.closed_at is not None
    assert _events(session, claim.id) == [
        "claim_opened",
        "remedy_chosen",
        "refund_paid",
        "returned_stock_confirmed",
        "claim_closed",
    ]


def test_an_exchange_records_the_item_given_out(session):
    staff = person(session, "staff")
    claim = _broken_sole(session)
    fulfil.choose_remedy(session, claim_id=claim.id, remedy="exchange", actor=staff, now=NOW)
    fulfil.record_exchange(session, claim_id=claim.id, sku="FW-2001-38", actor=staff, now=NOW)
    fulfil.close_claim(session, claim_id=claim.id, note="", actor=staff, now=NOW)
    assert (claim.status, claim.exchange_sku) == (S.closed, "FW-2001-38")


def test_a_refund_above_what_the_decision_allowed_is_refused_and_changes_nothing(session):
    staff = person(session, "staff")
    claim = _broken_sole(session)
    fulfil.choose_remedy(session, claim_id=claim.id, remedy="return", actor=staff, now=NOW)
    before = (_events(session, claim.id), claim.version)
    with pytest.raises(RefundAboveAllowed) as caught:
        fulfil.record_refund(
            session,
            claim_id=claim.id,
            amount=Decimal("813.60"),
            method="cash",
            actor=staff,
            now=NOW,
        )
    assert caught.value.field == "amount" and caught.value.extra["allowed"] == "813.59"
    assert claim.status == S.refund_pending and claim.refund_amount is None
    assert (_events(session, claim.id), claim.version) == before
    assert (
        session.scalar(
            select(func.count())
            .select_from(ReturnedStock)
            .where(ReturnedStock.claim_id == claim.id)
        )
        == 0
    )


def test_a_remedy_the_decision_refused_cannot_be_chosen(session):
    receipt_no = sale(session, days_ago=18)
    claim = open_claim(session, data=claim_in(receipt_no), actor=person(session, "staff"), now=NOW)
    with pytest.raises(RemedyNotGranted):
        fulfil.choose_remedy(
            session, claim_id=claim.id, remedy="return", actor=person(session, "staff"), now=NOW
        )
    assert claim.status == S.open and _events(session, claim.id) == ["claim_opened"]


def test_a_free_repair_runs_its_work_order_to_hand_back(session):
    from aftersales.repairs.schemas import StepIn
    from tests.claims.factories import do_step

    staff, tech = person(session, "staff"), person(session, "technician")
    claim = _broken_sole(session, problem="glue_open")
    fulfil.choose_remedy(session, claim_id=claim.id, remedy="repair", actor=staff, now=NOW)
    order = session.scalars(select(WorkOrder).where(WorkOrder.claim_id == claim.id)).one()
    assert claim.status == S.repairing and order.kind == "free"
    assert (order.due_at - order.opened_at).days == 18
    for step, fields in [
        ("diagnose", {"diagnosis": "鞋底开胶"}),
        ("repaired", {"parts_used": [{"name": "胶", "qty": 1}]}),
        ("hand-back", {"fixed": True}),
    ]:
        body = StepIn(**fields, version=order.version)
        do_step(session, step=step, work_order_id=order.id, body=body, actor=tech, now=NOW)
    assert order.status == WorkStatus.handed_back and order.fixed is True
    assert claim.status == S.fulfilled
    fulfil.close_claim(session, claim_id=claim.id, note="", actor=staff, now=NOW)
    assert claim.status == S.closed


def test_a_price_difference_and_compensation_record_the_money_and_legal_basis(session):
    staff = person(session, "staff")
    receipt_no = sale(
        session,
        days_ago=3,
        lines=[
            {
                "sku": "JK-1001",
                "name": "男士棉袄",
                "category": "apparel",
                "qty": 1,
                "tag_price": "1437.00",
                "paid": "1006.00",
            }
        ],
    )
    claim = open_claim(
        session,
        data=claim_in(
            receipt_no,
            sku="JK-1001",
            problem="price_mismatch",
            condition=[],
            true_tag_price="969.00",
        ),
        actor=staff,
        now=NOW,
    )
    allowed = {a["remedy"]: a for a in claim.decision["zh"]["allowed"]}
    assert allowed["refund_difference"]["amount"] == "328.00"
    fulfil.choose_remedy(session, claim_id=claim.id, remedy="compensation", actor=staff, now=NOW)
    assert claim.status == S.payment_pending
    fulfil.record_refund(
        session,
        claim_id=claim.id,
        amount=Decimal(allowed["compensation"]["amount"]),
        method="original",
        actor=staff,
        now=NOW,
    )
    assert claim.status == S.fulfilled and claim.legal_basis == allowed["compensation"]["basis"]


def test_a_paid_repair_needs_the_quote_accepted_before_work(session):
    from aftersales.repairs.errors import QuoteNotAccepted
    from aftersales.repairs.schemas import StepIn
    from tests.claims.factories import do_step

    staff, tech = person(session, "staff"), person(session, "technician")
    receipt_no = sale(session, days_ago=500, lines=[KETTLE])
    claim = open_claim(
        session,
        data=claim_in(
            receipt_no,
            sku="AP-3001",
            problem="performance_fault",
            condition=[],
            product_type="other",
        ),
        actor=staff,
        now=NOW,
    )
    override_decision(
        session,
        claim_id=claim.id,
        remedy="paid_repair",
        reason="保修期外收费维修",
        actor=person(session, "floor_supervisor"),
        now=NOW,
    )
    fulfil.choose_remedy(session, claim_id=claim.id, remedy="paid_repair", actor=staff, now=NOW)
    order = session.scalars(select(WorkOrder).where(WorkOrder.claim_id == claim.id)).one()
    do_step(
        session,
        step="diagnose",
        work_order_id=order.id,
        body=StepIn(version=order.version, diagnosis="加热管坏"),
        actor=tech,
        now=NOW,
    )
    with pytest.raises(QuoteNotAccepted):
        do_step(
            session,
            step="repaired",
            work_order_id=order.id,
            body=StepIn(version=order.version),
            actor=tech,
            now=NOW,
        )
    do_step(
        session,
        step="quote",
        work_order_id=order.id,
        body=StepIn(version=order.version, amount=Decimal("80")),
        actor=tech,
        now=NOW,
    )
    do_step(
        session,
        step="accept-quote",
        work_order_id=order.id,
        body=StepIn(version=order.version),
        actor=staff,
        now=NOW,
    )
    do_step(
        session,
        step="send-to-factory",
        work_order_id=order.id,
        body=StepIn(version=order.version, factory="厂家维修中心"),
        actor=tech,
        now=NOW,
    )
    do_step(
        session,
        step="repaired",
        work_order_id=order.id,
        body=StepIn(version=order.version),
        actor=tech,
        now=NOW,
    )
    do_step(
        session,
        step="hand-back",
        work_order_id=order.id,
        body=StepIn(version=order.version),
        actor=staff,
        now=NOW,
    )
    assert order.quote_amount == Decimal("80.00") and order.factory == "厂家维修中心"
    assert claim.status == S.fulfilled


def test_override_needs_level_three_and_a_reason_and_is_audited_and_counted(session):
    receipt_no = sale(session, days_ago=18)
    claim = open_claim(session, data=claim_in(receipt_no), actor=person(session, "staff"), now=NOW)
    counted = count_overrides(session)
    for who in ("staff", "counter_manager"):
        with pytest.raises(OverrideNotAllowed):
            override_decision(
                session,
                claim_id=claim.id,
                remedy="exchange",
                reason="老顾客，予以照顾",
                actor=person(session, who),
                now=NOW,
            )
    with pytest.raises(ReasonRequired):
        override_decision(
            session,
            claim_id=claim.id,
            remedy="exchange",
            reason="  ",
            actor=person(session, "floor_supervisor"),
            now=NOW,
        )
    assert _events(session, claim.id) == ["claim_opened"] and not claim.overridden
    override_decision(
        session,
        claim_id=claim.id,
        remedy="exchange",
        reason="老顾客，予以照顾换码",
        actor=person(session, "floor_supervisor"),
        now=NOW,
    )
    assert claim.overridden and count_overrides(session) == counted + 1
    assert _events(session, claim.id) == ["claim_opened", "decision_overridden"]
    fulfil.choose_remedy(
        session, claim_id=claim.id, remedy="exchange", actor=person(session, "staff"), now=NOW
    )
    assert claim.status == S.exchange_pending


def test_a_stale_version_is_refused(session):
    claim = _broken_sole(session)
    with pytest.raises(StaleVersion) as caught:
        fulfil.choose_remedy(
            session,
            claim_id=claim.id,
            remedy="return",
            actor=person(session, "staff"),
            now=NOW,
            version=claim.version + 1,
        )
    assert caught.value.status == 409 and caught.value.extra["current_version"] == claim.version
    assert claim.status == S.open


def test_a_closed_claim_takes_no_more_steps(session):
    staff = person(session, "staff")
    claim = _broken_sole(session)
    fulfil.close_claim(session, claim_id=claim.id, note="顾客不再要求", actor=staff, now=NOW)
    with pytest.raises(TransitionNotAllowed):
        fulfil.choose_remedy(session, claim_id=claim.id, remedy="return", actor=staff, now=NOW)
    with pytest.raises(TransitionNotAllowed):
        fulfil.close_claim(session, claim_id=claim.id, note="", actor=staff, now=NOW)
