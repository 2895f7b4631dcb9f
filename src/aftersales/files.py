"""Files written alongside a transaction go away when the transaction does not commit.

Attachments live on disk and their rows in the database. The file is written first (a row
must never point at a missing file); if the transaction then rolls back (a refusal, a
409, a crash of the request, an outage) the file would stay behind, unreferenced. So each
file written through `write_with` is remembered on the session and deleted unless the
session's outermost transaction commits.
"""

import base64
import binascii
import hashlib
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import ForeignKey, String, event, select
from sqlalchemy.orm import Mapped, Session, SessionTransaction, mapped_column

from aftersales.db import UTCDateTime, utcnow
from aftersales.errors import InvalidInput, NotFound

_PENDING = "files_pending"


class StoredFileColumns:
    """What a row says about a file it keeps on disk (attachments, photos, signatures):
    where it is, what it is, who uploaded it and when."""

    content_type: Mapped[str] = mapped_column(String(60))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    path: Mapped[str] = mapped_column(String(300))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


R = TypeVar("R", bound=StoredFileColumns)


def keep(
    session: Session,
    row_type: type[R],
    *,
    root: Path,
    folder: str,
    data: bytes,
    ext: str,
    content_type: str,
    uploaded_by_id: int | None,
    now: datetime,
    **fields: Any,
) -> R:
    """Write the file under `root`/`folder`, then add its row (the reverse order could
    serve a row without its file); the file goes away again if the transaction does not
    commit (see `write_with`)."""
    path = Path(root) / folder / f"{uuid.uuid4().hex}.{ext}"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_with(session, path, data)
    row = row_type(
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        path=str(path.relative_to(root)),
        uploaded_by_id=uploaded_by_id,
        created_at=now,
        **fields,
    )
    session.add(row)
    return row


def files_of(session: Session, owner: Any, owner_id: int) -> list[Any]:
    """The file rows of one record, oldest first; `owner` is their column naming it."""
    model = owner.class_
    return list(session.scalars(select(model).where(owner == owner_id).order_by(model.id)))


def stored_file(
    session: Session,
    owner: Any,
    owner_id: int,
    file_id: int,
    *,
    root: Path,
    missing: NotFound,
) -> tuple[Any, Path]:
    """A file row of this record and where it lies under `root`; `missing` when the id is
    another record's or none (the caller has checked the reader may see the record)."""
    row = session.get(owner.class_, file_id)
    if row is None or getattr(row, owner.key) != owner_id:
        raise missing
    return row, Path(root) / row.path


def write_with(session: Session, path: Path, data: bytes) -> None:
    path.write_bytes(data)
    session.info.setdefault(_PENDING, []).append(path)


@event.listens_for(Session, "after_commit")
def _keep(session: Session) -> None:
    session.info.pop(_PENDING, None)


@event.listens_for(Session, "after_transaction_end")
def _remove_unless_committed(session: Session, transaction: SessionTransaction) -> None:
    # Only the outermost transaction decides; a savepoint rolled back inside it may still
    # be followed by a commit of the files written before it.
    if transaction.parent is not None or transaction.nested:
        return
    for path in session.info.pop(_PENDING, []):
        path.unlink(missing_ok=True)


def sniff(data: bytes) -> str | None:
    """The file's type from its first bytes, never from what the client claims."""
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"ID3") or data[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"):
        return "mp3"
    if data[4:8] == b"ftyp" and data[8:11] in (b"M4A", b"mp4", b"iso"):
        return "m4a"
    if data.startswith(b"RIFF") and data[8:12] == b"WAVE":
        return "wav"
    return None


PNG_DATA_URL = "data:image/png;base64,"


def png_from_data_url(data_url: str, *, field: str = "signature") -> bytes:
    """A signature drawn on the tablet's pad (static/signature-pad.js): a PNG data URL."""
    try:
        png = base64.b64decode(data_url.removeprefix(PNG_DATA_URL), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise InvalidInput("Not a PNG data URL", field=field) from exc
    if not data_url.startswith(PNG_DATA_URL) or sniff(png) != "png":
        raise InvalidInput("Not a PNG data URL", field=field)
    return png
