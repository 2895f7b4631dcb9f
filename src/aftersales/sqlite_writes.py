"""One SQLite writer at a time, queued in the kernel rather than in SQLite's busy loop.

SQLite allows one writer. When writers collide, SQLite's busy handler sleeps in steps of up
to 100 ms, which under a burst of concurrent POSTs turns 1 ms transactions into multi-second
tails (measured: p99 2.8 s at concurrency 8). So a write transaction first takes a
`flock` on a lock file beside the database (shared by every process on the machine) and a
thread lock: waiters queue and wake the moment the writer commits. Read-only requests
(GET/HEAD) begin a plain deferred transaction and never wait: WAL lets them read alongside
the writer.
"""

import fcntl
import os
import threading
from contextvars import ContextVar
from typing import Any

from sqlalchemy import Engine, event

# Requests set this from their method; CLI commands and jobs keep the safe default.
write_intent: ContextVar[bool] = ContextVar("write_intent", default=True)
LOCK_WAIT_SECONDS = 30


class WriterLockTimeout(TimeoutError):
    """Another writer held SQLite past the wait: the request answers 503 (see outages)."""


class WriterLock:
    def __init__(self, db_path: str) -> None:
        self._thread_lock = threading.Lock()
        self._fd = os.open(f"{db_path}.writelock", os.O_CREAT | os.O_RDWR, 0o600)
        self._holders: set[int] = set()

    def acquire(self, dbapi_connection: Any) -> None:
        if id(dbapi_connection) in self._holders:
            return
        # A thread that already writes on another connection would wait for itself forever;
        # fail loudly instead.
        if not self._thread_lock.acquire(timeout=LOCK_WAIT_SECONDS):
            raise WriterLockTimeout("waited too long for the SQLite writer lock")
        fcntl.flock(self._fd, fcntl.LOCK_EX)
        self._holders.add(id(dbapi_connection))

    def release(self, dbapi_connection: Any) -> None:
        if id(dbapi_connection) not in self._holders:
            return
        self._holders.discard(id(dbapi_connection))
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        self._thread_lock.release()


def install(engine: Engine, db_path: str) -> None:
    lock = WriterLock(db_path)
    dialect = engine.dialect
    plain_commit, plain_rollback = dialect.do_commit, dialect.do_rollback

    def begin(conn: Any) -> None:
        dbapi_connection = conn.connection.dbapi_connection
        if not write_intent.get():
            conn.exec_driver_sql("BEGIN")
            return
        lock.acquire(dbapi_connection)
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            lock.release(dbapi_connection)
            raise

    def commit_then_release(dbapi_connection: Any) -> None:
        try:
            plain_commit(dbapi_connection)
        finally:
            lock.release(dbapi_connection)

    def rollback_then_release(dbapi_connection: Any) -> None:
        try:
            plain_rollback(dbapi_connection)
        finally:
            lock.release(dbapi_connection)

    event.listen(engine, "begin", begin)
    # A connection that goes back to the pool, or away, never keeps the lock.
    for name in ("checkin", "close", "invalidate", "close_detached"):
        event.listen(engine.pool, name, lambda dbapi_connection, *_: lock.release(dbapi_connection))
    dialect.do_commit = commit_then_release  # type: ignore[method-assign]
    dialect.do_rollback = rollback_then_release  # type: ignore[method-assign]


class WriteIntentMiddleware:
    """Marks GET/HEAD requests read-only for the SQLite writer lock."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        token = write_intent.set(scope["method"] not in ("GET", "HEAD"))
        try:
            await self.app(scope, receive, send)
        finally:
            write_intent.reset(token)
