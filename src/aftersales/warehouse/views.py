"""The warehouse's to-do page and its actions: a shipping task done, returned stock
confirmed, a reorder placed. Each action goes through the service of the domain it changes."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from aftersales.auth.deps import Db
from aftersales.auth.models import Role
from aftersales.auth.principal import Principal
from aftersales.claims import fulfil
from aftersales.complaints import service as complaints
from aftersales.db import utcnow
from aftersales.parts import stock
from aftersales.refs import refs
from aftersales.validation import Id
from aftersales.warehouse.queries import to_do
from aftersales.web.deps import PageUser
from aftersales.web.forms import FormPage

router = APIRouter(include_in_schema=False)


def _context(request: Request, db: Db, user: Principal) -> dict[str, Any]:
    return {"todo": to_do(db, user=user), "refs": refs(db), "errors": {}}


PAGE = FormPage("warehouse/todo.html", _context)


def home_context(request: Request, db: Db, user: Principal) -> dict[str, Any]:
    """The home page's box for the warehouse: how much of each kind of work waits."""
    return {"warehouse_todo": to_do(db, user=user)} if user.role == Role.warehouse else {}


@router.get("/warehouse")
def warehouse_page(request: Request, db: Db, user: PageUser) -> Response:
    return PAGE.show(request, db, user)


@router.post("/warehouse/tasks/{task_id}/done")
def task_done(request: Request, task_id: Id, db: Db, user: PageUser) -> Response:
    def work() -> None:
        complaints.set_task_done(db, task_id=task_id, done=True, actor=user, now=utcnow())

    return PAGE.post(request, db, user, work=work, done="Task done", redirect="/warehouse")


@router.post("/warehouse/returned/{stock_id}/confirm")
def confirm_returned(request: Request, stock_id: Id, db: Db, user: PageUser) -> Response:
    def work() -> None:
        fulfil.confirm_returned_stock(db, stock_id=stock_id, actor=user, now=utcnow())

    return PAGE.post(
        request, db, user, work=work, done="Returned stock confirmed", redirect="/warehouse"
    )


@router.post("/warehouse/reorder/{stock_id}")
def reorder(request: Request, stock_id: Id, db: Db, user: PageUser) -> Response:
    def work() -> None:
        stock.place_reorder(db, stock_id=stock_id, qty=None, actor=user, now=utcnow())

    return PAGE.post(request, db, user, work=work, done="Reorder placed", redirect="/warehouse")
