"""Record one sale from the point of sale: the receipt whole or not at all.

This is the busiest write in the product, so it speaks SQL Core with as few round trips as
the rules allow: the unique index on receipt_no is the duplicate check, SKUs seen before are
remembered per process (products are never deleted), and everything else is one INSERT each.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth.principal import Principal
from aftersales.customers import points
from aftersales.customers import service as customers
from aftersales.customers.models import Customer
from aftersales.db import FastInsert, utcnow
from aftersales.errors import Forbidden
from aftersales.refs import refs
from aftersales.sales.errors import ReceiptNumberTaken, SoldInFuture, UnknownCode
from aftersales.sales.models import Product, Receipt, ReceiptLine
from aftersales.sales.schemas import LineIn, SaleCreate

# Roles that may record sales: the point of sale's service account is an admin token.
SALES_WRITERS = {"admin", "staff", "counter_manager"}
# A point of sale's clock may run a little ahead of ours.
CLOCK_SKEW = timedelta(minutes=5)


@dataclass(frozen=True)
class RecordedSale:
    id: int
    receipt_no: str
    store_id: int
    counter_id: int
    staff_id: int | None
    sold_at: datetime
    total_paid: Decimal
    customer: Customer | None
    category_ids: tuple[int, ...]


def check_may_record(session: Session, *, user: Principal, counter: str) -> None:
    if user.role not in SALES_WRITERS:
        raise Forbidden()
    if user.counter_id and counter != refs(session).counter_codes.get(user.counter_id):
        raise Forbidden(
            "You can record sales only for your own counter",
            field="counter",
        )


def lookup_code(session: Session, pick, code: str, field: str, kind: str):  # noqa: ANN001, ANN201
    """The id a code names in the process copy of the codes, read again once when missing
    (a counter added a moment ago by another process); `kind` says which code it is."""
    value = pick(refs(session)).get(code)
    if value is None:
        value = pick(refs(session, fresh=True)).get(code)
    if value is None:
        raise UnknownCode.of(kind, code, field)
    return value


def _product_id(session: Session, line: LineIn, category_id: int) -> int:
    # Looked up by its unique index every time: a process copy kept the id of a product
    # learned in a transaction that then rolled back, and the next sale failed on it.
    found = session.connection().execute(_PRODUCT_BY_SKU, {"sku": line.sku}).scalar()
    if found is None:
        # The point of sale runs ahead of the catalogue: learn the SKU from the line.
        customers.insert_ignoring_duplicates(
            session,
            Product,
            {
                "sku": line.sku,
                "name": line.name,
                "category_id": category_id,
                "tag_price": line.tag_price,
            },
        )
        return session.connection().execute(_PRODUCT_BY_SKU, {"sku": line.sku}).scalar_one()
    return found


_PRODUCT = Product.__table__.c
_PRODUCT_BY_SKU = select(_PRODUCT.id).where(_PRODUCT.sku == bindparam("sku"))


def _customer(session: Session, data: SaleCreate) -> Customer | None:
    if data.customer is None:
        return None
    c = data.customer
    found = customers.find_customer_row(session, phone=c.phone)
    if found is None:
        customers.find_or_create_customer(
            session, name=c.name, phone=c.phone, member_no=c.member_no
        )
        found = customers.find_customer_row(session, phone=c.phone)
    return found


def _resolve(session: Session, data: SaleCreate) -> tuple[int, int, list[int], int | None]:
    store_id = lookup_code(session, lambda r: r.stores, data.store, "store", "store")
    counter_id, counter_store = lookup_code(
        session, lambda r: r.counters, data.counter, "counter", "counter"
    )
    if counter_store != store_id:
        raise UnknownCode("The counter is not in this store", field="counter")
    category_ids = [
        lookup_code(
            session, lambda r: r.categories, ln.category, f"lines[{i}].category", "category"
        )
        for i, ln in enumerate(data.lines)
    ]
    staff_id = (
        lookup_code(session, lambda r: r.staff, data.staff, "staff", "staff")
        if data.staff
        else None
    )
    return store_id, counter_id, category_ids, staff_id


_INSERT_RECEIPT = FastInsert(Receipt.__table__, returning_id=True)
_INSERT_LINE = FastInsert(ReceiptLine.__table__, deferrable=True)


def _insert_receipt(session: Session, values: dict) -> int:
    # No savepoint: on a duplicate the whole unit of work is refused, and the caller rolls back.
    try:
        return _INSERT_RECEIPT.run(session, values)
    except IntegrityError as exc:  # the unique index on receipt_no said no
        raise ReceiptNumberTaken(field="receipt_no") from exc


def record_sale(
    session: Session, *, data: SaleCreate, actor: Principal | None, now: datetime | None = None
) -> RecordedSale:
    now = now or utcnow()
    if data.sold_at > now + CLOCK_SKEW:
        raise SoldInFuture(field="sold_at")
    store_id, counter_id, category_ids, staff_id = _resolve(session, data)
    customer = _customer(session, data)
    total = sum((ln.paid for ln in data.lines), Decimal("0"))
    receipt_id = _insert_receipt(
        session,
        {
            "receipt_no": data.receipt_no,
            "store_id": store_id,
            "counter_id": counter_id,
            "staff_id": staff_id,
            "customer_id": customer.id if customer else None,
            "sold_at": data.sold_at,
            "total_paid": total,
            "created_at": now,
        },
    )
    _INSERT_LINE.run_many(
        session,
        [
            {
                "receipt_id": receipt_id,
                "line_no": i,
                "product_id": _product_id(session, ln, cat),
                "sku": ln.sku,
                "name": ln.name,
                "category_id": cat,
                "qty": ln.qty,
                "tag_price": ln.tag_price,
                "paid": ln.paid,
            }
            for i, (ln, cat) in enumerate(zip(data.lines, category_ids, strict=True), start=1)
        ],
    )
    after = {"receipt_no": data.receipt_no, "total_paid": total, "lines": len(data.lines)}
    audit.record_now(session, "receipt", receipt_id, "created", actor=actor, after=after)
    if customer is not None and data.customer and data.customer.member_no:  # earns points
        points.accrue_for_sale(
            session,
            customer=customer,
            data=data,
            receipt_id=receipt_id,
            counter_id=counter_id,
            category_ids=category_ids,
            now=now,
            actor=actor,
        )
    return RecordedSale(
        receipt_id,
        data.receipt_no,
        store_id,
        counter_id,
        staff_id,
        data.sold_at,
        total,
        customer,
        tuple(category_ids),
    )
