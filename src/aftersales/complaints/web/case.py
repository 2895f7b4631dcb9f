"""The complaint page: the whole case with the actions its state and the user's level allow,
and act(), which every action form goes through (Post/Redirect/Get, or the page again with
the error next to its field)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from aftersales.auth.deps import Db
from aftersales.auth.principal import Principal
from aftersales.complaints import access, service
from aftersales.complaints.attachments import KINDS
from aftersales.complaints.models import (
    ComplaintType,
    OutcomeKind,
    Seeks,
    Severity,
    Status,
    Step,
)
from aftersales.complaints.web import moves
from aftersales.complaints.web.forms import FORM_FIELDS
from aftersales.complaints.web.labels import (
    NOTE_KINDS,
    labeller,
    reply_state,
    resolve_state,
    respond_state,
)
from aftersales.complaints.web.moves import Move
from aftersales.complaints.web.queries import customer_cases
from aftersales.customers.present import customer_json
from aftersales.db import utcnow
from aftersales.errors import DomainError
from aftersales.i18n import request_lang
from aftersales.refs import refs, zone_of
from aftersales.staff import discipline
from aftersales.validation import Id
from aftersales.web.deps import PageUser
from aftersales.web.forms import form_on_page
from aftersales.web.render import render

router = APIRouter(include_in_schema=False)


def skipped_levels(history: list[Any], level: int) -> list[int]:
    """The empty levels the case passed over on its last move up, while it is still at the
    level it landed at (the page says so); [] otherwise."""
    handed = [e for e in history if e.action in ("escalated", "deescalated")]
    if not handed:
        return []
    after = handed[-1].after or {}
    if handed[-1].action != "escalated" or after.get("level") != level:
        return []
    return [int(n) for n in after.get("skipped") or []]


def case_context(
    request: Request, db: Session, user: Principal, complaint_id: int
) -> dict[str, Any]:
    d = service.get_complaint(db, user=user, complaint_id=complaint_id)
    c, now = d.complaint, utcnow()
    proposal = max((o.proposal_no for o in d.outcomes), default=0)
    return {
        "d": d,
        "c": c,
        "customer": customer_json(d.customer, user),
        "now": now,
        **customer_cases(db, user=user, customer=d.customer),
        "refs": refs(db),
        "zone": zone_of(db, c.store_id),
        "label": labeller(request_lang(request)),
        "events": d.history,
        "discipline": discipline.for_complaint(db, complaint_id=c.id),
        "respond": respond_state(c, now),
        "reply": reply_state(c, now),
        "resolve": resolve_state(c, now),
        "allowed": service.ALLOWED[c.status],
        "power": access.powers(user, c),
        "done_steps": {s.step: s for s in d.steps},
        "steps": list(Step),
        "current": [o for o in d.outcomes if o.proposal_no == proposal],
        "types": list(ComplaintType),
        "seeks": list(Seeks),
        "severities": list(Severity),
        "causes": service.causes(db),
        "outcome_kinds": list(OutcomeKind),
        "note_kinds": NOTE_KINDS,
        "file_kinds": sorted(KINDS - {"signature"}),
        "down_levels": list(range(access.lowest_level(c), c.level)),
        "skipped_levels": skipped_levels(d.history, c.level),
        "errors": {},
        "S": Status,
    }


@router.get("/complaints/{complaint_id}")
def complaint_page(request: Request, complaint_id: Id, db: Db, user: PageUser) -> Response:
    return render(request, "complaints/case.html", **case_context(request, db, user, complaint_id))


@router.get("/complaints/{complaint_id}/files/{attachment_id}")
def attachment(
    request: Request, complaint_id: Id, attachment_id: Id, db: Db, user: PageUser
) -> Response:
    root = request.app.state.settings.attachments_dir
    return moves.download(db, user, complaint_id, attachment_id, root)


@dataclass(frozen=True)
class CaseForm:
    """An action form sent from one case's page, by the user who sent it."""

    request: Request
    db: Session
    user: Principal
    complaint_id: int

    def act(
        self,
        form: str,
        work: Callable[[], Any],
        done: str,
        *,
        keep_on_error: type[DomainError] | None = None,
    ) -> Response:
        """Do the work and go back to the case, or show the case page again with the messages
        next to the fields of the form sent."""
        return form_on_page(
            self.request,
            self.db,
            work=work,
            done=done,
            redirect=f"/complaints/{self.complaint_id}",
            template="complaints/case.html",
            context=lambda: (
                case_context(self.request, self.db, self.user, self.complaint_id)
                | {"errors": {"_form": form}}
            ),
            fields=FORM_FIELDS,
            counted_refusal=keep_on_error,
        )

    def move(self, form: str, move: Move, body: Callable[[], Any], done: str) -> Response:
        """The body is parsed inside the work, so its refusals land next to the form."""
        return self.act(form, lambda: move(self.db, self.user, self.complaint_id, body()), done)


def case_form(request: Request, complaint_id: Id, db: Db, user: PageUser) -> CaseForm:
    return CaseForm(request, db, user, complaint_id)


Case = Annotated[CaseForm, Depends(case_form)]
