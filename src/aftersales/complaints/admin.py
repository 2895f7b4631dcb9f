"""Administration of the complaint clock: the holiday and make-up workday table."""

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth.principal import Principal
from aftersales.complaints import clock
from aftersales.complaints.reference import CalendarDay


def list_calendar_days(session: Session, *, year: int | None = None) -> list[CalendarDay]:
    stmt = select(CalendarDay).order_by(CalendarDay.day)
    if year:
        stmt = stmt.where(CalendarDay.day >= date(year, 1, 1), CalendarDay.day <= date(year, 12, 31))
    return list(session.scalars(stmt))


def set_calendar_day(session: Session, *, day: date, kind: str, note: str,
                     actor: Principal | None) -> CalendarDay:
    row = session.get(CalendarDay, day)
    before = {"kind": row.kind, "note": row.note} if row else None
    if row is None:
        row = CalendarDay(day=day, kind=kind, note=note)
        session.add(row)
    row.kind, row.note = kind, note
    session.flush()
    audit.record(session, actor=actor, entity="calendar_day", entity_id=day.toordinal(),
                 action="set", before=before, after={"day": day, "kind": kind, "note": note})
    clock.forget_calendars()  # this process sees the change at once, others within a minute
    return row


def delete_calendar_day(session: Session, *, day: date, actor: Principal | None) -> bool:
    row = session.get(CalendarDay, day)
    if row is None:
        return False
    audit.record(session, actor=actor, entity="calendar_day", entity_id=day.toordinal(),
                 action="deleted", before={"day": day, "kind": row.kind, "note": row.note})
    session.delete(row)
    session.flush()
    clock.forget_calendars()
    return True
