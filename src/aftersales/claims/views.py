"""The claim desk: find the receipt, pick the line, answer the questions, see the decision,
open the claim with the chosen remedy."""

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from aftersales.auth.deps import Db
from aftersales.claims import fulfil
from aftersales.claims.open import open_claim, preview_decision
from aftersales.claims.schemas import ClaimCreate
from aftersales.customers.phones import InvalidPhone, normalize_phone
from aftersales.db import utcnow
from aftersales.errors import DomainError
from aftersales.i18n import request_lang
from aftersales.policy import words as labels
from aftersales.refs import refs
from aftersales.sales import service as sales
from aftersales.validation import Id
from aftersales.web.deps import PageUser
from aftersales.web.render import flash, render

router = APIRouter(include_in_schema=False)
Many = Annotated[list[str], Query()]
FormMany = Annotated[list[str], Form()]


def _request(q: str, line: int | None, fields: dict[str, Any]) -> ClaimCreate:
    return ClaimCreate(
        receipt_no=q or None, line_no=line, **{k: (v or None) for k, v in fields.items()}
    )


def _find(db: Db, user: PageUser, q: str, phone: str) -> tuple[list, str | None]:
    if not (q or phone):
        return [], None
    try:
        norm = normalize_phone(phone) if phone else None
    except InvalidPhone:
        return [], "phone"
    return sales.search_receipts(db, user=user, receipt_no=q or None, phone=norm, limit=20), None


def desk_context(
    request: Request,
    db: Db,
    user: PageUser,
    q: str,
    phone: str,
    line: int | None,
    fields: dict[str, Any],
    decide: bool,
) -> dict[str, Any]:
    receipts, error_field = _find(db, user, q.strip(), phone.strip())
    ctx: dict[str, Any] = {
        "receipts": receipts,
        "refs": refs(db),
        "q": q,
        "phone": phone,
        "line": line,
        "fields": fields,
        "errors": {},
        "decision": None,
        "item": None,
        "labels": labels,
        "label": labels.labeller(request_lang(request)),
    }
    if error_field:
        ctx["errors"]["phone"] = "Not a valid Chinese phone number"
    chosen = next((r for r in receipts if r.receipt_no == q), None)
    ctx["receipt"] = chosen
    if chosen and line and decide:
        try:
            tz = request.app.state.settings.timezone
            ctx["item"], both = preview_decision(
                db, data=_request(q, line, fields), actor=user, now=utcnow(), tz=tz
            )
            ctx["decision"] = both["en" if request_lang(request) == "en" else "zh"]
        except DomainError as exc:
            ctx["errors"][exc.field or "form"] = exc.message(request_lang(request))
    return ctx


@router.get("/claims/desk")
def desk(
    request: Request,
    db: Db,
    user: PageUser,
    q: str = "",
    phone: str = "",
    line: Id | None = None,
    problem: str = "",
    part: str = "",
    material: str = "",
    requested_on: str = "",
    condition: Many = [],  # noqa: B006
    evidence: Many = [],  # noqa: B006
    item_flags: Many = [],  # noqa: B006
    decide: str = "",
) -> Response:  # noqa: B006
    fields = {
        "problem": problem,
        "part": part,
        "material": material,
        "requested_on": requested_on,
        "condition": condition,
        "evidence": evidence or (["receipt"] if q else []),
        "item_flags": item_flags,
    }
    ctx = desk_context(request, db, user, q, phone, line, fields, bool(decide))
    return render(request, "claims/desk.html", status=422 if ctx["errors"] else 200, **ctx)


@router.post("/claims/desk/open")
def open_from_desk(
    request: Request,
    db: Db,
    user: PageUser,
    q: Annotated[str, Form()],
    line: Annotated[int, Form()],
    problem: Annotated[str, Form()] = "",
    part: Annotated[str, Form()] = "",
    material: Annotated[str, Form()] = "",
    requested_on: Annotated[str, Form()] = "",
    remedy: Annotated[str, Form()] = "",
    condition: FormMany = [],  # noqa: B006
    evidence: FormMany = [],  # noqa: B006
    item_flags: FormMany = [],  # noqa: B006
) -> Response:  # noqa: B006
    fields = {
        "problem": problem,
        "part": part,
        "material": material,
        "requested_on": requested_on,
        "condition": condition,
        "evidence": evidence,
        "item_flags": item_flags,
    }
    tz = request.app.state.settings.timezone
    try:
        claim = open_claim(db, data=_request(q, line, fields), actor=user, now=utcnow(), tz=tz)
        if remedy:
            fulfil.choose_remedy(
                db, claim_id=claim.id, remedy=remedy, actor=user, now=utcnow(), tz=tz
            )
        db.commit()
    except DomainError as exc:
        db.rollback()
        if exc.status not in (409, 422):
            raise
        ctx = desk_context(request, db, user, q, "", line, fields, True)
        ctx["errors"][exc.field or "form"] = exc.message(request_lang(request))
        return render(request, "claims/desk.html", status=exc.status, **ctx)
    flash(request, "Claim opened")
    return RedirectResponse(f"/claims/{claim.id}", status_code=303)
