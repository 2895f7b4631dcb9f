"""Read hotline questions within the user's scope: a keyset-paged list, and the open ones
in the order they fall due."""

from sqlalchemy.orm import Session

from aftersales.auth.principal import Principal
from aftersales.feedback.enquiries.access import visible_enquiries
from aftersales.feedback.enquiries.models import Enquiry, EnquiryStatus
from aftersales.feedback.listing import RecordList

OPEN_LIMIT = 200


# the questions the caller sees, newest first: `ENQUIRIES.page(session, user=…, …)`
ENQUIRIES = RecordList(visible_enquiries, Enquiry, at=Enquiry.asked_at)


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
