"""Per-transaction settings for the report queries.

PostgreSQL compiles a query to machine code (JIT) once its estimated cost passes
jit_above_cost; a month's grouping crosses that line, and the compilation then costs more
than the query itself (measured at 100,000 complaints: 26 ms of JIT in a 78 ms grouping).
The reports run short aggregates, so they switch it off for their own transaction only."""

from sqlalchemy import text
from sqlalchemy.orm import Session


def for_reports(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL jit = off"))
