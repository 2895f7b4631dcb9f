"""Outbox rows about a work order's promises: to its technician (the holder), to the store's
floor supervisors when a promise lapses, to the counter for a loaner."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.auth.models import Role, User


@dataclass(frozen=True)
class Person:
    id: int
    role: str
    store_id: int | None
    counter_id: int | None
    email: str | None
    phone: str | None


def people(session: Session) -> list[Person]:
    roles = [Role.technician, Role.floor_supervisor, Role.counter_manager]
    rows = session.execute(
        select(User.id, User.role, User.store_id, User.counter_id, User.email, User.phone).where(
            User.active, User.role.in_(roles)
        )
    )
    return [Person(*row) for row in rows]


def pick(
    everyone: list[Person],
    *,
    role: str,
    store_id: int,
    counter_id: int | None = None,
    user_id: int | None = None,
) -> list[Person]:
    if user_id is not None:
        named = [p for p in everyone if p.id == user_id]
        if named:
            return named
    if counter_id is not None:
        return [p for p in everyone if p.role == role and p.counter_id == counter_id]
    return [p for p in everyone if p.role == role and p.store_id == store_id]


def messages(
    who: list[Person], *, subject: str, body: str, meta: dict[str, object]
) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for person in who:
        for channel, address in (("email", person.email), ("sms", person.phone)):
            if address:
                rows.append(
                    {
                        "channel": channel,
                        "recipient": address,
                        "subject": subject,
                        "body": body,
                        "meta": meta | {"user_id": person.id},
                    }
                )
    return rows
