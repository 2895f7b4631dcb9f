"""Who takes and answers hotline questions: the staff who talk to customers (the ladder's
roles, the service desk of a store among them) within their scope, as suggestions are
recorded; the inspectors read. Counter roles see the questions about their counter."""

from sqlalchemy import Select, select

from aftersales.auth.models import Role
from aftersales.auth.principal import Principal
from aftersales.auth.scope import LADDER_LEVEL, covers, scoped
from aftersales.errors import Forbidden
from aftersales.feedback.enquiries.models import Enquiry

TAKERS = set(LADDER_LEVEL) | {Role.admin}
READERS = TAKERS | {Role.inspector}
# The level that hears of a question left unanswered past its time: the store's 现场主管.
LAPSE_LEVEL = 3


def visible_enquiries(user: Principal) -> Select[tuple[Enquiry]]:
    if user.role not in READERS:
        raise Forbidden()
    return scoped(select(Enquiry), user, store=Enquiry.store_id, counter=Enquiry.counter_id)


def can(user: Principal, action: str, place: tuple[int, int | None] | None = None) -> bool:
    """`action`: read, take (a new question at `place` = (store_id, counter_id)), answer
    (answer or convert one the user can see)."""
    if action == "read":
        return user.role in READERS
    if user.role not in TAKERS:
        return False
    if action == "take" and place is not None:
        return covers(user, store_id=place[0], counter_id=place[1]) is None
    return action in {"take", "answer"}


def require(user: Principal, action: str, place: tuple[int, int | None] | None = None) -> None:
    if not can(user, action, place):
        raise Forbidden(field="store" if place is not None else None)
