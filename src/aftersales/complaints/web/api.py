"""REST routes for complaints (contract: POST/GET /api/v1/complaints)."""

from typing import Annotated, Any

from fastapi import APIRouter, Query

from aftersales import idempotency
from aftersales.auth.deps import CurrentUser, Db, SignedIn
from aftersales.complaints import access, queries, service
from aftersales.complaints.models import Status
from aftersales.complaints.present import complaint_json, detail_json, task_json
from aftersales.complaints.schemas import ComplaintCreate
from aftersales.complaints.web.api_handling import router as handling_router
from aftersales.complaints.web.api_public import router as public_router
from aftersales.db import utcnow
from aftersales.errors import Forbidden
from aftersales.intake_route import intake_post
from aftersales.paging import Page, decode_cursor
from aftersales.refs import refs
from aftersales.validation import Id, PageLimit

router = APIRouter(tags=["complaints"])


@intake_post(router, "/complaints")
def create_complaint(
    body: ComplaintCreate,
    db: Db,
    caller: SignedIn,
    idempotency_key: idempotency.IdempotencyKey = None,
) -> Any:
    # A plain `def`, run by the process's group writer (intake_route): database work on the
    # event loop froze the server under mixed load (see loop_guard). The user is looked up
    # here, in the same thread.
    user = caller.principal(db)
    if user.role not in access.WRITERS:
        raise Forbidden()

    # Checked before the idempotent write: at the door that is the group's reading phase.
    draft = service.draft_complaint(db, data=body, actor=user, now=utcnow())

    def register() -> dict[str, Any]:
        complaint = service.register_draft(db, draft)
        return complaint_json(complaint, refs(db))

    return idempotency.answer_once(
        db, key=idempotency_key, route="complaints", body=body, create=register
    )


@router.get("/complaints")
def list_complaints(
    db: Db,
    user: CurrentUser,
    status: Status | None = None,
    store: str | None = None,
    counter: str | None = None,
    level: Annotated[int | None, Query(ge=1, le=6)] = None,
    mine: bool = False,
    q: Annotated[str | None, Query(max_length=100)] = None,
    cursor: str | None = None,
    limit: PageLimit = 50,
) -> dict[str, Any]:
    r = refs(db)
    if q:
        after = int(cursor) if cursor and cursor.isdigit() else None
        rows = service.search(db, user=user, query=q, after=after, limit=limit)
        nxt = str(rows[-1].id) if len(rows) == limit else None
    else:
        rows = queries.list_complaints(
            db,
            user=user,
            status=status,
            store_id=r.stores.get(store, -1) if store else None,
            counter_id=r.counters.get(counter, (-1, 0))[0] if counter else None,
            level=level,
            holder_id=user.id if mine else None,
            after=decode_cursor(cursor),
            limit=limit,
        )
        nxt = Page.of(rows, limit, at="created_at").next_cursor
    return {"items": [complaint_json(c, r) for c in rows], "next": nxt}


@router.get("/complaints/queue")
def my_queue(
    db: Db,
    user: CurrentUser,
    mine: bool = False,
    cursor: str | None = None,
    limit: PageLimit = 50,
) -> dict[str, Any]:
    rows = service.queue(db, user=user, mine=mine, after=decode_cursor(cursor), limit=limit)
    nxt = Page.of(rows, limit, at="created_at").next_cursor
    return {"items": [complaint_json(c, refs(db)) for c in rows], "next": nxt}


@router.get("/complaints/suggest")
def suggest(
    db: Db, user: CurrentUser, text: Annotated[str, Query(max_length=10_000)]
) -> dict[str, Any]:
    if user.role not in access.WRITERS:
        raise Forbidden()
    found = service.suggest(db, text=text)
    return {"type": found.type, "cause": found.cause, "keywords": list(found.keywords)}


@router.get("/complaints/causes")
def list_causes(db: Db, user: CurrentUser) -> list[dict[str, Any]]:
    return [
        {"code": c.code, "type": c.type, "name_zh": c.name_zh, "name_en": c.name_en}
        for c in service.causes(db)
    ]


@router.get("/complaint-tasks")
def my_tasks(db: Db, user: CurrentUser) -> dict[str, Any]:
    r = refs(db)
    return {"items": [task_json(t, r) for t in service.open_tasks(db, user=user)]}


@router.get("/complaints/{complaint_id}")
def read_complaint(complaint_id: Id, db: Db, user: CurrentUser) -> dict[str, Any]:
    detail = service.get_complaint(db, user=user, complaint_id=complaint_id)
    return detail_json(detail, refs(db), user)


router.include_router(handling_router)
router.include_router(public_router)
