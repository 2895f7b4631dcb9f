"""Reads of the spare-parts domain: the catalogue, stock by place, what runs low, a work
order's parts and waits."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aftersales.auth.principal import Principal
from aftersales.paging import Page, keyset_page, matching
from aftersales.parts.access import READERS, require, visible_stock
from aftersales.parts.models import PartReservation, PartStock, PartsWait, SparePart
from aftersales.repairs.access import visible_work_orders
from aftersales.repairs.models import WorkOrder, WorkStatus


def catalogue(
    session: Session,
    *,
    user: Principal,
    brand: int | None = None,
    model: str | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> Page[SparePart]:
    require(user, READERS)
    stmt = matching(
        select(SparePart).where(SparePart.active),
        (SparePart.brand_id, brand),
        (SparePart.model, model),
    )
    return keyset_page(
        session, stmt, at=SparePart.created_at, id_=SparePart.id, cursor=cursor, limit=limit
    )


def stock_of(session: Session, *, user: Principal, part_ids: list[int]) -> list[PartStock]:
    if not part_ids:
        return []
    stmt = visible_stock(user).where(PartStock.part_id.in_(part_ids))
    return list(session.scalars(stmt.order_by(PartStock.part_id, PartStock.location)))


@dataclass(frozen=True)
class LowStock:
    stock: PartStock
    part: SparePart

    @property
    def available(self) -> int:
        return self.stock.on_hand - self.stock.reserved


def running_low(session: Session, *, user: Principal, limit: int = 200) -> list[LowStock]:
    """Stock at or under the part's reorder point (free = on hand - reserved), set-based."""
    require(user, READERS)
    free = PartStock.on_hand - PartStock.reserved
    stmt = (
        visible_stock(user)
        .add_columns(SparePart)
        .join(SparePart, SparePart.id == PartStock.part_id)
        .where(SparePart.active, free <= SparePart.reorder_point)
        .order_by(free - SparePart.reorder_point, PartStock.id)
        .limit(limit)
    )
    return [LowStock(s, p) for s, p in session.execute(stmt).tuples()]


@dataclass(frozen=True)
class WaitingOrder:
    wait: PartsWait
    order: WorkOrder
    part: SparePart | None
    available: int  # of that part in the user's store and the central warehouse


def waiting_for_parts(session: Session, *, user: Principal, limit: int = 200) -> list[WaitingOrder]:
    """Open parts waits of open work orders, longest first: the parts to reserve."""
    orders = visible_work_orders(user).subquery()
    stmt = (
        select(PartsWait, WorkOrder, SparePart)
        .join(WorkOrder, WorkOrder.id == PartsWait.work_order_id)
        .join(orders, orders.c.id == WorkOrder.id)
        .outerjoin(SparePart, SparePart.id == PartsWait.part_id)
        .where(PartsWait.ended_at.is_(None), WorkOrder.status != WorkStatus.handed_back)
        .order_by(PartsWait.started_at)
        .limit(limit)
    )
    rows = session.execute(stmt).tuples().all()
    part_ids = list({p.id for _w, _o, p in rows if p is not None})
    free: dict[int, int] = {}
    if part_ids:
        sums = session.execute(
            visible_stock(user)
            .with_only_columns(PartStock.part_id, func.sum(PartStock.on_hand - PartStock.reserved))
            .where(PartStock.part_id.in_(part_ids))
            .group_by(PartStock.part_id)
        ).tuples()
        free = {pid: int(total or 0) for pid, total in sums}
    return [WaitingOrder(w, o, p, free.get(p.id, 0) if p else 0) for w, o, p in rows]


def _of_order(session: Session, model: Any, order_by: Any, work_order_id: int) -> list[Any]:
    """One table's rows of a work order (its reservations, its waits), in `order_by`."""
    stmt = select(model).where(model.work_order_id == work_order_id).order_by(order_by)
    return list(session.scalars(stmt))


def order_parts(session: Session, *, work_order_id: int) -> dict[str, Any]:
    held: list[PartReservation] = _of_order(
        session, PartReservation, PartReservation.id, work_order_id
    )
    waits: list[PartsWait] = _of_order(session, PartsWait, PartsWait.started_at, work_order_id)
    ids = {r.part_id for r in held} | {w.part_id for w in waits if w.part_id}
    parts = {p.id: p for p in session.scalars(select(SparePart).where(SparePart.id.in_(ids)))}
    stocks = {
        s.id: s
        for s in session.scalars(
            select(PartStock).where(PartStock.id.in_({r.stock_id for r in held}))
        )
    }
    return {"reservations": held, "waits": waits, "parts": parts, "stocks": stocks}


def parts_for_model(session: Session, *, user: Principal, sku: str) -> list[SparePart]:
    """Parts a technician may reserve for an item: every active part; the item's own model
    (its SKU or a model code in its name) first."""
    require(user, READERS)
    stmt = select(SparePart).where(SparePart.active).order_by(SparePart.code).limit(200)
    rows = list(session.scalars(stmt))
    return sorted(rows, key=lambda p: p.model != sku)


def as_of(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None
