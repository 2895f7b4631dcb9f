"""The service standards page: every standard in force and the work it measures; an admin
edits one, sees the open cases the change would move, then saves."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from aftersales.auth.deps import Db
from aftersales.auth.principal import Principal
from aftersales.complaints import clock
from aftersales.db import utcnow
from aftersales.deadlines import ServiceStandard
from aftersales.errors import InvalidInput
from aftersales.i18n import request_lang
from aftersales.supervision.standards import access
from aftersales.supervision.standards.edit_page import preview_or_save
from aftersales.supervision.standards.measures import label, measured
from aftersales.supervision.standards.preview import preview_change
from aftersales.supervision.standards.service import proposed_standard, save_and_apply
from aftersales.web.deps import PageUser
from aftersales.web.forms import Posted, posted_text
from aftersales.web.render import render

router = APIRouter(include_in_schema=False)
PAGE = "standards/standards.html"


def _context(request: Request, db: Db, user: Principal) -> dict[str, Any]:
    access.require(user, "read")
    lang = request_lang(request)
    return {
        "standards": clock.standards_for(db),
        "measures": {k: label(k, lang) for k in [s.kind for s in clock.standards_for(db)]},
        "measured": measured,
        "measures_deliver": label("deliver", lang),
        "admin": access.can(user, "edit"),
        "preview": None,
        "errors": {},
    }


@router.get("/service-standards")
def standards_page(request: Request, db: Db, user: PageUser) -> Response:
    return render(request, PAGE, **_context(request, db, user))


def _proposed(posted: Posted) -> ServiceStandard:
    kind = posted_text(posted, "kind")
    try:
        amount = int(posted_text(posted, "amount"))
    except ValueError:
        raise InvalidInput("Not a whole number", field="amount") from None
    return proposed_standard(
        kind=kind,
        channel=posted_text(posted, "channel") or None,
        severity=posted_text(posted, "severity") or None,
        name=posted_text(posted, "name")[:120] or kind,
        amount=amount,
        unit=posted_text(posted, "unit"),
        clock_name=posted_text(posted, "clock_name"),
    )


@router.post("/service-standards/{action}")
def standards_form(
    request: Request, action: str, db: Db, user: PageUser, posted: Posted
) -> Response:
    access.require(user, "edit")
    return preview_or_save(
        request,
        db,
        action=action,
        page=PAGE,
        redirect="/service-standards",
        context=lambda: _context(request, db, user),
        preview=lambda: preview_change(db, proposed=_proposed(posted), now=utcnow()),
        save=lambda: save_and_apply(db, proposed=_proposed(posted), actor=user, now=utcnow()),
        done="Standard saved",
    )
