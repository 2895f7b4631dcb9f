"""The customer's suggestion page without a login (/suggest), rate-limited per client
address like the public complaint door."""

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.auth.deps import Db, _check_csrf_header_or_form
from aftersales.db import utcnow
from aftersales.errors import DomainError
from aftersales.feedback import intake
from aftersales.feedback.api import client_key
from aftersales.feedback.schemas import PublicSuggestionCreate
from aftersales.i18n import request_lang
from aftersales.org.models import Store
from aftersales.web.forms import Posted, domain_messages, validation_messages
from aftersales.web.render import render

router = APIRouter(include_in_schema=False)


def _stores(session: Session) -> list[tuple[str, str]]:
    return [(c, n) for c, n in session.execute(select(Store.code, Store.name).order_by(Store.code))]


def _page(
    request: Request, db: Session, form: dict[str, str], errors: dict[str, str], status: int = 200
) -> Response:
    return render(
        request, "public/suggest.html", status=status, form=form, errors=errors, stores=_stores(db)
    )


@router.get("/suggest")
def suggest_form(request: Request, db: Db) -> Response:
    return _page(request, db, {"store": "", "text": "", "phone": ""}, {})


@router.post("/suggest")
def suggest(request: Request, db: Db, posted: Posted) -> Response:
    request.state.csrf_form = posted.get("csrf_token")
    _check_csrf_header_or_form(request)
    form = {k: str(posted.get(k, "")).strip() for k in ("store", "text", "phone")}
    lang = request_lang(request)
    try:
        data = PublicSuggestionCreate(
            store=form["store"], text=form["text"], phone=form["phone"] or None
        )
        row = intake.submit_public(db, data=data, client_key=client_key(request), now=utcnow())
        db.commit()
    except ValidationError as exc:
        db.rollback()
        return _page(request, db, form, validation_messages(exc, lang), 422)
    except DomainError as exc:
        db.rollback()
        return _page(request, db, form, domain_messages(exc, lang), exc.status)
    request.session["suggestion_ref"] = row.reference  # shown once (Post/Redirect/Get)
    return RedirectResponse("/suggest/done", status_code=303)


@router.get("/suggest/done")
def suggest_done(request: Request) -> Response:
    reference = request.session.pop("suggestion_ref", None)
    if reference is None:
        return RedirectResponse("/suggest", status_code=303)
    return render(
        request, "public/suggest.html", reference=reference, form={}, errors={}, stores=[]
    )
