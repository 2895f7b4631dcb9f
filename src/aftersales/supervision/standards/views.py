"""The service standards page: every standard in force and the work it measures; an admin
edits one, sees the open cases the change would move, then saves."""

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from aftersales.auth.deps import Db
from aftersales.auth.principal import Principal
from aftersales.complaints import clock
from aftersales.db import utcnow
from aftersales.errors import DomainError, InvalidInput, NotFound
from aftersales.i18n import request_lang
from aftersales.supervision.standards import access
from aftersales.supervision.standards.measures import label, measured
from aftersales.supervision.standards.preview import preview_change
from aftersales.supervision.standards.service import proposed_standard, save_and_apply
from aftersales.web.deps import PageUser
from aftersales.web.forms import domain_messages, form_action
from aftersales.web.render import render

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form()]


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
    return render(request, "standards/standards.html", **_context(request, db, user))


def _proposed(
    kind: str, channel: str, severity: str, name: str, amount: str, unit: str, clock_name: str
) -> Any:
    try:
        whole = int(amount.strip())
    except ValueError:
        raise InvalidInput("Not a whole number", field="amount") from None
    return proposed_standard(
        kind=kind,
        channel=channel or None,
        severity=severity or None,
        name=name.strip()[:120] or kind,
        amount=whole,
        unit=unit,
        clock_name=clock_name,
    )


@router.post("/service-standards/{action}")
def standards_form(
    request: Request,
    action: str,
    db: Db,
    user: PageUser,
    kind: Text = "",
    channel: Text = "",
    severity: Text = "",
    name: Text = "",
    amount: Text = "",
    unit: Text = "",
    clock_name: Text = "",
) -> Response:
    ctx = _context(request, db, user)
    access.require(user, "edit")
    fields = (kind, channel, severity, name, amount, unit, clock_name)

    def again(errors: dict[str, str], status: int) -> Response:
        shown = _context(request, db, user)
        shown["errors"].update(errors)
        return render(request, "standards/standards.html", status=status, **shown)

    if action == "preview":  # changes nothing: the page with the cases the change moves
        try:
            ctx["preview"] = preview_change(db, proposed=_proposed(*fields), now=utcnow())
        except DomainError as exc:
            return again(domain_messages(exc, request_lang(request)), exc.status)
        return render(request, "standards/standards.html", **ctx)
    if action != "save":
        raise NotFound(field="action")

    def save() -> None:
        save_and_apply(db, proposed=_proposed(*fields), actor=user, now=utcnow())

    return form_action(
        request, db, work=save, done="Standard saved", redirect="/service-standards", again=again
    )
