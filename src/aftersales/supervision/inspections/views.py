"""Inspection pages: the list, the sheet an inspector fills on a tablet (no JavaScript,
photos attached), and one inspection with its corrective actions."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response
from sqlalchemy import select
from starlette.datastructures import UploadFile

from aftersales.audit import service as audit
from aftersales.auth.deps import Db
from aftersales.auth.models import User
from aftersales.auth.principal import Principal
from aftersales.db import utcnow
from aftersales.errors import NotFound
from aftersales.org.models import Counter
from aftersales.refs import refs
from aftersales.supervision.inspections import access, photos, queries, service, templates
from aftersales.supervision.inspections.models import Inspection
from aftersales.supervision.inspections.sheet import FINDING_ROWS, form_errors, read_sheet
from aftersales.validation import Id
from aftersales.web.deps import PageUser
from aftersales.web.forms import Posted, form_action
from aftersales.web.render import render

router = APIRouter(include_in_schema=False)


def _root(request: Request) -> Path:
    return Path(request.app.state.settings.attachments_dir)


@router.get("/inspections")
def inspections_page(
    request: Request, db: Db, user: PageUser, counter: str = "", cursor: str | None = None
) -> Response:
    r = refs(db)
    counter_id = (r.counters.get(counter) or (None,))[0]
    page = queries.inspections_page(db, user=user, counter_id=counter_id, cursor=cursor, limit=30)
    return render(
        request,
        "inspections/list.html",
        page=page,
        refs=r,
        counter=counter,
        templates=templates.current_templates(db),
        can_record=access.can(user, "record"),
        percent=service.percent,
        work=queries.waiting_for(db, user=user),
    )


def _counters(db: Db, user: Principal) -> list[Counter]:
    stmt = select(Counter).where(Counter.active).order_by(Counter.code)
    if user.store_id:
        stmt = stmt.where(Counter.store_id == user.store_id)
    return list(db.scalars(stmt))


def _people(db: Db, counter: Counter) -> tuple[list[User], list[User]]:
    """(staff who may be on duty, people who may own a finding) for this counter."""
    here = list(
        db.scalars(
            select(User)
            .where(User.active, User.counter_id == counter.id)
            .order_by(User.role.desc(), User.id)
        )
    )
    store = list(
        db.scalars(
            select(User)
            .where(User.active, User.store_id == counter.store_id, User.counter_id.is_(None))
            .order_by(User.id)
        )
    )
    return here, here + store


def sheet_context(db: Db, user: Principal, template_code: str, counter_code: str) -> dict[str, Any]:
    access.require(user, "record")
    template = templates.current(db, template_code or "store_inspection")
    counter = db.scalars(select(Counter).where(Counter.code == counter_code)).first()
    on_duty, owners = _people(db, counter) if counter else ([], [])
    sections: dict[str, list[dict[str, Any]]] = {}
    for item in template.items:
        sections.setdefault(item["section"], []).append(item)
    return {
        "tpl": template,
        "sections": sections,
        "counter": counter,
        "counters": _counters(db, user),
        "on_duty": on_duty,
        "owners": owners,
        "finding_rows": range(FINDING_ROWS),
        "errors": {},
        "values": {},
    }


@router.get("/inspections/new")
def new_inspection(
    request: Request, db: Db, user: PageUser, template: str = "", counter: str = ""
) -> Response:
    return render(
        request,
        "inspections/sheet.html",
        now=utcnow(),
        **sheet_context(db, user, template, counter),
    )


# The path ends in "/attachments" so the body-size limit lets tablet photos through
# (limits.py allows uploads only there); the sheet and its photos are one transaction.
@router.post("/inspections/attachments")
def save_inspection(request: Request, db: Db, user: PageUser, form: Posted) -> Response:
    ctx = sheet_context(db, user, str(form.get("template", "")), str(form.get("counter", "")))
    made: dict[str, int] = {}
    tz = request.app.state.settings.timezone

    def work() -> None:
        counter = ctx["counter"]
        store = refs(db).store_codes.get(counter.store_id, "") if counter else ""
        data, files = read_sheet(form, ctx["tpl"], counter, store, tz)
        row = service.record_inspection(db, data=data, actor=user, now=utcnow())
        _add_photos(request, db, user, row, files)
        made["id"] = row.id

    def again(errors: dict[str, str], status: int) -> Response:
        values: dict[str, Any] = dict(form) | {"on_duty": form.getlist("on_duty")}
        ctx.update(errors=form_errors(errors, ctx["tpl"]), values=values)
        return render(request, "inspections/sheet.html", status=status, now=utcnow(), **ctx)

    response = form_action(
        request, db, work=work, done="Inspection recorded", redirect="/inspections", again=again
    )
    if made and response.status_code == 303:
        response.headers["location"] = f"/inspections/{made['id']}"
    return response


def _add_photos(
    request: Request, db: Db, user: Principal, row: Inspection, uploads: list[UploadFile]
) -> None:
    for upload in uploads:
        photos.add_photo(
            db,
            inspection=row,
            actor=user,
            root=_root(request),
            filename=upload.filename or "",
            data=upload.file.read(),
            now=utcnow(),
        )


def inspection_again(
    request: Request, db: Db, user: Principal, inspection_id: int, at: int | str
) -> Callable[[dict[str, str], int], Response]:
    """The inspection page again, a refused form's messages shown `at` its place (the
    photos, or one corrective action)."""

    def again(errors: dict[str, str], status: int) -> Response:
        ctx = inspection_context(db, user, inspection_id)
        ctx["errors"] = {at: " ".join(errors.values())}
        return render(request, "inspections/inspection.html", status=status, **ctx)

    return again


def inspection_context(db: Db, user: Principal, inspection_id: int) -> dict[str, Any]:
    row = access.get_inspection(db, user=user, inspection_id=inspection_id)
    acts = queries.actions_of(db, row.id)
    events = audit.history(db, entity="inspection", entity_id=row.id)
    for a in acts:
        events += audit.history(db, entity="corrective_action", entity_id=a.id)
    return {
        "i": row,
        "tpl": templates.by_id(db, row.template_id),
        "scores": service.scores_of(db, row.id),
        "on_duty": service.on_duty_of(db, row.id),
        "photos": photos.photos_of(db, row.id),
        "actions": acts,
        "percent": service.percent(row.total, row.max_total),
        "refs": refs(db),
        "can": access.can,
        "today": utcnow(),
        "errors": {},
        "names": queries.names_of(
            db, {row.inspector_id} | {a.owner_id for a in acts} | {a.verified_by_id for a in acts}
        ),
        "events": sorted(events, key=lambda e: e.id),
    }


@router.get("/inspections/{inspection_id}")
def inspection_page(request: Request, inspection_id: Id, db: Db, user: PageUser) -> Response:
    return render(
        request, "inspections/inspection.html", **inspection_context(db, user, inspection_id)
    )


@router.get("/inspections/{inspection_id}/photos/{photo_id}")
def photo_file(
    request: Request, inspection_id: Id, photo_id: Id, db: Db, user: PageUser
) -> Response:
    row, path = photos.open_photo(
        db, user=user, inspection_id=inspection_id, photo_id=photo_id, root=_root(request)
    )
    if not path.exists():
        raise NotFound(field="photo_id")
    return FileResponse(path, media_type=row.content_type, filename=row.filename)


@router.post("/inspections/{inspection_id}/attachments")
def add_photos(
    request: Request, inspection_id: Id, db: Db, user: PageUser, form: Posted
) -> Response:
    row = access.get_inspection(db, user=user, inspection_id=inspection_id)

    uploads = [u for u in form.getlist("photos") if isinstance(u, UploadFile) and u.filename]

    def work() -> None:
        access.require(user, "record")
        _add_photos(request, db, user, row, uploads)

    return form_action(
        request,
        db,
        work=work,
        done="Photos added",
        redirect=f"/inspections/{inspection_id}",
        again=inspection_again(request, db, user, inspection_id, "photos"),
    )
