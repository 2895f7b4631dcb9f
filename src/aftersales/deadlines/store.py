"""The one business calendar of the running product: the library's published years, the
admin's holiday table and the estimate for later years, as every deadline and every policy
period (both decision doors) sees it. Kept per process behind a shared version, so a day the
admin enters through one process counts in the next request of every process."""

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth.principal import Principal
from aftersales.deadlines.calendar import BusinessCalendar, default_calendar
from aftersales.deadlines.models import CalendarDay
from aftersales.shared_cache import CALENDAR, SharedCache, bump


def _load(session: Session) -> BusinessCalendar:
    overrides: dict[date, str] = dict(
        session.execute(select(CalendarDay.day, CalendarDay.kind)).tuples().all()
    )
    return default_calendar(overrides)


_CALENDARS = SharedCache(CALENDAR, _load)


def business_calendar(session: Session) -> BusinessCalendar:
    return _CALENDARS.get(session)


def list_calendar_days(session: Session, *, year: int | None = None) -> list[CalendarDay]:
    stmt = select(CalendarDay).order_by(CalendarDay.day)
    if year:
        stmt = stmt.where(
            CalendarDay.day >= date(year, 1, 1), CalendarDay.day <= date(year, 12, 31)
        )
    return list(session.scalars(stmt))


def _record_day(
    session: Session,
    day: date,
    action: str,
    actor: Principal | None,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None = None,
) -> None:
    """A calendar day has no id of its own: the audit trail names it by its ordinal."""
    audit.record(
        session, "calendar_day", day.toordinal(), action, actor=actor, before=before, after=after
    )


def set_calendar_day(
    session: Session, *, day: date, kind: str, note: str, actor: Principal | None
) -> CalendarDay:
    row = session.get(CalendarDay, day)
    before = {"kind": row.kind, "note": row.note} if row else None
    if row is None:
        row = CalendarDay(day=day, kind=kind, note=note)
        session.add(row)
    row.kind, row.note = kind, note
    session.flush()
    _record_day(session, day, "set", actor, before, {"day": day, "kind": kind, "note": note})
    bump(session, CALENDAR)
    return row


def delete_calendar_day(session: Session, *, day: date, actor: Principal | None) -> bool:
    row = session.get(CalendarDay, day)
    if row is None:
        return False
    _record_day(session, day, "deleted", actor, {"day": day, "kind": row.kind, "note": row.note})
    session.delete(row)
    session.flush()
    bump(session, CALENDAR)
    return True
