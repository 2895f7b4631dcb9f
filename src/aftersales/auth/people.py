"""Staff as the outbox addresses them: who they are, where they work, how to reach them."""

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.auth.models import User


@dataclass(frozen=True)
class Person:
    id: int
    role: str
    store_id: int | None
    counter_id: int | None
    email: str | None
    phone: str | None


_COLUMNS = (User.id, User.role, User.store_id, User.counter_id, User.email, User.phone)


def active_people(
    session: Session, *, roles: Iterable[str] | None = None, ids: Iterable[int] | None = None
) -> list[Person]:
    """The active users with one of `roles`, or with one of `ids`."""
    stmt = select(*_COLUMNS).where(User.active)
    if roles is not None:
        stmt = stmt.where(User.role.in_(list(roles)))
    if ids is not None:
        stmt = stmt.where(User.id.in_(list(ids)))
    return [Person(*row) for row in session.execute(stmt)]
