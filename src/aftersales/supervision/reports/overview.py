"""Everything the statistics page and the monthly report show for one period and scope,
as one JSON-ready dict: complaints by every grouping, the same period a month and a year
earlier, claims and money, outcome costs, service-standard compliance, repairs, satisfaction
and the inspection ranking.
The page, the monthly JSON, the Excel workbook and the PDF all read this one dict."""

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from aftersales.auth.principal import Principal
from aftersales.supervision.reports import access, claim_stats, complaint_stats
from aftersales.supervision.reports.costs import cost_ledger
from aftersales.supervision.reports.deadlines import deadline_compliance
from aftersales.supervision.reports.labels import label_rows
from aftersales.supervision.reports.period import Period
from aftersales.supervision.reports.places import Scope, names
from aftersales.supervision.reports.ranking import inspection_ranking
from aftersales.supervision.reports.repair_stats import repair_figures
from aftersales.supervision.reports.satisfaction import (
    low_by_counter,
    rating_rows,
    satisfaction_figures,
)
from aftersales.supervision.reports.stats import _money
from aftersales.supervision.reports.tuning import for_reports

COMPLAINT_BY = ("type", "cause", "channel", "store", "floor", "counter", "brand", "staff", "level")
CLAIM_BY = ("remedy", "outcome", "category", "store", "counter", "brand")


def _complaints(
    session: Session, user: Principal, period: Period, scope: Scope, now: datetime, lang: str
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    out: dict[str, Any] = {}
    raw_counters: list[dict[str, Any]] = []
    every = complaint_stats.grouped_many(
        session, user=user, period=period, scope=scope, bys=COMPLAINT_BY, now=now
    )
    for by in COMPLAINT_BY:
        raw = every[by]
        if by == "type":
            out["total"] = complaint_stats.total_of(raw)
        if by == "counter":
            raw_counters = raw
        out[f"by_{by}"] = label_rows(
            session, raw, by=by, lang=lang, figures=complaint_stats.FIGURES
        )
    return out, raw_counters


def _claims(
    session: Session, user: Principal, period: Period, scope: Scope, lang: str
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    every = claim_stats.grouped_many(session, user=user, period=period, scope=scope, bys=CLAIM_BY)
    for by in CLAIM_BY:
        raw = every[by]
        if by == "remedy":
            out["total"] = _money(claim_stats.total_of(raw))
        out[f"by_{by}"] = [
            _money(r)
            for r in label_rows(session, raw, by=by, lang=lang, figures=claim_stats.FIGURES)
        ]
    return out


def _totals(
    session: Session, user: Principal, period: Period, scope: Scope, now: datetime
) -> dict[str, Any]:
    """Only the totals of an earlier period, for the comparison columns."""
    complaints = complaint_stats.grouped(
        session, user=user, period=period, scope=scope, by="status", now=now
    )
    claims = claim_stats.grouped(session, user=user, period=period, scope=scope, by="outcome")
    return {
        "from": period.start.isoformat(),
        "to": period.end.isoformat(),
        "complaints": complaint_stats.total_of(complaints),
        "claims": _money(claim_stats.total_of(claims)),
    }


def build_overview(
    session: Session,
    *,
    user: Principal,
    period: Period,
    scope: Scope,
    now: datetime,
    lang: str,
    compare: bool = True,
) -> dict[str, Any]:
    access.require(user, "read")
    for_reports(session)
    complaints, raw_counters = _complaints(session, user, period, scope, now, lang)
    ratings = rating_rows(session, user=user, period=period, scope=scope, now=now)
    report: dict[str, Any] = {
        "from": period.start.isoformat(),
        "to": period.end.isoformat(),
        "scope": scope.key,
        "as_of": now.isoformat(),
        "complaints": complaints,
        "claims": _claims(session, user, period, scope, lang),
        "costs": cost_ledger(session, user=user, period=period, scope=scope, lang=lang),
        "deadlines": deadline_compliance(
            session, user=user, period=period, scope=scope, lang=lang, now=now
        ),
        "repairs": repair_figures(session, user=user, period=period, scope=scope),
        "satisfaction": satisfaction_figures(
            session, user=user, period=period, scope=scope, rows=ratings
        ),
        "inspection_ranking": inspection_ranking(
            session,
            user=user,
            period=period,
            scope=scope,
            by_counter=raw_counters,
            low=low_by_counter(ratings),
            names=names(session),
        ),
    }
    if compare:
        report["previous_month"] = _totals(session, user, period.shifted_months(1), scope, now)
        report["previous_year"] = _totals(session, user, period.shifted_months(12), scope, now)
    return report
