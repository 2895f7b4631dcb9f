"""REST routes for hotline questions under /api/v1/enquiries."""

from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy.orm import Session

from aftersales.auth.deps import CurrentUser, Db
from aftersales.auth.principal import Principal
from aftersales.db import utcnow
from aftersales.doors import add_action, idempotent_create, service_step
from aftersales.feedback.enquiries import queries, service
from aftersales.feedback.enquiries.models import Enquiry, EnquiryStatus
from aftersales.feedback.enquiries.present import enquiry_json
from aftersales.feedback.enquiries.schemas import AnswerIn, ConvertIn, EnquiryCreate
from aftersales.feedback.record_doors import add_list_door, add_read_door
from aftersales.refs import refs
from aftersales.responses import JSONBytes

router = APIRouter(tags=["enquiries"])


@idempotent_create(router, "/enquiries", route="enquiries")
def create(body: EnquiryCreate, db: Db, user: CurrentUser) -> dict[str, Any]:
    now = utcnow()
    row = service.record_enquiry(db, data=body, actor=user, now=now)
    return enquiry_json(row, refs(db), user, now=now)


add_list_door(
    router,
    "/enquiries",
    queries.ENQUIRIES,
    statuses=EnquiryStatus,
    row_json=lambda row, r, user, now: enquiry_json(row, r, user, in_list=True, now=now),
)
add_read_door(
    router,
    "/enquiries/{enquiry_id}",
    entity="enquiry",
    get=service.get_enquiry,
    row_json=lambda row, r, user, now: enquiry_json(row, r, user, now=now),
)


def _answer(db: Session, user: Principal, row: Enquiry, request: Request) -> JSONBytes:
    return JSONBytes(enquiry_json(row, refs(db), user, now=utcnow()))


for path, name, body_type, step in (
    ("/answer", "answer", AnswerIn, service.answer_enquiry),
    ("/convert", "convert", ConvertIn, service.convert_to_complaint),
):
    act = service_step(step, "enquiry_id")
    add_action(router, "/enquiries/{enquiry_id}" + path, name, body_type, act, _answer)
