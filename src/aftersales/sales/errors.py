from aftersales.errors import Conflict, InvalidInput, NotFound


class UnknownCode(InvalidInput):
    code = "unknown_code"


class ReceiptNumberTaken(Conflict):
    code = "receipt_no_taken"
    message_en = "A receipt with this number already exists"


class ReceiptNotFound(NotFound):
    code = "receipt_not_found"
    message_en = "Receipt not found"


class SoldInFuture(InvalidInput):
    code = "sold_in_future"
    message_en = "The time of sale cannot be in the future"
