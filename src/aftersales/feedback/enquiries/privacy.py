"""A customer erased on request (PIPL): the name, phone and e-mail copied onto their hotline
questions go; the questions and answers stay for the figures."""

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth.principal import Principal
from aftersales.feedback.enquiries.models import Enquiry


def contacts_of(session: Session, customer_id: int) -> set[str]:
    rows = session.execute(
        select(Enquiry.phone, Enquiry.contact_email).where(Enquiry.customer_id == customer_id)
    )
    return {a for row in rows for a in row if a}


def forget_customer_contact(session: Session, *, customer_id: int, actor: Principal) -> int:
    rows = list(
        session.scalars(
            select(Enquiry).where(
                Enquiry.customer_id == customer_id,
                or_(
                    Enquiry.phone.is_not(None),
                    Enquiry.contact_email.is_not(None),
                    Enquiry.caller_name.is_not(None),
                ),
            )
        )
    )
    for row in rows:
        row.caller_name, row.phone, row.contact_email = None, None, None
    session.flush()
    for row in rows:
        audit.record(
            session,
            actor=actor,
            entity="enquiry",
            entity_id=row.id,
            action="contact_erased",
            after={"customer_id": customer_id},
        )
    return len(rows)
