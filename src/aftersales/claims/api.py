"""REST routes for claims (contract: api-basics.md "Claims"). Thin: parse, call one service
function, commit at the boundary, answer."""

from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel
from sqlalchemy.orm import Session

from aftersales.auth.deps import CurrentUser, Db
from aftersales.auth.principal import Principal
from aftersales.claims import fulfil, queries
from aftersales.claims.access import get_claim
from aftersales.claims.models import Claim, ClaimStatus
from aftersales.claims.open import open_claim
from aftersales.claims.override import override_decision
from aftersales.claims.present import claim_json
from aftersales.claims.schemas import (
    ChooseIn,
    ClaimCreate,
    CloseIn,
    ExchangeIn,
    OverrideIn,
    RefundIn,
)
from aftersales.db import utcnow
from aftersales.doors import add_action, idempotent_create, service_step
from aftersales.errors import Conflict, InvalidInput
from aftersales.i18n import request_lang
from aftersales.paging import Page, decode_cursor
from aftersales.refs import refs
from aftersales.repairs.present import work_order_json
from aftersales.repairs.schemas import StepIn
from aftersales.responses import JSONBytes
from aftersales.validation import Id, PageLimit

router = APIRouter(tags=["claims"])


def _answer(
    db: Session, user: Principal, claim: Claim, request: Request, status: int = 200
) -> JSONBytes:
    orders = queries.work_orders_of(db, claim_ids=[claim.id]).get(claim.id, [])
    body = claim_json(
        claim,
        refs(db),
        request_lang(request),
        orders,
        queries.stock_of(db, claim_id=claim.id),
    )
    return JSONBytes(body, status_code=status)


@idempotent_create(
    router, "/claims", route="claims", on_collision=lambda: Conflict(field="Idempotency-Key")
)
def create_claim(body: ClaimCreate, db: Db, user: CurrentUser, request: Request) -> dict[str, Any]:
    claim = open_claim(db, data=body, actor=user, now=utcnow())
    return claim_json(claim, refs(db), request_lang(request))


@router.get("/claims")
def list_claims(
    db: Db,
    user: CurrentUser,
    request: Request,
    status: str | None = None,
    store: str | None = None,
    cursor: str | None = None,
    limit: PageLimit = 50,
) -> dict[str, Any]:
    if status and status not in ClaimStatus.__members__:
        raise InvalidInput("Unknown status", field="status")
    r = refs(db)
    rows = queries.list_claims(
        db,
        user=user,
        status=status,
        store_id=r.stores.get(store, -1) if store else None,
        after=decode_cursor(cursor),
        limit=limit,
    )
    lang = request_lang(request)
    nxt = Page.of(rows, limit, at="opened_at").next_cursor
    return {"items": [claim_json(c, r, lang) for c in rows], "next": nxt}


@router.get("/claims/{claim_id}")
def read_claim(claim_id: Id, db: Db, user: CurrentUser, request: Request) -> JSONBytes:
    return _answer(db, user, get_claim(db, user=user, claim_id=claim_id), request)


for path, name, body_type, step in (
    ("/choose", "choose", ChooseIn, fulfil.choose_remedy),
    ("/override", "override", OverrideIn, override_decision),
    ("/refund", "refund", RefundIn, fulfil.record_refund),
    ("/exchange", "exchange", ExchangeIn, fulfil.record_exchange),
    ("/close", "close", CloseIn, fulfil.close_claim),
):
    # a fulfilment step takes its body's fields as its keywords
    act = service_step(step, "claim_id", BaseModel.model_dump)
    add_action(router, "/claims/{claim_id}" + path, name, body_type, act, _answer)


@router.post("/returned-stock/{stock_id}/confirm")
def confirm_stock(stock_id: Id, db: Db, user: CurrentUser) -> dict[str, Any]:
    row = fulfil.confirm_returned_stock(db, stock_id=stock_id, actor=user, now=utcnow())
    db.commit()
    return {
        "id": row.id,
        "claim_id": row.claim_id,
        "sku": row.sku,
        "confirmed_at": row.confirmed_at.isoformat() if row.confirmed_at else None,
    }


@router.post("/work-orders/{work_order_id}/hand-back")
def hand_back(
    work_order_id: Id, body: StepIn, db: Db, user: CurrentUser, request: Request
) -> dict[str, Any]:
    """The last step of a work order: the item goes back and its claim is fulfilled."""
    order = fulfil.hand_back(db, work_order_id=work_order_id, body=body, actor=user, now=utcnow())
    db.commit()
    return work_order_json(order, refs(db))
