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
from aftersales.supervision.reports import access, exports, monthly, pdf, places, stats, xlsx
from aftersales.supervision.reports.period import Period, make_period
from aftersales.supervision.reports.places import Scope
from aftersales.supervision.reports.readdb import ReportsDb

router = APIRouter(prefix="/reports", tags=["reports"])
Code = Annotated[str | None, Query(max_length=40)]


def _tz(request: Request) -> str:
    return request.app.state.settings.timezone


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
    period = make_period(from_, to, _tz(request))
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
    return monthly.monthly_report(
        db,
        user=user,
        month=month,
        scope=scope,
        now=utcnow(),
        lang=request_lang(request),
        tz=_tz(request),
    )


def _download(content: bytes, media_type: str, name: str) -> Response:
    return Response(
        content,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/monthly/{month}.xlsx")
def monthly_xlsx(
    request: Request, db: ReportsDb, user: CurrentUser, month: Month, store: Code = None
) -> Response:
    report = _monthly(request, db, user, month, store)
    body = xlsx.workbook_bytes(report, title=exports.title(report))
    return _download(body, xlsx.MEDIA_TYPE, f"monthly-report-{month}.xlsx")


@router.get("/monthly/{month}.pdf")
def monthly_pdf(
    request: Request, db: ReportsDb, user: CurrentUser, month: Month, store: Code = None
) -> Response:
    report = _monthly(request, db, user, month, store)
    body = pdf.pdf_bytes(report, title=exports.title(report))
    return _download(body, "application/pdf", f"monthly-report-{month}.pdf")


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
    exports.archive_and_commit(db, user=user, month=month, scope=scope, tz=_tz(request))
    return JSONBytes(
        monthly.monthly_report(
            db,
            user=user,
            month=month,
            scope=scope,
            now=utcnow(),
            lang=request_lang(request),
            tz=_tz(request),
        )
    )
