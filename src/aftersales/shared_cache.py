"""Process caches that every app process invalidates at once.

Codes, the ladder's people, the holiday table and users change a few times a day and are
read on every request, so each process keeps a copy. A copy is good only while the row of
its name in `cache_version` holds the number it was loaded under: a change writes a new
random number in the same transaction, so the next request in any process, on any host
sharing the database, reloads. Random rather than counted: a transaction that changed a
name and then rolled back leaves a number nobody will ever write again, so a value loaded
inside it can never be mistaken for a later one. A request reads the version numbers once
(one tiny table, one query) and remembers them until its transaction ends.
"""

import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Generic, TypeVar

from sqlalchemy import BigInteger, Engine, String, event, insert, select, update
from sqlalchemy.orm import Mapped, Session, SessionTransaction, mapped_column

from aftersales.db import Base

T = TypeVar("T")
_MEMO = "cache_versions"
# The names in use: one for the organisation (stores, counters, categories, users: codes,
# the ladder's people, logged-in principals), one for the holiday table.
ORG = "org"
CALENDAR = "calendar"
# The policy set in force (policysets: a version activated in the console).
POLICY = "policy_set"


class CacheVersion(Base):
    __tablename__ = "cache_version"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0)


def _versions(session: Session) -> dict[str, int]:
    memo = session.info.get(_MEMO)
    if memo is None:
        memo = session.info[_MEMO] = dict(
            session.execute(select(CacheVersion.name, CacheVersion.version)).tuples().all()
        )
    return memo


def session_versions(session: Session) -> dict[str, int]:
    """The numbers as this session's transaction sees them (read once per transaction)."""
    return _versions(session)


def read_versions(engine: Engine) -> dict[str, int]:
    """The numbers as they stand, read outside any transaction: one statement on a pooled
    connection, without a session's begin and end (the request's log-in check runs this on
    every API call)."""
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        cursor.execute("SELECT name, version FROM cache_version")
        rows = cursor.fetchall()
        cursor.close()
    finally:
        connection.close()
    return {name: version for name, version in rows}


def adopt_versions(session: Session, versions: dict[str, int]) -> None:
    """Let a request's session use the numbers its log-in check read a moment earlier in
    the same request, rather than read them again. Any change committed before the request
    arrived is in them; a value loaded later is at least as new as its number."""
    if not session.in_transaction():
        session.info[_MEMO] = dict(versions)


@contextmanager
def versions_kept(session: Session) -> Iterator[None]:
    """Keep the session's numbers over the end of a transaction that wrote nothing (a
    group's reading, group_commit): what was loaded under them is as good as it was."""
    memo = session.info.get(_MEMO)
    yield
    if memo is not None:
        session.info[_MEMO] = memo


@event.listens_for(Session, "after_transaction_end")
def _forget_versions(session: Session, transaction: SessionTransaction) -> None:
    # A new transaction may see newer numbers; read them again then.
    session.info.pop(_MEMO, None)


def bump(session: Session, name: str) -> None:
    """Mark `name` changed in the caller's transaction: every process reloads after commit."""
    version = secrets.randbits(62)
    result = session.execute(
        update(CacheVersion).where(CacheVersion.name == name).values(version=version)
    )
    if result.rowcount == 0:  # type: ignore[attr-defined]  # a CursorResult for an UPDATE
        session.execute(insert(CacheVersion).values(name=name, version=version))
    session.info.pop(_MEMO, None)


class SharedCache(Generic[T]):
    """One value per database, loaded by `load(session)`, valid while its version holds."""

    def __init__(self, name: str, load: Callable[[Session], T]) -> None:
        self.name = name
        self._load = load
        self._values: dict[str, tuple[int, T]] = {}

    def get(self, session: Session, *, fresh: bool = False) -> T:
        key = str(session.get_bind().engine.url)
        version = _versions(session).get(self.name, 0)
        hit = self._values.get(key)
        if not fresh and hit is not None and hit[0] == version:
            return hit[1]
        value = self._load(session)
        self._values[key] = (version, value)
        return value

    def get_at(self, engine: Engine, versions: dict[str, int], load: Callable[[], T]) -> T:
        """The value valid at `versions` (from `read_versions`), loaded by `load` if stale."""
        key = str(engine.url)
        version = versions.get(self.name, 0)
        hit = self._values.get(key)
        if hit is not None and hit[0] == version:
            return hit[1]
        value = load()
        self._values[key] = (version, value)
        return value

    def clear(self) -> None:
        """Forget this process's copies (tests that rebuild a database)."""
        self._values.clear()
