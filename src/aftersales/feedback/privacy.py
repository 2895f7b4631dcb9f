"""The suggestions' part of a customer's erasure (PIPL): the phone and e-mail copied onto
their suggestions go (no reply can reach them any more); the texts and decisions stay."""

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth.principal import Principal
from aftersales.feedback.models import Suggestion


def forget_customer_contact(session: Session, *, customer_id: int, actor: Principal) -> int:
    rows = list(
        session.scalars(
            select(Suggestion).where(
                Suggestion.customer_id == customer_id,
                or_(Suggestion.phone.is_not(None), Suggestion.contact_email.is_not(None)),
            )
        )
    )
    for row in rows:
        row.phone, row.contact_email = None, None
    session.flush()
    for row in rows:
        audit.record(
            session,
            actor=actor,
            entity="suggestion",
            entity_id=row.id,
            action="contact_erased",
            after={"customer_id": customer_id},
        )
    return len(rows)
