"""Photos taken on a visit, stored the way complaint attachments are: the file on disk under
settings.attachments_dir, its row in the database, the type read from the file's first bytes,
served only after the inspection's visibility check."""

from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from aftersales import files
from aftersales.audit import service as audit
from aftersales.auth.principal import Principal
from aftersales.complaints.attachments import TYPES, check_file
from aftersales.errors import InvalidInput, NotFound
from aftersales.supervision.inspections import access
from aftersales.supervision.inspections.models import Inspection, InspectionPhoto

MAX_PHOTOS = 10


def add_photo(
    session: Session,
    *,
    inspection: Inspection,
    actor: Principal,
    root: Path,
    filename: str,
    data: bytes,
    now: datetime,
) -> InspectionPhoto:
    """Keep the photo on disk and its row (files.keep)."""
    ext = check_file(data)
    if ext not in ("jpeg", "png"):
        raise InvalidInput("Photos are JPEG or PNG", field="photos")
    row = files.keep(
        session,
        InspectionPhoto,
        root=root,
        folder=f"inspections/{inspection.id}",
        data=data,
        ext=ext,
        content_type=TYPES[ext][0],
        uploaded_by_id=actor.id,
        now=now,
        inspection_id=inspection.id,
        filename=Path(filename or f"photo.{ext}").name[:200],
    )
    session.flush()  # the photo's id, for the inspection's trail
    after = {"photo_id": row.id, "size": row.size}
    audit.record_on(session, inspection, "photo_added", actor=actor, after=after)
    return row


def photos_of(session: Session, inspection_id: int) -> list[InspectionPhoto]:
    return files.files_of(session, InspectionPhoto.inspection_id, inspection_id)


def open_photo(
    session: Session, *, user: Principal, inspection_id: int, photo_id: int, root: Path
) -> tuple[InspectionPhoto, Path]:
    access.get_inspection(session, user=user, inspection_id=inspection_id)
    owner, missing = InspectionPhoto.inspection_id, NotFound(field="photo_id")
    return files.stored_file(session, owner, inspection_id, photo_id, root=root, missing=missing)
