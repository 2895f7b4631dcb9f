"""Keeping the monthly summary rows (summary.py explains how they are read).

The worker, on each pass, sums up every month that is over and has no rows yet or whose
rows went stale (a case of that month changed, or one of its cases turned late with the
clock), a few months per pass, one transaction per month, and moves the checked event of
the months still fresh forward. Any number of workers may run: a month's state row is locked (or
inserted, so a racing second insert fails) before its rows are replaced."""

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    String,
    case,
    cast,
    delete,
    func,
    insert,
    literal,
    null,
    select,
    union_all,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from aftersales.audit.models import Event
from aftersales.claims.models import Claim
from aftersales.complaints.models import Complaint, Status
from aftersales.db import UTCDateTime, transaction, utcnow
from aftersales.settings import Settings
from aftersales.supervision.reports.claim_stats import REFUNDS
from aftersales.supervision.reports.complaint_stats import FIGURES, flags
from aftersales.supervision.reports.deadlines import SUMMED as DEADLINE_FIGURES
from aftersales.supervision.reports.deadlines import complaint_flags
from aftersales.supervision.reports.models import (
    ClaimMonthSummary,
    ClaimSummaryMonth,
    ComplaintMonthSummary,
    ComplaintSummaryMonth,
)
from aftersales.supervision.reports.period import Period, local_today
from aftersales.supervision.reports.summary import (
    CLAIM_DIMS,
    DIMS,
    ENDED,
    RATING,
    month_period,
    rating_key,
    usable_claim_months,
    usable_months,
    whole_months,
)

C = Complaint
S = ComplaintMonthSummary
STATE = ComplaintSummaryMonth
K = Claim
R = ClaimMonthSummary
CLAIM_STATE = ClaimSummaryMonth
# Events are numbered when written but may commit out of order (PostgreSQL): a month is
# marked checked only up to events this old, which every transaction has committed by then.
LAG = timedelta(seconds=60)
MONTHS_PER_PASS = 2


def watermark(session: Session, *, lag: timedelta = LAG) -> int:
    """The newest audit event written at least `lag` ago (0: none)."""
    stmt = select(Event.id).order_by(Event.id.desc()).limit(1)
    if lag:
        stmt = stmt.where(Event.at <= utcnow() - lag)
    return session.execute(stmt).scalar() or 0


def build_month(
    session: Session, month: str, *, tz: str, now: datetime, checked_event_id: int
) -> int:
    """Replace the month's summary rows with every case of it summed up as at `now`, valid
    until the first moment one of their figures moves with the clock; answer the number of
    cases summed. Events up to `checked_event_id` must already be visible."""
    period = month_period(month, tz)
    state = session.get(STATE, month, with_for_update=True)
    if state is None:
        state = STATE(month=month, built_at=now, checked_event_id=checked_event_id)
        session.add(state)
        session.flush()  # a racing worker's insert of the same month fails here
    session.execute(delete(S).where(S.month == month))
    in_month = (C.created_at >= period.utc_start, C.created_at < period.utc_end)
    f = flags(now)
    keys = {
        "type": C.type,
        "cause": C.cause,
        "channel": C.channel,
        "staff": C.staff_id,
        "level": C.level,
        "status": C.status,
        RATING: rating_key(),
    }
    cases = (
        select(
            C.store_id,
            C.counter_id,
            *[cast(v, String).label(f"k_{k}") for k, v in keys.items()],
            *[v.label(k) for k, v in f.items()],
            *[v.label(k) for k, v in complaint_flags().items()],
        )
        .where(*in_month)
        .cte("cases")
    )
    parts = []
    for dim in (*DIMS, RATING, "place"):
        key = cases.c[f"k_{dim}"] if dim != "place" else null()
        group = [cases.c.store_id, cases.c.counter_id] + ([key] if dim != "place" else [])
        # The service standards' figures are summed on the place rows alone.
        standards = [
            func.sum(cases.c[name]) if dim == "place" else literal(0) for name in DEADLINE_FIGURES
        ]
        part = select(
            literal(month),
            literal(dim),
            cast(key, String),
            cases.c.store_id,
            cases.c.counter_id,
            func.count(),
            *[func.sum(cases.c[name]) for name in FIGURES[1:]],
            *standards,
        ).group_by(*group)
        parts.append(part.where(key.is_not(None)) if dim == RATING else part)
    columns = ["month", "dim", "key", "store_id", "counter_id", *FIGURES, *DEADLINE_FIGURES]
    session.execute(insert(S).from_select(columns, union_all(*parts)))
    valid_until = _next_turn(session, in_month, now)
    cases_summed = session.execute(
        select(func.coalesce(func.sum(S.count), 0)).where(S.month == month, S.dim == "place")
    )
    state.built_at, state.checked_event_id = now, checked_event_id
    state.valid_until, state.cases = valid_until, int(cases_summed.scalar() or 0)
    session.flush()
    return state.cases


def _next_turn(session: Session, in_month: tuple[Any, ...], now: datetime) -> datetime | None:
    """The first moment after `now` a figure of the month's cases moves with the clock
    (complaint_stats.flags): an unanswered, unpaused case not yet marked overdue turns
    "responded late" at its respond time; an open, unpaused case not referred turns
    "resolved late" at its resolve time. None when none will turn."""
    at = literal(now, UTCDateTime())
    unpaused = (*in_month, C.paused_at.is_(None))
    respond = select(func.min(C.respond_by)).where(
        *unpaused,
        C.first_response_at.is_(None),
        C.respond_overdue_at.is_(None),
        C.respond_by > at,
    )
    resolve = select(func.min(C.resolve_by)).where(
        *unpaused, C.status.not_in((*ENDED, Status.referred)), C.resolve_by > at
    )
    turns = [session.execute(q).scalar() for q in (respond, resolve)]
    return min((t for t in turns if t is not None), default=None)


def build_claim_month(
    session: Session, month: str, *, tz: str, now: datetime, checked_event_id: int
) -> int:
    """Replace the month's claim summary rows; answer the number of claims summed."""
    period = month_period(month, tz)
    state = session.get(CLAIM_STATE, month, with_for_update=True)
    if state is None:
        state = CLAIM_STATE(month=month, built_at=now, checked_event_id=checked_event_id)
        session.add(state)
        session.flush()
    session.execute(delete(R).where(R.month == month))
    refunded = case((K.remedy.in_(REFUNDS), K.refund_amount))
    compensated = case((K.remedy == "compensation", K.refund_amount))
    claims = (
        select(
            K.store_id,
            K.counter_id,
            *[cast(getattr(K, d), String).label(f"k_{d}") for d in CLAIM_DIMS],
            refunded.label("refunded"),
            compensated.label("compensated"),
            case((K.overridden, 1), else_=0).label("overridden"),
        )
        .where(K.opened_at >= period.utc_start, K.opened_at < period.utc_end)
        .cte("claims")
    )
    parts = []
    for dim in (*CLAIM_DIMS, "place"):
        key = claims.c[f"k_{dim}"] if dim != "place" else null()
        group = [claims.c.store_id, claims.c.counter_id] + ([key] if dim != "place" else [])
        parts.append(
            select(
                literal(month),
                literal(dim),
                cast(key, String),
                claims.c.store_id,
                claims.c.counter_id,
                func.count(),
                func.sum(claims.c.refunded),
                func.sum(claims.c.compensated),
                func.sum(claims.c.overridden),
            ).group_by(*group)
        )
    columns = ["month", "dim", "key", "store_id", "counter_id", "count", "refunded"]
    columns += ["compensated", "overridden"]
    session.execute(insert(R).from_select(columns, union_all(*parts)))
    summed = session.execute(
        select(func.coalesce(func.sum(R.count), 0)).where(R.month == month, R.dim == "place")
    )
    state.built_at, state.checked_event_id = now, checked_event_id
    state.claims = int(summed.scalar() or 0)
    session.flush()
    return state.claims


def months_due(
    session: Session, *, tz: str, now: datetime, claims: bool = False
) -> tuple[list[str], list[str]]:
    """(months over that need summing up, newest first; months whose rows are fresh), of
    the complaints or of the claims."""
    opened = K.opened_at if claims else C.created_at
    first = session.execute(select(func.min(opened))).scalar()
    this_month = local_today(tz, now).replace(day=1)
    if first is None or local_today(tz, first) >= this_month:
        return [], []
    span = Period(local_today(tz, first).replace(day=1), this_month - timedelta(days=1), tz)
    months = whole_months(span, before=this_month)
    fresh = (usable_claim_months if claims else usable_months)(session, span, now)
    return sorted(set(months) - set(fresh), reverse=True), fresh


Build = Callable[..., int]
# The complaints' months, then the claims' ("claims:" before a month built of them).
KINDS: tuple[tuple[bool, Any, Build], ...] = (
    (False, STATE, build_month),
    (True, CLAIM_STATE, build_claim_month),
)


def _months_to_build(
    session: Session, *, tz: str, now: datetime, mark: int, limit: int
) -> list[tuple[bool, Build, str]]:
    """Up to `limit` months of complaints and of claims that need summing up; the months
    still fresh have their checked event moved on to `mark`."""
    work: list[tuple[bool, Build, str]] = []
    for claims, state_model, build in KINDS:
        due, fresh = months_due(session, tz=tz, now=now, claims=claims)
        for state in session.scalars(select(state_model).where(state_model.month.in_(fresh))):
            state.checked_event_id = max(state.checked_event_id, mark)
        work += [(claims, build, month) for month in due[:limit]]
    return work


def refresh(
    session: Session, *, tz: str, now: datetime, lag: timedelta = LAG, limit: int = MONTHS_PER_PASS
) -> list[str]:
    """Sum up to `limit` months of complaints and of claims that need it; move the fresh
    months' checked event on. Answers the months built ("claims:" before claim months)."""
    mark = watermark(session, lag=lag)
    built = []
    for claims, build, month in _months_to_build(session, tz=tz, now=now, mark=mark, limit=limit):
        build(session, month, tz=tz, now=now, checked_event_id=mark)
        built.append(f"claims:{month}" if claims else month)
    session.flush()
    return built


def refresh_summaries(
    factory: sessionmaker[Session], settings: Settings, now: datetime | None = None
) -> int:
    """The worker's job: a few months per pass, each in its own transaction."""
    at, tz = now or utcnow(), settings.timezone
    with transaction(factory) as session:
        mark = watermark(session)
        work = _months_to_build(session, tz=tz, now=at, mark=mark, limit=MONTHS_PER_PASS)
    built = 0
    for _claims, build, month in work:
        try:
            with transaction(factory) as session:
                build(session, month, tz=tz, now=at, checked_event_id=mark)
                built += 1
        except IntegrityError:
            continue  # another worker summed the same month first
    return built
