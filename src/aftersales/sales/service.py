"""Record sales (one receipt whole or not at all) and find receipts."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from aftersales.audit import service as audit
from aftersales.auth.principal import Principal
from aftersales.auth.scope import scope_of
from aftersales.customers import service as customers
from aftersales.customers.models import Customer
from aftersales.db import utcnow
from aftersales.sales.errors import ReceiptNotFound, ReceiptNumberTaken, SoldInFuture, UnknownCode
from aftersales.sales.models import Product, Receipt, ReceiptLine
from aftersales.sales.refs import Refs, refs
from aftersales.sales.schemas import LineIn, SaleCreate

# A point of sale's clock may run a little ahead of ours.
CLOCK_SKEW = timedelta(minutes=5)


def _lookup(session: Session, pick, code: str, field: str, what: str):  # noqa: ANN001, ANN202
    value = pick(refs(session)).get(code)
    if value is None:
        value = pick(refs(session, fresh=True)).get(code)
    if value is None:
        raise UnknownCode(
            f"Unknown {what}: {code}", message_zh=f"未知的{what}代码：{code}", field=field
        )
    return value


def _product_id(session: Session, line: LineIn, category_id: int) -> int:
    found = session.execute(select(Product.id).where(Product.sku == line.sku)).scalar()
    if found is not None:
        return found
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
    return session.execute(select(Product.id).where(Product.sku == line.sku)).scalar_one()


def record_sale(
    session: Session, *, data: SaleCreate, actor: Principal | None, now: datetime | None = None
) -> Receipt:
    now = now or utcnow()
    if data.sold_at > now + CLOCK_SKEW:
        raise SoldInFuture(field="sold_at")
    store_id = _lookup(session, lambda r: r.stores, data.store, "store", "store")
    counter_id, counter_store = _lookup(
        session, lambda r: r.counters, data.counter, "counter", "counter"
    )
    if counter_store != store_id:
        raise UnknownCode(
            "The counter is not in this store", message_zh="该专柜不属于此门店", field="counter"
        )
    category_ids = [
        _lookup(session, lambda r: r.categories, ln.category, f"lines[{i}].category", "category")
        for i, ln in enumerate(data.lines)
    ]
    staff_id = (
        _lookup(session, lambda r: r.staff, data.staff, "staff", "staff") if data.staff else None
    )
    if session.execute(select(Receipt.id).where(Receipt.receipt_no == data.receipt_no)).first():
        raise ReceiptNumberTaken(field="receipt_no")
    customer_id = None
    if data.customer:
        customer_id = customers.find_or_create_customer(
            session,
            name=data.customer.name,
            phone=data.customer.phone,
            member_no=data.customer.member_no,
        )
    receipt = Receipt(
        receipt_no=data.receipt_no,
        store_id=store_id,
        counter_id=counter_id,
        staff_id=staff_id,
        customer_id=customer_id,
        sold_at=data.sold_at,
        total_paid=sum((ln.paid for ln in data.lines), Decimal("0")),
    )
    receipt.lines = [
        ReceiptLine(
            line_no=i + 1,
            product_id=_product_id(session, ln, cat),
            sku=ln.sku,
            name=ln.name,
            category_id=cat,
            qty=ln.qty,
            tag_price=ln.tag_price,
            paid=ln.paid,
        )
        for i, (ln, cat) in enumerate(zip(data.lines, category_ids, strict=True))
    ]
    session.add(receipt)
    try:
        session.flush()
    except IntegrityError as exc:  # a concurrent request took the number first
        raise ReceiptNumberTaken(field="receipt_no") from exc
    audit.record(
        session,
        actor=actor,
        entity="receipt",
        entity_id=receipt.id,
        action="created",
        after={
            "receipt_no": receipt.receipt_no,
            "total_paid": receipt.total_paid,
            "lines": len(receipt.lines),
        },
    )
    return receipt


def visible_receipts(user: Principal) -> Select[tuple[Receipt]]:
    stmt = select(Receipt)
    scope = scope_of(user.role)
    if scope == "counter":
        stmt = stmt.where(Receipt.counter_id == user.counter_id)
    elif scope == "store":
        stmt = stmt.where(Receipt.store_id == user.store_id)
    return stmt


def _local_day_start(day: date, tz: str) -> datetime:
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(tz))


def search_receipts(
    session: Session,
    *,
    user: Principal,
    receipt_no: str | None = None,
    phone: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    store_id: int | None = None,
    counter_id: int | None = None,
    after: tuple[datetime, int] | None = None,
    limit: int = 50,
    tz: str = "Asia/Shanghai",
) -> list[Receipt]:
    """Newest first, keyset-paged on (sold_at, id)."""
    stmt = visible_receipts(user).options(selectinload(Receipt.lines))
    if receipt_no:
        stmt = stmt.where(Receipt.receipt_no == receipt_no)
    if phone:
        stmt = stmt.join(Customer, Customer.id == Receipt.customer_id).where(
            Customer.phone == phone
        )
    if date_from:
        stmt = stmt.where(Receipt.sold_at >= _local_day_start(date_from, tz))
    if date_to:
        stmt = stmt.where(Receipt.sold_at < _local_day_start(date_to + timedelta(days=1), tz))
    if store_id:
        stmt = stmt.where(Receipt.store_id == store_id)
    if counter_id:
        stmt = stmt.where(Receipt.counter_id == counter_id)
    if after:
        stmt = stmt.where(
            (Receipt.sold_at < after[0]) | ((Receipt.sold_at == after[0]) & (Receipt.id < after[1]))
        )
    stmt = stmt.order_by(Receipt.sold_at.desc(), Receipt.id.desc()).limit(limit)
    return list(session.scalars(stmt))


def get_receipt(session: Session, *, user: Principal, receipt_id: int) -> Receipt:
    receipt = session.scalars(
        visible_receipts(user).where(Receipt.id == receipt_id).options(selectinload(Receipt.lines))
    ).one_or_none()
    if receipt is None:  # another store's receipt looks the same as a missing one
        raise ReceiptNotFound(field="id")
    return receipt


def find_receipt_by_no(session: Session, *, user: Principal, receipt_no: str) -> Receipt:
    receipt = session.scalars(
        visible_receipts(user)
        .where(Receipt.receipt_no == receipt_no)
        .options(selectinload(Receipt.lines))
    ).one_or_none()
    if receipt is None:
        raise ReceiptNotFound(field="receipt_no")
    return receipt


def customers_by_id(session: Session, ids: set[int]) -> dict[int, Customer]:
    if not ids:
        return {}
    return {c.id: c for c in session.scalars(select(Customer).where(Customer.id.in_(ids)))}


def category_code(session: Session, category_id: int) -> str:
    return (
        refs(session).category_codes.get(category_id)
        or refs(session, fresh=True).category_codes[category_id]
    )


__all__ = ["Refs", "record_sale", "search_receipts", "get_receipt", "find_receipt_by_no"]
