"""Group commit for the intake doors: one writer thread per process writes the requests that
arrive while it is busy in one transaction, and answers each only after that commit.

A request's work is the same function as on its own (the door's endpoint, given a session);
what a group saves is the transaction around it: one BEGIN, one COMMIT, one session and one
pooled connection for the whole group, and on SQLite one turn at the writer lock (measured in
docs/benchmarks.md).

A group is written in two phases. First every request runs read-only: its log-in check,
look-ups and checks, up to its write, which it hands over as `Later` (`writes`; the
idempotent POST does it for the doors). Then the writer runs each request's write. On SQLite
the reading is a transaction of its own, without the writer lock, and the writes another
that takes it: so the lock is held for the writes alone and not for the reads of every
request of the group, which, with two processes taking turns at SQLite's one writer, is
what bounded the complaint door. On PostgreSQL both phases are one transaction.

Refusals are rare at these doors. A request refused while reading, or that tried to write
then, is written on its own afterwards, so its answer is exactly a lone request's. The write
phase is all or nothing: when any write raises, or the commit fails, it is rolled back and
every request of it is written again on its own, so each gets its own answer or refusal and
nothing of a refused request stays. Inside a group `idempotency.create_once` neither commits
nor rolls back (`grouped`); the writer does. The thread starts with the first request and
ends after a quiet while.
"""

import asyncio
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, Generic, TypeVar

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction, sessionmaker

from aftersales.db import READ_ONLY, hold_inserts, write_held
from aftersales.shared_cache import versions_kept
from aftersales.sqlite_writes import write_intent

GROUPED = "aftersales.grouped"
_READING, _WRITING, _COMMITTING = "reading", "writing", "committing"
_BROKEN = "aftersales.group_broken"
MAX_GROUP = 32  # more waiting than this: the next group takes them
IDLE_SECONDS = 5.0
R = TypeVar("R")


def in_group(session: Session) -> bool:
    """Whether the session is a group's (reading or writing)."""
    return session.info.get(GROUPED) in (_READING, _WRITING)


def grouped(session: Session) -> bool:
    """Whether the session writes a group, whose commit is the writer's."""
    return session.info.get(GROUPED) == _WRITING


@dataclass(frozen=True)
class Later(Generic[R]):
    """The rest of a request, for its group's write transaction."""

    run: Callable[[], R]


def writes(session: Session, write: Callable[[], R]) -> R | Later[R]:
    """`write()` now, or, in a group's reading phase, later in the group's write transaction."""
    if session.info.get(GROUPED) == _READING:
        return Later(write)
    return write()


@event.listens_for(Session, "before_commit")
def _only_the_writer_commits(session: Session) -> None:
    # A request committing inside a group would make the group's work permanent before the
    # group is known to be good, and then be written twice if the group is written again.
    if session.info.get(GROUPED) in (_READING, _WRITING):
        raise RuntimeError("a request inside a group committed; the group writer commits")


@event.listens_for(Session, "after_transaction_end")
def _mark_a_lost_transaction(session: Session, transaction: SessionTransaction) -> None:
    # A request rolling the group's transaction back would drop the writes of those before
    # it, and the next statement would begin another: the group is written again instead.
    if transaction.parent is None and session.info.get(GROUPED) in (_READING, _WRITING):
        session.info[_BROKEN] = True


@dataclass
class _Request:
    work: Callable[[Session], Any]
    loop: asyncio.AbstractEventLoop
    future: asyncio.Future[Any]

    def answer(self, result: Any = None, error: BaseException | None = None) -> None:
        _on_loop(self.loop, lambda: self.settle(result, error))

    def settle(self, result: Any, error: BaseException | None = None) -> None:
        """On the request's loop."""
        if self.future.done():  # the caller went away; its write stands
            return
        if error is not None:
            self.future.set_exception(error)
        else:
            self.future.set_result(result)


def _on_loop(loop: asyncio.AbstractEventLoop, call: Callable[[], None]) -> None:
    try:
        loop.call_soon_threadsafe(call)
    except RuntimeError:  # that loop has closed (a test client's)
        pass


def _answer_together(answers: list[tuple[_Request, Any]]) -> None:
    """Wake each loop once for all its answers: a wake-up is a system call."""
    by_loop: dict[asyncio.AbstractEventLoop, list[tuple[_Request, Any]]] = {}
    for request, result in answers:
        by_loop.setdefault(request.loop, []).append((request, result))
    for loop, theirs in by_loop.items():
        _on_loop(loop, partial(_settle_all, theirs))


def _settle_all(answers: list[tuple[_Request, Any]]) -> None:
    for request, result in answers:
        request.settle(result)


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
        session = self._factory()
        try:
            pending, alone = self._read(session, group)
            results = self._together(session, pending) if pending else []
        finally:
            session.close()
        if results is None:
            alone += [request for request, _later in pending]
        else:
            requests = [request for request, _later in pending]
            _answer_together(list(zip(requests, results, strict=True)))
        for request in alone:
            self._alone(request)

    def _read(
        self, session: Session, group: list[_Request]
    ) -> tuple[list[tuple[_Request, Later[Any]]], list[_Request]]:
        """Every request up to its write, in one read-only transaction: those with a write
        to make, and those to be written on their own (refused or writing while reading)."""
        pending: list[tuple[_Request, Later[Any]]] = []
        alone: list[_Request] = []
        self._begin(session, _READING)
        session.info[READ_ONLY] = True
        for index, request in enumerate(group):
            try:
                result = request.work(session)
            except Exception:  # noqa: BLE001 - a refusal: its own answer, on its own
                alone.append(request)
                continue
            if session.info.get(_BROKEN):  # the transaction was lost: the rest on their own
                return [], [r for r, _later in pending] + alone + group[index:]
            if isinstance(result, Later):
                pending.append((request, result))
            else:
                request.answer(result)  # it wrote nothing: read, or refused as a response
        del session.info[READ_ONLY]
        self._end_reading(session)
        return pending, alone

    def _together(self, session: Session, pending: list[tuple[_Request, Later[Any]]]) -> Any:
        """The writes in one transaction: their results, or None when it was rolled back."""
        try:
            self._begin(session, _WRITING)
            hold_inserts(session)  # events, messages, queue rows: a table's rows in one go
            results = [later.run() for _request, later in pending]
            if session.info.get(_BROKEN):
                raise RuntimeError("a request ended the group's transaction")
            write_held(session)
            session.info[GROUPED] = _COMMITTING
            session.commit()
        except Exception:  # noqa: BLE001 - any refusal or conflict: each on its own again
            session.info[GROUPED] = _COMMITTING
            session.rollback()
            return None
        return results

    def _begin(self, session: Session, phase: str) -> None:
        session.info[GROUPED] = phase
        token = write_intent.set(phase == _WRITING)  # reading: no SQLite writer lock
        try:
            session.connection()
        finally:
            write_intent.reset(token)

    def _end_reading(self, session: Session) -> None:
        if session.get_bind().dialect.name != "sqlite":
            return  # no writer lock to spare: the writes follow in the same transaction
        session.info[GROUPED] = _COMMITTING
        with versions_kept(session):  # read once for the group's two transactions
            session.commit()  # nothing written: ends the read; the loaded objects stay

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
