"""The care to-do queue (/care): per counter or store, or only mine; record an outcome.
"Complaint raised" opens the complaint form pre-filled with the customer."""

from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from aftersales.auth.deps import Db
from aftersales.auth.principal import Principal
from aftersales.customers import care
from aftersales.customers.care_models import Outcome
from aftersales.customers.directory import by_ids
from aftersales.customers.errors import CareTaskNotFound
from aftersales.customers.letters import letter_tasks, letters_pdf
from aftersales.db import utcnow
from aftersales.errors import InvalidInput
from aftersales.validation import Id
from aftersales.web.deps import PageUser
from aftersales.web.forms import Posted, form_action, version
from aftersales.web.render import render

router = APIRouter(include_in_schema=False)


def _page(
    request: Request,
    db: Session,
    user: Principal,
    mine: bool,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    today = utcnow().date()
    return render(
        request,
        "customers/care.html",
        status=status,
        mine=mine,
        today=today,
        rows=care.queue(db, user=user, mine=mine),
        errors=errors or {},
        outcomes=[o.value for o in Outcome],
    )


@router.get("/care")
def queue(request: Request, db: Db, user: PageUser, mine: bool = False) -> Response:
    return _page(request, db, user, mine)


@router.get("/care/letters.pdf")
def letters(request: Request, db: Db, user: PageUser, ids: str = "") -> Response:
    """The open letter tasks in the user's scope (or those named), one page each."""
    chosen = [int(x) for x in ids.split(",") if x.strip().isdigit()][:500]
    rows = letter_tasks(db, user=user, ids=chosen or None)
    pdf = letters_pdf(rows, today=utcnow().date())
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": 'inline; filename="letters.pdf"'},
    )


@router.post("/care/{task_id}")
def outcome(request: Request, task_id: Id, db: Db, user: PageUser, posted: Posted) -> Response:
    chosen = str(posted.get("outcome", ""))
    note = str(posted.get("note", "")).strip() or None
    found: dict[str, str] = {}

    def work() -> None:
        if chosen not in Outcome.__members__:
            raise InvalidInput("Choose an outcome", field="outcome")
        task = care.record_outcome(
            db,
            task_id=task_id,
            outcome=Outcome(chosen),
            note=note,
            actor=user,
            now=utcnow(),
            version=version(str(posted.get("version", ""))),
        )
        found["customer_id"] = str(task.customer_id)

    answer = form_action(
        request,
        db,
        work=work,
        done="Outcome recorded",
        redirect="/care",
        again=lambda errors, status: _page(request, db, user, False, errors, status),
    )
    if chosen == Outcome.complaint and answer.status_code == 303:
        return RedirectResponse(_complaint_form(db, int(found["customer_id"])), status_code=303)
    return answer


def _complaint_form(db: Session, customer_id: int) -> str:
    customer = by_ids(db, {customer_id}).get(customer_id)
    if customer is None:
        raise CareTaskNotFound(field="id")
    return "/complaints/new?" + urlencode(
        {"customer_name": customer.name, "customer_phone": customer.phone, "channel": "phone"}
    )
