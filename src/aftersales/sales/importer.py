"""POS import: CSV (UTF-8 or GBK) or JSON Lines, checked row by row, stored in batches.

A receipt is stored whole or not at all: a bad row rejects its receipt and is reported by
line number and reason, while every good receipt is imported. Rows are checked by hand rather
than through Pydantic because an import moves a million lines.
"""

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.customers.models import Customer
from aftersales.customers.phones import InvalidPhone, normalize_phone
from aftersales.customers.service import insert_ignoring_duplicates
from aftersales.db import to_money, utcnow
from aftersales.refs import Refs, refs
from aftersales.sales import bulk
from aftersales.sales.models import Product, Receipt, ReceiptLine

CSV_COLUMNS = [
    "receipt_no",
    "store",
    "counter",
    "sold_at",
    "staff",
    "customer_name",
    "customer_phone",
    "member_no",
    "sku",
    "name",
    "category",
    "qty",
    "tag_price",
    "paid",
]
BATCH = 2000


class RowError(ValueError):
    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field, self.reason = field, reason


@dataclass
class Line:
    sku: str
    name: str
    category_id: int
    qty: int
    tag_price: Decimal
    paid: Decimal


@dataclass
class Sale:
    receipt_no: str
    first_line: int
    store_id: int
    counter_id: int
    sold_at: datetime
    staff_id: int | None
    customer: tuple[str, str, str | None] | None
    lines: list[Line] = field(default_factory=list)
    receipt_id: int = 0


@dataclass
class ImportReport:
    receipts: int = 0
    lines: int = 0
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # (line, field, reason)


def decode_text(raw: bytes) -> str:
    """POS exports from Chinese systems are often GBK; UTF-8 (with or without BOM) first."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise RowError("file", "neither UTF-8 nor GBK/GB18030 text")


def _money(value: Any, name: str) -> Decimal:
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise RowError(name, "not a number") from exc
    if not amount.is_finite() or amount < 0:
        raise RowError(name, "must be a non-negative amount")
    if amount.as_tuple().exponent < -2:  # type: ignore[operator]
        raise RowError(name, "at most two decimal places")
    return to_money(amount)


def _when(value: str, now: datetime) -> datetime:
    try:
        at = datetime.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise RowError("sold_at", "not an ISO 8601 time") from exc
    if at.tzinfo is None:
        raise RowError("sold_at", "needs a UTC offset, e.g. +08:00")
    if at > now:
        raise RowError("sold_at", "in the future")
    return at


def _code(table: dict, value: str, name: str) -> Any:
    found = table.get((value or "").strip())
    if found is None:
        raise RowError(name, f"unknown {name} {value!r}")
    return found


def _line(row: dict[str, Any], r: Refs) -> Line:
    sku, name = str(row.get("sku") or "").strip(), str(row.get("name") or "").strip()
    if not sku or len(sku) > 40:
        raise RowError("sku", "required, at most 40 characters")
    if not name or len(name) > 120:
        raise RowError("name", "required, at most 120 characters")
    try:
        qty = int(str(row.get("qty", "")).strip())
    except ValueError as exc:
        raise RowError("qty", "not a whole number") from exc
    if qty < 1:
        raise RowError("qty", "must be at least 1")
    return Line(
        sku,
        name,
        _code(r.categories, str(row.get("category")), "category"),
        qty,
        _money(row.get("tag_price"), "tag_price"),
        _money(row.get("paid"), "paid"),
    )


def _customer(row: dict[str, Any]) -> tuple[str, str, str | None] | None:
    phone = str(row.get("customer_phone") or "").strip()
    if not phone:
        return None
    try:
        phone = normalize_phone(phone)
    except InvalidPhone as exc:
        raise RowError("customer_phone", str(exc)) from exc
    name = str(row.get("customer_name") or "").strip()[:60] or "顾客"
    return name, phone, (str(row.get("member_no") or "").strip() or None)


def _head(row: dict[str, Any], line_no: int, r: Refs, now: datetime) -> Sale:
    receipt_no = str(row.get("receipt_no") or "").strip()
    if not receipt_no or len(receipt_no) > 40:
        raise RowError("receipt_no", "required, at most 40 characters")
    store_id = _code(r.stores, str(row.get("store")), "store")
    counter_id, counter_store = _code(r.counters, str(row.get("counter")), "counter")
    if counter_store != store_id:
        raise RowError("counter", "not a counter of this store")
    staff = str(row.get("staff") or "").strip()
    return Sale(
        receipt_no,
        line_no,
        store_id,
        counter_id,
        _when(row.get("sold_at", ""), now),
        _code(r.staff, staff, "staff") if staff else None,
        _customer(row),
    )


def csv_rows(text: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """One row per receipt line; the header names the columns. Line 1 is the header."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in CSV_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise RowError("header", f"missing columns: {', '.join(missing)}")
    for row in reader:
        yield reader.line_num, row


def jsonl_rows(text: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """One receipt per line, in the shape of POST /api/v1/sales."""
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            obj = orjson.loads(raw)
        except orjson.JSONDecodeError:
            yield number, {"__error__": ("json", "malformed JSON")}
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("lines"), list) or not obj["lines"]:
            yield number, {"__error__": ("lines", "a receipt object with at least one line")}
            continue
        customer = obj.get("customer") or {}
        head = {k: obj.get(k) for k in ("receipt_no", "store", "counter", "sold_at", "staff")}
        head |= {
            "customer_name": customer.get("name"),
            "customer_phone": customer.get("phone"),
            "member_no": customer.get("member_no"),
        }
        for line in obj["lines"]:
            yield number, head | (line if isinstance(line, dict) else {})


def group_sales(
    rows: Iterator[tuple[int, dict[str, Any]]], r: Refs, now: datetime, report: ImportReport
) -> Iterator[Sale]:
    """Consecutive rows with one receipt number make one sale; any bad row drops the sale."""
    current: Sale | None = None
    bad_receipt: str | None = None
    for line_no, row in rows:
        receipt_no = str(row.get("receipt_no") or "").strip()
        if current is not None and receipt_no != current.receipt_no:
            yield current
            current = None
        if receipt_no != bad_receipt:
            bad_receipt = None
        try:
            if "__error__" in row:
                raise RowError(*row["__error__"])
            if bad_receipt:
                raise RowError("receipt_no", "another line of this receipt is wrong")
            if current is None:
                current = _head(row, line_no, r, now)
            current.lines.append(_line(row, r))
        except RowError as exc:
            report.errors.append((line_no, exc.field, exc.reason))
            current, bad_receipt = None, receipt_no or None
    if current is not None:
        yield current


def _ids_by(session: Session, column: Any, key_column: Any, keys: set[str]) -> dict[str, int]:
    if not keys:
        return {}
    rows = session.execute(select(key_column, column).where(key_column.in_(keys))).tuples().all()
    return dict(rows)


def _ensure_customers(session: Session, sales: list[Sale]) -> dict[str, int]:
    wanted = {s.customer[1]: s.customer for s in sales if s.customer}
    known = _ids_by(session, Customer.id, Customer.phone, set(wanted))
    missing = [
        {"name": name, "phone": phone, "member_no": member_no, "version": 1}
        for phone, (name, _, member_no) in wanted.items()
        if phone not in known
    ]
    insert_ignoring_duplicates(session, Customer, missing)
    return _ids_by(session, Customer.id, Customer.phone, set(wanted)) if missing else known


def _ensure_products(session: Session, sales: list[Sale]) -> dict[str, int]:
    wanted = {ln.sku: ln for s in sales for ln in s.lines}
    known = _ids_by(session, Product.id, Product.sku, set(wanted))
    missing = [
        {"sku": k, "name": v.name, "category_id": v.category_id, "tag_price": v.tag_price}
        for k, v in wanted.items()
        if k not in known
    ]
    insert_ignoring_duplicates(session, Product, missing)
    return _ids_by(session, Product.id, Product.sku, set(wanted)) if missing else known


def store_batch(session: Session, sales: list[Sale], report: ImportReport, source: str) -> None:
    taken = _ids_by(session, Receipt.id, Receipt.receipt_no, {s.receipt_no for s in sales})
    fresh, seen = [], set()
    for sale in sales:
        if sale.receipt_no in taken or sale.receipt_no in seen:
            report.errors.append((sale.first_line, "receipt_no", "duplicate receipt number"))
        else:
            seen.add(sale.receipt_no)
            fresh.append(sale)
    if not fresh:
        return
    customer_ids = _ensure_customers(session, fresh)
    product_ids = _ensure_products(session, fresh)
    _write(session.connection(), fresh, customer_ids, product_ids)
    receipt_ids = {s.receipt_no: s.receipt_id for s in fresh}
    first = min(receipt_ids.values())
    audit.record(
        session,
        actor=None,
        entity="receipt_import",
        entity_id=first,
        action="sales_imported",
        after={
            "source": source,
            "receipts": len(fresh),
            "first_id": first,
            "last_id": max(receipt_ids.values()),
        },
    )
    report.receipts += len(fresh)
    report.lines += sum(len(s.lines) for s in fresh)


RECEIPT_COLUMNS = (
    "id",
    "receipt_no",
    "store_id",
    "counter_id",
    "staff_id",
    "customer_id",
    "sold_at",
    "total_paid",
    "created_at",
)
LINE_COLUMNS = (
    "receipt_id",
    "line_no",
    "product_id",
    "sku",
    "name",
    "category_id",
    "qty",
    "tag_price",
    "paid",
)


def _write(
    conn: Connection, fresh: list[Sale], customer_ids: dict[str, int], product_ids: dict[str, int]
) -> None:
    now = bulk.moment(conn, utcnow())
    ids = bulk.reserve_ids(conn, Receipt.__table__, len(fresh))
    receipts, lines = [], []
    for sale, receipt_id in zip(fresh, ids, strict=True):
        sale.receipt_id = receipt_id
        customer_id = customer_ids.get(sale.customer[1]) if sale.customer else None
        total = sum((ln.paid for ln in sale.lines), Decimal(0))
        receipts.append(
            (
                receipt_id,
                sale.receipt_no,
                sale.store_id,
                sale.counter_id,
                sale.staff_id,
                customer_id,
                bulk.moment(conn, sale.sold_at),
                bulk.money(conn, total),
                now,
            )
        )
        lines.extend(
            (
                receipt_id,
                i,
                product_ids[ln.sku],
                ln.sku,
                ln.name,
                ln.category_id,
                ln.qty,
                bulk.money(conn, ln.tag_price),
                bulk.money(conn, ln.paid),
            )
            for i, ln in enumerate(sale.lines, start=1)
        )
    bulk.insert_rows(conn, Receipt.__table__, RECEIPT_COLUMNS, receipts)
    bulk.insert_rows(conn, ReceiptLine.__table__, LINE_COLUMNS, lines)


def import_sales(
    session_factory: Callable[[], Session],
    path: Path,
    progress: Callable[[int], None] = lambda _n: None,
) -> ImportReport:
    """Each batch commits on its own, so a failure keeps what was already imported."""
    report = ImportReport()
    try:
        text = decode_text(path.read_bytes())
    except RowError as exc:
        report.errors.append((0, exc.field, exc.reason))
        return report
    is_jsonl = path.suffix.lower() in (".jsonl", ".ndjson", ".json")
    with session_factory() as session:
        r = refs(session, fresh=True)
    try:
        rows = jsonl_rows(text) if is_jsonl else csv_rows(text)
        batch: list[Sale] = []
        for sale in group_sales(rows, r, utcnow(), report):
            batch.append(sale)
            if len(batch) >= BATCH:
                _commit_batch(session_factory, batch, report, path.name, progress)
                batch = []
        if batch:
            _commit_batch(session_factory, batch, report, path.name, progress)
    except RowError as exc:
        report.errors.append((1, exc.field, exc.reason))
    return report


def _commit_batch(
    session_factory: Callable[[], Session],
    batch: list[Sale],
    report: ImportReport,
    source: str,
    progress: Callable[[int], None],
) -> None:
    with session_factory() as session:
        store_batch(session, batch, report, source)
        session.commit()
    progress(sum(len(s.lines) for s in batch))
