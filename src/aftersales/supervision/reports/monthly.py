"""The monthly report (按月汇总归档): the month's overview, live until a level-5 manager
archives it; from then on the frozen figures, whatever happens to the cases later."""

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth.principal import Principal
from aftersales.org.models import Store
from aftersales.supervision.reports import access, places
from aftersales.supervision.reports.errors import AlreadyArchived, MonthNotOver
from aftersales.supervision.reports.models import MonthlyReport
from aftersales.supervision.reports.overview import build_overview
from aftersales.supervision.reports.period import (
    Period,
    local_today,
    month_is_over,
    month_period,
)
from aftersales.supervision.reports.places import Scope

LANGS = ("zh", "en")


def period_of(month: str, tz: str, now: datetime) -> Period:
    return month_period(month, tz, today=local_today(tz, now))


def archived(session: Session, *, month: str, scope: Scope) -> MonthlyReport | None:
    return session.scalars(
        select(MonthlyReport).where(MonthlyReport.month == month, MonthlyReport.scope == scope.key)
    ).first()


def _stamp(row: MonthlyReport | None) -> dict[str, Any] | None:
    return {"at": row.archived_at.isoformat(), "by": row.archived_by} if row else None


def monthly_report(
    session: Session,
    *,
    user: Principal,
    month: str,
    scope: Scope,
    now: datetime,
    lang: str,
    tz: str,
) -> dict[str, Any]:
    """The archived figures when the month (in this scope) is filed, else live ones."""
    access.require(user, "read")
    period = period_of(month, tz, now)
    row = archived(session, month=month, scope=scope)
    if row is not None:
        figures = row.figures.get(lang) or row.figures["zh"]
    else:
        figures = build_overview(session, user=user, period=period, scope=scope, now=now, lang=lang)
    return {"month": month, **figures, "archived": _stamp(row)}


def _freeze(
    session: Session, *, user: Principal, month: str, period: Period, scope: Scope, now: datetime
) -> MonthlyReport:
    figures = {
        lang: build_overview(session, user=user, period=period, scope=scope, now=now, lang=lang)
        for lang in LANGS
    }
    row = MonthlyReport(
        month=month,
        scope=scope.key,
        figures=figures,
        archived_at=now,
        archived_by_id=user.id,
        archived_by=user.username,
    )
    session.add(row)
    return row


def archive_month(
    session: Session, *, user: Principal, month: str, scope: Scope, now: datetime, tz: str
) -> MonthlyReport:
    """File the month in the archiver's scope and, for the whole group, each store's too,
    so a store's people read the same frozen figures."""
    access.require(user, "archive")
    period = period_of(month, tz, now)
    if not month_is_over(period, today=local_today(tz, now)):
        raise MonthNotOver(field="month")
    if archived(session, month=month, scope=scope) is not None:
        raise AlreadyArchived(field="month")
    row = _freeze(session, user=user, month=month, period=period, scope=scope, now=now)
    if scope.key == "group":
        for code in session.scalars(select(Store.code).order_by(Store.code)):
            store = places.resolve(session, user, store=code)
            if archived(session, month=month, scope=store) is None:
                _freeze(session, user=user, month=month, period=period, scope=store, now=now)
    session.flush()
    audit.record_on(
        session, row, "archived", actor=user, after={"month": month, "scope": scope.key}
    )
    return row


def archive_list(session: Session, *, user: Principal, scope: Scope) -> list[MonthlyReport]:
    access.require(user, "read")
    return list(
        session.scalars(
            select(MonthlyReport)
            .where(MonthlyReport.scope == scope.key)
            .order_by(MonthlyReport.month.desc())
        )
    )
