"""Admin pages: stores and counters."""

from collections.abc import Callable
from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from aftersales.auth.deps import Db
from aftersales.auth.principal import Principal
from aftersales.org import service
from aftersales.org.schemas import CounterForm, StoreForm
from aftersales.refs import refs
from aftersales.web.deps import AdminPage
from aftersales.web.forms import Posted, first_error, form_action, row_id
from aftersales.web.render import render

router = APIRouter(prefix="/admin", include_in_schema=False)


def _stores_page(
    request: Request,
    db: Db,
    *,
    form: dict | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    return render(
        request,
        "admin/stores.html",
        status=status,
        stores=service.list_stores(db),
        counters=service.list_counters(db),
        floors=service.list_floors(db),
        brands=service.list_brands(db),
        refs=refs(db),
        error=first_error(request, errors),
        form=form or {},
    )


@router.get("/stores")
def stores_page(request: Request, db: Db, _admin: AdminPage) -> Response:
    return _stores_page(request, db)


def _save(request: Request, db: Db, form: dict, work: Callable[[], object]) -> Response:
    """Save from the stores page: back to it when done, or the page again with the form."""
    return form_action(
        request,
        db,
        done="saved",
        redirect="/admin/stores",
        work=work,
        again=lambda errors, status: _stores_page(
            request, db, form=form, errors=errors, status=status
        ),
    )


@router.post("/stores")
def save_store(request: Request, db: Db, admin: AdminPage, posted: Posted) -> Response:
    form = dict(posted)
    return _save(
        request,
        db,
        form,
        lambda: service.create_store(db, data=StoreForm.model_validate(form), actor=admin),
    )


@dataclass(frozen=True, slots=True)
class AdminRecord:
    """A kind of row the admin pages edit (counters here, users in staff/admin_views.py): the
    form's hidden id field `key`, and the service functions that update one
    (`update(db, <key>=…, data=…, actor=…)`) and create one (`create(db, data=…, actor=…)`)."""

    key: str
    update: Callable[..., object]
    create: Callable[..., object]

    def save(self, db: Session, posted_id: str, *, data: BaseModel, actor: Principal) -> None:
        """Update the row whose id the form carried, or create one when the field was empty."""
        if (known := row_id(posted_id, self.key)) is not None:
            self.update(db, **{self.key: known}, data=data, actor=actor)
        else:
            self.create(db, data=data, actor=actor)


COUNTERS = AdminRecord("counter_id", update=service.update_counter, create=service.create_counter)


def _save_counter(db: Db, admin: Principal, form: dict, counter_id: str) -> None:
    data = CounterForm.model_validate({k: v for k, v in form.items() if v != ""})
    COUNTERS.save(db, counter_id, data=data, actor=admin)


@router.post("/counters")
def save_counter(request: Request, db: Db, admin: AdminPage, posted: Posted) -> Response:
    form = dict(posted)
    counter_id = form.pop("counter_id", "")
    form["active"] = form.get("active", "on") == "on"
    return _save(request, db, form, lambda: _save_counter(db, admin, form, counter_id))
