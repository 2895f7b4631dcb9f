"""Console pages for suggestions: the queue, a new slip typed in, one suggestion with its
triage forms (classify, decide with a reply, implemented, convert to a complaint)."""

from functools import partial
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth.deps import Db
from aftersales.auth.principal import Principal
from aftersales.db import utcnow
from aftersales.feedback import access, decide, intake, queries
from aftersales.feedback.classify import suggest_category
from aftersales.feedback.models import SuggestionCategory, SuggestionChannel, SuggestionStatus
from aftersales.feedback.present import suggestion_json
from aftersales.feedback.public_views import router as public_pages
from aftersales.feedback.schemas import ClassifyIn, DecideIn, ImplementedIn, SuggestionCreate
from aftersales.refs import refs, zone_of
from aftersales.validation import Id
from aftersales.web.deps import PageUser
from aftersales.web.forms import Posted, form_action, page_action, posted_text, version
from aftersales.web.render import render

router = APIRouter(include_in_schema=False)
router.include_router(public_pages)
CHOICES = {
    "channels": [c.value for c in SuggestionChannel],
    "categories": [c.value for c in SuggestionCategory],
    "statuses": [s.value for s in SuggestionStatus],
}


@router.get("/suggestions")
def queue(
    request: Request, db: Db, user: PageUser, status: str = "received", cursor: str | None = None
) -> Response:
    status = status if status in CHOICES["statuses"] or status == "all" else "received"
    page = queries.list_suggestions(
        db, user=user, status=None if status == "all" else status, cursor=cursor, limit=50
    )
    r = refs(db)
    rows = [
        suggestion_json(s, r, user) | {"suggested": suggest_category(s.text)} for s in page.items
    ]
    return render(
        request,
        "feedback/queue.html",
        rows=rows,
        current=status,
        next_cursor=page.next_cursor,
        triage=access.can(user, "triage"),
        **CHOICES,
    )


def _new_page(
    request: Request, form: dict[str, str], errors: dict[str, str], status: int = 200
) -> Response:
    return render(request, "feedback/new.html", status=status, form=form, errors=errors, **CHOICES)


@router.get("/suggestions/new")
def new_form(request: Request, user: PageUser) -> Response:
    return _new_page(
        request,
        {
            "channel": "opinion_box",
            "store": "",
            "counter": "",
            "text": "",
            "name": "",
            "phone": "",
            "email": "",
            "link": "",
        },
        {},
    )


@router.post("/suggestions/new")
def new(request: Request, db: Db, user: PageUser, posted: Posted) -> Response:
    form = {
        k: str(posted.get(k, "")).strip()
        for k in ("channel", "store", "counter", "text", "name", "phone", "email", "link")
    }

    def work() -> None:
        customer = (
            {"name": form["name"] or "顾客", "phone": form["phone"]} if form["phone"] else None
        )
        data = SuggestionCreate(
            channel=form["channel"],
            store=form["store"],
            counter=form["counter"] or None,
            text=form["text"],
            customer=customer,
            contact_email=form["email"] or None,
            link=form["link"] or None,
        )
        intake.record_suggestion(db, data=data, actor=user, now=utcnow())

    return form_action(
        request,
        db,
        work=work,
        done="Suggestion recorded",
        redirect="/suggestions",
        fields={"customer.phone": "phone", "customer.name": "name", "contact_email": "email"},
        again=lambda errors, status: _new_page(request, form, errors, status),
    )


def _detail(
    request: Request,
    db: Session,
    user: Principal,
    suggestion_id: int,
    *,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    row = queries.get_suggestion(db, user=user, suggestion_id=suggestion_id)
    context: dict[str, Any] = {
        "s": suggestion_json(row, refs(db), user),
        "suggested": suggest_category(row.text),
        "events": audit.history(db, entity="suggestion", entity_id=row.id),
        "zone": zone_of(db, row.store_id),
        "triage": access.can(user, "triage"),
        "customer_id": row.customer_id,
        **CHOICES,
        "errors": errors or {},
    }
    return render(request, "feedback/suggestion.html", status=status, **context)


@router.get("/suggestions/{suggestion_id}")
def detail(request: Request, suggestion_id: Id, db: Db, user: PageUser) -> Response:
    return _detail(request, db, user, suggestion_id)


def _act(
    request: Request, db: Session, user: Principal, suggestion_id: int, work: Any, done: str
) -> Response:
    show = partial(_detail, request, db, user, suggestion_id)
    return page_action(request, db, work, done, f"/suggestions/{suggestion_id}", show)


@router.post("/suggestions/{suggestion_id}/classify")
def classify(
    request: Request, suggestion_id: Id, db: Db, user: PageUser, posted: Posted
) -> Response:
    def work() -> None:
        data = ClassifyIn(
            category=posted_text(posted, "category"),
            version=version(posted_text(posted, "version")),
        )
        decide.classify(
            db,
            suggestion_id=suggestion_id,
            category=str(data.category),
            actor=user,
            version=data.version,
        )

    return _act(request, db, user, suggestion_id, work, "Suggestion classified")


@router.post("/suggestions/{suggestion_id}/decide")
def decide_page(
    request: Request, suggestion_id: Id, db: Db, user: PageUser, posted: Posted
) -> Response:
    def work() -> None:
        data = DecideIn(
            decision=posted_text(posted, "decision"),
            reply=posted_text(posted, "reply"),
            version=version(posted_text(posted, "version")),
        )
        decide.decide(
            db,
            suggestion_id=suggestion_id,
            decision=data.decision,
            reply=data.reply,
            actor=user,
            now=utcnow(),
            version=data.version,
        )

    return _act(request, db, user, suggestion_id, work, "Decision recorded")


@router.post("/suggestions/{suggestion_id}/implemented")
def implemented(
    request: Request, suggestion_id: Id, db: Db, user: PageUser, posted: Posted
) -> Response:
    def work() -> None:
        data = ImplementedIn(
            note=posted_text(posted, "note"), version=version(posted_text(posted, "version"))
        )
        decide.mark_implemented(
            db,
            suggestion_id=suggestion_id,
            note=data.note,
            actor=user,
            now=utcnow(),
            version=data.version,
        )

    return _act(request, db, user, suggestion_id, work, "Marked implemented")


@router.post("/suggestions/{suggestion_id}/convert")
def convert(
    request: Request, suggestion_id: Id, db: Db, user: PageUser, posted: Posted
) -> Response:
    def work() -> None:
        decide.convert_to_complaint(
            db,
            suggestion_id=suggestion_id,
            actor=user,
            now=utcnow(),
            version=version(posted_text(posted, "version")),
        )

    return _act(request, db, user, suggestion_id, work, "Converted into a complaint")
