"""Customers: find or register by phone (the hot paths of sales and complaints).

Searching and reading a customer are scoped: see directory.py."""

from datetime import UTC

from sqlalchemy import Connection, bindparam, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from aftersales.customers.errors import MemberNumberTaken
from aftersales.customers.models import Customer
from aftersales.db import utcnow


def insert_ignoring_duplicates(session: Session, table: type, values: dict | list[dict]) -> None:
    """INSERT ... ON CONFLICT DO NOTHING on both databases (concurrent first sightings race).

    Given a list, one statement inserts them all (executemany).
    """
    if not values:
        return
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(table.__table__).on_conflict_do_nothing()  # type: ignore[attr-defined]
    session.connection().execute(statement, values)


def ensure_customers(conn: Connection, wanted: dict[str, tuple[str, str | None]]) -> dict[str, int]:
    """Ids of the customers with these phones, registering the unknown ones (bulk imports).

    `wanted` maps a normalised phone to (name, member_no). A phone whose member number is
    already someone else's is not registered and is absent from the answer. PostgreSQL:
    COPY into a staging table and one set-based insert; SQLite: executemany.
    """
    if not wanted:
        return {}
    if conn.dialect.name == "postgresql":
        return _ensure_customers_postgres(conn, wanted)
    phones = list(wanted)
    known = _ids_by_phone(conn, phones)
    missing = [p for p in phones if p not in known]
    if not missing:
        return known
    now = utcnow().astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    conn.exec_driver_sql(
        "INSERT OR IGNORE INTO customer (name, phone, member_no, created_at, version, "
        "marketing_consent) VALUES (?, ?, ?, ?, 1, 0)",
        [(wanted[p][0], p, wanted[p][1], now) for p in missing],
    )
    return known | _ids_by_phone(conn, missing)


def _ids_by_phone(conn: Connection, phones: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for start in range(0, len(phones), 500):
        chunk = phones[start : start + 500]
        marks = ", ".join(["?"] * len(chunk))
        rows = conn.exec_driver_sql(
            f"SELECT phone, id FROM customer WHERE phone IN ({marks})", tuple(chunk)
        )
        found.update(rows.tuples().all())
    return found


def _ensure_customers_postgres(
    conn: Connection, wanted: dict[str, tuple[str, str | None]]
) -> dict[str, int]:
    conn.exec_driver_sql(
        "CREATE TEMP TABLE import_customer (phone varchar(20), name varchar(60), "
        "member_no varchar(30)) ON COMMIT DROP"
    )
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    with cursor.copy("COPY import_customer (phone, name, member_no) FROM STDIN") as copy:
        for phone, (name, member_no) in wanted.items():
            copy.write_row((phone, name, member_no))
    conn.exec_driver_sql(
        "INSERT INTO customer (name, phone, member_no, created_at, version, marketing_consent) "
        "SELECT i.name, i.phone, i.member_no, now(), 1, false FROM import_customer i "
        "WHERE NOT EXISTS (SELECT 1 FROM customer c WHERE c.phone = i.phone) "
        "ON CONFLICT DO NOTHING"
    )
    rows = conn.exec_driver_sql(
        "SELECT c.phone, c.id FROM import_customer i JOIN customer c ON c.phone = i.phone"
    )
    found = dict(rows.tuples().all())
    conn.exec_driver_sql("DROP TABLE import_customer")
    return found


def find_customer_row(session: Session, *, phone: str) -> Customer | None:
    """The customer with this phone as a plain row (no ORM identity work): hot paths use it."""
    row = session.connection().execute(_BY_PHONE, {"phone": phone}).first()
    return (
        Customer(id=row.id, name=row.name, phone=row.phone, member_no=row.member_no)
        if row
        else None
    )


_BY_PHONE = select(
    Customer.__table__.c.id,
    Customer.__table__.c.name,
    Customer.__table__.c.phone,
    Customer.__table__.c.member_no,
).where(Customer.__table__.c.phone == bindparam("phone"))


def find_or_create_customer(
    session: Session, *, name: str, phone: str, member_no: str | None = None
) -> int:
    found = session.execute(select(Customer.id).where(Customer.phone == phone)).scalar()
    if found is not None:
        return found
    insert_ignoring_duplicates(
        session, Customer, {"name": name, "phone": phone, "member_no": member_no, "version": 1}
    )
    found = session.execute(select(Customer.id).where(Customer.phone == phone)).scalar()
    if found is None:  # the only other unique column: the member number is someone else's
        raise MemberNumberTaken(field="customer.member_no")
    return found
