"""Console pages for claims: the list of open claims and work orders, the claim page with
the actions its state allows, the printable slip and e-mailing it."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from pydantic import BaseModel, create_model
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from aftersales.audit import service as audit
from aftersales.auth.deps import Db
from aftersales.auth.principal import Principal
from aftersales.auth.scope import LADDER_LEVEL
from aftersales.claims import fulfil, queries
from aftersales.claims.access import OVERRIDE_LEVEL, get_claim
from aftersales.claims.grants import allowed_amount, granted_remedies
from aftersales.claims.models import Claim
from aftersales.claims.override import override_decision
from aftersales.claims.present import complaint_link, decision_view
from aftersales.claims.schemas import ChooseIn, CloseIn, ExchangeIn, OverrideIn, RefundIn
from aftersales.claims.slip import email_slip
from aftersales.customers import points, refund_points
from aftersales.db import utcnow
from aftersales.i18n import request_lang
from aftersales.policy import words as labels
from aftersales.refs import refs, zone_of
from aftersales.repairs import views as work_order_pages
from aftersales.repairs.queries import open_work_orders
from aftersales.repairs.service import due_state
from aftersales.validation import Id, Version
from aftersales.web.deps import PageUser
from aftersales.web.forms import FormPage, Posted, form_model
from aftersales.web.render import render

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form()]


def _may_override(user: Principal) -> bool:
    return user.role == "admin" or LADDER_LEVEL.get(user.role, 0) >= OVERRIDE_LEVEL


@router.get("/claims")
def claims_page(request: Request, db: Db, user: PageUser) -> Response:
    now = utcnow()
    claims = queries.list_claims(db, user=user, open_only=True, limit=100)
    orders = open_work_orders(db, user=user)
    return render(
        request,
        "claims/list.html",
        claims=claims,
        orders=orders,
        refs=refs(db),
        now=now,
        due_state=due_state,
        label=labels.labeller(request_lang(request)),
    )


def claim_context(request: Request, db: Session, user: Principal, claim_id: int) -> dict[str, Any]:
    claim = get_claim(db, user=user, claim_id=claim_id)
    lang = request_lang(request)
    return {
        "claim": claim,
        "decision": claim.decision["en" if lang == "en" else "zh"],
        "granted": granted_remedies(claim),
        "amount": allowed_amount(claim, claim.remedy or ""),
        "orders": queries.work_orders_of(db, claim_ids=[claim.id]).get(claim.id, []),
        "stock": queries.stock_of(db, claim_id=claim.id),
        "refs": refs(db),
        "zone": zone_of(db, claim.store_id),
        "events": audit.history(db, entity="claim", entity_id=claim.id),
        "may_override": _may_override(user),
        "labels": labels,
        "label": labels.labeller(lang),
        "decision_view": lambda d: decision_view(d, lang),
        "complaint_link": complaint_link(db, claim),
        "errors": {},
        "now": utcnow(),
        "due_state": due_state,
        "points_refund": _points_refund(db, claim),
    }


def _points_refund(db: Session, claim: Claim) -> dict[str, Any]:
    """The points a refund takes back and, under the store's `deduct` rule, the money kept
    back for points already spent: a preview before paying, the record after."""
    if claim.remedy not in ("return", "refund_difference"):
        return {}
    kept = refund_points.recorded(db, claim.id)
    if kept is not None:
        return {"done": kept}
    limit = allowed_amount(claim, claim.remedy or "")
    if claim.status != "refund_pending" or not limit:
        return {}
    taken, deduction = points.refund_preview(
        db, receipt_line_id=claim.receipt_line_id, amount=limit
    )
    return {"points": taken, "deduction": deduction, "amount": limit}


CLAIM = FormPage("claims/claim.html", claim_context)


@router.get("/claims/{claim_id}")
def claim_page(request: Request, claim_id: Id, db: Db, user: PageUser) -> Response:
    return CLAIM.show(request, db, user, claim_id)


@router.get("/claims/{claim_id}/slip")
def slip_page(request: Request, claim_id: Id, db: Db, user: PageUser) -> Response:
    return render(request, "claims/slip.html", **claim_context(request, db, user, claim_id))


def act(
    request: Request,
    db: Session,
    user: Principal,
    claim_id: int,
    work: Callable[[], Any],
    done: str,
) -> Response:
    """Post/Redirect/Get: do the work and commit, or show the claim page again with the
    error next to its field."""
    back = f"/claims/{claim_id}"
    return CLAIM.post(request, db, user, claim_id, work=work, done=done, redirect=back)


@dataclass(frozen=True)
class ClaimForm:
    """An action form sent from one claim's page, by the user who sent it."""

    request: Request
    db: Session
    user: Principal
    claim_id: int

    def act(self, work: Callable[[], Any], done: str) -> Response:
        return act(self.request, self.db, self.user, self.claim_id, work, done)

    def step(
        self, step: Callable[..., Any], done: str, posted: FormData, body: type[BaseModel]
    ) -> Response:
        """A fulfilment step on this claim, its form read as the API door reads its body
        (the version the form was drawn at among the fields)."""

        def work() -> None:
            fields = form_model(posted, body).model_dump()
            step(self.db, claim_id=self.claim_id, actor=self.user, now=utcnow(), **fields)

        return self.act(work, done)


def _claim_form(request: Request, claim_id: Id, db: Db, user: PageUser) -> ClaimForm:
    return ClaimForm(request, db, user, claim_id)


ClaimPage = Annotated[ClaimForm, Depends(_claim_form)]


def _fulfil_form(path: str, body: type[BaseModel], step: Callable[..., Any], done: str) -> None:
    """A fulfilment step's form on the claim page, the page twin of the API's route: the
    same body and checks, but a form sent without a version is not held to one."""
    form = create_model(f"{body.__name__}Form", __base__=body, version=(Version | None, None))

    def endpoint(claim: ClaimPage, posted: Posted) -> Response:
        return claim.step(step, done, posted, form)

    name = path.strip("/")
    router.add_api_route("/claims/{claim_id}" + path, endpoint, methods=["POST"], name=name)


_fulfil_form("/choose", ChooseIn, fulfil.choose_remedy, "Remedy chosen")
_fulfil_form("/override", OverrideIn, override_decision, "Decision overridden")
_fulfil_form("/refund", RefundIn, fulfil.record_refund, "Payment recorded")
_fulfil_form("/exchange", ExchangeIn, fulfil.record_exchange, "Exchange recorded")
_fulfil_form("/close", CloseIn, fulfil.close_claim, "Claim closed")


@router.post("/claims/{claim_id}/slip/email")
def slip_email(claim: ClaimPage, email: Text = "") -> Response:
    return claim.act(
        lambda: email_slip(
            claim.db,
            claim_id=claim.claim_id,
            recipient=email,
            actor=claim.user,
            lang=request_lang(claim.request),
        ),
        "The slip will be e-mailed",
    )


@router.post("/returned-stock/{stock_id}/confirm")
def confirm_stock(
    request: Request, stock_id: Id, db: Db, user: PageUser, claim_id: Text = ""
) -> Response:
    target = int(claim_id) if claim_id.isdigit() else 0
    return act(
        request,
        db,
        user,
        target,
        lambda: fulfil.confirm_returned_stock(db, stock_id=stock_id, actor=user, now=utcnow()),
        "Returned stock confirmed",
    )


@router.post("/work-orders/{work_order_id}/hand-back")
def hand_back(
    request: Request, work_order_id: Id, db: Db, user: PageUser, posted: Posted
) -> Response:
    """Before the work-order pages' own step route: hand-back closes the claim too."""

    def work() -> None:
        body = work_order_pages.step_body(posted)
        fulfil.hand_back(db, work_order_id=work_order_id, body=body, actor=user, now=utcnow())

    return work_order_pages.step_form(request, db, user, work_order_id, work)
