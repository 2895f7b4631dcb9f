"""A case's history: every event a complaint's own moves write stands on the complaint."""

from typing import Any

from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.audit.models import Event
from aftersales.complaints.models import Complaint


def record(
    session: Session,
    complaint_id: int,
    *,
    actor: audit.Actor | None,
    action: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> Event:
    return audit.record(
        session, "complaint", complaint_id, action, actor=actor, before=before, after=after
    )


def record_change(
    session: Session,
    complaint: Complaint,
    action: str,
    *,
    actor: audit.Actor | None,
    after: dict[str, Any],
    before: dict[str, Any] | None = None,
) -> Event:
    """A change to the case row itself: flushed first, so the event names the version the
    change made (the last key of `after`, as the case's history shows it)."""
    session.flush()
    after = after | {"version": complaint.version}
    return record(session, complaint.id, actor=actor, action=action, before=before, after=after)
