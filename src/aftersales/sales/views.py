"""Console pages: receipt search and receipt detail with its history."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel

from aftersales.audit import service as audit
from aftersales.auth.deps import Db
from aftersales.customers.phones import InvalidPhone, normalize_phone
from aftersales.customers.present import customer_json
from aftersales.org import service as org
from aftersales.paging import Page, decode_cursor
from aftersales.refs import refs, zone_of
from aftersales.sales import service
from aftersales.validation import Id
from aftersales.web.deps import PageUser
from aftersales.web.render import render

router = APIRouter(include_in_schema=False)


def _parse_day(raw: str | None) -> date | None:
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


class ReceiptQuery(BaseModel):
    """The search form, as typed (it shows again above the results)."""

    q: str = ""
    phone: str = ""
    date_from: str = ""
    date_to: str = ""
    store: str = ""
    counter: str = ""


@router.get("/receipts")
def receipts_page(
    request: Request,
    db: Db,
    user: PageUser,
    form: Annotated[ReceiptQuery, Query()],
    cursor: str = "",
) -> Response:
    r = refs(db)
    error, phone_norm = None, None
    if form.phone:
        try:
            phone_norm = normalize_phone(form.phone)
        except InvalidPhone:
            error = "phone"
    rows = (
        []
        if error
        else service.search_receipts(
            db,
            user=user,
            receipt_no=form.q.strip() or None,
            phone=phone_norm,
            date_from=_parse_day(form.date_from),
            date_to=_parse_day(form.date_to),
            store_id=r.stores.get(form.store, -1) if form.store else None,
            counter_id=r.counters.get(form.counter, (-1, 0))[0] if form.counter else None,
            after=decode_cursor(cursor),
            limit=50,
        )
    )
    people = service.customers_by_id(db, {x.customer_id for x in rows if x.customer_id})
    nxt = Page.of(rows, 50, at="sold_at").next_cursor
    return render(
        request,
        "sales/receipts.html",
        rows=rows,
        refs=r,
        searched=any(form.model_dump().values()),
        people={k: customer_json(v, user) for k, v in people.items()},
        error=error,
        form=form.model_dump(),
        next_cursor=nxt,
        stores=org.list_stores(db),
    )


@router.get("/receipts/{receipt_id}")
def receipt_page(request: Request, receipt_id: Id, db: Db, user: PageUser) -> Response:
    receipt = service.get_receipt(db, user=user, receipt_id=receipt_id)
    people = service.customers_by_id(db, {receipt.customer_id} if receipt.customer_id else set())
    return render(
        request,
        "sales/receipt.html",
        receipt=receipt,
        refs=refs(db),
        zone=zone_of(db, receipt.store_id),
        customer=customer_json(people.get(receipt.customer_id or 0), user),
        events=audit.history(db, entity="receipt", entity_id=receipt.id),
    )
