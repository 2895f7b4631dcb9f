"""Refusals of the inspection domain, named as sentences."""

from aftersales.errors import Conflict, Forbidden, InvalidInput


class ScoreAboveMaximum(InvalidInput):
    code = "score_above_maximum"
    message_en = "The score is above the item's maximum"


class UnknownItem(InvalidInput):
    code = "unknown_item"
    message_en = "The template has no such item"


class OwnerCannotVerify(Forbidden):
    code = "owner_cannot_verify"
    message_en = "Someone other than the owner must verify the action"


class ActionNotOpen(Conflict):
    code = "action_not_open"
    message_en = "The action is not open"


class ActionNotDone(Conflict):
    code = "action_not_done"
    message_en = "The action is not done yet, so it cannot be verified"


class DueInPast(InvalidInput):
    code = "due_in_past"
    message_en = "The due date cannot be before the visit"
