"""REST routes for spare parts: the catalogue and stock, a work order's reservations and
parts waits, the loaner step and the turnaround promises per category."""

from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel
from sqlalchemy.orm import Session

from aftersales.auth.deps import CurrentUser, Db
from aftersales.auth.principal import Principal
from aftersales.db import utcnow
from aftersales.doors import add_action, fields, service_step
from aftersales.parts import promises, queries, reserve, stock, waits
from aftersales.parts.access import READERS, require
from aftersales.parts.facts import line_facts
from aftersales.parts.models import PartReservation, PartsWait
from aftersales.parts.present import (
    part_json,
    reservation_json,
    stock_json,
    wait_json,
    watch_json,
)
from aftersales.parts.schemas import (
    CountIn,
    LoanerIn,
    PartCreate,
    PromiseIn,
    QtyIn,
    ReorderIn,
    ReserveIn,
    StockIn,
    WaitIn,
)
from aftersales.repairs.access import get_work_order
from aftersales.validation import Id

router = APIRouter(tags=["parts"])


@router.get("/parts")
def list_parts(
    db: Db,
    user: CurrentUser,
    brand: str | None = None,
    model: str | None = None,
    cursor: str | None = None,
) -> dict[str, Any]:
    brand_id = stock.brand_id(db, brand) if brand else None
    page = queries.catalogue(db, user=user, brand=brand_id, model=model, cursor=cursor)
    held = queries.stock_of(db, user=user, part_ids=[p.id for p in page.items])
    by_part: dict[int, list[dict[str, Any]]] = {}
    for s in held:
        by_part.setdefault(s.part_id, []).append(stock_json(s))
    return page.as_json([part_json(p) | {"stock": by_part.get(p.id, [])} for p in page.items])


@router.post("/parts", status_code=201)
def create_part(body: PartCreate, db: Db, user: CurrentUser) -> dict[str, Any]:
    part = stock.create_part(db, body, actor=user)
    db.commit()
    return part_json(part)


@router.get("/parts/low-stock")
def low_stock(db: Db, user: CurrentUser) -> dict[str, Any]:
    rows = queries.running_low(db, user=user)
    return {
        "items": [stock_json(r.stock) | {"part": part_json(r.part)} for r in rows],
        "next": None,
    }


@router.post("/parts/{part_id}/receive")
def receive(part_id: Id, body: StockIn, db: Db, user: CurrentUser) -> dict[str, Any]:
    row = stock.receive_stock(db, part_id=part_id, actor=user, now=utcnow(), **body.model_dump())
    db.commit()
    return stock_json(row)


@router.post("/parts/{part_id}/count")
def count(part_id: Id, body: CountIn, db: Db, user: CurrentUser) -> dict[str, Any]:
    row = stock.count_stock(
        db, part_id=part_id, location=body.location, on_hand=body.on_hand, actor=user
    )
    db.commit()
    return stock_json(row)


@router.post("/part-stock/{stock_id}/reorder")
def reorder(stock_id: Id, body: ReorderIn, db: Db, user: CurrentUser) -> dict[str, Any]:
    row = stock.place_reorder(db, stock_id=stock_id, qty=body.qty, actor=user, now=utcnow())
    db.commit()
    return stock_json(row)


@router.get("/work-orders/{work_order_id}/parts")
def work_order_parts(work_order_id: Id, db: Db, user: CurrentUser) -> dict[str, Any]:
    require(user, READERS)
    order = get_work_order(db, user=user, work_order_id=work_order_id)
    found = queries.order_parts(db, work_order_id=order.id)
    facts = (
        line_facts(db, receipt_line_id=order.receipt_line_id, now=utcnow())
        if order.receipt_line_id
        else None
    )
    return {
        "reservations": [reservation_json(r) for r in found["reservations"]],
        "waits": [wait_json(w) for w in found["waits"]],
        "promise": watch_json(promises.watch_of(db, work_order_id=order.id)),
        "facts": facts.__dict__ if facts else None,
    }


def _reservation(
    db: Session, user: Principal, held: PartReservation, request: Request
) -> dict[str, Any]:
    return reservation_json(held)


def _wait(db: Session, user: Principal, wait: PartsWait, request: Request) -> dict[str, Any]:
    return wait_json(wait)


# What a work order waits on or takes from the shelf, the body's fields as the keywords.
for path, name, body_type, step, answer in (
    ("/part-reservations", "reserve_part", ReserveIn, reserve.reserve, _reservation),
    ("/parts-waits", "start_wait", WaitIn, waits.start_wait, _wait),
):
    add_action(
        router,
        "/work-orders/{work_order_id}" + path,
        name,
        body_type,
        service_step(step, "work_order_id", BaseModel.model_dump),
        answer,
        status_code=201,
    )

# A reservation's moves that take a quantity: consumed on the job, or given back.
for path, name, move in (
    ("/consume", "consume", reserve.consume),
    ("/return", "give_back", reserve.return_to_stock),
):
    act = service_step(move, "reservation_id", fields("qty"))
    add_action(router, "/part-reservations/{reservation_id}" + path, name, QtyIn, act, _reservation)


@router.post("/part-reservations/{reservation_id}/release")
def release(reservation_id: Id, db: Db, user: CurrentUser) -> dict[str, Any]:
    held = reserve.release(db, reservation_id=reservation_id, actor=user, now=utcnow())
    db.commit()
    return reservation_json(held)


@router.post("/parts-waits/{wait_id}/end")
def end_wait(wait_id: Id, db: Db, user: CurrentUser) -> dict[str, Any]:
    wait = waits.end_wait(db, wait_id=wait_id, actor=user, now=utcnow())
    db.commit()
    return wait_json(wait)


@router.post("/work-orders/{work_order_id}/loaner")
def loaner(work_order_id: Id, body: LoanerIn, db: Db, user: CurrentUser) -> dict[str, Any]:
    watch = promises.give_loaner(
        db, work_order_id=work_order_id, note=body.note, actor=user, now=utcnow()
    )
    db.commit()
    return watch_json(watch) or {}


@router.get("/turnaround-promises")
def list_promises(db: Db, user: CurrentUser) -> dict[str, Any]:
    require(user, READERS)
    days = promises.promise_days(db)
    default = promises.rework_standard(db).amount
    return {"default_days": default, "items": [{"category": c, "days": d} for c, d in days.items()]}


@router.put("/turnaround-promises")
def set_promise(body: PromiseIn, db: Db, user: CurrentUser) -> dict[str, Any]:
    promises.set_promise(db, category=body.category, days=body.days, actor=user)
    db.commit()
    return {"category": body.category, "days": body.days}
