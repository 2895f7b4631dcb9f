"""The suggestions' part of a customer's erasure (PIPL): the phone and e-mail copied onto
their suggestions go (no reply can reach them any more); the texts and decisions stay."""

from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth.principal import Principal
from aftersales.feedback.models import Suggestion


def erase_contact(
    session: Session,
    model: Any,  # noqa: ANN401 - a table with a customer_id and the contact columns
    columns: tuple[str, ...],
    *,
    customer_id: int,
    actor: Principal,
) -> int:
    """Blank `columns` on the customer's rows of `model` that hold any of them, each row with
    its `contact_erased` event; the number of rows."""
    held = [getattr(model, name).is_not(None) for name in columns]
    rows = list(session.scalars(select(model).where(model.customer_id == customer_id, or_(*held))))
    for row in rows:
        for name in columns:
            setattr(row, name, None)
    session.flush()
    for row in rows:
        audit.record_on(
            session, row, "contact_erased", actor=actor, after={"customer_id": customer_id}
        )
    return len(rows)


def forget_customer_contact(session: Session, *, customer_id: int, actor: Principal) -> int:
    return erase_contact(
        session, Suggestion, ("phone", "contact_email"), customer_id=customer_id, actor=actor
    )
