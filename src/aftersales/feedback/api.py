"""REST routes for suggestions (contract: feedback.md, suggestions part)."""

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy.orm import Session

from aftersales.auth.deps import CurrentUser, Db
from aftersales.auth.principal import Principal
from aftersales.db import utcnow
from aftersales.doors import add_action, service_step
from aftersales.feedback import decide, intake, queries
from aftersales.feedback.models import Suggestion, SuggestionStatus
from aftersales.feedback.present import suggestion_json
from aftersales.feedback.record_doors import add_list_door, add_read_door
from aftersales.feedback.schemas import (
    DecideIn,
    ImplementedIn,
    PublicSuggestionCreate,
    SuggestionCreate,
)
from aftersales.refs import Refs, refs
from aftersales.responses import JSONBytes

router = APIRouter(tags=["suggestions"])


def client_key(request: Request) -> str:
    return f"ip:{request.client.host if request.client else 'unknown'}"


def _received(row: Suggestion) -> JSONBytes:
    return JSONBytes(
        {"id": row.id, "status": str(row.status), "reference": row.reference}, status_code=201
    )


@router.post("/suggestions", status_code=201)
def create(body: SuggestionCreate, db: Db, user: CurrentUser) -> JSONBytes:
    row = intake.record_suggestion(db, data=body, actor=user, now=utcnow())
    db.commit()
    return _received(row)


@router.post("/public/suggestions", status_code=201, tags=["public"])
def create_public(body: PublicSuggestionCreate, db: Db, request: Request) -> JSONBytes:
    row = intake.submit_public(db, data=body, client_key=client_key(request), now=utcnow())
    db.commit()
    return _received(row)


def _row(row: Suggestion, r: Refs, user: Principal, now: datetime) -> dict[str, Any]:
    return suggestion_json(row, r, user)


add_list_door(router, "/suggestions", queries.SUGGESTIONS, statuses=SuggestionStatus, row_json=_row)
add_read_door(
    router,
    "/suggestions/{suggestion_id}",
    entity="suggestion",
    get=queries.get_suggestion,
    row_json=_row,
)


def _answer(db: Session, user: Principal, row: Suggestion, request: Request) -> JSONBytes:
    return JSONBytes(suggestion_json(row, refs(db), user))


for path, name, body_type, step in (
    ("/decide", "decide_route", DecideIn, decide.decide),
    ("/implemented", "implemented", ImplementedIn, decide.mark_implemented),
):
    act = service_step(step, "suggestion_id")
    add_action(router, "/suggestions/{suggestion_id}" + path, name, body_type, act, _answer)
