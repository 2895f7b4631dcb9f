"""Request dependencies: the database session, the current user, role checks, CSRF."""

import asyncio
import secrets
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from aftersales.admission import admit
from aftersales.auth.models import Role, User
from aftersales.auth.principal import Principal
from aftersales.auth.service import read_token
from aftersales.errors import DomainError, Forbidden, NotAuthenticated
from aftersales.shared_cache import ORG, SharedCache
from aftersales.sqlite_writes import write_intent

# Logged-in users by id, kept until any user changes anywhere (see shared_cache).
_PRINCIPALS: SharedCache[dict[int, Principal | None]] = SharedCache(ORG, lambda _s: {})


# Closing a session that still holds a connection (a read, or a write whose route raised)
# rolls back and returns it to the pool, which releases the SQLite writer lock. That is
# database work, so not on the loop; and not in the request thread pool either, where it
# would queue behind requests waiting for that very lock (a deadlock until their timeout).
_CLOSER = ThreadPoolExecutor(max_workers=4, thread_name_prefix="aftersales-close")


async def get_db(request: Request) -> AsyncIterator[Session]:
    # Making a Session does no I/O, so this runs on the loop; the routes using it are plain
    # `def` and run in the thread pool (see loop_guard).
    await admit(request)
    session = request.app.state.session_factory()
    try:
        yield session
    finally:
        if session.in_transaction():
            closing = asyncio.get_running_loop().run_in_executor(_CLOSER, session.close)
            await asyncio.shield(closing)  # a client gone away must not leave it open
        else:
            session.close()


Db = Annotated[Session, Depends(get_db)]


def _load_principal(request: Request, user_id: int) -> Principal | None:
    # Every API call needs the user's role and scope. A read-only session (no SQLite writer
    # lock even on a POST) reads the cache versions, and the user only on a miss.
    token = write_intent.set(False)
    try:
        with request.app.state.session_factory() as session:
            known = _PRINCIPALS.get(session)
            if user_id not in known:
                user = session.get(User, user_id)
                known[user_id] = Principal.of(user) if user and user.active else None
            return known[user_id]
    finally:
        write_intent.reset(token)


def _from_bearer(request: Request) -> tuple[int, int] | None:
    header = request.headers.get("authorization", "")
    if not header.lower().startswith("bearer "):
        return None
    return read_token(header[7:].strip(), request.app.state.settings)


def _from_cookie(request: Request) -> tuple[int, int] | None:
    uid = request.session.get("uid")
    return (int(uid), int(request.session.get("epoch", 0))) if uid else None


def optional_user(request: Request) -> Principal | None:
    ident = _from_bearer(request) or _from_cookie(request)
    if ident is None:
        return None
    principal = _load_principal(request, ident[0])
    if principal is None or principal.epoch != ident[1]:
        return None
    request.state.principal = principal
    return principal


def current_user(request: Request) -> Principal:
    principal = optional_user(request)
    if principal is None:
        raise NotAuthenticated()
    if request.method not in ("GET", "HEAD", "OPTIONS") and _from_bearer(request) is None:
        _check_csrf_header_or_form(request)
    return principal


async def _current_user_dependency(request: Request) -> Principal:
    # The cache's version check reads the database: in the thread pool, not on the loop.
    await admit(request)
    return await run_in_threadpool(current_user, request)


CurrentUser = Annotated[Principal, Depends(_current_user_dependency)]


def require_role(*roles: Role):  # noqa: ANN201 - FastAPI dependency factory
    allowed = set(roles)

    async def check(user: CurrentUser) -> Principal:
        if user.role not in allowed:
            raise Forbidden()
        return user

    return check


class CsrfFailed(DomainError):
    status = 403
    code = "csrf_failed"
    message_zh = "表单已过期，请刷新页面后重试"
    message_en = "The form expired; reload the page and try again"


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(24)
        request.session["csrf"] = token
    return token


def _check_csrf_header_or_form(request: Request) -> None:
    expected = request.session.get("csrf")
    sent = request.headers.get("x-csrf-token") or getattr(request.state, "csrf_form", None)
    if not expected or not sent or not secrets.compare_digest(expected, sent):
        raise CsrfFailed()
