"""The catalogue and the stock: add a part, receive goods, count stock, place a reorder.

Stock changes are conditional UPDATEs (`... WHERE on_hand + :delta >= reserved`) checked by
their row count, so concurrent requests can never take stock below zero or below what is
promised to work orders; the table's CHECK constraints hold the same line in the database.
"""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth.principal import Principal
from aftersales.errors import InvalidInput
from aftersales.org.models import Brand
from aftersales.parts.access import KEEPERS, may_use_place, require
from aftersales.parts.errors import (
    DuplicatePartCode,
    NegativeStock,
    PartNotFound,
    QuantityInvalid,
    StockNotFound,
)
from aftersales.parts.models import CENTRAL, PartStock, SparePart
from aftersales.parts.schemas import PartCreate
from aftersales.refs import refs

S = PartStock.__table__


def check_qty(qty: int, field: str = "qty") -> None:
    if isinstance(qty, bool) or not isinstance(qty, int) or qty < 1:
        raise QuantityInvalid(field=field)


def brand_id(session: Session, brand: str) -> int | None:
    """A brand by its code (B04) or its name (百丽)."""
    return session.scalar(select(Brand.id).where((Brand.code == brand) | (Brand.name == brand)))


def create_part(session: Session, data: PartCreate, *, actor: Principal) -> SparePart:
    """A new catalogue part as either door takes it: the brand by its code or name."""
    found = brand_id(session, data.brand)
    if found is None:
        raise InvalidInput("Unknown brand", field="brand")
    return add_part(session, brand_id=found, actor=actor, **data.model_dump(exclude={"brand"}))


def add_part(
    session: Session,
    *,
    code: str,
    brand_id: int,
    model: str,
    kind: str,
    name: str,
    unit_cost: Decimal,
    reorder_point: int,
    reorder_qty: int,
    actor: Principal,
) -> SparePart:
    require(actor, KEEPERS)
    if reorder_point < 0:
        raise NegativeStock(field="reorder_point")
    check_qty(reorder_qty, "reorder_qty")
    if unit_cost < 0:
        raise InvalidInput("Must not be negative", field="unit_cost")
    if session.scalar(select(SparePart.id).where(SparePart.code == code)) is not None:
        raise DuplicatePartCode(field="code")
    part = SparePart(
        code=code,
        brand_id=brand_id,
        model=model,
        kind=kind,
        name=name,
        unit_cost=unit_cost,
        reorder_point=reorder_point,
        reorder_qty=reorder_qty,
        active=True,
    )
    after = {"code": code, "model": model, "kind": kind, "reorder_point": reorder_point}
    audit.record_added(session, part, actor=actor, action="part_added", after=after)
    return part


def get_part(session: Session, part_id: int) -> SparePart:
    part = session.get(SparePart, part_id)
    if part is None:
        raise PartNotFound(field="part_id")
    return part


def store_of(session: Session, location: str) -> int | None:
    if location == CENTRAL:
        return None
    store_id = refs(session).stores.get(location)
    if store_id is None:
        raise InvalidInput("Unknown place", field="location")
    return store_id


def stock_row(session: Session, *, part_id: int, location: str, create: bool) -> PartStock:
    """The stock row of a part at a place; receiving goods at a new place starts one."""
    row = session.scalars(
        select(PartStock).where(PartStock.part_id == part_id, PartStock.location == location)
    ).one_or_none()
    if row is not None or not create:
        if row is None:
            raise StockNotFound(field="location")
        return row
    get_part(session, part_id)
    row = PartStock(part_id=part_id, location=location, store_id=store_of(session, location))
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:  # another request started it a moment ago
        return stock_row(session, part_id=part_id, location=location, create=False)
    return row


def usable_row(
    session: Session, actor: Principal, *, part_id: int, location: str, create: bool
) -> PartStock:
    """`stock_row` at a place the actor may use; another store's shelf looks missing."""
    row = stock_row(session, part_id=part_id, location=location, create=create)
    if not may_use_place(actor, row):
        raise StockNotFound(field="location")
    return row


def change_on_hand(session: Session, *, stock_id: int, delta: int, field: str = "qty") -> None:
    """Add `delta` (negative: take out) unless that leaves less than is reserved."""
    result = session.execute(
        update(S)
        .where(S.c.id == stock_id, S.c.on_hand + delta >= S.c.reserved)
        .values(on_hand=S.c.on_hand + delta)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise NegativeStock(field=field)


def receive_stock(
    session: Session,
    *,
    part_id: int,
    location: str,
    qty: int,
    actor: Principal,
    now: datetime,
    note: str = "",
) -> PartStock:
    """Goods in (a delivery, or a part taken back): on hand grows; an open reorder is done."""
    require(actor, KEEPERS)
    check_qty(qty)
    row = usable_row(session, actor, part_id=part_id, location=location, create=True)
    change_on_hand(session, stock_id=row.id, delta=qty)
    session.execute(update(S).where(S.c.id == row.id).values(ordered_qty=0, ordered_at=None))
    session.refresh(row)
    _record(session, actor, row, "stock_received", {"qty": qty, "note": note, "at": now})
    return row


def count_stock(
    session: Session, *, part_id: int, location: str, on_hand: int, actor: Principal
) -> PartStock:
    """A stock count: set what is on the shelf. Never below zero nor below the reserved."""
    require(actor, KEEPERS)
    if isinstance(on_hand, bool) or not isinstance(on_hand, int) or on_hand < 0:
        raise NegativeStock(field="on_hand")
    row = usable_row(session, actor, part_id=part_id, location=location, create=True)
    before = row.on_hand
    result = session.execute(
        update(S).where(S.c.id == row.id, S.c.reserved <= on_hand).values(on_hand=on_hand)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise NegativeStock(
            "Less than is reserved for work orders",
            field="on_hand",
        )
    session.refresh(row)
    _record(session, actor, row, "stock_counted", {"on_hand": on_hand}, {"on_hand": before})
    return row


def place_reorder(
    session: Session, *, stock_id: int, qty: int | None, actor: Principal, now: datetime
) -> PartStock:
    """The warehouse orders more of a part running low (the to-do's reorder line)."""
    require(actor, KEEPERS)
    row = session.get(PartStock, stock_id, with_for_update=True)
    if row is None or not may_use_place(actor, row):
        raise StockNotFound(field="stock_id")
    amount = qty if qty is not None else get_part(session, row.part_id).reorder_qty
    check_qty(amount)
    row.ordered_qty, row.ordered_at = amount, now
    session.flush()
    _record(session, actor, row, "reorder_placed", {"qty": amount})
    return row


def _record(
    session: Session,
    actor: Principal,
    row: PartStock,
    action: str,
    after: dict[str, object],
    before: dict[str, object] | None = None,
) -> None:
    audit.record(
        session,
        "spare_part",
        row.part_id,
        action,
        actor=actor,
        before=before,
        after={"location": row.location, "on_hand": row.on_hand, **after},
    )
