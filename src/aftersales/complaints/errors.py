"""Refusals of the complaint domain, named as sentences."""

from aftersales.errors import Conflict, Forbidden, InvalidInput, NotFound


class ComplaintNotFound(NotFound):
    code = "complaint_not_found"
    message_en = "Complaint not found"


class TransitionNotAllowed(Conflict):
    code = "transition_not_allowed"
    message_en = "This step is not allowed in the complaint's current status"


class NotTheHolder(Forbidden):
    code = "not_the_holder"
    message_en = "This complaint is not held at your level"


class LevelOutOfRange(InvalidInput):
    code = "level_out_of_range"
    message_en = "No such level on the ladder"


class WrongConfirmationCode(InvalidInput):
    code = "wrong_confirmation_code"
    message_en = "Wrong or expired confirmation code"


class NothingToConfirm(Conflict):
    code = "nothing_to_confirm"
    message_en = "There is no proposal waiting for confirmation"


class AttachmentRefused(InvalidInput):
    code = "attachment_refused"
    message_en = "Attachment type or size not accepted"
