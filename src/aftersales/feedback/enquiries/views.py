"""Console pages for hotline questions: the list (open ones first, by due time, overdue
marked), the form for a new question, and one question with its answer form and history."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from aftersales.audit import service as audit
from aftersales.auth.deps import Db
from aftersales.auth.principal import Principal
from aftersales.db import utcnow
from aftersales.errors import Forbidden
from aftersales.feedback.enquiries import access, queries, service
from aftersales.feedback.enquiries.models import EnquiryStatus, EnquiryTopic
from aftersales.feedback.enquiries.present import STATUS_LABELS, TOPIC_LABELS, enquiry_json
from aftersales.feedback.enquiries.schemas import AnswerIn, ConvertIn, EnquiryCreate
from aftersales.feedback.record_actions import Action, add_new_page, add_record_page
from aftersales.refs import refs, zone_of
from aftersales.web.deps import PageUser
from aftersales.web.forms import form_model, posted_text
from aftersales.web.render import render

router = APIRouter(include_in_schema=False)
CHOICES: dict[str, Any] = {
    "topics": [t.value for t in EnquiryTopic],
    "statuses": [s.value for s in EnquiryStatus],
    "topic_labels": TOPIC_LABELS,
    "status_labels": STATUS_LABELS,
}


def _reader(user: Principal) -> None:
    if not access.can(user, "read"):
        raise Forbidden()


@router.get("/enquiries")
def enquiry_list(
    request: Request, db: Db, user: PageUser, status: str = "all", cursor: str | None = None
) -> Response:
    _reader(user)
    status = status if status in CHOICES["statuses"] else "all"
    r, now = refs(db), utcnow()
    page = queries.ENQUIRIES.page(
        db, user=user, status=None if status == "all" else status, cursor=cursor, limit=50
    )
    return render(
        request,
        "enquiries/list.html",
        open_rows=[
            enquiry_json(e, r, user, in_list=True, now=now)
            for e in queries.open_enquiries(db, user=user)
        ],
        rows=[enquiry_json(e, r, user, in_list=True, now=now) for e in page.items],
        current=status,
        next_cursor=page.next_cursor,
        take=access.can(user, "take"),
        **CHOICES,
    )


def _blank(db: Session, user: Principal) -> dict[str, str]:
    access.require(user, "take")
    store = refs(db).store_codes.get(user.store_id, "") if user.store_id else ""
    counter = refs(db).counter_codes.get(user.counter_id, "") if user.counter_id else ""
    return {"store": store, "counter": counter, "topic": "other"}


def _take(db: Session, user: Principal, posted: FormData, form: dict[str, str]) -> None:
    data = form_model(posted, EnquiryCreate, contact_email=form["email"] or None)
    service.record_enquiry(db, data=data, actor=user, now=utcnow())


add_new_page(
    router,
    "/enquiries",
    template="enquiries/new.html",
    fields=("store", "counter", "topic", "question", "caller_name", "phone", "email"),
    choices=CHOICES,
    blank=_blank,
    take=_take,
    done="Hotline question recorded",
    rename={"contact_email": "email"},
)


def _enquiry(db: Session, user: Principal, enquiry_id: int) -> dict[str, Any]:
    row = service.get_enquiry(db, user=user, enquiry_id=enquiry_id)
    return {
        "e": enquiry_json(row, refs(db), user, now=utcnow()),
        "events": audit.history(db, entity="enquiry", entity_id=row.id),
        "zone": zone_of(db, row.store_id),
        "answer": access.can(user, "answer"),
        **CHOICES,
    }


def _send(posted: FormData) -> dict[str, Any]:
    return {"send": posted_text(posted, "send") == "yes"}  # a checkbox: left out when unticked


add_record_page(
    router,
    "/enquiries",
    "enquiry_id",
    template="enquiries/enquiry.html",
    context=_enquiry,
    actions=(
        Action("answer", AnswerIn, "Answer recorded", service.answer_enquiry, given=_send),
        Action("convert", ConvertIn, "Turned into a complaint", service.convert_to_complaint),
    ),
)
