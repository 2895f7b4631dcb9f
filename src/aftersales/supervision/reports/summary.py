"""Reading the monthly summary rows of the complaint statistics (models.ComplaintMonthSummary).

A period's figures are the sum of two parts that never overlap:
- the summary rows of every whole month inside the period that is over, has been summed up
  by the worker (summary_build.py), and has not changed since: every case of it, already
  grouped by every key but the day;
- the cases counted live: everything outside those months.

A month's rows are used only while no complaint of that month has an audit event newer than
the month's `checked_event_id` (every change to a case writes one, in its transaction), and
while `now` lies between its `built_at` and its `valid_until`: the first moment a figure of
one of its cases would move with the clock (an unanswered case reaching its respond time, an
open one its resolve time). The worker sums such a month up again within a pass or two. Otherwise the month is
counted live until the worker sums it up again, so the answer always equals the raw query.
The rows trust the audit log: a change written straight into the table, without its event,
is not seen (the house rule is that every change writes one)."""

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import String, and_, cast, false, func, or_, select
from sqlalchemy.orm import Session

from aftersales.audit.models import Event
from aftersales.auth.principal import Principal
from aftersales.claims.models import Claim
from aftersales.complaints.models import Complaint, Status
from aftersales.org.models import Counter
from aftersales.supervision.reports.models import (
    ClaimMonthSummary,
    ClaimSummaryMonth,
    ComplaintMonthSummary,
    ComplaintSummaryMonth,
)
from aftersales.supervision.reports.period import Period, local_today
from aftersales.supervision.reports.places import Scope
from aftersales.supervision.reports.sqltime import local_text

C = Complaint
K = Claim
S = ComplaintMonthSummary
ENDED = (Status.closed, Status.withdrawn)
OPEN = tuple(s for s in Status if s not in ENDED)
# The rows of dim "place" answer these groupings through their counter and store.
PLACE_KEYS: dict[str, Any] = {
    "store": S.store_id,
    "floor": Counter.floor_id,
    "counter": S.counter_id,
    "brand": Counter.brand_id,
    "month": S.month,
}
# Each of these has its own rows, the key kept as text.
DIMS = ("type", "cause", "channel", "staff", "level", "status")
# The ratings' rows (rated ended cases only): the key is "staff id:rating" ("" for no staff).
RATING = "rating"


def rating_key() -> Any:
    """A complaint's rating key as text; NULL when it has no rating."""
    staff = func.coalesce(cast(C.staff_id, String), "")
    return staff + ":" + cast(C.satisfaction, String)


SUMMED = (
    "responded_on_time",
    "responded_late",
    "resolved_on_time",
    "resolved_late",
    "open",
    "escalated",
)


def month_period(month: str, tz: str) -> Period:
    first = date(int(month[:4]), int(month[5:7]), 1)
    after = (first + timedelta(days=32)).replace(day=1)
    return Period(first, after - timedelta(days=1), tz)


def whole_months(period: Period, *, before: date) -> list[str]:
    """The months lying wholly inside the period that start before `before`."""
    out = []
    first = period.start if period.start.day == 1 else _next_month(period.start)
    while first < before:
        last = _next_month(first) - timedelta(days=1)
        if last > period.end:
            break
        out.append(first.strftime("%Y-%m"))
        first = _next_month(first)
    return out


def _next_month(day: date) -> date:
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


def usable_months(session: Session, period: Period, now: datetime) -> list[str]:
    """The months of the period whose complaint summary rows equal the raw query at `now`."""
    return sorted(
        _usable(session, period, now, ComplaintSummaryMonth, "complaint", C.id, C.created_at)
    )


def usable_claim_months(session: Session, period: Period, now: datetime) -> list[str]:
    """The months of the period whose claim summary rows equal the raw query."""
    return sorted(_usable(session, period, now, ClaimSummaryMonth, "claim", K.id, K.opened_at))


def _usable(
    session: Session,
    period: Period,
    now: datetime,
    state: Any,
    entity: str,
    case_id: Any,
    opened: Any,
) -> dict[str, Any]:
    """month -> its state row, for the months of the period whose rows are usable."""
    this_month = local_today(period.tz, now).replace(day=1)
    wanted = whole_months(period, before=this_month)
    if not wanted:
        return {}
    ok = {
        s.month: s
        for s in session.scalars(select(state).where(state.month.in_(wanted)))
        if s.built_at <= now and (getattr(s, "valid_until", None) is None or now < s.valid_until)
    }
    if not ok:
        return {}
    low = min(s.checked_event_id for s in ok.values())
    month = local_text(session, opened, period.tz, month=True)
    touched = session.execute(
        select(month, func.max(Event.id))
        .select_from(Event)
        .join(case_id.table, case_id == Event.entity_id)
        .where(
            Event.id > low,
            Event.entity == entity,
            opened >= period.utc_start,
            opened < period.utc_end,
        )
        .group_by(month)
    )
    for m, top in touched:
        if m in ok and top > ok[m].checked_event_id:
            del ok[m]
    return ok


def _ranges(months: list[str], tz: str) -> list[tuple[datetime, datetime]]:
    """The months as UTC [start, end) ranges, neighbours joined."""
    out: list[tuple[datetime, datetime]] = []
    for m in months:
        p = month_period(m, tz)
        if out and out[-1][1] == p.utc_start:
            out[-1] = (out[-1][0], p.utc_end)
        else:
            out.append((p.utc_start, p.utc_end))
    return out


def outside(period: Period, months: list[str], opened: Any) -> Any:
    """`opened` in the period but in none of `months`."""
    gaps, at = [], period.utc_start
    for a, b in _ranges(months, period.tz):
        if at < a:
            gaps.append(and_(opened >= at, opened < a))
        at = b
    if at < period.utc_end:
        gaps.append(and_(opened >= at, opened < period.utc_end))
    return or_(*gaps) if gaps else false()


def live_only(period: Period, months: list[str]) -> Any:
    """The condition on a complaint of the period for counting it live beside the rows of
    `months`: registered outside them (the stretches between them, each a range of an index)."""
    return outside(period, months, C.created_at)


def _in_scope(stmt: Any, user: Principal, scope: Scope, table: Any) -> Any:
    """A summary table's rows narrowed to the scope picked and to what the caller may see."""
    return scope.narrow(stmt, user, store=table.store_id, counter=table.counter_id)


def place_sums(user: Principal, scope: Scope, months: list[str], columns: tuple[str, ...]) -> Any:
    """The sums of `columns` over the "place" rows of `months` the caller may see."""
    stmt = (
        select(*[func.coalesce(func.sum(getattr(S, c)), 0).label(c) for c in columns])
        .select_from(S)
        .outerjoin(Counter, Counter.id == S.counter_id)
        .where(S.dim == "place", S.month.in_(months))
    )
    return _in_scope(stmt, user, scope, S)


def rating_rows(user: Principal, scope: Scope, months: list[str]) -> Any:
    """The ratings summed up in `months`: store, counter, key ("staff:rating") and count."""
    stmt = (
        select(S.store_id, S.counter_id, S.key, func.sum(S.count))
        .select_from(S)
        .outerjoin(Counter, Counter.id == S.counter_id)
        .where(S.dim == RATING, S.month.in_(months))
        .group_by(S.store_id, S.counter_id, S.key)
    )
    return _in_scope(stmt, user, scope, S)


def summary_rows(user: Principal, scope: Scope, by: str, months: list[str]) -> Any:
    """The rows of `months` for grouping `by` that the caller may see in the scope picked:
    the key as text `k`, the case count `n` and the summed figures (the live part's
    columns). Every grouping but `day` can be read from them."""
    return _grouping_rows(S, PLACE_KEYS, SUMMED, user, scope, by, months)


def _grouping_rows(
    table: Any,
    place_keys: dict[str, Any],
    figures: tuple[str, ...],
    user: Principal,
    scope: Scope,
    by: str,
    months: list[str],
) -> Any:
    if by in place_keys:
        dim, key = "place", cast(place_keys[by], String)
    else:
        dim, key = by, table.key
    stmt = (
        select(
            key.label("k"), table.count.label("n"), *[getattr(table, n).label(n) for n in figures]
        )
        .select_from(table)
        .outerjoin(Counter, Counter.id == table.counter_id)
        .where(table.dim == dim, table.month.in_(months))
    )
    return _in_scope(stmt, user, scope, table)


CLAIM_PLACE_KEYS: dict[str, Any] = {
    "store": ClaimMonthSummary.store_id,
    "counter": ClaimMonthSummary.counter_id,
    "brand": Counter.brand_id,
}
CLAIM_DIMS = ("remedy", "category", "outcome")
CLAIM_SUMMED = ("refunded", "compensated", "overridden")


def claim_summary_rows(user: Principal, scope: Scope, by: str, months: list[str]) -> Any:
    """Like summary_rows, for the claims: `k`, `n` and refunded, compensated, overridden."""
    return _grouping_rows(
        ClaimMonthSummary, CLAIM_PLACE_KEYS, CLAIM_SUMMED, user, scope, by, months
    )
