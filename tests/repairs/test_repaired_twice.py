"""The repair records a claim leaves feed later decisions: "repaired twice and still failing"."""

from datetime import UTC, datetime

from sqlalchemy import select

from aftersales.claims import fulfil
from aftersales.claims.open import open_claim
from aftersales.repairs.models import WorkOrder
from aftersales.repairs.schemas import StepIn
from tests.claims.factories import claim_in, do_step, person, sale

NOW = datetime.now(UTC)


def _repair_that_fails(session, receipt_no: str) -> None:
    staff, tech = person(session, "staff"), person(session, "technician")
    claim = open_claim(
        session,
        data=claim_in(
            receipt_no, problem="glue_open", part="sole", condition=[], material="leather"
        ),
        actor=staff,
        now=NOW,
    )
    fulfil.choose_remedy(session, claim_id=claim.id, remedy="free_repair", actor=staff, now=NOW)
    order = session.scalars(select(WorkOrder).where(WorkOrder.claim_id == claim.id)).one()
    do_step(
        session,
        step="diagnose",
        work_order_id=order.id,
        body=StepIn(version=order.version, diagnosis="开胶"),
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
        body=StepIn(version=order.version, fixed=False),
        actor=staff,
        now=NOW,
    )


def _third_claim(session, receipt_no: str):
    return open_claim(
        session,
        data=claim_in(
            receipt_no, problem="glue_open", part="sole", condition=[], material="leather"
        ),
        actor=person(session, "staff"),
        now=NOW,
    )


def test_a_sole_repaired_twice_and_still_failing_may_be_returned(session):
    receipt_no = sale(session, days_ago=20)
    first = _third_claim(session, receipt_no)
    assert "return" not in {a["remedy"] for a in first.decision["zh"]["allowed"]}
    _repair_that_fails(session, receipt_no)
    _repair_that_fails(session, receipt_no)
    third = _third_claim(session, receipt_no)
    allowed = {a["remedy"]: a for a in third.decision["zh"]["allowed"]}
    assert allowed["return"]["clause"] == "footwear.repair.twice.refund"
    assert allowed["return"]["amount"] == "813.59"
    assert "exchange" in allowed
    assert [r["fixed"] for r in third.policy_request["repairs"]] == [False, False]
