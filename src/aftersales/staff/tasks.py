"""Staff timed work: freeze last month's service records once the month is over, and remind
a person 30 days before a training certificate lapses. Safe with several workers: records
are unique per person and month (a racing worker's insert fails and rolls back), and the
reminders are claimed with FOR UPDATE SKIP LOCKED and marked in the same transaction."""

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from aftersales.audit import service as audit
from aftersales.auth.models import User
from aftersales.db import transaction, utcnow
from aftersales.deadlines import DEFAULT_TZ
from aftersales.notify import service as notify
from aftersales.settings import Settings
from aftersales.staff import monthly
from aftersales.staff.models import Attendance, Course

REMIND_DAYS = 30


def generate_last_month(
    factory: sessionmaker[Session], settings: Settings | None = None, now: datetime | None = None
) -> int:
    now = now or utcnow()
    tz = settings.timezone if settings else DEFAULT_TZ
    try:
        with transaction(factory) as session:
            return monthly.generate(session, month=monthly.previous_month(now, tz), tz=tz, now=now)
    except IntegrityError:  # another worker froze the same month first
        return 0


def remind_certificates(
    factory: sessionmaker[Session], settings: Settings | None = None, now: datetime | None = None
) -> int:
    now = now or utcnow()
    horizon = (now + timedelta(days=REMIND_DAYS)).date()
    with transaction(factory) as session:
        due = list(
            session.scalars(
                select(Attendance)
                .where(
                    Attendance.certificate_expires_on <= horizon,
                    Attendance.expiry_reminded_at.is_(None),
                )
                .limit(500)
                .with_for_update(skip_locked=True)
            )
        )
        for row in due:
            person, course = session.get(User, row.user_id), session.get(Course, row.course_id)
            row.expiry_reminded_at = now
            expires = {"expires_on": row.certificate_expires_on}
            audit.record_on(session, row, "certificate_reminded", actor=None, after=expires)
            if person is not None and person.email:
                notify.enqueue(
                    session,
                    channel="email",
                    recipient=person.email,
                    subject="培训证书即将到期",
                    body=f"您的“{course.name_zh}”培训证书将于 "
                    f"{row.certificate_expires_on} 到期，请报名复训。",
                    meta={"attendance_id": row.id, "event": "certificate_expiry"},
                )
        return len(due)


def run(
    factory: sessionmaker[Session], settings: Settings | None = None, now: datetime | None = None
) -> int:
    return generate_last_month(factory, settings, now) + remind_certificates(factory, settings, now)
