"""Files written alongside a transaction go away when the transaction does not commit.

Attachments live on disk and their rows in the database. The file is written first (a row
must never point at a missing file); if the transaction then rolls back (a refusal, a
409, a crash of the request, an outage) the file would stay behind, unreferenced. So each
file written through `write_with` is remembered on the session and deleted unless the
session's outermost transaction commits.
"""

from pathlib import Path

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

_PENDING = "files_pending"


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
