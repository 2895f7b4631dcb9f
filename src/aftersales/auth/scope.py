"""Who may see what: role levels on the escalation ladder, local scopes, personal data."""

from aftersales.auth.models import Role, User

LADDER_LEVEL = {
    Role.staff: 1,
    Role.counter_manager: 2,
    Role.floor_supervisor: 3,
    Role.manager_assistant: 4,
    Role.dept_manager: 5,
    Role.complaint_station: 6,
}

COUNTER_ROLES = {Role.staff, Role.counter_manager}
STORE_ROLES = {Role.floor_supervisor, Role.manager_assistant, Role.technician, Role.warehouse}
GROUP_ROLES = {Role.dept_manager, Role.complaint_station, Role.inspector, Role.admin}

# Roles that talk to customers see their names and phones; the rest see them masked.
PII_ROLES = {
    Role.staff,
    Role.counter_manager,
    Role.floor_supervisor,
    Role.manager_assistant,
    Role.dept_manager,
    Role.complaint_station,
    Role.technician,
}


def scope_of(role: Role) -> str:
    if role in COUNTER_ROLES:
        return "counter"
    if role in STORE_ROLES:
        return "store"
    return "group"


def level_of(user: User) -> int:
    return LADDER_LEVEL.get(Role(user.role), 0)


def sees_pii(user: User) -> bool:
    return Role(user.role) in PII_ROLES


def mask_phone(phone: str | None) -> str:
    if not phone:
        return ""
    digits = phone.replace("-", "")
    return f"{digits[:3]}****{digits[-4:]}" if len(digits) >= 8 else "****"


def mask_name(name: str | None) -> str:
    if not name:
        return ""
    return name[0] + "*" * max(1, len(name) - 1)
