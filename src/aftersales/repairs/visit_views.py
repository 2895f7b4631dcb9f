"""Service-order pages: book one (from a receipt line, a claim, a complaint or by hand),
the list of open ones, a technician's day plan and its printable route sheet, and the
tablet page where the technician records the visit and the customer signs."""

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.datastructures import FormData, UploadFile

from aftersales.auth.deps import Db
from aftersales.auth.models import Role
from aftersales.auth.principal import Principal
from aftersales.db import utcnow
from aftersales.errors import DomainError, InvalidInput
from aftersales.i18n import request_lang
from aftersales.policy import words as labels
from aftersales.refs import refs
from aftersales.repairs import scheduling, visits
from aftersales.repairs.delivery import local_day
from aftersales.repairs.models import ServiceKind, WorkOrder
from aftersales.repairs.page_context import work_order_context
from aftersales.repairs.queries import (
    bench_work,
    day_plan,
    field_people,
    next_day_plan,
    open_visits,
)
from aftersales.repairs.schemas import CancelIn, CompleteIn, RescheduleIn, ServiceOrderCreate
from aftersales.repairs.service import due_state
from aftersales.validation import Id
from aftersales.web.deps import PageUser
from aftersales.web.forms import Posted, form_action, form_model, local_time, validation_messages
from aftersales.web.forms import version as form_version
from aftersales.web.render import flash, render

router = APIRouter(include_in_schema=False)
SERVICES = [s.value for s in ServiceKind if s is not ServiceKind.repair]


def _tz(request: Request) -> str:
    return str(request.app.state.settings.timezone)


def _today(request: Request) -> date:
    return local_day(utcnow(), _tz(request))


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _booking(form: FormData, tz: str) -> ServiceOrderCreate:
    day = _text(form, "day")
    start = local_time(f"{day}T{_text(form, 'start')}", tz, "slot_start") if day else None
    end = local_time(f"{day}T{_text(form, 'end')}", tz, "slot_end") if day else None
    if start is None or end is None:
        raise InvalidInput("Pick a day and a window", field="day")
    raw: dict[str, Any] = {
        name: _text(form, name) or None
        for name in (
            "service",
            "receipt_no",
            "line_no",
            "claim_id",
            "complaint_id",
            "counter",
            "sku",
            "item_name",
            "contact_name",
            "contact_phone",
            "address",
            "technician",
            "promised_on",
            "note",
        )
    }
    raw |= {"slot_start": start, "slot_end": end, "paid": _text(form, "paid") == "yes"}
    paid_at = local_time(_text(form, "paid_at"), tz, "paid_at")
    if paid_at is not None:
        raw["paid_at"] = paid_at
    return ServiceOrderCreate.model_validate(raw)


def _booking_page(
    request: Request, db: Db, user: Principal, values: dict[str, str], errors: dict[str, str]
) -> dict[str, Any]:
    return {
        "values": values,
        "errors": errors,
        "services": SERVICES,
        "people": field_people(db, user=user),
        "label": labels.labeller(request_lang(request)),
    }


@router.get("/service-orders/new")
def new_service_order(request: Request, db: Db, user: PageUser) -> Response:
    values = {k: v for k, v in request.query_params.items()}
    values.setdefault("day", (_today(request) + timedelta(days=1)).isoformat())
    values.setdefault("start", "09:00")
    values.setdefault("end", "11:00")
    return render(request, "repairs/book.html", **_booking_page(request, db, user, values, {}))


@router.post("/service-orders/new")
def book_service_order(request: Request, db: Db, user: PageUser, form: Posted) -> Response:
    values = {k: v for k, v in form.items() if isinstance(v, str) and k != "csrf_token"}
    lang = request_lang(request)
    booked: list[WorkOrder] = []

    def work() -> None:
        booked.append(
            scheduling.book_service(db, data=_booking(form, _tz(request)), actor=user, now=utcnow())
        )

    def again(errors: dict[str, str], status: int) -> Response:
        ctx = _booking_page(request, db, user, values, errors)
        return render(request, "repairs/book.html", status=status, **ctx)

    try:
        work()
        db.commit()
    except ValidationError as exc:
        db.rollback()
        return again(validation_messages(exc, lang), 422)
    except DomainError as exc:
        db.rollback()
        if exc.status == 404:
            raise
        return again({exc.field or "form": exc.message(lang)}, exc.status)
    return _redirect(request, f"/work-orders/{booked[0].id}", "Service order booked")


def _redirect(request: Request, to: str, done: str) -> Response:
    flash(request, done)
    return RedirectResponse(to, status_code=303)


@router.get("/service-orders")
def service_orders(request: Request, db: Db, user: PageUser) -> Response:
    return render(
        request,
        "repairs/service_orders.html",
        orders=open_visits(db, user=user),
        people=field_people(db, user=user),
        refs=refs(db),
        today=_today(request),
        label=labels.labeller(request_lang(request)),
    )


def _plan(request: Request, db: Db, user: Principal) -> dict[str, Any]:
    people = field_people(db, user=user)
    wanted = request.query_params.get("technician") or (
        user.username if user.role in (Role.technician, Role.driver) else ""
    )
    person = next((p for p in people if p.username == wanted), people[0] if people else None)
    asked = request.query_params.get("day")
    try:
        day = date.fromisoformat(asked or _today(request).isoformat())
    except ValueError:
        raise InvalidInput("Not a date", field="day") from None

    if person is None:
        rows = []
    elif asked:
        rows = day_plan(db, user=user, technician_id=person.id, day=day, tz=_tz(request))
    else:
        day, rows = next_day_plan(db, user=user, technician_id=person.id, day=day, tz=_tz(request))
    return {
        "people": people,
        "person": person,
        "day": day,
        "orders": rows,
        "refs": refs(db),
        "label": labels.labeller(request_lang(request)),
    }


def home_context(request: Request, db: Db, user: Principal) -> dict[str, Any]:
    """The home page's boxes for the people in the field and at the bench: the next
    appointments (today's, or the next day's with any), and the workshop repairs waiting
    for a technician."""
    if user.role not in (Role.technician, Role.driver):
        return {}
    today = _today(request)
    day, visits = next_day_plan(db, user=user, technician_id=user.id, day=today, tz=_tz(request))
    waiting, first = bench_work(db, user=user) if user.role == Role.technician else (0, [])
    return {
        "visits_day": day if day != today else None,
        "visits": visits,
        "bench_waiting": waiting,
        "bench_first": first,
        "bench_due": lambda o: due_state(o.due_at, utcnow()),
        "work_label": labels.labeller(request_lang(request)),
    }


@router.get("/day-plan")
def day_plan_page(request: Request, db: Db, user: PageUser) -> Response:
    return render(request, "repairs/day_plan.html", **_plan(request, db, user))


@router.get("/day-plan/route-sheet")
def route_sheet(request: Request, db: Db, user: PageUser) -> Response:
    return render(request, "repairs/route_sheet.html", **_plan(request, db, user))


def _visit_form(
    request: Request, db: Db, user: Principal, work_order_id: int, work: Any, done: str
) -> Response:
    def again(errors: dict[str, str], status: int) -> Response:
        ctx = work_order_context(request, db, user, work_order_id)
        ctx["errors"].update(errors)
        page = "repairs/visit.html" if "signature" in errors else "repairs/work_order.html"
        return render(request, page, status=status, **ctx)

    back = f"/work-orders/{work_order_id}"
    return form_action(request, db, work=work, done=done, redirect=back, again=again)


@router.get("/work-orders/{work_order_id}/visit")
def visit_page(request: Request, work_order_id: Id, db: Db, user: PageUser) -> Response:
    ctx = work_order_context(request, db, user, work_order_id)
    return render(request, "repairs/visit.html", **ctx)


def _visit_step(path: str, move: Callable[..., WorkOrder], done: str) -> None:
    """A visit step whose form sends only the version the page was drawn at (the page twin
    of the API's `_visit_step`)."""

    def step(request: Request, work_order_id: Id, db: Db, user: PageUser, form: Posted) -> Response:
        v = form_version(_text(form, "version"))

        def work() -> WorkOrder:
            return move(db, work_order_id=work_order_id, actor=user, now=utcnow(), version=v)

        return _visit_form(request, db, user, work_order_id, work, done)

    name = path.strip("/")
    router.add_api_route("/work-orders/{work_order_id}" + path, step, methods=["POST"], name=name)


_visit_step("/arrive", visits.arrive, "Arrival recorded")
_visit_step("/dispatch", visits.dispatch, "Goods dispatched")


@router.post("/work-orders/{work_order_id}/cancel")
def cancel(request: Request, work_order_id: Id, db: Db, user: PageUser, form: Posted) -> Response:
    def work() -> WorkOrder:
        data = form_model(form, CancelIn)
        return visits.cancel(db, work_order_id=work_order_id, data=data, actor=user, now=utcnow())

    return _visit_form(request, db, user, work_order_id, work, "Service order cancelled")


@router.post("/work-orders/{work_order_id}/reschedule")
def reschedule(
    request: Request, work_order_id: Id, db: Db, user: PageUser, form: Posted
) -> Response:
    tz = _tz(request)

    def work() -> None:
        day = _text(form, "day")
        data = RescheduleIn.model_validate(
            {
                "slot_start": local_time(f"{day}T{_text(form, 'start')}", tz, "slot_start"),
                "slot_end": local_time(f"{day}T{_text(form, 'end')}", tz, "slot_end"),
                "technician": _text(form, "technician") or None,
                "asked_by": _text(form, "asked_by") or "customer",
                "reason": _text(form, "reason"),
                "version": form_version(_text(form, "version")),
            }
        )
        scheduling.reschedule(db, work_order_id=work_order_id, data=data, actor=user, now=utcnow())

    return _visit_form(request, db, user, work_order_id, work, "Appointment moved")


@router.post("/work-orders/{work_order_id}/complete")
def complete(request: Request, work_order_id: Id, db: Db, user: PageUser, form: Posted) -> Response:
    def work() -> None:
        signature = _text(form, "signature")
        if not signature:
            raise InvalidInput("Sign in the box first", field="signature")
        rating = _text(form, "rating")
        data = CompleteIn.model_validate(
            {
                "work_done": _text(form, "work_done"),
                "parts_used": [p.strip() for p in _text(form, "parts_used").splitlines()],
                "signature": signature,
                "rating": int(rating) if rating.isdigit() else None,
                "rating_comment": _text(form, "rating_comment") or None,
                "version": form_version(_text(form, "version")),
            }
        )
        photos = [
            visits.Photo(u.filename or "photo", u.file.read())
            for u in form.getlist("photos")
            if isinstance(u, UploadFile) and u.filename
        ]
        visits.complete(
            db,
            work_order_id=work_order_id,
            data=data,
            photos=photos,
            actor=user,
            now=utcnow(),
            root=request.app.state.settings.attachments_dir,
        )

    return _visit_form(request, db, user, work_order_id, work, "Service completed")


@router.get("/work-orders/{work_order_id}/files/{file_id}")
def work_order_file(
    request: Request, work_order_id: Id, file_id: Id, db: Db, user: PageUser
) -> Response:
    row, path = visits.open_file(
        db,
        user=user,
        work_order_id=work_order_id,
        file_id=file_id,
        root=request.app.state.settings.attachments_dir,
    )
    return FileResponse(path, media_type=row.content_type)
