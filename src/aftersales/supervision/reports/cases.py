"""The cases behind a figure: the drill-down list from any count on the page, filtered the
same way the count was made (period, scope, the row's key, the column's flag)."""

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.auth.models import User
from aftersales.auth.principal import Principal
from aftersales.complaints.models import Complaint
from aftersales.paging import Page, keyset_page
from aftersales.supervision.reports import access
from aftersales.supervision.reports.complaint_stats import FIGURES, base, flags
from aftersales.supervision.reports.errors import UnknownGrouping
from aftersales.supervision.reports.period import Period
from aftersales.supervision.reports.places import Scope

C = Complaint
NONE = "none"  # the key of the row of cases without a value (no cause, no staff)
COLUMNS = {
    "type": C.type,
    "cause": C.cause,
    "channel": C.channel,
    "level": C.level,
    "status": C.status,
    "staff": C.staff_id,
}


def _where(session: Session, stmt: Any, name: str, value: str) -> Any:
    column = COLUMNS[name]
    if value == NONE:
        return stmt.where(column.is_(None))
    if name == "staff":
        found = session.scalars(select(User.id).where(User.username == value)).first()
        return stmt.where(column == (found or -1))
    if name == "level":
        return stmt.where(column == (int(value) if value.isdigit() else -1))
    return stmt.where(column == value)


def drill(
    session: Session,
    *,
    user: Principal,
    period: Period,
    scope: Scope,
    keys: dict[str, str],
    flag: str | None,
    now: datetime,
    cursor: str | None,
    limit: int = 30,
) -> Page[Complaint]:
    access.require(user, "read")
    if flag and flag not in FIGURES:
        raise UnknownGrouping(field="flag")
    stmt = base(user, period, scope, join_counter=False).add_columns(C)
    for name, value in keys.items():
        if name in COLUMNS and value:
            stmt = _where(session, stmt, name, value)
    if flag and flag != "count":
        stmt = stmt.where(flags(now)[flag] == 1)
    return keyset_page(session, stmt, at=C.created_at, id_=C.id, cursor=cursor, limit=limit)
