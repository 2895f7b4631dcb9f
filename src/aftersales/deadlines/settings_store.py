"""The service standards in force: the shipped ones with the admin's edits laid over them
(same scope replaced, a new scope added). Kept per process behind a shared version, so an
edit saved through one process counts in the next request of every process."""

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.sql.elements import ColumnElement

from aftersales.audit import service as audit
from aftersales.auth.principal import Principal
from aftersales.deadlines.models import StandardSetting
from aftersales.deadlines.standards import (
    InvalidStandard,
    ServiceStandard,
    default_standards,
    pick_standard,
)
from aftersales.shared_cache import SharedCache, bump

STANDARDS = "standards"
Scope = tuple[str, str | None, str | None]

AUDITED = ["kind", "channel", "severity", "name", "amount", "unit", "clock"]  # an edit's trail


def _scope(s: ServiceStandard | StandardSetting) -> Scope:
    return (s.kind, s.channel, s.severity)


def _load(session: Session) -> tuple[ServiceStandard, ...]:
    return tuple(
        ServiceStandard(r.name, r.kind, r.amount, r.unit, r.clock, r.channel, r.severity)  # type: ignore[arg-type]
        for r in session.scalars(select(StandardSetting).order_by(StandardSetting.id))
    )


_EDITED = SharedCache(STANDARDS, _load)


def edited_standards(session: Session) -> tuple[ServiceStandard, ...]:
    return _EDITED.get(session)


def in_force(
    shipped: Sequence[ServiceStandard], edited: Sequence[ServiceStandard]
) -> tuple[ServiceStandard, ...]:
    mine = {_scope(s): s for s in edited}
    kept = tuple(mine.pop(_scope(s), s) for s in shipped)
    return kept + tuple(mine.values())


def standards_in_force(
    session: Session, shipped: Sequence[ServiceStandard]
) -> tuple[ServiceStandard, ...]:
    """`shipped` (the files a domain reads) with the admin's edits laid over them."""
    return in_force(shipped, edited_standards(session))


def standard_in_force(
    session: Session, kind: str, channel: str | None = None, severity: str | None = None
) -> ServiceStandard:
    """One step's standard as in force: the shipped defaults with the admin's edits (the
    domains below complaints read theirs here, e.g. `ship` for online orders)."""
    return pick_standard(standards_in_force(session, default_standards()), kind, channel, severity)


def save_standard(
    session: Session, *, standard: ServiceStandard, actor: Principal | None
) -> StandardSetting:
    """Set the standard of one scope (the admin's edit); audit it; every process reloads."""
    if not standard.kind:
        raise InvalidStandard("a service standard needs a kind")
    row = session.scalars(
        select(StandardSetting).where(
            StandardSetting.kind == standard.kind,
            _is(StandardSetting.channel, standard.channel),
            _is(StandardSetting.severity, standard.severity),
        )
    ).one_or_none()
    before = audit.snapshot(row, AUDITED) if row else None
    if row is None:
        row = StandardSetting(
            kind=standard.kind, channel=standard.channel, severity=standard.severity
        )
        session.add(row)
    row.name, row.amount = standard.name, standard.amount
    row.unit, row.clock = str(standard.unit), str(standard.clock)
    session.flush()
    audit.record_on(
        session, row, "standard_set", actor=actor, before=before, after=audit.snapshot(row, AUDITED)
    )
    bump(session, STANDARDS)
    return row


def _is(column: InstrumentedAttribute[str | None], value: str | None) -> ColumnElement[bool]:
    return column.is_(None) if value is None else column == value
