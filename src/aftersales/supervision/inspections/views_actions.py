"""Corrective-action pages: the list, and the owner's "done" and a colleague's "verify"
forms posted from the inspection page."""

from collections.abc import Callable
from functools import partial
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel

from aftersales.auth.deps import Db
from aftersales.db import utcnow
from aftersales.refs import refs
from aftersales.supervision.inspections import access, actions, queries
from aftersales.supervision.inspections.models import ActionStatus
from aftersales.supervision.inspections.schemas import ActionStep, VerifyIn
from aftersales.supervision.inspections.views import inspection_again
from aftersales.validation import Id
from aftersales.web.deps import PageUser
from aftersales.web.forms import Posted, form_action, form_model, posted_text
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
    step: Callable[..., Any],
    data: Callable[[], BaseModel],
    done: str,
) -> Response:
    """One step on an action (`step(db, action_id=, data=, actor=, now=)`, the form read by
    `data` inside the work, so a refused field is shown at it), posted from the inspection
    page: back to the action there, or the page again with the message at it."""
    inspection_id = access.get_action(db, user=user, action_id=action_id).inspection_id
    return form_action(
        request,
        db,
        work=lambda: step(db, action_id=action_id, data=data(), actor=user, now=utcnow()),
        done=done,
        redirect=f"/inspections/{inspection_id}#action-{action_id}",
        again=inspection_again(request, db, user, inspection_id, action_id),
    )


@router.post("/corrective-actions/{action_id}/done")
def action_done(request: Request, action_id: Id, db: Db, user: PageUser, form: Posted) -> Response:
    data = partial(form_model, form, ActionStep)
    return _step(request, db, user, action_id, actions.mark_done, data, "Action marked done")


@router.post("/corrective-actions/{action_id}/verify")
def action_verify(
    request: Request, action_id: Id, db: Db, user: PageUser, form: Posted
) -> Response:
    data = partial(form_model, form, VerifyIn)
    done = "Action sent back" if posted_text(form, "accepted") == "no" else "Action verified"
    return _step(request, db, user, action_id, actions.verify, data, done)
