"""REST routes for service orders: book one, a technician's day plan, reschedule, and the
steps of the visit. Included ahead of the work-order step router, whose `{step}` would
otherwise read "reschedule" as an unknown repair step."""

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.auth.deps import CurrentUser, Db
from aftersales.auth.models import User
from aftersales.auth.principal import Principal
from aftersales.db import utcnow
from aftersales.doors import add_action, as_data, fields, idempotent_create, service_step
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
from aftersales.validation import Day, Id

router = APIRouter(tags=["service orders"])


def _tz(request: Request) -> str:
    return str(request.app.state.settings.timezone)


@idempotent_create(router, "/service-orders", route="service-orders")
def book_service_order(body: ServiceOrderCreate, db: Db, user: CurrentUser) -> dict[str, Any]:
    order = scheduling.book_service(db, data=body, actor=user, now=utcnow())
    return work_order_json(order, refs(db))


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


def _order(db: Session, user: Principal, order: WorkOrder, request: Request) -> dict[str, Any]:
    return work_order_json(order, refs(db))


for path, name, body_type, move, given in (
    ("/reschedule", "reschedule", RescheduleIn, scheduling.reschedule, as_data),
    ("/dispatch", "dispatch", VisitStepIn, visits.dispatch, fields("version")),
    ("/arrive", "arrive", VisitStepIn, visits.arrive, fields("version")),
    ("/cancel", "cancel", CancelIn, visits.cancel, as_data),
):
    act = service_step(move, "work_order_id", given)
    add_action(router, "/work-orders/{work_order_id}" + path, name, body_type, act, _order)


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
