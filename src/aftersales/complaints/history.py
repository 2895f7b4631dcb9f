"""A case's history: every event a complaint's own moves write stands on the complaint."""

from typing import Any

from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.audit.models import Event


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
        session,
        actor=actor,
        entity="complaint",
        entity_id=complaint_id,
        action=action,
        before=before,
        after=after,
    )
