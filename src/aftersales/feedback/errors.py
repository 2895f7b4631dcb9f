"""Refusals of the suggestions domain."""

from aftersales.errors import Conflict, InvalidInput, NotFound, TooManyAttempts


class SuggestionNotFound(NotFound):
    code = "suggestion_not_found"
    message_en = "No such suggestion"


class SuggestionAlreadyDecided(Conflict):
    code = "suggestion_already_decided"
    message_en = "This suggestion was already dealt with"


class NotAdopted(Conflict):
    code = "suggestion_not_adopted"
    message_en = "Only an adopted suggestion can be marked implemented"


class UnknownPlace(InvalidInput):
    code = "unknown_code"
    message_en = "Unknown store or counter"


class TooManySuggestions(TooManyAttempts):
    code = "too_many_suggestions"
    message_en = "Too many suggestions from here; try again later"
