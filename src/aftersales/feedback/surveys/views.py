"""The customer's survey page (no login): /survey/{token} from the SMS or e-mail. A forged,
used or expired link gets a plain page saying so, never a form."""

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from aftersales.auth.deps import Db, _check_csrf_header_or_form
from aftersales.db import utcnow
from aftersales.errors import DomainError
from aftersales.feedback.surveys import service
from aftersales.feedback.surveys.errors import ScoreOutOfRange
from aftersales.feedback.surveys.schemas import SurveyAnswerIn
from aftersales.i18n import request_lang
from aftersales.web.forms import Posted
from aftersales.web.render import render

router = APIRouter(include_in_schema=False)
TOKEN_MAX = 64


def _yes_no(raw: object) -> bool | None:
    return {"yes": True, "no": False}.get(str(raw or ""))


def _closed(request: Request, exc: DomainError) -> Response:
    return render(
        request,
        "surveys/closed.html",
        status=exc.status,
        message=exc.message(request_lang(request)),
    )


@router.get("/survey/thanks")
def survey_thanks(request: Request) -> Response:
    return render(request, "surveys/thanks.html")


@router.get("/survey/{token}")
def survey_form(request: Request, token: str, db: Db) -> Response:
    try:
        service.open_invitation(db, token=token[:TOKEN_MAX], now=utcnow())
    except DomainError as exc:
        return _closed(request, exc)
    return render(request, "surveys/form.html", token=token, errors={}, values={})


@router.post("/survey/{token}")
def survey_answer(request: Request, token: str, db: Db, form: Posted) -> Response:
    request.state.csrf_form = form.get("csrf_token")
    raw = str(form.get("score", ""))
    try:
        _check_csrf_header_or_form(request)
        if raw not in {"1", "2", "3", "4", "5"}:
            raise ScoreOutOfRange(field="score")
        data = SurveyAnswerIn(
            score=int(raw),
            polite=_yes_no(form.get("polite")),
            fast=_yes_no(form.get("fast")),
            come_back=_yes_no(form.get("come_back")),
            comment=str(form.get("comment", ""))[:1000],
        )
        service.answer(db, token=token[:TOKEN_MAX], data=data, now=utcnow())
        db.commit()
    except ScoreOutOfRange as exc:
        db.rollback()
        return render(
            request,
            "surveys/form.html",
            status=422,
            token=token,
            errors={"score": exc.message(request_lang(request))},
            values=form,
        )
    except DomainError as exc:
        db.rollback()
        return _closed(request, exc)
    return RedirectResponse("/survey/thanks", status_code=303)
