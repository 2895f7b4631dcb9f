"""Enqueue a message in the same transaction as the change that causes it; list the outbox
and send a message again."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import case, select, update
from sqlalchemy.orm import Session

from aftersales.audit import service as audit
from aftersales.auth.principal import Principal
from aftersales.db import FastInsert
from aftersales.errors import Conflict, NotFound
from aftersales.notify.access import require_outbox_reader
from aftersales.notify.models import OutboxMessage, OutboxStatus
from aftersales.paging import Page, keyset_page, matching


def enqueue(
    session: Session,
    *,
    channel: str,
    recipient: str,
    subject: str,
    body: str,
    meta: dict[str, Any] | None = None,
) -> OutboxMessage:
    message = OutboxMessage(
        channel=channel, recipient=recipient, subject=subject, body=body, meta=meta
    )
    session.add(message)
    return message


_FAST_INSERT = FastInsert(OutboxMessage.__table__, deferrable=True)


def enqueue_now(session: Session, messages: list[dict[str, Any]]) -> None:
    """The same rows as `enqueue`, written at once in one INSERT (executemany): for the busiest
    paths. Each message has the keys channel, recipient, subject, body and meta."""
    _FAST_INSERT.run_many(session, messages)


class Reachable(Protocol):
    id: int
    email: str | None
    phone: str | None


def messages_to(
    people: Iterable[Reachable], *, subject: str, body: str, meta: dict[str, object]
) -> list[dict[str, object]]:
    """Outbox rows: one e-mail and one SMS per person who has the address."""
    return [
        {
            "channel": channel,
            "recipient": address,
            "subject": subject,
            "body": body,
            "meta": meta | {"user_id": person.id},
        }
        for person in people
        for channel, address in (("email", person.email), ("sms", person.phone))
        if address
    ]


class MessageNotFound(NotFound):
    code = "message_not_found"
    message_en = "No such message"


class MessageAlreadySent(Conflict):
    code = "message_already_sent"
    message_en = "This message was already sent"


def list_messages(
    session: Session,
    *,
    user: Principal,
    status: str | None = None,
    channel: str | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> Page[OutboxMessage]:
    """Newest first: what was sent, what waits, what failed and why."""
    require_outbox_reader(user)
    stmt = matching(
        select(OutboxMessage), (OutboxMessage.status, status), (OutboxMessage.channel, channel)
    )
    return keyset_page(
        session, stmt, at=OutboxMessage.created_at, id_=OutboxMessage.id, cursor=cursor, limit=limit
    )


def retry_message(
    session: Session, *, message_id: int, actor: Principal, now: datetime
) -> OutboxMessage:
    """Send a failed or waiting message again at the next delivery pass."""
    require_outbox_reader(actor)
    message = session.get(OutboxMessage, message_id, with_for_update=True)
    if message is None:
        raise MessageNotFound(field="id")
    if message.status == OutboxStatus.sent:
        raise MessageAlreadySent(field="id")
    before = {"status": message.status, "attempts": message.attempts}
    message.status, message.next_attempt_at, message.claimed_until = (
        OutboxStatus.pending,
        now,
        None,
    )
    message.attempts = 0
    after = {"status": OutboxStatus.pending}
    audit.record(session, "outbox", message.id, "retried", actor=actor, before=before, after=after)
    return message


ERASED = "(erased)"


def forget_recipients(session: Session, recipients: set[str]) -> int:
    """A person's erasure (PIPL) reaches the outbox: their messages keep neither the address
    nor the text, and those not yet sent are never sent. Answers how many rows changed."""
    if not recipients:
        return 0
    result = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.recipient.in_(recipients))
        .values(
            recipient=ERASED,
            subject="",
            body=ERASED,
            status=case(
                (OutboxMessage.status == OutboxStatus.pending, OutboxStatus.failed.value),
                else_=OutboxMessage.status,
            ),
            last_error=case(
                (OutboxMessage.status == OutboxStatus.pending, "recipient erased"),
                else_=OutboxMessage.last_error,
            ),
        )
    )
    return int(result.rowcount)  # type: ignore[attr-defined]  # a CursorResult for an UPDATE
