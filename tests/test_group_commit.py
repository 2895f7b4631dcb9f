"""The group writer of the intake doors (aftersales/group_commit.py): requests that arrive
together read in one read-only transaction and write in one more, each is answered only once
it is committed, and a refusal in a group costs the others nothing."""

import asyncio
import json
import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from aftersales import idempotency
from aftersales.audit import service as audit
from aftersales.audit.models import Event
from aftersales.complaints.models import Complaint
from aftersales.db import READ_ONLY, WriteWhileReadOnly
from aftersales.errors import InvalidInput
from aftersales.group_commit import GroupWriter, writes
from aftersales.notify.models import OutboxMessage
from tests.complaints.factories import complaint_body
from tests.conftest import token_for


def _run(coroutine):  # noqa: ANN001, ANN202
    # In a thread of its own: the browser tests' sync Playwright leaves this thread's event
    # loop running, and asyncio.run() refuses to nest.
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _events(factory: sessionmaker[Session], action: str) -> set[int]:
    with factory() as db:
        return set(
            db.scalars(
                select(Event.entity_id).where(Event.entity == "test", Event.action == action)
            )
        )


def _the_second(act):  # noqa: ANN001, ANN202
    """A `then` for `_requests`: the second request (number 1) does `act` to its session."""
    return lambda db, n: act(db) if n == 1 else None


def _each_event(factory: sessionmaker[Session], action: str) -> list[int]:
    """The numbers of the test events `action`, one for each row (a number twice if written
    twice)."""
    with factory() as db:
        return sorted(db.scalars(select(Event.entity_id).where(Event.action == action)))


def _held_group(writer: GroupWriter, works: list) -> list[asyncio.Future]:  # noqa: ANN001
    """Submit `works` while the writer is held by a first request, so that they form one
    group; the requests, to be awaited on the running loop."""
    hold = threading.Event()
    plug = asyncio.ensure_future(writer.write(lambda _db: hold.wait(10)))

    async def release() -> None:
        await asyncio.sleep(0.05)  # the writer has taken the plug and waits in it
        tasks = [asyncio.ensure_future(writer.write(work)) for work in works]
        await asyncio.sleep(0)  # every request is queued behind the plug
        hold.set()
        await plug
        return tasks

    return release()


async def _together(writer: GroupWriter, works: list) -> list:  # noqa: ANN001
    return await asyncio.gather(*await _held_group(writer, works), return_exceptions=True)


def _requests(action: str, count: int, then=lambda _db, _n: None, read=lambda _db, _n: None):  # noqa: ANN001, ANN202
    """`count` requests shaped as a door's: each does `read` (its checks), then, as its write,
    the event `action` for its number and `then` (refuse, commit, fail), and answers its
    number."""

    def request(n: int):  # noqa: ANN202
        def work(db: Session):  # noqa: ANN202
            read(db, n)

            def write() -> int:
                audit.record_now(db, "test", n, action, actor=None)
                then(db, n)
                return n

            return writes(db, write)

        return work

    return [request(n) for n in range(count)]


def test_requests_arriving_together_share_one_commit_and_are_answered_after_it(factory):
    writer = GroupWriter(factory)
    sessions: list[Session] = []
    requests = _requests("grouped", 6, then=lambda db, _n: sessions.append(db))

    async def run() -> list[tuple[int, bool]]:
        tasks = await _held_group(writer, requests)
        seen = []
        for answer in asyncio.as_completed(tasks):
            n = await answer
            seen.append((n, n in _events(factory, "grouped")))  # committed when answered
        return seen

    seen = _run(run())
    assert sorted(n for n, _ in seen) == list(range(6))
    assert all(committed for _, committed in seen)
    assert len({id(db) for db in sessions}) == 1  # one session, one transaction for the six
    assert _events(factory, "grouped") == set(range(6))


def test_a_refused_request_in_a_group_gets_its_refusal_and_leaves_nothing(factory):
    writer = GroupWriter(factory)

    def refuse_the_third(_db: Session, n: int) -> None:
        if n == 2:
            raise InvalidInput("not this one", field="n")

    results = _run(_together(writer, _requests("refusal", 5, then=refuse_the_third)))
    assert [r for r in results if not isinstance(r, Exception)] == [0, 1, 3, 4]
    refused = results[2]
    assert isinstance(refused, InvalidInput) and refused.field == "n"
    assert _events(factory, "refusal") == {0, 1, 3, 4}


def test_a_request_refused_while_reading_is_answered_alone_and_the_rest_write_together(
    factory,
):
    writer = GroupWriter(factory)
    sessions: list[Session] = []

    def refuse_the_second(_db: Session, n: int) -> None:
        if n == 1:
            raise InvalidInput("not this one", field="n")

    requests = _requests(
        "refused-reading", 4, then=lambda db, _n: sessions.append(db), read=refuse_the_second
    )
    results = _run(_together(writer, requests))
    assert isinstance(results[1], InvalidInput) and results[1].field == "n"
    assert [results[0], results[2], results[3]] == [0, 2, 3]
    assert len({id(db) for db in sessions}) == 1  # the other three: one write transaction
    assert _events(factory, "refused-reading") == {0, 2, 3}


def test_reading_takes_no_writer_lock_and_refuses_writes(factory):
    """While a group reads, another writer may write (on SQLite the lock is free); a request
    that writes while reading is refused there and written on its own, once."""
    writer = GroupWriter(factory)
    others: list[int] = []

    def another_writer_meanwhile(_db: Session, n: int) -> None:
        if n == 0:
            with ThreadPoolExecutor(1) as pool:  # another thread, as another request would
                others.append(pool.submit(_write_event, factory, 99).result(timeout=5))

    def write_while_reading(db: Session, n: int) -> None:
        another_writer_meanwhile(db, n)
        if n == 1:
            audit.record_now(db, "test", n, "early", actor=None)

    requests = _requests("after-reading", 3, read=write_while_reading)
    assert _run(_together(writer, requests)) == [0, 1, 2]
    assert others == [99]
    assert _events(factory, "after-reading") == {0, 1, 2}
    assert _events(factory, "early") == {1}  # written once, by the lone request


def _write_event(factory: sessionmaker[Session], n: int) -> int:
    with factory() as db:
        audit.record_now(db, "test", n, "meanwhile", actor=None)
        db.commit()
    return n


def test_a_write_while_reading_is_refused(factory):
    with factory() as db:
        db.info[READ_ONLY] = True
        with pytest.raises(WriteWhileReadOnly):
            audit.record_now(db, "test", 1, "refused", actor=None)


def test_a_request_that_commits_in_a_group_is_written_once(factory):
    """Only the writer commits a group: a request's own commit there is refused, and the
    group is written again one by one, where that request may commit (a lone door does)."""
    writer = GroupWriter(factory)
    requests = _requests("own-commit", 3, then=_the_second(Session.commit))
    assert _run(_together(writer, requests)) == [0, 1, 2]
    assert _each_event(factory, "own-commit") == [0, 1, 2]


def test_a_request_that_rolls_the_group_back_loses_nothing_of_the_others(factory):
    """A rollback inside a group would drop the writes before it: the group is written
    again one by one, where only that request's own work is rolled back."""
    writer = GroupWriter(factory)
    requests = _requests("rolled-back", 3, then=_the_second(Session.rollback))
    assert _run(_together(writer, requests)) == [0, 1, 2]
    assert _each_event(factory, "rolled-back") == [0, 2]


def test_a_rollback_while_reading_leaves_the_answered_alone_and_writes_the_rest(factory):
    writer = GroupWriter(factory)
    reads: list[int] = []

    def only_reads(_db: Session) -> str:
        reads.append(1)
        return "read"

    def roll_back_while_reading(db: Session, n: int) -> None:
        if n == 0:
            db.rollback()

    requests = _requests("after-rollback", 2, read=roll_back_while_reading)
    assert _run(_together(writer, [only_reads, *requests])) == ["read", 0, 1]
    assert reads == [1]  # answered once, not read again
    assert _each_event(factory, "after-rollback") == [0, 1]


def test_a_retry_in_the_same_group_gets_the_first_answer(factory):
    """Two requests with one Idempotency-Key in one group: one write, one answer for both."""
    writer = GroupWriter(factory)
    calls = iter(range(100, 200))

    def work(db: Session) -> dict:
        def create() -> dict:
            n = next(calls)
            audit.record_now(db, "test", n, "retried", actor=None)
            return {"n": n}

        return writes(
            db,
            lambda: idempotency.create_once(
                db, key="same-key", route="test", digest="same-body", create=create
            )[0],
        )

    first, second = _run(_together(writer, [work, work]))
    assert first == second
    assert _events(factory, "retried") == {first["n"]}


class _Unusual(BaseException):
    """Not an Exception: what a group does not expect."""


def test_an_unexpected_failure_answers_every_request_and_the_writer_goes_on(factory):
    writer = GroupWriter(factory)

    def fail_the_second(_db: Session, n: int) -> None:
        if n == 1:
            raise _Unusual()

    results = _run(_together(writer, _requests("unusual", 3, then=fail_the_second)))
    assert all(isinstance(r, _Unusual) for r in results)  # answered, none left waiting
    assert _events(factory, "unusual") == set()  # and nothing of the group written
    assert _run(writer.write(lambda _db: "next")) == "next"


def test_the_thread_ends_when_quiet_and_comes_back_with_the_next_request(factory):
    writer = GroupWriter(factory, idle_seconds=0.05)
    assert _run(writer.write(lambda _db: 1)) == 1
    for _ in range(100):
        if writer._thread is None:
            break
        threading.Event().wait(0.02)
    assert writer._thread is None
    assert _run(writer.write(lambda _db: 2)) == 2


def test_concurrent_complaints_each_get_their_case_event_and_message(client):
    """Through the real door: 40 complaints at once, each its own answer and its own rows."""
    headers = token_for(client, "admin") | {"Content-Type": "application/json"}
    app = client.app

    async def post_all() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
            bodies = [complaint_body() for _ in range(40)]
            return await asyncio.gather(
                *(
                    c.post("/api/v1/complaints", content=json.dumps(b), headers=headers)
                    for b in bodies
                )
            )

    answers = _run(post_all())
    assert [a.status_code for a in answers] == [201] * 40, answers[0].text
    ids = {a.json()["id"] for a in answers}
    codes = [a.json()["tracking_code"] for a in answers]
    assert len(ids) == 40
    with Session(app.state.engine) as db:
        assert db.scalar(select(func.count()).where(Complaint.id.in_(ids))) == 40
        registered = db.scalars(
            select(Event.entity_id).where(
                Event.entity == "complaint", Event.action == "registered", Event.entity_id.in_(ids)
            )
        ).all()
        assert sorted(registered) == sorted(ids)  # one event each
        sms = db.scalars(select(OutboxMessage.body).where(OutboxMessage.channel == "sms")).all()
        assert all(sum(code in body for body in sms) == 1 for code in codes)
