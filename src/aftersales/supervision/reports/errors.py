"""The refusals of the statistics doors, each naming the field at fault."""

from aftersales.errors import Conflict, Forbidden, InvalidInput, NotFound


class UnknownGrouping(InvalidInput):
    code = "unknown_grouping"
    message_zh = "不支持的分组方式"
    message_en = "Unknown grouping"


class BadPeriod(InvalidInput):
    code = "bad_period"
    message_zh = "统计区间有误：结束日不能早于开始日，且不能超过366天"
    message_en = "Bad period: the end may not be before the start, nor the span over 366 days"


class UnknownPlace(InvalidInput):
    code = "unknown_place"
    message_zh = "没有这个门店、楼层、专柜或品牌"
    message_en = "No such store, floor, counter or brand"


class PlaceOutOfScope(Forbidden):
    code = "place_out_of_scope"
    message_zh = "您无权查看该范围的统计"
    message_en = "You may not see figures for that scope"


class NotAllowed(Forbidden):
    code = "reports_forbidden"
    message_zh = "您的角色不能查看统计报表"
    message_en = "Your role may not see the reports"


class BadMonth(InvalidInput):
    code = "bad_month"
    message_zh = "月份有误（格式 YYYY-MM，且不能是将来的月份）"
    message_en = "Bad month (YYYY-MM, not in the future)"


class MonthNotOver(InvalidInput):
    code = "month_not_over"
    message_zh = "该月尚未结束，不能归档"
    message_en = "The month is not over yet; it cannot be archived"


class AlreadyArchived(Conflict):
    code = "already_archived"
    message_zh = "该月报已归档"
    message_en = "This monthly report is already archived"


class ReportNotFound(NotFound):
    code = "report_not_found"
    message_zh = "没有该月报"
    message_en = "No such monthly report"
