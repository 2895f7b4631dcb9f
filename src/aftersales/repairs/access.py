"""Who sees and works on which work orders: one scoping helper, one locking read."""

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from aftersales.auth.models import Role
from aftersales.auth.principal import Principal
from aftersales.auth.scope import LADDER_ROLES, scoped
from aftersales.db import lock_one
from aftersales.errors import Forbidden
from aftersales.repairs.errors import WorkOrderNotFound
from aftersales.repairs.models import WorkOrder

# Counter and store people follow their repairs; technicians do the work; the
# warehouse and inspectors only look.
READERS = {r for r in Role}
TECHNICIANS = {Role.technician, Role.admin}
# The customer accepts a quote and collects the item at the counter, or at the repair desk.
COUNTER_STEPS = TECHNICIANS | LADDER_ROLES
STEP_ROLES = {
    "diagnose": TECHNICIANS,
    "quote": TECHNICIANS,
    "accept-quote": COUNTER_STEPS,
    "send-to-factory": TECHNICIANS,
    "repaired": TECHNICIANS,
    "hand-back": COUNTER_STEPS,
}


def visible_work_orders(user: Principal) -> Select[tuple[WorkOrder]]:
    return scoped(select(WorkOrder), user, store=WorkOrder.store_id, counter=WorkOrder.counter_id)


def get_work_order(session: Session, *, user: Principal, work_order_id: int) -> WorkOrder:
    found = session.scalars(
        visible_work_orders(user).where(WorkOrder.id == work_order_id)
    ).one_or_none()
    if found is None:  # another store's work order looks the same as a missing one
        raise WorkOrderNotFound(field="id")
    return found


def lock_work_order(
    session: Session, *, user: Principal, work_order_id: int, version: int | None = None
) -> WorkOrder:
    stmt = visible_work_orders(user).where(WorkOrder.id == work_order_id)
    order: WorkOrder = lock_one(
        session, stmt, missing=WorkOrderNotFound(field="id"), version=version
    )
    return order


def require_step_role(user: Principal, step: str) -> None:
    if user.role not in STEP_ROLES[step]:
        raise Forbidden()
