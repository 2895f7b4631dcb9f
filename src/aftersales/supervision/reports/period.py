"""A period of local days (both ends included) and the UTC instants that bound it."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from aftersales.deadlines import DEFAULT_TZ
from aftersales.supervision.reports.errors import BadMonth, BadPeriod

MAX_DAYS = 366


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # included
    tz: str = DEFAULT_TZ  # a report over the whole group counts days in the default zone

    @property
    def utc_start(self) -> datetime:
        return datetime.combine(self.start, time(), ZoneInfo(self.tz)).astimezone(UTC)

    @property
    def utc_end(self) -> datetime:
        """The first instant after the period."""
        after = self.end + timedelta(days=1)
        return datetime.combine(after, time(), ZoneInfo(self.tz)).astimezone(UTC)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def shifted_months(self, months: int) -> "Period":
        """The same calendar span `months` earlier (a month, or twelve for last year)."""
        return Period(_add_months(self.start, -months), _month_end_clip(self.end, -months), self.tz)


def make_period(start: date, end: date, tz: str) -> Period:
    if end < start:
        raise BadPeriod(field="to")
    if (end - start).days + 1 > MAX_DAYS:
        raise BadPeriod(field="to")
    return Period(start, end, tz)


def month_period(month: str, tz: str, *, today: date) -> Period:
    """`YYYY-MM` as a period; a month after the current one is refused."""
    try:
        year, mon = (int(part) for part in month.split("-"))
        first = date(year, mon, 1)
    except ValueError:
        raise BadMonth(field="month") from None
    if first > today.replace(day=1) or len(month) != 7:
        raise BadMonth(field="month")
    return Period(first, _add_months(first, 1) - timedelta(days=1), tz)


def month_is_over(period: Period, *, today: date) -> bool:
    return period.end < today


def local_today(tz: str, now: datetime) -> date:
    return now.astimezone(ZoneInfo(tz)).date()


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return _clip(year, month + 1, day.day)


def _month_end_clip(day: date, months: int) -> date:
    """Shift an end day; a period ending on a month's last day ends on the other's last."""
    last = (day + timedelta(days=1)).day == 1
    shifted = _add_months(day, months)
    if last:
        return _add_months(shifted.replace(day=1), 1) - timedelta(days=1)
    return shifted


def _clip(year: int, month: int, day: int) -> date:
    for d in (day, 30, 29, 28):
        try:
            return date(year, month, min(day, d))
        except ValueError:
            continue
    raise ValueError(day)
