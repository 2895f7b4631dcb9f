"""What the API, the pages, the CLI and the worker share around the monthly report: its
title, and archiving with the commit (a race between two archivers ends in 409)."""

from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from aftersales.auth.principal import Principal
from aftersales.db import utcnow
from aftersales.supervision.reports import monthly
from aftersales.supervision.reports.errors import AlreadyArchived
from aftersales.supervision.reports.places import Scope


def title(report: dict[str, Any]) -> str:
    scope = report.get("scope", "group")
    where = "全集团" if scope == "group" else scope.replace("store:", "门店 ")
    return f"售后服务月报 {report['month']}（{where}）"


def archive_and_commit(
    session: Session, *, user: Principal, month: str, scope: Scope, tz: str
) -> None:
    try:
        monthly.archive_month(session, user=user, month=month, scope=scope, now=utcnow(), tz=tz)
        session.commit()
    except IntegrityError:
        session.rollback()  # another archiver filed it between our check and our insert
        raise AlreadyArchived(field="month") from None
