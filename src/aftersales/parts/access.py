"""Who works with spare parts: the warehouse keeps the catalogue and the stock, technicians
reserve and use parts on their work orders; store people see their store and the central
warehouse, group roles everything."""

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from aftersales.auth.models import Role
from aftersales.auth.principal import Principal
from aftersales.auth.scope import scope_of
from aftersales.errors import Forbidden
from aftersales.parts.errors import StockNotFound
from aftersales.parts.models import CENTRAL, PartStock

KEEPERS = {Role.warehouse, Role.admin}
USERS = KEEPERS | {Role.technician}
READERS = USERS | {
    Role.floor_supervisor,
    Role.manager_assistant,
    Role.dept_manager,
    Role.complaint_station,
    Role.inspector,
}


def require(user: Principal, roles: set[Role]) -> None:
    if user.role not in roles:
        raise Forbidden()


def visible_stock(user: Principal) -> Select[tuple[PartStock]]:
    stmt = select(PartStock)
    if scope_of(user.role) != "group":
        stmt = stmt.where(or_(PartStock.store_id == user.store_id, PartStock.location == CENTRAL))
    return stmt


def may_use_place(user: Principal, stock: PartStock) -> bool:
    return (
        scope_of(user.role) == "group"
        or stock.location == CENTRAL
        or (stock.store_id == user.store_id)
    )


def get_stock(session: Session, *, user: Principal, part_id: int, location: str) -> PartStock:
    stmt = visible_stock(user).where(PartStock.part_id == part_id, PartStock.location == location)
    found = session.scalars(stmt).one_or_none()
    if found is None:
        raise StockNotFound(field="location")
    return found
