"""Staff over the API: discipline review (level 5 and above reverse a record with a reason),
fines, training sessions, and a person's record."""

from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from aftersales.auth.deps import CurrentUser, Db
from aftersales.db import utcnow
from aftersales.staff import access, discipline, fines, monthly, record, training
from aftersales.validation import Id, Version

router = APIRouter(tags=["staff"])


class ReasonIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str = Field(min_length=1, max_length=500)
    version: int | None = None  # accepted as on every reason form; records are append-only


@router.post("/discipline-records/{record_id}/reverse", tags=["staff"])
def reverse_discipline(record_id: Id, body: ReasonIn, db: Db, user: CurrentUser) -> dict[str, Any]:
    row = discipline.reverse_discipline(
        db, record_id=record_id, reason=body.reason, actor=user, now=utcnow()
    )
    db.commit()
    return {"id": row.id, "kind": row.kind, "reversed": True}


@router.post("/management-points/{entry_id}/reverse", tags=["staff"])
def reverse_points(entry_id: Id, body: ReasonIn, db: Db, user: CurrentUser) -> dict[str, Any]:
    row = discipline.reverse_points(
        db, entry_id=entry_id, reason=body.reason, actor=user, now=utcnow()
    )
    db.commit()
    return {"id": row.id, "points": row.points, "reversed": True}


class FineIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    # A string, so "12.345" or "abc" reach the service and get its named refusal.
    fine: str = Field(min_length=1, max_length=20)
    version: Version


class SessionIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    course: str = Field(min_length=1, max_length=40)
    trainer: str = Field(min_length=1, max_length=60)
    starts_at: AwareDatetime
    place: str = Field(default="", max_length=100)


@router.post("/discipline-records/{record_id}/fine", tags=["staff"])
def fine_record(record_id: Id, body: FineIn, db: Db, user: CurrentUser) -> dict[str, Any]:
    row = fines.set_fine(
        db, record_id=record_id, amount=body.fine, actor=user, now=utcnow(), version=body.version
    )
    db.commit()
    return {"id": row.id, "kind": row.kind, "fine": f"{row.fine:.2f}", "version": row.version}


@router.post("/training-sessions", tags=["staff"], status_code=201)
def schedule_session(body: SessionIn, db: Db, user: CurrentUser) -> dict[str, Any]:
    row = training.schedule_session(
        db,
        course=body.course,
        trainer=body.trainer,
        starts_at=body.starts_at,
        place=body.place,
        store_id=user.store_id,
        actor=user,
        now=utcnow(),
    )
    db.commit()
    return {"id": row.id, "starts_at": row.starts_at.isoformat(), "trainer": row.trainer}


@router.get("/staff/{person_id}/record", tags=["staff"])
def person_record(
    person_id: Id, db: Db, user: CurrentUser, request: Request, month: str | None = None
) -> dict[str, Any]:
    """A person's figures for a month (this one by default), their discipline step and
    records; visible to the person, their superiors and the admin."""
    person = access.get_person(db, user=user, person_id=person_id)
    tz = request.app.state.settings.timezone
    month = month or utcnow().astimezone(ZoneInfo(tz)).strftime("%Y-%m")
    start, end = monthly.bounds(month, tz)
    standing, step = discipline.current_step(db, person.id)
    return {
        "username": person.username,
        "role": person.role,
        "month": month,
        "figures": record.figures(db, user_id=person.id, start=start, end=end),
        "discipline": {
            "standing": standing,
            "next_step": step,
            "records": [
                {
                    "id": r.id,
                    "kind": r.kind,
                    "complaint_id": r.complaint_id,
                    "reason": r.reason,
                    "fine": None if r.fine is None else f"{r.fine:.2f}",
                    "reversed": r.reversed_at is not None,
                    "version": r.version,
                }
                for r in discipline.staff_record(db, staff_id=person.id)
            ],
        },
    }
