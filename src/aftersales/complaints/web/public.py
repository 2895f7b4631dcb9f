"""The customer's own pages, without a login: submit a complaint (/complain), track it by
code and phone and rate the service (/track). A wrong code or phone gets the same neutral
answer as a missing case, and the miss is committed so the service can throttle guessing."""

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from aftersales.auth.deps import Db, _check_csrf_header_or_form
from aftersales.complaints import service
from aftersales.complaints.public import Tracking
from aftersales.complaints.schemas import PublicComplaintCreate, RateIn, TrackIn
from aftersales.complaints.web.forms import FORM_FIELDS, blank_none
from aftersales.complaints.web.labels import labeller
from aftersales.complaints.web.queries import public_steps, store_choices
from aftersales.db import utcnow
from aftersales.errors import DomainError
from aftersales.i18n import request_lang
from aftersales.web.forms import domain_messages, local_time, validation_messages
from aftersales.web.render import render

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form()]
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


def _csrf(request: Request, token: str) -> None:
    # Anonymous visitors have a session cookie too; the form carries its token.
    request.state.csrf_form = token
    _check_csrf_header_or_form(request)


def _client(request: Request) -> str:
    return f"ip:{request.client.host if request.client else 'unknown'}"


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


def _lookup(request: Request, db: Session, work: Any) -> tuple[Tracking | None, dict, int]:  # noqa: ANN401
    lang = request_lang(request)
    try:
        found = work()
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
def track(
    request: Request, db: Db, code: Text = "", phone: Text = "", csrf_token: Text = ""
) -> Response:
    _csrf(request, csrf_token)

    def work() -> Tracking | None:
        body = TrackIn(code=code, phone=phone)
        return service.track(
            db, code=body.code, phone=body.phone, client_key=_client(request), now=utcnow()
        )

    found, errors, status = _lookup(request, db, work)
    return _track_page(
        request, db, code=code, phone=phone, found=found, errors=errors, status=status
    )


@router.post("/track/rate")
def rate(
    request: Request,
    db: Db,
    code: Text = "",
    phone: Text = "",
    rating: Text = "",
    comment: Text = "",
    csrf_token: Text = "",
) -> Response:
    _csrf(request, csrf_token)

    def work() -> Tracking | None:
        body = RateIn(code=code, phone=phone, rating=rating or 0, comment=comment)
        return service.rate(
            db,
            code=body.code,
            phone=body.phone,
            rating=body.rating,
            comment=body.comment,
            client_key=_client(request),
            now=utcnow(),
        )

    found, errors, status = _lookup(request, db, work)
    if errors.get("form") == "not_found":  # a case not yet closed is not ratable: say so
        errors = {"form": "not_ratable"}
    return _track_page(
        request,
        db,
        code=code,
        phone=phone,
        found=found,
        errors=errors,
        status=status,
        thanks=found is not None,
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
def complain(
    request: Request,
    db: Db,
    name: Text = "",
    phone: Text = "",
    store: Text = "",
    title: Text = "",
    description: Text = "",
    wants: Text = "",
    receipt_no: Text = "",
    occurred_at: Text = "",
    csrf_token: Text = "",
) -> Response:
    _csrf(request, csrf_token)
    form = {
        "name": name,
        "phone": phone,
        "store": store,
        "title": title,
        "description": description,
        "wants": wants,
        "receipt_no": receipt_no,
        "occurred_at": occurred_at,
    }
    lang = request_lang(request)
    try:
        data = PublicComplaintCreate(
            name=name,
            phone=phone,
            store=blank_none(store),
            title=title,
            description=description,
            wants=wants,
            receipt_no=blank_none(receipt_no),
            occurred_at=local_time(occurred_at, request.app.state.settings.timezone),
        )
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
