"""Who sees the service standards and the stores' delivery compensation rules, and who edits
them (one rule for both). Services raise on it; pages ask it what to show."""

from aftersales.auth.models import Role
from aftersales.auth.principal import Principal
from aftersales.errors import Forbidden

VIEWERS = frozenset(
    {
        Role.admin,
        Role.floor_supervisor,
        Role.manager_assistant,
        Role.dept_manager,
        Role.complaint_station,
        Role.inspector,
    }
)
EDITORS = frozenset({Role.admin})
ACTIONS = {"read": VIEWERS, "edit": EDITORS}


def can(user: Principal | None, action: str) -> bool:
    return user is not None and Role(user.role) in ACTIONS[action]


def require(user: Principal, action: str) -> None:
    if not can(user, action):
        raise Forbidden()
