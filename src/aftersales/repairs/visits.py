"""The visit itself: the goods leave the warehouse (deliveries), the technician arrives,
the work is done and the customer signs for it on the tablet and rates it. Completing an
installation records the installation day on the receipt line, where the 三包 periods of
goods we install start."""

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from aftersales import files
from aftersales.audit import service as audit
from aftersales.auth.models import Role
from aftersales.auth.principal import Principal
from aftersales.errors import Forbidden, InvalidInput, NotFound
from aftersales.refs import zone_of
from aftersales.repairs.access import get_work_order
from aftersales.repairs.delivery import local_day
from aftersales.repairs.errors import NotOnSite, ServiceOrderOnly
from aftersales.repairs.models import ServiceKind, WorkOrder, WorkOrderFile, WorkStatus
from aftersales.repairs.scheduling import BOOKERS
from aftersales.repairs.schemas import CancelIn, CompleteIn
from aftersales.repairs.state import Changes, StepCall, transition, work_step
from aftersales.sales.installation import record_installation

PHOTO_TYPES = {"jpeg": "image/jpeg", "png": "image/png"}
MAX_PHOTO = 5 * 1024 * 1024
MAX_PHOTOS = 6
DISPATCHERS = {Role.warehouse, Role.driver, Role.admin}


@dataclass(frozen=True)
class Photo:
    filename: str
    data: bytes


def _visit(call: StepCall) -> WorkOrder:
    order = get_work_order(call.session, user=call.actor, work_order_id=call.work_order_id)
    if order.service in (None, ServiceKind.repair):
        raise ServiceOrderOnly(field="id")
    return order


def _require_assignee(actor: Principal, order: WorkOrder) -> None:
    """The technician or driver on the order does the visit (an admin may stand in)."""
    if actor.role != Role.admin and actor.id != order.technician_id:
        raise Forbidden()


@work_step(WorkStatus.dispatched)
def dispatch(call: StepCall) -> Changes:
    if call.actor.role not in DISPATCHERS:
        raise Forbidden()
    _visit(call)
    return {"ship_check_at": None}


@work_step(WorkStatus.on_site)
def arrive(call: StepCall) -> Changes:
    _require_assignee(call.actor, _visit(call))
    return {"remind_at": None}


def cancel(
    session: Session,
    *,
    work_order_id: int,
    data: CancelIn,
    actor: Principal,
    now: datetime,
) -> WorkOrder:
    if actor.role not in BOOKERS:
        raise Forbidden()
    call = StepCall(session, work_order_id, actor, now)
    _visit(call)
    changes = {"note": data.reason, "remind_at": None, "ship_check_at": None}
    return transition(call, WorkStatus.cancelled, version=data.version, changes=changes)


def _store_file(
    session: Session,
    order: WorkOrder,
    *,
    kind: str,
    data: bytes,
    ext: str,
    root: Path,
    actor: Principal,
    now: datetime,
) -> WorkOrderFile:
    return files.keep(
        session,
        WorkOrderFile,
        root=root,
        folder=f"work-orders/{order.id}",
        data=data,
        ext=ext,
        content_type=PHOTO_TYPES[ext],
        uploaded_by_id=actor.id,
        now=now,
        work_order_id=order.id,
        kind=kind,
    )


def _check_photos(photos: list[Photo]) -> list[tuple[Photo, str]]:
    if len(photos) > MAX_PHOTOS:
        raise InvalidInput(
            "At most %(MAX_PHOTOS)s photos", params={"MAX_PHOTOS": MAX_PHOTOS}, field="photos"
        )
    checked = []
    for photo in photos:
        ext = files.sniff(photo.data)
        if ext not in PHOTO_TYPES or len(photo.data) > MAX_PHOTO:
            raise InvalidInput(
                "Photos are JPEG or PNG, up to 5 MB",
                field="photos",
            )
        checked.append((photo, ext))
    return checked


def complete(
    session: Session,
    *,
    work_order_id: int,
    data: CompleteIn,
    photos: list[Photo],
    actor: Principal,
    now: datetime,
    root: Path,
) -> WorkOrder:
    """Everything is checked before anything is written: a refusal leaves no file and no
    row behind."""
    call = StepCall(session, work_order_id, actor, now)
    order = _visit(call)
    _require_assignee(actor, order)
    if order.status != WorkStatus.on_site:
        raise NotOnSite(field="signature", extra={"status": str(order.status)})
    signature = files.png_from_data_url(data.signature, field="signature")
    checked = _check_photos(photos)
    changes = {
        "work_done": data.work_done,
        "parts_used": [{"name": p} for p in data.parts_used if p],
        "rating": data.rating,
        "rating_comment": data.rating_comment,
    }
    order = transition(call, WorkStatus.completed, version=data.version, changes=changes)
    for kind, blob, ext in [("signature", signature, "png")] + [
        ("photo", p.data, e) for p, e in checked
    ]:
        _store_file(session, order, kind=kind, data=blob, ext=ext, root=root, actor=actor, now=now)
    session.flush()
    after = {"photos": len(checked), "rating": data.rating}
    audit.record_on(session, order, "customer_signed", actor=actor, after=after)
    if order.service == ServiceKind.installation and order.receipt_line_id is not None:
        installed = local_day(now, zone_of(session, order.store_id))
        record_installation(
            session, receipt_line_id=order.receipt_line_id, installed_on=installed, actor=actor
        )
    return order


def files_of(session: Session, work_order_id: int) -> list[WorkOrderFile]:
    return files.files_of(session, WorkOrderFile.work_order_id, work_order_id)


def open_file(
    session: Session, *, user: Principal, work_order_id: int, file_id: int, root: Path
) -> tuple[WorkOrderFile, Path]:
    get_work_order(session, user=user, work_order_id=work_order_id)
    missing = NotFound("No such file", field="file_id")
    owner = WorkOrderFile.work_order_id
    return files.stored_file(session, owner, work_order_id, file_id, root=root, missing=missing)
