"""Corrective-action pages: the list, and the owner's "done" and a colleague's "verify"
forms posted from the inspection page."""

from fastapi import APIRouter, Request
from fastapi.responses import Response

from aftersales.auth.deps import Db
from aftersales.db import utcnow
from aftersales.refs import refs
from aftersales.supervision.inspections import access, actions, queries
from aftersales.supervision.inspections.models import ActionStatus
from aftersales.supervision.inspections.schemas import ActionStep, VerifyIn
from aftersales.supervision.inspections.views import inspection_context
from aftersales.validation import Id
from aftersales.web.deps import PageUser
from aftersales.web.forms import Posted, form_action, version
from aftersales.web.render import render

router = APIRouter(include_in_schema=False)


@router.get("/corrective-actions")
def actions_page(
    request: Request, db: Db, user: PageUser, status: str = "open", cursor: str | None = None
) -> Response:
    chosen = ActionStatus(status) if status in ActionStatus.__members__ else None
    page = queries.actions_page(db, user=user, status=chosen, cursor=cursor, limit=50)
    names = queries.names_of(db, {a.owner_id for a in page.items})
    return render(
        request,
        "inspections/actions.html",
        page=page,
        chosen=status,
        refs=refs(db),
        names=names,
        today=utcnow().date(),
        work=queries.waiting_for(db, user=user),
    )


def _step(
    request: Request,
    db: Db,
    user: PageUser,
    action_id: int,
    work,
    done: str,
) -> Response:  # noqa: ANN001
    row = access.get_action(db, user=user, action_id=action_id)
    inspection_id = row.inspection_id

    def again(errors: dict[str, str], status: int) -> Response:
        ctx = inspection_context(db, user, inspection_id)
        ctx["errors"] = {action_id: " ".join(errors.values())}
        return render(request, "inspections/inspection.html", status=status, **ctx)

    return form_action(
        request,
        db,
        work=work,
        done=done,
        redirect=f"/inspections/{inspection_id}#action-{action_id}",
        again=again,
    )


@router.post("/corrective-actions/{action_id}/done")
def action_done(request: Request, action_id: Id, db: Db, user: PageUser, form: Posted) -> Response:
    data = ActionStep(note=str(form.get("note", "")), version=version(str(form.get("version", ""))))
    return _step(
        request,
        db,
        user,
        action_id,
        lambda: actions.mark_done(db, action_id=action_id, data=data, actor=user, now=utcnow()),
        "Action marked done",
    )


@router.post("/corrective-actions/{action_id}/verify")
def action_verify(
    request: Request, action_id: Id, db: Db, user: PageUser, form: Posted
) -> Response:
    data = VerifyIn(
        note=str(form.get("note", "")),
        accepted=form.get("accepted") != "no",
        version=version(str(form.get("version", ""))),
    )
    return _step(
        request,
        db,
        user,
        action_id,
        lambda: actions.verify(db, action_id=action_id, data=data, actor=user, now=utcnow()),
        "Action verified" if data.accepted else "Action sent back",
    )
