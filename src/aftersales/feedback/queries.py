"""Read suggestions within the user's scope: one, or a keyset-paged list."""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.auth.principal import Principal
from aftersales.feedback.access import visible_suggestions
from aftersales.feedback.errors import SuggestionNotFound
from aftersales.feedback.listing import RecordList
from aftersales.feedback.models import Suggestion
from aftersales.paging import matching


def get_suggestion(session: Session, *, user: Principal, suggestion_id: int) -> Suggestion:
    found = session.scalars(
        visible_suggestions(user).where(Suggestion.id == suggestion_id)
    ).one_or_none()
    if found is None:  # another store's suggestion looks the same as a missing one
        raise SuggestionNotFound(field="id")
    return found


# the suggestions the caller sees, newest first: `SUGGESTIONS.page(session, user=…, …)`
SUGGESTIONS = RecordList(visible_suggestions, Suggestion, at=Suggestion.created_at)


def adopted_between(
    session: Session, *, start: datetime, end: datetime, store_id: int | None = None
) -> list[Suggestion]:
    """The suggestions adopted (or since implemented) in [start, end): for the monthly
    report's list of adopted suggestions."""
    stmt = select(Suggestion).where(
        Suggestion.decision == "adopted",
        Suggestion.decided_at >= start,
        Suggestion.decided_at < end,
    )
    stmt = matching(stmt, (Suggestion.store_id, store_id))
    return list(session.scalars(stmt.order_by(Suggestion.decided_at, Suggestion.id)))
