"""Period arithmetic, exactly as the contract counts.

- N days: the start day does not count; the last day is start + N.
- Months and years end on the same day of the month that many months later,
  or on that month's last day when it has no such day (Civil Code Art. 202).
- Days under repair are added back; after an exchange the period restarts.
- Where the policy says so, a last day that is not a working day moves to the
  next working day (Civil Code Art. 203; the calendar knows make-up workdays).
"""

from __future__ import annotations

import calendar as _gregorian
from datetime import date, timedelta
from typing import Protocol

from .model import DaysFrom, Duration, PeriodStart, Unit
from .request import DecisionRequest, Repair

_ONE_DAY = timedelta(days=1)
_MAX_SHIFT = 60  # no run of official days off is longer; a broken calendar cannot hang us


class WorkdayCalendar(Protocol):
    def is_workday(self, day: date) -> bool: ...


def add_duration(start: date, length: Duration) -> date:
    if length.unit is Unit.DAYS:
        return start + timedelta(days=length.amount)
    months = length.amount * (12 if length.unit is Unit.YEARS else 1)
    return add_months(start, months)


def add_months(start: date, months: int) -> date:
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    last_day = _gregorian.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(start.day, last_day))


def period_start(request: DecisionRequest, start: PeriodStart) -> date:
    """The day a period counts from (its own day is not counted)."""
    if start is PeriodStart.SALE:
        return request.sold_on
    begin = request.sold_on
    if request.received_on and request.received_on > begin:
        begin = request.received_on
    if start is PeriodStart.START and request.exchanged_on and request.exchanged_on > begin:
        begin = request.exchanged_on
    return begin


def repair_days(repairs: tuple[Repair, ...], since: date, until: date) -> int:
    """Days under repair after `since`, counting the day sent in and the day
    handed back (a part day away counts whole, as CAR2021 Art. 40 counts)."""
    total = 0
    for repair in repairs:
        if repair.on < since:
            continue  # a repair of the item before an exchange belongs to the old item
        back = repair.back_on or until
        if back >= repair.on:
            total += (back - repair.on).days + 1
    return total


def next_workday(day: date, calendar: WorkdayCalendar) -> date:
    for _ in range(_MAX_SHIFT):
        if calendar.is_workday(day):
            return day
        day += _ONE_DAY
    return day


def period_end(
    begin: date,
    length: Duration,
    *,
    paused_days: int = 0,
    calendar: WorkdayCalendar | None = None,
) -> date:
    """Last day inside the period; `calendar` given means holiday extension."""
    end = add_duration(begin, length)
    if paused_days:
        end += timedelta(days=paused_days)
    if calendar is not None:
        end = next_workday(end, calendar)
    return end


def depreciation_start(request: DecisionRequest, days_from: DaysFrom) -> date:
    """The day the days used count from: the invoice day, or (AV2002 Art. 16, which leaves
    out the first installation) the later of sale and delivery or installation; an
    exchange's new voucher restarts both."""
    if days_from is DaysFrom.INVOICE:
        begin = request.sold_on
        if request.exchanged_on and request.exchanged_on > begin:
            begin = request.exchanged_on
        return begin
    return period_start(request, PeriodStart.START)


def days_used(request: DecisionRequest, begin: date) -> int:
    """Days the customer had the item, for a depreciation deduction."""
    paused = repair_days(request.repairs, begin, request.requested_on)
    return max(0, (request.requested_on - begin).days - paused)
