"""Customer self-service JSON routes (no login) and the complaint domain's admin route for
keyword rules."""

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Request

from aftersales.auth.deps import CurrentUser, Db
from aftersales.auth.models import Role
from aftersales.complaints import service
from aftersales.complaints.public import Tracking
from aftersales.complaints.schemas import (
    PublicComplaintCreate,
    RateIn,
    RuleIn,
    TrackIn,
)
from aftersales.db import utcnow
from aftersales.errors import Forbidden, NotFound
from aftersales.responses import fields_json

router = APIRouter()


def client_key(request: Request) -> str:
    """Whom a miss counts against: the client's address (public.py throttles by it)."""
    return f"ip:{request.client.host if request.client else 'unknown'}"


def _tracking(found: Tracking | None) -> dict[str, Any]:
    if found is None:  # a forged code and a wrong phone look the same as a missing case
        raise NotFound(
            "No complaint with this code and phone",
            field="code",
        )
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in asdict(found).items()}


@router.post("/public/complaints", status_code=201, tags=["public"])
def submit(body: PublicComplaintCreate, db: Db) -> dict[str, str]:
    code = service.submit_public_complaint(db, data=body, now=utcnow())
    db.commit()
    return {"tracking_code": code}


@router.post("/public/complaints/track", tags=["public"])
def track(body: TrackIn, db: Db, request: Request) -> dict[str, Any]:
    found = service.track(db, **body.model_dump(), client_key=client_key(request), now=utcnow())
    db.commit()  # keep the miss count
    return _tracking(found)


@router.post("/public/complaints/rate", tags=["public"])
def rate(body: RateIn, db: Db, request: Request) -> dict[str, Any]:
    found = service.rate(db, **body.model_dump(), client_key=client_key(request), now=utcnow())
    db.commit()
    return _tracking(found)


def _admin(user: CurrentUser) -> None:
    if user.role != Role.admin:
        raise Forbidden()


@router.put("/complaint-rules", tags=["admin"])
def save_rule(body: RuleIn, db: Db, user: CurrentUser) -> dict[str, Any]:
    _admin(user)
    rule = service.save_rule(db, **body.model_dump(), actor=user)
    db.commit()
    return fields_json(rule, ("id", "keyword", "type", "cause", "weight", "active"))
