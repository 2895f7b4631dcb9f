"""REST routes for hotline questions under /api/v1/enquiries."""

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth.deps import CurrentUser, Db
from aftersales.auth.principal import Principal
from aftersales.db import utcnow
from aftersales.doors import add_action, idempotent_create, service_step
from aftersales.feedback.enquiries import queries, service
from aftersales.feedback.enquiries.models import Enquiry, EnquiryStatus
from aftersales.feedback.enquiries.present import enquiry_json
from aftersales.feedback.enquiries.schemas import AnswerIn, ConvertIn, EnquiryCreate
from aftersales.feedback.present import history_json
from aftersales.refs import refs
from aftersales.responses import JSONBytes
from aftersales.validation import Id, PageCursor, PageLimit

router = APIRouter(tags=["enquiries"])


@idempotent_create(router, "/enquiries", route="enquiries")
def create(body: EnquiryCreate, db: Db, user: CurrentUser) -> dict[str, Any]:
    now = utcnow()
    row = service.record_enquiry(db, data=body, actor=user, now=now)
    return enquiry_json(row, refs(db), user, now=now)


@router.get("/enquiries")
def list_all(
    db: Db,
    user: CurrentUser,
    status: EnquiryStatus | None = None,
    store: Annotated[str | None, Query(max_length=20)] = None,
    cursor: PageCursor = None,
    limit: PageLimit = 50,
) -> JSONBytes:
    r, now = refs(db), utcnow()
    page = queries.list_enquiries(
        db,
        user=user,
        status=status,
        store_id=r.stores.get(store, -1) if store else None,
        cursor=cursor,
        limit=limit,
    )
    rows = [enquiry_json(e, r, user, in_list=True, now=now) for e in page.items]
    return JSONBytes(page.as_json(rows))


@router.get("/enquiries/{enquiry_id}")
def read(enquiry_id: Id, db: Db, user: CurrentUser) -> JSONBytes:
    row = service.get_enquiry(db, user=user, enquiry_id=enquiry_id)
    events = audit.history(db, entity="enquiry", entity_id=row.id)
    r = refs(db)
    return JSONBytes(
        enquiry_json(row, r, user, now=utcnow())
        | {"history": history_json(events, r.zone(row.store_id))}
    )


def _answer(db: Session, user: Principal, row: Enquiry, request: Request) -> JSONBytes:
    return JSONBytes(enquiry_json(row, refs(db), user, now=utcnow()))


for path, name, body_type, step in (
    ("/answer", "answer", AnswerIn, service.answer_enquiry),
    ("/convert", "convert", ConvertIn, service.convert_to_complaint),
):
    act = service_step(step, "enquiry_id")
    add_action(router, "/enquiries/{enquiry_id}" + path, name, body_type, act, _answer)
