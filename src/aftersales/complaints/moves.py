"""The next move of a case on the ladder, decided once for both paths that move cases: the
manual escalate/send-down (ORM, one case) and the deadline sweep (set-based, a batch). Both
apply what these pure functions return, so the audit event and the message text are the
same whichever path moved the case."""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol

TOP_LEVEL = 6
DEADLINE_REASON = "超时未反馈"  # the sweep's reason, in the words the people read


class Due(StrEnum):
    """What the sweep does to a case whose clock has run."""

    escalate = "escalate"
    respond_overdue = "respond_overdue"
    warn = "deadline_warning"


class CaseClock(Protocol):
    level: int
    first_response_at: datetime | None
    respond_overdue_at: datetime | None
    respond_by: datetime | None
    warn_at: datetime | None


@dataclass(frozen=True, slots=True)
class Move:
    action: str
    after: dict[str, Any]
    before: dict[str, Any]
    subject: str
    body: str


def due_action(c: CaseClock, now: datetime) -> Due | None:
    """A case waiting for its first response past respond_by goes up a level, or at the top
    is marked overdue; before that, once, a warning."""
    waiting = c.first_response_at is None and c.respond_overdue_at is None
    if waiting and c.respond_by is not None and c.respond_by <= now:
        return Due.escalate if c.level < TOP_LEVEL else Due.respond_overdue
    if c.warn_at is not None and c.warn_at <= now:
        return Due.warn
    return None


def level_move(
    *,
    tracking_code: str,
    title: str,
    old_level: int,
    new_level: int,
    reason: str,
    respond_by: datetime | None,
    version: int,
    local: Any,
) -> Move:  # noqa: ANN401 - local: datetime -> the store's wall clock
    """Hand a case from one level to another: the event and the message to the new level."""
    action = "escalated" if new_level > old_level else "deescalated"
    return Move(
        action=action,
        before={"level": old_level},
        after={"level": new_level, "reason": reason, "respond_by": respond_by, "version": version},
        subject=f"投诉 {tracking_code} 已转至您处理",
        body=f"投诉“{title}”已由第{old_level}级转至第{new_level}级处理（{reason}），"
        f"请于 {local(respond_by)} 前反馈。",
    )
