"""Who may do what with policy versions. Services raise on it; pages ask it what to show."""

from aftersales.auth.models import Role
from aftersales.auth.principal import Principal
from aftersales.errors import Forbidden

# Editing, replaying and activating the rules every counter decides by is the
# administrator's work; managers read the versions and their replays.
READERS = {
    Role.admin,
    Role.dept_manager,
    Role.manager_assistant,
    Role.complaint_station,
    Role.floor_supervisor,
}
ACTIONS = {
    "read": READERS,
    "edit": {Role.admin},
    "replay": {Role.admin},
    "activate": {Role.admin},
}


def can(user: Principal, action: str) -> bool:
    return user.role in ACTIONS.get(action, set())


def require(user: Principal, action: str) -> None:
    if not can(user, action):
        raise Forbidden()
