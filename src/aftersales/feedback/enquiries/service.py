"""Hotline questions: take one (its answer_by from the `hotline_answer` standard in force on
the business calendar, as complaints take theirs), answer it (the answer can go to the caller
by SMS or e-mail in the same transaction), or turn it into a complaint through the
complaints intake. `transition` is the only code that changes a status."""

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth.principal import Principal
from aftersales.complaints import clock
from aftersales.customers import service as customers
from aftersales.db import lock_one
from aftersales.deadlines import ServiceStandard, due_at, pick_standard, warn_at
from aftersales.feedback.enquiries import access
from aftersales.feedback.enquiries.errors import (
    AskedInTheFuture,
    EnquiryAlreadyClosed,
    EnquiryNotFound,
    UnknownPlace,
)
from aftersales.feedback.enquiries.models import Enquiry, EnquiryStatus, EnquiryTopic
from aftersales.feedback.enquiries.schemas import AnswerIn, ConvertIn, EnquiryCreate
from aftersales.feedback.to_complaint import register_from
from aftersales.notify import service as notify
from aftersales.random_codes import random_code
from aftersales.refs import refs

S = EnquiryStatus
ALLOWED = {S.open: {S.answered, S.converted}, S.answered: set(), S.converted: set()}
KIND = "hotline_answer"
FIELDS = ["reference", "store_id", "counter_id", "topic", "status", "asked_at", "answer_by"]
TO_COMPLAINT_TYPE = {EnquiryTopic.warranty: "product"}


def new_reference() -> str:
    return "HQ" + random_code(8)


def answer_standard(in_force: tuple[ServiceStandard, ...]) -> ServiceStandard:
    return pick_standard(in_force, KIND, "hotline")


def set_due_times(session: Session, row: Enquiry) -> None:
    """answer_by and the warning from asked_at, by the standard in force on the calendar."""
    standard = answer_standard(clock.standards_for(session))
    calendar = clock.calendar_for(session)
    row.answer_by = due_at(row.asked_at, standard, calendar=calendar)
    row.warn_at = warn_at(row.asked_at, standard, calendar=calendar)


def _place(session: Session, store: str, counter: str | None) -> tuple[int, int | None]:
    r = refs(session)
    store_id = r.stores.get(store)
    if store_id is None:
        raise UnknownPlace(field="store")
    if not counter:
        return store_id, None
    found = r.counters.get(counter)
    if found is None or found[1] != store_id:
        raise UnknownPlace(field="counter")
    return store_id, found[0]


def record_enquiry(
    session: Session, *, data: EnquiryCreate, actor: Principal, now: datetime
) -> Enquiry:
    store_id, counter_id = _place(session, data.store, data.counter)
    access.require(actor, "take", (store_id, counter_id))
    asked_at = data.asked_at or now
    if asked_at > now:
        raise AskedInTheFuture(field="asked_at")
    # A caller who is already a customer is linked; a one-off question creates nobody.
    found = customers.find_customer_row(session, phone=data.phone) if data.phone else None
    row = Enquiry(
        reference=new_reference(),
        store_id=store_id,
        counter_id=counter_id,
        taken_by_id=actor.id,
        caller_name=data.caller_name or None,
        phone=data.phone,
        contact_email=data.contact_email,
        customer_id=found.id if found else None,
        topic=data.topic,
        question=data.question,
        asked_at=asked_at,
        status=S.open,
        created_at=now,
    )
    set_due_times(session, row)
    after = audit.snapshot(row, FIELDS)
    audit.record_added(session, row, actor=actor, action="taken", after=after)
    return row


def get_enquiry(session: Session, *, user: Principal, enquiry_id: int) -> Enquiry:
    found = session.scalars(
        access.visible_enquiries(user).where(Enquiry.id == enquiry_id)
    ).one_or_none()
    if found is None:  # another store's question looks the same as a missing one
        raise EnquiryNotFound(field="id")
    return found


def lock(session: Session, *, user: Principal, enquiry_id: int, version: int | None) -> Enquiry:
    access.require(user, "answer")
    stmt = access.visible_enquiries(user).where(Enquiry.id == enquiry_id)
    found: Enquiry = lock_one(session, stmt, missing=EnquiryNotFound(field="id"), version=version)
    return found


def transition(
    session: Session,
    row: Enquiry,
    to: EnquiryStatus,
    *,
    actor: Principal,
    action: str,
    changes: dict[str, Any],
) -> Enquiry:
    if to not in ALLOWED[S(row.status)]:
        raise EnquiryAlreadyClosed(field="status", extra={"status": str(row.status)})
    audit.record_move(session, row, to, action=action, actor=actor, changes=changes)
    return row


def answer_enquiry(
    session: Session, *, enquiry_id: int, data: AnswerIn, actor: Principal, now: datetime
) -> Enquiry:
    row = lock(session, user=actor, enquiry_id=enquiry_id, version=data.version)
    reached = data.send and bool(row.phone or row.contact_email)
    changes = {"answer": data.answer, "answered_at": now, "answered_by_id": actor.id}
    transition(
        session,
        row,
        S.answered,
        actor=actor,
        action="answered",
        changes=changes | {"notified": reached},
    )
    if reached:
        _tell_caller(session, row)
    return row


def _tell_caller(session: Session, row: Enquiry) -> None:
    """The answer is a service message about the caller's own question: it goes whether or
    not they agreed to marketing."""
    subject = f"您的咨询（{row.reference}）答复"
    body = f"您好，关于您的咨询“{row.question[:40]}”，答复如下：{row.answer}"
    meta = {"enquiry_id": row.id, "kind": "service", "event": "enquiry_answered"}
    for channel, address in (("sms", row.phone), ("email", row.contact_email)):
        if address:
            notify.enqueue(
                session, channel=channel, recipient=address, subject=subject, body=body, meta=meta
            )
    session.flush()


def _caller(row: Enquiry) -> dict[str, str] | None:
    return {"name": row.caller_name or "顾客", "phone": row.phone} if row.phone else None


def convert_to_complaint(
    session: Session, *, enquiry_id: int, data: ConvertIn, actor: Principal, now: datetime
) -> Enquiry:
    """It was really a complaint: registered through the complaints intake on the hotline
    channel (see `to_complaint`)."""
    row = lock(session, user=actor, enquiry_id=enquiry_id, version=data.version)
    if S(row.status) != S.open:
        raise EnquiryAlreadyClosed(field="status", extra={"status": str(row.status)})
    complaint = {
        "channel": "hotline",
        "type": TO_COMPLAINT_TYPE.get(EnquiryTopic(row.topic), "service"),
        "customer": _caller(row),
    }
    made = register_from(session, row, row.question, "热线咨询", complaint, actor=actor, now=now)
    return transition(session, row, S.converted, actor=actor, action="converted", changes=made)


def recompute_answer_by(session: Session, *, enquiry_ids: list[int], actor: Principal) -> int:
    """An admin changed the `hotline_answer` standard: the open questions it measures get
    their due times again (each with its audit event)."""
    rows = session.scalars(
        select(Enquiry)
        .where(Enquiry.id.in_(enquiry_ids), Enquiry.status == S.open)
        .with_for_update()
    )
    done = 0
    for row in rows:
        before = {"answer_by": row.answer_by}
        set_due_times(session, row)
        session.flush()
        after = {"answer_by": row.answer_by}
        audit.record_on(
            session, row, "deadline_recomputed", actor=actor, before=before, after=after
        )
        done += 1
    return done
