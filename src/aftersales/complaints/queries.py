"""Reading complaints: the keyset-paged list, the detail page with its history, the tasks."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.audit.models import Event
from aftersales.auth.principal import Principal
from aftersales.complaints import access
from aftersales.complaints.models import (
    Complaint,
    ComplaintAgreement,
    ComplaintAttachment,
    ComplaintContact,
    ComplaintOutcome,
    ComplaintPause,
    ComplaintStep,
    ComplaintTask,
    Status,
)
from aftersales.customers.models import Customer
from aftersales.paging import newest_first


@dataclass(frozen=True)
class ComplaintDetail:
    complaint: Complaint
    customer: Customer | None
    history: list[Event]
    steps: list[ComplaintStep]
    outcomes: list[ComplaintOutcome]
    agreements: list[ComplaintAgreement]
    tasks: list[ComplaintTask]
    contacts: list[ComplaintContact]
    attachments: list[ComplaintAttachment]
    pauses: list[ComplaintPause]


def list_complaints(
    session: Session,
    *,
    user: Principal,
    status: Status | None = None,
    store_id: int | None = None,
    counter_id: int | None = None,
    level: int | None = None,
    holder_id: int | None = None,
    after: tuple[datetime, int] | None = None,
    limit: int = 50,
) -> list[Complaint]:
    """Newest first, keyset-paged on (created_at, id); every filter is an indexed column."""
    stmt = access.visible_complaints(user)
    for column, value in (
        (Complaint.status, status),
        (Complaint.store_id, store_id),
        (Complaint.counter_id, counter_id),
        (Complaint.level, level),
        (Complaint.holder_id, holder_id),
    ):
        if value is not None:
            stmt = stmt.where(column == value)
    stmt = newest_first(stmt, at=Complaint.created_at, id_=Complaint.id, after=after).limit(limit)
    return list(session.scalars(stmt))


def _rows(session: Session, model: type, complaint_id: int) -> list:  # noqa: ANN401
    return list(
        session.scalars(select(model).where(model.complaint_id == complaint_id).order_by(model.id))
    )


def get_complaint(session: Session, *, user: Principal, complaint_id: int) -> ComplaintDetail:
    c = access.get_visible(session, user=user, complaint_id=complaint_id)
    customer = session.get(Customer, c.customer_id) if c.customer_id else None
    return ComplaintDetail(
        complaint=c,
        customer=customer,
        history=audit.history(session, entity="complaint", entity_id=c.id),
        steps=_rows(session, ComplaintStep, c.id),
        outcomes=_rows(session, ComplaintOutcome, c.id),
        agreements=_rows(session, ComplaintAgreement, c.id),
        tasks=_rows(session, ComplaintTask, c.id),
        contacts=_rows(session, ComplaintContact, c.id),
        attachments=_rows(session, ComplaintAttachment, c.id),
        pauses=_rows(session, ComplaintPause, c.id),
    )


def open_tasks(session: Session, *, user: Principal) -> list[ComplaintTask]:
    """The warehouse's (or technician's) to-do list in their store."""
    stmt = select(ComplaintTask).where(
        ComplaintTask.role == user.role, ComplaintTask.done_at.is_(None)
    )
    if user.store_id is not None:
        stmt = stmt.where(
            or_(ComplaintTask.store_id == user.store_id, ComplaintTask.store_id.is_(None))
        )
    return list(session.scalars(stmt.order_by(ComplaintTask.id)))
