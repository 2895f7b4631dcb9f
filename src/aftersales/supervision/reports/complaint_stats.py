"""Complaint figures over a period, grouped in the database (contracts/reports.md).

What each counter means, from the case's own columns and its audit events:
- responded late: an earlier level let its respond deadline pass (the sweep escalated the
  case, an audit event by "system"), or the top level did (respond_overdue_at), or the
  holding level answered after respond_by, or has not answered and respond_by has passed;
- responded on time: the holding level answered by respond_by and no level missed;
- resolved on time / late: closed by / after resolve_by; an open case past resolve_by is
  late; a withdrawn case is neither;
- open: not closed and not withdrawn; escalated: moved up the ladder at least once.
A case not yet due is in neither on time nor late.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import (
    String,
    and_,
    case,
    cast,
    exists,
    func,
    literal,
    not_,
    or_,
    select,
)
from sqlalchemy.orm import Session

from aftersales.audit.models import Event
from aftersales.auth.principal import Principal
from aftersales.complaints.models import Complaint, Status
from aftersales.complaints.moves import REPLY_REASON
from aftersales.db import UTCDateTime
from aftersales.org.models import Counter
from aftersales.supervision.reports import summary
from aftersales.supervision.reports.errors import UnknownGrouping
from aftersales.supervision.reports.groupings import each_grouping, each_grouping_with
from aftersales.supervision.reports.period import Period
from aftersales.supervision.reports.places import Scope
from aftersales.supervision.reports.sqltime import local_text

C = Complaint
BY = (
    "type",
    "cause",
    "channel",
    "store",
    "floor",
    "counter",
    "brand",
    "staff",
    "level",
    "status",
    "day",
    "month",
)
FIGURES = ("count", *summary.SUMMED)
ENDED = (Status.closed, Status.withdrawn)
_NEEDS_COUNTER = {"floor", "brand"}


def _escalation(*, by_system: bool) -> Any:
    cond = [Event.entity == "complaint", Event.entity_id == C.id, Event.action == "escalated"]
    if by_system:
        # A sweep escalation for a missed reply to the customer is no missed feedback.
        reason = func.coalesce(Event.after["reason"].as_string(), "")
        cond += [Event.actor == "system", reason != REPLY_REASON]
    return exists().where(*cond)


def respond_missed() -> Any:
    """A level let its respond deadline pass: the sweep escalated it, or it was at the top."""
    return or_(_escalation(by_system=True), C.respond_overdue_at.is_not(None))


def flags(now: datetime) -> dict[str, Any]:
    """Each figure as a 0/1 SQL expression over one complaint."""
    answered = C.first_response_at.is_not(None)
    # A paused clock stands still. The instant is typed so SQLite compares stored UTC text.
    clock_at = func.coalesce(C.paused_at, literal(now, UTCDateTime()))
    missed = respond_missed()
    r_late = or_(
        missed,
        and_(answered, C.first_response_at > C.respond_by),
        and_(not_(answered), C.respond_by <= clock_at),
    )
    r_ok = and_(answered, C.first_response_at <= C.respond_by, not_(missed))
    is_open = C.status.not_in(ENDED)
    closed = C.status == Status.closed
    s_ok = and_(closed, C.closed_at <= C.resolve_by)
    s_late = or_(
        and_(closed, C.closed_at > C.resolve_by),
        and_(is_open, C.status != Status.referred, C.resolve_by <= clock_at),
    )
    one = {
        "responded_on_time": r_ok,
        "responded_late": r_late,
        "resolved_on_time": s_ok,
        "resolved_late": s_late,
        "open": is_open,
        "escalated": _escalation(by_system=False),
    }
    return {k: case((v, 1), else_=0) for k, v in one.items()}


def group_key(session: Session, by: str, tz: str) -> Any:
    keys = {
        "type": C.type,
        "cause": C.cause,
        "channel": C.channel,
        "store": C.store_id,
        "floor": Counter.floor_id,
        "counter": C.counter_id,
        "brand": Counter.brand_id,
        "staff": C.staff_id,
        "level": C.level,
        "status": C.status,
        "day": local_text(session, C.created_at, tz),
        "month": local_text(session, C.created_at, tz, month=True),
    }
    if by not in keys:
        raise UnknownGrouping(field="by", extra={"allowed": list(BY)})
    return keys[by]


def base(
    user: Principal, period: Period, scope: Scope, *, join_counter: bool, at: Any = C.created_at
) -> Any:
    """The cases in the period (registered in it, or `at` in it) the caller may see,
    narrowed to the scope picked."""
    stmt = select().select_from(C)
    if join_counter or scope.floor_id or scope.brand_id:
        stmt = stmt.outerjoin(Counter, Counter.id == C.counter_id)
    stmt = stmt.where(at >= period.utc_start, at < period.utc_end)
    # "+ 0": the period's stretch of the created_at (covering) index is the way in; a plain
    # store or counter filter tempts SQLite into walking all of a store's cases instead.
    store, counter = C.store_id + 0, C.counter_id + 0
    return scope.narrow(stmt, user, store=store, counter=counter)


def grouped(
    session: Session, *, user: Principal, period: Period, scope: Scope, by: str, now: datetime
) -> list[dict[str, Any]]:
    """One row per key: raw keys (ids, codes, day text) and the figures as ints."""
    key = group_key(session, by, period.tz)
    months = _summed_months(session, period, now, (by,))
    if months:
        return _with_summary(session, user, period, scope, (by,), now, months)[by]
    f = flags(now)
    sums = [func.count().label("count")] + [
        func.coalesce(func.sum(f[name]), 0).label(name) for name in FIGURES[1:]
    ]
    inner = base(user, period, scope, join_counter=by in _NEEDS_COUNTER)
    stmt = inner.add_columns(key.label("k"), *sums).group_by(key)
    return [dict(r._mapping) for r in session.execute(stmt)]


def _ints(row: dict[str, Any]) -> dict[str, Any]:
    return {n: (int(v or 0) if n in FIGURES else v) for n, v in row.items()}


def _summed_months(
    session: Session, period: Period, now: datetime, bys: tuple[str, ...]
) -> list[str]:
    """The period's months read from the summary rows (none when grouping by day)."""
    if "day" in bys:
        return []
    return summary.usable_months(session, period, now)


def _with_summary(
    session: Session,
    user: Principal,
    period: Period,
    scope: Scope,
    bys: tuple[str, ...],
    now: datetime,
    months: list[str],
) -> dict[str, list[dict[str, Any]]]:
    """grouped() for each of `bys`: the cases counted live (everything outside `months`,
    and the open cases in them) read once into a CTE with their keys as text and 0/1
    figures, each grouping summed together with its summary rows of `months`."""
    f = flags(now)
    keys = [cast(group_key(session, by, period.tz), String).label(f"k_{by}") for by in bys]
    join_counter = any(by in _NEEDS_COUNTER for by in bys)
    live = (
        base(user, period, scope, join_counter=join_counter)
        .where(summary.live_only(period, months))
        .add_columns(*keys, literal(1).label("n"), *[v.label(k) for k, v in f.items()])
        .cte("cases")
    )
    stmt = each_grouping_with(
        live, bys, FIGURES[1:], lambda by: summary.summary_rows(user, scope, by, months)
    )
    return _split(session.execute(stmt), bys)


def _split(result: Any, bys: tuple[str, ...]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {by: [] for by in bys}
    for r in result:
        row = dict(r._mapping)
        by, key = row.pop("by"), row["k"]
        row["k"] = int(key) if key is not None and by in _INT_KEYS else key
        out[by].append(_ints(row))
    return out


def total_of(rows: list[dict[str, Any]]) -> dict[str, int]:
    """The total over the same cases: every case lies in exactly one row."""
    return {name: int(sum(r[name] for r in rows)) for name in FIGURES}


# The page shows nine groupings of the same cases: one statement reads the period once into
# a common table expression (materialized: it is used nine times) with each case's keys and
# 0/1 figures, and groups that narrow set nine ways (see groupings.py).
_INT_KEYS = {"store", "floor", "counter", "brand", "staff", "level"}


def grouped_many(
    session: Session,
    *,
    user: Principal,
    period: Period,
    scope: Scope,
    bys: tuple[str, ...],
    now: datetime,
) -> dict[str, list[dict[str, Any]]]:
    """The same rows as grouped() for each of `bys`, from one pass over the cases (and the
    summary rows of the period's months that have them)."""
    months = _summed_months(session, period, now, bys)
    if months:
        return _with_summary(session, user, period, scope, bys, now, months)
    f = flags(now)
    keys = [group_key(session, by, period.tz).label(f"k_{by}") for by in bys]
    cases = (
        base(user, period, scope, join_counter=True)
        .add_columns(*keys, *[v.label(k) for k, v in f.items()])
        .cte("cases")
    )
    return _split(session.execute(each_grouping(cases, bys, FIGURES[1:])), bys)
