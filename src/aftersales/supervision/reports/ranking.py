"""Which counters need an inspection: a score per counter from complaints per 1,000
receipts, missed deadlines, low ratings and verified staff faults, every factor shown.

Weights: the rate counts a tenth (a counter with few sales would otherwise outweigh every
other factor with one complaint); a missed deadline or a low rating says more about a
counter than one complaint more per thousand sales, and a verified fault (a service
complaint found against a named clerk) most of all. Each factor comes from its own GROUP BY over the period."""

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aftersales.auth.principal import Principal
from aftersales.complaints.models import Complaint
from aftersales.org.models import Counter
from aftersales.sales.models import Receipt
from aftersales.staff.models import DisciplineRecord
from aftersales.supervision.reports.period import Period
from aftersales.supervision.reports.places import Names, Scope

WEIGHTS = {"per_1000": 0.1, "missed": 2.0, "low_ratings": 3.0, "faults": 5.0}


def _narrow(stmt: Any, user: Principal, scope: Scope, store: Any, counter: Any) -> Any:
    if scope.floor_id or scope.brand_id:
        stmt = stmt.join(Counter, Counter.id == counter)
    return scope.narrow(stmt, user, store=store, counter=counter)


def _pairs(session: Session, stmt: Any) -> dict[int, int]:
    return {k: int(v) for k, v in session.execute(stmt).tuples()}


def receipts_by_counter(
    session: Session, user: Principal, period: Period, scope: Scope
) -> dict[int, int]:
    R = Receipt
    stmt = (
        select(R.counter_id, func.count())
        .where(R.sold_at >= period.utc_start, R.sold_at < period.utc_end)
        .group_by(R.counter_id)
    )
    return _pairs(session, _narrow(stmt, user, scope, R.store_id, R.counter_id))


def _faults(session: Session, user: Principal, period: Period, scope: Scope) -> dict[int, int]:
    C, D = Complaint, DisciplineRecord
    stmt = (
        select(C.counter_id, func.count())
        .select_from(D)
        .join(C, C.id == D.complaint_id)
        .where(
            D.created_at >= period.utc_start, D.created_at < period.utc_end, D.reversed_at.is_(None)
        )
        .group_by(C.counter_id)
    )
    return _pairs(session, _narrow(stmt, user, scope, C.store_id, C.counter_id))


def inspection_ranking(
    session: Session,
    *,
    user: Principal,
    period: Period,
    scope: Scope,
    by_counter: list[dict[str, Any]],
    low: dict[int, int],
    names: Names,
    limit: int = 10,
) -> list[dict[str, Any]]:
    """`by_counter` is the complaint figures' raw rows by counter (ids as keys), `low` the
    low ratings per counter (satisfaction.low_by_counter)."""
    receipts = receipts_by_counter(session, user, period, scope)
    faults = _faults(session, user, period, scope)
    complaints = {r["k"]: r for r in by_counter if r["k"] is not None}
    rows = []
    for cid in set(complaints) | set(low) | set(faults):
        c = complaints.get(cid, {})
        sold = receipts.get(cid, 0)
        count = int(c.get("count", 0))
        f = {
            "complaints": count,
            "receipts": sold,
            "per_1000": round(count * 1000 / sold, 2) if sold else None,
            "missed": int(c.get("responded_late", 0)) + int(c.get("resolved_late", 0)),
            "low_ratings": low.get(cid, 0),
            "faults": faults.get(cid, 0),
        }
        score = sum(WEIGHTS[k] * (f[k] or 0) for k in WEIGHTS)
        code, label = names.counters.get(cid, (str(cid), str(cid)))
        rows.append({"key": code, "label": label, **f, "score": round(score, 2)})
    rows.sort(key=lambda r: (-r["score"], r["key"]))
    return rows[:limit]
