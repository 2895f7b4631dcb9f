"""When the worker looks at a corrective action: a reminder the day before it is due
(09:00 in the store's zone), then the escalation once the due day has passed. Due dates
are calendar days the inspector chose, so no working-time arithmetic is involved."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

REMIND_AT = time(9, 0)


def overdue_at(due_on: date, tz: str) -> datetime:
    """The first instant after the due day, in the store's zone."""
    return datetime.combine(due_on + timedelta(days=1), time(0, 0), tzinfo=ZoneInfo(tz))


def remind_at(due_on: date, tz: str) -> datetime:
    return datetime.combine(due_on - timedelta(days=1), REMIND_AT, tzinfo=ZoneInfo(tz))


def next_check(
    *, due_on: date, tz: str, now: datetime, reminded: bool, escalated: bool
) -> datetime | None:
    if escalated:
        return None
    remind = remind_at(due_on, tz)
    if not reminded and remind > now:
        return remind
    return overdue_at(due_on, tz)


def local_day(at: datetime, tz: str) -> date:
    return at.astimezone(ZoneInfo(tz)).date()
