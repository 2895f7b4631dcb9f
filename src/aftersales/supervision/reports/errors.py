"""The refusals of the statistics doors, each naming the field at fault."""

from aftersales.errors import Conflict, Forbidden, InvalidInput, NotFound


class UnknownGrouping(InvalidInput):
    code = "unknown_grouping"
    message_en = "Unknown grouping"


class BadPeriod(InvalidInput):
    code = "bad_period"
    message_en = "Bad period: the end may not be before the start, nor the span over 366 days"


class UnknownPlace(InvalidInput):
    code = "unknown_place"
    message_en = "No such store, floor, counter or brand"


class PlaceOutOfScope(Forbidden):
    code = "place_out_of_scope"
    message_en = "You may not see figures for that scope"


class NotAllowed(Forbidden):
    code = "reports_forbidden"
    message_en = "Your role may not see the reports"


class BadMonth(InvalidInput):
    code = "bad_month"
    message_en = "Bad month (YYYY-MM, not in the future)"


class MonthNotOver(InvalidInput):
    code = "month_not_over"
    message_en = "The month is not over yet; it cannot be archived"


class AlreadyArchived(Conflict):
    code = "already_archived"
    message_en = "This monthly report is already archived"


class ReportNotFound(NotFound):
    code = "report_not_found"
    message_en = "No such monthly report"
