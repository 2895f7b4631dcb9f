"""The console's period picker: this month, last month, a year, or a range of days; each
answered as a Period, with the picked values kept for the form and the links."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from aftersales.supervision.reports.errors import BadPeriod
from aftersales.supervision.reports.period import Period, local_today, make_period

KINDS = ("this_month", "last_month", "year", "range")


@dataclass
class Picked:
    kind: str = "last_month"
    start: str = ""
    end: str = ""
    year: str = ""
    places: dict[str, str] = field(default_factory=dict)

    def query(self) -> dict[str, str]:
        q = {"period": self.kind}
        if self.kind == "range":
            q |= {"from": self.start, "to": self.end}
        if self.kind == "year":
            q["year"] = self.year
        return q | {k: v for k, v in self.places.items() if v}


def _day(raw: str, name: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise BadPeriod("Give the day as YYYY-MM-DD", field=name) from None


def to_period(p: Picked, tz: str, now: datetime) -> Period:
    today = local_today(tz, now)
    first = today.replace(day=1)
    if p.kind == "this_month":
        return make_period(first, today, tz)
    if p.kind == "year":
        year = int(p.year) if p.year.isdigit() else today.year
        p.year = str(year)
        return make_period(date(year, 1, 1), min(date(year, 12, 31), today), tz)
    if p.kind == "range":
        return make_period(_day(p.start, "from"), _day(p.end, "to"), tz)
    last_end = first - timedelta(days=1)
    p.kind = "last_month"
    return make_period(last_end.replace(day=1), last_end, tz)


def month_of(period: Period) -> str | None:
    """`YYYY-MM` when the period is exactly one calendar month."""
    nxt = period.end + timedelta(days=1)
    if period.start.day == 1 and nxt.day == 1 and period.start.month == period.end.month:
        return period.start.strftime("%Y-%m")
    return None


def share(on_time: Any, late: Any) -> str:
    """On-time share as a percentage for the compliance tables ('' when nothing was due)."""
    due = (on_time or 0) + (late or 0)
    return f"{100 * (on_time or 0) / due:.0f}%" if due else ""
