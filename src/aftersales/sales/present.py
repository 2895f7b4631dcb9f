"""Receipts as JSON for the API and as rows for the pages, masked by role."""

from typing import Any
from zoneinfo import ZoneInfo

from aftersales.auth.principal import Principal
from aftersales.auth.scope import mask_name, mask_phone, sees_pii
from aftersales.customers.models import Customer
from aftersales.sales.models import Receipt
from aftersales.sales.refs import Refs


def customer_json(customer: Customer | None, user: Principal | None) -> dict[str, Any] | None:
    if customer is None:
        return None
    show = user is None or sees_pii(user)
    return {
        "id": customer.id,
        "name": customer.name if show else mask_name(customer.name),
        "phone": customer.phone if show else mask_phone(customer.phone),
        "member_no": customer.member_no,
    }


def receipt_json(
    receipt: Receipt,
    refs: Refs,
    customer: Customer | None,
    user: Principal | None,
    tz: str = "Asia/Shanghai",
) -> dict[str, Any]:
    return {
        "id": receipt.id,
        "receipt_no": receipt.receipt_no,
        "store": refs.store_codes.get(receipt.store_id),
        "counter": refs.counter_codes.get(receipt.counter_id),
        "sold_at": receipt.sold_at.astimezone(ZoneInfo(tz)).isoformat(),
        "staff": refs.usernames.get(receipt.staff_id) if receipt.staff_id else None,
        "customer": customer_json(customer, user),
        "total_paid": f"{receipt.total_paid:.2f}",
        "lines": [
            {
                "line_no": ln.line_no,
                "sku": ln.sku,
                "name": ln.name,
                "category": refs.category_codes.get(ln.category_id),
                "qty": ln.qty,
                "tag_price": f"{ln.tag_price:.2f}",
                "paid": f"{ln.paid:.2f}",
            }
            for ln in receipt.lines
        ],
    }
