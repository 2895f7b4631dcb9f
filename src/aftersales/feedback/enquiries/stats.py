"""Hotline compliance for a period, set-based: of the questions asked in the period in the
caller's scope (questions turned into complaints are measured as complaints, not here), how
many were answered by their answer_by, how many late, and how many are still open.
due = on_time + late + open."""

from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aftersales.auth.principal import Principal
from aftersales.auth.scope import scoped
from aftersales.feedback.enquiries.models import Enquiry, EnquiryStatus
from aftersales.org.models import Counter

E = Enquiry


class Period(Protocol):  # supervision.reports.period.Period: reports sit above this domain
    @property
    def utc_start(self) -> datetime: ...

    @property
    def utc_end(self) -> datetime: ...


class Scope(Protocol):  # supervision.reports.places.Scope
    store_id: int | None
    floor_id: int | None
    counter_id: int | None
    brand_id: int | None


def hotline_compliance(
    session: Session, *, user: Principal, period: Period, scope: Scope
) -> dict[str, Any]:
    answered = E.status == EnquiryStatus.answered
    stmt = (
        select(
            func.count(),
            func.count().filter(answered, E.answered_at <= E.answer_by),
            func.count().filter(answered, E.answered_at > E.answer_by),
            func.count().filter(E.status == EnquiryStatus.open),
        )
        .select_from(E)
        .where(
            E.asked_at >= period.utc_start,
            E.asked_at < period.utc_end,
            E.status != EnquiryStatus.converted,
        )
    )
    if scope.floor_id is not None or scope.brand_id is not None:
        stmt = stmt.join(Counter, Counter.id == E.counter_id)
    for column, value in (
        (E.store_id, scope.store_id),
        (E.counter_id, scope.counter_id),
        (Counter.floor_id, scope.floor_id),
        (Counter.brand_id, scope.brand_id),
    ):
        if value is not None:
            stmt = stmt.where(column == value)
    due, on_time, late, still_open = session.execute(
        scoped(stmt, user, store=E.store_id, counter=E.counter_id)
    ).one()
    return {
        "kind": "hotline_answer",
        "due": int(due),
        "on_time": int(on_time),
        "late": int(late),
        "open": int(still_open),
    }
