"""The complaint clock: service standards, the business calendar with the admin's holiday
table, and the deadlines stored on each complaint (respond_by, warn_at, reply_by,
reply_warn_at, resolve_by and the next_check_at the sweep scans)."""

from collections.abc import Sequence
from datetime import datetime
from functools import cache
from importlib import resources
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.complaints import history
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
from aftersales.deadlines.settings_store import standards_in_force
from aftersales.deadlines.store import business_calendar

Span = tuple[datetime, datetime]
STOPPED = {Status.closed, Status.withdrawn, Status.referred}


@cache
def standards() -> tuple[ServiceStandard, ...]:
    """The shipped standards plus the complaint domain's narrower ones (hotline, urgent)."""
    extra = resources.files(__package__).joinpath("standards.toml").read_text("utf-8")
    return default_standards() + standards_from_toml(extra)


def standards_for(session: Session) -> tuple[ServiceStandard, ...]:
    """The standards in force: the shipped ones with the admin's edits (deadlines)."""
    return standards_in_force(session, standards())


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
def _shipped_standard_for(kind: str, channel: str, severity: str) -> ServiceStandard:
    # The shipped standards are fixed per process (see `standards`): each pick is made once.
    return pick_standard(standards(), kind, channel, severity)


def standard_for(
    kind: str, channel: str, severity: str, in_force: Sequence[ServiceStandard] | None = None
) -> ServiceStandard:
    """The standard of a step: from `in_force` (standards_for) when given, else shipped."""
    if in_force is None:
        return _shipped_standard_for(kind, channel, severity)
    return pick_standard(in_force, kind, channel, severity)


def respond_standard(
    c: Complaint, in_force: Sequence[ServiceStandard] | None = None
) -> ServiceStandard:
    return standard_for("respond", str(c.channel), str(c.severity), in_force)


def reply_standard(
    c: Complaint, in_force: Sequence[ServiceStandard] | None = None
) -> ServiceStandard:
    return standard_for("reply", str(c.channel), str(c.severity), in_force)


def _set_reply(
    c: Complaint, standard: ServiceStandard, calendar: BusinessCalendar, tz: str, pauses: Any
) -> None:
    """The reply clock runs from registration and is paused as resolve is. Its warning is
    set again only when the due time moved (a pause, a new standard) or was never given, so
    a recomputation does not warn the holder twice for the same due time."""
    by = due_at(c.created_at, standard, calendar=calendar, tz=tz, paused=pauses)
    if c.replied_at is not None or c.reply_overdue_at is not None:
        c.reply_warn_at = None
    elif c.reply_by is None or c.reply_by != by or c.reply_warn_at is not None:
        c.reply_warn_at = warn_at(c.created_at, standard, calendar=calendar, tz=tz, paused=pauses)
    c.reply_by = by


def set_deadlines(
    c: Complaint,
    *,
    calendar: BusinessCalendar,
    pauses: Sequence[Span] = (),
    tz: str = DEFAULT_TZ,
    in_force: Sequence[ServiceStandard] | None = None,
) -> None:
    """Recompute the stored due times from the clocks' starts and the pauses."""
    respond = respond_standard(c, in_force)
    resolve = standard_for("resolve", str(c.channel), str(c.severity), in_force)
    c.respond_by = due_at(c.level_since, respond, calendar=calendar, tz=tz, paused=pauses)
    c.warn_at = (
        None
        if c.first_response_at
        else warn_at(c.level_since, respond, calendar=calendar, tz=tz, paused=pauses)
    )
    c.resolve_by = due_at(c.created_at, resolve, calendar=calendar, tz=tz, paused=pauses)
    _set_reply(c, reply_standard(c, in_force), calendar, tz, pauses)
    c.next_check_at = next_check(c)


def reset_deadlines(session: Session, c: Complaint, now: datetime) -> None:
    """`set_deadlines` from the standards in force, the calendar and the case's own pauses."""
    set_deadlines(
        c,
        calendar=calendar_for(session),
        pauses=pauses_of(session, c.id, now),
        in_force=standards_for(session),
    )


def next_check(c: Complaint) -> datetime | None:
    """The earliest instant the sweep has something to do for this complaint."""
    if c.status in STOPPED or c.paused_at is not None:
        return None
    due = [c.warn_at, c.reply_warn_at]
    if c.first_response_at is None and c.respond_overdue_at is None:
        due.append(c.respond_by)
    if c.replied_at is None and c.reply_overdue_at is None:
        due.append(c.reply_by)
    if c.resolve_overdue_at is None:
        due.append(c.resolve_by)
    moments = [m for m in due if m is not None]
    return min(moments) if moments else None


def recompute_deadlines(
    session: Session, *, complaint_ids: Sequence[int], now: datetime, actor: Any
) -> int:
    """An admin changed a service standard: the open complaints it measures get their due
    times again from the standards in force (each with its audit event)."""
    in_force, calendar = standards_for(session), calendar_for(session)
    done = 0
    rows = session.scalars(
        select(Complaint).where(Complaint.id.in_(list(complaint_ids))).with_for_update()
    )
    for c in rows:
        before = {"respond_by": c.respond_by, "reply_by": c.reply_by, "resolve_by": c.resolve_by}
        set_deadlines(c, calendar=calendar, pauses=pauses_of(session, c.id, now), in_force=in_force)
        session.flush()
        after = {"respond_by": c.respond_by, "reply_by": c.reply_by, "resolve_by": c.resolve_by}
        history.record(
            session, c.id, actor=actor, action="deadlines_recomputed", before=before, after=after
        )
        done += 1
    return done
