"""Where a service order comes from: a receipt line (an appliance sale books its
installation or delivery), a claim, a complaint, or the clerk's own entry. Each gives the
store, the counter, the item and the customer to contact. Claims and complaints are read
from their tables (a higher domain's rows, read only), within the caller's scope."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.auth.principal import Principal
from aftersales.auth.scope import scoped
from aftersales.claims.models import Claim
from aftersales.complaints.models import Complaint
from aftersales.customers.models import Customer
from aftersales.errors import InvalidInput, NotFound
from aftersales.refs import refs
from aftersales.repairs.models import Source
from aftersales.repairs.schemas import ServiceOrderCreate
from aftersales.sales import service as sales
from aftersales.sales.models import ReceiptLine


@dataclass(frozen=True)
class Where:
    """Where the order comes from; the fields are the work order's columns of the same
    names."""

    source: Source
    store_id: int
    counter_id: int
    receipt_line_id: int | None
    claim_id: int | None
    customer_id: int | None
    sku: str
    item_name: str
    contact_name: str | None
    contact_phone: str | None


def _need(value: str | None, field: str) -> str:
    if not value:
        raise InvalidInput("%(field)s is required", params={"field": field}, field=field)
    return value


def _customer(session: Session, customer_id: int | None) -> Customer | None:
    return session.get(Customer, customer_id) if customer_id else None


def _contact(
    session: Session, data: ServiceOrderCreate, customer_id: int | None
) -> tuple[str | None, str]:
    """The contact typed on the order, else the customer's own name and phone."""
    customer = _customer(session, customer_id)
    name = data.contact_name or (customer.name if customer else None)
    phone = data.contact_phone or (customer.phone if customer else None)
    return name, _need(phone, "contact_phone")


def _from_receipt(session: Session, data: ServiceOrderCreate, actor: Principal) -> Where:
    receipt = sales.find_receipt_by_no(session, user=actor, receipt_no=data.receipt_no or "")
    line: ReceiptLine | None = next(
        (ln for ln in receipt.lines if ln.line_no == (data.line_no or 1)), None
    )
    if line is None:
        raise InvalidInput("No such line", field="line_no")
    return Where(
        Source.receipt,
        receipt.store_id,
        receipt.counter_id,
        line.id,
        None,
        receipt.customer_id,
        line.sku,
        line.name,
        *_contact(session, data, receipt.customer_id),
    )


# The records an order can come from, by the form's field that names one: the table, and
# what a missing one (or another store's) says.
LINKED: dict[str, tuple[type[Claim] | type[Complaint], str]] = {
    "claim_id": (Claim, "Claim not found"),
    "complaint_id": (Complaint, "Complaint not found"),
}


def _linked(session: Session, data: ServiceOrderCreate, actor: Principal, field: str) -> Any:
    """The claim or complaint the form names in `field`, within the caller's scope."""
    model, missing = LINKED[field]
    stmt = scoped(select(model), actor, store=model.store_id, counter=model.counter_id)
    found = session.scalars(stmt.where(model.id == getattr(data, field))).one_or_none()
    if found is None:
        raise NotFound(missing, field=field)
    return found


def _from_claim(session: Session, data: ServiceOrderCreate, actor: Principal) -> Where:
    claim: Claim = _linked(session, data, actor, "claim_id")
    return Where(
        Source.claim,
        claim.store_id,
        claim.counter_id,
        claim.receipt_line_id,
        claim.id,
        claim.customer_id,
        claim.sku,
        claim.item_name,
        *_contact(session, data, claim.customer_id),
    )


def _from_complaint(session: Session, data: ServiceOrderCreate, actor: Principal) -> Where:
    complaint: Complaint = _linked(session, data, actor, "complaint_id")
    if complaint.store_id is None or complaint.counter_id is None:
        return _by_hand(session, data, actor, source=Source.complaint, customer_id=None)
    return Where(
        Source.complaint,
        complaint.store_id,
        complaint.counter_id,
        None,
        None,
        complaint.customer_id,
        data.sku or "",
        data.item_name or complaint.product or complaint.title[:120],
        *_contact(session, data, complaint.customer_id),
    )


def _by_hand(
    session: Session,
    data: ServiceOrderCreate,
    actor: Principal,
    *,
    source: Source = Source.manual,
    customer_id: int | None = None,
) -> Where:
    r = refs(session)
    code = data.counter or r.counter_codes.get(actor.counter_id or 0)
    if code not in r.counters:
        raise InvalidInput("Unknown counter", field="counter")
    counter_id, store_id = r.counters[code]
    if actor.store_id not in (None, store_id) or actor.counter_id not in (None, counter_id):
        raise InvalidInput("Not your counter", field="counter")
    return Where(
        source,
        store_id,
        counter_id,
        None,
        None,
        customer_id,
        data.sku or "",
        _need(data.item_name, "item_name"),
        _need(data.contact_name, "contact_name"),
        _need(data.contact_phone, "contact_phone"),
    )


def resolve(session: Session, *, data: ServiceOrderCreate, actor: Principal) -> Where:
    if data.receipt_no:
        return _from_receipt(session, data, actor)
    if data.claim_id:
        return _from_claim(session, data, actor)
    if data.complaint_id:
        return _from_complaint(session, data, actor)
    return _by_hand(session, data, actor)
