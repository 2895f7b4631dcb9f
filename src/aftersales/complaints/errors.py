"""Refusals of the complaint domain, named as sentences."""

from aftersales.errors import Conflict, Forbidden, InvalidInput, NotFound


class ComplaintNotFound(NotFound):
    code = "complaint_not_found"
    message_zh = "未找到该投诉"
    message_en = "Complaint not found"


class TransitionNotAllowed(Conflict):
    code = "transition_not_allowed"
    message_zh = "当前状态下不能进行此操作"
    message_en = "This step is not allowed in the complaint's current status"


class NotTheHolder(Forbidden):
    code = "not_the_holder"
    message_zh = "该投诉不在您的处理层级"
    message_en = "This complaint is not held at your level"


class LevelOutOfRange(InvalidInput):
    code = "level_out_of_range"
    message_zh = "处理层级无效"
    message_en = "No such level on the ladder"


class WrongConfirmationCode(InvalidInput):
    code = "wrong_confirmation_code"
    message_zh = "确认码错误或已过期"
    message_en = "Wrong or expired confirmation code"


class NothingToConfirm(Conflict):
    code = "nothing_to_confirm"
    message_zh = "没有待确认的处理方案"
    message_en = "There is no proposal waiting for confirmation"


class AttachmentRefused(InvalidInput):
    code = "attachment_refused"
    message_zh = "附件类型或大小不符合要求"
    message_en = "Attachment type or size not accepted"
