"""Policy versions and replays as the API answers them."""

from typing import Any

from aftersales.policysets.models import PolicyReplay, PolicySetVersion
from aftersales.responses import fields_json

VERSION_FIELDS = ("id", "number", "status", "label", "note", "origin", "version")
REPLAY_FIELDS = (
    "id",
    "months",
    "claims_read",
    "claims_decided",
    "claims_changed",
    "milliseconds",
    "workers",
)


def version_json(row: PolicySetVersion, *, files: bool = False) -> dict[str, Any]:
    out = fields_json(row, VERSION_FIELDS) | {
        "based_on": row.based_on_id,
        "created_at": row.created_at.isoformat(),
        "created_by": row.created_by_id,
        "activated_at": row.activated_at.isoformat() if row.activated_at else None,
        "file_names": sorted(row.files),
    }
    if files:
        out["files"] = row.files
    return out


def replay_json(row: PolicyReplay, *, changes: bool = False) -> dict[str, Any]:
    out = fields_json(row, REPLAY_FIELDS) | {
        "draft": row.draft_id,
        "against": row.against_id,
        "since": row.since.isoformat(),
        "money_before": f"{row.money_before:.2f}",
        "money_after": f"{row.money_after:.2f}",
        "money_moved": f"{row.money_after - row.money_before:.2f}",
        "changes_listed": len(row.changes),
        "created_at": row.created_at.isoformat(),
    }
    if changes:
        out["changes"] = row.changes
    return out
