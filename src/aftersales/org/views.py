"""Admin pages: users, stores and counters."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from aftersales.audit import service as audit
from aftersales.auth.deps import Db
from aftersales.auth.models import Role, User
from aftersales.auth.principal import Principal
from aftersales.errors import DomainError, NotFound
from aftersales.i18n import request_lang
from aftersales.org import service
from aftersales.org.schemas import CounterForm, StoreForm
from aftersales.refs import refs
from aftersales.staff import service as staff
from aftersales.staff.schemas import UserForm
from aftersales.web.deps import require_page_role
from aftersales.web.render import flash, render

router = APIRouter(prefix="/admin", include_in_schema=False)
Admin = Annotated[Principal, Depends(require_page_role(Role.admin))]


def _form_error(request: Request, exc: Exception) -> tuple[str | None, str]:
    if isinstance(exc, ValidationError):
        err = exc.errors()[0]
        return str(err["loc"][0]) if err["loc"] else None, err["msg"]
    assert isinstance(exc, DomainError)
    return exc.field, exc.message(request_lang(request))


def _user_page(
    request: Request,
    db: Db,
    *,
    edit: User | None = None,
    form: dict | None = None,
    error: tuple[str | None, str] | None = None,
    status: int = 200,
) -> Response:
    return render(
        request,
        "admin/users.html",
        status=status,
        users=staff.list_users(db),
        refs=refs(db),
        roles=list(Role),
        edit=edit,
        form=form or {},
        error=error,
        stores=service.list_stores(db),
        counters=service.list_counters(db),
    )


@router.get("/users")
def users_page(request: Request, db: Db, _admin: Admin, edit: int | None = None) -> Response:
    user = db.get(User, edit) if edit else None
    events = audit.history(db, entity="user", entity_id=user.id) if user else []
    return _user_page(request, db, edit=user, form={"events": events})


@router.post("/users")
async def save_user(request: Request, db: Db, admin: Admin) -> Response:
    form = dict(await request.form())
    user_id = form.pop("user_id", "")
    form["active"] = form.get("active") == "on"
    try:
        data = UserForm.model_validate(
            {k: v or None for k, v in form.items() if k != "csrf_token"}
            | {"active": form["active"]}
        )
        if user_id:
            staff.update_user(db, user_id=int(user_id), data=data, actor=admin)
        else:
            staff.create_user(db, data=data, actor=admin)
    except (ValidationError, DomainError) as exc:
        db.rollback()
        status = getattr(exc, "status", 422)
        edit = db.get(User, int(user_id)) if user_id else None
        return _user_page(
            request, db, edit=edit, form=form, error=_form_error(request, exc), status=status
        )
    db.commit()
    flash(request, "saved")
    return RedirectResponse("/admin/users", status_code=303)


@router.get("/stores")
def stores_page(request: Request, db: Db, _admin: Admin) -> Response:
    return render(
        request,
        "admin/stores.html",
        stores=service.list_stores(db),
        counters=service.list_counters(db),
        floors=service.list_floors(db),
        brands=service.list_brands(db),
        refs=refs(db),
        error=None,
        form={},
    )


@router.post("/stores")
async def save_store(request: Request, db: Db, admin: Admin) -> Response:
    form = dict(await request.form())
    try:
        service.create_store(db, data=StoreForm.model_validate(form), actor=admin)
    except (ValidationError, DomainError) as exc:
        db.rollback()
        return render(
            request,
            "admin/stores.html",
            status=getattr(exc, "status", 422),
            stores=service.list_stores(db),
            counters=service.list_counters(db),
            floors=service.list_floors(db),
            brands=service.list_brands(db),
            refs=refs(db),
            error=_form_error(request, exc),
            form=form,
        )
    db.commit()
    flash(request, "saved")
    return RedirectResponse("/admin/stores", status_code=303)


@router.post("/counters")
async def save_counter(request: Request, db: Db, admin: Admin) -> Response:
    form = dict(await request.form())
    counter_id = form.pop("counter_id", "")
    form["active"] = form.get("active", "on") == "on"
    try:
        data = CounterForm.model_validate({k: v for k, v in form.items() if v != ""})
        if counter_id:
            service.update_counter(db, counter_id=int(counter_id), data=data, actor=admin)
        else:
            service.create_counter(db, data=data, actor=admin)
    except (ValidationError, DomainError) as exc:
        db.rollback()
        if isinstance(exc, NotFound):
            raise
        return render(
            request,
            "admin/stores.html",
            status=getattr(exc, "status", 422),
            stores=service.list_stores(db),
            counters=service.list_counters(db),
            floors=service.list_floors(db),
            brands=service.list_brands(db),
            refs=refs(db),
            error=_form_error(request, exc),
            form=form,
        )
    db.commit()
    flash(request, "saved")
    return RedirectResponse("/admin/stores", status_code=303)
