"""Customer self-service JSON routes (no login) and the complaint domain's admin routes:
holiday table, keyword rules, discipline review."""

from dataclasses import asdict
from datetime import date
from typing import Any

from fastapi import APIRouter, Request

from aftersales.auth.deps import CurrentUser, Db
from aftersales.auth.models import Role
from aftersales.complaints import admin, service
from aftersales.complaints.public import Tracking
from aftersales.complaints.schemas import (
    CalendarDayIn,
    PublicComplaintCreate,
    RateIn,
    ReasonIn,
    RuleIn,
    TrackIn,
)
from aftersales.db import utcnow
from aftersales.errors import Forbidden, NotFound
from aftersales.staff import discipline

router = APIRouter()


def _client(request: Request) -> str:
    return f"ip:{request.client.host if request.client else 'unknown'}"


def _tracking(found: Tracking | None) -> dict[str, Any]:
    if found is None:  # a forged code and a wrong phone look the same as a missing case
        raise NotFound("No complaint with this code and phone",
                       message_zh="未找到该查询码和手机号对应的投诉", field="code")
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in asdict(found).items()}


@router.post("/public/complaints", status_code=201, tags=["public"])
def submit(body: PublicComplaintCreate, db: Db) -> dict[str, str]:
    code = service.submit_public_complaint(db, data=body, now=utcnow())
    db.commit()
    return {"tracking_code": code}


@router.post("/public/complaints/track", tags=["public"])
def track(body: TrackIn, db: Db, request: Request) -> dict[str, Any]:
    found = service.track(db, code=body.code, phone=body.phone, client_key=_client(request),
                          now=utcnow())
    db.commit()  # keep the miss count
    return _tracking(found)


@router.post("/public/complaints/rate", tags=["public"])
def rate(body: RateIn, db: Db, request: Request) -> dict[str, Any]:
    found = service.rate(db, code=body.code, phone=body.phone, rating=body.rating,
                         comment=body.comment, client_key=_client(request), now=utcnow())
    db.commit()
    return _tracking(found)


def _admin(user: CurrentUser) -> None:
    if user.role != Role.admin:
        raise Forbidden()


@router.get("/calendar-days", tags=["admin"])
def calendar_days(db: Db, user: CurrentUser, year: int | None = None) -> list[dict[str, str]]:
    return [{"day": d.day.isoformat(), "kind": d.kind, "note": d.note}
            for d in admin.list_calendar_days(db, year=year)]


@router.put("/calendar-days/{day}", tags=["admin"])
def set_calendar_day(day: date, body: CalendarDayIn, db: Db, user: CurrentUser
                     ) -> dict[str, str]:
    _admin(user)
    admin.set_calendar_day(db, day=day, kind=body.kind, note=body.note, actor=user)
    db.commit()
    return {"day": day.isoformat(), "kind": body.kind, "note": body.note}


@router.delete("/calendar-days/{day}", status_code=204, tags=["admin"])
def delete_calendar_day(day: date, db: Db, user: CurrentUser) -> None:
    _admin(user)
    if not admin.delete_calendar_day(db, day=day, actor=user):
        raise NotFound(field="day")
    db.commit()


@router.put("/complaint-rules", tags=["admin"])
def save_rule(body: RuleIn, db: Db, user: CurrentUser) -> dict[str, Any]:
    _admin(user)
    rule = service.save_rule(db, keyword=body.keyword, type=body.type, cause=body.cause,
                             weight=body.weight, active=body.active, actor=user)
    db.commit()
    return {"id": rule.id, "keyword": rule.keyword, "type": rule.type, "cause": rule.cause,
            "weight": rule.weight, "active": rule.active}


@router.post("/discipline-records/{record_id}/reverse", tags=["staff"])
def reverse_discipline(record_id: int, body: ReasonIn, db: Db, user: CurrentUser
                       ) -> dict[str, Any]:
    row = discipline.reverse_discipline(db, record_id=record_id, reason=body.reason, actor=user,
                                        now=utcnow())
    db.commit()
    return {"id": row.id, "kind": row.kind, "reversed": True}


@router.post("/management-points/{entry_id}/reverse", tags=["staff"])
def reverse_points(entry_id: int, body: ReasonIn, db: Db, user: CurrentUser) -> dict[str, Any]:
    row = discipline.reverse_points(db, entry_id=entry_id, reason=body.reason, actor=user,
                                    now=utcnow())
    db.commit()
    return {"id": row.id, "points": row.points, "reversed": True}
