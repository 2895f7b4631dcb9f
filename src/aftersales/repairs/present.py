"""Work orders as JSON for the API."""

from typing import Any

from aftersales.refs import Refs
from aftersales.repairs.models import WorkOrder
from aftersales.responses import local_iso, money_or_none


def work_order_json(order: WorkOrder, refs: Refs) -> dict[str, Any]:
    tz = refs.zone(order.store_id)
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
        "quote_accepted_at": local_iso(order.quote_accepted_at, tz),
        "factory": order.factory,
        "parts_used": order.parts_used,
        "taken_in_on": order.taken_in_on.isoformat(),
        "back_on": order.back_on.isoformat() if order.back_on else None,
        "fixed": order.fixed,
        "opened_at": local_iso(order.opened_at, tz),
        "due_at": local_iso(order.due_at, tz),
        "version": order.version,
        **service_json(order, refs, tz),
    }


def service_json(order: WorkOrder, refs: Refs, tz: str) -> dict[str, Any]:
    """A service order's own fields: the appointment, the visit and the delivery promise."""
    if order.service in (None, "repair"):
        return {"service": "repair"}
    return {
        "service": str(order.service),
        "source": order.source,
        "complaint_id": order.complaint_id,
        "receipt_line_id": order.receipt_line_id,
        "technician": refs.usernames.get(order.technician_id or 0),
        "slot_start": local_iso(order.slot_start, tz),
        "slot_end": local_iso(order.slot_end, tz),
        "address": order.address,
        "reminded_at": local_iso(order.reminded_at, tz),
        "dispatched_at": local_iso(order.dispatched_at, tz),
        "arrived_at": local_iso(order.arrived_at, tz),
        "completed_at": local_iso(order.completed_at, tz),
        "work_done": order.work_done,
        "rating": order.rating,
        "promised_on": order.promised_on.isoformat() if order.promised_on else None,
        "ship_by": local_iso(order.ship_by, tz),
    }
