"""A throwaway PostgreSQL server for the test session: real server, temporary cluster.

Uses the PostgreSQL binaries installed on the machine (``make test`` installs them). When run
as root, the cluster belongs to the ``postgres`` system user, as initdb refuses to run as root.
Set ``LABTRACKER_TEST_POSTGRES_URL`` to use an existing server instead (a role allowed to
create databases).
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


class PostgresUnavailable(RuntimeError):
    pass


def find_bindir() -> Path:
    """Where initdb and pg_ctl live: $LABTRACKER_PG_BINDIR, PATH, or Debian's versioned dirs."""
    explicit = os.environ.get("LABTRACKER_PG_BINDIR")
    candidates = [explicit] if explicit else []
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(str(Path(on_path).resolve().parent))
    candidates += sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]), reverse=True
    )
    for candidate in candidates:
        if candidate and (Path(candidate) / "initdb").exists():
            return Path(candidate)
    raise PostgresUnavailable(
        "PostgreSQL server binaries (initdb, pg_ctl) not found; run `make test`, which installs "
        "the postgresql package, or set LABTRACKER_PG_BINDIR"
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class TemporaryPostgres:
    bindir: Path
    root: Path
    port: int
    superuser: str

    @property
    def admin_url(self) -> str:
        return f"postgresql+psycopg://{self.superuser}@127.0.0.1:{self.port}/postgres"

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{self.superuser}@127.0.0.1:{self.port}/{database}"

    @classmethod
    def start(cls) -> TemporaryPostgres:
        bindir = find_bindir()
        as_root = os.geteuid() == 0
        root = Path(tempfile.mkdtemp(prefix="labtracker-pg-"))
        data = root / "data"
        prefix: list[str] = []
        if as_root:
            shutil.chown(root, "postgres", "postgres")
            prefix = ["runuser", "-u", "postgres", "--"]
        superuser = "postgres" if as_root else os.environ.get("USER", "postgres")
        _run(
            [
                *prefix,
                str(bindir / "initdb"),
                "-D",
                str(data),
                "--auth=trust",
                "--username",
                superuser,
                "--no-sync",
                "--encoding=UTF8",
                "--locale=C",
            ]
        )
        port = _free_port()
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={port} -c fsync=off "
            f"-c synchronous_commit=off -c full_page_writes=off "
            f"-c unix_socket_directories={root} -c max_connections=50"
        )
        _run(
            [
                *prefix,
                str(bindir / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(root / "server.log"),
                "-o",
                options,
                "-w",
                "-t",
                "60",
                "start",
            ]
        )
        return cls(bindir=bindir, root=root, port=port, superuser=superuser)

    def stop(self) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run(
            [
                *prefix,
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.root / "data"),
                "-m",
                "immediate",
                "-w",
                "stop",
            ],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(self.root, ignore_errors=True)


def _run(args: list[str]) -> None:
    result = subprocess.run(args, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise PostgresUnavailable(
            f"{' '.join(args[:4])}… failed ({result.returncode}):\n{result.stdout}{result.stderr}"
        )
