"""The next move of a case on the ladder, decided once for both paths that move cases: the
manual escalate/send-down (ORM, one case) and the deadline sweep (set-based, a batch). Both
apply what these pure functions return, so the audit event and the message text are the
same whichever path moved the case."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol

TOP_LEVEL = 6
DEADLINE_REASON = "超时未反馈"  # the sweep's reason, in the words the people read
REPLY_REASON = "超时未答复顾客"  # the reply standard lapsed without a reply to the customer


class Due(StrEnum):
    """What the sweep does to a case whose clock has run."""

    escalate = "escalate"
    respond_overdue = "respond_overdue"
    warn = "deadline_warning"


class ReplyDue(StrEnum):
    """What the sweep does to a case whose reply clock (答复顾客) has run."""

    escalate = "escalate"
    overdue = "reply_overdue"
    warn = "reply_warning"


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


class ReplyClock(Protocol):
    level: int
    replied_at: datetime | None
    reply_overdue_at: datetime | None
    reply_by: datetime | None
    reply_warn_at: datetime | None


def reply_action(c: ReplyClock, now: datetime) -> ReplyDue | None:
    """A case not replied to by reply_by goes up a level once (at the top it is only marked
    overdue); before that, once, its holder is warned. reply_overdue_at stops both."""
    if c.replied_at is not None or c.reply_overdue_at is not None:
        return None
    if c.reply_by is not None and c.reply_by <= now:
        return ReplyDue.escalate if c.level < TOP_LEVEL else ReplyDue.overdue
    if c.reply_warn_at is not None and c.reply_warn_at <= now:
        return ReplyDue.warn
    return None


@dataclass(frozen=True, slots=True)
class Landing:
    """Where an escalation ends: the first level from the target up that has a person for
    the case. `skipped` names the empty levels passed over; `nobody` is true when no level
    up to the top has anyone (the case then waits at the top, the complaint station)."""

    level: int
    skipped: tuple[int, ...] = ()
    nobody: bool = False


def landing(target: int, staffed: Collection[int]) -> Landing:
    """Escalating to `target` with people only at the `staffed` levels (for this case's store
    and counter): a store with nobody at levels 2-4 hands a counter's case straight to 5."""
    for level in range(target, TOP_LEVEL + 1):
        if level in staffed:
            return Landing(level, tuple(range(target, level)))
    return Landing(TOP_LEVEL, tuple(range(target, TOP_LEVEL)), nobody=True)


def _levels(levels: Collection[int]) -> str:
    return "、".join(f"第{n}级" for n in levels)


def station_notice(*, tracking_code: str, title: str, landed: Landing) -> tuple[str, str] | None:
    """(subject, body) for the complaint station when an escalation passed over empty
    levels, so somebody hears of the gap in the ladder; None when nothing was skipped or
    the case has reached the station anyway (it hears of it in the hand-over message)."""
    if not landed.skipped or (landed.level == TOP_LEVEL and not landed.nobody):
        return None
    where = "无人可转，已转至投诉站" if landed.nobody else f"已越级转至第{landed.level}级"
    return (
        f"投诉 {tracking_code} 升级时层级无人",
        f"投诉“{title}”升级时{_levels(landed.skipped)}无人在岗，{where}，请安排人员。",
    )


class Handed(Protocol):
    """A case just handed to its new level, with that level's respond clock set."""

    tracking_code: str
    title: str
    level: int
    respond_by: datetime | None


def level_move(
    c: Handed,
    *,
    old_level: int,
    reason: str,
    version: int,
    local: Any,
    skipped: tuple[int, ...] = (),
) -> Move:  # noqa: ANN401 - local: datetime -> the store's wall clock
    """Hand a case from one level to another: the event and the message to the new level.
    `skipped` names the empty levels the case passed over on its way up."""
    new_level, respond_by = c.level, c.respond_by
    action = "escalated" if new_level > old_level else "deescalated"
    after = {"level": new_level, "reason": reason, "respond_by": respond_by, "version": version}
    gap = f"{_levels(skipped)}无人在岗，已越级转交；" if skipped else ""
    return Move(
        action=action,
        before={"level": old_level},
        after=after | {"skipped": list(skipped)} if skipped else after,
        subject=f"投诉 {c.tracking_code} 已转至您处理",
        body=f"投诉“{c.title}”已由第{old_level}级转至第{new_level}级处理（{gap}{reason}），"
        f"请于 {local(respond_by)} 前反馈。",
    )
