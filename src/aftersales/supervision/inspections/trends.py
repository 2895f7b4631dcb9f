"""A counter's (or a store's) inspection scores month by month beside its complaints and
survey scores: three grouped queries, merged by month."""

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aftersales.auth.principal import Principal
from aftersales.complaints.models import Complaint
from aftersales.errors import NotFound
from aftersales.feedback.surveys.models import SurveyAnswer
from aftersales.supervision.inspections import access
from aftersales.supervision.inspections.models import Inspection
from aftersales.supervision.reports.sqltime import local_text


def months_back(now: datetime, tz: str, n: int) -> list[str]:
    day = now.astimezone(ZoneInfo(tz)).replace(day=15)
    out = []
    for _ in range(n):
        out.append(day.strftime("%Y-%m"))
        day = (day.replace(day=1) - timedelta(days=1)).replace(day=15)
    return out[::-1]


def _grouped(
    session: Session,
    model: Any,
    at: Any,
    cols: list[Any],
    *,
    store_id: int | None,
    counter_id: int | None,
    since: datetime,
    tz: str,
) -> dict[str, tuple]:
    month = local_text(session, at, tz, month=True)
    stmt = select(month, *cols).where(at >= since).group_by(month)
    if counter_id:
        stmt = stmt.where(model.counter_id == counter_id)
    elif store_id:
        stmt = stmt.where(model.store_id == store_id)
    return {m: tuple(rest) for m, *rest in session.execute(stmt)}


def trend(
    session: Session,
    *,
    user: Principal,
    store_id: int | None,
    counter_id: int | None,
    now: datetime,
    tz: str,
    months: int = 6,
) -> list[dict[str, Any]]:
    if not access.covers(
        user, store_id=store_id or user.store_id or 0, counter_id=counter_id
    ) or not access.can(user, "read"):
        raise NotFound(field="counter")
    names = months_back(now, tz, months)
    since = datetime.strptime(names[0] + "-01", "%Y-%m-%d").replace(tzinfo=ZoneInfo(tz))
    where = {"store_id": store_id, "counter_id": counter_id, "since": since, "tz": tz}
    scores = _grouped(
        session,
        Inspection,
        Inspection.visited_at,
        [func.count(), func.sum(Inspection.total), func.sum(Inspection.max_total)],
        **where,
    )
    complaints = _grouped(session, Complaint, Complaint.created_at, [func.count()], **where)
    surveys = _grouped(
        session,
        SurveyAnswer,
        SurveyAnswer.answered_at,
        [func.count(), func.sum(SurveyAnswer.score)],
        **where,
    )
    out = []
    for m in names:
        n, total, top = scores.get(m, (0, None, None))
        answers, score_sum = surveys.get(m, (0, None))
        out.append(
            {
                "month": m,
                "inspections": n,
                "percent": round(100 * total / top, 1) if top else None,
                "complaints": complaints.get(m, (0,))[0],
                "survey_avg": round(score_sum / answers, 2) if answers else None,
            }
        )
    return out
