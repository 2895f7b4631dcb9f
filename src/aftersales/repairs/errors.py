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


# Service orders: booking, the visit, the delivery.


class SlotInPast(InvalidInput):
    code = "slot_in_past"
    message_zh = "预约时间不能早于现在"
    message_en = "The appointment cannot be in the past"


class SlotInvalid(InvalidInput):
    code = "slot_invalid"
    message_zh = "结束时间须晚于开始时间，且在同一天内"
    message_en = "The window must end after it starts, on the same day"


class TechnicianBusy(InvalidInput):
    code = "technician_busy"
    message_zh = "该师傅在这个时段已有预约"
    message_en = "The technician already has an appointment in this window"


class NotAssignable(InvalidInput):
    code = "not_assignable"
    message_zh = "只能指派本店的维修师傅（送货指派司机）"
    message_en = "Assign a technician of the store (a driver for a delivery)"


class NotOnSite(InvalidInput):
    code = "not_on_site"
    message_zh = "师傅尚未到达现场，顾客不能签字确认"
    message_en = "The order is not on site: the customer cannot sign for it yet"


class NotADelivery(InvalidInput):
    code = "not_a_delivery"
    message_zh = "这不是送货单"
    message_en = "This is not a delivery"


class DeliveryNotLate(InvalidInput):
    code = "delivery_not_late"
    message_zh = "送货没有超过约定日期，不需补偿"
    message_en = "The delivery is not late: no compensation is owed"


class ServiceOrderOnly(InvalidInput):
    code = "service_order_only"
    message_zh = "只有上门服务单才能改约"
    message_en = "Only a service order at the customer's has an appointment"
