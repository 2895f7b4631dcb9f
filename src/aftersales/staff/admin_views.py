"""The admin's users page: people, their roles and where they work."""

from fastapi import APIRouter, Request
from fastapi.responses import Response

from aftersales.audit import service as audit
from aftersales.auth.deps import Db
from aftersales.auth.models import Role, User
from aftersales.auth.principal import Principal
from aftersales.org import service as org
from aftersales.org.views import AdminRecord
from aftersales.refs import refs
from aftersales.staff import service
from aftersales.staff.schemas import UserForm
from aftersales.validation import Id
from aftersales.web.deps import AdminPage
from aftersales.web.forms import Posted, first_error, form_action
from aftersales.web.render import render

router = APIRouter(prefix="/admin", include_in_schema=False)
USERS = AdminRecord("user_id", update=service.update_user, create=service.create_user)


def _user_page(
    request: Request,
    db: Db,
    *,
    edit: User | None = None,
    form: dict | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    return render(
        request,
        "admin/users.html",
        status=status,
        users=service.list_users(db),
        refs=refs(db),
        roles=list(Role),
        edit=edit,
        form=form or {},
        error=first_error(request, errors),
        stores=org.list_stores(db),
        counters=org.list_counters(db),
    )


@router.get("/users")
def users_page(request: Request, db: Db, _admin: AdminPage, edit: Id | None = None) -> Response:
    user = db.get(User, edit) if edit else None
    events = audit.history(db, entity="user", entity_id=user.id) if user else []
    return _user_page(request, db, edit=user, form={"events": events})


def _save_user(db: Db, admin: Principal, form: dict, user_id: str) -> None:
    data = UserForm.model_validate(
        {k: v or None for k, v in form.items() if k != "csrf_token"} | {"active": form["active"]}
    )
    USERS.save(db, user_id, data=data, actor=admin)


@router.post("/users")
def save_user(request: Request, db: Db, admin: AdminPage, posted: Posted) -> Response:
    form = dict(posted)
    user_id = form.pop("user_id", "")
    form["active"] = form.get("active") == "on"

    def again(errors: dict[str, str], status: int) -> Response:
        edit = db.get(User, int(user_id)) if user_id.isdigit() else None
        return _user_page(request, db, edit=edit, form=form, errors=errors, status=status)

    return form_action(
        request,
        db,
        done="saved",
        redirect="/admin/users",
        work=lambda: _save_user(db, admin, form, user_id),
        again=again,
    )
