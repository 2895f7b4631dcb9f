"""Who may see and act on which claims: role sets, one scoping helper, one locking read."""

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from aftersales.auth.models import Role
from aftersales.auth.principal import Principal
from aftersales.auth.scope import LADDER_LEVEL, LADDER_ROLES, scoped
from aftersales.claims.errors import ClaimNotFound, OverrideNotAllowed
from aftersales.claims.models import Claim
from aftersales.db import lock_one
from aftersales.errors import Forbidden

# People who serve customers open claims and deliver remedies.
WRITERS = LADDER_ROLES | {Role.admin}
# Technicians follow the claims behind their work orders, the warehouse the returns,
# inspectors audit.
READERS = WRITERS | {Role.technician, Role.warehouse, Role.inspector}
STOCK_KEEPERS = {Role.warehouse, Role.admin}
OVERRIDE_LEVEL = 3  # floor supervisor (现场主管) and up


def require(user: Principal, roles: set[Role]) -> None:
    if user.role not in roles:
        raise Forbidden()


def require_override(user: Principal) -> None:
    if user.role != Role.admin and LADDER_LEVEL.get(user.role, 0) < OVERRIDE_LEVEL:
        raise OverrideNotAllowed()


def visible_claims(user: Principal) -> Select[tuple[Claim]]:
    return scoped(select(Claim), user, store=Claim.store_id, counter=Claim.counter_id)


def get_claim(session: Session, *, user: Principal, claim_id: int) -> Claim:
    require(user, READERS)
    found = session.scalars(visible_claims(user).where(Claim.id == claim_id)).one_or_none()
    if found is None:  # another store's claim looks the same as a missing one
        raise ClaimNotFound(field="id")
    return found


def lock_claim(
    session: Session, *, user: Principal, claim_id: int, version: int | None = None
) -> Claim:
    stmt = visible_claims(user).where(Claim.id == claim_id)
    found: Claim = lock_one(session, stmt, missing=ClaimNotFound(field="id"), version=version)
    return found
