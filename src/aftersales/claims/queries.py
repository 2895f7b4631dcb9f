"""Reading claims: one claim with its work orders and stock, and keyset-paged lists."""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.auth.principal import Principal
from aftersales.claims.access import READERS, require, visible_claims
from aftersales.claims.models import Claim, ClaimStatus, ReturnedStock
from aftersales.claims.state import OPEN
from aftersales.paging import matching, newest_first
from aftersales.repairs.models import WorkOrder


def list_claims(
    session: Session,
    *,
    user: Principal,
    status: str | None = None,
    store_id: int | None = None,
    open_only: bool = False,
    after: tuple[datetime, int] | None = None,
    limit: int = 50,
) -> list[Claim]:
    """Newest first, keyset-paged on (opened_at, id)."""
    require(user, READERS)
    stmt = visible_claims(user)
    if status:
        stmt = stmt.where(Claim.status == status)
    elif open_only:
        stmt = stmt.where(Claim.status.in_([str(s) for s in OPEN]))
    stmt = matching(stmt, (Claim.store_id, store_id))
    stmt = newest_first(stmt, at=Claim.opened_at, id_=Claim.id, after=after).limit(limit)
    return list(session.scalars(stmt))


def work_orders_of(session: Session, *, claim_ids: list[int]) -> dict[int, list[WorkOrder]]:
    if not claim_ids:
        return {}
    found: dict[int, list[WorkOrder]] = {}
    rows = session.scalars(
        select(WorkOrder).where(WorkOrder.claim_id.in_(claim_ids)).order_by(WorkOrder.id)
    )
    for order in rows:
        found.setdefault(order.claim_id or 0, []).append(order)
    return found


def stock_of(session: Session, *, claim_id: int) -> ReturnedStock | None:
    return session.scalars(
        select(ReturnedStock).where(ReturnedStock.claim_id == claim_id)
    ).one_or_none()


__all__ = ["ClaimStatus", "list_claims", "stock_of", "work_orders_of"]
