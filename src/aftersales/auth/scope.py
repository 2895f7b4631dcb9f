"""Who may see what: role levels on the escalation ladder, local scopes, personal data."""

from typing import Any, TypeVar

from sqlalchemy import Select

from aftersales.auth.models import Role, User
from aftersales.auth.principal import Principal

LADDER_LEVEL = {
    Role.staff: 1,
    Role.counter_manager: 2,
    Role.floor_supervisor: 3,
    Role.manager_assistant: 4,
    Role.dept_manager: 5,
    Role.complaint_station: 6,
}

COUNTER_ROLES = {Role.staff, Role.counter_manager}
STORE_ROLES = {
    Role.floor_supervisor,
    Role.manager_assistant,
    Role.technician,
    Role.driver,
    Role.warehouse,
}
GROUP_ROLES = {Role.dept_manager, Role.complaint_station, Role.inspector, Role.admin}

# The people who serve customers, at the counter and up the ladder.
LADDER_ROLES = frozenset(LADDER_LEVEL)
# Roles that talk to customers see their names and phones; the rest see them masked
# (technicians and drivers are at the customer's door).
PII_ROLES = LADDER_ROLES | {Role.technician, Role.driver}


def scope_of(role: Role) -> str:
    if role in COUNTER_ROLES:
        return "counter"
    if role in STORE_ROLES:
        return "store"
    return "group"


def level_of(user: User | Principal) -> int:
    return LADDER_LEVEL.get(Role(user.role), 0)


def sees_pii(user: User | Principal) -> bool:
    return Role(user.role) in PII_ROLES


def mask_phone(phone: str | None) -> str:
    if not phone:
        return ""
    digits = phone.replace("-", "")
    return f"{digits[:3]}****{digits[-4:]}" if len(digits) >= 8 else "****"


def mask_address(address: str | None) -> str:
    """A message's recipient as a reader without the need may see it: a phone or an e-mail."""
    if not address:
        return ""
    if "@" in address:
        local, _, domain = address.partition("@")
        return f"{local[:1]}****@{domain}"
    return mask_phone(address)


def mask_name(name: str | None) -> str:
    if not name:
        return ""
    return name[0] + "*" * max(1, len(name) - 1)


_S = TypeVar("_S", bound=Select[Any])


def covers(user: Principal, *, store_id: int | None, counter_id: int | None) -> str | None:
    """Whether a place lies within the user's scope: None when it does, else the scope
    ("counter" or "store") that it lies outside of, for the error to name."""
    scope = scope_of(user.role)
    if scope == "counter" and counter_id != user.counter_id:
        return "counter"
    if scope == "store" and store_id != user.store_id:
        return "store"
    return None


def scoped(stmt: _S, user: Principal, *, store: Any, counter: Any) -> _S:
    """The one scoping rule for every domain's queries: counter roles see their counter,
    store roles their store, group roles everything. `store` and `counter` are the columns
    of the scoped table that hold the place."""
    scope = scope_of(user.role)
    if scope == "counter":
        return stmt.where(counter == user.counter_id)
    if scope == "store":
        return stmt.where(store == user.store_id)
    return stmt
