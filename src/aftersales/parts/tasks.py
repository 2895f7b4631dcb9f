"""The repair-promise sweep: warn a work order's holder before its turnaround promise lapses,
escalate to the floor supervisor once when it does, ask the counter for a loaner phone, and
flag a repair that passed a legal limit (the desk then gets the exchange from the engine).

Several workers may run it. A pass first enrols open work orders that have no watch row
yet (INSERT ... ON CONFLICT DO NOTHING: two workers enrolling the same order insert once).
Then each batch is one transaction: claim the due watch rows (FOR UPDATE SKIP LOCKED on
PostgreSQL, so two workers never hold the same row; SQLite runs write transactions one at
a time), stamp each event with an UPDATE conditional on the version read (a row changed
meanwhile is left alone, so nothing is done twice), and write the audit events and the
outbox messages in the same transaction.
"""

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, exists, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, sessionmaker

from aftersales.claims.models import Claim
from aftersales.db import in_batches, transaction, utcnow
from aftersales.deadlines import DEFAULT_TZ, ServiceStandard, due_at, warn_at
from aftersales.deadlines.store import business_calendar
from aftersales.notify import service as notify
from aftersales.parts import notices
from aftersales.parts.models import RepairWatch
from aftersales.parts.promises import promise_days, promise_standard, rework_standard
from aftersales.parts.trail import order_event
from aftersales.parts.waits import wait_days_by_order
from aftersales.repairs import promises as rules
from aftersales.repairs.models import ServiceKind, WorkKind, WorkOrder, WorkStatus
from aftersales.sales.models import Category, ReceiptLine
from aftersales.settings import Settings

BATCH = 500
MAX_BATCHES = 100
W = RepairWatch.__table__
REPAIRS = [WorkKind.free, WorkKind.paid]  # the kinds that are repairs of a customer's item
DAY = timedelta(days=1)


def _insert(session: Session) -> Any:
    dialect = session.get_bind().dialect.name
    return (pg_insert if dialect == "postgresql" else sqlite_insert)(RepairWatch)


def enrol(session: Session, *, now: datetime) -> int:
    """Start watching the open repairs that have no watch row yet."""
    category = func.coalesce(Category.code, Claim.category, "general")
    rows = session.execute(
        select(WorkOrder.id, WorkOrder.store_id, WorkOrder.opened_at, category)
        .outerjoin(ReceiptLine, ReceiptLine.id == WorkOrder.receipt_line_id)
        .outerjoin(Category, Category.id == ReceiptLine.category_id)
        .outerjoin(Claim, Claim.id == WorkOrder.claim_id)
        .where(
            WorkOrder.status != WorkStatus.handed_back,
            WorkOrder.kind.in_(REPAIRS),
            WorkOrder.service == ServiceKind.repair,  # visits and deliveries have their own
            ~exists().where(RepairWatch.work_order_id == WorkOrder.id),
        )
        .order_by(WorkOrder.id)
        .limit(BATCH * 10)
    ).all()
    if not rows:
        return 0
    days, calendar = promise_days(session), business_calendar(session)
    base = rework_standard(session)
    values = [_watch(r, promise_standard(base, days.get(r[3])), calendar) for r in rows]
    for value in values:
        value["next_check_at"] = _next_check(value)
    session.execute(_insert(session).values(values).on_conflict_do_nothing())
    return len(values)


def _watch(row: Any, standard: ServiceStandard, calendar: Any) -> dict[str, Any]:
    order_id, store_id, opened_at, category = row
    loaner = rules.legal_limits(category).loaner_days
    return {
        "work_order_id": order_id,
        "store_id": store_id,
        "category": category,
        "promise_days": standard.amount,
        "due_at": due_at(opened_at, standard, calendar=calendar, tz=DEFAULT_TZ),
        "warn_at": warn_at(opened_at, standard, calendar=calendar, tz=DEFAULT_TZ),
        "loaner_due_at": opened_at + loaner * DAY if loaner else None,
        "loaner_note": "",
        "version": 1,
    }


def _next_check(w: dict[str, Any], limit_check: datetime | None = None) -> datetime | None:
    """The earliest instant the sweep has something to do for this watch."""
    if w.get("closed_at") is not None:
        return None
    due = []
    if w.get("warned_at") is None and w.get("escalated_at") is None:
        due.append(w["warn_at"])
    if w.get("escalated_at") is None:
        due.append(w["due_at"])
    if w.get("loaner_due_at") is not None and w.get("loaner_asked_at") is None:
        due.append(w["loaner_due_at"])
    if w.get("limit_passed_at") is None:
        due.append(limit_check or w["due_at"])
    return min(due) if due else None


def sweep_promises(
    factory: sessionmaker[Session], settings: Settings | None, *, now: datetime | None = None
) -> int:
    """One pass: enrol new repairs, then batches of due watches until none is left."""
    now = now or utcnow()
    with transaction(factory) as session:
        done = enrol(session, now=now)
    at = now
    return done + in_batches(
        factory, lambda s: sweep_batch(s, now=at), size=BATCH, most=MAX_BATCHES
    )


def _claim(session: Session, now: datetime) -> list[Any]:
    return list(
        session.execute(
            select(
                RepairWatch,
                WorkOrder.status,
                WorkOrder.technician_id,
                WorkOrder.counter_id,
                WorkOrder.taken_in_on,
                WorkOrder.sku,
                WorkOrder.item_name,
            )
            .join(WorkOrder, WorkOrder.id == RepairWatch.work_order_id)
            .where(RepairWatch.next_check_at <= now)
            .order_by(RepairWatch.next_check_at, RepairWatch.id)
            .limit(BATCH)
            .with_for_update(skip_locked=True, of=RepairWatch)
        ).tuples()
    )


def sweep_batch(session: Session, *, now: datetime) -> int:
    rows = _claim(session, now)
    if not rows:
        return 0
    waited = wait_days_by_order(session, [r[0].work_order_id for r in rows], now, DEFAULT_TZ)
    everyone = notices.people(session)
    messages: list[dict[str, object]] = []
    for watch, status, technician_id, counter_id, taken_in_on, sku, name in rows:
        ctx = _Row(watch, technician_id, counter_id, f"{sku} {name}")
        if status == WorkStatus.handed_back:
            changes: dict[str, Any] = {"closed_at": now}
            events: list[tuple[str, dict[str, Any]]] = []
        else:
            changes, events = _due_events(ctx, now, taken_in_on, waited[watch.work_order_id])
        if not _stamp(session, watch, changes, now):
            continue  # another worker changed this row since it was read
        for action, after in events:
            order_event(session, watch.work_order_id, action, actor=None, after=after)
            messages += _messages(everyone, ctx, action, after)
    notify.enqueue_now(session, messages)
    session.flush()
    return len(rows)


class _Row:
    def __init__(self, watch: RepairWatch, technician_id: int | None, counter_id: int, item: str):
        self.watch, self.technician_id, self.counter_id, self.item = (
            watch,
            technician_id,
            counter_id,
            item,
        )


def _due_events(
    ctx: _Row, now: datetime, taken_in_on: Any, waited: int
) -> tuple[dict[str, Any], list[tuple[str, dict[str, Any]]]]:
    w = ctx.watch
    changes: dict[str, Any] = {}
    events: list[tuple[str, dict[str, Any]]] = []
    if w.escalated_at is None and now >= w.due_at:
        changes["escalated_at"] = now
        events.append(("promise_escalated", {"due_at": w.due_at, "days": w.promise_days}))
    elif w.warned_at is None and w.escalated_at is None and now >= w.warn_at:
        changes["warned_at"] = now
        events.append(("promise_warned", {"due_at": w.due_at, "days": w.promise_days}))
    if w.loaner_due_at is not None and w.loaner_asked_at is None and now >= w.loaner_due_at:
        changes["loaner_asked_at"] = now
        events.append(("loaner_due", {"since": w.loaner_due_at}))
    if w.limit_passed_at is None:
        limits = rules.legal_limits(w.category)
        time = rules.repair_time(taken_in_on, now.astimezone(ZoneInfo(DEFAULT_TZ)).date(), waited)
        passed = rules.limit_passed(time, limits)
        if passed is not None:
            changes["limit_passed_at"], changes["limit_reason"] = now, passed
            events.append(
                (
                    "legal_limit_passed",
                    {
                        "reason": passed,
                        "days": time.days,
                        "waiting_parts_days": time.waiting_parts_days,
                        "basis": limits.basis,
                    },
                )
            )
    return changes, events


def _stamp(session: Session, watch: RepairWatch, changes: dict[str, Any], now: datetime) -> bool:
    state = {c: getattr(watch, c) for c in _STATE} | changes
    # The limits are checked again a day later while no limit has passed.
    state["next_check_at"] = _next_check(state, limit_check=now + DAY)
    result = session.execute(
        update(W)
        .where(and_(W.c.id == watch.id, W.c.version == watch.version))
        .values(**changes, next_check_at=state["next_check_at"], version=watch.version + 1)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


_STATE = (
    "warn_at",
    "due_at",
    "warned_at",
    "escalated_at",
    "loaner_due_at",
    "loaner_asked_at",
    "limit_passed_at",
    "closed_at",
)

SUBJECTS = {
    "promise_warned": "维修承诺即将到期 / Repair promise due soon",
    "promise_escalated": "维修超过承诺时限 / Repair past its promise",
    "loaner_due": "请为顾客提供备用机 / A loaner phone is owed",
    "legal_limit_passed": "维修超过三包法定时限，应予换货 / Repair past the legal limit: exchange owed",
}


def _messages(
    everyone: list[notices.Person], ctx: _Row, action: str, after: dict[str, Any]
) -> list[dict[str, object]]:
    w = ctx.watch
    if action == "promise_warned":
        who = notices.pick(
            everyone, role="technician", store_id=w.store_id, user_id=ctx.technician_id
        )
    elif action == "loaner_due":
        who = notices.pick(
            everyone, role="counter_manager", store_id=w.store_id, counter_id=ctx.counter_id
        )
    else:
        who = notices.pick(everyone, role="floor_supervisor", store_id=w.store_id)
    body = f"维修单 #{w.work_order_id} {ctx.item}: {SUBJECTS[action]}"
    return notify.messages_to(
        who,
        subject=SUBJECTS[action],
        body=body,
        meta={"work_order_id": w.work_order_id, "event": action},
    )
