"""Who sees and who may act on a complaint: scope by counter/store/group, level on the ladder.

Row locks are taken here only, always one complaint row at a time (no lock-order deadlocks).
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate, Protocol, TypeVar

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from aftersales.auth.models import Role
from aftersales.auth.principal import Principal
from aftersales.auth.scope import LADDER_LEVEL, scoped
from aftersales.complaints.errors import ComplaintNotFound, NotTheHolder
from aftersales.complaints.models import Complaint
from aftersales.complaints.moves import TOP_LEVEL
from aftersales.db import lock_one
from aftersales.errors import Forbidden

LEVEL_ROLE = {level: role for role, level in LADDER_LEVEL.items()}
READERS = set(LADDER_LEVEL) | {Role.admin, Role.inspector, Role.warehouse, Role.technician}
WRITERS = set(LADDER_LEVEL) | {Role.admin}
# Discipline against a colleague and the counter's management points are decided by the
# floor supervisor (现场主管) and above, never by the counter that is being judged.
VERIFY_LEVEL = 3


def visible_complaints(user: Principal) -> Select[tuple[Complaint]]:
    """The one scoping helper: counter roles their counter, store roles their store."""
    if user.role not in READERS:
        raise Forbidden()
    return scoped(select(Complaint), user, store=Complaint.store_id, counter=Complaint.counter_id)


def level_of(user: Principal) -> int:
    return LADDER_LEVEL.get(user.role, 0)


def get_visible(session: Session, *, user: Principal, complaint_id: int) -> Complaint:
    found = session.scalars(visible_complaints(user).where(Complaint.id == complaint_id)).first()
    if found is None:  # another store's complaint looks the same as a missing one
        raise ComplaintNotFound(field="id")
    return found


def lock(
    session: Session, *, user: Principal | None, complaint_id: int, version: int | None = None
) -> Complaint:
    """The complaint, row-locked for this transaction, after the visibility and version check."""
    stmt = (visible_complaints(user) if user else select(Complaint)).where(
        Complaint.id == complaint_id
    )
    found: Complaint = lock_one(
        session, stmt, missing=ComplaintNotFound(field="id"), version=version
    )
    return found


def can_handle(user: Principal, complaint: Complaint) -> bool:
    """Acting on a case needs its level or a higher one (the admin may always)."""
    if user.role == Role.admin:
        return True
    return user.role in WRITERS and level_of(user) >= complaint.level


def can_verify(user: Principal, complaint: Complaint) -> bool:
    """Recording a verified fault against staff or a counter: a handler at level 3 or above."""
    if user.role == Role.admin:
        return True
    return can_handle(user, complaint) and level_of(user) >= VERIFY_LEVEL


def can_upload(user: Principal) -> bool:
    return user.role in WRITERS


def lowest_level(complaint: Complaint) -> int:
    """The floor of de-escalation: a counter's case may go back to the counter, a store's
    to the floor supervisor, a group case stays at the complaint station."""
    if complaint.counter_id:
        return 1
    return 3 if complaint.store_id else TOP_LEVEL


def powers(user: Principal, complaint: Complaint) -> dict[str, bool]:
    """What the case page offers this user: the same answers the services enforce."""
    return {
        "handle": can_handle(user, complaint),
        "verify": can_verify(user, complaint),
        "upload": can_upload(user),
        "escalate": complaint.level < TOP_LEVEL,
    }


def require_handler(user: Principal, complaint: Complaint) -> None:
    if not can_handle(user, complaint):
        raise NotTheHolder()


def require_verifier(user: Principal, complaint: Complaint) -> None:
    if not can_verify(user, complaint):
        raise Forbidden()


def lock_for_handling(
    session: Session, *, user: Principal, complaint_id: int, version: int | None = None
) -> Complaint:
    complaint = lock(session, user=user, complaint_id=complaint_id, version=version)
    require_handler(user, complaint)
    return complaint


R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)


class LockedStep(Protocol[R_co]):
    """How doors, tasks and tests call a step: by the complaint's id (and the version the
    caller last saw, where it has one), the step's own fields as keywords."""

    def __call__(
        self,
        session: Session,
        *,
        complaint_id: int,
        actor: Principal,
        version: int | None = None,
        **given: Any,
    ) -> R_co: ...


Body = Callable[Concatenate[Session, Complaint, ...], R]


def _locked(step: Body[R], require: Callable[[Principal, Complaint], None]) -> LockedStep[R]:
    @wraps(step)
    def locked(
        session: Session,
        *,
        complaint_id: int,
        actor: Principal,
        version: int | None = None,
        **given: Any,
    ) -> R:
        c = lock(session, user=actor, complaint_id=complaint_id, version=version)
        require(actor, c)
        return step(session, c, actor=actor, **given)

    return locked


def handling_step(step: Body[R]) -> LockedStep[R]:
    """A step on a case by whoever may handle it at its level, written as
    `step(session, c, *, actor, now, ...)` and called as `step(session, complaint_id=...,
    actor=..., now=..., version=..., ...)`. It supplies `c`: the complaint, row-locked for
    this transaction after the visibility check, the version check (when a version is given)
    and the handler check (`lock_for_handling`)."""
    return _locked(step, require_handler)


def verifying_step(step: Body[R]) -> LockedStep[R]:
    """As `handling_step`, with the verifier's check instead of the handler's: the findings
    against staff or a counter."""
    return _locked(step, require_verifier)
