"""Console pages for suggestions: the queue, a new slip typed in, one suggestion with its
triage forms (classify, decide with a reply, implemented, convert to a complaint)."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from aftersales.audit import service as audit
from aftersales.auth.deps import Db
from aftersales.auth.principal import Principal
from aftersales.db import utcnow
from aftersales.feedback import access, decide, intake, queries
from aftersales.feedback.classify import suggest_category
from aftersales.feedback.models import SuggestionCategory, SuggestionChannel, SuggestionStatus
from aftersales.feedback.present import suggestion_json
from aftersales.feedback.public_views import router as public_pages
from aftersales.feedback.record_actions import Action, add_new_page, add_record_page
from aftersales.feedback.schemas import (
    ClassifyIn,
    ConvertIn,
    DecideIn,
    ImplementedIn,
    SuggestionCreate,
)
from aftersales.refs import refs, zone_of
from aftersales.web.deps import PageUser
from aftersales.web.forms import form_model
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
    page = queries.SUGGESTIONS.page(
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


def _take(db: Session, user: Principal, posted: FormData, form: dict[str, str]) -> None:
    customer = {"name": form["name"] or "顾客", "phone": form["phone"]} if form["phone"] else None
    email = form["email"] or None
    data = form_model(posted, SuggestionCreate, customer=customer, contact_email=email)
    intake.record_suggestion(db, data=data, actor=user, now=utcnow())


add_new_page(
    router,
    "/suggestions",
    template="feedback/new.html",
    fields=("channel", "store", "counter", "text", "name", "phone", "email", "link"),
    choices=CHOICES,
    blank=lambda db, user: {"channel": "opinion_box"},
    take=_take,
    done="Suggestion recorded",
    rename={"customer.phone": "phone", "customer.name": "name", "contact_email": "email"},
)


def _suggestion(db: Session, user: Principal, suggestion_id: int) -> dict[str, Any]:
    row = queries.get_suggestion(db, user=user, suggestion_id=suggestion_id)
    return {
        "s": suggestion_json(row, refs(db), user),
        "suggested": suggest_category(row.text),
        "events": audit.history(db, entity="suggestion", entity_id=row.id),
        "zone": zone_of(db, row.store_id),
        "triage": access.can(user, "triage"),
        "customer_id": row.customer_id,
        **CHOICES,
    }


add_record_page(
    router,
    "/suggestions",
    "suggestion_id",
    template="feedback/suggestion.html",
    context=_suggestion,
    actions=(
        Action("classify", ClassifyIn, "Suggestion classified", decide.classify),
        Action("decide", DecideIn, "Decision recorded", decide.decide),
        Action("implemented", ImplementedIn, "Marked implemented", decide.mark_implemented),
        Action("convert", ConvertIn, "Converted into a complaint", decide.convert_to_complaint),
    ),
)
