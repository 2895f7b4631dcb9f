"""Repairs over a period: work orders opened and handed back, turnaround (median, 90th
percentile, share within the 18-day promise), factory returns, repairs that came back.

The database groups the handed-back orders by their turnaround in days (a histogram of a
few dozen rows); the median and the 90th percentile are read off that histogram, which is
exact and works the same on SQLite (no percentile function) and PostgreSQL."""

import math
from typing import Any

from sqlalchemy import and_, case, exists, func, select
from sqlalchemy.orm import Session, aliased

from aftersales.auth.principal import Principal
from aftersales.org.models import Counter
from aftersales.parts.models import PartsWait, RepairWatch
from aftersales.repairs.models import WorkOrder
from aftersales.supervision.reports.period import Period
from aftersales.supervision.reports.places import Scope
from aftersales.supervision.reports.sqltime import day_span

W = WorkOrder
PROMISE_DAYS = 18


def narrow(stmt: Any, user: Principal, scope: Scope) -> Any:
    if scope.floor_id or scope.brand_id:
        stmt = stmt.join(Counter, Counter.id == W.counter_id)
    # "+ 0": the period's rows are read in one pass; a plain store filter tempts SQLite into
    # the work list's (store, status, due) index and a table look-up per order of the store.
    store, counter = W.store_id + 0, W.counter_id + 0
    return scope.narrow(stmt, user, store=store, counter=counter)


def _opened(session: Session, user: Principal, period: Period, scope: Scope) -> dict[str, int]:
    earlier = aliased(W)
    came_back = exists().where(
        earlier.receipt_line_id == W.receipt_line_id,
        earlier.id < W.id,
        W.receipt_line_id.is_not(None),
    )
    stmt = (
        select(
            func.count().label("opened"),
            func.coalesce(func.sum(case((W.sent_to_factory_at.is_not(None), 1), else_=0)), 0).label(
                "factory"
            ),
            func.coalesce(func.sum(case((came_back, 1), else_=0)), 0).label("came_back"),
        )
        .select_from(W)
        .where(W.opened_at >= period.utc_start, W.opened_at < period.utc_end)
    )
    row = session.execute(narrow(stmt, user, scope)).one()
    return {k: int(v) for k, v in row._mapping.items()}


def _histogram(
    session: Session, user: Principal, period: Period, scope: Scope
) -> list[tuple[int, int]]:
    days = day_span(session, W.taken_in_on, W.back_on)
    stmt = (
        select(days.label("d"), func.count())
        .select_from(W)
        .where(
            W.handed_back_at >= period.utc_start,
            W.handed_back_at < period.utc_end,
            and_(W.back_on.is_not(None)),
        )
        .group_by(days)
    )
    return sorted((int(d), int(n)) for d, n in session.execute(narrow(stmt, user, scope)))


def percentile(histogram: list[tuple[int, int]], share: float) -> float | None:
    """The value below which `share` of the orders lie (nearest rank; the median of an even
    count is the mean of the two middle values)."""
    total = sum(n for _, n in histogram)
    if total == 0:
        return None
    if share == 0.5 and total % 2 == 0:
        return (_rank(histogram, total // 2) + _rank(histogram, total // 2 + 1)) / 2
    return float(_rank(histogram, max(1, math.ceil(share * total - 1e-9))))


def _rank(histogram: list[tuple[int, int]], rank: int) -> int:
    seen = 0
    for value, n in histogram:
        seen += n
        if seen >= rank:
            return value
    return histogram[-1][0]


def _promises(session: Session, user: Principal, period: Period, scope: Scope) -> dict[str, int]:
    """How the promises of the repairs opened in the period went (the worker's stamps)."""
    waited = exists().where(PartsWait.work_order_id == W.id)

    def count(condition: Any) -> Any:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    stmt = (
        select(
            count(RepairWatch.warned_at.is_not(None)).label("promise_warned"),
            count(RepairWatch.escalated_at.is_not(None)).label("promise_escalated"),
            count(RepairWatch.limit_passed_at.is_not(None)).label("legal_limit_passed"),
            count(RepairWatch.loaner_asked_at.is_not(None)).label("loaners_owed"),
            count(RepairWatch.loaner_given_at.is_not(None)).label("loaners_given"),
            count(waited).label("waited_for_parts"),
        )
        .select_from(W)
        .join(RepairWatch, RepairWatch.work_order_id == W.id)
        .where(W.opened_at >= period.utc_start, W.opened_at < period.utc_end)
    )
    row = session.execute(narrow(stmt, user, scope)).one()
    return {k: int(v) for k, v in row._mapping.items()}


def repair_figures(
    session: Session, *, user: Principal, period: Period, scope: Scope
) -> dict[str, Any]:
    opened = _opened(session, user, period, scope)
    hist = _histogram(session, user, period, scope)
    closed = sum(n for _, n in hist)
    within = sum(n for d, n in hist if d <= PROMISE_DAYS)
    return {
        "count": opened["opened"],
        "opened": opened["opened"],
        "closed": closed,
        "median_days": percentile(hist, 0.5),
        "p90_days": percentile(hist, 0.9),
        "within_promise": within,
        "within_promise_share": round(within / closed, 4) if closed else None,
        "factory_returns": opened["factory"],
        "came_back": opened["came_back"],
        "histogram": [{"days": d, "count": n} for d, n in hist],
        # the turnaround promise and the legal limits as the worker enforced them
        **_promises(session, user, period, scope),
    }
