"""The admin's template editor: each save stores a new version; old inspections keep theirs."""

from fastapi import APIRouter, Request
from fastapi.responses import Response

from aftersales.auth.deps import Db
from aftersales.supervision.inspections import access, templates
from aftersales.web.deps import PageUser
from aftersales.web.forms import Posted, form_action
from aftersales.web.render import render

router = APIRouter(include_in_schema=False)


def _page(
    request: Request,
    db: Db,
    status: int = 200,
    errors: dict[str, str] | None = None,
    drafts: dict[str, str] | None = None,
) -> Response:
    rows = templates.current_templates(db)
    texts = {t.code: templates.as_lines(t) for t in rows} | (drafts or {})
    return render(
        request,
        "inspections/templates.html",
        status=status,
        rows=rows,
        texts=texts,
        errors=errors or {},
    )


@router.get("/inspection-templates")
def templates_page(request: Request, db: Db, user: PageUser) -> Response:
    access.require(user, "edit_templates")
    return _page(request, db)


@router.post("/inspection-templates/{code}")
def save_template(request: Request, code: str, db: Db, user: PageUser, form: Posted) -> Response:
    text = str(form.get("items", ""))
    return form_action(
        request,
        db,
        work=lambda: templates.save_version(
            db, code=code, items=templates.parse_lines(text), actor=user
        ),
        done="New template version saved",
        redirect="/inspection-templates",
        again=lambda errors, status: _page(
            request, db, status, {code: " ".join(errors.values())}, {code: text}
        ),
    )
