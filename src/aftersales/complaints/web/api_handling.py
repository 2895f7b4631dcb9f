"""REST routes that move a complaint: ladder, status, checklist, agreement, follow-up."""

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import FileResponse, JSONResponse

from aftersales.auth.deps import CurrentUser, Db
from aftersales.complaints import service
from aftersales.complaints.errors import WrongConfirmationCode
from aftersales.complaints.models import Complaint
from aftersales.complaints.present import complaint_json, task_json
from aftersales.complaints.schemas import (
    ClassifyIn,
    CodeIn,
    ConfirmIn,
    ContactIn,
    MoveIn,
    OutsideProcessIn,
    ProposalIn,
    ReasonIn,
    ReassignIn,
    StaffFaultIn,
    StatusIn,
    StepIn,
    TaskIn,
    Versioned,
)
from aftersales.db import utcnow
from aftersales.errors import InvalidInput
from aftersales.refs import refs
from aftersales.validation import Id

router = APIRouter(tags=["complaints"])
P = "/complaints/{complaint_id}"


def _done(db: Db, request: Request, complaint_id: int) -> dict[str, Any]:
    db.commit()
    c = db.get(Complaint, complaint_id)
    return complaint_json(c, refs(db))  # type: ignore[arg-type]


@router.post(P + "/acknowledge")
def acknowledge(
    complaint_id: Id, body: Versioned, db: Db, user: CurrentUser, request: Request
) -> dict[str, Any]:
    service.acknowledge(
        db, complaint_id=complaint_id, actor=user, now=utcnow(), version=body.version
    )
    return _done(db, request, complaint_id)


@router.post(P + "/escalate")
def escalate(
    complaint_id: Id, body: MoveIn, db: Db, user: CurrentUser, request: Request
) -> dict[str, Any]:
    service.escalate(
        db,
        complaint_id=complaint_id,
        actor=user,
        now=utcnow(),
        reason=body.reason,
        to_level=body.to_level,
        version=body.version,
    )
    return _done(db, request, complaint_id)


@router.post(P + "/deescalate")
def deescalate(
    complaint_id: Id, body: MoveIn, db: Db, user: CurrentUser, request: Request
) -> dict[str, Any]:
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
    return _done(db, request, complaint_id)


@router.post(P + "/reassign")
def reassign(
    complaint_id: Id, body: ReassignIn, db: Db, user: CurrentUser, request: Request
) -> dict[str, Any]:
    service.reassign(
        db,
        complaint_id=complaint_id,
        actor=user,
        now=utcnow(),
        holder=body.holder,
        reason=body.reason,
        version=body.version,
    )
    return _done(db, request, complaint_id)


@router.post(P + "/status")
def change_status(
    complaint_id: Id, body: StatusIn, db: Db, user: CurrentUser, request: Request
) -> dict[str, Any]:
    service.transition(
        db,
        complaint_id=complaint_id,
        to=body.to,
        actor=user,
        now=utcnow(),
        version=body.version,
        reason=body.reason,
    )
    return _done(db, request, complaint_id)


@router.post(P + "/pause")
def pause(
    complaint_id: Id, body: ReasonIn, db: Db, user: CurrentUser, request: Request
) -> dict[str, Any]:
    service.pause(
        db,
        complaint_id=complaint_id,
        actor=user,
        now=utcnow(),
        reason=body.reason,
        version=body.version,
    )
    return _done(db, request, complaint_id)


@router.post(P + "/resume")
def resume(
    complaint_id: Id, body: Versioned, db: Db, user: CurrentUser, request: Request
) -> dict[str, Any]:
    service.resume(db, complaint_id=complaint_id, actor=user, now=utcnow(), version=body.version)
    return _done(db, request, complaint_id)


@router.post(P + "/classify")
def classify(
    complaint_id: Id, body: ClassifyIn, db: Db, user: CurrentUser, request: Request
) -> dict[str, Any]:
    service.classify(db, complaint_id=complaint_id, data=body, actor=user, now=utcnow())
    return _done(db, request, complaint_id)


@router.post(P + "/steps")
def tick_step(
    complaint_id: Id, body: StepIn, db: Db, user: CurrentUser, request: Request
) -> dict[str, Any]:
    service.tick_step(
        db, complaint_id=complaint_id, step=body.step, actor=user, now=utcnow(), note=body.note
    )
    return _done(db, request, complaint_id)


@router.post(P + "/proposals")
def propose(
    complaint_id: Id, body: ProposalIn, db: Db, user: CurrentUser, request: Request
) -> dict[str, Any]:
    service.propose(
        db,
        complaint_id=complaint_id,
        outcomes=body.outcomes,
        actor=user,
        now=utcnow(),
        version=body.version,
    )
    return _done(db, request, complaint_id)


@router.post(P + "/confirmation-code")
def send_code(complaint_id: Id, body: CodeIn, db: Db, user: CurrentUser) -> dict[str, Any]:
    agreement = service.send_confirmation_code(
        db, complaint_id=complaint_id, actor=user, now=utcnow(), via=body.via
    )
    db.commit()
    return {"sent": True, "expires_at": agreement.code_expires_at.isoformat()}  # type: ignore[union-attr]


@router.post(P + "/confirm")
def confirm(complaint_id: Id, body: ConfirmIn, db: Db, user: CurrentUser, request: Request) -> Any:
    if body.signature:
        service.confirm_by_signature(
            db,
            complaint_id=complaint_id,
            data_url=body.signature,
            actor=user,
            now=utcnow(),
            root=request.app.state.settings.attachments_dir,
        )
        return _done(db, request, complaint_id)
    if not body.code:
        raise InvalidInput("A code or a signature", field="code")
    try:
        service.confirm_by_code(
            db, complaint_id=complaint_id, code=body.code, actor=user, now=utcnow()
        )
    except WrongConfirmationCode as exc:
        db.commit()  # keep the attempt count
        return JSONResponse(exc.as_json("zh"), status_code=exc.status)
    return _done(db, request, complaint_id)


@router.post(P + "/tasks", status_code=201)
def add_task(complaint_id: Id, body: TaskIn, db: Db, user: CurrentUser) -> dict[str, Any]:
    task = service.add_task(
        db, complaint_id=complaint_id, title=body.title, role=body.role, actor=user, now=utcnow()
    )
    db.commit()
    return task_json(task, refs(db))


@router.post("/complaint-tasks/{task_id}/done")
def task_done(
    task_id: Id, body: Versioned, db: Db, user: CurrentUser, done: bool = True
) -> dict[str, Any]:
    task = service.set_task_done(
        db, task_id=task_id, done=done, actor=user, now=utcnow(), version=body.version
    )
    db.commit()
    return task_json(task, refs(db))


@router.post(P + "/contacts", status_code=201)
def add_contact(
    complaint_id: Id, body: ContactIn, db: Db, user: CurrentUser, request: Request
) -> dict[str, Any]:
    if body.kind == "follow_up":
        service.follow_up(
            db,
            complaint_id=complaint_id,
            actor=user,
            now=utcnow(),
            note=body.note,
            satisfied=body.satisfied,
            rating=body.rating,
        )
    else:
        service.add_note(
            db, complaint_id=complaint_id, kind=body.kind, note=body.note, actor=user, now=utcnow()
        )
    return _done(db, request, complaint_id)


@router.post(P + "/refer")
def refer(
    complaint_id: Id, body: ReasonIn, db: Db, user: CurrentUser, request: Request
) -> dict[str, Any]:
    service.refer(
        db,
        complaint_id=complaint_id,
        actor=user,
        now=utcnow(),
        reason=body.reason,
        version=body.version,
    )
    return _done(db, request, complaint_id)


@router.post(P + "/staff-fault", status_code=201)
def staff_fault(complaint_id: Id, body: StaffFaultIn, db: Db, user: CurrentUser) -> dict[str, Any]:
    row = service.verify_against_staff(
        db,
        complaint_id=complaint_id,
        staff=body.staff,
        reason=body.reason,
        actor=user,
        now=utcnow(),
    )
    db.commit()
    return {"id": row.id, "kind": row.kind, "staff_id": row.staff_id}


@router.post(P + "/outside-process", status_code=201)
def outside_process(
    complaint_id: Id, body: OutsideProcessIn, db: Db, user: CurrentUser
) -> dict[str, Any]:
    row = service.handled_outside_process(
        db, complaint_id=complaint_id, reason=body.reason, actor=user, now=utcnow()
    )
    db.commit()
    return {"id": row.id, "points": row.points, "counter_id": row.counter_id}


@router.post(P + "/attachments", status_code=201)
def upload(
    complaint_id: Id,
    db: Db,
    user: CurrentUser,
    request: Request,
    file: Annotated[UploadFile, File()],
    kind: Annotated[str, Form()] = "photo",
) -> dict[str, Any]:
    data = file.file.read()  # in the thread pool, with the database work (see loop_guard)
    row = service.add_attachment(
        db,
        complaint_id=complaint_id,
        actor=user,
        root=request.app.state.settings.attachments_dir,
        filename=file.filename or "",
        data=data,
        kind=kind,
        now=utcnow(),
    )
    db.commit()
    return {"id": row.id, "kind": row.kind, "content_type": row.content_type, "size": row.size}


@router.get(P + "/attachments/{attachment_id}")
def download(
    complaint_id: Id, attachment_id: Id, db: Db, user: CurrentUser, request: Request
) -> FileResponse:
    row, path = service.open_attachment(
        db,
        user=user,
        complaint_id=complaint_id,
        attachment_id=attachment_id,
        root=request.app.state.settings.attachments_dir,
    )
    return FileResponse(path, media_type=row.content_type, filename=row.filename)
