"""The two steps of an edit page beside the service standards: `preview` changes nothing and
shows the page with what the change would move; `save` does it and comes back to the page.
A refusal shows the page again with the message next to its field."""

from collections.abc import Callable
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from aftersales.errors import DomainError, NotFound
from aftersales.i18n import request_lang
from aftersales.web.forms import domain_messages, form_on_page
from aftersales.web.render import render


def preview_or_save(
    request: Request,
    db: Session,
    *,
    action: str,
    page: str,
    redirect: str,
    context: Callable[[], dict[str, Any]],
    preview: Callable[[], Any],
    save: Callable[[], Any],
    done: str,
) -> Response:
    if action == "preview":
        try:
            shown = preview()
        except DomainError as exc:
            errors = domain_messages(exc, request_lang(request))
            return render(request, page, status=exc.status, **(context() | {"errors": errors}))
        return render(request, page, **(context() | {"preview": shown}))
    if action != "save":
        raise NotFound(field="action")
    return form_on_page(
        request, db, work=save, done=done, redirect=redirect, template=page, context=context
    )
