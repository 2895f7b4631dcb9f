"""Bulk writes for the POS import: the driver's executemany, bypassing per-value processing.

A million lines through SQLAlchemy's typed parameters spends most of its time converting
values one by one in Python (measured: about 70% of the import). Here the values are put in
the database's own form once (money as integer fen on SQLite and Decimal on PostgreSQL,
times as naive UTC text on SQLite), ids are reserved up front, and rows go in with one
executemany per table. The columns are the models' columns; the tests read the rows back
through the ORM.
"""

from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Table, func, select, text


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
