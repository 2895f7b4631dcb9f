"""Refusals of the policy version service."""

from typing import Any

from aftersales.errors import Conflict, InvalidInput


class DraftInvalid(InvalidInput):
    """A draft `policy validate` would refuse: every error with its file, clause, reason."""

    code = "policy_invalid"

    def __init__(self, findings: list[dict[str, Any]]) -> None:
        first = findings[0]
        where = f"{first['file']}: {first['clause']}" if first["clause"] else first["file"]
        super().__init__(
            "%(where)s: %(message)s",
            params={"where": where, "message": first["message"]},
            field=f"files.{first['file']}",
            errors=[
                {"field": f"files.{f['file']}", **f, "message": f["message"]} for f in findings
            ],
        )


class NotADraft(Conflict):
    code = "not_a_draft"
    message_en = "Only a draft can be changed so"


class AlreadyActive(Conflict):
    code = "already_active"
    message_en = "This version is already the active one"
