"""A suggestion or hotline question that was really a complaint: the complaint registered
through the complaints intake from the row's store, counter, text and contact, its
description naming the row's reference (linked both ways: the row keeps the complaint's id)."""

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from aftersales.auth.principal import Principal
from aftersales.complaints import service as complaints
from aftersales.complaints.schemas import ComplaintCreate
from aftersales.refs import refs


def register_from(
    session: Session,
    row: Any,  # noqa: ANN401 - a Suggestion or an Enquiry
    text: str,
    origin: str,
    complaint: dict[str, Any],
    *,
    actor: Principal,
    now: datetime,
) -> dict[str, int]:
    """The row's change that links it to the new complaint (`{"complaint_id": …}`);
    `origin` names the row in the description ("建议"), `complaint` holds the new
    complaint's channel, type and customer."""
    r = refs(session)
    data = ComplaintCreate.model_validate(
        complaint
        | {
            "store": r.store_codes.get(row.store_id),
            "counter": r.counter_codes.get(row.counter_id) if row.counter_id else None,
            "title": text[:60].replace("\n", " "),
            "description": f"{text}\n（由{origin} {row.reference} 转入）",
            "contact_email": row.contact_email,
        }
    )
    made = complaints.register_complaint(session, data=data, actor=actor, now=now)
    return {"complaint_id": made.id}
