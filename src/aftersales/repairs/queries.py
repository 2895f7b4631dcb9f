"""Reading work orders: the repair desk's list."""

from sqlalchemy.orm import Session

from aftersales.auth.principal import Principal
from aftersales.repairs.access import visible_work_orders
from aftersales.repairs.models import WorkOrder
from aftersales.repairs.state import OPEN


def open_work_orders(session: Session, *, user: Principal, limit: int = 100) -> list[WorkOrder]:
    """Due soonest first: what the repair desk must do next."""
    stmt = visible_work_orders(user).where(WorkOrder.status.in_([str(s) for s in OPEN]))
    return list(session.scalars(stmt.order_by(WorkOrder.due_at, WorkOrder.id).limit(limit)))
