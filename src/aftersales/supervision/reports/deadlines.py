"""How the service standards were kept over a period, one small set-based function per kind,
each answering {"kind", "due", "on_time", "late", "open"} for the work due in the period in
the caller's scope. `open`: not done yet (whether or not its time has passed); `late`: done
after its time.

- ship: online delivery orders (paid) whose ship-by time falls in the period; on time when
  the goods left (dispatched) by then.
- deliver: delivery orders whose agreed day falls in the period; on time when they arrived
  on or before that day (the store's local day)."""

from typing import Any

from sqlalchemy import String, case, cast, func, select
from sqlalchemy.orm import Session

from aftersales.auth.principal import Principal
from aftersales.repairs.models import ServiceKind, WorkOrder, WorkStatus
from aftersales.supervision.reports.period import Period
from aftersales.supervision.reports.places import Scope
from aftersales.supervision.reports.repair_stats import _narrow
from aftersales.supervision.reports.sqltime import local_text

W = WorkOrder


def _count(condition: Any) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _answer(session: Session, kind: str, stmt: Any, user: Principal, scope: Scope) -> dict:
    row = session.execute(_narrow(stmt, user, scope)).one()
    return {"kind": kind} | {k: int(v) for k, v in row._mapping.items()}


def _deliveries() -> Any:
    return (W.service == ServiceKind.delivery, W.status != WorkStatus.cancelled)


def ship_compliance(
    session: Session, *, user: Principal, period: Period, scope: Scope
) -> dict[str, Any]:
    done = W.dispatched_at.is_not(None)
    stmt = (
        select(
            func.count().label("due"),
            _count(done & (W.dispatched_at <= W.ship_by)).label("on_time"),
            _count(done & (W.dispatched_at > W.ship_by)).label("late"),
            _count(~done).label("open"),
        )
        .select_from(W)
        .where(
            *_deliveries(),
            W.paid_at.is_not(None),
            W.ship_by >= period.utc_start,
            W.ship_by < period.utc_end,
        )
    )
    return _answer(session, "ship", stmt, user, scope)


def deliver_compliance(
    session: Session, *, user: Principal, period: Period, scope: Scope
) -> dict[str, Any]:
    arrived = func.coalesce(W.arrived_at, W.completed_at)
    # Both sides as YYYY-MM-DD text: the arrival's local day against the agreed day.
    arrived_on, agreed = local_text(session, arrived, period.tz), cast(W.promised_on, String)
    done = arrived.is_not(None)
    stmt = (
        select(
            func.count().label("due"),
            _count(done & (arrived_on <= agreed)).label("on_time"),
            _count(done & (arrived_on > agreed)).label("late"),
            _count(~done).label("open"),
        )
        .select_from(W)
        .where(*_deliveries(), W.promised_on >= period.start, W.promised_on <= period.end)
    )
    return _answer(session, "deliver", stmt, user, scope)
