"""`db.FastInsert` writes exactly the row SQLAlchemy Core writes, on both databases: the same
conversions (money, times, JSON, enums), the same defaults for columns a row leaves out, SQL
NULL where there is none, and SQLAlchemy's IntegrityError on a duplicate."""

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Table, insert, select
from sqlalchemy.exc import IntegrityError

from aftersales.audit.models import Event
from aftersales.db import FastInsert, hold_inserts, utcnow, write_held
from aftersales.idempotency import IdempotentRequest
from aftersales.notify.models import OutboxMessage, OutboxStatus

NOW = utcnow()

ROWS: list[tuple[Table, dict[str, Any]]] = [
    (
        Event.__table__,
        {
            "at": NOW,
            "actor_id": None,
            "actor": "system",
            "entity": "complaint",
            "entity_id": 7,
            "action": "registered",
            "before": None,
            "after": {"title": "鞋子开胶", "level": 1, "respond_by": "2026-12-04T10:00:00+08:00"},
        },
    ),
    # defaults for status, attempts and both times; meta and the send columns left out
    (OutboxMessage.__table__, {"channel": "sms", "recipient": "13900001111", "body": "查询码"}),
    (
        OutboxMessage.__table__,
        {"channel": "email", "recipient": "a@b.cn", "subject": "s", "body": "b", "meta": None},
    ),
]


def _read(session, table: Table, row_id: int) -> dict[str, Any]:  # noqa: ANN001
    found = session.execute(select(table).where(table.c.id == row_id)).mappings().one()
    return {k: v for k, v in found.items() if k != "id"}


def _same_but_times(a: dict[str, Any], b: dict[str, Any]) -> None:
    assert a.keys() == b.keys()
    for key in a:
        if key in ("next_attempt_at", "created_at") and a[key] is not None:
            assert abs(a[key] - b[key]) < timedelta(seconds=5), key  # each its own utcnow()
        else:
            assert a[key] == b[key], key


@pytest.mark.parametrize(("table", "row"), ROWS, ids=lambda x: getattr(x, "name", ""))
def test_the_row_written_is_the_one_core_writes(session, table, row):
    core_id = session.connection().execute(insert(table).returning(table.c.id), row).scalar_one()
    fast_id = FastInsert(table, returning_id=True).run(session, dict(row))
    assert fast_id != core_id
    _same_but_times(_read(session, table, fast_id), _read(session, table, core_id))


def test_defaults_and_nulls_as_core(session):
    table = OutboxMessage.__table__
    row_id = FastInsert(table, returning_id=True).run(
        session, {"channel": "sms", "recipient": "1", "body": "b"}
    )
    written = _read(session, table, row_id)
    assert written["status"] == OutboxStatus.pending and written["attempts"] == 0
    assert written["subject"] == "" and written["meta"] is None and written["sent_at"] is None


def test_many_rows_in_one_call(session):
    table = OutboxMessage.__table__
    before = session.scalar(select(OutboxMessage.id).order_by(OutboxMessage.id.desc()).limit(1))
    rows = [{"channel": "sms", "recipient": f"1390000{n:04d}", "body": f"#{n}"} for n in range(5)]
    FastInsert(table).run_many(session, rows)
    FastInsert(table).run_many(session, [])
    bodies = session.scalars(
        select(OutboxMessage.body).where(OutboxMessage.id > (before or 0)).order_by("id")
    ).all()
    assert bodies == [f"#{n}" for n in range(5)]


def test_a_duplicate_is_sqlalchemys_integrity_error(session):
    row = {
        "key": "k-1",
        "route": "complaints",
        "request_hash": "h",
        "status": 201,
        "response": {"id": 1, "tracking_code": "ABCDEFGHJK"},
        "created_at": NOW,
    }
    FastInsert(IdempotentRequest.__table__).run(session, row)
    stored = session.get(IdempotentRequest, ("k-1", "complaints"))
    assert stored.response == row["response"] and stored.status == 201
    with pytest.raises(IntegrityError):
        FastInsert(IdempotentRequest.__table__).run(session, row)


def _bodies_after(session, before: int | None) -> list[str]:  # noqa: ANN001
    return session.scalars(
        select(OutboxMessage.body).where(OutboxMessage.id > (before or 0)).order_by("id")
    ).all()


def test_held_rows_wait_for_write_held_and_go_in_in_order(session):
    """A group's write phase holds the deferrable inserts and writes each table's rows at
    once before it commits; an insert that is not deferrable is written at once."""
    table = OutboxMessage.__table__
    before = session.scalar(select(OutboxMessage.id).order_by(OutboxMessage.id.desc()).limit(1))
    held, at_once = FastInsert(table, deferrable=True), FastInsert(table)
    hold_inserts(session)
    held.run(session, {"channel": "sms", "recipient": "1", "body": "held 1"})
    at_once.run(session, {"channel": "sms", "recipient": "1", "body": "at once"})
    held.run_many(session, [{"channel": "sms", "recipient": "1", "body": "held 2"}])
    assert _bodies_after(session, before) == ["at once"]
    write_held(session)
    assert _bodies_after(session, before) == ["at once", "held 1", "held 2"]
    held.run(session, {"channel": "sms", "recipient": "1", "body": "no longer held"})
    assert _bodies_after(session, before)[-1] == "no longer held"


def test_a_held_duplicate_is_refused_when_written(session):
    row = {
        "key": "k-2",
        "route": "complaints",
        "request_hash": "h",
        "status": 201,
        "response": {},
        "created_at": NOW,
    }
    held = FastInsert(IdempotentRequest.__table__, deferrable=True)
    hold_inserts(session)
    held.run(session, row)
    held.run(session, dict(row))
    with pytest.raises(IntegrityError):
        write_held(session)
