"""A customer erased on request (PIPL): the name, phone and e-mail copied onto their hotline
questions go; the questions and answers stay for the figures."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.auth.principal import Principal
from aftersales.feedback.enquiries.models import Enquiry
from aftersales.feedback.privacy import erase_contact


def contacts_of(session: Session, customer_id: int) -> set[str]:
    rows = session.execute(
        select(Enquiry.phone, Enquiry.contact_email).where(Enquiry.customer_id == customer_id)
    )
    return {a for row in rows for a in row if a}


def forget_customer_contact(session: Session, *, customer_id: int, actor: Principal) -> int:
    columns = ("caller_name", "phone", "contact_email")
    return erase_contact(session, Enquiry, columns, customer_id=customer_id, actor=actor)
