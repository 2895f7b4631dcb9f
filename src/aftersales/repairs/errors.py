"""Expected refusals of the repairs domain."""

from aftersales.errors import Conflict, InvalidInput, NotFound


class WorkOrderNotFound(NotFound):
    code = "work_order_not_found"
    message_zh = "未找到该维修单"
    message_en = "Work order not found"


class StepNotAllowed(Conflict):
    code = "step_not_allowed"
    message_zh = "维修单当前状态下不能进行这一步"
    message_en = "This step is not possible in the work order's current state"


class QuoteNotAccepted(Conflict):
    code = "quote_not_accepted"
    message_zh = "收费维修须先经顾客同意报价"
    message_en = "A paid repair needs the customer's acceptance of the quote first"


class QuoteInvalid(InvalidInput):
    code = "quote_invalid"
    message_zh = "报价金额须大于零"
    message_en = "The quote must be more than zero"
