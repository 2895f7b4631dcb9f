"""Where the statistics read from: the primary, or a read replica named by
Settings.reports_database_url (AFTERSALES_REPORTS_DATABASE_URL, a PostgreSQL streaming
replica). Only the read doors use it; archiving writes, so it reads and writes on the
primary."""

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session, sessionmaker

from aftersales.db import make_engine, make_session_factory

_factories: dict[str, sessionmaker[Session]] = {}


def reports_factory(primary: sessionmaker[Session], url: str) -> sessionmaker[Session]:
    url = url.strip()
    if not url:
        return primary
    if url not in _factories:  # one pool per process, built on first use
        _factories[url] = make_session_factory(make_engine(url, pool_size=5, max_overflow=5))
    return _factories[url]


async def reports_db(request: Request) -> AsyncIterator[Session]:
    state = request.app.state
    session = reports_factory(state.session_factory, state.settings.reports_database_url)()
    try:
        yield session
    finally:
        session.close()


ReportsDb = Annotated[Session, Depends(reports_db)]
