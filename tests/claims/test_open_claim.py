"""Opening a claim: the engine's decision, stored with its policy version (both databases)."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from aftersales.audit.models import Event
from aftersales.claims.models import Claim, ClaimStatus
from aftersales.claims.open import open_claim
from aftersales.errors import DomainError
from aftersales.policy import active_policy_set
from aftersales.sales.errors import ReceiptNotFound
from tests.claims.factories import claim_in, person, sale

NOW = datetime.now(UTC)


def _claims(session) -> int:
    return session.scalar(select(func.count()).select_from(Claim))


def test_worn_boots_that_pinch_are_refused_citing_the_footwear_policy(session):
    receipt_no = sale(session, days_ago=18)
    claim = open_claim(session, data=claim_in(receipt_no), actor=person(session, "staff"), now=NOW)
    assert claim.status == ClaimStatus.open
    assert claim.outcome == "refused"
    assert claim.policy_version == active_policy_set().version
    zh = claim.decision["zh"]
    assert zh["policy"] == "footwear" and zh["allowed"] == []
    assert any(r["clause"].startswith("footwear.") for r in zh["refused"])
    assert claim.decision["en"]["refused"][0]["reason"] != zh["refused"][0]["reason"]
    # The engine was told the sale is in our own records, and what the clerk saw.
    assert {"receipt", "pos_record"} <= set(claim.policy_request["evidence"])
    assert claim.policy_request["condition"] == ["worn"]
    assert claim.policy_request["paid"] == "813.59"
    events = session.scalars(
        select(Event).where(Event.entity == "claim", Event.entity_id == claim.id)
    ).all()
    assert [e.action for e in events] == ["claim_opened"]


def test_a_broken_sole_is_granted_exchange_and_return_for_the_price_paid(session):
    receipt_no = sale(session, days_ago=10)
    claim = open_claim(
        session,
        data=claim_in(
            receipt_no, problem="sole_broken", part="sole", condition=[], material="leather"
        ),
        actor=person(session, "staff"),
        now=NOW,
    )
    allowed = {a["remedy"]: a for a in claim.decision["zh"]["allowed"]}
    assert claim.outcome == "granted"
    assert {"exchange", "return"} <= set(allowed)
    assert allowed["return"]["amount"] == "813.59"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"problem": "no_such_problem"}, "problem"),
        ({"problem": None}, "problem"),
        ({"condition": ["worn", "chewed"]}, "condition[1]"),
        ({"requested_on": "2026-13-01"}, "requested_on"),
        ({"requested_on": "2000-01-01"}, "requested_on"),
        ({"sku": "NOT-ON-IT"}, "sku"),
        ({"evidence": "receipt"}, "evidence"),
    ],
)
def test_bad_input_names_the_field_and_stores_nothing(session, overrides, field):
    receipt_no = sale(session)
    before = _claims(session)
    with pytest.raises(DomainError) as caught:
        open_claim(
            session, data=claim_in(receipt_no, **overrides), actor=person(session, "staff"), now=NOW
        )
    assert caught.value.status == 422
    assert caught.value.field == field
    assert _claims(session) == before


def test_another_stores_receipt_is_not_found(session):
    receipt_no = sale(session)
    with pytest.raises(ReceiptNotFound):
        open_claim(session, data=claim_in(receipt_no), actor=person(session, "staff2"), now=NOW)


def test_without_a_receipt_a_staff_attestation_gets_a_repair_not_a_return(session):
    data = claim_in(
        None,
        sku=None,
        problem="glue_open",
        part="sole",
        material="leather",
        condition=[],
        evidence=["staff_attestation"],
        item={
            "sku": "FW-9",
            "name": "男士皮鞋",
            "category": "footwear",
            "paid": "600.00",
            "sold_on": NOW.date().isoformat(),
        },
    )
    claim = open_claim(session, data=data, actor=person(session, "staff"), now=NOW)
    remedies = {a["remedy"] for a in claim.decision["zh"]["allowed"]}
    assert claim.proof == "staff_attestation" and claim.receipt_id is None
    assert "free_repair" in remedies and "return" not in remedies


def test_without_a_receipt_some_proof_is_needed(session):
    data = claim_in(
        None,
        sku=None,
        evidence=[],
        item={
            "sku": "FW-9",
            "name": "男士皮鞋",
            "category": "footwear",
            "paid": "600.00",
            "sold_on": NOW.date().isoformat(),
        },
    )
    with pytest.raises(DomainError) as caught:
        open_claim(session, data=data, actor=person(session, "staff"), now=NOW)
    assert caught.value.field == "evidence"


def test_a_claim_turned_into_a_complaint_points_back_and_a_wrong_claim_is_refused(session):
    from aftersales.claims.present import complaint_suggestion
    from aftersales.complaints import service as complaints
    from aftersales.complaints.schemas import ComplaintCreate

    staff = person(session, "staff")
    receipt_no = sale(session, days_ago=18)
    claim = open_claim(session, data=claim_in(receipt_no), actor=staff, now=NOW)
    kind, cause = complaint_suggestion(claim.problem, ["worn"])
    body = {
        "channel": "walk_in",
        "type": kind,
        "cause": cause,
        "counter": "S1-F1-C01",
        "title": "尺码问题",
        "description": "顾客不满",
        "receipt_no": receipt_no,
        "claim_id": claim.id,
    }

    complaint = complaints.register_complaint(
        session, data=ComplaintCreate.model_validate(body), actor=staff, now=NOW
    )

    assert (kind, cause) == ("product", "no_standard")
    assert complaint.claim_id == claim.id and claim.complaint_id == complaint.id
    with pytest.raises(DomainError) as caught:
        complaints.register_complaint(
            session,
            data=ComplaintCreate.model_validate(body | {"claim_id": 999_999}),
            actor=staff,
            now=NOW,
        )
    assert caught.value.field == "claim_id"


@pytest.mark.parametrize(
    ("problem", "condition", "expected"),
    [
        ("size_fit", [], ("product", "no_standard")),
        ("sole_broken", [], ("product", "quality")),
        ("sole_broken", ["misuse"], ("product", "misuse")),
        ("price_mismatch", [], ("product", "price_tag")),
        ("price_drop", [], ("product", "price_difference")),
    ],
)
def test_the_complaint_suggestion_reads_the_problem_code(problem, condition, expected):
    from aftersales.claims.present import complaint_suggestion

    assert complaint_suggestion(problem, condition) == expected
