"""A small stand-in for China's official working-day calendar.

The project's own calendar (aftersales.deadlines.calendar.default_calendar,
with an admin-editable table for years not yet published) is preferred; this
one is the fallback until it exists. chinese_calendar knows published years
only (2004-2026 in 1.11) and raises NotImplementedError for later years:
then Monday to Friday is used.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import chinese_calendar


class ChineseCalendar:
    def is_workday(self, day: date) -> bool:
        return _is_workday(day)


@lru_cache(maxsize=4096)
def _is_workday(day: date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5


def default_calendar():
    """The project's calendar when it exists, else ChineseCalendar."""
    try:
        from aftersales.deadlines.calendar import default_calendar as project_calendar
    except ImportError:
        return ChineseCalendar()
    return project_calendar()


class RememberingCalendar:
    """Answers each day once: a batch asks about the same days again and again."""

    def __init__(self, calendar) -> None:
        self._calendar = calendar
        self._days: dict[date, bool] = {}

    def is_workday(self, day: date) -> bool:
        known = self._days.get(day)
        if known is None:
            known = self._days[day] = bool(self._calendar.is_workday(day))
        return known
