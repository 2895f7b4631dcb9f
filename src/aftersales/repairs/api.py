"""REST routes for work orders: read them, and one route per step
(`POST /api/v1/work-orders/{id}/{step}`)."""

from typing import Any, Literal

from fastapi import APIRouter

from aftersales.auth.deps import CurrentUser, Db
from aftersales.db import utcnow
from aftersales.refs import refs
from aftersales.repairs.access import get_work_order
from aftersales.repairs.present import work_order_json
from aftersales.repairs.queries import open_work_orders
from aftersales.repairs.schemas import StepIn
from aftersales.repairs.steps import do_step
from aftersales.validation import Id

router = APIRouter(tags=["repairs"])
# Hand-back is routed by claims (it closes the claim too), ahead of this router.
Step = Literal["diagnose", "quote", "accept-quote", "send-to-factory", "repaired"]


@router.get("/work-orders")
def list_work_orders(db: Db, user: CurrentUser) -> dict[str, Any]:
    """The open work orders the caller may see, due soonest first."""
    r = refs(db)
    return {"items": [work_order_json(o, r) for o in open_work_orders(db, user=user)]}


@router.get("/work-orders/{work_order_id}")
def read_work_order(work_order_id: Id, db: Db, user: CurrentUser) -> dict[str, Any]:
    order = get_work_order(db, user=user, work_order_id=work_order_id)
    return work_order_json(order, refs(db))


@router.post("/work-orders/{work_order_id}/{step}")
def work_order_step(
    work_order_id: Id,
    step: Step,
    db: Db,
    user: CurrentUser,
    body: StepIn,
) -> dict[str, Any]:
    order = do_step(db, step=step, work_order_id=work_order_id, body=body, actor=user, now=utcnow())
    db.commit()
    return work_order_json(order, refs(db))
