"""A throwaway PostgreSQL server from the machine's binaries, on a free loopback port.

The server refuses to run as root, so as root it runs as the `postgres` system user in a
temporary folder that user owns.
"""

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


def _bin(name: str) -> str:
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    found = candidates[0] if candidates else shutil.which(name)
    if not found:
        raise RuntimeError(f"PostgreSQL binary {name} not found")
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresServer:
    """`listen`: the address it serves on; `netns`: a network namespace to run it in (a test
    host, see tests/support/netns.py); `allow`: a network whose clients it trusts."""

    def __init__(
        self, *, listen: str = "127.0.0.1", netns: str | None = None, allow: str | None = None
    ) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="aftersales-pg-"))
        self.data = self.root / "data"
        self.listen = listen
        self.netns = netns
        self.allow = allow  # a network (CIDR) whose clients may connect, beside loopback
        self.port = free_port() if netns is None else 5432
        self.as_root = os.geteuid() == 0

    def _run(self, *args: str) -> None:
        cmd = list(args)
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        if self.netns:
            cmd = ["ip", "netns", "exec", self.netns, *cmd]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def start(self) -> "PostgresServer":
        if self.as_root:
            shutil.chown(self.root, "postgres", "postgres")
        os.chmod(self.root, 0o755)
        self._run(
            _bin("initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        if self.allow:
            with (self.data / "pg_hba.conf").open("a") as hba:
                hba.write(f"host all all {self.allow} trust\n")
        self.resume()
        return self

    def resume(self) -> None:
        """Start the server on its existing data folder (after `start` or `pause`)."""
        opts = (
            f"-p {self.port} -k {self.root} -c listen_addresses={self.listen} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        self._run(
            _bin("pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            opts,
            "-l",
            str(self.root / "log"),
            "-w",
            "start",
        )

    def pause(self) -> None:
        """Stop the server and keep its data: an outage that `resume` ends."""
        self._run(_bin("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def url(self, dbname: str) -> str:
        return f"postgresql+psycopg://postgres@{self.listen}:{self.port}/{dbname}"

    def _admin(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(
            f"host={self.listen} port={self.port} user=postgres dbname=postgres", autocommit=True
        ) as conn:
            conn.execute(statement)  # type: ignore[arg-type]  # names made by the suite

    def create_database(self, dbname: str, *, template: str | None = None) -> str:
        copy = f' TEMPLATE "{template}" STRATEGY FILE_COPY' if template else ""
        self._admin(f'CREATE DATABASE "{dbname}"{copy}')
        return self.url(dbname)

    def drop_database(self, dbname: str) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')

    def stop(self) -> None:
        try:
            self._run(_bin("pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
