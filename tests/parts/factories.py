"""Spare parts and work orders made for a test."""

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.org.models import Brand
from aftersales.parts import stock
from aftersales.parts.models import SparePart
from aftersales.repairs import service as repairs
from aftersales.repairs.models import WorkKind, WorkOrder
from aftersales.sales.models import Receipt, ReceiptLine
from tests.claims.factories import person, sale

NOW = datetime.now(UTC)
FRIDGE = {
    "sku": "AP-4470",
    "name": "海尔电冰箱BCD-470",
    "category": "appliance",
    "qty": 1,
    "tag_price": "4999.00",
    "paid": "4599.00",
}
PHONE = {
    "sku": "MP-8001",
    "name": "华为智能手机",
    "category": "mobile_phone",
    "qty": 1,
    "tag_price": "3999.00",
    "paid": "3799.00",
}


def part(session: Session, *, kind: str = "compressor", on_hand: int = 0) -> SparePart:
    brand = session.scalars(select(Brand).where(Brand.name == "海尔")).one()
    made = stock.add_part(
        session,
        code=f"T-{uuid.uuid4().hex[:10]}",
        brand_id=brand.id,
        model="BCD-470",
        kind=kind,
        name="压缩机",
        unit_cost=Decimal("420.00"),
        reorder_point=2,
        reorder_qty=5,
        actor=person(session, "warehouse"),
    )
    if on_hand:
        stock.receive_stock(
            session,
            part_id=made.id,
            location="S1",
            qty=on_hand,
            actor=person(session, "warehouse"),
            now=NOW,
        )
    return made


def work_order(
    session: Session,
    *,
    days_ago: int = 0,
    line: dict | None = None,
    sold_days_ago: int = 100,
    counter: str = "S1-F1-C01",
) -> WorkOrder:
    """A repair taken in `days_ago` days back on a sale of the item."""
    receipt_no = sale(session, days_ago=sold_days_ago, lines=[line or FRIDGE], counter=counter)
    item = session.scalars(
        select(ReceiptLine).join(Receipt).where(Receipt.receipt_no == receipt_no)
    ).one()
    receipt = session.scalars(select(Receipt).where(Receipt.receipt_no == receipt_no)).one()
    return repairs.open_work_order(
        session,
        item=repairs.RepairItem(
            claim_id=None,
            receipt_line_id=item.id,
            store_id=receipt.store_id,
            counter_id=receipt.counter_id,
            sku=item.sku,
            item_name=item.name,
            problem="performance_fault",
            part="compressor",
        ),
        kind=WorkKind.free,
        actor=person(session, "technician"),
        now=NOW - timedelta(days=days_ago),
    )
