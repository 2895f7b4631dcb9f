"""The database is down, or SQLite is locked past the wait: answer 503, not a 500.

A client (a point of sale, a browser) can retry a 503 after `Retry-After`; a 500 says the
product has a bug. Only failures of the database as a service count: an error in a query
(a missing table, a broken constraint) stays a bug and is not dressed up as an outage.
Every transaction rolls back with the failed request, so nothing is half-written.
"""

import logging
import sqlite3

from sqlalchemy import exc as sa

from aftersales.i18n import gettext
from aftersales.sqlite_writes import WriterLockTimeout

log = logging.getLogger("aftersales")
RETRY_AFTER_SECONDS = 5
UNREACHABLE = "database_unreachable"
LOCKED = "database_locked"
BUSY = "database_busy"

_SQLITE_LOCKED = ("database is locked", "database table is locked", "database is busy")
_SQLITE_DOWN = ("unable to open database", "disk i/o error", "readonly database")

MESSAGES = {
    UNREACHABLE: "The database cannot be reached; try again shortly",
    LOCKED: "The database is busy with another write; try again shortly",
    BUSY: "All database connections are in use; try again shortly",
}


def outage_reason(error: BaseException) -> str | None:
    """Why the database could not serve, or None when `error` is not an outage."""
    if isinstance(error, WriterLockTimeout):
        return LOCKED
    if isinstance(error, sa.TimeoutError):  # no pooled connection came free in time
        return BUSY
    if not isinstance(error, sa.DBAPIError):
        return None
    orig = error.orig
    if isinstance(orig, sqlite3.OperationalError):
        text = str(orig).lower()
        if any(s in text for s in _SQLITE_LOCKED):
            return LOCKED
        return UNREACHABLE if any(s in text for s in _SQLITE_DOWN) else None
    if error.connection_invalidated:
        return UNREACHABLE
    return _postgres_reason(orig)


def _postgres_reason(orig: BaseException | None) -> str | None:
    try:
        import psycopg
    except ImportError:  # pragma: no cover - the PostgreSQL driver is optional
        return None
    # psycopg raises OperationalError for a refused or lost connection and a server shutting
    # down; a bad query raises ProgrammingError, IntegrityError or DataError instead.
    if isinstance(orig, psycopg.OperationalError | psycopg.InterfaceError):
        return UNREACHABLE
    return None


def message(reason: str, lang: str) -> str:
    return gettext(lang, MESSAGES[reason])
