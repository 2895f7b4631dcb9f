"""The claim desk: find the receipt, pick the line, answer the questions, see the decision,
open the claim with the chosen remedy."""

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from aftersales.auth.deps import Db
from aftersales.claims import fulfil
from aftersales.claims.open import open_claim, preview_decision
from aftersales.claims.present import complaint_link, decision_view
from aftersales.claims.schemas import ClaimCreate
from aftersales.customers.phones import InvalidPhone, normalize_phone
from aftersales.db import utcnow
from aftersales.errors import DomainError, InvalidInput
from aftersales.i18n import request_lang
from aftersales.policy import words as labels
from aftersales.refs import refs
from aftersales.sales import service as sales
from aftersales.validation import Id
from aftersales.web.deps import PageUser
from aftersales.web.forms import Posted
from aftersales.web.render import flash, render

router = APIRouter(include_in_schema=False)
Many = Annotated[list[str], Query()]
FormMany = Annotated[list[str], Form()]


# The desk's text fields, passed to the engine as they are (blank: not given).
TEXT_FIELDS = (
    "problem",
    "part",
    "material",
    "product_type",
    "channel",
    "requested_on",
    "received_on",
    "true_tag_price",
    "current_price",
    "exchanged_on",
    "produced_on",
    "whole_unit_months",
    "main_parts_months",
    "out_of_stock",
)
LIST_FIELDS = ("condition", "evidence", "item_flags", "earlier_exchanges")


def _request(q: str, line: int | None, fields: dict[str, Any]) -> ClaimCreate:
    """The claim from the desk's fields: the engine's request words, with the card months,
    earlier exchange days and the stock box turned into the engine's shapes."""
    given = {k: (v or None) for k, v in fields.items()}
    months = {
        key: _whole(given.pop(key, None), key) for key in ("whole_unit_months", "main_parts_months")
    }
    warranty = {k: v for k, v in months.items() if v is not None}
    unit = given.get("product_type") if given.get("category") != "footwear" else None
    swaps = [{"unit": unit, "on": day} for day in given.pop("earlier_exchanges", None) or [] if day]
    out_of_stock = given.pop("out_of_stock", None)
    return ClaimCreate(
        receipt_no=q or None,
        line_no=line,
        warranty=warranty or None,
        exchanges=swaps or None,
        replacement_available=False if out_of_stock else None,
        **given,
    )


def _whole(raw: Any, field: str) -> Any:
    if raw is None:
        return None
    text = str(raw).strip()
    if not text.isdigit():
        raise InvalidInput("Give whole months", field=f"warranty.{field}")
    return int(text)


def desk_fields(values: dict[str, Any]) -> dict[str, Any]:
    """Every desk field, blank where the clerk left it so. Nothing is ticked by default:
    the sale found in our records is added by the system, not by a box."""
    fields: dict[str, Any] = {name: values.get(name) or "" for name in TEXT_FIELDS}
    fields |= {name: [v for v in values.get(name) or [] if v] for name in LIST_FIELDS}
    return fields


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
        "decision_view": lambda d: decision_view(d, request_lang(request)),
        "needs": [],
    }
    if error_field:
        ctx["errors"]["phone"] = "Not a valid Chinese phone number"
    chosen = next((r for r in receipts if r.receipt_no == q), None)
    ctx["receipt"] = chosen
    if chosen and line and decide:
        try:
            ctx["item"], both = preview_decision(
                db, data=_request(q, line, fields), actor=user, now=utcnow()
            )
            ctx["decision"] = both["en" if request_lang(request) == "en" else "zh"]
            ctx["needs"] = decision_view(ctx["decision"], request_lang(request))["needs"]
            if fields.get("channel") == "online" and not fields.get("received_on"):
                ctx["needs"].append("received_on")  # counted from the sale until it is given
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
    decide: str = "",
) -> Response:
    params = request.query_params
    values = {name: params.get(name, "") for name in TEXT_FIELDS}
    values |= {name: params.getlist(name) for name in LIST_FIELDS}
    ctx = desk_context(request, db, user, q, phone, line, desk_fields(values), bool(decide))
    return render(request, "claims/desk.html", status=422 if ctx["errors"] else 200, **ctx)


@router.post("/claims/desk/open")
def open_from_desk(request: Request, db: Db, user: PageUser, raw: Posted) -> Response:
    q, line_raw = str(raw.get("q", "")), str(raw.get("line", ""))
    line = int(line_raw) if line_raw.isdigit() else None
    remedy, then = str(raw.get("remedy", "")), str(raw.get("then", ""))
    values: dict[str, Any] = {name: str(raw.get(name, "")) for name in TEXT_FIELDS}
    values |= {name: [str(v) for v in raw.getlist(name)] for name in LIST_FIELDS}
    fields = desk_fields(values)
    try:
        claim = open_claim(db, data=_request(q, line, fields), actor=user, now=utcnow())
        if remedy:
            fulfil.choose_remedy(db, claim_id=claim.id, remedy=remedy, actor=user, now=utcnow())
        db.commit()
    except DomainError as exc:
        db.rollback()
        if exc.status not in (409, 422):
            raise
        ctx = desk_context(request, db, user, q, "", line, fields, True)
        ctx["errors"][exc.field or "form"] = exc.message(request_lang(request))
        return render(request, "claims/desk.html", status=exc.status, **ctx)
    if then == "complaint":
        return RedirectResponse(complaint_link(db, claim), status_code=303)
    flash(request, "Claim opened")
    return RedirectResponse(f"/claims/{claim.id}", status_code=303)
