"""Claims and work orders as JSON for the API, in the caller's language."""

from typing import Any
from zoneinfo import ZoneInfo

from aftersales.claims.models import Claim, ReturnedStock
from aftersales.claims.schemas import money_or_none
from aftersales.repairs.models import WorkOrder
from aftersales.sales.refs import Refs


def _at(value: Any, tz: str) -> str | None:
    return value.astimezone(ZoneInfo(tz)).isoformat() if value else None


def _override(claim: Claim, tz: str) -> dict[str, Any] | None:
    if not claim.overridden:
        return None
    return {"remedy": claim.override_remedy, "amount": money_or_none(claim.override_amount),
            "reason": claim.override_reason, "at": _at(claim.overridden_at, tz)}


def claim_json(claim: Claim, refs: Refs, lang: str, tz: str = "Asia/Shanghai",
               work_orders: list[WorkOrder] | None = None,
               stock: ReturnedStock | None = None) -> dict[str, Any]:
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
        "refund": None if claim.refund_amount is None else {
            "amount": money_or_none(claim.refund_amount), "method": claim.refund_method,
            "legal_basis": claim.legal_basis},
        "exchange_sku": claim.exchange_sku,
        "work_orders": [o.id for o in work_orders or []],
        "returned_stock": None if stock is None else {
            "id": stock.id, "confirmed_at": _at(stock.confirmed_at, tz)},
        "opened_at": _at(claim.opened_at, tz),
        "due_at": _at(claim.due_at, tz),
        "closed_at": _at(claim.closed_at, tz),
        "version": claim.version,
    }


def work_order_json(order: WorkOrder, refs: Refs, tz: str = "Asia/Shanghai") -> dict[str, Any]:
    return {
        "id": order.id,
        "claim_id": order.claim_id,
        "kind": str(order.kind),
        "status": str(order.status),
        "store": refs.store_codes.get(order.store_id),
        "counter": refs.counter_codes.get(order.counter_id),
        "sku": order.sku,
        "item_name": order.item_name,
        "problem": order.problem,
        "part": order.part,
        "diagnosis": order.diagnosis,
        "quote_amount": money_or_none(order.quote_amount),
        "quote_accepted_at": _at(order.quote_accepted_at, tz),
        "factory": order.factory,
        "parts_used": order.parts_used,
        "taken_in_on": order.taken_in_on.isoformat(),
        "back_on": order.back_on.isoformat() if order.back_on else None,
        "fixed": order.fixed,
        "opened_at": _at(order.opened_at, tz),
        "due_at": _at(order.due_at, tz),
        "version": order.version,
    }
