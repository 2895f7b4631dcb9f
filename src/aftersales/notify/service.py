"""Enqueue a message in the same transaction as the change that causes it."""

from typing import Any

from sqlalchemy.orm import Session

from aftersales.notify.models import OutboxMessage


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
