"""Erasing a customer on request (PIPL), across the domains that copied their contact.

The customers domain anonymises the person's own record; complaints, suggestions and
hotline questions hold copies of an e-mail address or a phone and clear them through their
own service functions. Those domains sit above customers in the layers, so the use case
that calls them all lives here, above every domain, with its two doors (the console form and the API);
claims and surveys copy no contact and keep only the customer's id. One transaction: the
erasure is whole or nothing. See docs/decisions.md."""

from datetime import datetime

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth.deps import CurrentUser, Db
from aftersales.auth.principal import Principal
from aftersales.complaints import privacy as complaint_privacy
from aftersales.complaints.models import Complaint
from aftersales.customers import privacy
from aftersales.customers.models import Customer
from aftersales.customers.pages import render_detail
from aftersales.customers.schemas import VersionIn
from aftersales.db import utcnow
from aftersales.feedback import privacy as suggestion_privacy
from aftersales.feedback.enquiries import privacy as enquiry_privacy
from aftersales.feedback.models import Suggestion
from aftersales.notify import service as notify
from aftersales.responses import JSONBytes
from aftersales.validation import Id
from aftersales.web.deps import PageUser
from aftersales.web.forms import Posted, form_action


def erase_person(
    session: Session,
    *,
    customer_id: int,
    actor: Principal,
    now: datetime,
    version: int | None = None,
) -> Customer:
    customer = privacy.customer_to_erase(
        session, customer_id=customer_id, actor=actor, version=version
    )
    addresses = _addresses(session, customer.id)  # read before they are cleared
    privacy.erase_customer(session, customer, actor=actor, now=now)
    complaint_privacy.forget_customer_contact(session, customer_id=customer.id, actor=actor)
    suggestion_privacy.forget_customer_contact(session, customer_id=customer.id, actor=actor)
    enquiry_privacy.forget_customer_contact(session, customer_id=customer.id, actor=actor)
    messages = notify.forget_recipients(session, addresses)
    after = {"messages": messages}
    audit.record(session, "customer", customer.id, "messages_erased", actor=actor, after=after)
    return customer


def _addresses(session: Session, customer_id: int) -> set[str]:
    """Where messages to the person went: their phone, and the e-mail addresses and phones
    they left on complaints and suggestions."""
    found = {
        *session.scalars(select(Customer.phone).where(Customer.id == customer_id)),
        *session.scalars(
            select(Complaint.contact_email).where(Complaint.customer_id == customer_id)
        ),
        *session.scalars(
            select(Suggestion.contact_email).where(Suggestion.customer_id == customer_id)
        ),
        *session.scalars(select(Suggestion.phone).where(Suggestion.customer_id == customer_id)),
        *enquiry_privacy.contacts_of(session, customer_id),
    }
    return {a for a in found if a}


pages = APIRouter(include_in_schema=False)
api = APIRouter(tags=["members"])


@pages.post("/customers/{customer_id}/erase")
def erase_page(
    request: Request, customer_id: Id, db: Db, user: PageUser, posted: Posted
) -> Response:
    return form_action(
        request,
        db,
        work=lambda: erase_person(db, customer_id=customer_id, actor=user, now=utcnow()),
        done="Customer erased",
        redirect=f"/customers/{customer_id}#privacy",
        again=lambda errors, status: render_detail(
            request, db, user, customer_id, errors=errors, form="privacy", status=status
        ),
    )


@api.post("/customers/{customer_id}/erase")
def erase_api(customer_id: Id, body: VersionIn, db: Db, user: CurrentUser) -> JSONBytes:
    customer = erase_person(
        db, customer_id=customer_id, actor=user, now=utcnow(), version=body.version
    )
    db.commit()
    return JSONBytes(
        {
            "id": customer.id,
            "erased_at": customer.erased_at.isoformat() if customer.erased_at else None,
        }
    )
