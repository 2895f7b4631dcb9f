"""Where the statistics read from: the primary, or a read replica named by
AFTERSALES_REPORTS_DATABASE_URL (PostgreSQL streaming replica). Only the read doors use it;
archiving writes, so it reads and writes on the primary."""

import os
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session, sessionmaker

from aftersales.db import make_engine, make_session_factory

ENV = "AFTERSALES_REPORTS_DATABASE_URL"
_factories: dict[str, sessionmaker[Session]] = {}


def reports_factory(primary: sessionmaker[Session]) -> sessionmaker[Session]:
    url = os.environ.get(ENV, "").strip()
    if not url:
        return primary
    if url not in _factories:  # one pool per process, built on first use
        _factories[url] = make_session_factory(make_engine(url, pool_size=5, max_overflow=5))
    return _factories[url]


async def reports_db(request: Request) -> AsyncIterator[Session]:
    session = reports_factory(request.app.state.session_factory)()
    try:
        yield session
    finally:
        session.close()


ReportsDb = Annotated[Session, Depends(reports_db)]
