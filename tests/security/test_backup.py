"""Backup while complaints keep arriving, restore into an empty database, and find the same
rows, the current schema, the audit triggers and the attachments; a non-empty target is
refused unless forced."""

import tarfile
import threading
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from aftersales import backup
from aftersales.complaints import service as complaints
from aftersales.complaints.models import Complaint
from aftersales.db import make_engine, make_session_factory, utcnow
from aftersales.migrate import is_current
from tests.complaints.factories import form, person


class WriteLoad:
    """Registers complaints in a loop until stopped: the server's traffic during a backup."""

    def __init__(self, engine) -> None:  # noqa: ANN001
        self.factory = make_session_factory(engine)
        self.stop, self.written = threading.Event(), 0
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self.stop.is_set():
            with self.factory() as db:
                complaints.register_complaint(
                    db, data=form(), actor=person(db, "staff"), now=utcnow()
                )
                db.commit()
            self.written += 1

    def __enter__(self) -> "WriteLoad":
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop.set()
        self.thread.join(30)


def _target(engine, postgres, tmp_path: Path) -> str:  # noqa: ANN001
    if engine.dialect.name == "sqlite":
        return f"sqlite:///{tmp_path / 'restored.db'}"
    return postgres.create_database(f"restored_{uuid.uuid4().hex[:8]}")


def _complaints(url: str) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(Complaint)).scalar_one()
    finally:
        engine.dispose()


def test_a_backup_under_write_load_restores_exactly(engine, request, tmp_path):
    postgres = request.getfixturevalue("postgres") if engine.dialect.name != "sqlite" else None
    url = engine.url.render_as_string(hide_password=False)
    files = tmp_path / "files"
    (files / "complaints" / "1").mkdir(parents=True)
    (files / "complaints" / "1" / "a.png").write_bytes(b"\x89PNG\r\n\x1a\nfake")
    archive = tmp_path / "backup.tar.gz"

    with WriteLoad(engine) as load:
        while load.written < 3:
            threading.Event().wait(0.05)
        made = backup.backup(url, archive, attachments=files, policy_dir=None)
    assert load.written > 3 and made.attachments == 1
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert {"manifest.json", "attachments/complaints/1/a.png"} <= set(names)
    assert any(n.startswith("policies/") for n in names)  # the policy set in force

    target, restored_files = _target(engine, postgres, tmp_path), tmp_path / "restored-files"
    done = backup.restore(target, archive, attachments=restored_files, policy_dir=None)

    assert (done.rows, done.checksum) == (made.rows, made.checksum)
    assert (restored_files / "complaints" / "1" / "a.png").read_bytes().endswith(b"fake")
    restored = make_engine(target)
    try:
        assert is_current(restored) and backup.audit_triggers_present(restored)
        with restored.begin() as conn, pytest.raises(Exception, match="(?i)audit|append"):
            conn.execute(text("DELETE FROM audit_event"))
    finally:
        restored.dispose()
    assert 0 < _complaints(target) < _complaints(url)  # a snapshot, not the later writes

    with pytest.raises(backup.RestoreRefused, match="not empty"):
        backup.restore(target, archive, attachments=tmp_path / "other", policy_dir=None)
    again = backup.restore(target, archive, attachments=restored_files, policy_dir=None, force=True)
    assert again.checksum == made.checksum


def test_an_archive_of_one_database_kind_is_refused_by_the_other(sqlite_engine, tmp_path):
    archive = tmp_path / "b.tar.gz"
    backup.backup(str(sqlite_engine.url), archive, attachments=tmp_path / "none", policy_dir=None)
    with pytest.raises(backup.RestoreRefused, match="sqlite"):
        backup.restore(
            "postgresql+psycopg://nobody@127.0.0.1:1/x",
            archive,
            attachments=tmp_path / "x",
            policy_dir=None,
        )
