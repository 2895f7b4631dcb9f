"""Policy versions and replays as the API answers them."""

from typing import Any

from aftersales.policysets.models import PolicyReplay, PolicySetVersion


def version_json(row: PolicySetVersion, *, files: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": row.id,
        "number": row.number,
        "status": row.status,
        "label": row.label,
        "note": row.note,
        "origin": row.origin,
        "based_on": row.based_on_id,
        "created_at": row.created_at.isoformat(),
        "created_by": row.created_by_id,
        "activated_at": row.activated_at.isoformat() if row.activated_at else None,
        "version": row.version,
        "file_names": sorted(row.files),
    }
    if files:
        out["files"] = row.files
    return out


def replay_json(row: PolicyReplay, *, changes: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": row.id,
        "draft": row.draft_id,
        "against": row.against_id,
        "months": row.months,
        "since": row.since.isoformat(),
        "claims_read": row.claims_read,
        "claims_decided": row.claims_decided,
        "claims_changed": row.claims_changed,
        "money_before": f"{row.money_before:.2f}",
        "money_after": f"{row.money_after:.2f}",
        "money_moved": f"{row.money_after - row.money_before:.2f}",
        "changes_listed": len(row.changes),
        "milliseconds": row.milliseconds,
        "workers": row.workers,
        "created_at": row.created_at.isoformat(),
    }
    if changes:
        out["changes"] = row.changes
    return out
