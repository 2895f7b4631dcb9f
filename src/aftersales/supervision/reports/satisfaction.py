"""Ratings customers gave after closure (1..5) to the complaints registered in the period
(the same cases as every other complaint figure, found by the indexed registration time;
rated on the tracking page or on the follow-up call that closed the case):
distribution, average, by store, counter and staff member, and the latest comments."""

from collections import defaultdict
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import func
from sqlalchemy.orm import Session

from aftersales.auth.principal import Principal
from aftersales.auth.scope import scope_of
from aftersales.complaints.models import Complaint
from aftersales.db import utcnow
from aftersales.feedback.surveys.stats import survey_figures
from aftersales.supervision.reports import summary
from aftersales.supervision.reports.complaint_stats import base
from aftersales.supervision.reports.period import Period
from aftersales.supervision.reports.places import Scope, names

C = Complaint
LOW = 2  # a rating of 2 or less counts as low in the inspection ranking


def _rated(user: Principal, period: Period, scope: Scope) -> Any:
    return base(user, period, scope, join_counter=False).where(C.satisfaction.is_not(None))


def _avg(total: int, n: int) -> float | None:
    """The mean rating, two places (a number, not money)."""
    return float((Decimal(total) / n).quantize(Decimal("0.01"), ROUND_HALF_UP)) if n else None


def _by(
    rows: list[tuple[Any, ...]], index: int, table: dict[int, tuple[str, str]]
) -> list[dict[str, Any]]:
    """Roll the (store, counter, staff, rating, n) aggregate rows up to one place."""
    acc: dict[Any, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        acc[row[index]][0] += row[4]
        acc[row[index]][1] += row[4] * row[3]
    out = [
        {
            "key": table.get(k, (None, ""))[0],
            "label": table.get(k, (None, "（未填）"))[1],
            "ratings": n,
            "average": _avg(total, n),
        }
        for k, (n, total) in acc.items()
    ]
    return sorted(out, key=lambda r: (-r["ratings"], str(r["key"])))


Rating = tuple[int | None, int | None, int | None, int, int]  # store, counter, staff, 1..5, n


def rating_rows(
    session: Session, *, user: Principal, period: Period, scope: Scope, now: datetime
) -> list[Rating]:
    """The period's ratings counted per (store, counter, staff, rating): one GROUP BY over
    the cases counted live, plus the summary rows of the months summed up (summary.py)."""
    months = summary.usable_months(session, period, now)
    keys = (C.store_id, C.counter_id, C.staff_id, C.satisfaction)
    live = _rated(user, period, scope)
    if months:
        live = live.where(summary.live_only(period, months))
    stmt = live.add_columns(*keys, func.count()).group_by(*keys)
    rows = [(a, b, c, int(d), int(n)) for a, b, c, d, n in session.execute(stmt).tuples()]
    if months:
        for store, counter, key, n in session.execute(summary.rating_rows(user, scope, months)):
            staff, rating = key.split(":")
            rows.append((store, counter, int(staff) if staff else None, int(rating), int(n)))
    return rows


def low_by_counter(rows: list[Rating]) -> dict[int, int]:
    """The low ratings (LOW or less) per counter, for the inspection ranking."""
    low: dict[int, int] = defaultdict(int)
    for _store, counter, _staff, rating, n in rows:
        if rating <= LOW and counter is not None:
            low[counter] += n
    return dict(low)


def satisfaction_figures(
    session: Session,
    *,
    user: Principal,
    period: Period,
    scope: Scope,
    rows: list[Rating] | None = None,
) -> dict[str, Any]:
    """The distribution and the three breakdowns, sums of the few rating rows (`rows`,
    read now when not given)."""
    if rows is None:
        rows = rating_rows(session, user=user, period=period, scope=scope, now=utcnow())
    dist = {k: sum(r[4] for r in rows if r[3] == k) for k in range(1, 6)}
    n = sum(dist.values())
    place = names(session)
    return {
        "ratings": n,
        "average": _avg(sum(k * v for k, v in dist.items()), n),
        "distribution": {str(k): v for k, v in dist.items()},
        "low": sum(v for k, v in dist.items() if k <= LOW),
        "by_store": _by(rows, 0, place.stores),
        "by_counter": _by(rows, 1, place.counters),
        "by_staff": _by(rows, 2, place.staff),
        "surveys": _surveys(session, user, period, scope),
    }


def _surveys(session: Session, user: Principal, period: Period, scope: Scope) -> dict[str, Any]:
    """The satisfaction surveys answered in the period, in the same scope."""
    where = scope_of(user.role)
    store_id = scope.store_id or (user.store_id if where == "store" else None)
    counter_id = scope.counter_id or (user.counter_id if where == "counter" else None)
    return survey_figures(
        session,
        start=period.utc_start,
        end=period.utc_end,
        store_id=store_id,
        counter_id=counter_id,
    )


def comments(
    session: Session, *, user: Principal, period: Period, scope: Scope, limit: int = 20
) -> list[dict[str, Any]]:
    stmt = _rated(user, period, scope).where(C.rating_comment.is_not(None), C.rating_comment != "")
    rows = session.execute(
        stmt.add_columns(C.id, C.tracking_code, C.satisfaction, C.rating_comment, C.rated_at)
        .order_by(C.created_at.desc(), C.id.desc())
        .limit(limit)
    )
    return [dict(r._mapping) for r in rows]
