"""REST routes for suggestions (contract: feedback.md, suggestions part)."""

from typing import Annotated

from fastapi import APIRouter, Query, Request
from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth.deps import CurrentUser, Db
from aftersales.auth.principal import Principal
from aftersales.db import utcnow
from aftersales.doors import add_action, service_step
from aftersales.feedback import decide, intake, queries
from aftersales.feedback.models import Suggestion, SuggestionStatus
from aftersales.feedback.present import history_json, suggestion_json
from aftersales.feedback.schemas import (
    DecideIn,
    ImplementedIn,
    PublicSuggestionCreate,
    SuggestionCreate,
)
from aftersales.refs import refs
from aftersales.responses import JSONBytes
from aftersales.validation import Id, PageCursor, PageLimit

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


@router.get("/suggestions")
def list_all(
    db: Db,
    user: CurrentUser,
    status: SuggestionStatus | None = None,
    store: Annotated[str | None, Query(max_length=20)] = None,
    cursor: PageCursor = None,
    limit: PageLimit = 50,
) -> JSONBytes:
    r = refs(db)
    page = queries.list_suggestions(
        db,
        user=user,
        status=status,
        store_id=r.stores.get(store, -1) if store else None,
        cursor=cursor,
        limit=limit,
    )
    return JSONBytes(page.as_json([suggestion_json(s, r, user) for s in page.items]))


@router.get("/suggestions/{suggestion_id}")
def read(suggestion_id: Id, db: Db, user: CurrentUser) -> JSONBytes:
    row = queries.get_suggestion(db, user=user, suggestion_id=suggestion_id)
    events = audit.history(db, entity="suggestion", entity_id=row.id)
    r = refs(db)
    return JSONBytes(
        suggestion_json(row, r, user) | {"history": history_json(events, r.zone(row.store_id))}
    )


def _answer(db: Session, user: Principal, row: Suggestion, request: Request) -> JSONBytes:
    return JSONBytes(suggestion_json(row, refs(db), user))


for path, name, body_type, step in (
    ("/decide", "decide_route", DecideIn, decide.decide),
    ("/implemented", "implemented", ImplementedIn, decide.mark_implemented),
):
    act = service_step(step, "suggestion_id")
    add_action(router, "/suggestions/{suggestion_id}" + path, name, body_type, act, _answer)
