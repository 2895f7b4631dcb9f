"""REST doors of contracts/reports.md: statistics over a period and the monthly report."""

from dataclasses import dataclass
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from aftersales.auth.deps import CurrentUser, Db
from aftersales.auth.principal import Principal
from aftersales.db import utcnow
from aftersales.i18n import request_lang
from aftersales.responses import JSONBytes
from aftersales.supervision.reports import access, exports, places, stats
from aftersales.supervision.reports.doors import download, month_asked, request_tz
from aftersales.supervision.reports.period import Period, make_period
from aftersales.supervision.reports.places import Scope
from aftersales.supervision.reports.readdb import ReportsDb

router = APIRouter(prefix="/reports", tags=["reports"])
Code = Annotated[str | None, Query(max_length=40)]


@dataclass(frozen=True)
class FiguresAsked:
    """What a statistics request asks for, checked and resolved: who, when, where, by what."""

    db: Session
    user: Principal
    period: Period
    scope: Scope
    by: str
    lang: str


def _figures_asked(
    request: Request,
    db: ReportsDb,
    user: CurrentUser,
    from_: Annotated[date, Query(alias="from")],
    to: date,
    by: Annotated[str, Query(max_length=20)],
    store: Code = None,
    counter: Code = None,
    floor: Code = None,
    brand: Code = None,
) -> FiguresAsked:
    access.require(user, "read")
    period = make_period(from_, to, request_tz(request))
    scope = places.resolve(db, user, store=store, floor=floor, counter=counter, brand=brand)
    return FiguresAsked(db, user, period, scope, by, request_lang(request))


Figures = Annotated[FiguresAsked, Depends(_figures_asked)]


@router.get("/complaints")
def complaint_figures(q: Figures) -> Response:
    answer = stats.complaint_figures(
        q.db, user=q.user, period=q.period, scope=q.scope, by=q.by, now=utcnow(), lang=q.lang
    )
    return JSONBytes(answer)


@router.get("/claims")
def claim_figures(q: Figures) -> Response:
    answer = stats.claim_figures(
        q.db, user=q.user, period=q.period, scope=q.scope, by=q.by, lang=q.lang
    )
    return JSONBytes(answer)


Month = Annotated[str, Path(max_length=7)]


def _monthly(
    request: Request, db: ReportsDb, user: CurrentUser, month: str, store: str | None
) -> dict:
    access.require(user, "read")
    scope = places.resolve(db, user, store=store)
    return month_asked(request, db, user=user, month=month, scope=scope)


@router.get("/monthly/{month}.xlsx")
def monthly_xlsx(
    request: Request, db: ReportsDb, user: CurrentUser, month: Month, store: Code = None
) -> Response:
    return download(_monthly(request, db, user, month, store), "xlsx", f"monthly-report-{month}")


@router.get("/monthly/{month}.pdf")
def monthly_pdf(
    request: Request, db: ReportsDb, user: CurrentUser, month: Month, store: Code = None
) -> Response:
    return download(_monthly(request, db, user, month, store), "pdf", f"monthly-report-{month}")


@router.get("/monthly/{month}")
def monthly_json(
    request: Request, db: ReportsDb, user: CurrentUser, month: Month, store: Code = None
) -> Response:
    return JSONBytes(_monthly(request, db, user, month, store))


@router.post("/monthly/{month}/archive")
def archive(
    request: Request, db: Db, user: CurrentUser, month: Month, store: Code = None
) -> Response:
    access.require(user, "archive")
    scope = places.resolve(db, user, store=store)
    exports.archive_and_commit(db, user=user, month=month, scope=scope, tz=request_tz(request))
    return JSONBytes(month_asked(request, db, user=user, month=month, scope=scope))
