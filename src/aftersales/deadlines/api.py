"""The admin's holiday table over the API: the way to enter next year's State Council notice."""

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from aftersales.auth.deps import CurrentUser, Db
from aftersales.auth.models import Role
from aftersales.deadlines import store
from aftersales.errors import Forbidden, NotFound
from aftersales.validation import Day, Year

router = APIRouter(tags=["admin"])


class CalendarDayIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: str = Field(pattern="^(holiday|workday)$")
    note: str = Field(default="", max_length=200)


def _admin(user: CurrentUser) -> None:
    if user.role != Role.admin:
        raise Forbidden()


@router.get("/calendar-days")
def calendar_days(db: Db, user: CurrentUser, year: Year | None = None) -> list[dict[str, str]]:
    return [
        {"day": d.day.isoformat(), "kind": d.kind, "note": d.note}
        for d in store.list_calendar_days(db, year=year)
    ]


@router.put("/calendar-days/{day}")
def set_calendar_day(day: Day, body: CalendarDayIn, db: Db, user: CurrentUser) -> dict[str, str]:
    _admin(user)
    store.set_calendar_day(db, day=day, kind=body.kind, note=body.note, actor=user)
    db.commit()
    return {"day": day.isoformat(), "kind": body.kind, "note": body.note}


@router.delete("/calendar-days/{day}", status_code=204)
def delete_calendar_day(day: Day, db: Db, user: CurrentUser) -> None:
    _admin(user)
    if not store.delete_calendar_day(db, day=day, actor=user):
        raise NotFound(field="day")
    db.commit()
