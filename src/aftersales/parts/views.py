"""Console pages for spare parts: the catalogue with stock per place, a work order's parts
(reserve, use, give back, wait for a part, the loaner), and the turnaround promises."""

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from sqlalchemy import select

from aftersales.auth.deps import Db
from aftersales.auth.principal import Principal
from aftersales.db import utcnow
from aftersales.errors import InvalidInput, NotFound
from aftersales.org.models import Brand
from aftersales.parts import promises, queries, reserve, stock, waits
from aftersales.parts.access import KEEPERS, READERS, USERS, require
from aftersales.parts.facts import line_facts
from aftersales.parts.schemas import LoanerIn, PartCreate, QtyIn, ReserveIn, WaitIn
from aftersales.refs import refs
from aftersales.repairs import promises as rules
from aftersales.repairs.access import COUNTER_STEPS, get_work_order
from aftersales.sales.models import Category
from aftersales.validation import Id
from aftersales.web.deps import PageUser
from aftersales.web.forms import FormPage, Posted, form_model, posted_text, row_id

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form()]


def whole(raw: str, field: str) -> int:
    try:
        return int(raw.strip())
    except ValueError:
        raise InvalidInput("Not a whole number", field=field) from None


def _catalogue(request: Request, db: Db, user: Principal, cursor: str | None) -> dict[str, Any]:
    require(user, READERS)
    page = queries.catalogue(db, user=user, cursor=cursor)
    held = queries.stock_of(db, user=user, part_ids=[p.id for p in page.items])
    by_part: dict[int, list[Any]] = {}
    for s in held:
        by_part.setdefault(s.part_id, []).append(s)
    brands = dict(db.execute(select(Brand.id, Brand.name)).tuples().all())
    return {
        "page": page,
        "stock": by_part,
        "brands": brands,
        "keeper": user.role in KEEPERS,
        "my_place": refs(db).store_codes.get(user.store_id or 0),
        "errors": {},
    }


CATALOGUE = FormPage("parts/catalogue.html", _catalogue)


@router.get("/parts")
def parts_page(request: Request, db: Db, user: PageUser, cursor: str | None = None) -> Response:
    return CATALOGUE.show(request, db, user, cursor)


def _catalogue_form(
    request: Request,
    db: Db,
    user: Principal,
    work: Callable[[], Any],
    done: str,
    fields: dict[str, str] | None = None,
) -> Response:
    """A form on the catalogue's first page (the one it shows again when refused)."""
    return CATALOGUE.post(
        request, db, user, None, work=work, done=done, redirect="/parts", fields=fields
    )


# The catalogue form shows messages by the code field for the fields it has no place for.
PART_FIELDS = {"brand": "code", "model": "code", "kind": "code", "name": "code"}


@router.post("/parts")
def add_part(request: Request, db: Db, user: PageUser, posted: Posted) -> Response:
    def work() -> None:
        # The form picks the brand by its row; the API door names it by its code.
        brand = db.get(Brand, row_id(posted_text(posted, "brand"), "brand") or 0)
        kind = posted_text(posted, "kind") or "part"
        data = form_model(posted, PartCreate, brand=brand.code if brand else "", kind=kind)
        stock.create_part(db, data, actor=user)

    return _catalogue_form(request, db, user, work, "Part added", PART_FIELDS)


@router.post("/parts/{part_id}/stock")
def stock_form(
    request: Request,
    part_id: Id,
    db: Db,
    user: PageUser,
    location: Text = "",
    action: Text = "receive",
    qty: Text = "",
) -> Response:
    def work() -> None:
        amount = whole(qty, "qty")
        if action == "count":
            stock.count_stock(db, part_id=part_id, location=location, on_hand=amount, actor=user)
        else:
            stock.receive_stock(
                db, part_id=part_id, location=location, qty=amount, actor=user, now=utcnow()
            )

    return _catalogue_form(request, db, user, work, "Stock recorded")


def _order_context(request: Request, db: Db, user: Principal, work_order_id: int) -> dict[str, Any]:
    require(user, READERS | COUNTER_STEPS)
    order = get_work_order(db, user=user, work_order_id=work_order_id)
    found = queries.order_parts(db, work_order_id=order.id)
    watch = promises.watch_of(db, work_order_id=order.id)
    facts = (
        line_facts(db, receipt_line_id=order.receipt_line_id, now=utcnow())
        if order.receipt_line_id
        else None
    )
    choices = queries.parts_for_model(db, user=user, sku=order.sku) if user.role in USERS else []
    return {
        "order": order,
        "found": found,
        "watch": watch,
        "facts": facts,
        "limits": rules.legal_limits(watch.category) if watch else None,
        "choices": {p.id: p for p in choices},
        "places": queries.stock_of(db, user=user, part_ids=[p.id for p in choices]),
        "may_use": user.role in USERS,
        "may_loan": user.role in COUNTER_STEPS,
        "errors": {},
    }


ORDER_PARTS = FormPage("parts/work_order.html", _order_context)


@router.get("/work-orders/{work_order_id}/parts")
def order_parts_page(request: Request, work_order_id: Id, db: Db, user: PageUser) -> Response:
    return ORDER_PARTS.show(request, db, user, work_order_id)


@router.post("/work-orders/{work_order_id}/parts/{action}")
def order_parts_action(
    request: Request,
    work_order_id: Id,
    action: str,
    db: Db,
    user: PageUser,
    posted: Posted,
) -> Response:
    """Each form posts the fields of the API door's body for the same move (a reservation
    picks its place by the stock row instead)."""
    now = utcnow()
    on_order = {"work_order_id": work_order_id, "actor": user, "now": now}

    def posted_id(field: str) -> int:
        return row_id(posted_text(posted, field), field) or 0

    def work() -> None:
        if action == "reserve":
            sid = posted_id("stock_id")
            place = next((s for s in _places(db, user, work_order_id) if s.id == sid), None)
            if place is None:
                raise InvalidInput("Pick a place", field="stock_id")
            data = form_model(posted, ReserveIn, part_id=place.part_id, location=place.location)
            reserve.reserve(db, **on_order, **data.model_dump())
        elif action in ("consume", "return"):
            do = reserve.consume if action == "consume" else reserve.return_to_stock
            qty = form_model(posted, QtyIn).qty
            do(db, reservation_id=posted_id("reservation_id"), qty=qty, actor=user, now=now)
        elif action == "release":
            reserve.release(db, reservation_id=posted_id("reservation_id"), actor=user, now=now)
        elif action == "wait":
            waits.start_wait(db, **on_order, **form_model(posted, WaitIn).model_dump())
        elif action == "end-wait":
            waits.end_wait(db, wait_id=posted_id("wait_id"), actor=user, now=now)
        elif action == "loaner":
            promises.give_loaner(db, **on_order, note=form_model(posted, LoanerIn).note)
        else:
            raise NotFound(field="action")

    back = f"/work-orders/{work_order_id}/parts"
    return ORDER_PARTS.post(
        request, db, user, work_order_id, work=work, done="Parts recorded", redirect=back
    )


def _places(db: Db, user: Principal, work_order_id: int) -> list[Any]:
    order = get_work_order(db, user=user, work_order_id=work_order_id)
    part_ids = [p.id for p in queries.parts_for_model(db, user=user, sku=order.sku)]
    return queries.stock_of(db, user=user, part_ids=part_ids)


def _promises_context(request: Request, db: Db, user: Principal) -> dict[str, Any]:
    require(user, READERS)
    categories = list(db.scalars(select(Category).order_by(Category.id)))
    return {
        "categories": categories,
        "days": promises.promise_days(db),
        "default_days": promises.rework_standard(db).amount,
        "admin": user.role == "admin",
        "errors": {},
    }


PROMISES = FormPage("parts/promises.html", _promises_context)


@router.get("/turnaround-promises")
def promises_page(request: Request, db: Db, user: PageUser) -> Response:
    return PROMISES.show(request, db, user)


@router.post("/turnaround-promises")
def promises_form(
    request: Request, db: Db, user: PageUser, category: Text = "", days: Text = ""
) -> Response:
    def work() -> None:
        value = whole(days, "days") if days.strip() else None
        promises.set_promise(db, category=category, days=value, actor=user)

    back = "/turnaround-promises"
    return PROMISES.post(request, db, user, work=work, done="Promise saved", redirect=back)
