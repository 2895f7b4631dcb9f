"""One writer for audit events, and the reader for a record's history panel."""

from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, Protocol

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from aftersales.audit.models import Event
from aftersales.db import FastInsert, utcnow


class Actor(Protocol):
    @property
    def id(self) -> int: ...

    @property
    def username(self) -> str: ...


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def snapshot(obj: Any, fields: list[str]) -> dict[str, Any]:
    return {name: _jsonable(getattr(obj, name)) for name in fields}


def record(
    session: Session,
    entity: str,
    entity_id: int,
    action: str,
    *,
    actor: Actor | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> Event:
    """The event of `action` on the record `entity` number `entity_id`, by `actor`."""
    event = Event(
        actor_id=actor.id if actor else None,
        actor=actor.username if actor else "system",
        entity=entity,
        entity_id=entity_id,
        action=action,
        before={k: _jsonable(v) for k, v in before.items()} if before else None,
        after={k: _jsonable(v) for k, v in after.items()} if after else None,
    )
    session.add(event)
    return event


def entity_of(row: Any) -> str:
    """A row's name in the audit trail: its table's, or the class's own `audit_entity`."""
    return getattr(type(row), "audit_entity", None) or row.__tablename__


def record_on(
    session: Session,
    row: Any,
    action: str,
    *,
    actor: Actor | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> Event:
    """The event of `action` on `row`, named by the row itself (see `entity_of`)."""
    return record(session, entity_of(row), row.id, action, actor=actor, before=before, after=after)


def record_added(
    session: Session,
    row: Any,
    *,
    actor: Actor | None,
    action: str,
    after: dict[str, Any] | None = None,
) -> Event:
    """Add a new row, flush it (it gets its id) and record the event of its making."""
    session.add(row)
    session.flush()
    return record_on(session, row, action, actor=actor, after=after)


def record_move(
    session: Session,
    row: Any,
    to: str,
    *,
    action: str,
    actor: Actor | None,
    changes: dict[str, Any],
) -> None:
    """Move `row` to the state `to` with `changes` to its fields, flush (its version moves
    on) and record the event: the one shape of a plain change of state, once the caller has
    checked that the move is allowed."""
    before = {"status": str(row.status)}
    row.status = to
    for name, value in changes.items():
        setattr(row, name, value)
    session.flush()
    record_on(session, row, action, actor=actor, before=before, after={"status": str(to)} | changes)


_INSERT = insert(Event)
_FAST_INSERT = FastInsert(Event.__table__, deferrable=True)


def record_now(
    session: Session,
    entity: str,
    entity_id: int,
    action: str,
    *,
    actor: Actor | None,
    after: dict[str, Any] | None = None,
) -> None:
    """The same event as `record`, written at once as one INSERT: for the busiest paths."""
    _FAST_INSERT.run(
        session,
        {
            "at": utcnow(),
            "actor_id": actor.id if actor else None,
            "actor": actor.username if actor else "system",
            "entity": entity,
            "entity_id": entity_id,
            "action": action,
            "before": None,
            "after": {k: _jsonable(v) for k, v in after.items()} if after else None,
        },
    )


def record_many(session: Session, events: list[dict[str, Any]]) -> None:
    """Many system events at once, one executemany: for set-based jobs (the deadline sweep).
    Each event has the keys entity, entity_id, action, before and after."""
    if events:
        at = utcnow()
        session.connection().execute(
            _INSERT,
            [
                {
                    "at": at,
                    "actor_id": None,
                    "actor": "system",
                    **e,
                    "before": {k: _jsonable(v) for k, v in e["before"].items()}
                    if e["before"]
                    else None,
                    "after": {k: _jsonable(v) for k, v in e["after"].items()}
                    if e["after"]
                    else None,
                }
                for e in events
            ],
        )


def history(session: Session, *, entity: str, entity_id: int) -> list[Event]:
    return list(
        session.scalars(
            select(Event)
            .where(Event.entity == entity, Event.entity_id == entity_id)
            .order_by(Event.id)
        )
    )
