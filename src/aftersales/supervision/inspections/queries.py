"""Read-side look-ups for inspections and actions, always through the scope in access.py."""

from datetime import datetime
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.auth.models import User
from aftersales.auth.principal import Principal
from aftersales.paging import Page, keyset_page, matching
from aftersales.supervision.inspections import access
from aftersales.supervision.inspections.models import (
    ActionStatus,
    CorrectiveAction,
    Inspection,
    InspectionScore,
)

# The rows recorded with an inspection: its scores and its corrective actions.
Line = TypeVar("Line", CorrectiveAction, InspectionScore)


def of_inspection(session: Session, model: type[Line], inspection_id: int) -> list[Line]:
    """The rows of `model` recorded with one inspection, in the order they were added."""
    stmt = select(model).where(model.inspection_id == inspection_id).order_by(model.id)
    return list(session.scalars(stmt))


def actions_of(session: Session, inspection_id: int) -> list[CorrectiveAction]:
    return of_inspection(session, CorrectiveAction, inspection_id)


def inspections_page(
    session: Session,
    *,
    user: Principal,
    store_id: int | None = None,
    counter_id: int | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> Page[Inspection]:
    stmt = matching(
        access.visible_inspections(user),
        (Inspection.store_id, store_id),
        (Inspection.counter_id, counter_id),
    )
    return keyset_page(
        session, stmt, at=Inspection.created_at, id_=Inspection.id, cursor=cursor, limit=limit
    )


def actions_page(
    session: Session,
    *,
    user: Principal,
    status: ActionStatus | None = None,
    mine: bool = False,
    cursor: str | None = None,
    limit: int = 50,
) -> Page[CorrectiveAction]:
    stmt = matching(
        access.visible_actions(user),
        (CorrectiveAction.status, status),
        (CorrectiveAction.owner_id, user.id if mine else None),
    )
    return keyset_page(
        session,
        stmt,
        at=CorrectiveAction.created_at,
        id_=CorrectiveAction.id,
        cursor=cursor,
        limit=limit,
    )


def waiting_for(session: Session, *, user: Principal) -> dict[str, list[CorrectiveAction]]:
    """The home page's work: actions I own that are open, and done ones I may verify."""
    if not access.can(user, "read"):
        return {"mine": [], "to_verify": []}
    mine = list(
        session.scalars(
            select(CorrectiveAction)
            .where(
                CorrectiveAction.owner_id == user.id, CorrectiveAction.status == ActionStatus.open
            )
            .order_by(CorrectiveAction.due_on)
            .limit(20)
        )
    )
    to_verify: list[CorrectiveAction] = []
    if user.role in access.VERIFIERS:
        to_verify = list(
            session.scalars(
                access.visible_actions(user)
                .where(
                    CorrectiveAction.status == ActionStatus.done,
                    CorrectiveAction.owner_id != user.id,
                )
                .order_by(CorrectiveAction.done_at)
                .limit(20)
            )
        )
    return {"mine": mine, "to_verify": to_verify}


def overdue(action: CorrectiveAction, today: datetime) -> bool:
    return action.status == ActionStatus.open and action.due_on < today.date()


def names_of(session: Session, ids: set[int | None]) -> dict[int, str]:
    """Display names for the people a page shows (inspector, owners, verifiers)."""
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    return dict(
        session.execute(select(User.id, User.display_name).where(User.id.in_(wanted)))
        .tuples()
        .all()
    )
