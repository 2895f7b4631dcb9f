"""Receipts as JSON for the API and as rows for the pages, masked by role."""

from typing import Any
from zoneinfo import ZoneInfo

from aftersales.auth.principal import Principal
from aftersales.customers.models import Customer
from aftersales.customers.present import customer_json
from aftersales.refs import Refs
from aftersales.sales.models import Receipt
from aftersales.sales.record import RecordedSale
from aftersales.sales.schemas import SaleCreate


def _line_json(
    line_no: int, sku: str, name: str, category: str | None, qty: int, tag_price, paid
) -> dict[str, Any]:  # noqa: ANN001
    return {
        "line_no": line_no,
        "sku": sku,
        "name": name,
        "category": category,
        "qty": qty,
        "tag_price": f"{tag_price:.2f}",
        "paid": f"{paid:.2f}",
    }


def _head_json(
    receipt: Receipt | RecordedSale,
    refs: Refs,
    customer: Customer | None,
    user: Principal | None,
) -> dict[str, Any]:
    tz = refs.zone(receipt.store_id)
    return {
        "id": receipt.id,
        "receipt_no": receipt.receipt_no,
        "store": refs.store_codes.get(receipt.store_id),
        "counter": refs.counter_codes.get(receipt.counter_id),
        "sold_at": receipt.sold_at.astimezone(ZoneInfo(tz)).isoformat(),
        "staff": refs.usernames.get(receipt.staff_id) if receipt.staff_id else None,
        "customer": customer_json(customer, user),
        "total_paid": f"{receipt.total_paid:.2f}",
    }


def receipt_json(
    receipt: Receipt,
    refs: Refs,
    customer: Customer | None,
    user: Principal | None,
) -> dict[str, Any]:
    lines = [
        _line_json(
            ln.line_no,
            ln.sku,
            ln.name,
            refs.category_codes.get(ln.category_id),
            ln.qty,
            ln.tag_price,
            ln.paid,
        )
        for ln in receipt.lines
    ]
    return _head_json(receipt, refs, customer, user) | {"lines": lines}


def recorded_json(
    sale: RecordedSale,
    data: SaleCreate,
    refs: Refs,
    user: Principal | None,
) -> dict[str, Any]:
    """The stored receipt, built from what was just written rather than read back."""
    lines = [
        _line_json(i, ln.sku, ln.name, ln.category, ln.qty, ln.tag_price, ln.paid)
        for i, ln in enumerate(data.lines, start=1)
    ]
    return _head_json(sale, refs, sale.customer, user) | {"lines": lines}
