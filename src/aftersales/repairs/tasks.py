"""Timed work of service orders, run by the worker; any number of workers may run it.

- The reminder the day before an appointment: sent exactly once.
- The shipping standard of online orders (ship within 2 days of payment): the warehouse is
  warned when three quarters of the time are gone, and the store's managers are told when
  it passes without the goods dispatched, once each.

Each batch is one transaction: claim the due rows (FOR UPDATE SKIP LOCKED on PostgreSQL, so
two workers never take the same row; on SQLite every write transaction starts with BEGIN
IMMEDIATE, so batches run one at a time), then write the change, its audit event and the
outbox message, and commit. The UPDATE is conditional on the version read, so a row changed
meanwhile (rescheduled, dispatched) is left for the next pass instead of being sent twice."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth.models import Role, User
from aftersales.db import sweep_of
from aftersales.notify import service as notify
from aftersales.refs import zone_of
from aftersales.repairs.models import WorkOrder, WorkStatus
from aftersales.repairs.scheduling import customer_message, slot_text

BATCH = 200
MAX_BATCHES = 50
T = WorkOrder.__table__
WARN_ROLES = (Role.warehouse,)
ESCALATE_ROLES = (Role.manager_assistant, Role.dept_manager)


def _save(session: Session, order: WorkOrder, **values: Any) -> bool:
    """A conditional write: only if nobody changed the row since we read it."""
    result = session.execute(
        update(T)
        .where(T.c.id == order.id, T.c.version == order.version)
        .values(version=order.version + 1, **values)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def claim_reminders(session: Session, *, now: datetime, limit: int) -> list[WorkOrder]:
    stmt = (
        select(WorkOrder)
        .where(
            WorkOrder.remind_at <= now,
            WorkOrder.reminded_at.is_(None),
            WorkOrder.status.in_([WorkStatus.scheduled, WorkStatus.dispatched]),
        )
        .order_by(WorkOrder.remind_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
        .execution_options(populate_existing=True)
    )
    return list(session.scalars(stmt))


def remind_batch(session: Session, *, now: datetime, limit: int = BATCH) -> int:
    due = claim_reminders(session, now=now, limit=limit)
    for order in due:
        if not _save(session, order, reminded_at=now, remind_at=None):
            continue
        person = session.get(User, order.technician_id)
        tz = zone_of(session, order.store_id)
        audit.record_on(
            session, order, "customer_reminded", actor=None, after={"slot": slot_text(order, tz)}
        )
        message = customer_message(
            order, event="reminder", person_name=person.display_name if person else "", tz=tz
        )
        if message is not None:
            notify.enqueue_now(session, [message])
    return len(due)


def claim_shipping(session: Session, *, now: datetime, limit: int) -> list[WorkOrder]:
    stmt = (
        select(WorkOrder)
        .where(WorkOrder.ship_check_at <= now, WorkOrder.status == WorkStatus.scheduled)
        .order_by(WorkOrder.ship_check_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
        .execution_options(populate_existing=True)
    )
    return list(session.scalars(stmt))


def _people(session: Session, roles: tuple[Role, ...], store_id: int) -> list[User]:
    return list(
        session.scalars(
            select(User).where(
                User.role.in_(roles),
                User.active.is_(True),
                or_(User.store_id == store_id, User.store_id.is_(None)),
                User.email.is_not(None),
            )
        )
    )


def _tell(session: Session, people: list[User], order: WorkOrder, event: str, text: str) -> None:
    subject = "网购订单即将超过发货时限" if event == "ship_warned" else "网购订单超过发货时限未发货"
    notify.enqueue_now(
        session,
        [
            {
                "channel": "email",
                "recipient": p.email,
                "subject": subject,
                "body": text,
                "meta": {"work_order_id": order.id, "event": event},
            }
            for p in people
        ],
    )


def _ship_step(session: Session, order: WorkOrder, now: datetime) -> None:
    tz = zone_of(session, order.store_id)
    ship_by = order.ship_by
    local = ship_by.astimezone(ZoneInfo(tz)) if ship_by else None
    when = f"{local:%Y-%m-%d %H:%M}" if local else ""
    if ship_by is not None and now >= ship_by:
        event, values = "ship_escalated", {"ship_escalated_at": now, "ship_check_at": None}
        roles = ESCALATE_ROLES
        text = f"送货单 {order.id}（{order.item_name}）应于 {when} 前发货，至今未发货，请督促处理。"
    else:
        event, values = "ship_warned", {"ship_warned_at": now, "ship_check_at": ship_by}
        roles = WARN_ROLES
        text = f"送货单 {order.id}（{order.item_name}）须在 {when} 前发货（付款后 2 天内）。"
    if not _save(session, order, **values):
        return
    audit.record_on(session, order, event, actor=None, after={"ship_by": ship_by})
    _tell(session, _people(session, roles, order.store_id), order, event, text)


def ship_batch(session: Session, *, now: datetime, limit: int = BATCH) -> int:
    due = claim_shipping(session, now=now, limit=limit)
    for order in due:
        _ship_step(session, order, now)
    return len(due)


# One pass: reminders, then the shipping standard; the orders handled.
service_work = sweep_of(remind_batch, ship_batch, size=BATCH, most=MAX_BATCHES)
