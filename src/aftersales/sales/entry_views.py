"""Console page: a clerk enters a sale by hand (the third way in, beside the API and import)."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from aftersales.auth.deps import Db
from aftersales.auth.principal import Principal
from aftersales.errors import DomainError
from aftersales.errors_http import field_of
from aftersales.i18n import request_lang
from aftersales.refs import refs
from aftersales.sales import service
from aftersales.sales.schemas import SaleCreate
from aftersales.web.deps import PageUser
from aftersales.web.forms import Posted
from aftersales.web.render import flash, render

router = APIRouter(include_in_schema=False)
LINES = 5
LINE_FIELDS = ("sku", "name", "category", "qty", "tag_price", "paid")


def _blank(db: Db, user: Principal, tz: str) -> dict[str, Any]:
    counter = refs(db).counter_codes.get(user.counter_id) if user.counter_id else ""
    now = datetime.now(ZoneInfo(tz)).strftime("%Y-%m-%dT%H:%M")
    return {
        "counter": counter,
        "sold_at": now,
        "staff": user.username,
        "lines": [{"qty": "1"} if i == 0 else {} for i in range(LINES)],
    }


def _page(
    request: Request,
    db: Db,
    form: dict,
    errors: dict[str, str],
    status: int = 200,
) -> Response:
    return render(
        request,
        "sales/new.html",
        status=status,
        form=form,
        errors=errors,
        categories=sorted(refs(db).categories),
    )


@router.get("/receipts/new")
def new_sale_page(request: Request, db: Db, user: PageUser) -> Response:
    return _page(request, db, _blank(db, user, request.app.state.settings.timezone), {})


def _form_lines(raw: dict[str, Any]) -> list[dict[str, str]]:
    lines = [
        {f: str(raw.get(f"lines-{i}-{f}", "")).strip() for f in LINE_FIELDS} for i in range(LINES)
    ]
    return lines


def _sale_data(raw: dict[str, Any], tz: str) -> dict[str, Any]:
    """The form in the API's shape; a local time without offset is the store's time."""
    sold_at = str(raw.get("sold_at", "")).strip()
    if sold_at and "+" not in sold_at[10:] and not sold_at.endswith("Z"):
        try:
            sold_at = datetime.fromisoformat(sold_at).replace(tzinfo=ZoneInfo(tz)).isoformat()
        except ValueError:
            pass
    customer = None
    if raw.get("customer_phone") or raw.get("customer_name"):
        customer = {
            "name": raw.get("customer_name", ""),
            "phone": raw.get("customer_phone", ""),
            "member_no": raw.get("member_no") or None,
        }
    return {
        "receipt_no": raw.get("receipt_no", ""),
        "store": raw.get("store", ""),
        "counter": raw.get("counter", ""),
        "sold_at": sold_at,
        "staff": raw.get("staff") or None,
        "customer": customer,
        "lines": [ln for ln in _form_lines(raw) if any(ln.values())],
    }


@router.post("/receipts/new")
def save_sale(request: Request, db: Db, user: PageUser, posted: Posted) -> Response:
    raw = dict(posted)
    tz = request.app.state.settings.timezone
    form = {k: v for k, v in raw.items() if not k.startswith("lines-")} | {
        "lines": _form_lines(raw)
    }
    counters = refs(db).counters
    raw["store"] = refs(db).store_codes.get(counters.get(raw.get("counter", ""), (0, 0))[1], "")
    try:
        data = SaleCreate.model_validate(_sale_data(raw, tz))
        service.check_may_record(db, user=user, counter=data.counter)
        sale = service.record_sale(db, data=data, actor=user)
    except ValidationError as exc:
        db.rollback()
        errors = {field_of(tuple(e["loc"])): e["msg"] for e in exc.errors()}
        return _page(request, db, form, errors, status=422)
    except DomainError as exc:
        db.rollback()
        return _page(
            request,
            db,
            form,
            {exc.field or "form": exc.message(request_lang(request))},
            status=exc.status,
        )
    db.commit()
    flash(request, "Sale recorded")
    return RedirectResponse(f"/receipts/{sale.id}", status_code=303)
