from aftersales.errors import Conflict, InvalidInput, NotFound


class UnknownCode(InvalidInput):
    code = "unknown_code"


class ReceiptNumberTaken(Conflict):
    code = "receipt_no_taken"
    message_zh = "小票号已存在"
    message_en = "A receipt with this number already exists"


class ReceiptNotFound(NotFound):
    code = "receipt_not_found"
    message_zh = "未找到该小票"
    message_en = "Receipt not found"


class SoldInFuture(InvalidInput):
    code = "sold_in_future"
    message_zh = "销售时间不能晚于现在"
    message_en = "The time of sale cannot be in the future"
