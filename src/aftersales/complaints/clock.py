"""The complaint clock: service standards, the business calendar with the admin's holiday
table, and the deadlines stored on each complaint (respond_by, warn_at, resolve_by and the
next_check_at the sweep scans)."""

from collections.abc import Sequence
from datetime import datetime
from functools import cache
from importlib import resources

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.complaints.models import Complaint, ComplaintPause, Status
from aftersales.deadlines import (
    DEFAULT_TZ,
    BusinessCalendar,
    ServiceStandard,
    default_standards,
    due_at,
    pick_standard,
    standards_from_toml,
    warn_at,
)
from aftersales.deadlines.store import business_calendar

Span = tuple[datetime, datetime]
STOPPED = {Status.closed, Status.withdrawn, Status.referred}


@cache
def standards() -> tuple[ServiceStandard, ...]:
    """The shipped standards plus the complaint domain's narrower ones (hotline, urgent)."""
    extra = resources.files(__package__).joinpath("standards.toml").read_text("utf-8")
    return default_standards() + standards_from_toml(extra)


def calendar_for(session: Session) -> BusinessCalendar:
    return business_calendar(session)


def pauses_of(session: Session, complaint_id: int, now: datetime) -> list[Span]:
    rows = session.execute(
        select(ComplaintPause.started_at, ComplaintPause.ended_at).where(
            ComplaintPause.complaint_id == complaint_id
        )
    ).tuples()
    return [(start, end or now) for start, end in rows]


@cache
def standard_for(kind: str, channel: str, severity: str) -> ServiceStandard:
    # The standards are fixed per process (see `standards`), so each pick is made once.
    return pick_standard(standards(), kind, channel, severity)


def respond_standard(c: Complaint) -> ServiceStandard:
    return standard_for("respond", str(c.channel), str(c.severity))


def set_deadlines(
    c: Complaint, *, calendar: BusinessCalendar, pauses: Sequence[Span] = (), tz: str = DEFAULT_TZ
) -> None:
    """Recompute the stored due times from the clocks' starts and the pauses."""
    respond = respond_standard(c)
    resolve = standard_for("resolve", str(c.channel), str(c.severity))
    c.respond_by = due_at(c.level_since, respond, calendar=calendar, tz=tz, paused=pauses)
    c.warn_at = (
        None
        if c.first_response_at
        else warn_at(c.level_since, respond, calendar=calendar, tz=tz, paused=pauses)
    )
    c.resolve_by = due_at(c.created_at, resolve, calendar=calendar, tz=tz, paused=pauses)
    c.next_check_at = next_check(c)


def next_check(c: Complaint) -> datetime | None:
    """The earliest instant the sweep has something to do for this complaint."""
    if c.status in STOPPED or c.paused_at is not None:
        return None
    due = [c.warn_at]
    if c.first_response_at is None and c.respond_overdue_at is None:
        due.append(c.respond_by)
    if c.resolve_overdue_at is None:
        due.append(c.resolve_by)
    moments = [m for m in due if m is not None]
    return min(moments) if moments else None
