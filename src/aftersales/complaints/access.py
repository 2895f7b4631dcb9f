"""Who sees and who may act on a complaint: scope by counter/store/group, level on the ladder.

Row locks are taken here only, always one complaint row at a time (no lock-order deadlocks).
"""

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from aftersales.auth.models import Role
from aftersales.auth.principal import Principal
from aftersales.auth.scope import LADDER_LEVEL, scope_of
from aftersales.complaints.errors import ComplaintNotFound, NotTheHolder
from aftersales.complaints.models import Complaint
from aftersales.errors import Forbidden, check_version

LEVEL_ROLE = {level: role for role, level in LADDER_LEVEL.items()}
TOP_LEVEL = 6
READERS = set(LADDER_LEVEL) | {Role.admin, Role.inspector, Role.warehouse, Role.technician}
WRITERS = set(LADDER_LEVEL) | {Role.admin}


def visible_complaints(user: Principal) -> Select[tuple[Complaint]]:
    """The one scoping helper: counter roles their counter, store roles their store."""
    if user.role not in READERS:
        raise Forbidden()
    stmt = select(Complaint)
    scope = scope_of(user.role)
    if scope == "counter":
        stmt = stmt.where(Complaint.counter_id == user.counter_id)
    elif scope == "store":
        stmt = stmt.where(Complaint.store_id == user.store_id)
    return stmt


def level_of(user: Principal) -> int:
    return LADDER_LEVEL.get(user.role, 0)


def get_visible(session: Session, *, user: Principal, complaint_id: int) -> Complaint:
    found = session.scalars(visible_complaints(user).where(Complaint.id == complaint_id)).first()
    if found is None:  # another store's complaint looks the same as a missing one
        raise ComplaintNotFound(field="id")
    return found


def lock(session: Session, *, user: Principal | None, complaint_id: int,
         version: int | None = None) -> Complaint:
    """The complaint, row-locked for this transaction, after the visibility and version check."""
    stmt = (visible_complaints(user) if user else select(Complaint)).where(
        Complaint.id == complaint_id)
    found = session.scalars(stmt.with_for_update().execution_options(populate_existing=True)
                            ).first()
    if found is None:
        raise ComplaintNotFound(field="id")
    check_version(found.version, version)
    return found


def require_handler(user: Principal, complaint: Complaint) -> None:
    """Acting on a case needs its level or a higher one (the admin may always)."""
    if user.role == Role.admin:
        return
    if user.role not in WRITERS or level_of(user) < complaint.level:
        raise NotTheHolder()


def lock_for_handling(session: Session, *, user: Principal, complaint_id: int,
                      version: int | None = None) -> Complaint:
    complaint = lock(session, user=user, complaint_id=complaint_id, version=version)
    require_handler(user, complaint)
    return complaint
