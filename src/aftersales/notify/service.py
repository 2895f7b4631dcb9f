"""Enqueue a message in the same transaction as the change that causes it."""

from typing import Any

from sqlalchemy import insert
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


_INSERT = insert(OutboxMessage.__table__)


def enqueue_now(session: Session, messages: list[dict[str, Any]]) -> None:
    """The same rows as `enqueue`, written at once in one INSERT (executemany): for the busiest
    paths. Each message has the keys channel, recipient, subject, body and meta."""
    if messages:
        session.connection().execute(_INSERT, messages)
