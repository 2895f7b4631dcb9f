"""The engine only asks a calendar `is_workday(day)`: `aftersales.deadlines` owns the one
business calendar (the library's published years, the admin's holiday table, estimated
later years), which both decision doors pass in.
"""

from __future__ import annotations

from datetime import date

from aftersales.deadlines.calendar import BusinessCalendar
from aftersales.deadlines.calendar import default_calendar as _project_calendar

from .periods import WorkdayCalendar


def default_calendar() -> BusinessCalendar:
    return _project_calendar()


class RememberingCalendar:
    """Answers each day once: a batch asks about the same days again and again."""

    def __init__(self, calendar: WorkdayCalendar) -> None:
        self._calendar = calendar
        self._days: dict[date, bool] = {}

    def is_workday(self, day: date) -> bool:
        known = self._days.get(day)
        if known is None:
            known = self._days[day] = bool(self._calendar.is_workday(day))
        return known
