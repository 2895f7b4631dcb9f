"""A streaming replica of the test PostgreSQL: pg_basebackup from the primary, then a hot
standby on its own port that follows the primary's WAL."""

import os
import shutil

from tests.support.postgres import PostgresServer, _bin


class Replica(PostgresServer):
    def __init__(self, primary: PostgresServer) -> None:
        super().__init__()
        self.primary = primary

    def start(self) -> "Replica":
        if self.as_root:
            shutil.chown(self.root, "postgres", "postgres")
        os.chmod(self.root, 0o755)
        self._run(
            _bin("pg_basebackup"),
            "-h",
            "127.0.0.1",
            "-p",
            str(self.primary.port),
            "-U",
            "postgres",
            "-D",
            str(self.data),
            "-R",
            "-X",
            "stream",
            "-c",
            "fast",
        )
        self.resume()  # standby.signal from -R: it starts as a hot standby
        return self

    def resume(self) -> None:
        opts = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
            "-c hot_standby=on -c max_connections=200"
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
