"""REST routes that move a complaint: ladder, status, checklist, agreement, follow-up."""

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import FileResponse, JSONResponse
from sqlalchemy.orm import Session

from aftersales.auth.deps import CurrentUser, Db
from aftersales.auth.principal import Principal
from aftersales.complaints import service
from aftersales.complaints.errors import WrongConfirmationCode
from aftersales.complaints.models import Complaint
from aftersales.complaints.present import complaint_json, task_json
from aftersales.complaints.schemas import (
    CodeIn,
    ConfirmIn,
    ContactIn,
    OutsideProcessIn,
    StaffFaultIn,
    TaskIn,
    Versioned,
)
from aftersales.complaints.web import moves
from aftersales.complaints.web.moves import Move
from aftersales.db import utcnow
from aftersales.doors import add_action
from aftersales.errors import InvalidInput
from aftersales.refs import refs
from aftersales.validation import Id

router = APIRouter(tags=["complaints"])
P = "/complaints/{complaint_id}"


def _case_json(db: Session, complaint_id: int) -> dict[str, Any]:
    """The whole case, as a move answers it (after the commit)."""
    return complaint_json(db.get(Complaint, complaint_id), refs(db))  # type: ignore[arg-type]


def _case(db: Session, user: Principal, complaint_id: int, request: Request) -> dict[str, Any]:
    return _case_json(db, complaint_id)


def _done(db: Session, request: Request, complaint_id: int) -> dict[str, Any]:
    db.commit()
    return _case_json(db, complaint_id)


def _attachments_dir(request: Request) -> Any:
    return request.app.state.settings.attachments_dir


def _move_route(path: str, move: Move) -> None:
    """A move that answers with the whole case, named as the move is."""

    def act(db: Session, user: Principal, complaint_id: int, body: Any) -> int:
        move(db, user, complaint_id, body)
        return complaint_id

    name = move.__name__  # type: ignore[attr-defined]
    add_action(router, P + path, name, moves.body_of(move), act, _case)


_move_route("/acknowledge", moves.acknowledge)
_move_route("/escalate", moves.escalate)
_move_route("/deescalate", moves.deescalate)
_move_route("/reassign", moves.reassign)
_move_route("/status", moves.change_status)
_move_route("/pause", moves.pause)
_move_route("/resume", moves.resume)
_move_route("/classify", moves.classify)
_move_route("/steps", moves.tick_step)
_move_route("/proposals", moves.propose)


@router.post(P + "/confirmation-code")
def send_code(complaint_id: Id, body: CodeIn, db: Db, user: CurrentUser) -> dict[str, Any]:
    agreement = moves.send_code(db, user, complaint_id, body)
    db.commit()
    return {"sent": True, "expires_at": agreement.code_expires_at.isoformat()}  # type: ignore[union-attr]


@router.post(P + "/confirm")
def confirm(complaint_id: Id, body: ConfirmIn, db: Db, user: CurrentUser, request: Request) -> Any:
    if body.signature:
        moves.sign(db, user, complaint_id, body.signature, _attachments_dir(request))
        return _done(db, request, complaint_id)
    if not body.code:
        raise InvalidInput("A code or a signature", field="code")
    try:
        moves.confirm_by_code(db, user, complaint_id, body.code)
    except WrongConfirmationCode as exc:
        db.commit()  # keep the attempt count
        return JSONResponse(exc.as_json("zh"), status_code=exc.status)
    return _done(db, request, complaint_id)


@router.post(P + "/tasks", status_code=201)
def add_task(complaint_id: Id, body: TaskIn, db: Db, user: CurrentUser) -> dict[str, Any]:
    task = moves.add_task(db, user, complaint_id, body)
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
        moves.follow_up(db, user, complaint_id, body)
    else:
        moves.add_note(db, user, complaint_id, body)
    return _done(db, request, complaint_id)


_move_route("/refer", moves.refer)


@router.post(P + "/staff-fault", status_code=201)
def staff_fault(complaint_id: Id, body: StaffFaultIn, db: Db, user: CurrentUser) -> dict[str, Any]:
    row = moves.staff_fault(db, user, complaint_id, body)
    db.commit()
    return {"id": row.id, "kind": row.kind, "staff_id": row.staff_id}


@router.post(P + "/outside-process", status_code=201)
def outside_process(
    complaint_id: Id, body: OutsideProcessIn, db: Db, user: CurrentUser
) -> dict[str, Any]:
    row = moves.outside_process(db, user, complaint_id, body)
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
    row = moves.attach(
        db,
        user,
        complaint_id,
        root=_attachments_dir(request),
        filename=file.filename or "",
        data=data,
        kind=kind,
    )
    db.commit()
    return {"id": row.id, "kind": row.kind, "content_type": row.content_type, "size": row.size}


@router.get(P + "/attachments/{attachment_id}")
def download(
    complaint_id: Id, attachment_id: Id, db: Db, user: CurrentUser, request: Request
) -> FileResponse:
    return moves.download(db, user, complaint_id, attachment_id, _attachments_dir(request))
