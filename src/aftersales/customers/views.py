"""Console pages: the scoped customer directory, the customer page (profile, membership,
consent, one timeline) and the profile edit form."""

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from aftersales.auth.deps import Db
from aftersales.auth.principal import Principal
from aftersales.customers import access, directory, profile
from aftersales.customers.care_views import router as care_pages
from aftersales.customers.errors import SearchTooShort
from aftersales.customers.events_views import router as event_pages
from aftersales.customers.pages import render_detail
from aftersales.customers.present import customer_json
from aftersales.customers.rules_views import router as rule_pages
from aftersales.customers.schemas import CustomerUpdate
from aftersales.customers.views_members import router as member_forms
from aftersales.i18n import request_lang
from aftersales.validation import Id
from aftersales.web.deps import PageUser
from aftersales.web.forms import Posted, form_action, version
from aftersales.web.render import render

router = APIRouter(include_in_schema=False)
router.include_router(member_forms)
router.include_router(care_pages)
router.include_router(rule_pages)
router.include_router(event_pages)


@router.get("/customers")
def customers_page(request: Request, db: Db, user: PageUser, q: str = "") -> Response:
    rows, errors = [], {}
    if q.strip():
        try:
            rows = directory.search_customers(db, user=user, q=q[:60])
        except SearchTooShort as exc:
            errors["q"] = exc.message(request_lang(request))
    return render(
        request,
        "customers/list.html",
        status=422 if errors else 200,
        q=q,
        errors=errors,
        rows=[customer_json(c, user) for c in rows],
    )


@router.get("/customers/{customer_id}")
def customer_page(request: Request, customer_id: Id, db: Db, user: PageUser) -> Response:
    answer = render_detail(request, db, user, customer_id)
    profile.log_personal_data_view(db, user=user, customer_id=customer_id, where="page")
    db.commit()
    return answer


def _edit_page(
    request: Request,
    db: Session,
    user: Principal,
    customer_id: int,
    form: dict[str, str],
    errors: dict[str, str],
    status: int = 200,
) -> Response:
    customer = directory.get_customer(db, user=user, customer_id=customer_id)
    return render(
        request, "customers/edit.html", status=status, customer=customer, form=form, errors=errors
    )


@router.get("/customers/{customer_id}/edit")
def edit_form(request: Request, customer_id: Id, db: Db, user: PageUser) -> Response:
    access.require(user, "edit")
    c = directory.get_customer(db, user=user, customer_id=customer_id)
    form = {
        "name": c.name,
        "phone": c.phone,
        "birthday": c.birthday.isoformat() if c.birthday else "",
        "gender": c.gender or "",
        "address": c.address or "",
        "tags": "，".join(c.tags or []),
        "notes": c.notes or "",
        "version": str(c.version),
    }
    return _edit_page(request, db, user, customer_id, form, {})


def _tags(raw: str) -> list[str]:
    return [t.strip() for t in raw.replace("，", ",").split(",") if t.strip()]


@router.post("/customers/{customer_id}/edit")
def edit(request: Request, customer_id: Id, db: Db, user: PageUser, posted: Posted) -> Response:
    form = {
        k: str(posted.get(k, ""))
        for k in ("name", "phone", "birthday", "gender", "address", "tags", "notes", "version")
    }

    def work() -> None:
        data = CustomerUpdate(
            name=form["name"],
            phone=form["phone"],
            birthday=form["birthday"] or None,
            gender=form["gender"] or None,
            address=form["address"] or None,
            tags=_tags(form["tags"]),
            notes=form["notes"] or None,
            version=version(form["version"]),
        )
        profile.update_profile(db, customer_id=customer_id, data=data, actor=user)

    return form_action(
        request,
        db,
        work=work,
        done="Customer saved",
        redirect=f"/customers/{customer_id}",
        again=lambda errors, status: _edit_page(
            request, db, user, customer_id, form, errors, status
        ),
    )
