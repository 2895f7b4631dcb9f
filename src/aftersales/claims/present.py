"""Claims and work orders as JSON for the API, in the caller's language; a decision as the
desk shows it; the complaint form filled from a claim."""

from typing import Any
from urllib.parse import urlencode

from sqlalchemy.orm import Session

from aftersales.claims.models import Claim, ReturnedStock
from aftersales.i18n import gettext, pgettext
from aftersales.policy import active_policy_set
from aftersales.policy.model import Remedy
from aftersales.policy.say import pending, short
from aftersales.policy.words import labeller
from aftersales.refs import Refs, refs
from aftersales.repairs.models import WorkOrder
from aftersales.responses import local_iso, money_or_none
from aftersales.sales.models import Receipt


def _override(claim: Claim, tz: str) -> dict[str, Any] | None:
    if not claim.overridden:
        return None
    return {
        "remedy": claim.override_remedy,
        "amount": money_or_none(claim.override_amount),
        "reason": claim.override_reason,
        "at": local_iso(claim.overridden_at, tz),
    }


def claim_json(
    claim: Claim,
    refs: Refs,
    lang: str,
    work_orders: list[WorkOrder] | None = None,
    stock: ReturnedStock | None = None,
) -> dict[str, Any]:
    tz = refs.zone(claim.store_id)
    return {
        "id": claim.id,
        "status": str(claim.status),
        "receipt_no": claim.receipt_no,
        "proof": claim.proof,
        "sku": claim.sku,
        "item_name": claim.item_name,
        "category": claim.category,
        "store": refs.store_codes.get(claim.store_id),
        "counter": refs.counter_codes.get(claim.counter_id),
        "problem": claim.problem,
        "part": claim.part,
        "requested_on": claim.requested_on.isoformat(),
        "remedy_asked": claim.remedy_asked,
        "decision": claim.decision["en" if lang == "en" else "zh"],
        "policy_version": claim.policy_version,
        "outcome": claim.outcome,
        "remedy": claim.remedy,
        "overridden": claim.overridden,
        "override": _override(claim, tz),
        "refund": None
        if claim.refund_amount is None
        else {
            "amount": money_or_none(claim.refund_amount),
            "method": claim.refund_method,
            "legal_basis": claim.legal_basis,
        },
        "exchange_sku": claim.exchange_sku,
        "complaint_id": claim.complaint_id,
        "work_orders": [o.id for o in work_orders or []],
        "returned_stock": None
        if stock is None
        else {"id": stock.id, "confirmed_at": local_iso(stock.confirmed_at, tz)},
        "opened_at": local_iso(claim.opened_at, tz),
        "due_at": local_iso(claim.due_at, tz),
        "closed_at": local_iso(claim.closed_at, tz),
        "version": claim.version,
    }


def decision_view(decision: dict[str, Any], lang: str) -> dict[str, Any]:
    """A stored decision as the desk shows it: the policy by its title, each refusal once
    (one reason refusing return, exchange and repair is one line), the fields the engine
    still needs. Clause ids stay for the details beneath."""
    policy = active_policy_set().policies.get(decision.get("policy", ""))
    title = policy.title(lang) if policy is not None else decision.get("policy", "")
    groups: dict[str, dict[str, Any]] = {}
    for entry in decision.get("refused", []):
        group = groups.setdefault(
            entry["reason"],
            {"remedies": [], "clauses": [], "reason": entry["reason"], "pending": False},
        )
        group["remedies"].append(entry["remedy"])
        # Not refused on the merits, waiting for a fact no request field gives (a rate).
        group["pending"] |= pending(entry.get("say") or "")
        if entry["clause"] not in group["clauses"]:
            group["clauses"].append(entry["clause"])
        group["needs"] = entry.get("needs")
    joiner = pgettext(lang, "list", ", ")
    for group in groups.values():
        names = joiner.join(short(Remedy(r))(lang) for r in group["remedies"])
        undecided = group["needs"] or group["pending"]
        lead = "Cannot decide yet (%(names)s)" if undecided else "No %(names)s"
        group["say"] = gettext(
            lang,
            "%(lead)s: %(reason)s",
            lead=gettext(lang, lead, names=names),
            reason=group["reason"],
        )
    return {
        "title": title,
        "outcome": decision.get("outcome"),
        "version": decision.get("policy_version"),
        "allowed": decision.get("allowed", []),
        "refused": list(groups.values()),
        "notes": decision.get("notes", []),
        "needs": sorted({g["needs"] for g in groups.values() if g.get("needs")}),
    }


# A complaint's type and cause suggested by the claim's problem code (the complaint
# taxonomy's codes): a fit or a change of mind is not a quality complaint.
_NOT_A_DEFECT = frozenset(
    {"no_reason", "size_fit", "style_change", "wrinkle", "pilling", "crease", "button_lost"}
)
_BY_PROBLEM = {
    "price_mismatch": ("product", "price_tag"),
    "price_drop": ("product", "price_difference"),
    "fraud": ("special", "special"),
}
_CAUSED_BY_CUSTOMER = frozenset(
    {
        "misuse",
        "improper_care",
        "liquid_damage",
        "self_repaired",
        "repaired_elsewhere",
        "pirated_software",
        "virus_infection",
    }
)


def complaint_suggestion(problem: str, condition: list[str] | None = None) -> tuple[str, str]:
    """(type, cause) for the complaint form, read from the problem code and the item's state."""
    if problem in _BY_PROBLEM:
        return _BY_PROBLEM[problem]
    if problem in _NOT_A_DEFECT:
        return "product", "no_standard"
    if _CAUSED_BY_CUSTOMER & set(condition or []):
        return "product", "misuse"
    return "product", "quality"


def complaint_link(session: Session, claim: Claim) -> str:
    """/complaints/new filled with everything the claim knows: store, counter, the staff on
    the sale, product, title, the customer's wish, the claim itself and a suggested type and
    cause. The complaint, once registered, links back to the claim."""
    r = refs(session)
    words = labeller("zh")
    receipt = session.get(Receipt, claim.receipt_id) if claim.receipt_id else None
    staff = r.usernames.get(receipt.staff_id or 0, "") if receipt is not None else ""
    condition = claim.policy_request.get("condition") if claim.policy_request else None
    kind, cause = complaint_suggestion(
        claim.problem, condition if isinstance(condition, list) else []
    )
    decision = claim.decision.get("zh", {}) if isinstance(claim.decision, dict) else {}
    view = decision_view(decision, "zh") if decision else {"refused": [], "allowed": []}
    said = [a.get("say") or words(a["remedy"]) for a in view["allowed"]]
    said += [g["say"] for g in view["refused"]]
    wish = words(claim.remedy_asked) if claim.remedy_asked else ""
    query = {
        "channel": "walk_in",
        "type": kind,
        "cause": cause,
        "store": r.store_codes.get(claim.store_id, ""),
        "counter": r.counter_codes.get(claim.counter_id, ""),
        "staff": staff,
        "product": f"{claim.item_name}（{claim.sku}）",
        "title": f"{words(claim.problem)}：{claim.item_name}",
        "description": f"售后申请 #{claim.id} 三包决定：" + " ".join(said),
        "wants": wish,
        "receipt_no": claim.receipt_no or "",
        "claim_id": str(claim.id),
    }
    return "/complaints/new?" + urlencode({k: v for k, v in query.items() if v})
