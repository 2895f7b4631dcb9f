"""Parts for a work order: reserve them from a place's stock, consume them when the repair is
done, give back what was not used, take back to stock what came out again.

The reservation is one conditional UPDATE: `reserved = reserved + n WHERE on_hand - reserved
>= n`. Two technicians reserving the last part at once: one row count is 1, the other 0 and
a 422; no lock is held across the request and stock never goes negative.
"""

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from aftersales.auth.principal import Principal
from aftersales.parts import waits
from aftersales.parts.access import USERS, require
from aftersales.parts.errors import (
    MoreThanConsumed,
    MoreThanReserved,
    NotEnoughStock,
    ReservationClosed,
    ReservationNotFound,
    WorkOrderClosed,
)
from aftersales.parts.models import PartReservation, PartStock, ReservationStatus
from aftersales.parts.stock import S, change_on_hand, check_qty, usable_row
from aftersales.parts.trail import order_event
from aftersales.repairs.access import get_work_order
from aftersales.repairs.models import WorkOrder, WorkStatus

R = ReservationStatus


def open_work_order(session: Session, user: Principal, work_order_id: int) -> WorkOrder:
    order = get_work_order(session, user=user, work_order_id=work_order_id)
    if order.status == WorkStatus.handed_back:
        raise WorkOrderClosed(field="work_order_id")
    return order


def reserve(
    session: Session,
    *,
    work_order_id: int,
    part_id: int,
    location: str,
    qty: int,
    actor: Principal,
    now: datetime,
) -> PartReservation:
    require(actor, USERS)
    check_qty(qty)
    order = open_work_order(session, actor, work_order_id)
    row = usable_row(session, actor, part_id=part_id, location=location, create=False)
    taken = session.execute(
        update(S)
        .where(S.c.id == row.id, S.c.on_hand - S.c.reserved >= qty)
        .values(reserved=S.c.reserved + qty)
    )
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        session.refresh(row)
        raise NotEnoughStock(field="qty", extra={"available": row.on_hand - row.reserved})
    held = PartReservation(
        work_order_id=order.id,
        part_id=part_id,
        stock_id=row.id,
        qty=qty,
        status=R.reserved,
        created_at=now,
        created_by_id=actor.id,
    )
    session.add(held)
    session.flush()
    # The part is here now: a wait for it on this work order ends.
    waits.end_waits_for(session, work_order_id=order.id, part_id=part_id, actor=actor, now=now)
    _record(session, actor, held, "part_reserved", {"location": location})
    return held


def _locked(session: Session, user: Principal, reservation_id: int) -> PartReservation:
    held = session.get(PartReservation, reservation_id, with_for_update=True)
    if held is None:
        raise ReservationNotFound(field="reservation_id")
    open_work_order(session, user, held.work_order_id)  # scope, and not handed back
    if held.status != R.reserved:
        raise ReservationClosed(field="reservation_id")
    return held


def consume(
    session: Session, *, reservation_id: int, qty: int, actor: Principal, now: datetime
) -> PartReservation:
    """The repair used `qty` of the reserved parts; the rest of the reservation is freed."""
    require(actor, USERS)
    if isinstance(qty, bool) or not isinstance(qty, int) or qty < 0:
        raise MoreThanReserved("Must be zero or more", field="qty")
    held = _locked(session, actor, reservation_id)
    if qty > held.qty:
        raise MoreThanReserved(field="qty", extra={"reserved": held.qty})
    used = session.execute(
        update(S)
        .where(S.c.id == held.stock_id, S.c.reserved >= held.qty, S.c.on_hand >= qty)
        .values(on_hand=S.c.on_hand - qty, reserved=S.c.reserved - held.qty)
    )
    if used.rowcount != 1:  # type: ignore[attr-defined]
        raise MoreThanReserved(field="qty")
    held.consumed, held.status, held.closed_at = qty, R.consumed, now
    session.flush()
    _record(session, actor, held, "part_consumed", {"consumed": qty})
    return held


def release(
    session: Session, *, reservation_id: int, actor: Principal, now: datetime
) -> PartReservation:
    """The part is not needed after all: the whole reservation goes back to the shelf."""
    require(actor, USERS)
    held = _locked(session, actor, reservation_id)
    session.execute(
        update(S)
        .where(S.c.id == held.stock_id, S.c.reserved >= held.qty)
        .values(reserved=S.c.reserved - held.qty)
    )
    held.status, held.closed_at = R.released, now
    session.flush()
    _record(session, actor, held, "part_released", {})
    return held


def return_to_stock(
    session: Session, *, reservation_id: int, qty: int, actor: Principal, now: datetime
) -> PartReservation:
    """A consumed part came back unused (or was swapped back): it is on the shelf again."""
    require(actor, USERS)
    check_qty(qty)
    held = session.get(PartReservation, reservation_id, with_for_update=True)
    if held is None:
        raise ReservationNotFound(field="reservation_id")
    get_work_order(session, user=actor, work_order_id=held.work_order_id)
    if qty > held.consumed - held.returned:
        raise MoreThanConsumed(field="qty", extra={"returnable": held.consumed - held.returned})
    change_on_hand(session, stock_id=held.stock_id, delta=qty)
    held.returned += qty
    session.flush()
    _record(session, actor, held, "part_returned", {"returned": qty, "at": now})
    return held


def stock_for(session: Session, reservation: PartReservation) -> PartStock | None:
    return session.get(PartStock, reservation.stock_id)


def _record(
    session: Session,
    actor: Principal,
    held: PartReservation,
    action: str,
    extra: dict[str, object],
) -> None:
    after = {"reservation_id": held.id, "part_id": held.part_id, "qty": held.qty, **extra}
    order_event(session, held.work_order_id, action, actor=actor, after=after)
