"""Expected refusals of the spare-parts domain."""

from aftersales.errors import Conflict, InvalidInput, NotFound


class PartNotFound(NotFound):
    code = "part_not_found"
    message_en = "No such spare part"


class StockNotFound(NotFound):
    code = "stock_not_found"
    message_en = "No stock of this part at that place"


class ReservationNotFound(NotFound):
    code = "reservation_not_found"
    message_en = "No such reservation"


class WaitNotFound(NotFound):
    code = "parts_wait_not_found"
    message_en = "No such parts wait"


class NotEnoughStock(InvalidInput):
    code = "not_enough_stock"
    message_en = "Not enough stock available"


class NegativeStock(InvalidInput):
    code = "negative_stock"
    message_en = "Stock cannot go below zero"


class MoreThanReserved(InvalidInput):
    code = "more_than_reserved"
    message_en = "Cannot consume more than was reserved"


class MoreThanConsumed(InvalidInput):
    code = "more_than_consumed"
    message_en = "Cannot return more than was consumed"


class QuantityInvalid(InvalidInput):
    code = "quantity_invalid"
    message_en = "The quantity must be a whole number above zero"


class ReservationClosed(Conflict):
    code = "reservation_closed"
    message_en = "This reservation is already settled"


class WorkOrderClosed(Conflict):
    code = "work_order_closed"
    message_en = "The work order is handed back; its parts can no longer change"


class AlreadyWaiting(Conflict):
    code = "already_waiting"
    message_en = "The work order already waits for this part"


class WaitEnded(Conflict):
    code = "parts_wait_ended"
    message_en = "This parts wait has already ended"


class DuplicatePartCode(Conflict):
    code = "duplicate_part_code"
    message_en = "A part with this code already exists"


class LoanerNotDue(Conflict):
    code = "loaner_not_due"
    message_en = "No loaner is owed on this work order"


class LoanerAlreadyGiven(Conflict):
    code = "loaner_already_given"
    message_en = "The loaner is already recorded"
