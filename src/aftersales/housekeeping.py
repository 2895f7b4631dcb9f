"""Worker task: forget rows that only matter for a while.

Throttling rows (public tracking misses, log-in failures) stop counting once their window
has passed and nothing waits on them; an Idempotency-Key protects a retry for a day. Left
alone, each table grows with every guess and every POS call. Deleting them by age is
idempotent, so any number of workers may run it.
"""

import time
from datetime import timedelta

from sqlalchemy import delete, or_
from sqlalchemy.orm import Session, sessionmaker

from aftersales.auth.models import LoginThrottle
from aftersales.complaints.public import WINDOW as PUBLIC_WINDOW
from aftersales.complaints.reference import PublicAttempt
from aftersales.db import transaction, utcnow
from aftersales.idempotency import IdempotentRequest
from aftersales.settings import Settings

EVERY_SECONDS = 600
_last_run = [0.0]


def purge_expired(
    factory: sessionmaker[Session], settings: Settings, *, force: bool = False
) -> int:
    """Delete expired rows (at most every EVERY_SECONDS per process); how many went."""
    if not force and time.monotonic() - _last_run[0] < EVERY_SECONDS:
        return 0
    _last_run[0] = time.monotonic()
    now = utcnow()
    with transaction(factory) as session:
        gone = session.execute(
            delete(PublicAttempt).where(
                PublicAttempt.first_at < now - PUBLIC_WINDOW,
                or_(PublicAttempt.locked_until.is_(None), PublicAttempt.locked_until < now),
            )
        ).rowcount
        gone += session.execute(
            delete(LoginThrottle).where(
                LoginThrottle.last_at < now - timedelta(seconds=settings.login_forget_seconds),
                or_(LoginThrottle.wait_until.is_(None), LoginThrottle.wait_until < now),
            )
        ).rowcount
        gone += session.execute(
            delete(IdempotentRequest).where(
                IdempotentRequest.created_at
                < now - timedelta(hours=settings.idempotency_keep_hours),
            )
        ).rowcount
    return gone
