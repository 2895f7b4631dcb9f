"""The action forms of the complaint page: each parses its fields, makes one move through
the case's act() and redirects back to the case."""

from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import Response

from aftersales.complaints import service
from aftersales.complaints.errors import WrongConfirmationCode
from aftersales.complaints.models import Status
from aftersales.complaints.schemas import (
    ClassifyIn,
    ContactIn,
    MoveIn,
    OutcomeIn,
    OutsideProcessIn,
    ProposalIn,
    ReasonIn,
    ReassignIn,
    StaffFaultIn,
    StepIn,
    TaskIn,
)
from aftersales.complaints.web import moves
from aftersales.complaints.web.case import Case
from aftersales.complaints.web.forms import blank_none
from aftersales.db import utcnow
from aftersales.errors import InvalidInput
from aftersales.web.forms import version

router = APIRouter(include_in_schema=False)
P = "/complaints/{complaint_id}"
Text = Annotated[str, Form()]
Many = Annotated[list[str], Form()]
Ver = Annotated[str, Form(alias="version")]


@router.post(P + "/acknowledge")
def acknowledge(case: Case, v: Ver = "") -> Response:
    return case.act(
        "acknowledge",
        lambda: service.acknowledge(
            case.db,
            complaint_id=case.complaint_id,
            actor=case.user,
            now=utcnow(),
            version=version(v),
        ),
        "Acknowledged",
    )


@router.post(P + "/escalate")
def escalate(case: Case, reason: Text = "", to_level: Text = "", v: Ver = "") -> Response:
    def body() -> MoveIn:
        return MoveIn(reason=reason, to_level=blank_none(to_level), version=version(v))

    return case.move("escalate", moves.escalate, body, "Escalated")


@router.post(P + "/deescalate")
def deescalate(case: Case, reason: Text = "", to_level: Text = "", v: Ver = "") -> Response:
    def body() -> MoveIn:
        return MoveIn(reason=reason, to_level=blank_none(to_level), version=version(v))

    return case.move("deescalate", moves.deescalate, body, "Sent down")


@router.post(P + "/reassign")
def reassign(case: Case, holder: Text = "", reason: Text = "", v: Ver = "") -> Response:
    def body() -> ReassignIn:
        return ReassignIn(holder=holder, reason=reason or "-", version=version(v))

    return case.move("reassign", moves.reassign, body, "Reassigned")


@router.post(P + "/pause")
def pause(case: Case, reason: Text = "", v: Ver = "") -> Response:
    def body() -> ReasonIn:
        return ReasonIn(reason=reason, version=version(v))

    return case.move("pause", moves.pause, body, "Clocks paused")


@router.post(P + "/resume")
def resume(case: Case, v: Ver = "") -> Response:
    return case.act(
        "pause",
        lambda: service.resume(
            case.db,
            complaint_id=case.complaint_id,
            actor=case.user,
            now=utcnow(),
            version=version(v),
        ),
        "Clocks running again",
    )


@router.post(P + "/status")
def change_status(case: Case, to: Text = "", reason: Text = "", v: Ver = "") -> Response:
    def work() -> None:
        if to not in (Status.follow_up, Status.withdrawn, Status.in_progress):
            raise InvalidInput("Not a status this form sets", field="to")
        service.transition(
            case.db,
            complaint_id=case.complaint_id,
            to=Status(to),
            actor=case.user,
            now=utcnow(),
            version=version(v),
            reason=reason[:500],
        )

    return case.act("status", work, "Status changed")


@router.post(P + "/classify")
def classify(
    case: Case,
    type: Text = "",
    cause: Text = "",
    seeks: Text = "",
    severity: Text = "",
    staff: Text = "",
    receipt_no: Text = "",
    v: Ver = "",
) -> Response:
    def body() -> ClassifyIn:
        return ClassifyIn(
            type=blank_none(type),
            cause=blank_none(cause),
            seeks=blank_none(seeks),
            severity=blank_none(severity),
            staff=blank_none(staff),
            receipt_no=blank_none(receipt_no),
            version=version(v),
        )

    return case.move("classify", moves.classify, body, "Classification saved")


@router.post(P + "/steps")
def tick(case: Case, step: Text = "", note: Text = "") -> Response:
    return case.move(
        "steps", moves.tick_step, lambda: StepIn(step=step, note=note), "Step recorded"
    )


@router.post(P + "/propose")
def propose(
    case: Case,
    kind: Many = [],  # noqa: B006
    cost: Many = [],  # noqa: B006
    note: Many = [],  # noqa: B006
    v: Ver = "",
) -> Response:  # noqa: B006
    def body() -> ProposalIn:
        rows = [
            OutcomeIn(kind=k, cost=c.strip() or "0", note=n)
            for k, c, n in zip(kind, cost, note + [""] * len(kind), strict=False)
            if k
        ]
        return ProposalIn(outcomes=rows, version=version(v))

    return case.move("propose", moves.propose, body, "Proposal recorded")


@router.post(P + "/code")
def send_code(case: Case, via: Text = "sms") -> Response:
    return case.act(
        "code",
        lambda: service.send_confirmation_code(
            case.db,
            complaint_id=case.complaint_id,
            actor=case.user,
            now=utcnow(),
            via="email" if via == "email" else "sms",
        ),
        "Confirmation code sent",
    )


@router.post(P + "/confirm")
def confirm(case: Case, code: Text = "") -> Response:
    def work() -> None:
        if not code.strip():
            raise InvalidInput("Type the code", field="code")
        service.confirm_by_code(
            case.db,
            complaint_id=case.complaint_id,
            code=code.strip()[:12],
            actor=case.user,
            now=utcnow(),
        )

    return case.act("confirm", work, "Agreement confirmed", keep_on_error=WrongConfirmationCode)


@router.post(P + "/sign")
def sign(case: Case, signature: Text = "") -> Response:
    def work() -> None:
        if not signature:
            raise InvalidInput("Sign in the box first", field="signature")
        root = case.request.app.state.settings.attachments_dir
        moves.sign(case.db, case.user, case.complaint_id, signature, root)

    return case.act("sign", work, "Agreement confirmed")


@router.post(P + "/tasks")
def add_task(case: Case, title: Text = "", role: Text = "warehouse") -> Response:
    return case.move("tasks", moves.add_task, lambda: TaskIn(title=title, role=role), "Task added")


@router.post(P + "/follow-up")
def follow_up(case: Case, note: Text = "", satisfied: Text = "", rating: Text = "") -> Response:
    def body() -> ContactIn:
        return ContactIn(
            note=note,
            satisfied={"yes": True, "no": False}.get(satisfied),
            rating=blank_none(rating),
        )

    return case.move("follow_up", moves.follow_up, body, "Follow-up recorded")


@router.post(P + "/notes")
def add_note(case: Case, kind: Text = "note", note: Text = "") -> Response:
    def body() -> ContactIn:
        contact = ContactIn(kind=kind, note=note)
        if contact.kind == "follow_up" or not contact.note:
            raise InvalidInput("Write the note", field="note")
        return contact

    return case.move("notes", moves.add_note, body, "Note recorded")


@router.post(P + "/refer")
def refer(case: Case, reason: Text = "", v: Ver = "") -> Response:
    def body() -> ReasonIn:
        return ReasonIn(reason=reason, version=version(v))

    return case.move("refer", moves.refer, body, "Referred to arbitration")


@router.post(P + "/staff-fault")
def staff_fault(case: Case, staff: Text = "", reason: Text = "") -> Response:
    def body() -> StaffFaultIn:
        return StaffFaultIn(staff=staff, reason=reason)

    return case.move("staff_fault", moves.staff_fault, body, "Discipline recorded")


@router.post(P + "/outside-process")
def outside_process(case: Case, reason: Text = "") -> Response:
    def body() -> OutsideProcessIn:
        return OutsideProcessIn(reason=reason)

    return case.move("outside", moves.outside_process, body, "Five points deducted")


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
