"""The JSON shapes of parts, stock, reservations, waits and a work order's promises."""

from typing import Any

from aftersales.parts.models import PartReservation, PartStock, PartsWait, RepairWatch, SparePart
from aftersales.parts.queries import as_of
from aftersales.responses import fields_json, money_or_none

PART = ("id", "code", "brand_id", "model", "kind", "name", "unit_cost")
REORDER = ("reorder_point", "reorder_qty")
STOCK = ("id", "part_id", "location", "on_hand", "reserved")
HELD = ("id", "work_order_id", "part_id", "stock_id", "qty", "consumed", "returned", "status")
WAIT = ("id", "work_order_id", "part_id", "note")
WATCH_TIMES = ("due_at", "warned_at", "escalated_at", "loaner_due_at", "loaner_given_at")


def _with_times(row: Any, names: tuple[str, ...], times: tuple[str, ...]) -> dict[str, Any]:  # noqa: ANN401
    """The fields `names` as they are, then the instants `times` as ISO text."""
    return fields_json(row, names) | {name: as_of(getattr(row, name)) for name in times}


def part_json(p: SparePart) -> dict[str, Any]:
    return fields_json(p, PART + REORDER) | {"unit_cost": money_or_none(p.unit_cost)}


def stock_json(s: PartStock) -> dict[str, Any]:
    return fields_json(s, STOCK) | {
        "available": s.on_hand - s.reserved,
        "ordered_qty": s.ordered_qty,
        "ordered_at": as_of(s.ordered_at),
    }


def reservation_json(r: PartReservation) -> dict[str, Any]:
    return _with_times(r, HELD, ("created_at", "closed_at"))


def wait_json(w: PartsWait) -> dict[str, Any]:
    return _with_times(w, WAIT, ("started_at", "ended_at"))


def watch_json(w: RepairWatch | None) -> dict[str, Any] | None:
    if w is None:
        return None
    return _with_times(w, ("promise_days",), WATCH_TIMES) | {
        "loaner_note": w.loaner_note,
        "limit_passed_at": as_of(w.limit_passed_at),
        "limit_reason": w.limit_reason,
    }
