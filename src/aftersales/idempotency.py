"""Stored answers for retried POSTs that carry an Idempotency-Key."""

import hashlib
from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any

from fastapi import Header
from pydantic import BaseModel
from sqlalchemy import JSON, String, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from aftersales.db import Base, FastInsert, UTCDateTime, utcnow
from aftersales.errors import Conflict, DomainError
from aftersales.group_commit import Later, grouped, writes
from aftersales.responses import JSONBytes

KEY_MAX_LENGTH = 200
IdempotencyKey = Annotated[str | None, Header(max_length=KEY_MAX_LENGTH)]


class IdempotentRequest(Base):
    __tablename__ = "idempotent_request"
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    route: Mapped[str] = mapped_column(String(60), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[int]
    response: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class IdempotencyKeyReused(Conflict):
    code = "idempotency_key_reused"
    message_en = "This Idempotency-Key was already used for a different request"


def body_hash(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def replay(session: Session, *, key: str, route: str, digest: str) -> IdempotentRequest | None:
    row = session.execute(
        select(IdempotentRequest).where(
            IdempotentRequest.key == key, IdempotentRequest.route == route
        )
    ).scalar_one_or_none()
    if row is not None and row.request_hash != digest:
        raise IdempotencyKeyReused(field="Idempotency-Key")
    return row


def remember(
    session: Session, *, key: str, route: str, digest: str, status: int, response: dict[str, Any]
) -> None:
    # One plain INSERT: this runs on every retried-safe POST.
    _INSERT.run(
        session,
        {
            "key": key,
            "route": route,
            "request_hash": digest,
            "status": status,
            "response": response,
            "created_at": utcnow(),
        },
    )


_INSERT = FastInsert(IdempotentRequest.__table__, deferrable=True)


def create_once(
    session: Session,
    *,
    key: str | None,
    route: str,
    digest: str,
    create: Callable[[], dict[str, Any]],
    on_collision: Callable[[], Exception] | None = None,
) -> tuple[dict[str, Any], int]:
    """The one idempotent POST: do the work and remember its answer in one transaction;
    when it fails (a refusal, or a unique index hit by a retry racing in), answer what the
    first request with this key answered, if there was one.

    The common case is a new key, so nothing is looked up before the work. `on_collision`
    names the refusal to raise for a unique-index hit that is not a retry. In a group
    (group_commit) the writer commits, and on any error writes each request again alone."""
    if grouped(session):
        answer = create()
        if key:
            remember(session, key=key, route=route, digest=digest, status=201, response=answer)
        return answer, 201
    try:
        answer = create()
        if key:
            remember(session, key=key, route=route, digest=digest, status=201, response=answer)
        session.commit()
    except (DomainError, IntegrityError) as exc:
        session.rollback()
        stored = replay(session, key=key, route=route, digest=digest) if key else None
        if stored is not None:
            return stored.response, stored.status
        if isinstance(exc, IntegrityError) and on_collision is not None:
            raise on_collision() from None
        raise
    return answer, 201


def answer_once(
    session: Session,
    *,
    key: str | None,
    route: str,
    body: BaseModel,
    create: Callable[[], dict[str, Any]],
    on_collision: Callable[[], Exception] | None = None,
    scope: str = "",
) -> JSONBytes | Later[JSONBytes]:
    """`create_once` for a JSON POST: a retry must repeat the body, and `scope` (the path's
    own key, where the route has one) with it. At an intake door the checks before this
    call are read in the group's reading phase and the work waits for its write phase."""
    digest = body_hash(scope.encode() + body.model_dump_json().encode())

    def answer() -> JSONBytes:
        made, status = create_once(
            session, key=key, route=route, digest=digest, create=create, on_collision=on_collision
        )
        return JSONBytes(made, status_code=status)

    return writes(session, answer)
