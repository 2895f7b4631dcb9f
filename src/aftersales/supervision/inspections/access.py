"""Who may do what with inspections and corrective actions. Services raise on it; pages
only ask it what to show."""

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from aftersales.auth.models import Role, User
from aftersales.auth.principal import Principal
from aftersales.auth.scope import LADDER_LEVEL, scope_of, scoped
from aftersales.db import lock_one
from aftersales.errors import Forbidden, NotFound
from aftersales.supervision.inspections.models import CorrectiveAction, Inspection

# The contract: the inspector and level 3 and above record inspections.
RECORDERS = {
    Role.inspector,
    Role.floor_supervisor,
    Role.manager_assistant,
    Role.dept_manager,
    Role.complaint_station,
}
# Verifying an action needs someone who answers for the counter or checks it: never the owner.
VERIFIERS = RECORDERS | {Role.counter_manager, Role.admin}
READERS = VERIFIERS | {Role.staff}


def can(user: Principal, action: str, obj: object | None = None) -> bool:
    if action == "record":
        return user.role in RECORDERS
    if action == "edit_templates":
        return user.role == Role.admin
    if action == "read":
        return user.role in READERS
    if isinstance(obj, CorrectiveAction):
        if action == "done":
            return obj.owner_id == user.id and obj.status == "open"
        if action == "verify":
            return user.role in VERIFIERS and obj.owner_id != user.id and obj.status == "done"
    return False


def require(user: Principal, action: str, obj: object | None = None) -> None:
    if not can(user, action, obj):
        raise Forbidden()


def covers(user: Principal, *, store_id: int, counter_id: int | None) -> bool:
    """Whether the user's scope reaches this place."""
    scope = scope_of(user.role)
    if scope == "counter":
        return counter_id is not None and user.counter_id == counter_id
    if scope == "store":
        return user.store_id == store_id
    return True


def visible_inspections(user: Principal) -> Select:
    require(user, "read")
    return scoped(
        select(Inspection), user, store=Inspection.store_id, counter=Inspection.counter_id
    )


def visible_actions(user: Principal) -> Select:
    require(user, "read")
    stmt = select(CorrectiveAction)
    if user.role == Role.staff:  # a clerk sees the actions they own
        return stmt.where(CorrectiveAction.owner_id == user.id)
    return scoped(stmt, user, store=CorrectiveAction.store_id, counter=CorrectiveAction.counter_id)


def get_inspection(session: Session, *, user: Principal, inspection_id: int) -> Inspection:
    row = session.scalars(visible_inspections(user).where(Inspection.id == inspection_id)).first()
    if row is None:
        raise NotFound(field="id")
    return row


def get_action(session: Session, *, user: Principal, action_id: int) -> CorrectiveAction:
    row = session.scalars(visible_actions(user).where(CorrectiveAction.id == action_id)).first()
    if row is None:
        raise NotFound(field="id")
    return row


def lock_action(
    session: Session, *, user: Principal, action_id: int, version: int | None
) -> CorrectiveAction:
    """The action to change, locked and read afresh, as new as the one the caller read."""
    stmt = visible_actions(user).where(CorrectiveAction.id == action_id)
    return lock_one(session, stmt, missing=NotFound(field="id"), version=version)


def superior_of(session: Session, owner: User) -> User | None:
    """The next person up the ladder whose scope covers the owner's place: a clerk's counter
    manager, a counter manager's floor supervisor, and so on; roles off the ladder
    (technician, warehouse, inspector) answer to the floor supervisor."""
    level = LADDER_LEVEL.get(Role(owner.role), 2)
    for role, lvl in sorted(LADDER_LEVEL.items(), key=lambda kv: kv[1]):
        if lvl <= level:
            continue
        stmt = select(User).where(User.role == role, User.active).order_by(User.id)
        if scope_of(role) == "counter":
            stmt = stmt.where(User.counter_id == owner.counter_id)
        elif scope_of(role) == "store":
            stmt = stmt.where(User.store_id == owner.store_id)
        found = session.scalars(stmt).first()
        if found is not None and (owner.counter_id or scope_of(role) != "counter"):
            return found
    return None
