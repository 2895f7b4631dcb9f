"""Refusals of the suggestions domain."""

from aftersales.errors import Conflict, InvalidInput, NotFound, TooManyAttempts


class SuggestionNotFound(NotFound):
    code = "suggestion_not_found"
    message_zh = "未找到该建议"
    message_en = "No such suggestion"


class SuggestionAlreadyDecided(Conflict):
    code = "suggestion_already_decided"
    message_zh = "该建议已处理，不能再更改"
    message_en = "This suggestion was already dealt with"


class NotAdopted(Conflict):
    code = "suggestion_not_adopted"
    message_zh = "只有已采纳的建议才能标记为已实施"
    message_en = "Only an adopted suggestion can be marked implemented"


class UnknownPlace(InvalidInput):
    code = "unknown_code"
    message_zh = "未知的门店或专柜代码"
    message_en = "Unknown store or counter"


class TooManySuggestions(TooManyAttempts):
    code = "too_many_suggestions"
    message_zh = "提交过于频繁，请稍后再试"
    message_en = "Too many suggestions from here; try again later"
