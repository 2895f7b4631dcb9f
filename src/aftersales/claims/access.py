"""Who may see and act on which claims: role sets, one scoping helper, one locking read,
and the decorator that makes a writer's step out of a function of the locked claim."""

from collections.abc import Callable, Collection
from datetime import datetime
from functools import wraps
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from aftersales.auth.models import Role
from aftersales.auth.principal import Principal
from aftersales.auth.scope import LADDER_LEVEL, LADDER_ROLES, scoped
from aftersales.claims.errors import ClaimNotFound, OverrideNotAllowed, TransitionNotAllowed
from aftersales.claims.models import Claim, ClaimStatus
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


def writer_step(
    starts: Collection[ClaimStatus],
) -> Callable[[Callable[..., Claim]], Callable[..., Claim]]:
    """Makes a writer's step on a claim out of a function of the locked claim.

    The step keeps the house keyword API, `step(session, claim_id=…, actor=…, now=…,
    version=…, **own)`. It supplies the claim: the actor must be a writer, the claim is
    locked at the version the caller read and must be in one of the states the step
    `starts` from; then it calls `fn(session, claim, actor=…, now=…, **own)`."""

    def make(fn: Callable[..., Claim]) -> Callable[..., Claim]:
        @wraps(fn)
        def step(
            session: Session,
            *,
            claim_id: int,
            actor: Principal,
            now: datetime,
            version: int | None = None,
            **own: Any,
        ) -> Claim:
            require(actor, WRITERS)
            claim = lock_claim(session, user=actor, claim_id=claim_id, version=version)
            if claim.status not in starts:
                raise TransitionNotAllowed(field="status", extra={"status": str(claim.status)})
            return fn(session, claim, actor=actor, now=now, **own)

        return step

    return make
