"""Triage a suggestion: classify, adopt or decline with a reply (queued to the customer in
the same transaction), mark an adopted one implemented, or convert it into a complaint.
`transition` is the only code that changes a status."""

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth.principal import Principal
from aftersales.customers import directory
from aftersales.db import lock_one
from aftersales.feedback import access
from aftersales.feedback.errors import NotAdopted, SuggestionAlreadyDecided, SuggestionNotFound
from aftersales.feedback.models import Suggestion, SuggestionStatus
from aftersales.feedback.schemas import ClassifyIn, ConvertIn, DecideIn, ImplementedIn
from aftersales.feedback.to_complaint import register_from
from aftersales.notify import service as notify

S = SuggestionStatus
ALLOWED = {
    S.received: {S.adopted, S.declined, S.converted},
    S.adopted: {S.implemented},
    S.declined: set(),
    S.implemented: set(),
    S.converted: set(),
}
TO_COMPLAINT_CHANNEL = {
    "opinion_box": "opinion_box",
    "online": "online",
    "phone": "phone",
    "letter": "letter",
    "in_person": "walk_in",
    "social_media": "media",
    "survey": "online",
}
TO_COMPLAINT_TYPE = {
    "service": "service",
    "goods": "product",
    "environment": "facilities",
    "price": "product",
}


def lock(
    session: Session, *, user: Principal, suggestion_id: int, version: int | None
) -> Suggestion:
    access.require(user, "triage")
    stmt = access.visible_suggestions(user).where(Suggestion.id == suggestion_id)
    found: Suggestion = lock_one(
        session, stmt, missing=SuggestionNotFound(field="id"), version=version
    )
    return found


def transition(
    session: Session,
    row: Suggestion,
    to: SuggestionStatus,
    *,
    actor: Principal,
    action: str,
    changes: dict[str, Any],
) -> Suggestion:
    if to not in ALLOWED[SuggestionStatus(row.status)]:
        raise (
            NotAdopted(field="status")
            if to == S.implemented
            else SuggestionAlreadyDecided(field="status", extra={"status": str(row.status)})
        )
    audit.record_move(session, row, to, action=action, actor=actor, changes=changes)
    return row


def classify(
    session: Session,
    *,
    suggestion_id: int,
    data: ClassifyIn,
    actor: Principal,
    now: datetime,  # a triage step's time; a category carries none
) -> Suggestion:
    row = lock(session, user=actor, suggestion_id=suggestion_id, version=data.version)
    before, row.category = row.category, str(data.category)
    session.flush()
    after = {"category": row.category}
    audit.record_on(
        session, row, "classified", actor=actor, before={"category": before}, after=after
    )
    return row


def decide(
    session: Session, *, suggestion_id: int, data: DecideIn, actor: Principal, now: datetime
) -> Suggestion:
    row = lock(session, user=actor, suggestion_id=suggestion_id, version=data.version)
    transition(
        session,
        row,
        S(data.decision),
        actor=actor,
        action="decided",
        changes={
            "decision": data.decision,
            "reply": data.reply,
            "decided_at": now,
            "decided_by_id": actor.id,
        },
    )
    _tell_customer(session, row)
    return row


def _tell_customer(session: Session, row: Suggestion) -> None:
    """The reply is a service message about the customer's own suggestion: it goes whether
    or not they agreed to marketing. Without a phone or e-mail it prints as a letter."""
    subject = f"您的建议（{row.reference}）处理结果"
    word = "采纳" if row.decision == "adopted" else "暂不采纳"
    body = f"感谢您的宝贵建议。我们的决定：{word}。{row.reply}"
    meta = {"suggestion_id": row.id, "kind": "service"}
    if row.phone:
        notify.enqueue(
            session, channel="sms", recipient=row.phone, subject=subject, body=body, meta=meta
        )
    if row.contact_email:
        notify.enqueue(
            session,
            channel="email",
            recipient=row.contact_email,
            subject=subject,
            body=body,
            meta=meta,
        )
    if row.phone or row.contact_email:
        row.notified = True
        session.flush()


def mark_implemented(
    session: Session, *, suggestion_id: int, data: ImplementedIn, actor: Principal, now: datetime
) -> Suggestion:
    row = lock(session, user=actor, suggestion_id=suggestion_id, version=data.version)
    return transition(
        session,
        row,
        S.implemented,
        actor=actor,
        action="implemented",
        changes={"implemented_note": data.note, "implemented_at": now},
    )


def _customer(session: Session, row: Suggestion) -> dict[str, str] | None:
    if row.customer_id is not None:
        found = directory.by_ids(session, {row.customer_id})[row.customer_id]
        return {"name": found.name, "phone": found.phone}
    return {"name": "顾客", "phone": row.phone} if row.phone else None


def convert_to_complaint(
    session: Session,
    *,
    suggestion_id: int,
    data: ConvertIn,
    actor: Principal,
    now: datetime,
) -> Suggestion:
    """It was really a complaint: register one from the suggestion, kept linked both ways
    (the complaint's description names the suggestion's reference)."""
    row = lock(session, user=actor, suggestion_id=suggestion_id, version=data.version)
    if S(row.status) != S.received:
        raise SuggestionAlreadyDecided(field="status", extra={"status": str(row.status)})
    complaint = {
        "channel": TO_COMPLAINT_CHANNEL.get(row.channel, "online"),
        "type": TO_COMPLAINT_TYPE.get(row.category or "", "service"),
        "customer": _customer(session, row),
    }
    made = register_from(session, row, row.text, "建议", complaint, actor=actor, now=now)
    return transition(session, row, S.converted, actor=actor, action="converted", changes=made)
