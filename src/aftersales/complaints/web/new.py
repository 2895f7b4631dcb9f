"""The registration form (投诉登记表): pre-filled from the claim page, a suggested type and
cause on request (no JavaScript needed), errors next to their field."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from aftersales.auth.deps import Db
from aftersales.auth.principal import Principal
from aftersales.auth.scope import sees_pii
from aftersales.complaints import service
from aftersales.complaints.models import Channel, ComplaintType, Seeks, Severity
from aftersales.complaints.schemas import ComplaintCreate
from aftersales.complaints.web.forms import FORM_FIELDS, blank_none
from aftersales.complaints.web.labels import labeller
from aftersales.complaints.web.queries import receipt_customer
from aftersales.db import utcnow
from aftersales.errors import DomainError
from aftersales.i18n import request_lang
from aftersales.refs import refs
from aftersales.web.deps import PageUser
from aftersales.web.forms import Posted, domain_messages, local_time, validation_messages
from aftersales.web.render import flash, render

router = APIRouter(include_in_schema=False)
FIELDS = [
    "channel",
    "type",
    "cause",
    "seeks",
    "severity",
    "occurred_at",
    "store",
    "counter",
    "place",
    "customer_name",
    "customer_phone",
    "member_no",
    "title",
    "description",
    "product",
    "batch",
    "receipt_no",
    "wants",
    "staff",
    "contact_email",
    "claim_id",
]


def _defaults(db: Session, user: Principal, given: dict[str, str]) -> dict[str, str]:
    """The user's own counter and store, and the customer on the receipt when one is named."""
    r = refs(db)
    form = {name: given.get(name, "") for name in FIELDS}
    form["channel"] = form["channel"] or Channel.walk_in.value
    form["severity"] = form["severity"] or Severity.normal.value
    if not form["counter"] and not form["store"] and user.counter_id:
        form["counter"] = r.counter_codes.get(user.counter_id, "")
    if not form["store"] and user.store_id and not user.counter_id:
        form["store"] = r.store_codes.get(user.store_id, "")
    if form["receipt_no"] and not form["customer_name"] and sees_pii(user):
        customer = receipt_customer(db, user=user, receipt_no=form["receipt_no"])
        if customer is not None:
            form["customer_name"], form["customer_phone"] = customer.name, customer.phone
    return form


def _suggestion(db: Session, form: dict[str, str]) -> Any:  # noqa: ANN401
    found = service.suggest(db, text=f"{form['title']} {form['description']}")
    if found.type and not form["type"]:
        form["type"] = found.type
    if found.cause and not form["cause"]:
        form["cause"] = found.cause
    return found


def _context(
    request: Request,
    db: Session,
    form: dict[str, str],
    errors: dict[str, str],
    suggestion: Any = None,
) -> dict[str, Any]:  # noqa: ANN401
    r = refs(db)
    return {
        "form": form,
        "errors": errors,
        "suggestion": suggestion,
        "causes": service.causes(db),
        "channels": list(Channel),
        "types": list(ComplaintType),
        "seeks": list(Seeks),
        "severities": list(Severity),
        "counters": sorted(r.counters),
        "stores": sorted(r.stores),
        "label": labeller(request_lang(request)),
        "lang": request_lang(request),
    }


@router.get("/complaints/new")
def new_complaint(request: Request, db: Db, user: PageUser) -> Response:
    form = _defaults(db, user, {k: v[:10_000] for k, v in request.query_params.items()})
    found = _suggestion(db, form) if request.query_params.get("suggest") else None
    return render(request, "complaints/new.html", **_context(request, db, form, {}, found))


def _data(form: dict[str, str], tz: str) -> ComplaintCreate:
    customer = None
    if form["customer_name"] or form["customer_phone"]:
        customer = {
            "name": form["customer_name"],
            "phone": form["customer_phone"],
            "member_no": blank_none(form["member_no"]),
        }
    return ComplaintCreate.model_validate(
        {
            "channel": form["channel"],
            "type": form["type"] or ComplaintType.product.value,
            "cause": blank_none(form["cause"]),
            "seeks": blank_none(form["seeks"]),
            "severity": form["severity"] or Severity.normal.value,
            "occurred_at": local_time(form["occurred_at"], tz),
            "store": blank_none(form["store"]),
            "counter": blank_none(form["counter"]),
            "customer": customer,
            "title": form["title"],
            "description": form["description"],
            "wants": form["wants"],
            "place": form["place"],
            "product": form["product"],
            "batch": form["batch"],
            "receipt_no": blank_none(form["receipt_no"]),
            "staff": blank_none(form["staff"]),
            "contact_email": blank_none(form["contact_email"]),
            "claim_id": int(form["claim_id"]) if form["claim_id"].isdigit() else None,
        }
    )


@router.post("/complaints/new")
def register(request: Request, db: Db, user: PageUser, raw: Posted) -> Response:
    form = {name: str(raw.get(name, ""))[:10_000] for name in FIELDS}
    if raw.get("suggest"):  # the "suggest" button asks only for a suggestion
        found = _suggestion(db, form)
        return render(request, "complaints/new.html", **_context(request, db, form, {}, found))
    lang = request_lang(request)
    try:
        complaint = service.register_complaint(
            db, data=_data(form, request.app.state.settings.timezone), actor=user, now=utcnow()
        )
        db.commit()
    except ValidationError as exc:
        db.rollback()
        ctx = _context(request, db, form, validation_messages(exc, lang, FORM_FIELDS))
        return render(request, "complaints/new.html", status=422, **ctx)
    except DomainError as exc:
        db.rollback()
        ctx = _context(request, db, form, domain_messages(exc, lang))
        return render(request, "complaints/new.html", status=exc.status, **ctx)
    flash(request, "Complaint registered")
    return RedirectResponse(f"/complaints/{complaint.id}", status_code=303)
