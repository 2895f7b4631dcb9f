"""Group commit for the intake doors: one writer thread per process writes the requests that
arrive while it is busy in one transaction, and answers each only after that commit.

A request's work is the same function as on its own (the door's endpoint, given a session);
what a group saves is the transaction around it: one BEGIN, one COMMIT, one session and one
pooled connection for the whole group, and on SQLite one turn at the writer lock (measured in
docs/benchmarks.md). Refusals are rare at these doors, so a group is all or nothing: when any
request of it raises, or the commit fails, the transaction is rolled back and every request
of the group is written again on its own, exactly as a lone request is, so each gets its own
answer or refusal and nothing of a refused request stays.

Inside a group `idempotency.create_once` neither commits nor rolls back (`grouped`); the
writer does. The thread starts with the first request and ends after a quiet while.
"""

import asyncio
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

GROUPED = "aftersales.grouped"
_COMMITTING = "committing"
MAX_GROUP = 32  # more waiting than this: the next group takes them
IDLE_SECONDS = 5.0


def grouped(session: Session) -> bool:
    """Whether the session writes a group, whose commit is the writer's."""
    return bool(session.info.get(GROUPED))


@event.listens_for(Session, "before_commit")
def _only_the_writer_commits(session: Session) -> None:
    # A request committing inside a group would make the group's work permanent before the
    # group is known to be good, and then be written twice if the group is written again.
    if session.info.get(GROUPED) is True:
        raise RuntimeError("a request inside a group committed; the group writer commits")


@dataclass
class _Request:
    work: Callable[[Session], Any]
    loop: asyncio.AbstractEventLoop
    future: asyncio.Future[Any]

    def answer(self, result: Any = None, error: BaseException | None = None) -> None:
        def settle() -> None:
            if self.future.done():  # the caller went away; its write stands
                return
            if error is not None:
                self.future.set_exception(error)
            else:
                self.future.set_result(result)

        try:
            self.loop.call_soon_threadsafe(settle)
        except RuntimeError:  # that loop has closed (a test client's)
            pass


class GroupWriter:
    def __init__(
        self,
        session_factory: sessionmaker[Session],
        *,
        max_group: int = MAX_GROUP,
        idle_seconds: float = IDLE_SECONDS,
    ) -> None:
        self._factory = session_factory
        self._max_group = max_group
        self._idle_seconds = idle_seconds
        self._waiting: queue.SimpleQueue[_Request] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    async def write(self, work: Callable[[Session], Any]) -> Any:
        """Run `work(session)` in the next group; its result once the group has committed."""
        loop = asyncio.get_running_loop()
        request = _Request(work, loop, loop.create_future())
        self._waiting.put(request)
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._serve, name="aftersales-group-commit", daemon=True
                )
                self._thread.start()
        return await request.future

    def _serve(self) -> None:
        while True:
            try:
                first = self._waiting.get(timeout=self._idle_seconds)
            except queue.Empty:
                with self._lock:  # a request put in meanwhile keeps the thread
                    if self._waiting.empty():
                        self._thread = None
                        return
                continue
            group = self._group_from(first)
            try:
                self._write(group)
            except BaseException as exc:  # noqa: BLE001 - never leave a request unanswered
                for request in group:
                    request.answer(error=exc)  # those answered already keep their answer

    def _group_from(self, first: _Request) -> list[_Request]:
        group = [first]
        while len(group) < self._max_group:
            try:
                group.append(self._waiting.get_nowait())
            except queue.Empty:
                break
        return group

    def _write(self, group: list[_Request]) -> None:
        results = self._together(group) if len(group) > 1 else None
        if results is None:
            for request in group:
                self._alone(request)
            return
        for request, result in zip(group, results, strict=True):
            request.answer(result)

    def _together(self, group: list[_Request]) -> list[Any] | None:
        session = self._factory()
        session.info[GROUPED] = True
        try:
            results = [request.work(session) for request in group]
            session.info[GROUPED] = _COMMITTING
            session.commit()
        except Exception:  # noqa: BLE001 - any refusal or conflict: each on its own again
            session.rollback()
            return None
        finally:
            session.close()
        return results

    def _alone(self, request: _Request) -> None:
        session = self._factory()
        try:
            result = request.work(session)
            session.commit()  # a door commits in create_once; whatever else the work wrote, here
        except BaseException as exc:  # noqa: BLE001 - the request's own refusal, its answer
            request.answer(error=exc)
        else:
            request.answer(result)
        finally:
            session.close()
