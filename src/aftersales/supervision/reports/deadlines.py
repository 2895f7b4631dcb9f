"""Service-standard compliance (服务时限达标) over a period: for each kind of standard, how
many cases it measured (due), how many met it (on_time), missed it (late) or are still
within it (open). One small set-based function per kind, each over the cases registered
(opened) in the period that the caller may see; `deadline_compliance` lists them all.

A lapse counts once the worker has stamped it (reply_overdue_at, respond_overdue_at or an
escalation, resolve_overdue_at, a repair watch's escalated_at): the figures read no clock,
so a filed month and a live one are counted alike. A case whose clock stopped before the
step was done or due (withdrawn, referred to arbitration) is not counted.

Service orders: `ship` counts the online delivery orders whose ship-by time falls in the
period (on time when the goods left by then), `deliver` the deliveries whose agreed day
falls in it (on time when they arrived on or before that local day); `open` is not done yet.
"""

from collections.abc import Callable
from typing import Any

from sqlalchemy import String, and_, case, cast, func, not_, or_, select
from sqlalchemy.orm import Session

from aftersales.auth.principal import Principal
from aftersales.complaints.models import Complaint, Status
from aftersales.feedback.enquiries.stats import hotline_compliance
from aftersales.parts.models import RepairWatch
from aftersales.repairs.models import ServiceKind, WorkOrder, WorkStatus
from aftersales.supervision.reports import complaint_stats
from aftersales.supervision.reports.period import Period
from aftersales.supervision.reports.places import Scope
from aftersales.supervision.reports.repair_stats import narrow
from aftersales.supervision.reports.sqltime import local_text
from aftersales.supervision.standards.measures import short_label

C = Complaint
FIGURES = ("due", "on_time", "late", "open")
STOPPED = (Status.withdrawn, Status.referred)


def _count(
    session: Session, stmt: Any, kind: str, on_time: Any, late: Any, counted: Any
) -> dict[str, Any]:
    """Sum the 0/1 flags over the rows of `stmt` that `counted` keeps."""
    flags = {"on_time": on_time, "late": and_(late, not_(on_time))}
    sums = [func.count().label("due")] + [
        func.coalesce(func.sum(case((v, 1), else_=0)), 0).label(k) for k, v in flags.items()
    ]
    row = session.execute(stmt.add_columns(*sums).where(counted)).one()
    due, ok, missed = (int(v or 0) for v in row)
    return {"kind": kind, "due": due, "on_time": ok, "late": missed, "open": due - ok - missed}


def _complaints(user: Principal, period: Period, scope: Scope) -> Any:
    return complaint_stats.base(user, period, scope, join_counter=False)


def reply_compliance(
    session: Session, *, user: Principal, period: Period, scope: Scope
) -> dict[str, Any]:
    """The reply to the customer (the first proposal, handling.propose) by reply_by."""
    replied = C.replied_at.is_not(None)
    lapsed = C.reply_overdue_at.is_not(None)
    return _count(
        session,
        _complaints(user, period, scope),
        "reply",
        on_time=and_(replied, C.replied_at <= C.reply_by),
        late=or_(and_(replied, C.replied_at > C.reply_by), lapsed),
        counted=and_(C.reply_by.is_not(None), or_(replied, lapsed, C.status.not_in(STOPPED))),
    )


def respond_compliance(
    session: Session, *, user: Principal, period: Period, scope: Scope
) -> dict[str, Any]:
    """The first feedback of the level holding the case, and no level before it missed."""
    answered = C.first_response_at.is_not(None)
    missed = complaint_stats.respond_missed()
    return _count(
        session,
        _complaints(user, period, scope),
        "respond",
        on_time=and_(answered, C.first_response_at <= C.respond_by, not_(missed)),
        late=or_(missed, and_(answered, C.first_response_at > C.respond_by)),
        counted=and_(
            C.respond_by.is_not(None),
            or_(answered, missed, C.status.not_in((*STOPPED, Status.closed))),
        ),
    )


def resolve_compliance(
    session: Session, *, user: Principal, period: Period, scope: Scope
) -> dict[str, Any]:
    """Closed by resolve_by; a case open past it once the worker flagged it is late."""
    closed = C.status == Status.closed
    return _count(
        session,
        _complaints(user, period, scope),
        "resolve",
        on_time=and_(closed, C.closed_at <= C.resolve_by),
        late=or_(
            and_(closed, C.closed_at > C.resolve_by),
            and_(not_(closed), C.resolve_overdue_at.is_not(None)),
        ),
        counted=and_(C.resolve_by.is_not(None), C.status != Status.withdrawn),
    )


def rework_compliance(
    session: Session, *, user: Principal, period: Period, scope: Scope
) -> dict[str, Any]:
    """Repairs handed back by their turnaround promise (the repair watch's due_at)."""
    W, RW = WorkOrder, RepairWatch
    back = W.handed_back_at.is_not(None)
    stmt = (
        select()
        .select_from(RW)
        .join(W, W.id == RW.work_order_id)
        .where(W.opened_at >= period.utc_start, W.opened_at < period.utc_end)
    )
    return _count(
        session,
        narrow(stmt, user, scope),
        "rework",
        on_time=and_(back, W.handed_back_at <= RW.due_at),
        late=or_(and_(back, W.handed_back_at > RW.due_at), RW.escalated_at.is_not(None)),
        counted=RW.due_at.is_not(None),
    )


def _sum_of(condition: Any) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _answer(
    session: Session, kind: str, stmt: Any, user: Principal, scope: Scope
) -> dict[str, Any]:
    row = session.execute(narrow(stmt, user, scope)).one()
    return {"kind": kind} | {k: int(v) for k, v in row._mapping.items()}


def _deliveries() -> Any:
    return (WorkOrder.service == ServiceKind.delivery, WorkOrder.status != WorkStatus.cancelled)


def ship_compliance(
    session: Session, *, user: Principal, period: Period, scope: Scope
) -> dict[str, Any]:
    done = WorkOrder.dispatched_at.is_not(None)
    stmt = (
        select(
            func.count().label("due"),
            _sum_of(done & (WorkOrder.dispatched_at <= WorkOrder.ship_by)).label("on_time"),
            _sum_of(done & (WorkOrder.dispatched_at > WorkOrder.ship_by)).label("late"),
            _sum_of(~done).label("open"),
        )
        .select_from(WorkOrder)
        .where(
            *_deliveries(),
            WorkOrder.paid_at.is_not(None),
            WorkOrder.ship_by >= period.utc_start,
            WorkOrder.ship_by < period.utc_end,
        )
    )
    return _answer(session, "ship", stmt, user, scope)


def deliver_compliance(
    session: Session, *, user: Principal, period: Period, scope: Scope
) -> dict[str, Any]:
    arrived = func.coalesce(WorkOrder.arrived_at, WorkOrder.completed_at)
    # Both sides as YYYY-MM-DD text: the arrival's local day against the agreed day.
    arrived_on, agreed = (
        local_text(session, arrived, period.tz),
        cast(WorkOrder.promised_on, String),
    )
    done = arrived.is_not(None)
    stmt = (
        select(
            func.count().label("due"),
            _sum_of(done & (arrived_on <= agreed)).label("on_time"),
            _sum_of(done & (arrived_on > agreed)).label("late"),
            _sum_of(~done).label("open"),
        )
        .select_from(WorkOrder)
        .where(
            *_deliveries(),
            WorkOrder.promised_on >= period.start,
            WorkOrder.promised_on <= period.end,
        )
    )
    return _answer(session, "deliver", stmt, user, scope)


Compliance = Callable[..., dict[str, Any]]
# One function per kind of standard, in the order the report shows them.
KINDS: list[Compliance] = [
    hotline_compliance,
    respond_compliance,
    reply_compliance,
    resolve_compliance,
    rework_compliance,
    ship_compliance,
    deliver_compliance,
]


def deadline_compliance(
    session: Session, *, user: Principal, period: Period, scope: Scope, lang: str
) -> list[dict[str, Any]]:
    """Every kind's figures with its name in the reader's language."""
    rows = [kind(session, user=user, period=period, scope=scope) for kind in KINDS]
    return [{"kind": r["kind"], "label": short_label(r["kind"], lang), **r} for r in rows]
