"""No database work on the server's event loop.

A route or dependency that touches the database on the loop stalls every other request
for as long as it waits: for the SQLite writer lock, for a pooled connection, for the
network. When the lock is held by a thread-pool request whose session only the blocked
loop can close, it waits out the lock's timeout while `/healthz` and SIGTERM go unanswered
(issue 9, fault 1). So database work runs in the thread pool (plain `def` routes and
dependencies, or `run_in_threadpool`), and this guard makes a slip loud: a statement or a
transaction begun on the app's loop raises instead of freezing the process.
"""

import asyncio
import weakref
from typing import Any

from sqlalchemy import Engine, event

_LOOPS: "weakref.WeakSet[asyncio.AbstractEventLoop]" = weakref.WeakSet()


class DatabaseOnEventLoop(RuntimeError):
    pass


def guard_running_loop() -> None:
    """Called by the app's lifespan: database work on this loop is refused from now on."""
    _LOOPS.add(asyncio.get_running_loop())


def on_guarded_loop() -> bool:
    loop = asyncio._get_running_loop()  # the C fast path: no exception when there is none
    return loop is not None and loop in _LOOPS


def _refuse_on_loop(*_args: Any, **_kwargs: Any) -> None:
    if on_guarded_loop():
        raise DatabaseOnEventLoop("database work on the event loop: run it in the thread pool")


def install(engine: Engine) -> None:
    # "begin" fires before the SQLite writer lock is taken (sqlite_writes listens after us).
    event.listen(engine, "begin", _refuse_on_loop)
    event.listen(engine, "before_cursor_execute", _refuse_on_loop)
