"""Who may see and change what about a person: the person sees their own record, their
superiors (higher on the ladder, with a scope that reaches the person's place) and the
admin see it too; discipline and fines are for level 3 and above, never the inspector."""

from typing import TypeVar

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from aftersales.auth.models import Role, User
from aftersales.auth.principal import Principal
from aftersales.auth.scope import LADDER_LEVEL, scope_of
from aftersales.errors import Forbidden, NotFound, check_version
from aftersales.staff.models import DisciplineRecord, MonthlyRecord

T = TypeVar("T", DisciplineRecord, MonthlyRecord)
# A person's records a superior changes: the column naming the person, the right it takes.
CHANGED_BY: dict[type, tuple[str, str]] = {
    DisciplineRecord: ("staff_id", "fine"),
    MonthlyRecord: ("user_id", "review"),
}

FINERS = {Role.floor_supervisor, Role.manager_assistant, Role.dept_manager, Role.complaint_station}
TRAINERS = FINERS | {Role.admin}
REVIEWERS = FINERS | {Role.counter_manager}


def _level(role: str) -> int:
    return LADDER_LEVEL.get(Role(role), 0)


def reaches(user: Principal, person: User) -> bool:
    """Whether the user's scope covers the person's place."""
    scope = scope_of(user.role)
    if scope == "counter":
        return person.counter_id is not None and person.counter_id == user.counter_id
    if scope == "store":
        return person.store_id == user.store_id
    return True


def is_superior(user: Principal, person: User) -> bool:
    # Roles off the ladder (technician, warehouse, inspector) rank with the clerks.
    return _level(user.role) > max(_level(person.role), 1) and reaches(user, person)


def can(user: Principal, action: str, person: User | None = None) -> bool:
    if action == "list":
        return user.role == Role.admin or _level(user.role) >= 2
    if action == "train":
        return user.role in TRAINERS
    if person is None:
        return False
    if action == "see":
        return person.id == user.id or user.role == Role.admin or is_superior(user, person)
    if action in ("fine", "review"):
        allowed = FINERS if action == "fine" else REVIEWERS
        return user.role in allowed and person.id != user.id and is_superior(user, person)
    return False


def require(user: Principal, action: str, person: User | None = None) -> None:
    if not can(user, action, person):
        raise Forbidden()


def visible_people(user: Principal) -> Select:
    """The people a list may show: those the user is the superior of (all, for the admin)."""
    require(user, "list")
    stmt = select(User).where(User.active).order_by(User.store_id, User.counter_id, User.id)
    if user.role == Role.admin:
        return stmt
    below = [r for r, lvl in LADDER_LEVEL.items() if lvl < _level(user.role)]
    stmt = stmt.where(User.role.in_(below + [Role.technician, Role.warehouse]))
    scope = scope_of(user.role)
    if scope == "counter":
        return stmt.where(User.counter_id == user.counter_id)
    if scope == "store":
        return stmt.where(User.store_id == user.store_id)
    return stmt


def lock_record(
    session: Session, model: type[T], record_id: int, *, actor: Principal, version: int | None
) -> T:
    """A person's record (a discipline record, a month) locked for a superior's change:
    missing is 404, out of reach 403, a stale version 409."""
    owner, action = CHANGED_BY[model]
    row = session.get(model, record_id, with_for_update=True)
    if row is None:
        raise NotFound(field="id")
    require(actor, action, session.get(User, getattr(row, owner)))
    check_version(row.version, version)  # type: ignore[attr-defined]
    return row


def get_person(session: Session, *, user: Principal, person_id: int) -> User:
    person = session.get(User, person_id)
    if person is None or not can(user, "see", person):
        raise NotFound(field="id")
    return person
