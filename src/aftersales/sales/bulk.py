"""Bulk writes for the POS import, bypassing per-value processing.

A million lines through SQLAlchemy's typed parameters spends most of its time converting
values one by one in Python. Here the values are put in the database's own form once (money
as integer fen on SQLite and Decimal on PostgreSQL, times as naive UTC text on SQLite).

- SQLite: one transaction per batch (BEGIN IMMEDIATE holds the write lock, so the ids are
  reserved up front) and one prepared statement per table through the driver's executemany.
- PostgreSQL: the batch's lines go by COPY into a staging table that lives for the
  transaction, then one statement inserts the receipts (ON CONFLICT skips a receipt number
  someone else stored meanwhile) and their lines from it.

Customers are registered through the customers service; products, a handful of SKUs, are
looked up once per import. The columns are the models' columns; the tests read the rows back
through the ORM.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Table, func, select, text
from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.customers.service import ensure_customers, insert_ignoring_duplicates
from aftersales.db import utcnow
from aftersales.sales.models import Product, Receipt, ReceiptLine

if TYPE_CHECKING:
    from aftersales.sales.importer import ImportReport, Sale

CACHE_LIMIT = 200_000  # phones and SKUs remembered across batches before starting over
SQLITE_CACHE_KB = 64 * 1024


def money(conn: Connection, value: Decimal) -> Any:
    return int(value * 100) if conn.dialect.name == "sqlite" else value


def moment(conn: Connection, value: datetime) -> Any:
    if conn.dialect.name == "sqlite":  # the same text SQLAlchemy's SQLite DateTime writes
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    return value.astimezone(UTC)


def reserve_ids(conn: Connection, table: Table, count: int) -> list[int]:
    """Ids for `count` new rows. SQLite: the import holds the write lock, so max(id) is ours."""
    if conn.dialect.name == "postgresql":
        rows = conn.execute(
            text(f"SELECT nextval('{table.name}_id_seq') FROM generate_series(1, :n)"), {"n": count}
        )
        return [r[0] for r in rows]
    start = conn.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one() + 1
    return list(range(start, start + count))


def insert_rows(
    conn: Connection, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    if not rows:
        return
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = (
        f"INSERT INTO {table.name} ({', '.join(columns)}) "
        f"VALUES ({', '.join([mark] * len(columns))})"
    )
    conn.exec_driver_sql(sql, list(rows))


def _lookup(conn: Connection, table: str, key: str, values: Sequence[str]) -> dict[str, int]:
    """{key: id} for the rows whose `key` is one of `values`, 500 at a time, no ORM."""
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    found: dict[str, int] = {}
    for start in range(0, len(values), 500):
        chunk = tuple(values[start : start + 500])
        sql = f"SELECT {key}, id FROM {table} WHERE {key} IN ({', '.join([mark] * len(chunk))})"
        found.update(conn.exec_driver_sql(sql, chunk).tuples().all())
    return found


# The columns a receipt and a line hold of their own; each table and the staging table
# name them in this order.
_RECEIPT_OWN = ("store_id", "counter_id", "staff_id", "customer_id", "sold_at", "total_paid")
_LINE_OWN = ("product_id", "sku", "name", "category_id", "qty", "tag_price", "paid")
RECEIPT_COLUMNS = ("id", "receipt_no", *_RECEIPT_OWN, "created_at")
LINE_COLUMNS = ("receipt_id", "line_no", *_LINE_OWN)
STAGED_COLUMNS = ("receipt_id", "receipt_no", "first_line", "line_no", *_RECEIPT_OWN, *_LINE_OWN)

_STAGING = """
CREATE TEMP TABLE import_line (
  receipt_id integer, receipt_no varchar(40), first_line integer, line_no integer, store_id integer,
  counter_id integer, staff_id integer, customer_id integer, sold_at timestamptz,
  total_paid numeric(12, 2), product_id integer, sku varchar(40), name varchar(120),
  category_id integer, qty integer, tag_price numeric(12, 2), paid numeric(12, 2)
) ON COMMIT DROP
"""
# The ids are reserved before the COPY, so the lines need no join on the receipt number: a
# receipt skipped by ON CONFLICT has no row with its reserved id, and its lines are left out.
_RECEIPTS_FROM_STAGING = """
INSERT INTO receipt (id, receipt_no, store_id, counter_id, staff_id, customer_id, sold_at,
                     total_paid, created_at)
SELECT receipt_id, receipt_no, store_id, counter_id, staff_id, customer_id, sold_at,
       total_paid, %s
FROM import_line WHERE line_no = 1 ORDER BY receipt_id
ON CONFLICT (receipt_no) DO NOTHING
RETURNING id
"""
_LINES_FROM_STAGING = """
INSERT INTO receipt_line (receipt_id, line_no, product_id, sku, name, category_id, qty,
                          tag_price, paid)
SELECT s.receipt_id, s.line_no, s.product_id, s.sku, s.name, s.category_id, s.qty,
       s.tag_price, s.paid
FROM import_line s WHERE EXISTS (SELECT 1 FROM receipt r WHERE r.id = s.receipt_id)
"""


@dataclass
class Stored:
    receipts: int
    lines: int


class Writer:
    """Stores the batches of one import; remembers customer and product ids between them."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.customers: dict[str, int] = {}
        self.products: dict[str, int] = {}
        self.moments: dict[datetime, Any] = {}

    def store(self, session: Session, sales: "list[Sale]", report: "ImportReport") -> Stored:
        conn = session.connection()
        fresh, seen = [], set()
        taken: set[str] = set()
        if conn.dialect.name == "sqlite":
            # The import's own connection: a page cache that holds the receipt indexes'
            # working set (the default 2 MB makes every insert read index pages back).
            conn.exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_CACHE_KB}")
        if conn.dialect.name != "postgresql":  # PostgreSQL finds them on insert
            taken = set(_lookup(conn, "receipt", "receipt_no", [s.receipt_no for s in sales]))
        for sale in sales:
            if sale.receipt_no in taken or sale.receipt_no in seen:
                report.errors.append((sale.first_line, "receipt_no", "duplicate receipt number"))
            else:
                seen.add(sale.receipt_no)
                fresh.append(sale)
        if not fresh:
            return Stored(0, 0)
        self._customers(conn, fresh)
        self._products(session, conn, fresh)
        if conn.dialect.name == "postgresql":
            fresh = self._copy(conn, fresh, report)
        else:
            self._executemany(conn, fresh)
        if not fresh:
            return Stored(0, 0)
        ids = [s.receipt_id for s in fresh]
        after = {
            "source": self.source,
            "receipts": len(fresh),
            "first_id": min(ids),
            "last_id": max(ids),
        }
        audit.record(session, "receipt_import", min(ids), "sales_imported", actor=None, after=after)
        return Stored(len(fresh), sum(len(s.lines) for s in fresh))

    def _customers(self, conn: Connection, sales: "list[Sale]") -> None:
        wanted = {
            s.customer[1]: (s.customer[0], s.customer[2])
            for s in sales
            if s.customer and s.customer[1] not in self.customers
        }
        if len(self.customers) + len(wanted) > CACHE_LIMIT:
            self.customers.clear()
            wanted = {s.customer[1]: (s.customer[0], s.customer[2]) for s in sales if s.customer}
        self.customers.update(ensure_customers(conn, wanted))

    def _products(self, session: Session, conn: Connection, sales: "list[Sale]") -> None:
        wanted = {ln.sku: ln for s in sales for ln in s.lines if ln.sku not in self.products}
        if len(self.products) + len(wanted) > CACHE_LIMIT:
            self.products.clear()
            wanted = {ln.sku: ln for s in sales for ln in s.lines}
        if not wanted:
            return
        known = _lookup(conn, "product", "sku", list(wanted))
        missing = [
            {"sku": k, "name": v.name, "category_id": v.category_id, "tag_price": v.tag_price}
            for k, v in wanted.items()
            if k not in known
        ]
        insert_ignoring_duplicates(session, Product, missing)
        if missing:
            known |= _lookup(conn, "product", "sku", [m["sku"] for m in missing])
        self.products.update(known)

    def _moment(self, conn: Connection, value: datetime) -> Any:
        found = self.moments.get(value)
        if found is None:
            if len(self.moments) >= CACHE_LIMIT:
                self.moments.clear()
            found = self.moments[value] = moment(conn, value)
        return found

    def _executemany(self, conn: Connection, fresh: "list[Sale]") -> None:
        now = moment(conn, utcnow())
        ids = reserve_ids(conn, Receipt.__table__, len(fresh))  # type: ignore[arg-type]
        customers, products = self.customers, self.products
        receipts, lines = [], []
        for sale, receipt_id in zip(fresh, ids, strict=True):
            sale.receipt_id = receipt_id
            customer_id = customers.get(sale.customer[1]) if sale.customer else None
            total = 0
            for i, ln in enumerate(sale.lines, start=1):
                paid = int(ln.paid * 100)
                total += paid
                lines.append(
                    (
                        receipt_id,
                        i,
                        products[ln.sku],
                        ln.sku,
                        ln.name,
                        ln.category_id,
                        ln.qty,
                        int(ln.tag_price * 100),
                        paid,
                    )
                )
            receipts.append(
                (
                    receipt_id,
                    sale.receipt_no,
                    sale.store_id,
                    sale.counter_id,
                    sale.staff_id,
                    customer_id,
                    self._moment(conn, sale.sold_at),
                    total,
                    now,
                )
            )
        insert_rows(conn, Receipt.__table__, RECEIPT_COLUMNS, receipts)  # type: ignore[arg-type]
        insert_rows(conn, ReceiptLine.__table__, LINE_COLUMNS, lines)  # type: ignore[arg-type]

    def _copy(self, conn: Connection, fresh: "list[Sale]", report: "ImportReport") -> "list[Sale]":
        """COPY into the staging table, one set-based insert; the sales actually stored."""
        customers, products = self.customers, self.products
        conn.exec_driver_sql(_STAGING)
        ids = reserve_ids(conn, Receipt.__table__, len(fresh))  # type: ignore[arg-type]
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        with cursor.copy(f"COPY import_line ({', '.join(STAGED_COLUMNS)}) FROM STDIN") as copy:
            for sale, receipt_id in zip(fresh, ids, strict=True):
                sale.receipt_id = receipt_id
                customer_id = customers.get(sale.customer[1]) if sale.customer else None
                total = sum((ln.paid for ln in sale.lines), Decimal(0))
                sold_at = self._moment(conn, sale.sold_at)
                for i, ln in enumerate(sale.lines, start=1):
                    copy.write_row(
                        (
                            receipt_id,
                            sale.receipt_no,
                            sale.first_line,
                            i,
                            sale.store_id,
                            sale.counter_id,
                            sale.staff_id,
                            customer_id,
                            sold_at,
                            total,
                            products[ln.sku],
                            ln.sku,
                            ln.name,
                            ln.category_id,
                            ln.qty,
                            ln.tag_price,
                            ln.paid,
                        )
                    )
        stored = set(conn.exec_driver_sql(_RECEIPTS_FROM_STAGING, (utcnow(),)).scalars().all())
        conn.exec_driver_sql(_LINES_FROM_STAGING)
        conn.exec_driver_sql("DROP TABLE import_line")
        kept = []
        for sale in fresh:
            if sale.receipt_id in stored:
                kept.append(sale)
            else:
                report.errors.append((sale.first_line, "receipt_no", "duplicate receipt number"))
        return kept
