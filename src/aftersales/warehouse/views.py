"""The warehouse's to-do page and its actions: a shipping task done, returned stock
confirmed, a reorder placed. Each action goes through the service of the domain it changes."""

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from aftersales.auth.deps import Db
from aftersales.auth.principal import Principal
from aftersales.claims import fulfil
from aftersales.complaints import service as complaints
from aftersales.db import utcnow
from aftersales.parts import stock
from aftersales.refs import refs
from aftersales.validation import Id
from aftersales.warehouse.queries import to_do
from aftersales.web.deps import PageUser
from aftersales.web.forms import form_on_page
from aftersales.web.render import render

router = APIRouter(include_in_schema=False)


def _context(db: Db, user: Principal) -> dict[str, Any]:
    return {"todo": to_do(db, user=user), "refs": refs(db), "errors": {}}


@router.get("/warehouse")
def warehouse_page(request: Request, db: Db, user: PageUser) -> Response:
    return render(request, "warehouse/todo.html", **_context(db, user))


def _act(request: Request, db: Db, user: Principal, work: Callable[[], Any], done: str) -> Response:
    return form_on_page(
        request,
        db,
        work=work,
        done=done,
        redirect="/warehouse",
        template="warehouse/todo.html",
        context=lambda: _context(db, user),
    )


@router.post("/warehouse/tasks/{task_id}/done")
def task_done(request: Request, task_id: Id, db: Db, user: PageUser) -> Response:
    def work() -> None:
        complaints.set_task_done(db, task_id=task_id, done=True, actor=user, now=utcnow())

    return _act(request, db, user, work, "Task done")


@router.post("/warehouse/returned/{stock_id}/confirm")
def confirm_returned(request: Request, stock_id: Id, db: Db, user: PageUser) -> Response:
    def work() -> None:
        fulfil.confirm_returned_stock(db, stock_id=stock_id, actor=user, now=utcnow())

    return _act(request, db, user, work, "Returned stock confirmed")


@router.post("/warehouse/reorder/{stock_id}")
def reorder(request: Request, stock_id: Id, db: Db, user: PageUser) -> Response:
    def work() -> None:
        stock.place_reorder(db, stock_id=stock_id, qty=None, actor=user, now=utcnow())

    return _act(request, db, user, work, "Reorder placed")
