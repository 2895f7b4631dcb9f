"""Claim figures over a period (opened in it), grouped in the database: how many, money
refunded (returns and price differences), compensation paid, supervisor overrides."""

from decimal import Decimal
from typing import Any

from sqlalchemy import String, case, cast, func, literal, select
from sqlalchemy.orm import Session

from aftersales.auth.principal import Principal
from aftersales.claims.models import Claim
from aftersales.db import utcnow
from aftersales.org.models import Counter
from aftersales.supervision.reports import summary
from aftersales.supervision.reports.errors import UnknownGrouping
from aftersales.supervision.reports.groupings import each_grouping, each_grouping_with
from aftersales.supervision.reports.period import Period
from aftersales.supervision.reports.places import Scope

K = Claim
BY = ("remedy", "store", "counter", "brand", "category", "outcome")
FIGURES = ("count", "refunded", "compensated", "overridden")
MONEY = ("refunded", "compensated")
REFUNDS = ("return", "refund_difference")


def group_key(by: str) -> Any:
    keys = {
        "remedy": K.remedy,
        "store": K.store_id,
        "counter": K.counter_id,
        "brand": Counter.brand_id,
        "category": K.category,
        "outcome": K.outcome,
    }
    if by not in keys:
        raise UnknownGrouping(field="by", extra={"allowed": list(BY)})
    return keys[by]


def _sums() -> list[Any]:
    refunded = case((K.remedy.in_(REFUNDS), K.refund_amount))
    compensated = case((K.remedy == "compensation", K.refund_amount))
    return [
        func.count().label("count"),
        func.sum(refunded).label("refunded"),
        func.sum(compensated).label("compensated"),
        func.coalesce(func.sum(case((K.overridden, 1), else_=0)), 0).label("overridden"),
    ]


def _per_claim() -> list[Any]:
    """One claim's figures: the money refunded or the compensation paid (else NULL), and
    whether a supervisor overrode the decision (0/1)."""
    return [
        case((K.remedy.in_(REFUNDS), K.refund_amount)).label("refunded"),
        case((K.remedy == "compensation", K.refund_amount)).label("compensated"),
        case((K.overridden, 1), else_=0).label("overridden"),
    ]


def _narrow(stmt: Any, user: Principal, period: Period, scope: Scope) -> Any:
    stmt = stmt.where(K.opened_at >= period.utc_start, K.opened_at < period.utc_end)
    store, counter = K.store_id + 0, K.counter_id + 0  # see complaint_stats.base
    return scope.narrow(stmt, user, store=store, counter=counter)


def grouped(
    session: Session, *, user: Principal, period: Period, scope: Scope, by: str
) -> list[dict[str, Any]]:
    key = group_key(by)
    months = summary.usable_claim_months(session, period, utcnow())
    if months:
        return _with_summary(session, user, period, scope, (by,), months)[by]
    stmt = select(key.label("k"), *_sums()).select_from(K)
    if by == "brand" or scope.floor_id or scope.brand_id:
        stmt = stmt.join(Counter, Counter.id == K.counter_id)
    stmt = _narrow(stmt, user, period, scope).group_by(key)
    rows = []
    for r in session.execute(stmt):
        row = dict(r._mapping)
        for name in MONEY:
            row[name] = row[name] or Decimal("0.00")
        rows.append(row)
    return rows


def total_of(rows: list[dict[str, Any]]) -> dict[str, Any]:
    total: dict[str, Any] = {name: sum(r[name] for r in rows) for name in ("count", "overridden")}
    for name in MONEY:
        total[name] = sum((r[name] for r in rows), Decimal("0.00"))
    return {name: total[name] for name in FIGURES}


def grouped_many(
    session: Session, *, user: Principal, period: Period, scope: Scope, bys: tuple[str, ...]
) -> dict[str, list[dict[str, Any]]]:
    """grouped() for each of `bys` from one read of the period's claims (see the same
    function in complaint_stats)."""
    months = summary.usable_claim_months(session, period, utcnow())
    if months:
        return _with_summary(session, user, period, scope, bys, months)
    stmt = (
        select(*[group_key(by).label(f"k_{by}") for by in bys], *_per_claim())
        .select_from(K)
        .join(Counter, Counter.id == K.counter_id)
    )
    claims = _narrow(stmt, user, period, scope).cte("claims")
    return _split(session.execute(each_grouping(claims, bys, FIGURES[1:])), bys)


def _split(result: Any, bys: tuple[str, ...]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {by: [] for by in bys}
    for r in result:
        row = dict(r._mapping)
        by = row.pop("by")
        if row["k"] is not None and by in ("store", "counter", "brand"):
            row["k"] = int(row["k"])
        for name in MONEY:  # the CTE's column keeps the Money type: the sum comes as Decimal
            row[name] = row[name] or Decimal("0.00")
        row["count"], row["overridden"] = int(row["count"]), int(row["overridden"] or 0)
        out[by].append(row)
    return out


def _with_summary(
    session: Session,
    user: Principal,
    period: Period,
    scope: Scope,
    bys: tuple[str, ...],
    months: list[str],
) -> dict[str, list[dict[str, Any]]]:
    """grouped() for each of `bys`: the claims outside `months` read live, once, and each
    grouping summed together with its summary rows of `months`."""
    stmt = (
        select(
            *[cast(group_key(by), String).label(f"k_{by}") for by in bys],
            literal(1).label("n"),
            *_per_claim(),
        )
        .select_from(K)
        .outerjoin(Counter, Counter.id == K.counter_id)
        .where(summary.outside(period, months, K.opened_at))
    )
    live = _narrow(stmt, user, period, scope).cte("claims")
    stmt = each_grouping_with(
        live, bys, FIGURES[1:], lambda by: summary.claim_summary_rows(user, scope, by, months)
    )
    return _split(session.execute(stmt), bys)
