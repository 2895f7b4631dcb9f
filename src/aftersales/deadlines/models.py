"""The admin's holiday table: official holidays and make-up workdays entered by hand (next
year's State Council notice), laid over the library's calendar. Not imported by
`aftersales.deadlines` itself, which stays pure."""

from datetime import date

from sqlalchemy import Date, String
from sqlalchemy.orm import Mapped, mapped_column

from aftersales.db import Base


class CalendarDay(Base):
    """Official holidays and make-up workdays entered by hand (next year's State Council
    notice); fed to deadlines.default_calendar as overrides."""

    __tablename__ = "calendar_day"
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # holiday | workday
    note: Mapped[str] = mapped_column(String(200), default="")
