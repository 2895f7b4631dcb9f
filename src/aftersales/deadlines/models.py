"""The admin's holiday table: official holidays and make-up workdays entered by hand (next
year's State Council notice), laid over the library's calendar. Not imported by
`aftersales.deadlines` itself, which stays pure."""

from datetime import date

from sqlalchemy import Date, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from aftersales.db import Base


class CalendarDay(Base):
    """Official holidays and make-up workdays entered by hand (next year's State Council
    notice); fed to deadlines.default_calendar as overrides."""

    __tablename__ = "calendar_day"
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # holiday | workday
    note: Mapped[str] = mapped_column(String(200), default="")


class StandardSetting(Base):
    """A service standard as the admin set it: replaces the shipped one of the same scope
    (kind, channel, severity), or adds a narrower one. Read through deadlines.store."""

    __tablename__ = "service_standard"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    channel: Mapped[str | None] = mapped_column(String(30))
    severity: Mapped[str | None] = mapped_column(String(30))
    name: Mapped[str] = mapped_column(String(120))
    amount: Mapped[int]
    unit: Mapped[str] = mapped_column(String(10))
    clock: Mapped[str] = mapped_column(String(10))
    version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": version}

    __table_args__ = (
        UniqueConstraint("kind", "channel", "severity", name="uq_service_standard_scope"),
    )
