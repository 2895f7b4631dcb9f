"""Server-rendered pages: one Jinja2 environment, Babel catalogs, zh-CN first."""

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel.messages.pofile import read_po
from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape

from aftersales.auth.deps import csrf_token
from aftersales.deadlines import DEFAULT_TZ
from aftersales.i18n import request_lang
from aftersales.notify.access import can_read_outbox
from aftersales.web.history import Line, readable

WEB = Path(__file__).parent


def _load_catalog(lang_dir: str) -> dict[str, str]:
    path = WEB / "locale" / lang_dir / "LC_MESSAGES" / "messages.po"
    if not path.exists():
        return {}
    with path.open("rb") as fh:
        catalog = read_po(fh)
    return {str(m.id): str(m.string) for m in catalog if m.id and m.string}


CATALOGS = {"zh": _load_catalog("zh_CN"), "en": {}}


def translator(lang: str):  # noqa: ANN201
    table = CATALOGS.get(lang, {})

    def gettext(message: str, **values: Any) -> str:
        text = table.get(message, message)
        return text % values if values else text

    return gettext


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
    )
    env.filters["localtime"] = _local_time
    env.filters["money"] = lambda v: "" if v is None else f"¥{v:,.2f}"
    # The navigation asks the domains' access rules what to show.
    env.globals["can_read_outbox"] = can_read_outbox
    env.filters["readable"] = _readable_history
    return env


@pass_context
def _readable_history(context: Any, events: list[Any]) -> list[Line]:  # noqa: ANN401
    return readable(events, refs=context.get("refs"), tz=_page_zone(context), gettext=context["_"])


ENV = make_env()


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    lang = request_lang(request)
    context.update(
        request=request,
        lang=lang,
        _=translator(lang),
        csrf=csrf_token(request),
        user=getattr(request.state, "principal", None),
        flash=request.session.pop("flash", None),
    )
    return HTMLResponse(ENV.get_template(template).render(context), status_code=status)


def render_error(request: Request, status: int, message: str) -> HTMLResponse:
    return render(request, "error.html", status=status, status_code=status, message=message)


def flash(request: Request, message: str) -> None:
    request.session["flash"] = message
