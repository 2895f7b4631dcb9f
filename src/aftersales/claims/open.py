"""Open a claim: find the item (receipt line, or attested without one), ask the policy
engine with the item's repair records, store the decision it got."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth.principal import Principal
from aftersales.claims.access import WRITERS, require
from aftersales.claims.errors import ProofRequired, SkuNotOnReceipt
from aftersales.claims.models import Claim, ClaimStatus
from aftersales.claims.schemas import ClaimCreate, ItemIn
from aftersales.deadlines.store import business_calendar
from aftersales.errors import InvalidInput
from aftersales.parts import facts as parts_facts
from aftersales.policy import RequestInvalid, decide, decision_to_dict
from aftersales.policy import parse_request as parse_policy_request
from aftersales.policy.messages import field_message_zh
from aftersales.policysets import service as policysets
from aftersales.refs import refs, zone_of
from aftersales.repairs import service as repairs
from aftersales.sales import service as sales
from aftersales.sales.models import Receipt, ReceiptLine

# How long the counter has to deliver a chosen return, exchange or payment.
CLAIM_TURNAROUND_DAYS = 7
# Fields of the claim body passed to the engine as they are.
PASSTHROUGH = (
    "remedy",
    "problem",
    "part",
    "condition",
    "item_flags",
    "product_type",
    "material",
    "channel",
    "received_on",
    "current_price",
    "true_tag_price",
    "replacement_available",
    "exchanged_on",
    "exchanges",
    "produced_on",
    "warranty",
)


class ClaimRequestInvalid(InvalidInput):
    code = "request_invalid"


class PolicyRequestInvalid(ClaimRequestInvalid):
    """The policy engine words its request errors in both languages itself."""

    def __init__(self, problem: dict[str, str], errors: list[dict[str, str]]) -> None:
        self.problem = problem
        super().__init__(problem["message"], field=problem["field"] or None, errors=errors)

    def message(self, lang: str) -> str:
        if lang == "en":
            return self.problem["message"]
        return field_message_zh(self.problem["field"], self.problem["message"])


@dataclass(frozen=True)
class Item:
    """The item under claim and where it was sold."""

    receipt: Receipt | None
    line: ReceiptLine | None
    store_id: int
    counter_id: int
    customer_id: int | None
    sku: str
    name: str
    category: str
    paid: Decimal
    tag_price: Decimal | None
    sold_on: date
    proof: str
    found: frozenset[str]  # evidence our own records supply
    installed_on: date | None = None  # our installation completed: the periods start then


def _pick_line(receipt: Receipt, data: ClaimCreate) -> ReceiptLine:
    for line in receipt.lines:
        if data.line_no is not None and line.line_no != data.line_no:
            continue
        if data.sku is None or line.sku == data.sku:
            return line
    raise SkuNotOnReceipt(field="sku" if data.sku else "line_no")


def _from_receipt(session: Session, user: Principal, data: ClaimCreate) -> Item:
    receipt = sales.find_receipt_by_no(session, user=user, receipt_no=data.receipt_no or "")
    line = _pick_line(receipt, data)
    found = {"pos_record"}  # the sale is in our own POS records
    people = sales.customers_by_id(session, {receipt.customer_id} if receipt.customer_id else set())
    if any(c.member_no for c in people.values()):
        found.add("member_record")
    per_item = (line.paid / line.qty).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return Item(
        receipt,
        line,
        receipt.store_id,
        receipt.counter_id,
        receipt.customer_id,
        line.sku,
        line.name,
        sales.category_code(session, line.category_id),
        per_item,
        line.tag_price,
        repairs.local_day(receipt.sold_at, zone_of(session, receipt.store_id)),
        "receipt",
        frozenset(found),
        line.installed_on,
    )


def _unknown(name: str, code: str, known: Collection[str]) -> dict[str, str]:
    """The values of a refusal of a code that is not one of `known`: the code (as `name`)
    and the known ones, in order."""
    return {name: repr(code), "accepted": ", ".join(sorted(known))}


def _from_attestation(session: Session, user: Principal, item: ItemIn, evidence: Any) -> Item:
    """No receipt in our records (worked case 1): the counter attests the sale, or the member
    record shows it. The engine decides what that proof is enough for."""
    given = set(evidence) if isinstance(evidence, list) else set()
    proof = next((p for p in ("member_record", "staff_attestation") if p in given), None)
    if proof is None:
        raise ProofRequired(field="evidence")
    r = refs(session)
    code = item.counter or r.counter_codes.get(user.counter_id or 0)
    if code not in r.counters:
        raise InvalidInput("Unknown counter", field="item.counter")
    counter_id, store_id = r.counters[code]
    if item.category not in r.categories:
        raise InvalidInput(
            "Unknown category %(category)s: one of %(accepted)s",
            params=_unknown("category", item.category, r.categories),
            field="item.category",
        )
    if user.store_id and user.store_id != store_id or user.counter_id not in (None, counter_id):
        raise InvalidInput("Not your counter", field="item.counter")
    return Item(
        None,
        None,
        store_id,
        counter_id,
        None,
        item.sku,
        item.name,
        item.category,
        item.paid,
        item.tag_price,
        item.sold_on,
        proof,
        frozenset(),
    )


def find_item(session: Session, *, user: Principal, data: ClaimCreate) -> Item:
    if data.receipt_no:
        return _from_receipt(session, user, data)
    if data.item is not None:
        return _from_attestation(session, user, data.item, data.evidence)
    raise InvalidInput("receipt_no is required", field="receipt_no")


def policy_request(
    item: Item, data: ClaimCreate, repair_records: list[dict[str, Any]], today: date
) -> dict[str, Any]:
    """The engine's request (policy-decide.md) from the item, the clerk's answers and the
    item's repair records, so that "repaired twice" decisions work."""
    evidence = list(data.evidence) if isinstance(data.evidence, list) else data.evidence
    if isinstance(evidence, list):
        evidence += sorted(item.found - set(evidence))
    body: dict[str, Any] = {
        "category": item.category,
        "sold_on": item.sold_on.isoformat(),
        "requested_on": data.requested_on or today.isoformat(),
        "paid": f"{item.paid:.2f}",
        "evidence": evidence if evidence is not None else sorted(item.found),
        "repairs": repair_records,
    }
    if item.tag_price is not None:
        body["tag_price"] = f"{item.tag_price:.2f}"
    if item.installed_on is not None:  # the clerk's own received_on, if given, still wins
        body["received_on"] = item.installed_on.isoformat()
    for name in PASSTHROUGH:
        value = getattr(data, name)
        if value is not None:
            body[name] = value
    return body


def decide_claim(
    session: Session, body: dict[str, Any], active: policysets.ActiveSet | None = None
) -> tuple[dict[str, Any], str, str]:
    """Ask the engine; answer the decision in both languages, its policy version, outcome."""
    policy_set = (active or policysets.active_set(session)).policy_set
    try:
        request = parse_policy_request(body, policy_set)
    except RequestInvalid as exc:
        raise PolicyRequestInvalid(exc.errors[0], exc.errors) from exc
    if request.problem not in policy_set.problems:
        raise ClaimRequestInvalid(
            "unknown problem code %(problem)s: one of %(accepted)s",
            params=_unknown("problem", request.problem, policy_set.problems),
            field="problem",
        )
    decision = decide(request, policy_set=policy_set, calendar=business_calendar(session))
    both = {
        "zh": decision_to_dict(decision, lang="zh"),
        "en": decision_to_dict(decision, lang="en"),
    }
    return both, decision.policy_version, decision.outcome.value


def open_claim(
    session: Session,
    *,
    data: ClaimCreate,
    actor: Principal,
    now: datetime,
) -> Claim:
    require(actor, WRITERS)
    item = find_item(session, user=actor, data=data)
    tz = zone_of(session, item.store_id)  # the claim's local days are its store's
    records = (
        parts_facts.repair_records(session, receipt_line_id=item.line.id, now=now, tz=tz)
        if item.line is not None
        else []
    )
    today = repairs.local_day(now, tz)
    body = policy_request(item, data, records, today)
    active = policysets.active_set_for_claim(session)
    decision, version, outcome = decide_claim(session, body, active)
    if date.fromisoformat(body["requested_on"]) > today:
        raise ClaimRequestInvalid("is in the future", field="requested_on")
    claim = _new_claim(item, body, decision, version, outcome, actor, now)
    claim.policy_version_id = active.id
    after = {
        "receipt_no": claim.receipt_no,
        "sku": claim.sku,
        "problem": claim.problem,
        "outcome": outcome,
        "policy_version": version,
        "policy_version_id": active.id,
        "remedy_asked": claim.remedy_asked,
    }
    audit.record_added(session, claim, actor=actor, action="claim_opened", after=after)
    return claim


def _new_claim(
    item: Item,
    body: dict[str, Any],
    decision: dict[str, Any],
    version: str,
    outcome: str,
    actor: Principal,
    now: datetime,
) -> Claim:
    return Claim(
        receipt_id=item.receipt.id if item.receipt else None,
        receipt_line_id=item.line.id if item.line else None,
        receipt_no=item.receipt.receipt_no if item.receipt else None,
        proof=item.proof,
        store_id=item.store_id,
        counter_id=item.counter_id,
        customer_id=item.customer_id,
        sku=item.sku,
        item_name=item.name,
        category=item.category,
        problem=body["problem"],
        part=body.get("part"),
        requested_on=date.fromisoformat(body["requested_on"]),
        remedy_asked=body.get("remedy"),
        policy_request=body,
        decision=decision,
        policy_version=version,
        outcome=outcome,
        status=ClaimStatus.open,
        overridden=False,
        opened_by_id=actor.id,
        opened_at=now,
        due_at=now + timedelta(days=CLAIM_TURNAROUND_DAYS),
        version=1,
    )


def preview_decision(
    session: Session,
    *,
    data: ClaimCreate,
    actor: Principal,
    now: datetime,
) -> tuple[Item, dict[str, Any]]:
    """The decision the claim would get, stored nowhere: what the desk shows before the
    clerk opens the claim."""
    require(actor, WRITERS)
    item = find_item(session, user=actor, data=data)
    tz = zone_of(session, item.store_id)
    records = (
        parts_facts.repair_records(session, receipt_line_id=item.line.id, now=now, tz=tz)
        if item.line is not None
        else []
    )
    body = policy_request(item, data, records, repairs.local_day(now, tz))
    decision, _version, _outcome = decide_claim(session, body)
    return item, decision
