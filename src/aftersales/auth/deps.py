"""Request dependencies: the database session, the current user, role checks, CSRF."""

import asyncio
import secrets
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from aftersales.admission import admit
from aftersales.auth.models import Role, User
from aftersales.auth.principal import Principal
from aftersales.auth.service import read_token
from aftersales.errors import DomainError, Forbidden, NotAuthenticated
from aftersales.group_commit import in_group
from aftersales.shared_cache import (
    ORG,
    SharedCache,
    adopt_versions,
    read_versions,
    session_versions,
)
from aftersales.sqlite_writes import write_intent

# Logged-in users by id, kept until any user changes anywhere (see shared_cache).
_PRINCIPALS: SharedCache[dict[int, Principal | None]] = SharedCache(ORG, lambda _s: {})


# Closing a session that still holds a connection (a read, or a write whose route raised)
# rolls back and returns it to the pool, which releases the SQLite writer lock. That is
# database work, so not on the loop; and not in the request thread pool either, where it
# would queue behind requests waiting for that very lock (a deadlock until their timeout).
_CLOSER = ThreadPoolExecutor(max_workers=4, thread_name_prefix="aftersales-close")


@asynccontextmanager
async def request_session(request: Request) -> AsyncIterator[Session]:
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


async def get_db(request: Request) -> AsyncIterator[Session]:
    async with request_session(request) as session:
        yield session


Db = Annotated[Session, Depends(get_db)]


def _load_principal(request: Request, user_id: int, db: Session | None) -> Principal | None:
    # Every API call needs the user's role and scope: the cache numbers are read outside
    # any transaction (no SQLite writer lock even on a POST), and the user only on a miss.
    # The request's own session then uses the same numbers instead of reading them again.
    engine = request.app.state.engine
    if db is not None and (engine.dialect.name != "sqlite" or in_group(db)):
        # No writer lock to fear (a group reads before it writes): read them in the
        # session's own transaction, once for all the requests of a group.
        versions = session_versions(db)
    else:
        versions = read_versions(engine)
        if db is not None:
            adopt_versions(db, versions)
    known = _PRINCIPALS.get_at(engine, versions, dict)
    if user_id not in known:
        token = write_intent.set(False)
        try:
            with request.app.state.session_factory() as session:
                user = session.get(User, user_id)
                known[user_id] = Principal.of(user) if user and user.active else None
        finally:
            write_intent.reset(token)
    return known[user_id]


def _from_bearer(request: Request) -> tuple[int, int] | None:
    header = request.headers.get("authorization", "")
    if not header.lower().startswith("bearer "):
        return None
    return read_token(header[7:].strip(), request.app.state.settings)


def _from_cookie(request: Request) -> tuple[int, int] | None:
    uid = request.session.get("uid")
    return (int(uid), int(request.session.get("epoch", 0))) if uid else None


def optional_user(request: Request, db: Session | None = None) -> Principal | None:
    ident = _from_bearer(request) or _from_cookie(request)
    if ident is None:
        return None
    principal = _load_principal(request, ident[0], db)
    if principal is None or principal.epoch != ident[1]:
        return None
    request.state.principal = principal
    return principal


def current_user(request: Request, db: Session | None = None) -> Principal:
    principal = optional_user(request, db)
    if principal is None:
        raise NotAuthenticated()
    if request.method not in ("GET", "HEAD", "OPTIONS") and _from_bearer(request) is None:
        _check_csrf_header_or_form(request)
    return principal


async def _current_user_dependency(request: Request, db: Db) -> Principal:
    # The cache's version check reads the database: in the thread pool, not on the loop.
    await admit(request)
    return await run_in_threadpool(current_user, request, db)


CurrentUser = Annotated[Principal, Depends(_current_user_dependency)]


@dataclass(frozen=True)
class Caller:
    """Who is calling, by token or cookie, before the database is asked: for the intake
    doors, which look the user up in the route's own thread (`principal`), saving the
    thread-pool hop that `CurrentUser` costs (measured: a tenth of a sale's CPU). A caller
    without a valid token or cookie is still refused before the body is looked at."""

    request: Request
    user_id: int
    epoch: int

    def principal(self, db: Session) -> Principal:
        principal = _load_principal(self.request, self.user_id, db)
        if principal is None or principal.epoch != self.epoch:
            raise NotAuthenticated()
        self.request.state.principal = principal
        return principal


async def caller_of(request: Request) -> Caller:
    # Only signatures and the session cookie: CPU, no database, so on the loop.
    ident = _from_bearer(request) or _from_cookie(request)
    if ident is None:
        raise NotAuthenticated()
    if request.method not in ("GET", "HEAD", "OPTIONS") and _from_bearer(request) is None:
        _check_csrf_header_or_form(request)
    return Caller(request, *ident)


SignedIn = Annotated[Caller, Depends(caller_of)]


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
