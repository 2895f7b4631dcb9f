"""Routes for a late delivery's compensation: the money goes in the outcome ledger, which
the complaint domain keeps (repairs computes the amount)."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from aftersales.auth.deps import CurrentUser, Db
from aftersales.complaints import delivery
from aftersales.db import utcnow
from aftersales.repairs.views import step_form
from aftersales.validation import Id
from aftersales.web.deps import PageUser

api_router = APIRouter(tags=["service orders"])
router = APIRouter(include_in_schema=False)


@api_router.post("/work-orders/{work_order_id}/compensation", status_code=201)
def record_compensation(work_order_id: Id, db: Db, user: CurrentUser) -> dict[str, Any]:
    row = delivery.compensate_late_delivery(
        db, work_order_id=work_order_id, actor=user, now=utcnow()
    )
    db.commit()
    return {
        "id": row.id,
        "work_order_id": row.work_order_id,
        "kind": str(row.kind),
        "amount": f"{row.cost:.2f}",
        "note": row.note,
    }


@router.post("/work-orders/{work_order_id}/compensation")
def compensation_form(request: Request, work_order_id: Id, db: Db, user: PageUser) -> Response:
    def work() -> None:
        delivery.compensate_late_delivery(db, work_order_id=work_order_id, actor=user, now=utcnow())

    return step_form(request, db, user, work_order_id, work, "Compensation recorded")
