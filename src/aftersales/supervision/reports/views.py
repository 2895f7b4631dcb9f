"""Console pages: the statistics page (/reports), its Excel export, the cases behind a
figure, the monthly report with its archive. Routes parse, call one service, render."""

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from aftersales.auth.deps import Db
from aftersales.auth.principal import Principal
from aftersales.complaints.web.labels import labeller, resolve_state, respond_state
from aftersales.db import utcnow
from aftersales.errors import DomainError
from aftersales.i18n import request_lang
from aftersales.supervision.reports import (
    access,
    cases,
    exports,
    monthly,
    places,
    satisfaction,
)
from aftersales.supervision.reports.complaint_stats import FIGURES
from aftersales.supervision.reports.doors import download, month_asked, request_tz
from aftersales.supervision.reports.overview import build_overview
from aftersales.supervision.reports.page_charts import page_charts
from aftersales.supervision.reports.picker import KINDS, Picked, month_of, share, to_period
from aftersales.supervision.reports.places import names
from aftersales.supervision.reports.readdb import ReportsDb
from aftersales.web.deps import PageUser
from aftersales.web.forms import domain_messages
from aftersales.web.render import flash, render

router = APIRouter(include_in_schema=False)
Code = Annotated[str, Query(max_length=40)]
PLACE_FIELDS = ("store", "floor", "counter", "brand")


def _picked(request: Request) -> Picked:
    q = request.query_params
    kind = q.get("period", "last_month")
    return Picked(
        kind if kind in KINDS else "last_month",
        q.get("from", "")[:10],
        q.get("to", "")[:10],
        q.get("year", "")[:4],
        {f: q.get(f, "")[:40] for f in PLACE_FIELDS},
    )


def _choices(db: Db, user: Principal) -> dict[str, list[tuple[str, str]]]:
    """The scope picker's options: only places the user may see."""
    n = names(db)
    own = user.store_id if user.role in ("floor_supervisor", "manager_assistant") else None
    stores = {i: v for i, v in n.stores.items() if own is None or i == own}
    codes = {v[0] for v in stores.values()}
    return {
        "store": sorted(stores.values()),
        "floor": sorted(v for v in n.floors.values() if v[0].split("-")[0] in codes),
        "counter": sorted(v for v in n.counters.values() if v[0][:2] in codes),
        "brand": sorted(n.brands.values()),
    }


def _links(query: dict[str, str]) -> dict[str, Any]:
    """The template's link makers: a figure to the cases behind it, a row to the
    complaint list (which filters by store, level and status)."""

    def drill(by: str, key: Any, flag: str) -> str | None:
        if key is None and by not in cases.COLUMNS:
            return None  # no place to narrow to (a case without a counter)
        value = cases.NONE if key is None else str(key)
        return "/reports/cases?" + urlencode(query | {by: value, "flag": flag})

    def list_link(by: str, key: Any) -> str | None:
        if key is None or by not in ("store", "level", "status"):
            return None
        return "/complaints?" + urlencode({"view": "all", by: key})

    return {"drill": drill, "list_link": list_link, "figures": FIGURES, "share": share}


def _page(
    request: Request,
    db: Db,
    user: Principal,
    p: Picked,
    status: int = 200,
    errors: dict[str, str] | None = None,
    **ctx: Any,
) -> Response:
    lang = request_lang(request)
    return render(
        request,
        "reports/index.html",
        status=status,
        p=p,
        errors=errors or {},
        choices=_choices(db, user),
        kinds=KINDS,
        may_archive=access.can(user, "archive"),
        label=labeller(lang),
        **_links(p.query()) | ctx,
    )


def _overview(request: Request, db: Db, user: Principal, p: Picked) -> tuple[Any, ...]:
    access.require(user, "read")
    period = to_period(p, request_tz(request), utcnow())
    scope = places.resolve(db, user, **p.places)
    report = build_overview(
        db, user=user, period=period, scope=scope, now=utcnow(), lang=request_lang(request)
    )
    return period, scope, report


@router.get("/reports")
def reports_page(request: Request, db: ReportsDb, user: PageUser) -> Response:
    access.require(user, "read")
    p = _picked(request)
    try:
        period, scope, report = _overview(request, db, user, p)
    except DomainError as exc:
        if exc.code == "reports_forbidden":
            raise
        return _page(request, db, user, p, exc.status, domain_messages(exc, request_lang(request)))
    comments = satisfaction.comments(db, user=user, period=period, scope=scope)
    return _page(
        request,
        db,
        user,
        p,
        report=report,
        month=month_of(period),
        charts=page_charts(report, request_lang(request)),
        query=p.query(),
        comments=comments,
    )


@router.get("/reports/export.xlsx")
def reports_xlsx(request: Request, db: ReportsDb, user: PageUser) -> Response:
    period, scope, report = _overview(request, db, user, _picked(request))
    report["month"] = f"{period.start} – {period.end}"
    return download(report, "xlsx", f"report-{period.start}-{period.end}")


@router.get("/reports/cases")
def cases_page(
    request: Request,
    db: ReportsDb,
    user: PageUser,
    flag: Code = "",
    cursor: Annotated[str, Query(max_length=200)] = "",
) -> Response:
    access.require(user, "read")
    p = _picked(request)
    period = to_period(p, request_tz(request), utcnow())
    scope = places.resolve(db, user, **p.places)
    keys = {k: request.query_params.get(k, "")[:40] for k in cases.COLUMNS}
    page = cases.drill(
        db,
        user=user,
        period=period,
        scope=scope,
        keys=keys,
        flag=flag or None,
        now=utcnow(),
        cursor=cursor or None,
    )
    picked = {k: v for k, v in keys.items() if v}
    return render(
        request,
        "reports/cases.html",
        rows=page.items,
        next_cursor=page.next_cursor,
        p=p,
        keys=picked,
        flag=flag,
        period=period,
        query=p.query(),
        next_query=p.query() | picked | {"flag": flag, "cursor": page.next_cursor},
        now=utcnow(),
        label=labeller(request_lang(request)),
        respond_state=respond_state,
        resolve_state=resolve_state,
        names=names(db),
    )


@router.get("/reports/monthly")
def archive_page(request: Request, db: ReportsDb, user: PageUser) -> Response:
    scope = places.resolve(db, user)
    rows = monthly.archive_list(db, user=user, scope=scope)
    return render(request, "reports/archive.html", rows=rows)


@router.get("/reports/monthly/{month}")
def monthly_page(
    request: Request, db: ReportsDb, user: PageUser, month: str, store: Code = ""
) -> Response:
    scope = places.resolve(db, user, store=store or None)
    report = month_asked(request, db, user=user, month=month, scope=scope)
    query = {"period": "range", "from": report["from"], "to": report["to"]} | (
        {"store": store} if store else {}
    )
    return render(
        request,
        "reports/monthly.html",
        report=report,
        month=month,
        store=store,
        charts=page_charts(report, request_lang(request)),
        query=query,
        may_archive=access.can(user, "archive"),
        comments=[],
        **_links(query),
    )


@router.post("/reports/monthly/{month}/archive")
def archive_action(request: Request, db: Db, user: PageUser, month: str) -> Response:
    scope = places.resolve(db, user)
    exports.archive_and_commit(db, user=user, month=month, scope=scope, tz=request_tz(request))
    flash(request, "The monthly report is archived")
    return RedirectResponse(f"/reports/monthly/{month}", status_code=303)
