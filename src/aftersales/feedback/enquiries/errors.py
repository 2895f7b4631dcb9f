"""Refusals of the hotline questions, named as sentences."""

from aftersales.errors import Conflict, InvalidInput, NotFound


class EnquiryNotFound(NotFound):
    code = "enquiry_not_found"
    message_en = "No such hotline question"


class EnquiryAlreadyClosed(Conflict):
    code = "enquiry_already_closed"
    message_en = "This question was already answered or turned into a complaint"


class UnknownPlace(InvalidInput):
    code = "unknown_code"
    message_en = "Unknown store or counter"


class AskedInTheFuture(InvalidInput):
    code = "asked_in_the_future"
    message_en = "The call cannot have come in later than now"
