"""Server-rendered pages: one Jinja2 environment translating through the Babel catalog
(Jinja's i18n extension, in the page's language), zh-CN first."""

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape

from aftersales.auth.deps import csrf_token
from aftersales.deadlines import DEFAULT_TZ
from aftersales.i18n import gettext, request_lang, translator
from aftersales.notify.access import can_read_outbox
from aftersales.web.history import Line, readable

WEB = Path(__file__).parent


@pass_context
def _gettext(context: Any, message: str) -> str:  # noqa: ANN401
    return gettext(context.get("lang", "zh"), message)


@pass_context
def _ngettext(context: Any, singular: str, plural: str, n: int) -> str:  # noqa: ANN401
    # The zh-CN catalog has no plural forms: Chinese says both with one sentence.
    return gettext(context.get("lang", "zh"), singular if n == 1 else plural)


def _page_zone(context: Any) -> str:  # noqa: ANN401
    """The zone a page shows times in: its record's store's (`zone`), else the default."""
    return context.get("zone") or DEFAULT_TZ


@pass_context
def _local_time(
    context: Any,  # noqa: ANN401
    value: datetime | None,
    zone: str | None = None,
    fmt: str = "%Y-%m-%d %H:%M",
) -> str:
    """A moment in the given zone (a listed record's store's), else in the page's."""
    tz = zone or _page_zone(context)
    return value.astimezone(ZoneInfo(tz)).strftime(fmt) if value else ""


def make_env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(WEB / "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_callables(_gettext, _ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters["localtime"] = _local_time
    env.filters["money"] = lambda v: "" if v is None else f"¥{v:,.2f}"
    # The navigation asks the domains' access rules what to show.
    env.globals["can_read_outbox"] = can_read_outbox
    env.filters["readable"] = _readable_history
    return env


@pass_context
def _readable_history(context: Any, events: list[Any]) -> list[Line]:  # noqa: ANN401
    return readable(
        events,
        refs=context.get("refs"),
        tz=_page_zone(context),
        gettext=translator(context.get("lang", "zh")),
    )


ENV = make_env()


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    lang = request_lang(request)
    context.update(
        request=request,
        lang=lang,
        csrf=csrf_token(request),
        user=getattr(request.state, "principal", None),
        flash=request.session.pop("flash", None),
    )
    return HTMLResponse(ENV.get_template(template).render(context), status_code=status)


def render_error(request: Request, status: int, message: str) -> HTMLResponse:
    return render(request, "error.html", status=status, status_code=status, message=message)


def flash(request: Request, message: str) -> None:
    request.session["flash"] = message
