"""Who may see the statistics and who may archive a month. Services raise on it; pages ask
it what to show."""

from aftersales.auth.models import Role
from aftersales.auth.principal import Principal
from aftersales.supervision.reports.errors import NotAllowed

# Level 3 and above on the ladder, the group's inspectors and the administrator.
READERS = frozenset(
    {
        Role.floor_supervisor,
        Role.manager_assistant,
        Role.dept_manager,
        Role.complaint_station,
        Role.inspector,
        Role.admin,
    }
)
# Level 5 and above, or the administrator, files the month (按月汇总归档).
ARCHIVERS = frozenset({Role.dept_manager, Role.complaint_station, Role.admin})

ACTIONS = {"read": READERS, "archive": ARCHIVERS}


def can(user: Principal | None, action: str) -> bool:
    return user is not None and Role(user.role) in ACTIONS[action]


def require(user: Principal, action: str) -> None:
    if not can(user, action):
        raise NotAllowed()
