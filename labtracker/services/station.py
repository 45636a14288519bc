"""Open this station's database: find it from the settings, bring its schema up to date, and
describe it for the status bar and for `labtracker db info`.

An existing database at an older schema is backed up before it is upgraded (SQLite: a
verified copy; PostgreSQL: pg_dump), into ``<data dir>/backups``; when that backup fails the
database is not touched. The upgrade and its audit event ("schema upgraded from X to Y;
backup <file> sha256 ...") are one transaction.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, text
from sqlalchemy.engine import make_url

from labtracker.clock import get_clock
from labtracker.db.audit import write_entries
from labtracker.db.engine import make_engine
from labtracker.db.migrate import current_revision, head_revision, known_revisions, upgrade
from labtracker.domain.errors import LabtrackerError
from labtracker.services.context import SYSTEM_USERNAME, Database
from labtracker.settings import StationSettings, load_settings

if TYPE_CHECKING:
    from labtracker.services.backup import BackupReport

BACKUP_FOLDER = "backups"  # under the station's data directory


class DatabaseTooNewError(LabtrackerError):
    """The database was upgraded by a newer labtracker than the one on this station."""


class UpgradeBackupError(LabtrackerError):
    """The backup taken before a schema upgrade failed, so the upgrade was not run."""


class UpgradeNotAllowedError(LabtrackerError):
    """The database needs an upgrade that this station's database role may not make."""


@dataclass(frozen=True)
class DatabaseInfo:
    backend: str  # "SQLite" or "PostgreSQL"
    location: str  # file path, or host:port/database; never a password
    source: str  # where the setting came from
    revision: str | None  # schema revision after opening
    head: str  # the revision this version of labtracker ships
    upgraded_from: str | None = None  # the revision before this start's upgrade, if any
    pre_upgrade_backup: Path | None = None  # the backup taken before that upgrade
    pre_upgrade_sha256: str | None = None

    @property
    def summary(self) -> str:
        return f"{self.backend} · {self.location} · schema {self.revision}"


@dataclass(frozen=True)
class Station:
    settings: StationSettings
    database: Database
    info: DatabaseInfo

    def close(self) -> None:
        self.database.dispose()


def describe_url(url: str) -> tuple[str, str]:
    """(backend name, location) for display; the password never leaves this function."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return "SQLite", parsed.database or ":memory:"
    host = parsed.host or "localhost"
    port = f":{parsed.port}" if parsed.port else ""
    user = f"{parsed.username}@" if parsed.username else ""
    return "PostgreSQL", f"{user}{host}{port}/{parsed.database}"


def open_station(
    settings: StationSettings | None = None, *, migrate: bool = True, station: str | None = None
) -> Station:
    """Connect to the configured database and migrate it to this version's schema.

    A database already at a revision this version does not know was upgraded by newer
    software; it is left untouched and the station refuses to run against it. A database at
    an older revision is backed up first (`backup.pre_upgrade_backup`, into
    ``settings.data_dir / "backups"``); if that fails, `UpgradeBackupError` and nothing is
    changed. ``station`` names this PC in the upgrade's audit event (default: host name).
    """
    settings = settings or load_settings()
    engine = make_engine(settings.database_url)
    upgraded_from: str | None = None
    backup: BackupReport | None = None
    try:
        revision = current_revision(engine)
        if revision is not None and revision not in known_revisions():
            raise DatabaseTooNewError(
                f"The database is at schema revision {revision}, written by a newer labtracker "
                f"than this station's. Install the same version as the other stations; nothing "
                f"was changed."
            )
        if migrate and revision != head_revision():
            name = station or socket.gethostname()
            if revision is not None:  # a new, empty database has nothing to lose
                _require_upgrade_rights(engine, revision)
                backup = _backup_before_upgrade(engine, settings, revision, name)
            before, revision = upgrade(
                engine, then=lambda c, old, new: _record_upgrade(c, old, new, backup, name)
            )
            upgraded_from = before if before != revision and before is not None else None
    except BaseException:
        engine.dispose()
        raise
    backend, location = describe_url(settings.database_url)
    info = DatabaseInfo(
        backend=backend,
        location=location,
        source=settings.database_url_source,
        revision=revision,
        head=head_revision(),
        upgraded_from=upgraded_from,
        pre_upgrade_backup=backup.path if backup else None,
        pre_upgrade_sha256=backup.sha256 if backup else None,
    )
    return Station(settings=settings, database=Database(engine), info=info)


def _require_upgrade_rights(engine: Engine, revision: str) -> None:
    """On PostgreSQL only the tables' owner can alter them; a station signed in with the
    stations' role (docs/postgresql.md) says so at once, before any backup is taken."""
    if engine.dialect.name != "postgresql":
        return
    with engine.connect() as connection:
        row = connection.execute(
            text(
                "SELECT tableowner, current_user AS me, "
                "pg_has_role(current_user, tableowner, 'MEMBER') AS allowed "
                "FROM pg_tables WHERE tablename = 'alembic_version' "
                "AND schemaname = current_schema()"
            )
        ).one_or_none()
    if row is None or row.allowed:
        return
    raise UpgradeNotAllowedError(
        f"The database is at schema revision {revision} and this labtracker needs "
        f"{head_revision()}. Only the role that owns its tables ({row.tableowner}) may upgrade "
        f"it, and this station connects as {row.me}: IT runs `labtracker db upgrade` with the "
        f"owner role (docs/postgresql.md, Upgrading labtracker). Nothing was changed."
    )


def _backup_before_upgrade(
    engine: Engine, settings: StationSettings, revision: str, station: str
) -> BackupReport:
    from labtracker.services.backup import pre_upgrade_backup

    try:
        return pre_upgrade_backup(
            engine, settings.data_dir / BACKUP_FOLDER, revision, station=station
        )
    except Exception as error:  # whatever stopped the backup also stops the upgrade
        raise UpgradeBackupError(
            f"The database was left at schema revision {revision}: this labtracker needs "
            f"{head_revision()}, and the backup that is always taken before an upgrade failed: "
            f"{error} Nothing was changed; fix the cause and start labtracker again."
        ) from error


def _record_upgrade(
    connection: Connection,
    old: str | None,
    new: str | None,
    backup: BackupReport | None,
    station: str,
) -> None:
    """The upgrade's audit event, in the upgrade's own transaction (by the system)."""
    if old is None:
        return  # a new database: its trail starts with the first set-up
    kept = f"backup {backup.path} sha256 {backup.sha256}" if backup else "no backup taken"
    write_entries(
        connection,
        [
            {
                "occurred_at": get_clock().now(),
                "user_id": None,
                "username": SYSTEM_USERNAME,
                "action": "system",
                "table_name": "database",
                "record_id": None,
                "field": None,
                "old_value": None,
                "new_value": f"schema upgraded from {old} to {new}; {kept}",
                "reason": "schema upgrade at start-up",
                "lot_id": None,
                "station": station,
            }
        ],
    )
