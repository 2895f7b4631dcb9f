"""Training (seed 001 §7): courses in skills and attitude, sessions with a trainer and a
date, who attended, the assessment score, and certificates with an expiry. A warning or
penalty assigns a retraining in complaint handling, booked later on a session."""

from calendar import monthrange
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth.models import User
from aftersales.auth.principal import Principal
from aftersales.errors import Conflict, InvalidInput, NotFound
from aftersales.staff import access
from aftersales.staff.models import Attendance, Course, TrainingSession

PASS_SCORE = 60
RETRAINING_COURSE = "complaint_handling"


def courses(session: Session) -> list[Course]:
    return list(session.scalars(select(Course).where(Course.active).order_by(Course.id)))


def _course(session: Session, code: str) -> Course:
    row = session.scalars(select(Course).where(Course.code == code)).first()
    if row is None:
        raise InvalidInput("Unknown course", field="course")
    return row


def schedule_session(
    session: Session,
    *,
    course: str,
    trainer: str,
    starts_at: datetime,
    place: str,
    store_id: int | None,
    actor: Principal,
    now: datetime,
) -> TrainingSession:
    access.require(actor, "train")
    if starts_at <= now:
        raise InvalidInput(
            "An upcoming session starts in the future",
            field="starts_at",
        )
    if not trainer.strip():
        raise InvalidInput("Name the trainer", field="trainer")
    row = TrainingSession(
        course_id=_course(session, course).id,
        trainer=trainer.strip(),
        starts_at=starts_at,
        place=place.strip(),
        store_id=store_id,
        created_at=now,
        created_by_id=actor.id,
    )
    scheduled = {"course": course, "trainer": row.trainer, "starts_at": starts_at}
    audit.record_added(session, row, actor=actor, action="scheduled", after=scheduled)
    return row


def enroll(
    session: Session, *, session_id: int, username: str, actor: Principal, now: datetime
) -> Attendance:
    """Book a person on a session; an open retraining assignment for the course is booked
    rather than duplicated."""
    access.require(actor, "train")
    ts = session.get(TrainingSession, session_id)
    if ts is None:
        raise NotFound(field="session")
    person = session.scalars(select(User).where(User.username == username, User.active)).first()
    if person is None:
        raise InvalidInput("Unknown person", field="username")
    if session.scalars(
        select(Attendance).where(Attendance.session_id == ts.id, Attendance.user_id == person.id)
    ).first():
        raise Conflict("Already booked", field="username")
    row = session.scalars(
        select(Attendance).where(
            Attendance.user_id == person.id,
            Attendance.course_id == ts.course_id,
            Attendance.session_id.is_(None),
        )
    ).first()
    if row is None:
        row = Attendance(course_id=ts.course_id, user_id=person.id, created_at=now)
        session.add(row)
    row.session_id = ts.id
    session.flush()
    booked = {"session_id": ts.id, "user_id": person.id}
    audit.record_on(session, row, "booked", actor=actor, after=booked)
    return row


def _expiry(start: date, months: int) -> date:
    y, m = divmod(start.month - 1 + months, 12)
    year, month = start.year + y, m + 1
    return date(year, month, min(start.day, monthrange(year, month)[1]))


def record_result(
    session: Session,
    *,
    attendance_id: int,
    attended: bool,
    score: int | None,
    actor: Principal,
    now: datetime,
) -> Attendance:
    access.require(actor, "train")
    row = session.get(Attendance, attendance_id, with_for_update=True)
    if row is None or row.session_id is None:
        raise NotFound(field="id")
    ts = session.get(TrainingSession, row.session_id)
    if ts.starts_at > now:
        raise InvalidInput(
            "The session has not taken place yet",
            field="attended",
        )
    if score is not None and not 0 <= score <= 100:
        raise InvalidInput("A score from 0 to 100", field="score")
    course = session.get(Course, row.course_id)
    row.attended, row.score = attended, score if attended else None
    passed = attended and score is not None and score >= PASS_SCORE
    row.certificate_expires_on = (
        _expiry(ts.starts_at.date(), course.certificate_months)
        if passed and course.certificate_months
        else None
    )
    after = {
        "attended": attended,
        "score": row.score,
        "certificate_expires_on": row.certificate_expires_on,
    }
    audit.record_on(session, row, "result", actor=actor, after=after)
    session.flush()  # the version moves on here
    return row


def assign_retraining(
    session: Session,
    *,
    staff_id: int,
    discipline_record_id: int,
    actor: Principal | None,
    now: datetime,
) -> Attendance | None:
    course = session.scalars(select(Course).where(Course.code == RETRAINING_COURSE)).first()
    if course is None:  # the catalogue was emptied: the discipline itself must still stand
        return None
    row = Attendance(
        course_id=course.id,
        user_id=staff_id,
        created_at=now,
        discipline_record_id=discipline_record_id,
    )
    assigned = {"user_id": staff_id, "discipline_record_id": discipline_record_id}
    audit.record_added(session, row, actor=actor, action="retraining_assigned", after=assigned)
    return row


def person_training(session: Session, user_id: int) -> list[dict[str, Any]]:
    rows = session.execute(
        select(Attendance, Course, TrainingSession)
        .join(Course, Course.id == Attendance.course_id)
        .outerjoin(TrainingSession, TrainingSession.id == Attendance.session_id)
        .where(Attendance.user_id == user_id)
        .order_by(Attendance.id.desc())
    ).all()
    return [{"a": a, "course": c, "session": s} for a, c, s in rows]


def upcoming_sessions(session: Session, *, now: datetime) -> list[TrainingSession]:
    return list(
        session.scalars(
            select(TrainingSession)
            .where(TrainingSession.starts_at > now)
            .order_by(TrainingSession.starts_at)
            .limit(50)
        )
    )
