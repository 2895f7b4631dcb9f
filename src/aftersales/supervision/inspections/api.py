"""REST routes for inspections, templates and corrective actions (contracts/feedback.md).
Thin: parse, call one service function, commit at the boundary, answer."""

from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy.orm import Session

from aftersales.auth.deps import CurrentUser, Db
from aftersales.auth.principal import Principal
from aftersales.db import utcnow
from aftersales.doors import add_action, idempotent_create, service_step
from aftersales.refs import refs
from aftersales.responses import JSONBytes
from aftersales.supervision.inspections import access, actions, queries, service, templates
from aftersales.supervision.inspections.models import ActionStatus, CorrectiveAction
from aftersales.supervision.inspections.present import (
    action_json,
    inspection_json,
    template_json,
)
from aftersales.supervision.inspections.schemas import (
    ActionStep,
    InspectionCreate,
    TemplateIn,
    VerifyIn,
)
from aftersales.validation import Id, PageLimit

router = APIRouter(tags=["inspections"])


@router.get("/inspection-templates")
def list_templates(db: Db, user: CurrentUser) -> Any:
    access.require(user, "read")
    return JSONBytes({"items": [template_json(t) for t in templates.current_templates(db)]})


@router.put("/inspection-templates/{code}")
def save_template(code: str, body: TemplateIn, db: Db, user: CurrentUser) -> Any:
    row = templates.save_version(db, code=code, items=body.items, actor=user)
    db.commit()
    return JSONBytes(template_json(row))


@idempotent_create(router, "/inspections", route="inspections")
def create_inspection(body: InspectionCreate, db: Db, user: CurrentUser) -> dict[str, Any]:
    row = service.record_inspection(db, data=body, actor=user, now=utcnow())
    return inspection_json(db, row, queries.actions_of(db, row.id))


@router.get("/inspections")
def list_inspections(
    db: Db,
    user: CurrentUser,
    store: str | None = None,
    counter: str | None = None,
    cursor: str | None = None,
    limit: PageLimit = 50,
) -> Any:
    r = refs(db)
    page = queries.inspections_page(
        db,
        user=user,
        store_id=r.stores.get(store or "", 0) or None,
        counter_id=(r.counters.get(counter or "") or (None,))[0],
        cursor=cursor,
        limit=limit,
    )
    return JSONBytes(
        page.as_json([inspection_json(db, i, queries.actions_of(db, i.id)) for i in page.items])
    )


@router.get("/inspections/{inspection_id}")
def read_inspection(inspection_id: Id, db: Db, user: CurrentUser) -> Any:
    row = access.get_inspection(db, user=user, inspection_id=inspection_id)
    return JSONBytes(inspection_json(db, row, queries.actions_of(db, row.id)))


@router.get("/corrective-actions")
def list_actions(
    db: Db,
    user: CurrentUser,
    status: ActionStatus | None = None,
    mine: bool = False,
    cursor: str | None = None,
    limit: PageLimit = 50,
) -> Any:
    page = queries.actions_page(db, user=user, status=status, mine=mine, cursor=cursor, limit=limit)
    names = refs(db).usernames
    return JSONBytes(page.as_json([action_json(a, names) for a in page.items]))


def _action(db: Session, user: Principal, row: CorrectiveAction, request: Request) -> Any:
    return JSONBytes(action_json(row, refs(db).usernames))


for path, name, body_type, step in (
    ("/done", "action_done", ActionStep, actions.mark_done),
    ("/verify", "action_verify", VerifyIn, actions.verify),
):
    act = service_step(step, "action_id")
    add_action(router, "/corrective-actions/{action_id}" + path, name, body_type, act, _action)
