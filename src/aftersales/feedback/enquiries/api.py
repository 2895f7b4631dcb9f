"""REST routes for hotline questions under /api/v1/enquiries."""

from typing import Annotated, Any

from fastapi import APIRouter, Query

from aftersales import idempotency
from aftersales.audit import service as audit
from aftersales.auth.deps import CurrentUser, Db
from aftersales.db import utcnow
from aftersales.feedback.enquiries import queries, service
from aftersales.feedback.enquiries.models import EnquiryStatus
from aftersales.feedback.enquiries.present import enquiry_json
from aftersales.feedback.enquiries.schemas import AnswerIn, ConvertIn, EnquiryCreate
from aftersales.feedback.present import history_json
from aftersales.refs import refs
from aftersales.responses import JSONBytes
from aftersales.validation import Id, PageCursor, PageLimit

router = APIRouter(tags=["enquiries"])


@router.post("/enquiries", status_code=201)
def create(
    body: EnquiryCreate,
    db: Db,
    user: CurrentUser,
    idempotency_key: idempotency.IdempotencyKey = None,
) -> Any:
    def take() -> dict[str, Any]:
        now = utcnow()
        row = service.record_enquiry(db, data=body, actor=user, now=now)
        return enquiry_json(row, refs(db), user, now=now)

    return idempotency.answer_once(
        db,
        key=idempotency_key,
        route="enquiries",
        body=body,
        create=take,
    )


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


@router.post("/enquiries/{enquiry_id}/answer")
def answer(enquiry_id: Id, body: AnswerIn, db: Db, user: CurrentUser) -> JSONBytes:
    now = utcnow()
    row = service.answer_enquiry(
        db,
        enquiry_id=enquiry_id,
        answer=body.answer,
        send=body.send,
        actor=user,
        now=now,
        version=body.version,
    )
    db.commit()
    return JSONBytes(enquiry_json(row, refs(db), user, now=now))


@router.post("/enquiries/{enquiry_id}/convert")
def convert(enquiry_id: Id, body: ConvertIn, db: Db, user: CurrentUser) -> JSONBytes:
    now = utcnow()
    row = service.convert_to_complaint(
        db, enquiry_id=enquiry_id, actor=user, now=now, version=body.version
    )
    db.commit()
    return JSONBytes(enquiry_json(row, refs(db), user, now=now))
