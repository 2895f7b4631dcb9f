"""What the warehouse has to do, read from the domains that own each piece of work."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.auth.models import Role
from aftersales.auth.principal import Principal
from aftersales.claims.models import ReturnedStock
from aftersales.complaints import service as complaints
from aftersales.complaints.models import Complaint
from aftersales.errors import Forbidden
from aftersales.parts import queries as parts

WAREHOUSE = {Role.warehouse, Role.admin}
LIMIT = 200


@dataclass(frozen=True)
class ToDo:
    ship: list[tuple[Any, Any]]  # (complaint task, its complaint)
    returned: list[ReturnedStock]
    reserve: list[parts.WaitingOrder]
    reorder: list[parts.LowStock]

    @property
    def total(self) -> int:
        return len(self.ship) + len(self.returned) + len(self.reserve) + len(self.reorder)


def returned_to_confirm(session: Session, *, user: Principal) -> list[ReturnedStock]:
    stmt = select(ReturnedStock).where(ReturnedStock.confirmed_at.is_(None))
    if user.store_id is not None and user.role != Role.admin:
        stmt = stmt.where(ReturnedStock.store_id == user.store_id)
    return list(session.scalars(stmt.order_by(ReturnedStock.received_at).limit(LIMIT)))


def to_do(session: Session, *, user: Principal) -> ToDo:
    if user.role not in WAREHOUSE:
        raise Forbidden()
    # An admin sees the warehouse's tasks as the warehouse sees them.
    tasks = complaints.open_tasks(session, user=user) if user.role == Role.warehouse else []
    ids = {t.complaint_id for t in tasks}
    titles = {c.id: c for c in session.scalars(select(Complaint).where(Complaint.id.in_(ids)))}
    return ToDo(
        ship=[(t, titles.get(t.complaint_id)) for t in tasks[:LIMIT]],
        returned=returned_to_confirm(session, user=user),
        reserve=[w for w in parts.waiting_for_parts(session, user=user) if w.available > 0],
        reorder=[r for r in parts.running_low(session, user=user) if r.stock.ordered_qty == 0],
    )
