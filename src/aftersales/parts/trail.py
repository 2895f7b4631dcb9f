"""The parts desk's events, written on the work order they belong to (its history panel
reads them there): a reservation's moves, a parts wait, the promise's due times."""

from typing import Any

from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth.principal import Principal


def order_event(
    session: Session,
    work_order_id: int,
    action: str,
    *,
    actor: Principal | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    audit.record(
        session, "work_order", work_order_id, action, actor=actor, before=before, after=after
    )
