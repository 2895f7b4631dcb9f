"""The audit log is append-only, in the database itself."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from aftersales.audit import service as audit


def test_events_can_be_added_but_never_changed_or_deleted(session):
    event = audit.record(session, "test", 1, "made", actor=None, after={"x": 1})
    session.flush()
    for statement in (
        "UPDATE audit_event SET action = 'forged' WHERE id = :id",
        "DELETE FROM audit_event WHERE id = :id",
    ):
        with pytest.raises(DatabaseError), session.begin_nested():
            session.execute(text(statement), {"id": event.id})
    assert [e.action for e in audit.history(session, entity="test", entity_id=1)] == ["made"]
