"""Refusals of the hotline questions, named as sentences."""

from aftersales.errors import Conflict, InvalidInput, NotFound


class EnquiryNotFound(NotFound):
    code = "enquiry_not_found"
    message_zh = "未找到该热线咨询"
    message_en = "No such hotline question"


class EnquiryAlreadyClosed(Conflict):
    code = "enquiry_already_closed"
    message_zh = "该咨询已答复或已转为投诉，不能再更改"
    message_en = "This question was already answered or turned into a complaint"


class UnknownPlace(InvalidInput):
    code = "unknown_code"
    message_zh = "未知的门店或专柜代码"
    message_en = "Unknown store or counter"


class AskedInTheFuture(InvalidInput):
    code = "asked_in_the_future"
    message_zh = "来电时间不能晚于现在"
    message_en = "The call cannot have come in later than now"
