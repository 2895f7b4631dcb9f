"""Staff pages: the people I answer for (with their step on the discipline ladder), and a
person's page: role, counter, employer, discipline and fines, the complaints verified
against them, training, inspections on duty, this month's figures and the archived months."""

from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from aftersales.auth.deps import Db
from aftersales.auth.models import User
from aftersales.auth.principal import Principal
from aftersales.db import utcnow
from aftersales.errors import InvalidInput
from aftersales.org.models import Counter
from aftersales.refs import refs
from aftersales.staff import access, discipline, fines, monthly, profile, record, training
from aftersales.staff.models import DisciplineRecord, Employer, MonthlyRecord
from aftersales.validation import Id
from aftersales.web.deps import PageUser
from aftersales.web.forms import FormPage, Posted, version
from aftersales.web.render import render

router = APIRouter(include_in_schema=False)


@router.get("/staff")
def staff_list(request: Request, db: Db, user: PageUser) -> Response:
    people = list(db.scalars(access.visible_people(user)))
    summary = record.discipline_summary(db, [p.id for p in people])
    return render(
        request,
        "staff/list.html",
        people=people,
        summary=summary,
        refs=refs(db),
        ladder=discipline.LADDER,
    )


@router.get("/staff/me")
def my_record(user: PageUser) -> Response:
    return RedirectResponse(f"/staff/{user.id}", status_code=303)


def person_context(request: Request, db: Db, user: Principal, person_id: int) -> dict[str, Any]:
    person = access.get_person(db, user=user, person_id=person_id)
    tz = request.app.state.settings.timezone
    now = utcnow()
    month = now.astimezone(ZoneInfo(tz)).strftime("%Y-%m")
    start, end = monthly.bounds(month, tz)
    records = list(
        db.scalars(
            select(DisciplineRecord)
            .where(DisciplineRecord.staff_id == person.id)
            .order_by(DisciplineRecord.id.desc())
        )
    )
    standing, next_step = discipline.current_step(db, person.id)
    return {
        "person": person,
        "profile": profile.profile_of(db, person.id),
        "is_admin": user.role == "admin",
        "refs": refs(db),
        "records": records,
        "standing": standing,
        "next_step": next_step,
        "counter_points": discipline.counter_points(db, counter_id=person.counter_id)
        if person.counter_id
        else None,
        "training": training.person_training(db, person.id),
        "inspections": record.inspections_on_duty(db, person.id),
        "month": month,
        "figures": record.figures(db, user_id=person.id, start=start, end=end),
        "months": monthly.records_of(db, person.id),
        "errors": {},
        "may_fine": access.can(user, "fine", person),
        "may_review": access.can(user, "review", person),
    }


PERSON = FormPage("staff/person.html", person_context)


@router.get("/staff/{person_id}")
def person_page(request: Request, person_id: Id, db: Db, user: PageUser) -> Response:
    return PERSON.show(request, db, user, person_id)


def _on_record(
    request: Request, db: Db, user: Principal, owner: int | None, work: Any, done: str, tab: str
) -> Response:
    """An action on one of a person's records (`owner` is the person's id, None when the
    record is missing): back to the person's page at `tab`, or the page with the messages."""
    person_id = owner or 0
    access.get_person(db, user=user, person_id=person_id)
    back = f"/staff/{person_id}#{tab}"
    return PERSON.post(request, db, user, person_id, work=work, done=done, redirect=back)


@router.post("/staff/discipline/{record_id}/fine")
def fine_record(request: Request, record_id: Id, db: Db, user: PageUser, form: Posted) -> Response:
    row = db.get(DisciplineRecord, record_id)

    def work() -> None:
        amount, read = form.get("fine", ""), version(str(form.get("version", "")))
        fines.set_fine(
            db, record_id=record_id, amount=amount, actor=user, now=utcnow(), version=read
        )

    return _on_record(request, db, user, row and row.staff_id, work, "Fine recorded", "discipline")


@router.post("/staff/monthly/{record_id}/review")
def review_month(request: Request, record_id: Id, db: Db, user: PageUser, form: Posted) -> Response:
    row = db.get(MonthlyRecord, record_id)

    def work() -> None:
        note, read = str(form.get("note", "")), version(str(form.get("version", "")))
        monthly.review(db, record_id=record_id, note=note, version=read, actor=user, now=utcnow())

    return _on_record(request, db, user, row and row.user_id, work, "Month reviewed", "months")


@router.post("/staff/{person_id}/employer")
def set_employer(request: Request, person_id: Id, db: Db, user: PageUser, form: Posted) -> Response:
    access.get_person(db, user=user, person_id=person_id)
    raw = str(form.get("employer", ""))

    def work() -> None:
        if raw not in Employer.__members__:
            raise InvalidInput("Choose the store or the brand", field="employer")
        profile.set_employer(
            db,
            user_id=person_id,
            employer=Employer(raw),
            brand_id=_brand_of(db, person_id),
            version=version(str(form.get("version", ""))),
            actor=user,
        )

    back = f"/staff/{person_id}"
    return PERSON.post(request, db, user, person_id, work=work, done="saved", redirect=back)


def _brand_of(db: Db, person_id: int) -> int | None:
    """A concession clerk is employed by the brand of their counter."""
    person = db.get(User, person_id)
    counter = db.get(Counter, person.counter_id) if person and person.counter_id else None
    return counter.brand_id if counter else None
