"""Claims and work orders as JSON for the API, in the caller's language."""

from typing import Any

from aftersales.claims.models import Claim, ReturnedStock
from aftersales.refs import Refs
from aftersales.repairs.models import WorkOrder
from aftersales.responses import local_iso, money_or_none


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
    tz: str = "Asia/Shanghai",
    work_orders: list[WorkOrder] | None = None,
    stock: ReturnedStock | None = None,
) -> dict[str, Any]:
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
        "work_orders": [o.id for o in work_orders or []],
        "returned_stock": None
        if stock is None
        else {"id": stock.id, "confirmed_at": local_iso(stock.confirmed_at, tz)},
        "opened_at": local_iso(claim.opened_at, tz),
        "due_at": local_iso(claim.due_at, tz),
        "closed_at": local_iso(claim.closed_at, tz),
        "version": claim.version,
    }
