"""REST routes for inspections, templates and corrective actions (contracts/feedback.md).
Thin: parse, call one service function, commit at the boundary, answer."""

from typing import Any

from fastapi import APIRouter

from aftersales import idempotency
from aftersales.auth.deps import CurrentUser, Db
from aftersales.db import utcnow
from aftersales.refs import refs
from aftersales.responses import JSONBytes
from aftersales.supervision.inspections import access, actions, queries, service, templates
from aftersales.supervision.inspections.models import ActionStatus
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


@router.post("/inspections", status_code=201)
def create_inspection(
    body: InspectionCreate,
    db: Db,
    user: CurrentUser,
    idempotency_key: idempotency.IdempotencyKey = None,
) -> Any:
    def work() -> dict[str, Any]:
        row = service.record_inspection(db, data=body, actor=user, now=utcnow())
        return inspection_json(db, row, queries.actions_of(db, row.id))

    return idempotency.answer_once(
        db, key=idempotency_key, route="inspections", body=body, create=work
    )


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


@router.post("/corrective-actions/{action_id}/done")
def action_done(action_id: Id, body: ActionStep, db: Db, user: CurrentUser) -> Any:
    row = actions.mark_done(db, action_id=action_id, data=body, actor=user, now=utcnow())
    db.commit()
    return JSONBytes(action_json(row, refs(db).usernames))


@router.post("/corrective-actions/{action_id}/verify")
def action_verify(action_id: Id, body: VerifyIn, db: Db, user: CurrentUser) -> Any:
    row = actions.verify(db, action_id=action_id, data=body, actor=user, now=utcnow())
    db.commit()
    return JSONBytes(action_json(row, refs(db).usernames))
