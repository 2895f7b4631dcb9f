from aftersales.errors import Conflict, InvalidInput, NotFound


class UnknownCode(InvalidInput):
    code = "unknown_code"
    # One message a kind of code: each reads as one sentence in every language.
    KINDS = {
        "store": "Unknown store: %(code)s",
        "counter": "Unknown counter: %(code)s",
        "category": "Unknown category: %(code)s",
        "staff": "Unknown staff member: %(code)s",
    }

    @classmethod
    def of(cls, kind: str, code: str, field: str) -> "UnknownCode":
        return cls(cls.KINDS[kind], params={"code": code}, field=field)


class ReceiptNumberTaken(Conflict):
    code = "receipt_no_taken"
    message_en = "A receipt with this number already exists"


class ReceiptNotFound(NotFound):
    code = "receipt_not_found"
    message_en = "Receipt not found"


class SoldInFuture(InvalidInput):
    code = "sold_in_future"
    message_en = "The time of sale cannot be in the future"
