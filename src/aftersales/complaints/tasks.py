"""The deadline sweep: escalate a complaint one level when its holder's respond_by passes
without a first response, or once when its reply_by passes without a reply to the customer;
warn before each, flag overdue cases. Several workers may run it.

Each batch is one transaction: claim the due rows (FOR UPDATE SKIP LOCKED on PostgreSQL, so
two workers never take the same row; on SQLite every write transaction starts with BEGIN
IMMEDIATE, so batches run one at a time), then write the changes, the audit events and the
outbox messages, and commit. The UPDATE is conditional on the version read, so a row changed
meanwhile is never escalated twice. A worker that dies mid-batch rolls back everything: the
rows stay due and the next pass takes them. Only due rows are read (index on next_check_at),
and all writes of a batch go out as three executemany statements.
"""

from datetime import datetime
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Integer, bindparam, select, update
from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.complaints import clock, moves, notices
from aftersales.complaints.models import Complaint
from aftersales.db import UTCDateTime, sweep_of
from aftersales.deadlines import due_at, warn_at
from aftersales.notify import service as notify

BATCH = 1000
MAX_BATCHES = 200
T = Complaint.__table__
READ = [
    T.c[name]
    for name in (
        "id",
        "version",
        "level",
        "status",
        "channel",
        "severity",
        "store_id",
        "counter_id",
        "tracking_code",
        "title",
        "created_at",
        "level_since",
        "first_response_at",
        "respond_by",
        "resolve_by",
        "warn_at",
        "respond_overdue_at",
        "resolve_overdue_at",
        "paused_at",
        "next_check_at",
        "reply_by",
        "reply_warn_at",
        "replied_at",
        "reply_overdue_at",
    )
]
WRITE = [
    "level",
    "level_since",
    "holder_id",
    "first_response_at",
    "respond_by",
    "warn_at",
    "respond_overdue_at",
    "resolve_overdue_at",
    "next_check_at",
    "reply_warn_at",
    "reply_overdue_at",
]
_TIMES = set(WRITE) - {"level", "holder_id"}
UPDATE = (
    update(T)
    .where(
        T.c.id == bindparam("b_id", type_=Integer()),
        T.c.version == bindparam("b_version", type_=Integer()),
    )
    .values(
        {
            name: bindparam(f"b_{name}", type_=UTCDateTime() if name in _TIMES else Integer())
            for name in WRITE
        }
        | {"version": bindparam("b_new_version", type_=Integer())}
    )
)


class Plan:
    """What one batch writes: row updates, audit events, outbox messages."""

    def __init__(self) -> None:
        self.updates: list[dict[str, Any]] = []
        self.events: list[dict[str, Any]] = []
        self.messages: list[dict[str, Any]] = []
        self._due: dict[Any, tuple[datetime, datetime]] = {}
        self.standards: Any = None  # the standards in force for this pass (clock.standards_for)
        self._staffed: dict[tuple[int | None, int | None], set[int]] = {}

    def staffed(self, people: list[notices.Person], c: SimpleNamespace) -> set[int]:
        """The levels with somebody for the case's store and counter, once per place."""
        key = (c.store_id, c.counter_id)
        if key not in self._staffed:
            self._staffed[key] = notices.staffed_levels(
                people, store_id=c.store_id, counter_id=c.counter_id
            )
        return self._staffed[key]

    def respond_times(
        self,
        standard: Any,
        now: datetime,
        calendar: Any,
    ) -> tuple[datetime, datetime]:
        """(respond_by, warn_at) from now: the same for every case escalated in this pass
        under one standard, so computed once per standard."""
        if standard not in self._due:
            self._due[standard] = (
                due_at(now, standard, calendar=calendar),
                warn_at(now, standard, calendar=calendar),
            )
        return self._due[standard]

    def event(
        self,
        c: SimpleNamespace,
        action: str,
        after: dict[str, Any],
        before: dict[str, Any] | None = None,
    ) -> None:
        self.events.append(
            {
                "entity": "complaint",
                "entity_id": c.id,
                "action": action,
                "before": before,
                "after": after,
            }
        )

    def tell(
        self, people: list[notices.Person], c: SimpleNamespace, event: str, subject: str, body: str
    ) -> None:
        who = notices.holders(people, level=c.level, store_id=c.store_id, counter_id=c.counter_id)
        self.messages += notify.messages_to(
            who, subject=subject, body=body, meta={"complaint_id": c.id, "event": event}
        )


def _escalate(
    plan: Plan,
    c: SimpleNamespace,
    now: datetime,
    calendar: Any,
    people: list[notices.Person],
    reason: str = moves.DEADLINE_REASON,
) -> None:
    old = c.level
    landed = moves.landing(old + 1, plan.staffed(people, c))
    c.level, c.level_since, c.holder_id = landed.level, now, None
    # The new level owes its own first feedback, as after an escalation by hand.
    c.first_response_at, c.respond_overdue_at = None, None
    standard = clock.respond_standard(c, plan.standards)  # type: ignore[arg-type]
    c.respond_by, c.warn_at = plan.respond_times(standard, now, calendar)
    move = moves.level_move(
        c,
        old_level=old,
        reason=reason,
        version=c.version + 1,
        local=notices.local,
        skipped=landed.skipped,
    )
    plan.event(c, move.action, move.after, before=move.before)
    plan.tell(people, c, move.action, move.subject, move.body)
    gap = moves.station_notice(tracking_code=c.tracking_code, title=c.title, landed=landed)
    if gap:
        station = notices.holders(people, level=moves.TOP_LEVEL, store_id=None, counter_id=None)
        plan.messages += notify.messages_to(
            station, subject=gap[0], body=gap[1], meta={"complaint_id": c.id, "event": "ladder_gap"}
        )


def _plan_row(
    plan: Plan, c: SimpleNamespace, now: datetime, calendar: Any, people: list[notices.Person]
) -> None:
    due = moves.due_action(c, now)  # type: ignore[arg-type]
    if due is moves.Due.escalate:
        _escalate(plan, c, now, calendar, people)
    elif due is moves.Due.respond_overdue:
        c.respond_overdue_at, c.warn_at = now, None
        plan.event(c, "respond_overdue", {"level": c.level, "respond_by": c.respond_by})
        plan.tell(
            people,
            c,
            "respond_overdue",
            f"投诉 {c.tracking_code} 反馈已超时",
            f"投诉“{c.title}”已超过反馈时限，请立即处理。",
        )
    elif due is moves.Due.warn:
        c.warn_at = None
        plan.event(c, "deadline_warning", {"level": c.level, "respond_by": c.respond_by})
        plan.tell(
            people,
            c,
            "deadline_warning",
            f"投诉 {c.tracking_code} 即将超时",
            f"投诉“{c.title}”请于 {notices.local(c.respond_by)} 前反馈。",
        )
    _plan_reply(plan, c, now, calendar, people, escalated=due is moves.Due.escalate)
    if c.resolve_overdue_at is None and c.resolve_by is not None and c.resolve_by <= now:
        c.resolve_overdue_at = now
        plan.event(c, "resolve_overdue", {"resolve_by": c.resolve_by})
    c.next_check_at = clock.next_check(c)  # type: ignore[arg-type]
    plan.updates.append(
        {f"b_{k}": getattr(c, k) for k in WRITE}
        | {"b_id": c.id, "b_version": c.version, "b_new_version": c.version + 1}
    )


def _plan_reply(
    plan: Plan,
    c: SimpleNamespace,
    now: datetime,
    calendar: Any,
    people: list[notices.Person],
    *,
    escalated: bool,
) -> None:
    """The reply clock: warn the holder, or on lapse mark it overdue (once: the stamp stops
    the clock) and escalate one level, unless the respond clock moved the case up already
    in this pass (one level per pass, whichever clock ran out)."""
    due = moves.reply_action(c, now)  # type: ignore[arg-type]
    if due is None:
        return
    c.reply_warn_at = None
    if due is moves.ReplyDue.warn:
        plan.event(c, "reply_warning", {"level": c.level, "reply_by": c.reply_by})
        plan.tell(
            people,
            c,
            "reply_warning",
            f"投诉 {c.tracking_code} 即将超过答复时限",
            f"投诉“{c.title}”请于 {notices.local(c.reply_by)} 前答复顾客。",
        )
        return
    c.reply_overdue_at = now
    plan.event(c, "reply_overdue", {"level": c.level, "reply_by": c.reply_by})
    if due is moves.ReplyDue.escalate and not escalated:
        _escalate(plan, c, now, calendar, people, reason=moves.REPLY_REASON)
        return
    plan.tell(
        people,
        c,
        "reply_overdue",
        f"投诉 {c.tracking_code} 答复顾客已超时",
        f"投诉“{c.title}”已超过答复顾客时限，请立即答复顾客。",
    )


def claim_due(session: Session, *, now: datetime, limit: int) -> list[SimpleNamespace]:
    session.flush()  # Core reads skip autoflush; a caller's pending change must be seen
    stmt = (
        select(*READ)
        .where(T.c.next_check_at <= now)
        .order_by(T.c.next_check_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return [SimpleNamespace(**row._mapping, holder_id=None) for row in session.execute(stmt)]


def sweep_batch(session: Session, *, now: datetime, limit: int = BATCH) -> int:
    due = claim_due(session, now=now, limit=limit)
    if not due:
        return 0
    plan, calendar = Plan(), clock.calendar_for(session)
    plan.standards = clock.standards_for(session)
    people = notices.ladder_people(session)
    for c in due:
        _plan_row(plan, c, now, calendar, people)
    _write(session, plan)
    return len(due)


def _write(session: Session, plan: Plan) -> None:
    result = session.execute(UPDATE, plan.updates)
    dialect = session.get_bind().dialect
    if dialect.supports_sane_multi_rowcount and result.rowcount != len(plan.updates):
        # Someone changed a row between our read and write: undo the batch, retry next pass.
        raise RuntimeError("complaint sweep: rows changed under the batch")
    audit.record_many(session, plan.events)
    notify.enqueue_now(session, plan.messages)


# One pass: batches until nothing is due; the number handled.
sweep_deadlines = sweep_of(sweep_batch, size=BATCH, most=MAX_BATCHES)
