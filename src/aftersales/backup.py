"""`aftersales backup FILE` / `aftersales restore FILE`: one archive holds the database, the
attachments folder and the policy set in force, with a manifest of row counts and a checksum.

The database is copied consistently while the server keeps writing: SQLite through its
online backup API (a page-by-page copy of one committed state), PostgreSQL through
`pg_dump` inside an exported snapshot, the same snapshot the counts and the checksum are
taken from. A restore goes into an empty database (or `--force`), then checks the schema is
at the current migration, the audit log's triggers are in place, and the counts and the
checksum equal the manifest's.
"""

import io
import json
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, inspect, text

from aftersales import migrate
from aftersales.backup_db import (
    checksum,
    copy_sqlite,
    dump_postgres,
    restore_postgres,
    restore_sqlite,
    sqlite_path,
)
from aftersales.db import make_engine
from aftersales.policy.loader import DEFAULT_DIR

FORMAT = 1


class RestoreRefused(Exception):
    pass


@dataclass(frozen=True)
class Summary:
    tables: int
    rows: int
    checksum: str
    attachments: int


def backup(url: str, archive: Path, *, attachments: Path, policy_dir: Path | None) -> Summary:
    with tempfile.TemporaryDirectory() as tmp:
        if url.startswith("sqlite"):
            db_file = Path(tmp) / "database.sqlite"
            copy_sqlite(sqlite_path(url), db_file)
            engine = make_engine(f"sqlite:///{db_file}")
            try:
                counts, digest = checksum(engine)
            finally:
                engine.dispose()
        else:
            db_file = Path(tmp) / "database.dump"
            counts, digest = dump_postgres(url, db_file)
        manifest = {
            "format": FORMAT,
            "database": "sqlite" if url.startswith("sqlite") else "postgresql",
            "counts": counts,
            "checksum": digest,
        }
        files = _write_archive(archive, db_file, manifest, attachments, policy_dir or DEFAULT_DIR)
    return Summary(len(counts), sum(counts.values()), digest, files)


def _write_archive(
    archive: Path, db_file: Path, manifest: dict, attachments: Path, policies: Path
) -> int:
    files = [p for p in attachments.rglob("*") if p.is_file()] if attachments.is_dir() else []
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(db_file, arcname=db_file.name)
        for path in files:
            tar.add(path, arcname=f"attachments/{path.relative_to(attachments)}")
        for path in sorted(policies.glob("*")):
            if path.is_file():
                tar.add(path, arcname=f"policies/{path.name}")
        body = json.dumps(manifest, indent=1).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(body)
        tar.addfile(info, io.BytesIO(body))
    return len(files)


def restore(
    url: str, archive: Path, *, attachments: Path, policy_dir: Path | None, force: bool = False
) -> Summary:
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(archive, "r:gz") as tar:
        tar.extractall(tmp, filter="data")
        manifest = json.loads((Path(tmp) / "manifest.json").read_text())
        _check_target(url, manifest, attachments, force=force)
        if manifest["database"] == "sqlite":
            restore_sqlite(Path(tmp) / "database.sqlite", sqlite_path(url))
        else:
            restore_postgres(Path(tmp) / "database.dump", url, clean=force)
        files = _put_files(Path(tmp), attachments, policy_dir)
    counts, digest = _verify(url, manifest)
    return Summary(len(counts), sum(counts.values()), digest, files)


def _check_target(url: str, manifest: dict, attachments: Path, *, force: bool) -> None:
    kind = "sqlite" if url.startswith("sqlite") else "postgresql"
    if manifest.get("format") != FORMAT or manifest["database"] != kind:
        raise RestoreRefused(f"this archive holds a {manifest['database']} database, not {kind}")
    if force:
        return
    engine = make_engine(url)
    try:
        if inspect(engine).get_table_names():
            raise RestoreRefused("the database is not empty: restore with --force to replace it")
    finally:
        engine.dispose()
    if attachments.is_dir() and any(attachments.iterdir()):
        raise RestoreRefused(f"{attachments} is not empty: restore with --force to replace it")


def _put_files(tmp: Path, attachments: Path, policy_dir: Path | None) -> int:
    count = 0
    for path in (tmp / "attachments").rglob("*") if (tmp / "attachments").is_dir() else []:
        if path.is_file():
            target = attachments / path.relative_to(tmp / "attachments")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
            count += 1
    if policy_dir is not None and (tmp / "policies").is_dir():
        policy_dir.mkdir(parents=True, exist_ok=True)
        for path in (tmp / "policies").iterdir():
            (policy_dir / path.name).write_bytes(path.read_bytes())
    return count


def _verify(url: str, manifest: dict) -> tuple[dict[str, int], str]:
    engine = make_engine(url)
    try:
        if not migrate.is_current(engine):
            raise RestoreRefused("the restored schema is not at the current migration")
        if not audit_triggers_present(engine):
            raise RestoreRefused("the audit log's triggers are missing after the restore")
        counts, digest = checksum(engine)
    finally:
        engine.dispose()
    if counts != manifest["counts"] or digest != manifest["checksum"]:
        raise RestoreRefused("the restored rows differ from the backup's manifest")
    return counts, digest


def audit_triggers_present(engine: Engine) -> bool:
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            found = conn.execute(
                text(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"
                    " AND tbl_name = 'audit_event'"
                )
            ).scalar_one()
            return found >= 2
        found = conn.execute(
            text(
                "SELECT count(*) FROM pg_trigger WHERE tgrelid = "
                "'audit_event'::regclass AND NOT tgisinternal"
            )
        ).scalar_one()
        return found >= 1
