"""The JSON shapes of parts, stock, reservations, waits and a work order's promises."""

from typing import Any

from aftersales.parts.models import PartReservation, PartStock, PartsWait, RepairWatch, SparePart
from aftersales.parts.queries import as_of


def part_json(p: SparePart) -> dict[str, Any]:
    return {
        "id": p.id,
        "code": p.code,
        "brand_id": p.brand_id,
        "model": p.model,
        "kind": p.kind,
        "name": p.name,
        "unit_cost": f"{p.unit_cost:.2f}",
        "reorder_point": p.reorder_point,
        "reorder_qty": p.reorder_qty,
    }


def stock_json(s: PartStock) -> dict[str, Any]:
    return {
        "id": s.id,
        "part_id": s.part_id,
        "location": s.location,
        "on_hand": s.on_hand,
        "reserved": s.reserved,
        "available": s.on_hand - s.reserved,
        "ordered_qty": s.ordered_qty,
        "ordered_at": as_of(s.ordered_at),
    }


def reservation_json(r: PartReservation) -> dict[str, Any]:
    return {
        "id": r.id,
        "work_order_id": r.work_order_id,
        "part_id": r.part_id,
        "stock_id": r.stock_id,
        "qty": r.qty,
        "consumed": r.consumed,
        "returned": r.returned,
        "status": r.status,
        "created_at": as_of(r.created_at),
        "closed_at": as_of(r.closed_at),
    }


def wait_json(w: PartsWait) -> dict[str, Any]:
    return {
        "id": w.id,
        "work_order_id": w.work_order_id,
        "part_id": w.part_id,
        "note": w.note,
        "started_at": as_of(w.started_at),
        "ended_at": as_of(w.ended_at),
    }


def watch_json(w: RepairWatch | None) -> dict[str, Any] | None:
    if w is None:
        return None
    return {
        "promise_days": w.promise_days,
        "due_at": as_of(w.due_at),
        "warned_at": as_of(w.warned_at),
        "escalated_at": as_of(w.escalated_at),
        "loaner_due_at": as_of(w.loaner_due_at),
        "loaner_given_at": as_of(w.loaner_given_at),
        "loaner_note": w.loaner_note,
        "limit_passed_at": as_of(w.limit_passed_at),
        "limit_reason": w.limit_reason,
    }
