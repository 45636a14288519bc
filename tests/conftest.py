"""Fixtures shared by every test: the clock, and real databases on both engines.

Every database test runs twice: on a real SQLite file and on a real PostgreSQL server that
this session starts in a temporary directory (tests/support/pgserver.py). Without PostgreSQL
binaries those runs are skipped loudly, unless LABTRACKER_REQUIRE_POSTGRES=1 (set by
`make test`), in which case they fail.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from labtracker.clock import ManualClock, set_clock
from labtracker.db.audit import AuditContext
from labtracker.db.engine import make_engine, make_session_factory
from labtracker.db.migrate import upgrade
from tests.support.pgserver import PostgresUnavailable, TemporaryPostgres

# The lab (site, people in each role, released reagents) for service and screen tests.
pytest_plugins = ["tests.support.lab"]

START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _station_of_its_own(tmp_path_factory: pytest.TempPathFactory, monkeypatch) -> None:
    """No test reads or writes this PC's own labtracker settings file, data or database; a
    test that wants a station setting writes its own file or environment."""
    home = tmp_path_factory.mktemp("station")
    monkeypatch.setenv("LABTRACKER_SETTINGS_FILE", str(home / "settings.toml"))
    monkeypatch.setenv("LABTRACKER_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("LABTRACKER_LOG_DIR", str(home / "logs"))
    for name in ("LABTRACKER_DATABASE_URL", "LABTRACKER_ZPL_PRINTER"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def clock() -> Iterator[ManualClock]:
    """The process clock, frozen at START and moved only by the test."""
    manual = ManualClock(START)
    previous = set_clock(manual)
    yield manual
    set_clock(previous)


# --- PostgreSQL -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[TemporaryPostgres | str]:
    external = os.environ.get("LABTRACKER_TEST_POSTGRES_URL")
    if external:
        yield external
        return
    try:
        server = TemporaryPostgres.start()
    except PostgresUnavailable as exc:
        if os.environ.get("LABTRACKER_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL is required for this run: {exc}")
        pytest.skip(f"POSTGRESQL TESTS SKIPPED: {exc}")
    yield server
    server.stop()


def _pg_urls(server: TemporaryPostgres | str) -> tuple[str, callable]:
    if isinstance(server, str):
        admin = server
        base = server.rsplit("/", 1)[0]
        return admin, lambda name: f"{base}/{name}"
    return server.admin_url, server.url


class PostgresDatabases:
    """Creates and drops databases on the session's server."""

    def __init__(self, server: TemporaryPostgres | str) -> None:
        admin_url, self.url_for = _pg_urls(server)
        self.admin = make_engine(admin_url, isolation_level="AUTOCOMMIT")

    def create(self, template: str | None = None) -> str:
        name = f"lt_{uuid.uuid4().hex[:12]}"
        clause = f" TEMPLATE {template}" if template else ""
        with self.admin.connect() as conn:
            conn.execute(text(f"CREATE DATABASE {name}{clause}"))
        return name

    def drop(self, name: str) -> None:
        with self.admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


@pytest.fixture(scope="session")
def postgres_databases(postgres_server) -> Iterator[PostgresDatabases]:
    databases = PostgresDatabases(postgres_server)
    yield databases
    databases.admin.dispose()


@pytest.fixture(scope="session")
def postgres_template(postgres_databases: PostgresDatabases) -> str:
    """One database migrated to head, cloned for each test (faster than migrating each time)."""
    name = postgres_databases.create()
    engine = make_engine(postgres_databases.url_for(name))
    upgrade(engine)
    engine.dispose()
    return name


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "labtracker.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()  # closing the last connection checkpoints the WAL into the file
    assert not path.with_name(path.name + "-wal").exists()
    return path


BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def empty_db_url(backend, request, tmp_path) -> Iterator[str]:
    """A URL to a database with no tables at all, on each backend."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'labtracker.sqlite3'}"
        return
    databases: PostgresDatabases = request.getfixturevalue("postgres_databases")
    name = databases.create()
    yield databases.url_for(name)
    databases.drop(name)


@pytest.fixture
def db_url(backend, request, tmp_path) -> Iterator[str]:
    """A URL to a database migrated to head, on each backend."""
    if backend == "sqlite":
        path = tmp_path / "labtracker.sqlite3"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    databases: PostgresDatabases = request.getfixturevalue("postgres_databases")
    name = databases.create(template=request.getfixturevalue("postgres_template"))
    yield databases.url_for(name)
    databases.drop(name)


@pytest.fixture
def engine(db_url) -> Iterator[Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine) -> Iterator[Session]:
    """A session attributed to a test user (the audit hooks refuse unattributed writes)."""
    with make_session_factory(engine)() as session:
        session.info["audit"] = AuditContext(None, "pytest", "test", "test data")
        yield session
