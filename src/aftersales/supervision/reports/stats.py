"""The two statistics doors as service functions: check access and scope, run the grouped
query, label the rows, add the total. Answers are plain JSON-ready dicts."""

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from aftersales.auth.principal import Principal
from aftersales.supervision.reports import access, claim_stats, complaint_stats
from aftersales.supervision.reports.labels import label_rows
from aftersales.supervision.reports.period import Period
from aftersales.supervision.reports.places import Scope
from aftersales.supervision.reports.tuning import for_reports


def _money(values: dict[str, Any]) -> dict[str, Any]:
    return {k: f"{v:.2f}" if isinstance(v, Decimal) else v for k, v in values.items()}


def complaint_figures(
    session: Session,
    *,
    user: Principal,
    period: Period,
    scope: Scope,
    by: str,
    now: datetime,
    lang: str,
) -> dict[str, Any]:
    access.require(user, "read")
    complaint_stats.group_key(session, by, period.tz)  # refuse an unknown `by` first
    for_reports(session)
    raw = complaint_stats.grouped(session, user=user, period=period, scope=scope, by=by, now=now)
    rows = label_rows(session, raw, by=by, lang=lang, figures=complaint_stats.FIGURES)
    return {
        "from": period.start.isoformat(),
        "to": period.end.isoformat(),
        "by": by,
        "rows": rows,
        "total": complaint_stats.total_of(raw),
    }


def claim_figures(
    session: Session, *, user: Principal, period: Period, scope: Scope, by: str, lang: str
) -> dict[str, Any]:
    access.require(user, "read")
    claim_stats.group_key(by)
    for_reports(session)
    raw = claim_stats.grouped(session, user=user, period=period, scope=scope, by=by)
    rows = label_rows(session, raw, by=by, lang=lang, figures=claim_stats.FIGURES)
    return {
        "from": period.start.isoformat(),
        "to": period.end.isoformat(),
        "by": by,
        "rows": [_money(r) for r in rows],
        "total": _money(claim_stats.total_of(raw)),
    }
