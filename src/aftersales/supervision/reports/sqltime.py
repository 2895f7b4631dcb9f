"""Local day and month of a stored UTC instant, in SQL, on both databases."""

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Integer, String, cast, func, literal_column
from sqlalchemy.orm import Session


def local_text(session: Session, column: Any, tz: str, *, month: bool = False) -> Any:
    """`YYYY-MM-DD` (or `YYYY-MM`) of `column` in the zone `tz`, computed by the database."""
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.timezone(tz, column), "YYYY-MM" if month else "YYYY-MM-DD")
    # SQLite stores naive UTC text; the stores' zones (China's) keep one offset all year.
    offset = int(
        ZoneInfo(tz)
        .utcoffset(datetime(2026, 1, 1, tzinfo=UTC).replace(tzinfo=None))
        .total_seconds()
    )
    fmt = "%Y-%m" if month else "%Y-%m-%d"
    return func.strftime(fmt, column, literal_column(f"'{offset:+d} seconds'", String))


def day_span(session: Session, start: Any, end: Any) -> Any:
    """Whole days from the date `start` to the date `end`."""
    if session.get_bind().dialect.name == "postgresql":
        return end - start
    return cast(func.julianday(end) - func.julianday(start), Integer)
