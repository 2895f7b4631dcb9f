"""The complaint's moves as the case page and the REST routes both make them: one parsed
body in, one service call out, so the two doors cannot drift apart."""

from collections.abc import Callable
from typing import Any, get_type_hints

from fastapi.responses import FileResponse
from pydantic import BaseModel
from sqlalchemy.orm import Session

from aftersales.auth.principal import Principal
from aftersales.complaints import service
from aftersales.complaints.schemas import (
    ClassifyIn,
    CodeIn,
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

# The shape every move has: session, actor, case, parsed body.
Move = Callable[[Session, Principal, int, Any], object]

_MOVE = ("reason", "to_level", "version")


def body_of(move: Move) -> type[BaseModel]:
    """The schema a move takes (its `body`'s annotation): each door reads its request into it."""
    return get_type_hints(move)["body"]


def _call(
    step: Callable[..., Any],
    db: Session,
    user: Principal,
    complaint_id: int,
    body: BaseModel,
    *fields: str,
    **extra: Any,
) -> Any:
    """The service step with the named fields of the body as its keywords."""
    given = {name: getattr(body, name) for name in fields}
    return step(db, complaint_id=complaint_id, actor=user, now=utcnow(), **given, **extra)


def acknowledge(db: Session, user: Principal, complaint_id: int, body: Versioned) -> None:
    _call(service.acknowledge, db, user, complaint_id, body, "version")


def resume(db: Session, user: Principal, complaint_id: int, body: Versioned) -> None:
    _call(service.resume, db, user, complaint_id, body, "version")


def change_status(db: Session, user: Principal, complaint_id: int, body: StatusIn) -> None:
    _call(service.transition, db, user, complaint_id, body, "to", "version", "reason")


def escalate(db: Session, user: Principal, complaint_id: int, body: MoveIn) -> None:
    _call(service.escalate, db, user, complaint_id, body, *_MOVE)


def deescalate(db: Session, user: Principal, complaint_id: int, body: MoveIn) -> None:
    if body.to_level is None:
        raise InvalidInput("Which level?", field="to_level")
    _call(service.deescalate, db, user, complaint_id, body, *_MOVE)


def reassign(db: Session, user: Principal, complaint_id: int, body: ReassignIn) -> None:
    _call(service.reassign, db, user, complaint_id, body, "holder", "reason", "version")


def pause(db: Session, user: Principal, complaint_id: int, body: ReasonIn) -> None:
    _call(service.pause, db, user, complaint_id, body, "reason", "version")


def refer(db: Session, user: Principal, complaint_id: int, body: ReasonIn) -> None:
    _call(service.refer, db, user, complaint_id, body, "reason", "version")


def classify(db: Session, user: Principal, complaint_id: int, body: ClassifyIn) -> None:
    _call(service.classify, db, user, complaint_id, body, data=body)


def tick_step(db: Session, user: Principal, complaint_id: int, body: StepIn) -> None:
    _call(service.tick_step, db, user, complaint_id, body, "step", "note")


def propose(db: Session, user: Principal, complaint_id: int, body: ProposalIn) -> None:
    _call(service.propose, db, user, complaint_id, body, "outcomes", "version")


def send_code(db: Session, user: Principal, complaint_id: int, body: CodeIn) -> Any:
    return _call(service.send_confirmation_code, db, user, complaint_id, body, "via")


def confirm_by_code(db: Session, user: Principal, complaint_id: int, code: str) -> None:
    service.confirm_by_code(db, complaint_id=complaint_id, code=code, actor=user, now=utcnow())


def add_task(db: Session, user: Principal, complaint_id: int, body: TaskIn) -> Any:
    return _call(service.add_task, db, user, complaint_id, body, "title", "role")


def follow_up(db: Session, user: Principal, complaint_id: int, body: ContactIn) -> None:
    _call(service.follow_up, db, user, complaint_id, body, "note", "satisfied", "rating")


def add_note(db: Session, user: Principal, complaint_id: int, body: ContactIn) -> None:
    _call(service.add_note, db, user, complaint_id, body, "kind", "note")


def staff_fault(db: Session, user: Principal, complaint_id: int, body: StaffFaultIn) -> Any:
    return _call(service.verify_against_staff, db, user, complaint_id, body, "staff", "reason")


def outside_process(db: Session, user: Principal, complaint_id: int, body: OutsideProcessIn) -> Any:
    return _call(service.handled_outside_process, db, user, complaint_id, body, "reason")


def sign(db: Session, user: Principal, complaint_id: int, signature: str, root: Any) -> None:
    service.confirm_by_signature(
        db, complaint_id=complaint_id, data_url=signature, actor=user, now=utcnow(), root=root
    )


def attach(
    db: Session,
    user: Principal,
    complaint_id: int,
    *,
    root: Any,
    filename: str,
    data: bytes,
    kind: str,
) -> Any:
    return service.add_attachment(
        db,
        complaint_id=complaint_id,
        actor=user,
        root=root,
        filename=filename,
        data=data,
        kind=kind,
        now=utcnow(),
    )


def download(
    db: Session, user: Principal, complaint_id: int, attachment_id: int, root: Any
) -> FileResponse:
    """An attachment's file, after the case's visibility check, under its own name."""
    row, path = service.open_attachment(
        db, user=user, complaint_id=complaint_id, attachment_id=attachment_id, root=root
    )
    return FileResponse(path, media_type=row.content_type, filename=row.filename)
