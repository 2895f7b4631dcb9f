"""The work-order page: its steps so far, and a form for each step its state allows."""

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from aftersales.audit import service as audit
from aftersales.auth.deps import Db
from aftersales.db import utcnow
from aftersales.errors import InvalidInput
from aftersales.i18n import request_lang
from aftersales.policy import words as labels
from aftersales.refs import refs
from aftersales.repairs.access import STEP_ROLES, get_work_order
from aftersales.repairs.models import WorkKind, WorkStatus
from aftersales.repairs.schemas import StepIn
from aftersales.repairs.service import due_state
from aftersales.repairs.state import ALLOWED
from aftersales.repairs.steps import STEPS, do_step
from aftersales.validation import Id
from aftersales.web.deps import PageUser
from aftersales.web.forms import form_action
from aftersales.web.forms import version as form_version
from aftersales.web.render import render

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form()]
STEP_TARGET = {
    "diagnose": WorkStatus.diagnosed,
    "quote": WorkStatus.quoted,
    "accept-quote": WorkStatus.accepted,
    "send-to-factory": WorkStatus.at_factory,
    "repaired": WorkStatus.repaired,
    "hand-back": WorkStatus.handed_back,
}


def _context(request: Request, db: Db, user: PageUser, work_order_id: int) -> dict[str, Any]:
    order = get_work_order(db, user=user, work_order_id=work_order_id)
    allowed = ALLOWED[WorkKind(order.kind)][WorkStatus(order.status)]
    steps = [s for s in STEPS if STEP_TARGET[s] in allowed and user.role in STEP_ROLES[s]]
    return {
        "order": order,
        "steps": steps,
        "refs": refs(db),
        "now": utcnow(),
        "due_state": due_state,
        "label": labels.labeller(request_lang(request)),
        "events": audit.history(db, entity="work_order", entity_id=order.id),
        "errors": {},
    }


@router.get("/work-orders/{work_order_id}")
def work_order_page(request: Request, work_order_id: Id, db: Db, user: PageUser) -> Response:
    return render(request, "repairs/work_order.html", **_context(request, db, user, work_order_id))


def step_body(
    diagnosis: str, amount: str, factory: str, parts: str, fixed: str, version: str
) -> StepIn:
    try:
        money = Decimal(amount.strip()) if amount.strip() else None
    except InvalidOperation:
        raise InvalidInput("Not an amount", message_zh="金额格式不正确", field="amount") from None
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
        ctx = _context(request, db, user, work_order_id)
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
