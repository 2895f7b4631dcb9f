"""Deliver due outbox messages; several workers may run this at once.

A worker claims a batch by setting `claimed_until` in a short transaction (with FOR UPDATE
SKIP LOCKED on PostgreSQL, so two workers never take the same rows), sends outside any
transaction, then records the result. If a worker dies after claiming, the claim expires and
another worker takes the message: a message may in that rare case go out twice (the e-mail
carries a stable Message-ID), but it is never lost.
"""

from datetime import timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from aftersales.db import utcnow
from aftersales.notify.adapters import ADAPTERS, DeliveryFailed
from aftersales.notify.models import OutboxMessage, OutboxStatus
from aftersales.settings import Settings

CLAIM_FOR = timedelta(minutes=2)
MAX_ATTEMPTS = 8
BATCH = 50


def claim_due(factory: sessionmaker[Session], *, limit: int = BATCH) -> list[int]:
    now = utcnow()
    with factory() as session:
        stmt = (
            select(OutboxMessage.id)
            .where(
                OutboxMessage.status == OutboxStatus.pending,
                OutboxMessage.next_attempt_at <= now,
                or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now),
            )
            .order_by(OutboxMessage.next_attempt_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        ids = list(session.scalars(stmt))
        if ids:
            session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id.in_(ids))
                .values(claimed_until=now + CLAIM_FOR)
            )
        session.commit()
    return ids


def _record(factory: sessionmaker[Session], message_id: int, error: str | None) -> None:
    with factory() as session:
        message = session.get(OutboxMessage, message_id)
        if message is None:
            return
        message.attempts += 1
        message.claimed_until = None
        if error is None:
            message.status, message.sent_at, message.last_error = OutboxStatus.sent, utcnow(), None
        else:
            message.last_error = error
            if message.attempts >= MAX_ATTEMPTS:
                message.status = OutboxStatus.failed
            else:  # back off: 1, 2, 4 ... minutes
                message.next_attempt_at = utcnow() + timedelta(minutes=2 ** (message.attempts - 1))
        session.commit()


def deliver_due(factory: sessionmaker[Session], settings: Settings) -> int:
    ids = claim_due(factory)
    for message_id in ids:
        with factory() as session:
            message = session.get(OutboxMessage, message_id)
            session.expunge_all()
        if message is None:
            continue
        adapter = ADAPTERS.get(message.channel)
        try:
            if adapter is None:
                raise DeliveryFailed(f"unknown channel {message.channel}")
            adapter(message, settings)
            _record(factory, message_id, None)
        except DeliveryFailed as exc:
            _record(factory, message_id, str(exc))
    return len(ids)
