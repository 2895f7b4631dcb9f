"""The work-order page: its steps so far, and a form for each step its state allows."""

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from aftersales.auth.deps import Db
from aftersales.db import utcnow
from aftersales.errors import InvalidInput
from aftersales.repairs.page_context import work_order_context
from aftersales.repairs.schemas import StepIn
from aftersales.repairs.steps import do_step
from aftersales.validation import Id
from aftersales.web.deps import PageUser
from aftersales.web.forms import form_action
from aftersales.web.forms import version as form_version
from aftersales.web.render import render

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form()]


@router.get("/work-orders/{work_order_id}")
def work_order_page(request: Request, work_order_id: Id, db: Db, user: PageUser) -> Response:
    return render(
        request, "repairs/work_order.html", **work_order_context(request, db, user, work_order_id)
    )


def step_body(
    diagnosis: str, amount: str, factory: str, parts: str, fixed: str, version: str
) -> StepIn:
    try:
        money = Decimal(amount.strip()) if amount.strip() else None
    except InvalidOperation:
        raise InvalidInput("Not an amount", field="amount") from None
    used = [{"name": p.strip()} for p in parts.splitlines() if p.strip()]
    return StepIn(
        diagnosis=diagnosis or None,
        amount=money,
        factory=factory or None,
        parts_used=used[:50],
        fixed=fixed != "no",
        version=form_version(version),
    )


def step_form(
    request: Request, db: Db, user: PageUser, work_order_id: int, work: Callable[[], Any]
) -> Response:
    """A step's form: done, back to the work order; refused, the page with the message."""

    def again(errors: dict[str, str], status: int) -> Response:
        ctx = work_order_context(request, db, user, work_order_id)
        ctx["errors"].update(errors)
        return render(request, "repairs/work_order.html", status=status, **ctx)

    return form_action(
        request,
        db,
        work=work,
        done="Step recorded",
        redirect=f"/work-orders/{work_order_id}",
        again=again,
    )


@router.post("/work-orders/{work_order_id}/{step}")
def work_order_step(
    request: Request,
    work_order_id: Id,
    step: str,
    db: Db,
    user: PageUser,
    diagnosis: Text = "",
    amount: Text = "",
    factory: Text = "",
    parts_used: Text = "",
    fixed: Text = "yes",
    version: Text = "",
) -> Response:
    return step_form(
        request,
        db,
        user,
        work_order_id,
        lambda: do_step(
            db,
            step=step,
            work_order_id=work_order_id,
            actor=user,
            now=utcnow(),
            body=step_body(diagnosis, amount, factory, parts_used, fixed, version),
        ),
    )
