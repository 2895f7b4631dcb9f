"""Time a work order waits for parts (无零配件待修): started and ended by the technician (a
reservation of the part ends it), counted in days for the legal limits and the 三包 periods."""

from collections.abc import Iterable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth.principal import Principal
from aftersales.deadlines import DEFAULT_TZ
from aftersales.parts.access import USERS, require
from aftersales.parts.errors import AlreadyWaiting, WaitEnded, WaitNotFound, WorkOrderClosed
from aftersales.parts.models import PartsWait
from aftersales.parts.trail import order_event
from aftersales.repairs.access import get_work_order
from aftersales.repairs.models import WorkStatus


def start_wait(
    session: Session,
    *,
    work_order_id: int,
    part_id: int | None,
    note: str,
    actor: Principal,
    now: datetime,
) -> PartsWait:
    require(actor, USERS)
    order = get_work_order(session, user=actor, work_order_id=work_order_id)
    if order.status == WorkStatus.handed_back:
        raise WorkOrderClosed(field="work_order_id")
    open_ = session.scalars(
        select(PartsWait.id).where(
            PartsWait.work_order_id == order.id,
            PartsWait.ended_at.is_(None),
            PartsWait.part_id == part_id if part_id is not None else PartsWait.part_id.is_(None),
        )
    ).first()
    if open_ is not None:
        raise AlreadyWaiting(field="part_id")
    wait = PartsWait(
        work_order_id=order.id,
        part_id=part_id,
        note=note,
        started_at=now,
        started_by_id=actor.id,
    )
    session.add(wait)
    session.flush()
    after = {"wait_id": wait.id, "part_id": part_id, "note": note}
    audit.record_on(session, order, "parts_wait_started", actor=actor, after=after)
    return wait


def end_wait(session: Session, *, wait_id: int, actor: Principal, now: datetime) -> PartsWait:
    require(actor, USERS)
    wait = session.get(PartsWait, wait_id, with_for_update=True)
    if wait is None:
        raise WaitNotFound(field="wait_id")
    get_work_order(session, user=actor, work_order_id=wait.work_order_id)
    if wait.ended_at is not None:
        raise WaitEnded(field="wait_id")
    _end(session, wait, actor, now)
    return wait


def end_waits_for(
    session: Session, *, work_order_id: int, part_id: int, actor: Principal, now: datetime
) -> None:
    rows = session.scalars(
        select(PartsWait).where(
            PartsWait.work_order_id == work_order_id,
            PartsWait.part_id == part_id,
            PartsWait.ended_at.is_(None),
        )
    )
    for wait in rows:
        _end(session, wait, actor, now)


def _end(session: Session, wait: PartsWait, actor: Principal | None, now: datetime) -> None:
    wait.ended_at = now
    session.flush()
    after = {"wait_id": wait.id, "part_id": wait.part_id}
    order_event(session, wait.work_order_id, "parts_wait_ended", actor=actor, after=after)


def _day(at: datetime, tz: str) -> date:
    return at.astimezone(ZoneInfo(tz)).date()


def wait_days(spans: Iterable[tuple[datetime, datetime | None]], now: datetime, tz: str) -> int:
    """Calendar days covered by the spans (overlaps counted once; a span still open runs to
    now). A wait started and ended the same day counts no day."""
    days: set[date] = set()
    for start, end in spans:
        first, last = _day(start, tz), _day(end or now, tz)
        days.update(date.fromordinal(d) for d in range(first.toordinal(), last.toordinal()))
    return len(days)


def wait_days_by_order(
    session: Session, order_ids: Iterable[int], now: datetime, tz: str = DEFAULT_TZ
) -> dict[int, int]:
    """Parts-waiting days of each work order, read in one query."""
    ids = list(order_ids)
    spans: dict[int, list[tuple[datetime, datetime | None]]] = {i: [] for i in ids}
    if ids:
        rows = session.execute(
            select(PartsWait.work_order_id, PartsWait.started_at, PartsWait.ended_at).where(
                PartsWait.work_order_id.in_(ids)
            )
        ).tuples()
        for order_id, start, end in rows:
            spans[order_id].append((start, end))
    return {i: wait_days(s, now, tz) for i, s in spans.items()}
