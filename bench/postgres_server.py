"""A throwaway PostgreSQL server for the store tests and ``bench/store.py``.

Debian's server binaries (``/usr/lib/postgresql/<version>/bin``) run against a data
directory in a temporary folder, on a free local port, listening on 127.0.0.1 only, with
trust authentication for one user. As root the binaries run as the ``postgres`` user
(``runuser -u postgres --``), which owns the folder; ``pg_ctl`` gets a log file and no
inherited pipes, or a caller that captures output would wait for it forever.

    with PostgresServer() as server:
        url = server.create_database("agx")     # postgresql://agx@127.0.0.1:PORT/agx
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType

USER = "agx"


def find_binaries() -> Path | None:
    """The newest ``/usr/lib/postgresql/*/bin`` that has ``initdb`` (or ``AGX_PG_BIN``)."""
    if configured := os.environ.get("AGX_PG_BIN"):
        return Path(configured) if (Path(configured) / "initdb").exists() else None
    found = sorted(
        (Path(path).parent for path in glob.glob("/usr/lib/postgresql/*/bin/initdb")),
        key=lambda folder: int(folder.parent.name) if folder.parent.name.isdigit() else 0,
    )
    return found[-1] if found else None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PostgresServer:
    """Start with :meth:`start` (or ``with``); :meth:`stop` stops it and deletes its folder."""

    def __init__(self, binaries: Path | None = None) -> None:
        found = binaries or find_binaries()
        if found is None:
            raise RuntimeError(
                "PostgreSQL's server binaries were not found (/usr/lib/postgresql/*/bin/initdb); "
                "install Debian's postgresql package (scripts/test.sh does) or set AGX_PG_BIN."
            )
        self.binaries = found
        self.folder = Path(tempfile.mkdtemp(prefix="agx-pg-"))
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self.port = free_port()
        self.running = False
        self._as_postgres = os.geteuid() == 0

    def _run(self, *command: str, timeout: float = 120) -> None:
        argv = [str(self.binaries / command[0]), *command[1:]]
        if self._as_postgres:
            argv = ["runuser", "-u", "postgres", "--", *argv]
        completed = subprocess.run(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=timeout,
            check=False,
        )
        if completed.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(
                f"{command[0]} failed ({completed.returncode}): {completed.stderr.decode(errors='replace')}"
                f"{log}"
            )

    def start(self) -> PostgresServer:
        if self._as_postgres:
            account = pwd.getpwnam("postgres")
            os.chown(self.folder, account.pw_uid, account.pw_gid)
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", USER, "-E", "UTF8", "--no-sync")
        options = f"-p {self.port} -k {self.folder} -h 127.0.0.1 -c fsync=off -c max_connections=60"
        # pg_ctl's server inherits no pipe of ours: its output goes to the log file.
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")
        self.running = True
        return self

    def restart(self) -> None:
        """Stop the server (ending every connection, as an administrator's restart does) and start it
        again on the same port and data."""
        options = f"-p {self.port} -k {self.folder} -h 127.0.0.1 -c fsync=off -c max_connections=60"
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-m", "fast", "-w", "restart"
        )

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """Create database ``name`` (a plain identifier) and return its URL."""
        import psycopg

        if not name.replace("_", "").isalnum():
            raise ValueError(f"not a plain database name: {name!r}")
        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        if self.running:
            try:
                self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop", timeout=60)
            finally:
                self.running = False
        for _ in range(3):
            shutil.rmtree(self.folder, ignore_errors=True)
            if not self.folder.exists():
                break
            time.sleep(0.2)

    def __enter__(self) -> PostgresServer:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
