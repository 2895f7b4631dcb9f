"""Claims in the shape of the contract, on sales made for the test."""

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.auth.models import User
from aftersales.auth.principal import Principal
from aftersales.claims.schemas import ClaimCreate
from aftersales.sales import service as sales
from aftersales.sales.schemas import SaleCreate
from tests.sales.factories import sale_body

BOOTS = {
    "sku": "FW-2001",
    "name": "女士短靴",
    "category": "footwear",
    "qty": 1,
    "tag_price": "1299.00",
    "paid": "813.59",
}
KETTLE = {
    "sku": "AP-3001",
    "name": "电热水壶",
    "category": "appliance",
    "qty": 1,
    "tag_price": "399.00",
    "paid": "359.00",
}


def person(session: Session, username: str) -> Principal:
    return Principal.of(session.scalars(select(User).where(User.username == username)).one())


def sale(
    session: Session,
    *,
    days_ago: int = 10,
    lines: list[dict] | None = None,
    counter: str = "S1-F1-C01",
    store: str = "S1",
) -> str:
    """Record a sale `days_ago` days back; answer its receipt number."""
    body = sale_body(
        lines=lines or [BOOTS],
        counter=counter,
        store=store,
        sold_at=(datetime.now(UTC) - timedelta(days=days_ago)).isoformat(),
    )
    sales.record_sale(session, data=SaleCreate.model_validate(body), actor=person(session, "admin"))
    return body["receipt_no"]


def claim_body(receipt_no: str, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "receipt_no": receipt_no,
        "sku": BOOTS["sku"],
        "remedy": None,
        "problem": "size_fit",
        "part": None,
        "condition": ["worn"],
        "evidence": ["receipt"],
        "requested_on": None,
    }
    body.update(overrides)
    return body


def claim_in(receipt_no: str, **overrides: Any) -> ClaimCreate:
    return ClaimCreate.model_validate(claim_body(receipt_no, **overrides))


def do_step(session, *, step: str, work_order_id: int, body, actor, now):  # noqa: ANN001, ANN201
    """A work-order step as the desk takes it: hand-back through claims.fulfil (it closes
    the claim too), the others through repairs."""
    from aftersales.claims import fulfil
    from aftersales.repairs import steps

    if step == "hand-back":
        return fulfil.finish_repair(
            session,
            work_order_id=work_order_id,
            fixed=body.fixed,
            actor=actor,
            now=now,
            version=body.version,
        )
    return steps.do_step(
        session, step=step, work_order_id=work_order_id, body=body, actor=actor, now=now
    )
