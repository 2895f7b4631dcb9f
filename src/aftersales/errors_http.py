"""One error handler per surface: JSON for the API, a page for the console."""

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as SQLAlchemyTimeout
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException

from aftersales import outages
from aftersales.errors import DomainError, StaleVersion
from aftersales.i18n import gettext, request_lang
from aftersales.outages import outage_reason
from aftersales.sqlite_writes import WriterLockTimeout
from aftersales.validation import reason

log = logging.getLogger("aftersales")


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def field_of(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    out = ""
    for part in parts:
        out += f"[{part}]" if part.isdigit() else (f".{part}" if out else part)
    return out or "body"


def validation_errors(exc: RequestValidationError, lang: str = "en") -> list[dict[str, Any]]:
    """Each error with its field; in English Pydantic's own message (as integrations have
    always read it), in any other language the reason in the reader's words."""
    return [
        {
            # A body that is not JSON at all names the body, not a character position.
            "field": "body"
            if e.get("type") == "json_invalid"
            else field_of(tuple(e.get("loc", ()))),
            "message": e.get("msg", "invalid") if lang == "en" else reason(e, lang),
            "type": e.get("type"),
        }
        for e in exc.errors()
    ]


def _page_error(request: Request, status: int, message: str) -> Response:
    render = request.app.state.render_error
    return render(request, status, message)


async def on_domain_error(request: Request, exc: DomainError) -> Response:
    lang = request_lang(request)
    if _is_api(request):
        return JSONResponse(
            exc.as_json(lang), status_code=exc.status, headers=getattr(exc, "headers", None)
        )
    if exc.status == 401:
        from fastapi.responses import RedirectResponse

        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
    return _page_error(request, exc.status, exc.message(lang))


async def on_stale_write(request: Request, exc: StaleDataError) -> Response:
    # A version column refused an UPDATE over a newer row: the same answer as a stale form.
    return await on_domain_error(request, StaleVersion(field="version"))


async def on_validation_error(request: Request, exc: RequestValidationError) -> Response:
    lang = request_lang(request)
    errors = validation_errors(exc, lang)
    first = errors[0] if errors else {"field": None, "message": "invalid"}
    message = f"{first['field']}: {first['message']}"
    if _is_api(request):
        return JSONResponse(
            {
                "code": "invalid",
                "message": gettext(lang, "Invalid input: %(message)s", message=message),
                "field": first["field"],
                "errors": errors,
            },
            status_code=422,
        )
    return _page_error(request, 422, message)


async def on_http_error(request: Request, exc: HTTPException) -> Response:
    if _is_api(request):
        return JSONResponse(
            {
                "code": getattr(exc, "code", None) or f"http_{exc.status_code}",
                "message": str(exc.detail),
                "field": None,
                "errors": [],
            },
            status_code=exc.status_code,
        )
    return _page_error(request, exc.status_code, str(exc.detail))


async def on_database_error(request: Request, exc: Exception) -> Response:
    reason = outage_reason(exc)
    if reason is None:
        raise exc  # a bug in a query, not an outage: the server error it is
    log.warning("database unavailable (%s): %s", reason, type(exc).__name__)
    lang = request_lang(request)
    text = outages.message(reason, lang)
    headers = {"Retry-After": str(outages.RETRY_AFTER_SECONDS)}
    if _is_api(request):
        body = {"code": reason, "message": text, "field": None, "errors": []}
        return JSONResponse(body, status_code=503, headers=headers)
    page = _page_error(request, 503, text)
    page.headers.update(headers)
    return page


def install(app: FastAPI) -> None:
    for kind in (DBAPIError, SQLAlchemyTimeout, WriterLockTimeout):
        app.add_exception_handler(kind, on_database_error)
    app.add_exception_handler(DomainError, on_domain_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, on_validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(HTTPException, on_http_error)  # type: ignore[arg-type]
    app.add_exception_handler(StaleDataError, on_stale_write)  # type: ignore[arg-type]
