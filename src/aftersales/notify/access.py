"""Who may read the outbox and send a message again: the admin, and level 3 and above, who
answer for what the customers and the ladder were told."""

from aftersales.auth.models import Role
from aftersales.auth.principal import Principal
from aftersales.auth.scope import LADDER_LEVEL
from aftersales.errors import Forbidden

READ_LEVEL = 3


def can_read_outbox(user: Principal | None) -> bool:
    if user is None:
        return False
    return user.role == Role.admin or LADDER_LEVEL.get(user.role, 0) >= READ_LEVEL


def require_outbox_reader(user: Principal) -> None:
    if not can_read_outbox(user):
        raise Forbidden()
