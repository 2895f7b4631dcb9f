"""Refusals of the inspection domain, named as sentences."""

from aftersales.errors import Conflict, Forbidden, InvalidInput


class ScoreAboveMaximum(InvalidInput):
    code = "score_above_maximum"
    message_zh = "得分超过该项满分"
    message_en = "The score is above the item's maximum"


class UnknownItem(InvalidInput):
    code = "unknown_item"
    message_zh = "模板中没有该项目"
    message_en = "The template has no such item"


class OwnerCannotVerify(Forbidden):
    code = "owner_cannot_verify"
    message_zh = "整改须由责任人以外的人验证"
    message_en = "Someone other than the owner must verify the action"


class ActionNotOpen(Conflict):
    code = "action_not_open"
    message_zh = "该整改项不在待整改状态"
    message_en = "The action is not open"


class ActionNotDone(Conflict):
    code = "action_not_done"
    message_zh = "该整改项尚未完成，不能验证"
    message_en = "The action is not done yet, so it cannot be verified"


class DueInPast(InvalidInput):
    code = "due_in_past"
    message_zh = "整改期限不能早于巡查日期"
    message_en = "The due date cannot be before the visit"
