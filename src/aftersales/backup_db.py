"""The database half of backup and restore: copies, dumps and the row checksum."""

import glob
import hashlib
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import Connection, Engine, MetaData, make_url, select, text

from aftersales.db import make_engine


def sqlite_path(url: str) -> Path:
    return Path(url.split("///", 1)[-1])


def copy_sqlite(source: Path, target: Path) -> None:
    """One committed state of a live database: the backup API reads it in one transaction,
    beside the server's writers (WAL)."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def restore_sqlite(archived: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    copy_sqlite(archived, target)  # the backup API replaces every page of the target


def checksum(engine: Engine, conn: Connection | None = None) -> tuple[dict[str, int], str]:
    """Rows per table and one SHA-256 over every row of every table, in key order."""
    if conn is None:
        with engine.connect() as own:
            return checksum(engine, own)
    meta = MetaData()
    meta.reflect(conn)
    digest, counts = hashlib.sha256(), {}
    for name in sorted(meta.tables):
        table = meta.tables[name]
        order = list(table.primary_key.columns) or list(table.columns)
        rows = conn.execute(select(table).order_by(*order)).tuples().all()
        counts[name] = len(rows)
        digest.update(name.encode())
        for row in rows:
            digest.update(repr(tuple(row)).encode())
    return counts, digest.hexdigest()


def libpq_url(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _tool(name: str, server_major: int) -> str:
    """`pg_dump`/`pg_restore` of the server's major version: an older one cannot read it."""
    for candidate in [
        f"/usr/lib/postgresql/{server_major}/bin/{name}",
        shutil.which(name) or "",
        *sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True),
    ]:
        if candidate and Path(candidate).exists():
            version = subprocess.run(
                [candidate, "--version"], capture_output=True, text=True, check=True
            ).stdout
            found = re.search(r"\(PostgreSQL\)\s+(\d+)", version)
            if found and int(found.group(1)) == server_major:
                return candidate
    raise RuntimeError(
        f"{name} for PostgreSQL {server_major} not found: install it, or back up "
        "with your own tooling (see README, Backups)"
    )


def _server_major(conn: Connection) -> int:
    return int(conn.execute(text("SHOW server_version_num")).scalar_one()) // 10000


def dump_postgres(url: str, target: Path) -> tuple[dict[str, int], str]:
    """pg_dump inside an exported snapshot; the counts and checksum read the same snapshot."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            conn.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"))
            snapshot = conn.execute(text("SELECT pg_export_snapshot()")).scalar_one()
            tool = _tool("pg_dump", _server_major(conn))
            subprocess.run(
                [
                    tool,
                    "--format=custom",
                    f"--snapshot={snapshot}",
                    "--no-owner",
                    f"--file={target}",
                    libpq_url(url),
                ],
                check=True,
                capture_output=True,
            )
            found = checksum(engine, conn)
            conn.rollback()
        return found
    finally:
        engine.dispose()


def restore_postgres(dump: Path, url: str, *, clean: bool) -> None:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            tool = _tool("pg_restore", _server_major(conn))
    finally:
        engine.dispose()
    args = [
        tool,
        "--no-owner",
        "--exit-on-error",
        "--single-transaction",
        f"--dbname={libpq_url(url)}",
    ]
    if clean:
        args += ["--clean", "--if-exists"]
    subprocess.run([*args, str(dump)], check=True, capture_output=True)
