"""Optimistic versions through SQLAlchemy's version_id_col: every UPDATE bumps the number,
and a write over a newer row is refused, never a silent overwrite."""

import re
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

import aftersales.models  # noqa: F401 - every mapped class
from aftersales.db import Base, make_session_factory
from aftersales.org.models import Counter

SRC = Path(__file__).parents[1] / "src/aftersales"


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


# "version" names an edition here (a template's), or every change of the row is one
# set-based UPDATE that moves the number in its own SET (a member's balance, an event's
# sending), where the mapper is not involved.
NOT_BY_THE_MAPPER = {"CacheVersion", "InspectionTemplate", "Member", "PriorityEvent"}
BY_HAND = re.compile(r"\.version\s*\+=")  # set-based UPDATEs move it in their SET


def test_every_row_with_a_version_is_versioned_by_the_mapper():
    unversioned = {
        m.class_.__name__
        for m in Base.registry.mappers
        if "version" in {c.key for c in m.columns} and m.version_id_col is None
    }
    assert unversioned == NOT_BY_THE_MAPPER


def test_no_service_moves_a_version_by_hand():
    found = [
        f"{path.relative_to(SRC)}:{n}"
        for path in sorted(SRC.rglob("*.py"))
        if "migrations" not in path.parts
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if BY_HAND.search(line)
    ]
    assert found == []
