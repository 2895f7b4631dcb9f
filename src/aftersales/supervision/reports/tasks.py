"""Worker job: on the first working day of a month, prepare last month's report for the
whole group and tell the managers by e-mail (through the outbox), who review and archive it.

Any number of workers may run it: the notice row for the month is inserted in the same
transaction as the messages, and its primary key lets only one of them commit."""

from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from aftersales.auth.models import Role, User
from aftersales.auth.principal import Principal
from aftersales.complaints import clock
from aftersales.db import transaction, utcnow
from aftersales.notify import service as notify
from aftersales.settings import Settings
from aftersales.supervision.reports.models import MonthlyReportNotice
from aftersales.supervision.reports.overview import build_overview
from aftersales.supervision.reports.period import local_today, month_period
from aftersales.supervision.reports.places import Scope

MANAGERS = (Role.dept_manager, Role.complaint_station)


def first_workday(session: Session, day: date) -> date:
    return clock.calendar_for(session).first_workday_on_or_after(day.replace(day=1))


def due_month(session: Session, today: date) -> str | None:
    """Last month's `YYYY-MM` when today is this month's first working day or later and
    the report has not been prepared yet."""
    if today < first_workday(session, today):
        return None
    month = (today.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    return None if session.get(MonthlyReportNotice, month) else month


def _summary(session: Session, month: str, tz: str, now: datetime, reader: Principal) -> str:
    period = month_period(month, tz, today=local_today(tz, now))
    r = build_overview(
        session, user=reader, period=period, scope=Scope(), now=now, lang="zh", compare=False
    )
    t, k = r["complaints"]["total"], r["claims"]["total"]
    return (
        f"{month} 月报已生成，请审阅并归档：投诉 {t['count']} 件（未结案 {t['open']}，"
        f"反馈超时 {t['responded_late']}，解决超时 {t['resolved_late']}）；售后申请 "
        f"{k['count']} 件，退款 ¥{k['refunded']}，赔偿 ¥{k['compensated']}。"
        f"\n查看：/reports/monthly/{month}"
    )


def prepare_last_month(session: Session, *, now: datetime, tz: str) -> int:
    """Write the notice row and one e-mail per manager; answer how many were told."""
    month = due_month(session, local_today(tz, now))
    if month is None:
        return 0
    managers = list(
        session.scalars(
            select(User).where(User.role.in_(MANAGERS), User.active, User.email.is_not(None))
        )
    )
    if not managers:
        return 0
    body = _summary(session, month, tz, now, Principal.of(managers[0]))
    for m in managers:
        notify.enqueue(
            session,
            channel="email",
            recipient=m.email or "",
            subject=f"售后服务月报 {month} 待审阅归档",
            body=body,
            meta={"event": "monthly_report_ready", "month": month},
        )
    session.add(MonthlyReportNotice(month=month, prepared_at=now, recipients=len(managers)))
    session.flush()
    return len(managers)


def prepare_monthly_report(
    factory: sessionmaker[Session], settings: Settings, now: datetime | None = None
) -> int:
    try:
        with transaction(factory) as session:
            return prepare_last_month(session, now=now or utcnow(), tz=settings.timezone)
    except IntegrityError:
        return 0  # another worker prepared it first
