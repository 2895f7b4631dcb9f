"""Small read-only look-ups the complaint pages need beyond the service: a customer's other
cases, the size of a queue, the stores for the public form. All scoped like the service."""

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aftersales.audit.models import Event
from aftersales.auth.principal import Principal
from aftersales.complaints import access
from aftersales.complaints.ladder import OPEN
from aftersales.complaints.models import Complaint
from aftersales.customers.models import Customer
from aftersales.org.models import Store
from aftersales.sales import service as sales


def complaints_of_customer(
    session: Session, *, user: Principal, customer_id: int, limit: int = 20
) -> list[Complaint]:
    stmt = access.visible_complaints(user).where(Complaint.customer_id == customer_id)
    return list(
        session.scalars(
            stmt.order_by(Complaint.created_at.desc(), Complaint.id.desc()).limit(limit)
        )
    )


def queue_size(session: Session, *, user: Principal) -> int:
    """How many open cases wait at the user's level in their scope (the queue's filter)."""
    stmt = access.visible_complaints(user).where(
        Complaint.level == access.level_of(user), Complaint.status.in_(OPEN)
    )
    return session.execute(select(func.count()).select_from(stmt.subquery())).scalar_one()


def store_choices(session: Session) -> list[tuple[str, str]]:
    return [tuple(r) for r in session.execute(select(Store.code, Store.name).order_by(Store.code))]


def receipt_customer(session: Session, *, user: Principal, receipt_no: str) -> Customer | None:
    """The customer on a receipt the user may see (nothing for a receipt out of scope)."""
    found = sales.search_receipts(session, user=user, receipt_no=receipt_no, limit=1)
    if not found or found[0].customer_id is None:
        return None
    return session.get(Customer, found[0].customer_id)


def customer_cases(
    session: Session, *, user: Principal, customer: Customer | None
) -> dict[str, Any]:
    """The customer's other complaints and purchases for the complaint page."""
    if customer is None:
        return {"other_cases": [], "purchases": []}
    return {
        "other_cases": complaints_of_customer(session, user=user, customer_id=customer.id),
        "purchases": sales.search_receipts(session, user=user, phone=customer.phone, limit=10),
    }


# The agreement shows once: as the status it moves the case to (its own "agreed" event
# records the confirmation's details for staff).
PUBLIC_ACTIONS = {"registered", "escalated", "deescalated", "status_changed", "rated"}


def public_steps(session: Session, *, tracking_code: str) -> list[dict[str, Any]]:
    """The steps a customer may see: no people, no notes, only what happened when. Call it
    only after service.track() matched the code and the phone."""
    found = session.scalars(
        select(Complaint.id).where(Complaint.tracking_code == tracking_code)
    ).first()
    if found is None:
        return []
    events = session.scalars(
        select(Event)
        .where(
            Event.entity == "complaint", Event.entity_id == found, Event.action.in_(PUBLIC_ACTIONS)
        )
        .order_by(Event.id)
    )
    return [
        {
            "at": e.at,
            "action": e.action,
            "status": (e.after or {}).get("status"),
            "level": (e.after or {}).get("level"),
        }
        for e in events
    ]
