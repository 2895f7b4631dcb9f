"""Console pages for hotline questions: the list (open ones first, by due time, overdue
marked), the form for a new question, and one question with its answer form and history."""

from functools import partial
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth.deps import Db
from aftersales.auth.principal import Principal
from aftersales.db import utcnow
from aftersales.errors import Forbidden
from aftersales.feedback.enquiries import access, queries, service
from aftersales.feedback.enquiries.models import EnquiryStatus, EnquiryTopic
from aftersales.feedback.enquiries.present import STATUS_LABELS, TOPIC_LABELS, enquiry_json
from aftersales.feedback.enquiries.schemas import AnswerIn, ConvertIn, EnquiryCreate
from aftersales.refs import refs, zone_of
from aftersales.validation import Id
from aftersales.web.deps import PageUser
from aftersales.web.forms import Posted, form_action, page_action, posted_text, version
from aftersales.web.render import render

router = APIRouter(include_in_schema=False)
CHOICES: dict[str, Any] = {
    "topics": [t.value for t in EnquiryTopic],
    "statuses": [s.value for s in EnquiryStatus],
    "topic_labels": TOPIC_LABELS,
    "status_labels": STATUS_LABELS,
}
FORM_FIELDS = ("store", "counter", "topic", "question", "caller_name", "phone", "email")


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
    page = queries.list_enquiries(
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


def _new_page(
    request: Request, form: dict[str, str], errors: dict[str, str], status: int = 200
) -> Response:
    return render(request, "enquiries/new.html", status=status, form=form, errors=errors, **CHOICES)


@router.get("/enquiries/new")
def new_form(request: Request, db: Db, user: PageUser) -> Response:
    access.require(user, "take")
    store = refs(db).store_codes.get(user.store_id, "") if user.store_id else ""
    counter = refs(db).counter_codes.get(user.counter_id, "") if user.counter_id else ""
    form = dict.fromkeys(FORM_FIELDS, "") | {"store": store, "counter": counter}
    return _new_page(request, form | {"topic": "other"}, {})


@router.post("/enquiries/new")
def new(request: Request, db: Db, user: PageUser, posted: Posted) -> Response:
    form = {k: str(posted.get(k, "")).strip() for k in FORM_FIELDS}

    def work() -> None:
        data = EnquiryCreate(
            store=form["store"],
            counter=form["counter"] or None,
            topic=form["topic"],
            question=form["question"],
            caller_name=form["caller_name"] or None,
            phone=form["phone"] or None,
            contact_email=form["email"] or None,
        )
        service.record_enquiry(db, data=data, actor=user, now=utcnow())

    return form_action(
        request,
        db,
        work=work,
        done="Hotline question recorded",
        redirect="/enquiries",
        fields={"contact_email": "email"},
        again=lambda errors, status: _new_page(request, form, errors, status),
    )


def _detail(
    request: Request,
    db: Session,
    user: Principal,
    enquiry_id: int,
    *,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    row = service.get_enquiry(db, user=user, enquiry_id=enquiry_id)
    context: dict[str, Any] = {
        "e": enquiry_json(row, refs(db), user, now=utcnow()),
        "events": audit.history(db, entity="enquiry", entity_id=row.id),
        "zone": zone_of(db, row.store_id),
        "answer": access.can(user, "answer"),
        **CHOICES,
        "errors": errors or {},
    }
    return render(request, "enquiries/enquiry.html", status=status, **context)


@router.get("/enquiries/{enquiry_id}")
def detail(request: Request, enquiry_id: Id, db: Db, user: PageUser) -> Response:
    return _detail(request, db, user, enquiry_id)


def _act(
    request: Request, db: Session, user: Principal, enquiry_id: int, work: Any, done: str
) -> Response:
    show = partial(_detail, request, db, user, enquiry_id)
    return page_action(request, db, work, done, f"/enquiries/{enquiry_id}", show)


@router.post("/enquiries/{enquiry_id}/answer")
def answer(request: Request, enquiry_id: Id, db: Db, user: PageUser, posted: Posted) -> Response:
    def work() -> None:
        data = AnswerIn(
            answer=posted_text(posted, "answer"),
            send=posted_text(posted, "send") == "yes",
            version=version(posted_text(posted, "version")),
        )
        service.answer_enquiry(
            db,
            enquiry_id=enquiry_id,
            answer=data.answer,
            send=data.send,
            actor=user,
            now=utcnow(),
            version=data.version,
        )

    return _act(request, db, user, enquiry_id, work, "Answer recorded")


@router.post("/enquiries/{enquiry_id}/convert")
def convert(request: Request, enquiry_id: Id, db: Db, user: PageUser, posted: Posted) -> Response:
    def work() -> None:
        data = ConvertIn(version=version(posted_text(posted, "version")))
        service.convert_to_complaint(
            db, enquiry_id=enquiry_id, actor=user, now=utcnow(), version=data.version
        )

    return _act(request, db, user, enquiry_id, work, "Turned into a complaint")
