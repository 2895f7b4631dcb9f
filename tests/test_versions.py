"""Optimistic versions through SQLAlchemy's version_id_col: every UPDATE bumps the number,
and a write over a newer row is refused, never a silent overwrite."""

import pytest
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from aftersales.db import make_session_factory
from aftersales.org.models import Counter


def test_a_write_over_a_newer_row_is_refused(engine):
    factory = make_session_factory(engine)
    with factory() as first, factory() as second:
        # Each read ends its transaction (SQLite has one writer); the copies stay as read.
        mine = first.scalars(select(Counter).where(Counter.code == "S2-F3-C08")).one()
        first.commit()
        theirs = second.get(Counter, mine.id)
        second.commit()
        start = mine.version
        mine.name = f"{mine.name}·"
        first.commit()
        assert mine.version == start + 1
        theirs.name = "覆盖别人的修改"
        with pytest.raises(StaleDataError):
            second.flush()
        second.rollback()
        mine.name = mine.name.rstrip("·")
        first.commit()
        assert mine.version == start + 2
