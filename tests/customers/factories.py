"""Members and their sales, each test its own customer (a fresh phone and member number)."""

import random
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.customers.models import Member, PointEntry
from aftersales.sales import service as sales
from aftersales.sales.models import Receipt, ReceiptLine
from aftersales.sales.schemas import SaleCreate
from tests.claims.factories import person
from tests.sales.factories import sale_body

_rng = random.Random()


def new_phone() -> str:
    return f"147{_rng.randrange(10**8):08d}"


def new_member_no() -> str:
    return f"T{uuid.uuid4().hex[:10].upper()}"


def line(paid: str, sku: str = "FO-1002", category: str = "footwear") -> dict[str, Any]:
    return {
        "sku": sku,
        "name": "女士短靴",
        "category": category,
        "qty": 1,
        "tag_price": paid,
        "paid": paid,
    }


def member_sale(
    session: Session,
    *,
    member_no: str | None,
    phone: str,
    lines: list[dict] | None = None,
    days_ago: int = 3,
    name: str = "钱多多",
    counter: str = "S1-F1-C01",
    store: str = "S1",
) -> str:
    """Record a sale for the customer with `phone` (carrying `member_no`); its receipt no."""
    customer: dict[str, Any] = {"name": name, "phone": phone}
    if member_no:
        customer["member_no"] = member_no
    body = sale_body(
        lines=lines or [line("813.59")],
        customer=customer,
        counter=counter,
        store=store,
        sold_at=(datetime.now(UTC) - timedelta(days=days_ago)).isoformat(),
    )
    sales.record_sale(session, data=SaleCreate.model_validate(body), actor=person(session, "admin"))
    return body["receipt_no"]


def member(session: Session, member_no: str) -> Member:
    return session.scalars(
        select(Member)
        .where(Member.member_no == member_no)
        .execution_options(populate_existing=True)
    ).one()


def ledger(session: Session, member_id: int) -> list[PointEntry]:
    return list(
        session.scalars(
            select(PointEntry).where(PointEntry.member_id == member_id).order_by(PointEntry.id)
        )
    )


def line_ids(session: Session, receipt_no: str) -> list[int]:
    return list(
        session.scalars(
            select(ReceiptLine.id)
            .join(Receipt)
            .where(Receipt.receipt_no == receipt_no)
            .order_by(ReceiptLine.line_no)
        )
    )


def money(text: str) -> Decimal:
    return Decimal(text)
