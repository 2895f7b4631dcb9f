"""Engine, sessions and the column types every domain shares.

Money is Decimal everywhere. PostgreSQL stores it as NUMERIC(12,2); SQLite has no
exact decimal type (NUMERIC becomes a float), so there it is stored as integer fen.
Times are timezone-aware UTC on both.
"""

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, cast

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    DateTime,
    Dialect,
    Engine,
    MetaData,
    Numeric,
    Table,
    create_engine,
    event,
    insert,
)
from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.sql import FromClause
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
    engine = create_engine(url, **kwargs)
    loop_guard.install(engine)
    event.listen(engine, "checkin", _note_idle)
    event.listen(engine, "checkout", lambda c, record, _p: _ping_if_idle(engine.dialect, c, record))
    return engine


# A pooled connection idle longer than this is pinged before use; one back in use within it
# is not (under load every checkout is: a round trip a request, measured in benchmarks.md).
# A server restarted meanwhile fails the first statement instead, and SQLAlchemy then
# replaces every connection of the pool.
PING_AFTER_IDLE_SECONDS = 1.0


def _note_idle(_dbapi_conn: Any, record: Any) -> None:
    record.info["idle_since"] = time.monotonic()


def _ping_if_idle(dialect: Dialect, dbapi_conn: Any, record: Any) -> None:
    since = record.info.pop("idle_since", None)
    if since is None or time.monotonic() - since < PING_AFTER_IDLE_SECONDS:
        return
    try:
        dialect.do_ping(dbapi_conn)
    except Exception as exc:  # noqa: BLE001 - gone: the pool connects afresh (up to 3 times)
        raise DisconnectionError() from exc


def _ensure_sqlite_dir(url: str) -> None:
    from pathlib import Path

    path = url.split("///", 1)[-1]
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)


# A session whose transaction must write nothing (a group's reading phase, group_commit):
# a write there is a mistake of the code, refused before it reaches the database.
READ_ONLY = "aftersales.read_only"


class WriteWhileReadOnly(RuntimeError):
    """A write in a session marked read-only."""


def _check_may_write(session: Session) -> None:
    if session.info.get(READ_ONLY):
        raise WriteWhileReadOnly("this session reads only")


@event.listens_for(Session, "before_flush")
def _no_flush_while_read_only(session: Session, _context: Any, _instances: Any) -> None:
    _check_may_write(session)


@event.listens_for(Session, "do_orm_execute")
def _no_dml_while_read_only(state: Any) -> None:
    if not state.is_select:
        _check_may_write(state.session)


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


class FastInsert:
    """An INSERT into one table run on the driver's own cursor, its SQL and each column's
    conversion worked out once per database kind: for the rows the intake doors write on
    every request (measured: 10 against 33 µs of CPU an INSERT through Core). A row gives
    any of the table's columns; one it leaves out gets its Python-side default as with Core,
    or NULL. A driver error comes out as SQLAlchemy's (an IntegrityError stays one).

    `deferrable`: for rows nothing reads back in the transaction that writes them (events,
    messages, queue rows). Where the session holds inserts (`hold_inserts`: a group's write
    phase) they wait and go in together, one executemany a table, at `write_held`: on
    PostgreSQL that is one round trip for a group's rows instead of one a row."""

    def __init__(
        self, table: FromClause, *, returning_id: bool = False, deferrable: bool = False
    ) -> None:
        table = cast(Table, table)  # a model's __table__
        assert not (returning_id and deferrable), "an id is wanted at once"
        self._table = table
        self._deferrable = deferrable
        self._id = table.autoincrement_column if returning_id else None
        self._columns = [c for c in table.columns if c is not table.autoincrement_column]
        self._prepared: dict[str, tuple[str, list[tuple[str, Any, Any]], bool]] = {}

    def _for(self, dialect: Dialect) -> tuple[str, list[tuple[str, Any, Any]], bool]:
        found = self._prepared.get(dialect.name)
        if found is None:
            stmt = insert(self._table)
            if self._id is not None:
                stmt = stmt.returning(self._id)
            compiled = stmt.compile(dialect=dialect, column_keys=[c.key for c in self._columns])
            processors = compiled._bind_processors
            order = compiled.positiontup if dialect.positional else list(compiled.binds)
            by_key = {c.key: c for c in self._columns}
            plan = [(key, _default_of(by_key[key]), processors.get(key)) for key in order or []]
            found = self._prepared[dialect.name] = (str(compiled), plan, dialect.positional)
        return found

    def _params(self, plan: list[tuple[str, Any, Any]], positional: bool, row: dict) -> Any:
        values = []
        for key, default, process in plan:
            if key not in row and default is None:
                values.append(None)  # left out: SQL NULL, as Core leaves the column out
                continue
            value = row[key] if key in row else default()
            values.append(process(value) if process is not None else value)
        return values if positional else dict(zip((k for k, _, _ in plan), values, strict=True))

    def run(self, session: Session, row: dict[str, Any]) -> int | None:
        """Insert one row; its new id when asked for at construction."""
        _check_may_write(session)
        if self._held(session, [row]):
            return None
        connection = session.connection()
        sql, plan, positional = self._for(connection.dialect)
        params = self._params(plan, positional, row)
        cursor = self._cursor(connection)
        try:
            cursor.execute(sql, params)
            return cursor.fetchone()[0] if self._id is not None else None
        except connection.dialect.loaded_dbapi.Error as exc:
            raise _wrapped(connection, sql, params, exc) from exc
        finally:
            cursor.close()

    def run_many(self, session: Session, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        _check_may_write(session)
        if self._held(session, rows):
            return
        self._write_many(session, rows)

    def _held(self, session: Session, rows: list[dict[str, Any]]) -> bool:
        held = session.info.get(_HELD) if self._deferrable else None
        if held is None:
            return False
        held.setdefault(self, []).extend(rows)
        return True

    def _write_many(self, session: Session, rows: list[dict[str, Any]]) -> None:
        connection = session.connection()
        sql, plan, positional = self._for(connection.dialect)
        params = [self._params(plan, positional, row) for row in rows]
        cursor = self._cursor(connection)
        try:
            cursor.executemany(sql, params)
        except connection.dialect.loaded_dbapi.Error as exc:
            raise _wrapped(connection, sql, params, exc) from exc
        finally:
            cursor.close()

    @staticmethod
    def _cursor(connection: Connection) -> Any:
        return connection.connection.driver_connection.cursor()  # type: ignore[union-attr]


_HELD = "aftersales.held_inserts"


def hold_inserts(session: Session) -> None:
    """From now on the session's deferrable inserts wait for `write_held`."""
    session.info[_HELD] = {}


def write_held(session: Session) -> None:
    """Write the rows held since `hold_inserts`, table by table in the order first used (the
    rows they refer to were written at once), and stop holding."""
    held: dict[FastInsert, list[dict[str, Any]]] = session.info.pop(_HELD, None) or {}
    for fast_insert, rows in held.items():
        fast_insert._write_many(session, rows)


def _default_of(column: Column[Any]) -> Callable[[], Any] | None:
    default = column.default
    if default is None:
        return None
    if default.is_scalar:
        value = default.arg  # type: ignore[attr-defined]
        return lambda: value
    if default.is_callable:
        make = default.arg  # type: ignore[attr-defined]  # SQLAlchemy's wrapper takes a context
        return lambda: make(None)
    raise TypeError(f"{column}: only Python-side defaults can be filled in")


def _wrapped(connection: Connection, sql: str, params: Any, exc: Exception) -> Exception:
    dialect = connection.dialect
    return DBAPIError.instance(sql, params, exc, dialect.loaded_dbapi.Error, dialect=dialect)
