"""The work-order page: its steps so far, and a form for each step its state allows."""

from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from aftersales.audit import service as audit
from aftersales.auth.deps import Db
from aftersales.claims import labels
from aftersales.claims.schemas import StepIn
from aftersales.db import utcnow
from aftersales.errors import DomainError, InvalidInput
from aftersales.i18n import request_lang
from aftersales.repairs.access import STEP_ROLES, get_work_order
from aftersales.repairs.models import WorkKind, WorkStatus
from aftersales.repairs.service import due_state
from aftersales.repairs.state import ALLOWED
from aftersales.repairs.steps import STEPS, do_step
from aftersales.sales.refs import refs
from aftersales.web.deps import PageUser
from aftersales.web.render import flash, render

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form()]
STEP_TARGET = {"diagnose": WorkStatus.diagnosed, "quote": WorkStatus.quoted,
               "accept-quote": WorkStatus.accepted, "send-to-factory": WorkStatus.at_factory,
               "repaired": WorkStatus.repaired, "hand-back": WorkStatus.handed_back}


def _context(request: Request, db: Db, user: PageUser, work_order_id: int) -> dict[str, Any]:
    order = get_work_order(db, user=user, work_order_id=work_order_id)
    allowed = ALLOWED[WorkKind(order.kind)][WorkStatus(order.status)]
    steps = [s for s in STEPS if STEP_TARGET[s] in allowed and user.role in STEP_ROLES[s]]
    return {"order": order, "steps": steps, "refs": refs(db), "now": utcnow(),
            "due_state": due_state, "label": labels.labeller(request_lang(request)),
            "events": audit.history(db, entity="work_order", entity_id=order.id),
            "errors": {}}


@router.get("/work-orders/{work_order_id}")
def work_order_page(request: Request, work_order_id: int, db: Db, user: PageUser) -> Response:
    return render(request, "repairs/work_order.html",
                  **_context(request, db, user, work_order_id))


def _body(diagnosis: str, amount: str, factory: str, parts: str, fixed: str,
          version: str) -> StepIn:
    try:
        money = Decimal(amount.strip()) if amount.strip() else None
    except InvalidOperation:
        raise InvalidInput("Not an amount", message_zh="金额格式不正确", field="amount") from None
    used = [{"name": p.strip()} for p in parts.splitlines() if p.strip()]
    return StepIn(diagnosis=diagnosis or None, amount=money, factory=factory or None,
                  parts_used=used[:50], fixed=fixed != "no",
                  version=int(version) if version.isdigit() else None)


@router.post("/work-orders/{work_order_id}/{step}")
def work_order_step(request: Request, work_order_id: int, step: str, db: Db, user: PageUser,
                    diagnosis: Text = "", amount: Text = "", factory: Text = "",
                    parts_used: Text = "", fixed: Text = "yes", version: Text = "") -> Response:
    try:
        body = _body(diagnosis, amount, factory, parts_used, fixed, version)
        do_step(db, step=step, work_order_id=work_order_id, body=body, actor=user,
                now=utcnow(), tz=request.app.state.settings.timezone)
        db.commit()
    except (DomainError, ValueError) as exc:
        db.rollback()
        if isinstance(exc, DomainError) and exc.status not in (403, 409, 422):
            raise
        ctx = _context(request, db, user, work_order_id)
        message = exc.message(request_lang(request)) if isinstance(exc, DomainError) else str(exc)
        ctx["errors"][getattr(exc, "field", None) or "form"] = message
        return render(request, "repairs/work_order.html", status=422, **ctx)
    flash(request, "Step recorded")
    return RedirectResponse(f"/work-orders/{work_order_id}", status_code=303)
