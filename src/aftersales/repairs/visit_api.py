"""REST routes for service orders: book one, a technician's day plan, reschedule, and the
steps of the visit. Included ahead of the work-order step router, whose `{step}` would
otherwise read "reschedule" as an unknown repair step."""

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from sqlalchemy import select

from aftersales import idempotency
from aftersales.auth.deps import CurrentUser, Db
from aftersales.auth.models import User
from aftersales.db import utcnow
from aftersales.errors import InvalidInput
from aftersales.refs import refs
from aftersales.repairs import scheduling, visits
from aftersales.repairs.models import WorkOrder
from aftersales.repairs.present import work_order_json
from aftersales.repairs.queries import day_plan
from aftersales.repairs.schemas import (
    CancelIn,
    CompleteIn,
    RescheduleIn,
    ServiceOrderCreate,
    VisitStepIn,
)
from aftersales.routing import as_handler
from aftersales.validation import Day, Id

router = APIRouter(tags=["service orders"])


def _tz(request: Request) -> str:
    return str(request.app.state.settings.timezone)


@router.post("/service-orders", status_code=201)
def book_service_order(
    body: ServiceOrderCreate,
    db: Db,
    user: CurrentUser,
    idempotency_key: idempotency.IdempotencyKey = None,
) -> Any:
    def book() -> dict[str, Any]:
        order = scheduling.book_service(db, data=body, actor=user, now=utcnow())
        return work_order_json(order, refs(db))

    return idempotency.answer_once(
        db, key=idempotency_key, route="service-orders", body=body, create=book
    )


@router.get("/day-plan")
def read_day_plan(
    db: Db,
    user: CurrentUser,
    request: Request,
    technician: Annotated[str, Query(min_length=1, max_length=60)],
    day: Day,
) -> dict[str, Any]:
    """One technician's (or driver's) appointments of a day, in route order."""
    person = db.scalars(select(User).where(User.username == technician)).one_or_none()
    if person is None:
        raise InvalidInput("Unknown technician", field="technician")
    tz = _tz(request)
    rows = day_plan(db, user=user, technician_id=person.id, day=day, tz=tz)
    return {"items": [work_order_json(o, refs(db)) for o in rows], "next": None}


@router.post("/work-orders/{work_order_id}/reschedule")
def reschedule(work_order_id: Id, body: RescheduleIn, db: Db, user: CurrentUser) -> dict[str, Any]:
    order = scheduling.reschedule(
        db, work_order_id=work_order_id, data=body, actor=user, now=utcnow()
    )
    db.commit()
    return work_order_json(order, refs(db))


def _visit_step(path: str, name: str, move: Callable[..., WorkOrder]) -> None:
    def endpoint(work_order_id: Id, body: VisitStepIn, db: Db, user: CurrentUser) -> dict[str, Any]:
        order = move(
            db, work_order_id=work_order_id, actor=user, now=utcnow(), version=body.version
        )
        db.commit()
        return work_order_json(order, refs(db))

    router.add_api_route(
        "/work-orders/{work_order_id}" + path,
        as_handler(endpoint, name, VisitStepIn),
        methods=["POST"],
        name=name,
    )


_visit_step("/dispatch", "dispatch", visits.dispatch)
_visit_step("/arrive", "arrive", visits.arrive)


@router.post("/work-orders/{work_order_id}/cancel")
def cancel(work_order_id: Id, body: CancelIn, db: Db, user: CurrentUser) -> dict[str, Any]:
    order = visits.cancel(db, work_order_id=work_order_id, data=body, actor=user, now=utcnow())
    db.commit()
    return work_order_json(order, refs(db))


@router.post("/work-orders/{work_order_id}/complete")
def complete(
    work_order_id: Id, body: CompleteIn, db: Db, user: CurrentUser, request: Request
) -> dict[str, Any]:
    """The work done and the customer's signature (a PNG data URL); photos are added on the
    tablet page."""
    order = visits.complete(
        db,
        work_order_id=work_order_id,
        data=body,
        photos=[],
        actor=user,
        now=utcnow(),
        root=request.app.state.settings.attachments_dir,
    )
    db.commit()
    return work_order_json(order, refs(db))
