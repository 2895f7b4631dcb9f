"""Messages to a customer through the outbox, honouring PIPL consent: a care or marketing
message (birthday greetings, vouchers, thank-you letters, promotions) goes only to a
customer who agreed; a service message about their own case or suggestion always goes."""

from enum import StrEnum
from typing import Any

from sqlalchemy.orm import Session

from aftersales.customers.models import Customer
from aftersales.notify import service as notify
from aftersales.notify.models import OutboxMessage


class Purpose(StrEnum):
    service = "service"
    care = "care"
    marketing = "marketing"


def may_send(customer: Customer, purpose: Purpose) -> bool:
    return purpose == Purpose.service or bool(customer.marketing_consent)


def tell_customer(
    session: Session,
    *,
    customer: Customer,
    purpose: Purpose,
    subject: str,
    body: str,
    meta: dict[str, Any] | None = None,
) -> OutboxMessage | None:
    """Queue an SMS to the customer's mobile; None when consent forbids it or there is no
    mobile to send to (a landline gets a call or a letter instead)."""
    if not may_send(customer, purpose) or "-" in customer.phone:
        return None
    return notify.enqueue(
        session,
        channel="sms",
        recipient=customer.phone,
        subject=subject,
        body=body,
        meta={"customer_id": customer.id, "purpose": str(purpose)} | (meta or {}),
    )
