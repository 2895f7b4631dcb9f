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
from datetime import datetime
from typing import Any

from sqlalchemy import String, and_, case, cast, func, not_, or_, select
from sqlalchemy.orm import Session

from aftersales.auth.principal import Principal
from aftersales.complaints.models import Complaint, Status
from aftersales.db import utcnow
from aftersales.feedback.enquiries.stats import hotline_compliance
from aftersales.parts.models import RepairWatch
from aftersales.repairs.models import ServiceKind, WorkOrder, WorkStatus
from aftersales.supervision.reports import complaint_stats, summary
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


COMPLAINT_KINDS = ("respond", "reply", "resolve")
# The summary rows' columns of the complaint kinds (models.ComplaintMonthSummary).
SUMMED = tuple(
    f"{kind}_{figure}" for kind in COMPLAINT_KINDS for figure in ("due", "on_time", "late")
)


def _complaint_rules() -> dict[str, tuple[Any, Any, Any]]:
    """kind -> (met it, missed it, measured by it) over one complaint:
    - respond: the first feedback of the level holding the case, and no level before it
      missed; a case closed or stopped unanswered is not measured;
    - reply: the reply to the customer (the first proposal, handling.propose) by reply_by;
    - resolve: closed by resolve_by; a case open past it once the worker flagged it is late."""
    answered = C.first_response_at.is_not(None)
    missed = complaint_stats.respond_missed()
    replied = C.replied_at.is_not(None)
    lapsed = C.reply_overdue_at.is_not(None)
    closed = C.status == Status.closed
    return {
        "respond": (
            and_(answered, C.first_response_at <= C.respond_by, not_(missed)),
            or_(missed, and_(answered, C.first_response_at > C.respond_by)),
            and_(
                C.respond_by.is_not(None),
                or_(answered, missed, C.status.not_in((*STOPPED, Status.closed))),
            ),
        ),
        "reply": (
            and_(replied, C.replied_at <= C.reply_by),
            or_(and_(replied, C.replied_at > C.reply_by), lapsed),
            and_(C.reply_by.is_not(None), or_(replied, lapsed, C.status.not_in(STOPPED))),
        ),
        "resolve": (
            and_(closed, C.closed_at <= C.resolve_by),
            or_(
                and_(closed, C.closed_at > C.resolve_by),
                and_(not_(closed), C.resolve_overdue_at.is_not(None)),
            ),
            and_(C.resolve_by.is_not(None), C.status != Status.withdrawn),
        ),
    }


def complaint_flags() -> dict[str, Any]:
    """Each complaint kind's due, on time and late as a 0/1 expression over one complaint,
    named as the summary rows' columns (a lapse that was also met counts as met)."""
    out = {}
    for kind, (on_time, late, counted) in _complaint_rules().items():
        out[f"{kind}_due"] = case((counted, 1), else_=0)
        out[f"{kind}_on_time"] = case((and_(counted, on_time), 1), else_=0)
        out[f"{kind}_late"] = case((and_(counted, late, not_(on_time)), 1), else_=0)
    return out


def complaint_compliance(
    session: Session, *, user: Principal, period: Period, scope: Scope, now: datetime
) -> list[dict[str, Any]]:
    """respond, reply and resolve: one pass over the cases counted live, plus the summary
    rows of the months summed up (summary.py)."""
    months = summary.usable_months(session, period, now)
    live = complaint_stats.base(user, period, scope, join_counter=False)
    if months:
        live = live.where(summary.live_only(period, months))
    sums = [func.coalesce(func.sum(v), 0).label(k) for k, v in complaint_flags().items()]
    found = {k: int(v) for k, v in session.execute(live.add_columns(*sums)).one()._mapping.items()}
    if months:
        summed = session.execute(summary.place_sums(user, scope, months, SUMMED)).one()
        for k, v in summed._mapping.items():
            found[k] += int(v or 0)
    return [_figures(kind, found) for kind in COMPLAINT_KINDS]


def _figures(kind: str, found: dict[str, int]) -> dict[str, Any]:
    due, ok, late = (found[f"{kind}_{f}"] for f in ("due", "on_time", "late"))
    return {"kind": kind, "due": due, "on_time": ok, "late": late, "open": due - ok - late}


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
# One function per kind of standard outside the complaints, in the order the report shows
# them after the complaint kinds.
OTHER_KINDS: list[Compliance] = [rework_compliance, ship_compliance, deliver_compliance]


def deadline_compliance(
    session: Session,
    *,
    user: Principal,
    period: Period,
    scope: Scope,
    lang: str,
    now: datetime | None = None,
) -> list[dict[str, Any]]:
    """Every kind's figures with its name in the reader's language."""
    rows = [hotline_compliance(session, user=user, period=period, scope=scope)]
    rows += complaint_compliance(
        session, user=user, period=period, scope=scope, now=now or utcnow()
    )
    rows += [kind(session, user=user, period=period, scope=scope) for kind in OTHER_KINDS]
    return [{"kind": r["kind"], "label": short_label(r["kind"], lang), **r} for r in rows]
