"""Record sales (one receipt whole or not at all) and find receipts."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from aftersales.auth.principal import Principal
from aftersales.auth.scope import scoped
from aftersales.customers.models import Customer
from aftersales.paging import matching, newest_first
from aftersales.refs import refs, zone_of
from aftersales.sales.errors import ReceiptNotFound
from aftersales.sales.models import Receipt
from aftersales.sales.record import RecordedSale, check_may_record, record_sale


def visible_receipts(user: Principal) -> Select[tuple[Receipt]]:
    return scoped(select(Receipt), user, store=Receipt.store_id, counter=Receipt.counter_id)


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
) -> list[Receipt]:
    """Newest first, keyset-paged on (sold_at, id). Days are the store's local days: the
    store searched, else the searcher's own store."""
    tz = zone_of(session, store_id or user.store_id)
    stmt = visible_receipts(user).options(selectinload(Receipt.lines))
    if receipt_no:
        # The start of the number finds it. The lower bound lets the unique index start the
        # scan there; LIKE (wildcards escaped) keeps only the numbers that really start so.
        stmt = stmt.where(
            Receipt.receipt_no >= receipt_no,
            Receipt.receipt_no.startswith(receipt_no, autoescape=True),
        )
    if phone:
        stmt = stmt.join(Customer, Customer.id == Receipt.customer_id).where(
            Customer.phone == phone
        )
    if date_from:
        stmt = stmt.where(Receipt.sold_at >= _local_day_start(date_from, tz))
    if date_to:
        stmt = stmt.where(Receipt.sold_at < _local_day_start(date_to + timedelta(days=1), tz))
    stmt = matching(stmt, (Receipt.store_id, store_id), (Receipt.counter_id, counter_id))
    stmt = newest_first(stmt, at=Receipt.sold_at, id_=Receipt.id, after=after).limit(limit)
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


__all__ = [
    "check_may_record",
    "RecordedSale",
    "record_sale",
    "search_receipts",
    "get_receipt",
    "find_receipt_by_no",
]
