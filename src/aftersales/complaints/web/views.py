"""Console pages for complaints: the queue with filters and search. The registration form,
the case page and its actions live in views_new, views_case and views_actions."""

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from aftersales.auth.deps import Db
from aftersales.auth.models import Role
from aftersales.auth.principal import Principal
from aftersales.complaints import access, queries, service
from aftersales.complaints.models import Status
from aftersales.complaints.web.actions import router as action_pages
from aftersales.complaints.web.case import router as case_pages
from aftersales.complaints.web.labels import labeller, resolve_state, respond_state
from aftersales.complaints.web.new import router as new_pages
from aftersales.complaints.web.queries import complaints_of_customer, queue_size
from aftersales.db import utcnow
from aftersales.i18n import request_lang
from aftersales.paging import Page, decode_cursor
from aftersales.refs import refs
from aftersales.validation import Id
from aftersales.web.deps import PageUser
from aftersales.web.render import render

router = APIRouter(include_in_schema=False)
PAGE = 30


def _rows(db: Db, user: Principal, f: dict[str, Any], cursor: str) -> tuple[list, str | None, str]:
    """(rows, next cursor, which list): search, filtered list, or the user's level queue."""
    if f["q"]:
        after = int(cursor) if cursor.isdigit() else None
        rows = service.search(db, user=user, query=f["q"], after=after, limit=PAGE)
        return rows, (str(rows[-1].id) if len(rows) == PAGE else None), "search"
    if f["customer"]:  # from the customer page: that customer's cases, newest first
        rows = complaints_of_customer(db, user=user, customer_id=f["customer"], limit=100)
        return rows, None, "customer"
    r = refs(db)
    if f["status"] or f["level"] or f["store"] or access.level_of(user) == 0 or f["view"] == "all":
        rows = queries.list_complaints(
            db,
            user=user,
            status=Status(f["status"]) if f["status"] else None,
            store_id=r.stores.get(f["store"], -1) if f["store"] else None,
            level=f["level"],
            after=decode_cursor(cursor),
            limit=PAGE,
        )
        kind = "all"
    else:
        rows = service.queue(db, user=user, after=decode_cursor(cursor), limit=PAGE)
        kind = "queue"
    nxt = Page.of(rows, PAGE, at="created_at").next_cursor
    return rows, nxt, kind


@router.get("/complaints")
def complaints_page(
    request: Request,
    db: Db,
    user: PageUser,
    q: Annotated[str, Query(max_length=100)] = "",
    status: Status | None = None,
    level: Annotated[int | None, Query(ge=1, le=6)] = None,
    store: Annotated[str, Query(max_length=20)] = "",
    customer: Id | None = None,
    view: str = "",
    cursor: Annotated[str, Query(max_length=200)] = "",
) -> Response:
    f = {
        "q": q.strip(),
        "status": status.value if status else "",
        "level": level,
        "store": store.strip(),
        "customer": customer,
        "view": view,
    }
    rows, nxt, kind = _rows(db, user, f, cursor)
    now = utcnow()
    return render(
        request,
        "complaints/list.html",
        rows=rows,
        next_cursor=nxt,
        kind=kind,
        f=f,
        refs=refs(db),
        now=now,
        respond_state=respond_state,
        resolve_state=resolve_state,
        label=labeller(request_lang(request)),
        statuses=list(Status),
        waiting=queue_size(db, user=user),
        my_level=access.level_of(user),
    )


def home_context(request: Request, db: Db, user: Principal) -> dict[str, Any]:
    """The home page's complaint box: the size of the user's queue and its oldest cases;
    none for the people who hold no level of the ladder (technicians, the warehouse, the
    inspectors: their work has boxes of its own)."""
    level = access.level_of(user)
    if not level and user.role != Role.admin:
        return {}
    first = service.queue(db, user=user, limit=5) if level else []
    return {
        "complaint_queue": first,
        "complaint_waiting": queue_size(db, user=user),
        "complaint_now": utcnow(),
        "respond_state": respond_state,
        "resolve_state": resolve_state,
        "clabel": labeller(request_lang(request)),
    }


for _pages in (new_pages, action_pages, case_pages):
    router.include_router(_pages)
