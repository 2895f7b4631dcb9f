"""Read hotline questions within the user's scope: a keyset-paged list, and the open ones
in the order they fall due."""

from sqlalchemy.orm import Session

from aftersales.auth.principal import Principal
from aftersales.feedback.enquiries.access import visible_enquiries
from aftersales.feedback.enquiries.models import Enquiry, EnquiryStatus
from aftersales.paging import Page, keyset_page, matching

OPEN_LIMIT = 200


def list_enquiries(
    session: Session,
    *,
    user: Principal,
    status: str | None = None,
    store_id: int | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> Page[Enquiry]:
    stmt = matching(visible_enquiries(user), (Enquiry.status, status), (Enquiry.store_id, store_id))
    return keyset_page(
        session, stmt, at=Enquiry.asked_at, id_=Enquiry.id, cursor=cursor, limit=limit
    )


def open_enquiries(session: Session, *, user: Principal) -> list[Enquiry]:
    """The questions still waiting for an answer, the one due first on top (index on
    status, answer_by)."""
    stmt = (
        visible_enquiries(user)
        .where(Enquiry.status == EnquiryStatus.open)
        .order_by(Enquiry.answer_by, Enquiry.id)
        .limit(OPEN_LIMIT)
    )
    return list(session.scalars(stmt))
