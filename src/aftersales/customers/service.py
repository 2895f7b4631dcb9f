"""Customers: find or register by phone (the hot paths of sales and complaints).

Searching and reading a customer are scoped: see directory.py."""

from sqlalchemy import bindparam, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from aftersales.customers.errors import MemberNumberTaken
from aftersales.customers.models import Customer


def insert_ignoring_duplicates(session: Session, table: type, values: dict | list[dict]) -> None:
    """INSERT ... ON CONFLICT DO NOTHING on both databases (concurrent first sightings race).

    Given a list, one statement inserts them all (executemany).
    """
    if not values:
        return
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(table.__table__).on_conflict_do_nothing()  # type: ignore[attr-defined]
    session.connection().execute(statement, values)


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
