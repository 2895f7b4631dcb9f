"""Console log-in, log-out and the language switch."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from aftersales.auth import service
from aftersales.auth.deps import Db, _check_csrf_header_or_form
from aftersales.auth.principal import Principal
from aftersales.db import utcnow
from aftersales.errors import DomainError
from aftersales.i18n import LANGS, request_lang
from aftersales.web.render import render

router = APIRouter(include_in_schema=False)


def _safe_next(target: str | None) -> str:
    # Only same-site paths: an open redirect after log-in is a phishing aid.
    return target if target and target.startswith("/") and not target.startswith("//") else "/home"


@router.get("/login")
def login_page(request: Request, next: str | None = None) -> Response:
    return render(request, "auth/login.html", next=_safe_next(next), error=None, username="")


@router.post("/login")
def login(
    request: Request,
    db: Db,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/home",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    request.state.csrf_form = csrf_token
    try:
        _check_csrf_header_or_form(request)
        user = service.authenticate(
            db,
            username=username,
            password=password,
            now=utcnow(),
            settings=request.app.state.settings,
            address=request.client.host if request.client else "unknown",
        )
    except DomainError as exc:
        db.commit()
        return render(
            request,
            "auth/login.html",
            status=exc.status,
            next=_safe_next(next),
            error=exc.message(request_lang(request)),
            username=username,
        )
    db.commit()
    lang = request.session.get("lang")
    request.session.clear()
    request.session.update({"uid": user.id, "epoch": user.session_epoch})
    if lang:
        request.session["lang"] = lang
    request.state.principal = Principal.of(user)
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout")
async def logout(request: Request, csrf_token: Annotated[str, Form()] = "") -> Response:
    request.state.csrf_form = csrf_token
    _check_csrf_header_or_form(request)
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


@router.get("/lang/{lang}")
def switch_language(request: Request, lang: str, back: str = "/home") -> Response:
    if lang in LANGS:
        request.session["lang"] = lang
    return RedirectResponse(_safe_next(back), status_code=303)
