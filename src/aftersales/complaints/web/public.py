"""The customer's own pages, without a login: submit a complaint (/complain), track it by
code and phone and rate the service (/track). A wrong code or phone gets the same neutral
answer as a missing case, and the miss is committed so the service can throttle guessing."""

from collections.abc import Callable

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from aftersales.auth.deps import Db, _check_csrf_header_or_form
from aftersales.complaints import service
from aftersales.complaints.public import Tracking
from aftersales.complaints.schemas import PublicComplaintCreate, RateIn, TrackIn
from aftersales.complaints.web.api_public import client_key
from aftersales.complaints.web.forms import FORM_FIELDS
from aftersales.complaints.web.labels import labeller
from aftersales.complaints.web.queries import public_steps, store_choices
from aftersales.db import utcnow
from aftersales.errors import DomainError
from aftersales.i18n import request_lang
from aftersales.web.forms import (
    Posted,
    domain_messages,
    form_model,
    local_time,
    validation_messages,
)
from aftersales.web.render import render

router = APIRouter(include_in_schema=False)
PUBLIC_FIELDS = [
    "name",
    "phone",
    "store",
    "title",
    "description",
    "wants",
    "receipt_no",
    "occurred_at",
]
RATABLE = {"closed"}


def _csrf(request: Request, posted: FormData) -> None:
    # Anonymous visitors have a session cookie too; the form carries its token.
    request.state.csrf_form = str(posted.get("csrf_token", ""))
    _check_csrf_header_or_form(request)


def _echo(posted: FormData, names: list[str]) -> dict[str, str]:
    """The fields as they were typed, to show them again."""
    return {name: str(posted.get(name, "")) for name in names}


def _track_page(
    request: Request,
    db: Session,
    *,
    code: str,
    phone: str,
    found: Tracking | None,
    errors: dict[str, str],
    status: int = 200,
    thanks: bool = False,
) -> Response:
    steps = public_steps(db, tracking_code=found.tracking_code) if found else []
    return render(
        request,
        "public/track.html",
        status=status,
        code=code,
        phone=phone,
        found=found,
        steps=steps,
        errors=errors,
        thanks=thanks,
        ratable=found is not None and found.status in RATABLE and found.customer_rating is None,
        label=labeller(request_lang(request)),
    )


@router.get("/track")
def track_form(request: Request, db: Db, code: str = "") -> Response:
    return _track_page(request, db, code=code[:16], phone="", found=None, errors={})


def _lookup(
    request: Request,
    db: Session,
    posted: FormData,
    schema: type[TrackIn],
    look: Callable[..., Tracking | None],
) -> tuple[Tracking | None, dict, int]:
    """The case the form's code and phone name, looked up by `look` (track or rate) with the
    form read into the schema the JSON route takes; its messages and status otherwise."""
    lang = request_lang(request)
    try:
        body = form_model(posted, schema)
        found = look(db, **body.model_dump(), client_key=client_key(request), now=utcnow())
    except ValidationError as exc:
        db.rollback()
        return None, validation_messages(exc, lang, FORM_FIELDS), 422
    except DomainError as exc:  # too many attempts, or already rated
        db.rollback()
        return None, domain_messages(exc, lang), exc.status
    db.commit()  # keep the miss count even when nothing was found
    if found is None:
        return None, {"form": "not_found"}, 404
    return found, {}, 200


@router.post("/track")
def track(request: Request, db: Db, posted: Posted) -> Response:
    _csrf(request, posted)
    found, errors, status = _lookup(request, db, posted, TrackIn, service.track)
    typed = _echo(posted, ["code", "phone"])
    return _track_page(request, db, **typed, found=found, errors=errors, status=status)


@router.post("/track/rate")
def rate(request: Request, db: Db, posted: Posted) -> Response:
    _csrf(request, posted)
    found, errors, status = _lookup(request, db, posted, RateIn, service.rate)
    if errors.get("form") == "not_found":  # a case not yet closed is not ratable: say so
        errors = {"form": "not_ratable"}
    typed = _echo(posted, ["code", "phone"])
    return _track_page(
        request, db, **typed, found=found, errors=errors, status=status, thanks=found is not None
    )


def _complain_page(
    request: Request, db: Session, form: dict[str, str], errors: dict[str, str], status: int = 200
) -> Response:
    return render(
        request,
        "public/complain.html",
        status=status,
        form=form,
        errors=errors,
        stores=store_choices(db),
    )


@router.get("/complain")
def complain_form(request: Request, db: Db) -> Response:
    return _complain_page(request, db, dict.fromkeys(PUBLIC_FIELDS, ""), {})


@router.post("/complain")
def complain(request: Request, db: Db, posted: Posted) -> Response:
    _csrf(request, posted)
    form = _echo(posted, PUBLIC_FIELDS)
    lang = request_lang(request)
    try:
        when = local_time(form["occurred_at"], request.app.state.settings.timezone)
        data = form_model(posted, PublicComplaintCreate, occurred_at=when)
        code = service.submit_public_complaint(db, data=data, now=utcnow())
        db.commit()
    except ValidationError as exc:
        db.rollback()
        return _complain_page(request, db, form, validation_messages(exc, lang, FORM_FIELDS), 422)
    except DomainError as exc:
        db.rollback()
        return _complain_page(request, db, form, domain_messages(exc, lang), exc.status)
    request.session["public_code"] = code  # shown once on the next page (Post/Redirect/Get)
    return RedirectResponse("/complain/done", status_code=303)


@router.get("/complain/done")
def complain_done(request: Request) -> Response:
    code = request.session.pop("public_code", None)
    if code is None:
        return RedirectResponse("/complain", status_code=303)
    return render(request, "public/done.html", code=code)
