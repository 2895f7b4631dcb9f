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
            f"{where}: {first['message']}",
            message_zh=f"政策文件未通过校验：{where}：{first['message']}",
            field=f"files.{first['file']}",
            errors=[
                {"field": f"files.{f['file']}", **f, "message": f["message"]} for f in findings
            ],
        )


class NotADraft(Conflict):
    code = "not_a_draft"
    message_zh = "只有草稿可以这样操作"
    message_en = "Only a draft can be changed so"


class AlreadyActive(Conflict):
    code = "already_active"
    message_zh = "该版本已是现行版本"
    message_en = "This version is already the active one"
