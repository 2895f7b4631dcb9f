"""The action forms of the complaint page: each reads its fields into the schema the REST
route takes, makes one move through the case's act() and redirects back to the case."""

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel
from starlette.datastructures import FormData

from aftersales.complaints.errors import WrongConfirmationCode
from aftersales.complaints.models import Status
from aftersales.complaints.schemas import ContactIn, OutcomeIn, ProposalIn, ReassignIn, StatusIn
from aftersales.complaints.web import moves
from aftersales.complaints.web.case import Case
from aftersales.complaints.web.moves import Move
from aftersales.errors import InvalidInput
from aftersales.web.forms import Posted, form_model, posted_text

router = APIRouter(include_in_schema=False)
P = "/complaints/{complaint_id}"
Text = Annotated[str, Form()]
# The states the case page's own buttons move a case to (the others have their own form).
PAGE_STATUSES = (Status.follow_up, Status.withdrawn, Status.in_progress)

Read = Callable[[FormData], BaseModel]


def _reassign(posted: FormData) -> ReassignIn:
    return form_model(posted, ReassignIn, reason=posted_text(posted, "reason") or "-")


def _status(posted: FormData) -> StatusIn:
    body = form_model(posted, StatusIn)
    if body.to not in PAGE_STATUSES:
        raise InvalidInput("Not a status this form sets", field="to")
    return body


def _proposal(posted: FormData) -> ProposalIn:
    kinds, costs, notes = ([str(v) for v in posted.getlist(n)] for n in ("kind", "cost", "note"))
    rows = [
        OutcomeIn(kind=k, cost=c.strip() or "0", note=n)
        for k, c, n in zip(kinds, costs, notes + [""] * len(kinds), strict=False)
        if k
    ]
    return form_model(posted, ProposalIn, outcomes=rows)


def _note(posted: FormData) -> ContactIn:
    contact = form_model(posted, ContactIn)
    if contact.kind == "follow_up" or not contact.note:
        raise InvalidInput("Write the note", field="note")
    return contact


# The forms whose fields are not simply the move's schema (moves.body_of) as the API takes it.
READERS: dict[Move, Read] = {
    moves.reassign: _reassign,
    moves.change_status: _status,
    moves.propose: _proposal,
    moves.add_note: _note,
}
# path, the form (its messages go next to it), the move, done
MOVES: list[tuple[str, str, Move, str]] = [
    ("/acknowledge", "acknowledge", moves.acknowledge, "Acknowledged"),
    ("/escalate", "escalate", moves.escalate, "Escalated"),
    ("/deescalate", "deescalate", moves.deescalate, "Sent down"),
    ("/reassign", "reassign", moves.reassign, "Reassigned"),
    ("/pause", "pause", moves.pause, "Clocks paused"),
    ("/resume", "pause", moves.resume, "Clocks running again"),
    ("/status", "status", moves.change_status, "Status changed"),
    ("/classify", "classify", moves.classify, "Classification saved"),
    ("/steps", "steps", moves.tick_step, "Step recorded"),
    ("/propose", "propose", moves.propose, "Proposal recorded"),
    ("/code", "code", moves.send_code, "Confirmation code sent"),
    ("/tasks", "tasks", moves.add_task, "Task added"),
    ("/follow-up", "follow_up", moves.follow_up, "Follow-up recorded"),
    ("/notes", "notes", moves.add_note, "Note recorded"),
    ("/refer", "refer", moves.refer, "Referred to arbitration"),
    ("/staff-fault", "staff_fault", moves.staff_fault, "Discipline recorded"),
    ("/outside-process", "outside", moves.outside_process, "Five points deducted"),
]


def _move_form(path: str, form: str, move: Move, done: str) -> None:
    schema = moves.body_of(move)
    read = READERS.get(move) or (lambda posted: form_model(posted, schema))

    def endpoint(case: Case, posted: Posted) -> Response:
        return case.move(form, move, lambda: read(posted), done)

    router.add_api_route(P + path, endpoint, methods=["POST"], name=form)


for _path, _form, _move, _done in MOVES:
    _move_form(_path, _form, _move, _done)


@router.post(P + "/confirm")
def confirm(case: Case, code: Text = "") -> Response:
    def work() -> None:
        if not code.strip():
            raise InvalidInput("Type the code", field="code")
        moves.confirm_by_code(case.db, case.user, case.complaint_id, code.strip()[:12])

    return case.act("confirm", work, "Agreement confirmed", keep_on_error=WrongConfirmationCode)


@router.post(P + "/sign")
def sign(case: Case, signature: Text = "") -> Response:
    def work() -> None:
        if not signature:
            raise InvalidInput("Sign in the box first", field="signature")
        root = case.request.app.state.settings.attachments_dir
        moves.sign(case.db, case.user, case.complaint_id, signature, root)

    return case.act("sign", work, "Agreement confirmed")


@router.post(P + "/attachments")
def upload(
    case: Case,
    file: Annotated[UploadFile | None, File()] = None,
    kind: Text = "photo",
) -> Response:
    def work() -> None:
        data = file.file.read() if file is not None else b""
        if not data:
            raise InvalidInput("Choose a file", field="file")
        moves.attach(
            case.db,
            case.user,
            case.complaint_id,
            root=case.request.app.state.settings.attachments_dir,
            filename=file.filename or "",
            data=data,
            kind=kind,
        )

    return case.act("upload", work, "File attached")
