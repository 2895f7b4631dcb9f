"""Run a replay over the stored requests of past claims: a set-based read in id ranges
(keyset on the primary key), decided in this process for a small run or in worker
processes (a process pool, one id range per task) for a big one. Each worker opens its own
connection and reads its own ranges, so no request crosses a pipe; only the tallies do."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from multiprocessing import get_all_start_methods, get_context
from typing import Any

from sqlalchemy import Engine, Text, and_, cast, func, not_, or_, select
from sqlalchemy.orm import Session

from aftersales.claims.models import Claim
from aftersales.policy import PolicySet, load_policy_texts
from aftersales.policy.calendar import RememberingCalendar
from aftersales.policy.periods import WorkdayCalendar
from aftersales.policysets.compare import Replayer, Tally, same_answers

RANGE = 20_000  # claim ids per read (and per task of a worker)
POOL_FROM = 40_000  # claims to decide before worker processes pay for their start


@dataclass(frozen=True)
class Window:
    """Which claims a replay reads: opened since `since`, but not those of a category and
    problem both sets decide alike (`skip`: category -> problem codes)."""

    since: datetime
    skip: dict[str, frozenset[str]]

    def where(self) -> list[Any]:
        found = [Claim.opened_at >= self.since]
        if self.skip:
            found.append(
                not_(
                    or_(
                        *(
                            and_(Claim.category == category, Claim.problem.in_(sorted(problems)))
                            for category, problems in sorted(self.skip.items())
                        )
                    )
                )
            )
        return found


def _rows(connection: Any, window: Window, lo: int, hi: int) -> Iterator[tuple[int, str]]:
    stmt = select(Claim.id, cast(Claim.policy_request, Text)).where(
        Claim.id > lo, Claim.id <= hi, *window.where()
    )
    yield from connection.execute(stmt.order_by(Claim.id)).tuples()


def ranges(session: Session, window: Window) -> tuple[int, list[tuple[int, int]]]:
    """How many claims the window holds, and the id ranges covering those to decide."""
    since = Claim.opened_at >= window.since
    total = session.execute(select(func.count()).where(since)).scalar_one()
    stmt = select(func.min(Claim.id), func.max(Claim.id), func.count()).where(*window.where())
    lo, hi, count = session.execute(stmt).one()
    if not count:
        return total, []
    return total, [(start, min(start + RANGE, hi)) for start in range(lo - 1, hi, RANGE)]


def run(
    session: Session,
    *,
    before: PolicySet,
    after: PolicySet,
    before_files: dict[str, str],
    after_files: dict[str, str],
    calendar: WorkdayCalendar,
    since: datetime,
    workers: int | None = None,
    prune: bool = True,
) -> tuple[int, Tally, int]:
    """Answer (claims in the window, the tally, worker processes used). workers None: all
    cores for a big run, this process for a small one."""
    window = Window(since, same_answers(before, after) if prune else {})
    total, parts = ranges(session, window)
    span = sum(hi - lo for lo, hi in parts)
    if workers is None:
        workers = (os.cpu_count() or 1) if span >= POOL_FROM else 1
    workers = max(1, min(workers, len(parts)))
    tally = Tally()
    if workers == 1:
        replayer = Replayer(before, after, RememberingCalendar(calendar))
        connection = session.connection()
        for lo, hi in parts:
            tally.add(replayer.run(_rows(connection, window, lo, hi)))
        return total, tally, 1
    bind = session.get_bind()
    url = bind.engine.url.render_as_string(hide_password=False)
    # Forked workers start at once with the sets already loaded; a process running threads
    # (the app server) spawns fresh interpreters instead, which load the files themselves.
    forking = threading.active_count() == 1 and "fork" in get_all_start_methods()
    sets: tuple[Any, Any] = (before, after) if forking else (before_files, after_files)
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=get_context("fork" if forking else "spawn"),
        initializer=_start_worker,
        initargs=(url, *sets, calendar, window),
    ) as pool:
        for part in pool.map(_run_range, parts):
            tally.add(part)
    return total, tally, workers


# One worker process's state, set once by _start_worker.
_worker: dict[str, Any] = {}


def _start_worker(
    url: str,
    before: PolicySet | dict[str, str],
    after: PolicySet | dict[str, str],
    calendar: WorkdayCalendar,
    window: Window,
) -> None:
    from aftersales.db import make_engine
    from aftersales.sqlite_writes import write_intent

    write_intent.set(False)  # a worker only reads: never queue for the SQLite writer lock
    _worker["engine"] = make_engine(url)
    _worker["window"] = window
    _worker["replayer"] = Replayer(
        before if isinstance(before, PolicySet) else load_policy_texts(before),
        after if isinstance(after, PolicySet) else load_policy_texts(after),
        RememberingCalendar(calendar),
    )


def _run_range(part: tuple[int, int]) -> Tally:
    engine: Engine = _worker["engine"]
    with engine.connect() as connection:
        return _worker["replayer"].run(_rows(connection, _worker["window"], *part))  # type: ignore[no-any-return]
