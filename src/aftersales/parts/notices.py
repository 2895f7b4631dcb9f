"""Who hears about a work order's promises: its technician (the holder), the store's floor
supervisors when a promise lapses, the counter for a loaner (the rows: notify.messages_to)."""

from sqlalchemy.orm import Session

from aftersales.auth.models import Role
from aftersales.auth.people import Person, active_people


def people(session: Session) -> list[Person]:
    return active_people(
        session, roles=[Role.technician, Role.floor_supervisor, Role.counter_manager]
    )


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
