"""Priority purchase events in the console (/members/events): the list, a new event, and
one event with the members invited (by member number, names and phones masked)."""

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from aftersales.auth.deps import Db
from aftersales.auth.principal import Principal
from aftersales.customers import priority
from aftersales.customers.present import person_json
from aftersales.customers.schemas import PriorityEventIn
from aftersales.customers.tiers import tiers
from aftersales.db import utcnow
from aftersales.refs import refs
from aftersales.validation import Id
from aftersales.web.deps import PageUser
from aftersales.web.forms import Posted, form_action
from aftersales.web.render import render

router = APIRouter(include_in_schema=False)


def _list(
    request: Request,
    db: Session,
    user: Principal,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    return render(
        request,
        "customers/events.html",
        status=status,
        errors=errors or {},
        events=priority.events(db, user=user),
        may_organise=priority.may_organise(user),
        tier_codes=[t.code for t in tiers(db)],
        refs=refs(db),
        default_store=user.store_id,
    )


@router.get("/members/events")
def events_page(request: Request, db: Db, user: PageUser) -> Response:
    return _list(request, db, user)


@router.post("/members/events")
def create_event(request: Request, db: Db, user: PageUser, posted: Posted) -> Response:
    def work() -> None:
        raw_store = str(posted.get("store_id", "")).strip()
        data = PriorityEventIn(
            title=str(posted.get("title", "")).strip(),
            store_id=int(raw_store) if raw_store.isdigit() else 0,
            tiers=[str(t) for t in posted.getlist("tiers")],
            starts_on=str(posted.get("starts_on", "")).strip() or None,  # type: ignore[arg-type]
            ends_on=str(posted.get("ends_on", "")).strip() or None,  # type: ignore[arg-type]
            message=str(posted.get("message", "")).strip(),
        )
        priority.create_event(
            db,
            title=data.title,
            store_id=data.store_id,
            tier_codes=data.tiers,
            starts_on=data.starts_on,
            ends_on=data.ends_on,
            message=data.message,
            actor=user,
            now=utcnow(),
        )

    return form_action(
        request,
        db,
        work=work,
        done="Event created: the invitations go out shortly",
        redirect="/members/events",
        again=lambda errors, status: _list(request, db, user, errors, status),
    )


@router.get("/members/events/{event_id}")
def event_page(request: Request, event_id: Id, db: Db, user: PageUser) -> Response:
    event, rows = priority.invitations(db, event_id=event_id, user=user)
    return render(
        request,
        "customers/event.html",
        event=event,
        # Masked for everyone: the list names members by number; the customer page (which
        # logs each view of personal data) shows who they are.
        rows=[(i, m, person_json(c, user, visible=False)) for i, m, c in rows],
        refs=refs(db),
    )
