"""Who sees and who decides suggestions: any staff role records them within its scope;
the triage queue and the decisions belong to level 3 (现场主管) and above."""

from sqlalchemy import Select, select

from aftersales.auth.models import Role
from aftersales.auth.principal import Principal
from aftersales.auth.scope import LADDER_LEVEL, scope_of, scoped
from aftersales.errors import Forbidden
from aftersales.feedback.models import Suggestion

TRIAGE_LEVEL = 3


def visible_suggestions(user: Principal) -> Select[tuple[Suggestion]]:
    return scoped(
        select(Suggestion), user, store=Suggestion.store_id, counter=Suggestion.counter_id
    )


def can(user: Principal, action: str, place: tuple[int, int | None] | None = None) -> bool:
    """`action`: record (at `place` = (store_id, counter_id)), triage (classify, decide,
    implemented, convert)."""
    if action == "record":
        return place is None or _in_scope(user, *place)
    if action == "triage":
        return user.role == Role.admin or LADDER_LEVEL.get(user.role, 0) >= TRIAGE_LEVEL
    return False


def _in_scope(user: Principal, store_id: int, counter_id: int | None) -> bool:
    scope = scope_of(user.role)
    if scope == "counter":
        return counter_id is not None and counter_id == user.counter_id
    if scope == "store":
        return store_id == user.store_id
    return True


def require(user: Principal, action: str, place: tuple[int, int | None] | None = None) -> None:
    if not can(user, action, place):
        raise Forbidden()
