"""The work-order page: its steps so far, and a form for each step its state allows."""

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from aftersales.auth.deps import Db
from aftersales.db import utcnow
from aftersales.repairs.page_context import work_order_context
from aftersales.repairs.schemas import StepIn
from aftersales.repairs.steps import do_step
from aftersales.validation import Id
from aftersales.web.deps import PageUser
from aftersales.web.forms import FormPage, Posted, form_model, posted_text

router = APIRouter(include_in_schema=False)
WORK_ORDER = FormPage("repairs/work_order.html", work_order_context)


@router.get("/work-orders/{work_order_id}")
def work_order_page(request: Request, work_order_id: Id, db: Db, user: PageUser) -> Response:
    return WORK_ORDER.show(request, db, user, work_order_id)


def step_body(posted: FormData) -> StepIn:
    """A step's form read as the API door's body: the parts used one a line, and fixed
    unless the form says "no"."""
    lines = posted_text(posted, "parts_used").splitlines()
    used = [{"name": p.strip()} for p in lines if p.strip()]
    fixed = posted_text(posted, "fixed") != "no"
    return form_model(posted, StepIn, parts_used=used[:50], fixed=fixed)


def step_form(
    request: Request,
    db: Db,
    user: PageUser,
    work_order_id: int,
    work: Callable[[], Any],
    done: str = "Step recorded",
) -> Response:
    """A form on the work order's page: done, back to it; refused, the page with the message."""
    back = f"/work-orders/{work_order_id}"
    return WORK_ORDER.post(request, db, user, work_order_id, work=work, done=done, redirect=back)


@router.post("/work-orders/{work_order_id}/{step}")
def work_order_step(
    request: Request, work_order_id: Id, step: str, db: Db, user: PageUser, posted: Posted
) -> Response:
    def work() -> None:
        body = step_body(posted)
        do_step(db, step=step, work_order_id=work_order_id, body=body, actor=user, now=utcnow())

    return step_form(request, db, user, work_order_id, work)
