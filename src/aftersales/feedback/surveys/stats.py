"""Survey figures for a period, set-based: invitations, answers, the response rate, the
average score and its distribution, and how often each question was answered yes. The
monthly report shows them under `satisfaction` (contracts/feedback.md)."""

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from aftersales.feedback.surveys.models import SurveyAnswer, SurveyInvitation
from aftersales.paging import matching

A, INV = SurveyAnswer, SurveyInvitation


def _where(
    stmt: Select,
    model: Any,
    at: Any,
    start: datetime,
    end: datetime,
    store_id: int | None,
    counter_id: int | None,
) -> Select:
    return matching(
        stmt.where(at >= start, at < end),
        (model.store_id, store_id),
        (model.counter_id, counter_id),
    )


def _rate(part: int, whole: int) -> str | None:
    if not whole:
        return None
    return str((Decimal(part * 100) / whole).quantize(Decimal("0.1"), ROUND_HALF_UP))


def survey_figures(
    session: Session,
    *,
    start: datetime,
    end: datetime,
    store_id: int | None = None,
    counter_id: int | None = None,
    campaign_id: int | None = None,
) -> dict[str, Any]:
    inv = _where(
        select(func.count(), func.count(INV.answered_at)),
        INV,
        INV.created_at,
        start,
        end,
        store_id,
        counter_id,
    )
    if campaign_id:
        inv = select(func.count(), func.count(INV.answered_at)).where(
            INV.campaign_id == campaign_id
        )
    invited, answered_of_invited = session.execute(inv).one()
    ans = _where(
        select(A.score, func.count()), A, A.answered_at, start, end, store_id, counter_id
    ).group_by(A.score)
    dist = {int(k): int(v) for k, v in session.execute(ans)}
    n = sum(dist.values())
    yes = _where(
        select(
            *(func.count().filter(q.is_(True)) for q in (A.polite, A.fast, A.come_back)),
            *(func.count(q) for q in (A.polite, A.fast, A.come_back)),
        ),
        A,
        A.answered_at,
        start,
        end,
        store_id,
        counter_id,
    )
    p_yes, f_yes, c_yes, p_n, f_n, c_n = session.execute(yes).one()
    average = (
        (Decimal(sum(k * v for k, v in dist.items())) / n).quantize(Decimal("0.01"), ROUND_HALF_UP)
        if n
        else None
    )
    return {
        "invited": int(invited),
        "answered": n,
        "response_rate": _rate(int(answered_of_invited), int(invited)),
        "average": None if average is None else str(average),
        "distribution": {str(k): dist.get(k, 0) for k in range(1, 6)},
        "polite_yes": _rate(p_yes, p_n),
        "fast_yes": _rate(f_yes, f_n),
        "come_back_yes": _rate(c_yes, c_n),
    }
