"""A hand-counted week of complaints (3-9 March 2025, local days) with every edge the
figures have: answered exactly on the due time and one second late, not yet due, overdue,
escalated by hand and by the sweep, closed on and after resolve_by, withdrawn, no staff,
another store, and cases just outside the week."""

from datetime import timedelta
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.complaints import service as complaints
from aftersales.complaints.models import Complaint
from tests.complaints.factories import cst, form, person

NOW = cst(2025, 3, 20, 12, 0)
HOUR = timedelta(hours=1)


def _make(
    session: Session,
    at: Any,
    *,
    counter: str = "S1-F1-C01",
    type: str = "service",
    staff: str | None = "staff",
    cause: str | None = None,
    **cols: Any,
) -> Complaint:
    store = counter[:2]
    c = complaints.register_complaint(
        session,
        data=form(
            store=store,
            counter=counter,
            type=type,
            staff=staff,
            cause=cause,
            channel="phone",
            occurred_at=at.isoformat(),
        ),
        actor=None,
        now=at,
    )
    values = {k: (v(c) if callable(v) else v) for k, v in cols.items()}
    if values:
        session.execute(update(Complaint).where(Complaint.id == c.id).values(**values))
    session.flush()
    return c


def _escalated(session: Session, c: Complaint, *, by: str | None) -> None:
    actor = person(session, by) if by else None
    audit.record(
        session,
        "complaint",
        c.id,
        "escalated",
        actor=actor,
        before={"level": 1},
        after={"level": 2},
    )
    session.flush()


def build_week(session: Session) -> dict[str, Complaint]:
    d = cst(2025, 3, 4, 10, 0)
    far = NOW + timedelta(days=30)
    cases = {
        # answered exactly at respond_by, closed exactly at resolve_by: both on time
        "a": _make(
            session,
            d,
            cause="attitude",
            first_response_at=lambda c: c.respond_by,
            status="closed",
            closed_at=lambda c: c.resolve_by,
        ),
        # answered one second late; resolve not yet due
        "b": _make(
            session,
            d,
            cause="attitude",
            first_response_at=lambda c: c.respond_by + timedelta(seconds=1),
            status="in_progress",
            resolve_by=far,
        ),
        # no staff, not answered, nothing due yet
        "c": _make(session, d, type="product", staff=None, respond_by=NOW + HOUR, resolve_by=far),
        # no staff, other counter, both deadlines passed without an answer
        "d": _make(
            session,
            d,
            counter="S1-F2-C01",
            type="product",
            staff=None,
            respond_by=NOW - HOUR,
            resolve_by=NOW - HOUR,
        ),
        # escalated by hand, answered in time at the new level, closed late
        "e": _make(
            session,
            d,
            level=2,
            first_response_at=lambda c: c.respond_by - HOUR,
            status="closed",
            closed_at=lambda c: c.resolve_by + HOUR,
        ),
        # escalated by the sweep (a missed deadline), then answered in time: late
        "f": _make(
            session,
            d,
            level=2,
            first_response_at=lambda c: c.respond_by - HOUR,
            status="follow_up",
            resolve_by=far,
        ),
        # withdrawn: answered in time, neither resolved nor open
        "g": _make(
            session,
            d,
            first_response_at=lambda c: c.respond_by - HOUR,
            status="withdrawn",
            closed_at=lambda c: c.respond_by,
        ),
        # the week's last second counts
        "h": _make(
            session,
            cst(2025, 3, 9, 23, 59, 59),
            type="facilities",
            staff=None,
            respond_by=far,
            resolve_by=far,
        ),
        # another store: never seen by S1's people
        "s2": _make(
            session,
            d,
            counter="S2-F1-C01",
            staff="staff2",
            first_response_at=lambda c: c.respond_by,
            resolve_by=far,
        ),
        # just outside the week, on both sides
        "before": _make(session, cst(2025, 3, 2, 23, 59, 59)),
        "after": _make(session, cst(2025, 3, 10, 0, 0)),
    }
    _escalated(session, cases["e"], by="floor_supervisor")
    _escalated(session, cases["f"], by=None)
    return cases
