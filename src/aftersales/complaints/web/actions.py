"""The action forms of the complaint page: each parses its fields, calls one service
function through act() and redirects back to the case."""

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response

from aftersales.auth.deps import Db
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
from aftersales.complaints.web.case import act
from aftersales.complaints.web.forms import blank_none
from aftersales.db import utcnow
from aftersales.errors import InvalidInput
from aftersales.validation import Id
from aftersales.web.deps import PageUser
from aftersales.web.forms import version

router = APIRouter(include_in_schema=False)
P = "/complaints/{complaint_id}"
Text = Annotated[str, Form()]
Many = Annotated[list[str], Form()]
Ver = Annotated[str, Form(alias="version")]


@router.post(P + "/acknowledge")
def acknowledge(
    request: Request, complaint_id: Id, db: Db, user: PageUser, v: Ver = ""
) -> Response:
    return act(
        request,
        db,
        user,
        complaint_id,
        "acknowledge",
        lambda: service.acknowledge(
            db, complaint_id=complaint_id, actor=user, now=utcnow(), version=version(v)
        ),
        "Acknowledged",
    )


@router.post(P + "/escalate")
def escalate(
    request: Request,
    complaint_id: Id,
    db: Db,
    user: PageUser,
    reason: Text = "",
    to_level: Text = "",
    v: Ver = "",
) -> Response:
    def work() -> None:
        body = MoveIn(reason=reason, to_level=blank_none(to_level), version=version(v))
        service.escalate(
            db,
            complaint_id=complaint_id,
            actor=user,
            now=utcnow(),
            reason=body.reason,
            to_level=body.to_level,
            version=body.version,
        )

    return act(request, db, user, complaint_id, "escalate", work, "Escalated")


@router.post(P + "/deescalate")
def deescalate(
    request: Request,
    complaint_id: Id,
    db: Db,
    user: PageUser,
    reason: Text = "",
    to_level: Text = "",
    v: Ver = "",
) -> Response:
    def work() -> None:
        body = MoveIn(reason=reason, to_level=blank_none(to_level), version=version(v))
        if body.to_level is None:
            raise InvalidInput("Which level?", field="to_level")
        service.deescalate(
            db,
            complaint_id=complaint_id,
            actor=user,
            now=utcnow(),
            reason=body.reason,
            to_level=body.to_level,
            version=body.version,
        )

    return act(request, db, user, complaint_id, "deescalate", work, "Sent down")


@router.post(P + "/reassign")
def reassign(
    request: Request,
    complaint_id: Id,
    db: Db,
    user: PageUser,
    holder: Text = "",
    reason: Text = "",
    v: Ver = "",
) -> Response:
    def work() -> None:
        body = ReassignIn(holder=holder, reason=reason or "-", version=version(v))
        service.reassign(
            db,
            complaint_id=complaint_id,
            actor=user,
            now=utcnow(),
            holder=body.holder,
            reason=body.reason,
            version=body.version,
        )

    return act(request, db, user, complaint_id, "reassign", work, "Reassigned")


@router.post(P + "/pause")
def pause(
    request: Request, complaint_id: Id, db: Db, user: PageUser, reason: Text = "", v: Ver = ""
) -> Response:
    def work() -> None:
        body = ReasonIn(reason=reason, version=version(v))
        service.pause(
            db,
            complaint_id=complaint_id,
            actor=user,
            now=utcnow(),
            reason=body.reason,
            version=body.version,
        )

    return act(request, db, user, complaint_id, "pause", work, "Clocks paused")


@router.post(P + "/resume")
def resume(request: Request, complaint_id: Id, db: Db, user: PageUser, v: Ver = "") -> Response:
    return act(
        request,
        db,
        user,
        complaint_id,
        "pause",
        lambda: service.resume(
            db, complaint_id=complaint_id, actor=user, now=utcnow(), version=version(v)
        ),
        "Clocks running again",
    )


@router.post(P + "/status")
def change_status(
    request: Request,
    complaint_id: Id,
    db: Db,
    user: PageUser,
    to: Text = "",
    reason: Text = "",
    v: Ver = "",
) -> Response:
    def work() -> None:
        if to not in (Status.follow_up, Status.withdrawn, Status.in_progress):
            raise InvalidInput("Not a status this form sets", field="to")
        service.transition(
            db,
            complaint_id=complaint_id,
            to=Status(to),
            actor=user,
            now=utcnow(),
            version=version(v),
            reason=reason[:500],
        )

    return act(request, db, user, complaint_id, "status", work, "Status changed")


@router.post(P + "/classify")
def classify(
    request: Request,
    complaint_id: Id,
    db: Db,
    user: PageUser,
    type: Text = "",
    cause: Text = "",
    seeks: Text = "",
    severity: Text = "",
    staff: Text = "",
    receipt_no: Text = "",
    v: Ver = "",
) -> Response:
    def work() -> None:
        body = ClassifyIn(
            type=blank_none(type),
            cause=blank_none(cause),
            seeks=blank_none(seeks),
            severity=blank_none(severity),
            staff=blank_none(staff),
            receipt_no=blank_none(receipt_no),
            version=version(v),
        )
        service.classify(db, complaint_id=complaint_id, data=body, actor=user, now=utcnow())

    return act(request, db, user, complaint_id, "classify", work, "Classification saved")


@router.post(P + "/steps")
def tick(
    request: Request, complaint_id: Id, db: Db, user: PageUser, step: Text = "", note: Text = ""
) -> Response:
    def work() -> None:
        body = StepIn(step=step, note=note)
        service.tick_step(
            db, complaint_id=complaint_id, step=body.step, actor=user, now=utcnow(), note=body.note
        )

    return act(request, db, user, complaint_id, "steps", work, "Step recorded")


@router.post(P + "/propose")
def propose(
    request: Request,
    complaint_id: Id,
    db: Db,
    user: PageUser,
    kind: Many = [],  # noqa: B006
    cost: Many = [],  # noqa: B006
    note: Many = [],  # noqa: B006
    v: Ver = "",
) -> Response:  # noqa: B006
    def work() -> None:
        rows = [
            OutcomeIn(kind=k, cost=c.strip() or "0", note=n)
            for k, c, n in zip(kind, cost, note + [""] * len(kind), strict=False)
            if k
        ]
        body = ProposalIn(outcomes=rows, version=version(v))
        service.propose(
            db,
            complaint_id=complaint_id,
            outcomes=body.outcomes,
            actor=user,
            now=utcnow(),
            version=body.version,
        )

    return act(request, db, user, complaint_id, "propose", work, "Proposal recorded")


@router.post(P + "/code")
def send_code(
    request: Request, complaint_id: Id, db: Db, user: PageUser, via: Text = "sms"
) -> Response:
    return act(
        request,
        db,
        user,
        complaint_id,
        "code",
        lambda: service.send_confirmation_code(
            db,
            complaint_id=complaint_id,
            actor=user,
            now=utcnow(),
            via="email" if via == "email" else "sms",
        ),
        "Confirmation code sent",
    )


@router.post(P + "/confirm")
def confirm(
    request: Request, complaint_id: Id, db: Db, user: PageUser, code: Text = ""
) -> Response:
    def work() -> None:
        if not code.strip():
            raise InvalidInput("Type the code", field="code")
        service.confirm_by_code(
            db, complaint_id=complaint_id, code=code.strip()[:12], actor=user, now=utcnow()
        )

    return act(
        request,
        db,
        user,
        complaint_id,
        "confirm",
        work,
        "Agreement confirmed",
        keep_on_error=WrongConfirmationCode,
    )


@router.post(P + "/sign")
def sign(
    request: Request, complaint_id: Id, db: Db, user: PageUser, signature: Text = ""
) -> Response:
    def work() -> None:
        if not signature:
            raise InvalidInput("Sign in the box first", field="signature")
        service.confirm_by_signature(
            db,
            complaint_id=complaint_id,
            data_url=signature,
            actor=user,
            now=utcnow(),
            root=request.app.state.settings.attachments_dir,
        )

    return act(request, db, user, complaint_id, "sign", work, "Agreement confirmed")


@router.post(P + "/tasks")
def add_task(
    request: Request,
    complaint_id: Id,
    db: Db,
    user: PageUser,
    title: Text = "",
    role: Text = "warehouse",
) -> Response:
    def work() -> None:
        body = TaskIn(title=title, role=role)
        service.add_task(
            db,
            complaint_id=complaint_id,
            title=body.title,
            role=body.role,
            actor=user,
            now=utcnow(),
        )

    return act(request, db, user, complaint_id, "tasks", work, "Task added")


@router.post(P + "/follow-up")
def follow_up(
    request: Request,
    complaint_id: Id,
    db: Db,
    user: PageUser,
    note: Text = "",
    satisfied: Text = "",
    rating: Text = "",
) -> Response:
    def work() -> None:
        body = ContactIn(
            note=note,
            satisfied={"yes": True, "no": False}.get(satisfied),
            rating=blank_none(rating),
        )
        service.follow_up(
            db,
            complaint_id=complaint_id,
            actor=user,
            now=utcnow(),
            note=body.note,
            satisfied=body.satisfied,
            rating=body.rating,
        )

    return act(request, db, user, complaint_id, "follow_up", work, "Follow-up recorded")


@router.post(P + "/notes")
def add_note(
    request: Request, complaint_id: Id, db: Db, user: PageUser, kind: Text = "note", note: Text = ""
) -> Response:
    def work() -> None:
        body = ContactIn(kind=kind, note=note)
        if body.kind == "follow_up" or not body.note:
            raise InvalidInput("Write the note", field="note")
        service.add_note(
            db, complaint_id=complaint_id, kind=body.kind, note=body.note, actor=user, now=utcnow()
        )

    return act(request, db, user, complaint_id, "notes", work, "Note recorded")


@router.post(P + "/refer")
def refer(
    request: Request, complaint_id: Id, db: Db, user: PageUser, reason: Text = "", v: Ver = ""
) -> Response:
    def work() -> None:
        body = ReasonIn(reason=reason, version=version(v))
        service.refer(
            db,
            complaint_id=complaint_id,
            actor=user,
            now=utcnow(),
            reason=body.reason,
            version=body.version,
        )

    return act(request, db, user, complaint_id, "refer", work, "Referred to arbitration")


@router.post(P + "/staff-fault")
def staff_fault(
    request: Request, complaint_id: Id, db: Db, user: PageUser, staff: Text = "", reason: Text = ""
) -> Response:
    def work() -> None:
        body = StaffFaultIn(staff=staff, reason=reason)
        service.verify_against_staff(
            db,
            complaint_id=complaint_id,
            staff=body.staff,
            reason=body.reason,
            actor=user,
            now=utcnow(),
        )

    return act(request, db, user, complaint_id, "staff_fault", work, "Discipline recorded")


@router.post(P + "/outside-process")
def outside_process(
    request: Request, complaint_id: Id, db: Db, user: PageUser, reason: Text = ""
) -> Response:
    def work() -> None:
        body = OutsideProcessIn(reason=reason)
        service.handled_outside_process(
            db, complaint_id=complaint_id, reason=body.reason, actor=user, now=utcnow()
        )

    return act(request, db, user, complaint_id, "outside", work, "Five points deducted")


@router.post(P + "/attachments")
def upload(
    request: Request,
    complaint_id: Id,
    db: Db,
    user: PageUser,
    file: Annotated[UploadFile | None, File()] = None,
    kind: Text = "photo",
) -> Response:
    def work() -> None:
        data = file.file.read() if file is not None else b""
        if not data:
            raise InvalidInput("Choose a file", field="file")
        service.add_attachment(
            db,
            complaint_id=complaint_id,
            actor=user,
            root=request.app.state.settings.attachments_dir,
            filename=file.filename or "",
            data=data,
            kind=kind,
            now=utcnow(),
        )

    return act(request, db, user, complaint_id, "upload", work, "File attached")
