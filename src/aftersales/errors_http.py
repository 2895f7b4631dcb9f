"""One error handler per surface: JSON for the API, a page for the console."""

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException

from aftersales.errors import DomainError, StaleVersion
from aftersales.i18n import request_lang


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def field_of(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    out = ""
    for part in parts:
        out += f"[{part}]" if part.isdigit() else (f".{part}" if out else part)
    return out or "body"


def validation_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    return [
        {
            "field": field_of(tuple(e.get("loc", ()))),
            "message": e.get("msg", "invalid"),
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
        return JSONResponse(exc.as_json(lang), status_code=exc.status)
    if exc.status == 401:
        from fastapi.responses import RedirectResponse

        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
    return _page_error(request, exc.status, exc.message(lang))


async def on_stale_write(request: Request, exc: StaleDataError) -> Response:
    # A version column refused an UPDATE over a newer row: the same answer as a stale form.
    return await on_domain_error(request, StaleVersion(field="version"))


async def on_validation_error(request: Request, exc: RequestValidationError) -> Response:
    errors = validation_errors(exc)
    lang = request_lang(request)
    first = errors[0] if errors else {"field": None, "message": "invalid"}
    message = f"{first['field']}: {first['message']}"
    if _is_api(request):
        return JSONResponse(
            {
                "code": "invalid",
                "message": message if lang == "en" else f"输入有误：{message}",
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
                "code": f"http_{exc.status_code}",
                "message": str(exc.detail),
                "field": None,
                "errors": [],
            },
            status_code=exc.status_code,
        )
    return _page_error(request, exc.status_code, str(exc.detail))


def install(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, on_domain_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, on_validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(HTTPException, on_http_error)  # type: ignore[arg-type]
    app.add_exception_handler(StaleDataError, on_stale_write)  # type: ignore[arg-type]
