"""Deadlines: service standards, China's business calendar and due times.

Pure: no database, no web framework, never reads the clock (callers pass
every instant, timezone-aware).
"""

from aftersales.deadlines.calendar import (
    BusinessCalendar,
    DayKind,
    YearCalendar,
    YearSource,
    default_calendar,
)
from aftersales.deadlines.due import allowed_time, due_at, warn_at
from aftersales.deadlines.standards import (
    Clock,
    InvalidStandard,
    Kind,
    NoStandardFor,
    ServiceStandard,
    Unit,
    default_standards,
    pick_standard,
    standards_from_dict,
    standards_from_toml,
)
from aftersales.deadlines.working_time import (
    DEFAULT_TZ,
    DEFAULT_WORKING_DAY,
    working_seconds_between,
)

__all__ = [
    "DEFAULT_TZ",
    "DEFAULT_WORKING_DAY",
    "BusinessCalendar",
    "Clock",
    "DayKind",
    "InvalidStandard",
    "Kind",
    "NoStandardFor",
    "ServiceStandard",
    "Unit",
    "YearCalendar",
    "YearSource",
    "allowed_time",
    "default_calendar",
    "default_standards",
    "due_at",
    "pick_standard",
    "standards_from_dict",
    "standards_from_toml",
    "warn_at",
    "working_seconds_between",
]
