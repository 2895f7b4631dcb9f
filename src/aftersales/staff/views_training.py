"""Training pages: the course catalogue, sessions (schedule, book people, record results),
and the retraining assignments waiting for a session."""

from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import select

from aftersales.auth.deps import Db
from aftersales.auth.principal import Principal
from aftersales.db import utcnow
from aftersales.errors import InvalidInput
from aftersales.refs import refs
from aftersales.staff import access, training
from aftersales.staff.models import Attendance, TrainingSession
from aftersales.validation import Id
from aftersales.web.deps import PageUser
from aftersales.web.forms import FormPage, Posted, local_time

router = APIRouter(include_in_schema=False)


def _context(request: Request, db: Db, user: Principal) -> dict[str, Any]:
    access.require(user, "train")
    now = utcnow()
    sessions = list(
        db.scalars(
            select(TrainingSession)
            .where(TrainingSession.starts_at > now - timedelta(days=60))
            .order_by(TrainingSession.starts_at.desc())
            .limit(40)
        )
    )
    booked = list(
        db.scalars(select(Attendance).where(Attendance.session_id.in_([s.id for s in sessions])))
    )
    waiting = list(
        db.scalars(
            select(Attendance)
            .where(Attendance.session_id.is_(None))
            .order_by(Attendance.id)
            .limit(100)
        )
    )
    return {
        "now": now,
        "courses": {c.id: c for c in training.courses(db)},
        "sessions": sessions,
        "booked": booked,
        "waiting": waiting,
        "refs": refs(db),
        "errors": {},
    }


PAGE = FormPage("staff/training.html", _context)


@router.get("/training")
def training_page(request: Request, db: Db, user: PageUser) -> Response:
    return PAGE.show(request, db, user)


def _post(request: Request, db: Db, user: Principal, work, done: str) -> Response:  # noqa: ANN001
    return PAGE.post(request, db, user, work=work, done=done, redirect="/training")


@router.post("/training/sessions")
def schedule(request: Request, db: Db, user: PageUser, form: Posted) -> Response:
    tz = request.app.state.settings.timezone

    def work() -> None:
        starts = local_time(str(form.get("starts_at", "")), tz, field="starts_at")
        if starts is None:
            raise InvalidInput("When does it start?", field="starts_at")
        training.schedule_session(
            db,
            course=str(form.get("course", "")),
            trainer=str(form.get("trainer", "")),
            starts_at=starts,
            place=str(form.get("place", "")),
            store_id=user.store_id,
            actor=user,
            now=utcnow(),
        )

    return _post(request, db, user, work, "Session scheduled")


@router.post("/training/sessions/{session_id}/enroll")
def enroll(request: Request, session_id: Id, db: Db, user: PageUser, form: Posted) -> Response:
    return _post(
        request,
        db,
        user,
        lambda: training.enroll(
            db,
            session_id=session_id,
            username=str(form.get("username", "")).strip(),
            actor=user,
            now=utcnow(),
        ),
        "Booked",
    )


@router.post("/training/attendance/{attendance_id}/result")
def result(request: Request, attendance_id: Id, db: Db, user: PageUser, form: Posted) -> Response:
    raw = str(form.get("score", "")).strip()

    def work() -> None:
        if raw and not raw.isdigit():
            raise InvalidInput("A score from 0 to 100", field="score")
        training.record_result(
            db,
            attendance_id=attendance_id,
            attended=form.get("attended") == "yes",
            score=int(raw) if raw else None,
            actor=user,
            now=utcnow(),
        )

    return _post(request, db, user, work, "Result recorded")
