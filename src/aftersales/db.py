"""Engine, sessions and the column types every domain shares.

Money is Decimal everywhere. PostgreSQL stores it as NUMERIC(12,2); SQLite has no
exact decimal type (NUMERIC becomes a float), so there it is stored as integer fen.
Times are timezone-aware UTC on both.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    DateTime,
    Engine,
    MetaData,
    Numeric,
    create_engine,
    event,
)
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

from aftersales import loop_guard, sqlite_writes
from aftersales.errors import check_version

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

CENT = Decimal("0.01")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def to_money(value: Any) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


class Money(TypeDecorator[Decimal]):
    impl = Numeric(12, 2)
    cache_ok = True

    def load_dialect_impl(self, dialect: Any) -> Any:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(BigInteger())
        return dialect.type_descriptor(Numeric(12, 2, asdecimal=True))

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        if value is None:
            return None
        money = to_money(value)
        return int(money * 100) if dialect.name == "sqlite" else money

    def process_result_value(self, value: Any, dialect: Any) -> Decimal | None:
        if value is None:
            return None
        if dialect.name == "sqlite":
            return (Decimal(int(value)) / 100).quantize(CENT)
        return to_money(value)


class UTCDateTime(TypeDecorator[datetime]):
    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime refused: times are timezone-aware")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


# How long a write waits for a writer outside our lock (a backup, the sqlite3 shell) before
# SQLite says "database is locked" and the request answers 503.
SQLITE_BUSY_TIMEOUT_MS = 10_000
# Requests that may hold a pooled connection at once (see admission.py). Each pool holds
# more than this: the worker thread and the readiness check need connections too.
REQUEST_SLOTS = 8


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cur.close()


def make_engine(url: str, **kwargs: Any) -> Engine:
    if url.startswith("sqlite"):
        _ensure_sqlite_dir(url)
        if "poolclass" not in kwargs:
            kwargs.setdefault("pool_size", REQUEST_SLOTS + 5)
            kwargs.setdefault("max_overflow", 10)
        engine = create_engine(url, connect_args={"check_same_thread": False}, **kwargs)
        loop_guard.install(engine)
        event.listen(engine, "connect", _sqlite_pragmas)
        # pysqlite's own BEGIN handling defers locks and breaks SAVEPOINT; we issue BEGIN.
        event.listen(engine, "connect", lambda c, _r: setattr(c, "isolation_level", None))
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            sqlite_writes.install(engine, path)
        else:
            event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN IMMEDIATE"))
        return engine
    if "poolclass" not in kwargs:
        kwargs.setdefault("pool_size", 20)
        kwargs.setdefault("max_overflow", 20)
        kwargs.setdefault("pool_pre_ping", True)
    engine = create_engine(url, **kwargs)
    loop_guard.install(engine)
    return engine


def _ensure_sqlite_dir(url: str) -> None:
    from pathlib import Path

    path = url.split("///", 1)[-1]
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A unit of work for CLI commands and jobs: commit once at the end, roll back on error."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def in_batches(
    factory: sessionmaker[Session],
    batch: Callable[[Session], int],
    *,
    size: int,
    most: int = 50,
) -> int:
    """A worker's pass: `batch` in its own transaction again and again, until one handles
    fewer than `size` rows (nothing more is due) or `most` batches ran; the rows handled."""
    handled = 0
    for _ in range(most):
        with transaction(factory) as session:
            done = batch(session)
        handled += done
        if done < size:
            break
    return handled


def sweep_of(*batches: Callable[..., int], size: int, most: int = 50) -> Callable[..., int]:
    """A worker job made of batch functions, each `batch(session, now=, limit=)` run again
    and again (`in_batches`) in the order given, at one moment, until nothing more is due;
    the rows handled."""

    def sweep(
        factory: sessionmaker[Session],
        settings: object | None = None,
        now: datetime | None = None,
        *,
        batch: int = size,
    ) -> int:
        at = now or utcnow()
        return sum(
            in_batches(factory, lambda s, b=b: b(s, now=at, limit=batch), size=batch, most=most)
            for b in batches
        )

    sweep.__name__ = " then ".join(f"{b.__module__}.{b.__name__}" for b in batches)  # logs
    return sweep


def lock_one(session: Session, stmt: Any, *, missing: Exception, version: int | None = None) -> Any:
    """The one row `stmt` selects (a domain's visible rows narrowed to one id), locked for
    this transaction and read afresh; `missing` when there is none (another store's row
    looks the same as a missing one); 409 when `version` is not the one it holds now."""
    found = session.scalars(
        stmt.with_for_update().execution_options(populate_existing=True)
    ).one_or_none()
    if found is None:
        raise missing
    check_version(found.version, version)
    return found
