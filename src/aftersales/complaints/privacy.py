"""The complaints' part of a customer's erasure (PIPL): the contact copied onto their
complaints goes; the cases, their texts for the record and their statistics stay."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.auth.principal import Principal
from aftersales.complaints import history
from aftersales.complaints.models import Complaint


def forget_customer_contact(session: Session, *, customer_id: int, actor: Principal) -> int:
    """Clear the e-mail address copied onto each of the customer's complaints, audited per
    case (the audit keeps that it went, not the address). Answers how many changed."""
    cases = list(
        session.scalars(
            select(Complaint).where(
                Complaint.customer_id == customer_id, Complaint.contact_email.is_not(None)
            )
        )
    )
    for case in cases:
        case.contact_email = None  # the version column moves with the UPDATE
    session.flush()
    gone = {"customer_id": customer_id}
    for case in cases:
        history.record(session, case.id, actor=actor, action="contact_erased", after=gone)
    return len(cases)
