"""Each person's monthly service record: frozen by the worker once the month is over,
reviewed by a superior, kept with the month (归档)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth.models import Role, User
from aftersales.auth.principal import Principal
from aftersales.errors import Conflict, InvalidInput
from aftersales.staff import access, record
from aftersales.staff.models import MonthlyRecord

# The people who serve customers keep a record (seed 004): the ladder's counter and store
# roles and the technicians.
RECORDED = [Role.staff, Role.counter_manager, Role.floor_supervisor, Role.technician]


def bounds(month: str, tz: str) -> tuple[datetime, datetime]:
    try:
        year, mon = (int(p) for p in month.split("-"))
        start = datetime(year, mon, 1, tzinfo=ZoneInfo(tz))
    except ValueError:
        raise InvalidInput("A month is YYYY-MM", field="month") from None
    end = (start + timedelta(days=32)).replace(day=1)
    return start, end


def previous_month(now: datetime, tz: str) -> str:
    first = now.astimezone(ZoneInfo(tz)).replace(day=1)
    return (first - timedelta(days=1)).strftime("%Y-%m")


def generate(session: Session, *, month: str, tz: str, now: datetime) -> int:
    """Freeze the month's figures for everyone recorded who has none yet; answer how many."""
    start, end = bounds(month, tz)
    if end > now:
        raise InvalidInput("The month is not over", field="month")
    have = select(MonthlyRecord.user_id).where(MonthlyRecord.month == month)
    people = session.scalars(
        select(User.id)
        .where(User.active, User.role.in_(RECORDED), User.id.not_in(have))
        .order_by(User.id)
    )
    made = 0
    for user_id in people:
        row = MonthlyRecord(
            user_id=user_id,
            month=month,
            generated_at=now,
            figures=record.figures(session, user_id=user_id, start=start, end=end),
        )
        session.add(row)
        made += 1
    session.flush()
    if made:
        after = {"month": month, "records": made}
        audit.record(session, "staff_monthly_record", 0, "generated", actor=None, after=after)
    return made


def records_of(session: Session, user_id: int) -> list[MonthlyRecord]:
    return list(
        session.scalars(
            select(MonthlyRecord)
            .where(MonthlyRecord.user_id == user_id)
            .order_by(MonthlyRecord.month.desc())
            .limit(24)
        )
    )


def review(
    session: Session,
    *,
    record_id: int,
    note: str,
    version: int | None,
    actor: Principal,
    now: datetime,
) -> MonthlyRecord:
    row = access.lock_record(session, MonthlyRecord, record_id, actor=actor, version=version)
    if row.reviewed_at is not None:
        raise Conflict("Already reviewed", field="id")
    row.reviewed_at, row.reviewed_by_id, row.review_note = now, actor.id, note.strip()[:500]
    audit.record_on(session, row, "reviewed", actor=actor, after={"note": row.review_note})
    session.flush()  # the version moves on here
    return row
