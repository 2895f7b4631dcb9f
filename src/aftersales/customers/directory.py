"""Find customers within the user's scope: search by name, phone or member number, and
read one. Another store's customer looks the same as a missing one."""

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from aftersales.auth.principal import Principal
from aftersales.customers.access import visible_customers
from aftersales.customers.errors import CustomerNotFound, SearchTooShort
from aftersales.customers.models import Customer

MIN_QUERY = 3


def escape_like(text: str) -> str:
    """`%` and `_` are literal characters in a customer search, never wildcards."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_customers(
    session: Session, *, user: Principal, q: str, limit: int = 50
) -> list[Customer]:
    q = q.strip()
    if len(q) < MIN_QUERY:
        raise SearchTooShort(field="q")
    prefix = escape_like(q) + "%"
    digits = q.replace("-", "").replace(" ", "")
    if digits.isdigit():
        match = or_(
            Customer.phone.like(escape_like(digits) + "%", escape="\\"), Customer.member_no == q
        )
    else:
        match = or_(Customer.name.like(prefix, escape="\\"), Customer.member_no == q)
    stmt = visible_customers(user).where(match).order_by(Customer.id.desc()).limit(limit)
    return list(session.scalars(stmt))


def get_customer(
    session: Session, *, user: Principal, customer_id: int, for_update: bool = False
) -> Customer:
    stmt = visible_customers(user).where(Customer.id == customer_id)
    if for_update:
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
    found = session.scalars(stmt).one_or_none()
    if found is None:
        raise CustomerNotFound(field="id")
    return found


def is_visible(session: Session, *, user: Principal, customer_id: int) -> bool:
    stmt = visible_customers(user).where(Customer.id == customer_id).with_only_columns(Customer.id)
    return session.execute(stmt).first() is not None


def by_ids(session: Session, ids: set[int]) -> dict[int, Customer]:
    if not ids:
        return {}
    return {c.id: c for c in session.scalars(select(Customer).where(Customer.id.in_(ids)))}
