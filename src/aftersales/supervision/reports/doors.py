"""What the API doors and the pages of the reports share: the store's zone, the monthly
report as a request asks for it (the reader's language, the figures as of now), and a report
sent as a file to download."""

from collections.abc import Callable
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from aftersales.auth.principal import Principal
from aftersales.db import utcnow
from aftersales.i18n import request_lang
from aftersales.supervision.reports import exports, monthly, pdf, xlsx
from aftersales.supervision.reports.places import Scope

# A file's ending -> what writes the report into it, and its media type.
WRITERS: dict[str, tuple[Callable[..., bytes], str]] = {
    "xlsx": (xlsx.workbook_bytes, xlsx.MEDIA_TYPE),
    "pdf": (pdf.pdf_bytes, "application/pdf"),
}


def request_tz(request: Request) -> str:
    return request.app.state.settings.timezone


def month_asked(
    request: Request, session: Session, *, user: Principal, month: str, scope: Scope
) -> dict[str, Any]:
    lang, tz = request_lang(request), request_tz(request)
    return monthly.monthly_report(
        session, user=user, month=month, scope=scope, now=utcnow(), lang=lang, tz=tz
    )


def download(report: dict[str, Any], kind: str, name: str) -> Response:
    """The report as a file to download: `kind` its ending (xlsx or pdf), `name` the rest."""
    write, media_type = WRITERS[kind]
    return Response(
        write(report, title=exports.title(report)),
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}.{kind}"'},
    )
