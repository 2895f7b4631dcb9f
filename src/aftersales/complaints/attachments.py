"""Attachments (photos, call recordings, letters, signatures): files on disk under
settings.attachments_dir, never in the database; served only after the complaint's
visibility check. The type is read from the file's first bytes, not from what the client
claims."""

from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from aftersales import files
from aftersales.auth.principal import Principal
from aftersales.complaints import access, history
from aftersales.complaints.errors import AttachmentRefused
from aftersales.complaints.models import ComplaintAttachment
from aftersales.errors import NotFound

MB = 1024 * 1024
# extension -> (content type, size limit)
TYPES = {
    "jpeg": ("image/jpeg", 5 * MB),
    "png": ("image/png", 5 * MB),
    "pdf": ("application/pdf", 10 * MB),
    "mp3": ("audio/mpeg", 20 * MB),
    "m4a": ("audio/mp4", 20 * MB),
    "wav": ("audio/wav", 20 * MB),
}
KINDS = {"photo", "recording", "letter", "signature", "other"}


def check_file(data: bytes) -> str:
    ext = files.sniff(data)
    if ext is None:
        raise AttachmentRefused(
            "Only JPEG, PNG, PDF, MP3, M4A and WAV files",
            field="file",
        )
    if not data or len(data) > TYPES[ext][1]:
        raise AttachmentRefused(
            "%(ext)s files up to %(mb)s MB",
            params={"ext": ext, "mb": TYPES[ext][1] // MB},
            field="file",
        )
    return ext


def add_attachment(
    session: Session,
    *,
    complaint_id: int,
    actor: Principal,
    root: Path,
    filename: str,
    data: bytes,
    kind: str,
    now: datetime,
) -> ComplaintAttachment:
    """A person's upload: they must see the case and may write to it."""
    access.get_visible(session, user=actor, complaint_id=complaint_id)
    if actor.role not in access.WRITERS:
        raise access.Forbidden()
    return _keep(session, complaint_id, actor, root, filename, data, kind, now)


def keep_mailed(
    session: Session, *, complaint_id: int, root: Path, filename: str, data: bytes, now: datetime
) -> ComplaintAttachment:
    """A letter's attachment, kept by the system for the case the letter opened."""
    return _keep(session, complaint_id, None, root, filename, data, "letter", now)


def _keep(
    session: Session,
    complaint_id: int,
    actor: Principal | None,
    root: Path,
    filename: str,
    data: bytes,
    kind: str,
    now: datetime,
) -> ComplaintAttachment:
    """Keep the file on disk and its row (files.keep), and the event on the case."""
    if kind not in KINDS:
        raise AttachmentRefused(field="kind")
    ext = check_file(data)
    row = files.keep(
        session,
        ComplaintAttachment,
        root=root,
        folder=f"complaints/{complaint_id}",
        data=data,
        ext=ext,
        content_type=TYPES[ext][0],
        uploaded_by_id=actor.id if actor else None,
        now=now,
        complaint_id=complaint_id,
        kind=kind,
        filename=Path(filename or f"file.{ext}").name[:200],
    )
    session.flush()
    after = {"attachment_id": row.id, "kind": kind, "size": row.size, "type": ext}
    history.record(session, complaint_id, actor=actor, action="attachment_added", after=after)
    return row


def open_attachment(
    session: Session, *, user: Principal, complaint_id: int, attachment_id: int, root: Path
) -> tuple[ComplaintAttachment, Path]:
    access.get_visible(session, user=user, complaint_id=complaint_id)
    owner, missing = ComplaintAttachment.complaint_id, NotFound(field="attachment_id")
    return files.stored_file(
        session, owner, complaint_id, attachment_id, root=root, missing=missing
    )
