"""Inspection sheets in the shape of the contract (contracts/feedback.md)."""

from datetime import date, timedelta
from typing import Any

from aftersales.supervision.inspections.templates import shipped

STORE_ITEMS = next(t for t in shipped() if t["code"] == "store_inspection")["items"]


def sheet(
    *,
    scores: dict[str, int] | None = None,
    findings: list[dict[str, Any]] | None = None,
    **overrides: Any,
) -> dict[str, Any]:
    """The store inspection at S1-F1-C01, every item at full marks unless `scores` says."""
    given = scores or {}
    body: dict[str, Any] = {
        "kind": "inspection",
        "store": "S1",
        "counter": "S1-F1-C01",
        "template": "store_inspection",
        "visited_at": "2026-11-20T10:00:00+08:00",
        "scores": [
            {"item": i["key"], "score": given.get(i["key"], i["max"]), "max": i["max"], "note": ""}
            for i in STORE_ITEMS
        ],
        "findings": findings or [],
        "on_duty": ["staff"],
    }
    body.update(overrides)
    return body


def finding(
    owner: str = "counter_manager", due: date | None = None, text: str = "价格标签与结账价格不一致"
) -> dict[str, Any]:
    return {"text": text, "owner": owner, "due": (due or date(2026, 11, 23)).isoformat()}


def due_days(n: int) -> date:
    return date(2026, 11, 20) + timedelta(days=n)
