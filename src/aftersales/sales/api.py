"""REST routes for sales and receipts (contract: api-basics.md)."""

from typing import Any

from fastapi import APIRouter

from aftersales import idempotency
from aftersales.auth.deps import CurrentUser, Db, SignedIn
from aftersales.customers.phones import InvalidPhone, normalize_phone
from aftersales.errors import InvalidInput
from aftersales.intake_route import intake_post
from aftersales.paging import Page, decode_cursor
from aftersales.refs import refs
from aftersales.responses import JSONBytes
from aftersales.sales import service
from aftersales.sales.errors import ReceiptNumberTaken
from aftersales.sales.present import receipt_json, recorded_json
from aftersales.sales.schemas import SaleCreate
from aftersales.validation import Day, Id, PageLimit

router = APIRouter(tags=["sales"])


@intake_post(router, "/sales")
def create_sale(
    body: SaleCreate,
    db: Db,
    caller: SignedIn,
    idempotency_key: idempotency.IdempotencyKey = None,
) -> Any:
    user = caller.principal(db)
    service.check_may_record(db, user=user, counter=body.counter)

    def record() -> dict[str, Any]:
        sale = service.record_sale(db, data=body, actor=user)
        return recorded_json(sale, body, refs(db), user)

    return idempotency.answer_once(
        db,
        key=idempotency_key,
        route="sales",
        body=body,
        create=record,
        on_collision=lambda: ReceiptNumberTaken(field="receipt_no"),
    )


def _phone_filter(phone: str | None) -> str | None:
    if not phone:
        return None
    try:
        return normalize_phone(phone)
    except InvalidPhone as exc:
        raise InvalidInput("not a Chinese mobile or landline number", field="phone") from exc


@router.get("/receipts")
def list_receipts(
    db: Db,
    user: CurrentUser,
    receipt_no: str | None = None,
    phone: str | None = None,
    date_from: Day | None = None,
    date_to: Day | None = None,
    store: str | None = None,
    counter: str | None = None,
    cursor: str | None = None,
    limit: PageLimit = 50,
) -> JSONBytes:
    r = refs(db)
    rows = service.search_receipts(
        db,
        user=user,
        receipt_no=receipt_no,
        phone=_phone_filter(phone),
        date_from=date_from,
        date_to=date_to,
        store_id=r.stores.get(store, -1) if store else None,
        counter_id=r.counters.get(counter, (-1, 0))[0] if counter else None,
        after=decode_cursor(cursor),
        limit=limit,
    )
    people = service.customers_by_id(db, {x.customer_id for x in rows if x.customer_id})
    items = [receipt_json(x, r, people.get(x.customer_id or 0), user) for x in rows]
    nxt = Page.of(rows, limit, at="sold_at").next_cursor
    return JSONBytes({"items": items, "next": nxt})


@router.get("/receipts/{receipt_id}")
def read_receipt(receipt_id: Id, db: Db, user: CurrentUser) -> JSONBytes:
    receipt = service.get_receipt(db, user=user, receipt_id=receipt_id)
    people = service.customers_by_id(db, {receipt.customer_id} if receipt.customer_id else set())
    return JSONBytes(
        receipt_json(
            receipt,
            refs(db),
            people.get(receipt.customer_id or 0),
            user,
        )
    )
