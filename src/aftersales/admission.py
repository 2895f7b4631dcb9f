"""Two bounds that keep a burst from stalling the event loop or deadlocking the pool.

Database slots: at most REQUEST_SLOTS requests at a time hold pooled connections; the rest
wait on the event loop, where waiting costs nothing. Without this bound a burst deadlocks:
a sync route returns while its session still holds a connection, and FastAPI then needs a
thread-pool thread to validate the answer; meanwhile every thread belongs to a newer
request waiting for a connection. Nothing moves until the pool's timeout. A request takes
its slot at its first database dependency (after its body has arrived, so a slow upload
holds none) and gives it back when its answer is sent. The writes (POST, PUT, PATCH,
DELETE) have slots of their own, one per process unless `AFTERSALES_WRITE_SLOTS` says more:
threads that write at once only contend for the process's interpreter lock (and on SQLite
take turns at its one writer lock), and the contention costs CPU. Measured at c=32 with
`serve --workers 2`: on SQLite, sales 3.8 ms of CPU a request with 8 shared slots, 2.9 ms
with one write slot; on PostgreSQL, sales 426-445 req/s (p99 160 ms, 2.95 ms CPU) with the
writes sharing the 8 slots, 580 with two write slots, 741 (p99 65 ms, 2.06 ms) with one;
complaints 344, 455 and 596 req/s. The reads keep their slots, so a slow report does not
hold up a sale. Slow work that writes (a policy replay, the monthly preparation) runs in
the worker, not in a request. The two intake doors take no slot: the process's group writer
is theirs (group_commit).

The gate: at most REQUEST_GATE requests at a time are routed and parsed. Matching a path
against the route list and validating a body take up to a millisecond of the loop each, and
a burst of 200 arriving together would do all of that in one turn of the loop while
`/healthz` waits (measured: 130-270 ms). Waiting at the gate costs microseconds, so the
loop's turns stay short. `/healthz` passes the gate.
"""

import asyncio
import weakref
from typing import Any

from starlette.requests import Request

from aftersales.db import REQUEST_SLOTS

REQUEST_GATE = 16
_KEY = "aftersales.admission"
_UNGATED = frozenset({"/healthz"})


class Admission:
    """ASGI middleware: the gate, and a holder for the request's database slot."""

    def __init__(
        self,
        app: Any,
        *,
        write_slots: int = 1,
        slots: int = REQUEST_SLOTS,
        gate: int = REQUEST_GATE,
    ) -> None:
        self.app = app
        self.slots, self.gate = slots, gate
        self.write_slots = write_slots
        # Per event loop: a semaphore belongs to the loop it first waited on (a server has
        # one loop; test clients may start several).
        self._loops: weakref.WeakKeyDictionary[Any, tuple[asyncio.Semaphore, ...]] = (
            weakref.WeakKeyDictionary()
        )

    def _semaphores(self) -> tuple[asyncio.Semaphore, ...]:
        loop = asyncio.get_running_loop()
        found = self._loops.get(loop)
        if found is None:
            reads = asyncio.Semaphore(self.slots)
            writes = asyncio.Semaphore(self.write_slots)
            found = self._loops[loop] = (asyncio.Semaphore(self.gate), reads, writes)
        return found

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        gate, reads, writes = self._semaphores()
        slots = reads if scope["method"] in ("GET", "HEAD") else writes
        holder: list[asyncio.Semaphore] = []
        scope[_KEY] = (slots, holder)
        gated = scope["path"] not in _UNGATED
        if gated:
            await gate.acquire()
        try:
            await self.app(scope, receive, send)
        finally:
            for semaphore in holder:
                semaphore.release()
            if gated:
                gate.release()


async def admit(request: Request) -> None:
    """Wait for this request's database slot (once per request; a no-op outside the
    middleware)."""
    entry = request.scope.get(_KEY)
    if entry is None:
        return
    semaphore, holder = entry
    if not holder:
        await semaphore.acquire()
        holder.append(semaphore)
