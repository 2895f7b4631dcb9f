"""Expected refusals of the repairs domain."""

from aftersales.errors import Conflict, InvalidInput, NotFound


class WorkOrderNotFound(NotFound):
    code = "work_order_not_found"
    message_en = "Work order not found"


class StepNotAllowed(Conflict):
    code = "step_not_allowed"
    message_en = "This step is not possible in the work order's current state"


class QuoteNotAccepted(Conflict):
    code = "quote_not_accepted"
    message_en = "A paid repair needs the customer's acceptance of the quote first"


class QuoteInvalid(InvalidInput):
    code = "quote_invalid"
    message_en = "The quote must be more than zero"


# Service orders: booking, the visit, the delivery.


class SlotInPast(InvalidInput):
    code = "slot_in_past"
    message_en = "The appointment cannot be in the past"


class SlotInvalid(InvalidInput):
    code = "slot_invalid"
    message_en = "The window must end after it starts, on the same day"


class TechnicianBusy(InvalidInput):
    code = "technician_busy"
    message_en = "The technician already has an appointment in this window"


class NotAssignable(InvalidInput):
    code = "not_assignable"
    message_en = "Assign a technician of the store (a driver for a delivery)"


class NotOnSite(InvalidInput):
    code = "not_on_site"
    message_en = "The order is not on site: the customer cannot sign for it yet"


class NotADelivery(InvalidInput):
    code = "not_a_delivery"
    message_en = "This is not a delivery"


class DeliveryNotLate(InvalidInput):
    code = "delivery_not_late"
    message_en = "The delivery is not late: no compensation is owed"


class ServiceOrderOnly(InvalidInput):
    code = "service_order_only"
    message_en = "Only a service order at the customer's has an appointment"
