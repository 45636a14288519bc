"""Backup and restore of the station's database, and the reminder that a backup is due.

A backup is one file plus two small files beside it: ``<file>.sha256`` (the SHA-256 of the
file, in ``sha256sum`` format, so ``sha256sum -c`` checks it without labtracker) and
``<file>.json`` (a manifest: what was backed up, when, by whom, schema revision, audit entries
verified, rows per table). The three appear together or not at all: everything is written to
temporary names beside the target and renamed into place only once the copy has passed its
checks, and an existing backup is never overwritten.

* SQLite: SQLite's online backup API copies the live file in one step, inside one read
  transaction, so stations keep saving (WAL) while it runs and the copy is one moment of the
  database. The copy is then checked (``PRAGMA integrity_check``, the audit chain, the schema
  revision) before it is kept.
* PostgreSQL: ``pg_dump --format=custom`` reads the snapshot of a REPEATABLE READ transaction
  in which the audit chain is verified too (``pg_export_snapshot`` / ``--snapshot``), so the
  dump and the check see exactly the same rows. The password goes to pg_dump in its
  environment (``PGPASSWORD``), never on its command line.

Restore goes only into an EMPTY database of the same kind, after the checksum is checked, and
the restored database must show the same rows per table and an intact audit chain. Every
backup and restore leaves one audit event in the database it concerns.
"""

from __future__ import annotations

import contextlib
import getpass
import glob
import hashlib
import json
import os
import re
import secrets
import shutil
import socket
import sqlite3
import subprocess
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, select, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from labtracker import __version__
from labtracker.clock import get_clock
from labtracker.db.audit import (
    AuditContext,
    ChainReport,
    entry_hash,
    record_system_event,
    verify_chain,
)
from labtracker.db.engine import make_engine
from labtracker.db.migrate import known_revisions
from labtracker.db.models import AuditEntry
from labtracker.domain.errors import InvalidValueError, LabtrackerError
from labtracker.domain.permissions import Action
from labtracker.services.context import SYSTEM_USERNAME, Actor, Database, authorise
from labtracker.services.records import (
    require_text,
    site_setting,
    store_site_setting,
    user_name,
)
from labtracker.services.station import DatabaseTooNewError, describe_url
from labtracker.settings import StationSettings, normalise_database_url, redact_url

BACKUP_FORMAT = "labtracker-backup/1"
SQLITE, POSTGRESQL = "SQLite", "PostgreSQL"
PG_BINDIR_VARIABLE = "LABTRACKER_PG_BINDIR"
BACKUP_INTERVAL_KEY = "backup_interval_hours"
DEFAULT_BACKUP_INTERVAL_HOURS = 24
MAX_BACKUP_INTERVAL_HOURS = 720  # 30 days
_SQLITE_MAGIC = b"SQLite format 3\x00"
_PGDUMP_MAGIC = b"PGDMP"
_BACKUP_EVENT = re.compile(
    r"^Database backed up by (?P<user>\S+) to (?P<path>.+) \(SHA-256 (?P<sha>[0-9a-f]{64}),"
)
# libpq connection parameters a database URL's query may carry, passed on to pg_dump.
_LIBPQ_PARAMETERS = frozenset(
    {
        "host",
        "hostaddr",
        "port",
        "sslmode",
        "sslrootcert",
        "sslcert",
        "sslkey",
        "sslcrl",
        "connect_timeout",
        "application_name",
        "target_session_attrs",
        "gssencmode",
        "options",
        "passfile",
        "service",
    }
)


class BackupError(LabtrackerError):
    """A backup or restore was refused or failed; the message says why and what was left."""


@dataclass(frozen=True)
class BackupReport:
    """A backup that was made and checked."""

    path: Path
    sha256: str
    size_bytes: int
    backend: str  # "SQLite" or "PostgreSQL"
    schema_revision: str
    audit_entries_checked: int
    made_at: datetime
    last_entry_hash: str | None = None  # of the copy's newest audit entry
    checksum_path: Path | None = None
    manifest_path: Path | None = None


@dataclass(frozen=True)
class BackupCheck:
    """What `verify_backup` found; ``ok`` when nothing is wrong."""

    path: Path
    backend: str | None
    sha256: str  # of the file as it is now
    size_bytes: int
    schema_revision: str | None
    made_at: datetime | None
    made_by: str | None
    station: str | None
    labtracker_version: str | None
    integrity: str | None  # SQLite's integrity_check ("ok"); None for a PostgreSQL dump
    audit_entries_checked: int | None  # counted in the file (SQLite), from the manifest (dump)
    chain_checked_in_file: bool  # False for a dump: its chain is checked when made and restored
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class RestoreReport:
    backup: Path
    sha256: str
    backend: str
    location: str  # the database restored into; never a password
    schema_revision: str
    tables: int
    rows: int
    audit_entries_checked: int  # after the restore's own audit event
    backup_made_at: datetime
    backup_made_by: str
    restored_at: datetime


@dataclass(frozen=True)
class BackupStatus:
    """For the administrators' reminder: when the last backup was made and when one is due."""

    interval_hours: int
    last_backup_at: datetime | None
    last_backup_by: str | None  # user ID
    last_backup_by_name: str | None  # full name
    last_backup_station: str | None
    last_backup_file: str | None  # file name only
    last_backup_path: str | None  # as written on the station that made it
    last_backup_sha256: str | None
    due_at: datetime | None  # last backup + interval; None when there never was one
    overdue: bool  # no backup yet, or due_at has passed
    checked_at: datetime


@dataclass(frozen=True)
class _Facts:
    """What a copy holds, read in one transaction."""

    revision: str | None
    chain: ChainReport
    last_entry_id: int | None
    last_entry_hash: str | None
    tables: dict[str, int]


# --- making a backup --------------------------------------------------------------------------


def backup_database(db: Database, actor: Actor, target: Path, *, station: str) -> BackupReport:
    """Back up the database to ``target`` while it is in use (administrators only).

    The copy is checked before it is kept; one audit event records who backed up what to
    which file, with its SHA-256 (that event is, by nature, not in the copy).
    """
    target = Path(target)
    with db.reading() as session:
        authorise(session, actor, Action.BACKUP_DATABASE)
    report = _make_backup(
        db.engine,
        target,
        made_by=actor.username,
        made_by_user_id=actor.user_id,
        station=station,
        purpose="backup",
    )
    backend, location = describe_url(_full_url(db.engine))
    what = (
        f"Database backed up by {actor.username} to {report.path} (SHA-256 {report.sha256}, "
        f"{report.size_bytes} bytes; {backend} {location}, schema {report.schema_revision}; "
        f"audit chain verified in the copy: {report.audit_entries_checked} entries, last entry "
        f"hash {report.last_entry_hash})"
    )
    context = AuditContext(actor.user_id, actor.username, station, "database backup")
    try:
        with db.writing(context) as session:
            record_system_event(session, context, "database", None, what)
    except Exception as error:
        _remove(report.path, _checksum_path(report.path), _manifest_path(report.path))
        raise BackupError(
            f"The backup to {report.path} was made but could not be recorded in the audit "
            f"trail ({error}); it was deleted, since every backup must be on record. Try again."
        ) from error
    return report


def pre_upgrade_backup(
    engine: Engine, folder: Path, revision: str, *, station: str
) -> BackupReport:
    """The backup taken before a schema upgrade, into ``folder`` (made by the system).

    ``pre-upgrade-<revision>-<UTC time>.sqlite3`` (or ``.dump`` for PostgreSQL); the caller
    records the upgrade, with this file's name and SHA-256, in the audit trail.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    stamp_text = get_clock().now().strftime("%Y%m%dT%H%M%SZ")
    suffix = ".sqlite3" if _backend(engine) == SQLITE else ".dump"
    return _make_backup(
        engine,
        folder / f"pre-upgrade-{revision}-{stamp_text}{suffix}",
        made_by=SYSTEM_USERNAME,
        made_by_user_id=None,
        station=station,
        purpose=f"before upgrading from schema {revision}",
    )


def _make_backup(
    engine: Engine,
    target: Path,
    *,
    made_by: str,
    made_by_user_id: int | None,
    station: str,
    purpose: str,
) -> BackupReport:
    target = Path(target).absolute()
    _refuse_existing(target)
    if not target.parent.is_dir():
        raise BackupError(
            f"The folder {target.parent} does not exist (is the backup drive or share "
            f"connected?); no backup was made."
        )
    backend = _backend(engine)
    made_at = get_clock().now()
    partial = target.with_name(f".{target.name}.partial-{secrets.token_hex(4)}")
    extra: dict[str, Any] = {}
    renamed: list[Path] = []
    try:
        if backend == SQLITE:
            facts, extra = _copy_sqlite(engine, partial)
        else:
            facts, extra = _dump_postgres(engine, partial)
        _require_sound(
            facts, "in the copy", "The backup was not kept; the database was not changed."
        )
        _fsync(partial)
        sha, size = _sha256(partial)
        manifest = {
            "format": BACKUP_FORMAT,
            "labtracker_version": __version__,
            "backend": backend,
            "database": describe_url(_full_url(engine))[1],
            "schema_revision": facts.revision,
            "audit": {
                "entries_checked": facts.chain.entries_checked,
                "last_entry_id": facts.last_entry_id,
                "last_entry_hash": facts.last_entry_hash,
            },
            "tables": facts.tables,
            "made_at": made_at.isoformat(),
            "made_by": made_by,
            "made_by_user_id": made_by_user_id,
            "station": station,
            "purpose": purpose,
            "file": target.name,
            "sha256": sha,
            "size_bytes": size,
            **extra,
        }
        sidecars = {
            _manifest_path(target): json.dumps(manifest, indent=2, ensure_ascii=False) + "\n",
            _checksum_path(target): f"{sha}  {target.name}\n",
        }
        written = []
        for final, content in sidecars.items():
            temporary = final.with_name(f".{final.name}.partial-{secrets.token_hex(4)}")
            temporary.write_text(content, encoding="utf-8")
            _fsync(temporary)
            written.append((temporary, final))
        _refuse_existing(target)  # nobody wrote there while we were copying
        for temporary, final in [*written, (partial, target)]:
            os.replace(temporary, final)
            renamed.append(final)
        _fsync_folder(target.parent)
    except BaseException as error:
        _remove(partial, *renamed)  # only what this backup put there
        for leftover in target.parent.glob(f".{glob.escape(target.name)}*.partial-*"):
            _remove(leftover)
        if isinstance(error, OSError):  # disk full, no permission, share gone
            raise BackupError(
                f"Writing the backup {target} failed ({error}); nothing was kept."
            ) from error
        raise
    return BackupReport(
        path=target,
        sha256=sha,
        size_bytes=size,
        backend=backend,
        schema_revision=str(facts.revision),
        audit_entries_checked=facts.chain.entries_checked,
        made_at=made_at,
        last_entry_hash=facts.last_entry_hash,
        checksum_path=_checksum_path(target),
        manifest_path=_manifest_path(target),
    )


def _copy_sqlite(engine: Engine, partial: Path) -> tuple[_Facts, dict[str, Any]]:
    source_path = _sqlite_path(engine.url)
    if not source_path.is_file():
        raise BackupError(f"There is no database file {source_path} to back up.")
    try:
        source = sqlite3.connect(str(source_path), timeout=30)
        try:
            destination = sqlite3.connect(str(partial))
            try:
                # One step (pages=-1): the whole file is read inside one read transaction, so
                # the copy is one moment of the database; in WAL mode stations keep saving.
                source.backup(destination)
                # The copy is a single self-contained file, not a WAL database.
                destination.execute("PRAGMA journal_mode=DELETE")
                integrity = _integrity(destination)
            finally:
                destination.close()
        finally:
            source.close()
    except sqlite3.Error as error:
        raise BackupError(f"SQLite could not copy {source_path} ({error}); try again.") from error
    if integrity != "ok":
        raise BackupError(
            f"The copy failed SQLite's integrity check ({integrity}); it was not kept. Check the "
            f"disk holding {source_path} and the backup folder, then try again."
        )
    with _read_only_sqlite(partial) as connection:
        facts = _facts(connection)
    return facts, {"sqlite_integrity_check": integrity, "sqlite_version": sqlite3.sqlite_version}


def _dump_postgres(engine: Engine, partial: Path) -> tuple[_Facts, dict[str, Any]]:
    url = engine.url
    with engine.connect() as plain:
        connection = plain.execution_options(
            isolation_level="REPEATABLE READ", postgresql_readonly=True
        )
        with connection.begin():
            snapshot = connection.execute(text("SELECT pg_export_snapshot()")).scalar_one()
            server_version = str(connection.execute(text("SHOW server_version")).scalar_one())
            server_major = int(connection.execute(text("SHOW server_version_num")).scalar_one())
            server_major //= 10000
            pg_dump, dump_version = find_pg_tool("pg_dump", at_least=server_major)
            conninfo, environment = _libpq(url)
            # pg_dump reads the exported snapshot while this transaction stays open, and the
            # chain is verified in the same snapshot meanwhile: both see the same rows.
            process = subprocess.Popen(
                [
                    str(pg_dump),
                    "--format=custom",
                    f"--snapshot={snapshot}",
                    "--no-password",
                    f"--file={partial}",
                    f"--dbname={conninfo}",
                ],
                env=environment,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            try:
                facts = _facts(connection)
            except BaseException:
                process.kill()
                process.communicate()
                raise
            _, errors = process.communicate()
            if process.returncode != 0:
                raise BackupError(
                    f"pg_dump {dump_version} failed (exit {process.returncode}); no backup was "
                    f"made: {_last_lines(errors)}"
                )
    listing = _pg_restore_list(partial, at_least=_major(dump_version))
    if "TABLE DATA public audit_entry" not in listing:
        raise BackupError("The dump pg_dump wrote has no audit trail data; it was not kept.")
    return facts, {"pg_dump_version": dump_version, "server_version": server_version}


def _facts(connection: Connection) -> _Facts:
    tables = _table_names(connection)
    if "alembic_version" not in tables or "audit_entry" not in tables:
        raise BackupError(
            "The database has no labtracker schema yet (run `labtracker db upgrade`); there is "
            "nothing to back up."
        )
    revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    chain = verify_chain(connection)
    last = connection.execute(
        select(AuditEntry.id, AuditEntry.entry_hash).order_by(AuditEntry.id.desc()).limit(1)
    ).first()
    quote = connection.dialect.identifier_preparer.quote
    counts = {
        name: int(connection.execute(text(f"SELECT count(*) FROM {quote(name)}")).scalar_one())
        for name in tables
    }
    return _Facts(
        revision=revision,
        chain=chain,
        last_entry_id=last.id if last else None,
        last_entry_hash=last.entry_hash if last else None,
        tables=counts,
    )


def _require_sound(facts: _Facts, where: str, consequence: str) -> None:
    if not facts.chain.intact:
        raise BackupError(
            f"The audit trail {where} is broken at entry {facts.chain.first_bad_entry_id}: "
            f"{facts.chain.problem}. {consequence} Run `labtracker audit verify` and tell QA."
        )
    if facts.revision is None:
        raise BackupError(f"The schema revision {where} is missing. {consequence}")


# --- checking a backup ------------------------------------------------------------------------


def verify_backup(path: Path) -> BackupCheck:
    """Check a backup file on its own (no database needed): checksum and manifest; for SQLite
    also the integrity check and the audit chain in the file, for a dump that pg_restore
    reads it."""
    path = Path(path).absolute()
    if not path.is_file():
        raise BackupError(f"There is no backup file {path}.")
    problems: list[str] = []
    sha, size = _sha256(path)
    problems += _checksum_problems(path, sha)
    manifest, manifest_problems = _read_manifest(path)
    problems += manifest_problems
    if manifest.get("sha256") and manifest["sha256"] != sha:
        problems.append(
            f"the file's SHA-256 ({sha}) differs from the one in its manifest "
            f"({manifest['sha256']})"
        )
    backend = _file_backend(path)
    if backend is None:
        problems.append("it is neither a SQLite database nor a PostgreSQL dump")
    elif manifest.get("backend") and manifest["backend"] != backend:
        problems.append(f"the manifest says {manifest['backend']} but the file is {backend}")
    integrity, entries, revision = None, None, manifest.get("schema_revision")
    chain_in_file = False
    if backend == SQLITE:
        integrity, entries, revision, found = _check_sqlite_file(path, manifest)
        chain_in_file = entries is not None
        problems += found
    elif backend == POSTGRESQL:
        entries = manifest.get("audit", {}).get("entries_checked")
        problems += _check_dump(path, manifest)
    return BackupCheck(
        path=path,
        backend=backend,
        sha256=sha,
        size_bytes=size,
        schema_revision=revision,
        made_at=_parse_time(manifest.get("made_at")),
        made_by=manifest.get("made_by"),
        station=manifest.get("station"),
        labtracker_version=manifest.get("labtracker_version"),
        integrity=integrity,
        audit_entries_checked=entries,
        chain_checked_in_file=chain_in_file,
        problems=tuple(problems),
    )


def _checksum_problems(path: Path, sha: str) -> list[str]:
    sidecar = _checksum_path(path)
    try:
        line = sidecar.read_text(encoding="utf-8").strip()
    except OSError:
        return [f"its checksum file {sidecar.name} is missing"]
    recorded = line.split()[0].lower() if line else ""
    if recorded != sha:
        return [
            f"its SHA-256 is {sha} but {sidecar.name} says {recorded or 'nothing'}: the file was "
            f"changed or damaged after the backup was made"
        ]
    return []


def _read_manifest(path: Path) -> tuple[dict[str, Any], list[str]]:
    sidecar = _manifest_path(path)
    try:
        manifest = json.loads(sidecar.read_text(encoding="utf-8"))
    except OSError:
        return {}, [f"its manifest {sidecar.name} is missing"]
    except ValueError as error:
        return {}, [f"its manifest {sidecar.name} is not readable JSON ({error})"]
    if not isinstance(manifest, dict) or manifest.get("format") != BACKUP_FORMAT:
        return {}, [f"{sidecar.name} is not a labtracker backup manifest ({BACKUP_FORMAT})"]
    return manifest, []


def _check_sqlite_file(
    path: Path, manifest: Mapping[str, Any]
) -> tuple[str | None, int | None, str | None, list[str]]:
    problems: list[str] = []
    try:
        with _read_only_sqlite(path) as connection:
            integrity = _integrity(connection.connection.driver_connection)
            if integrity != "ok":
                return integrity, None, None, [f"SQLite's integrity check says: {integrity}"]
            facts = _facts(connection)
    except (sqlite3.DatabaseError, BackupError) as error:
        return None, None, None, [f"it cannot be read as a labtracker database ({error})"]
    except Exception as error:  # a damaged file surfaces as SQLAlchemy's wrapper too
        return None, None, None, [f"it cannot be read as a labtracker database ({error})"]
    if not facts.chain.intact:
        problems.append(
            f"its audit trail is broken at entry {facts.chain.first_bad_entry_id}: "
            f"{facts.chain.problem}"
        )
    problems += _manifest_mismatches(facts, manifest)
    return integrity, facts.chain.entries_checked, facts.revision, problems


def _manifest_mismatches(facts: _Facts, manifest: Mapping[str, Any]) -> list[str]:
    if not manifest:
        return []
    problems = []
    if manifest.get("schema_revision") != facts.revision:
        problems.append(
            f"it is at schema {facts.revision} but its manifest says "
            f"{manifest.get('schema_revision')}"
        )
    audit = manifest.get("audit", {})
    if audit.get("last_entry_hash") != facts.last_entry_hash:
        problems.append("its newest audit entry is not the one its manifest names")
    expected = manifest.get("tables", {})
    for name in sorted(set(expected) | set(facts.tables)):
        if expected.get(name) != facts.tables.get(name):
            problems.append(
                f"table {name} has {facts.tables.get(name, 'no')} rows; the manifest says "
                f"{expected.get(name, 'none')}"
            )
    return problems


def _check_dump(path: Path, manifest: Mapping[str, Any]) -> list[str]:
    dump_version = str(manifest.get("pg_dump_version") or "")
    try:
        listing = _pg_restore_list(path, at_least=_major(dump_version) if dump_version else None)
    except BackupError as error:
        if "not found" in str(error) or "older than" in str(error):
            raise
        return [str(error)]
    if "TABLE DATA public audit_entry" not in listing:
        return ["the dump holds no audit trail data"]
    return []


# --- restoring --------------------------------------------------------------------------------


def restore_database(
    backup: Path,
    target: StationSettings | str,
    *,
    station: str | None = None,
    os_user: str | None = None,
) -> RestoreReport:
    """Restore a backup into an EMPTY database of the same kind (no user: nobody can sign in
    to an empty database). The checksum is checked before anything is touched; afterwards the
    audit chain must verify and every table must hold the rows the manifest lists. The
    restored database gets one audit event saying from which file, when, where and by whom."""
    backup = Path(backup).absolute()
    url = target.database_url if isinstance(target, StationSettings) else target
    url = normalise_database_url(url, field="Database to restore into")
    station = station or socket.gethostname()
    os_user = os_user or _os_login()
    if not backup.is_file():
        raise BackupError(f"There is no backup file {backup}; nothing was changed.")
    sha, _ = _sha256(backup)
    refusals = _checksum_problems(backup, sha)
    manifest, manifest_problems = _read_manifest(backup)
    refusals += manifest_problems
    if refusals:
        raise BackupError(
            f"The backup {backup} was not restored: {'; '.join(refusals)}. Nothing was changed."
        )
    file_backend = _file_backend(backup)
    target_backend, location = describe_url(url)
    if file_backend != manifest.get("backend"):
        raise BackupError(
            f"The backup {backup} is not what its manifest says ({manifest.get('backend')}); it "
            f"was not restored. Nothing was changed."
        )
    if file_backend != target_backend:
        raise BackupError(
            f"{backup.name} is a {file_backend} backup and the database to restore into is "
            f"{target_backend} ({location}). A backup restores only into the same kind of "
            f"database: a SQLite backup is a copy of the database file, a PostgreSQL backup "
            f"is a pg_dump archive that only PostgreSQL reads. Nothing was changed."
        )
    revision = str(manifest.get("schema_revision"))
    if revision not in known_revisions():
        raise DatabaseTooNewError(
            f"The backup {backup.name} is at schema revision {revision}, written by a newer "
            f"labtracker than this one ({__version__}). Restore it with the version that made "
            f"it ({manifest.get('labtracker_version')}) or newer; nothing was changed."
        )
    restored_at = get_clock().now()
    made_at = _parse_time(manifest.get("made_at")) or restored_at
    what = (
        f"Database restored from {backup} (SHA-256 {sha}) at {restored_at.isoformat()} on "
        f"{station} by OS user {os_user}; the backup was made {manifest.get('made_at')} by "
        f"{manifest.get('made_by')} on {manifest.get('station')} at schema {revision}"
    )
    context = AuditContext(None, SYSTEM_USERNAME, station, "database restored from a backup")
    if file_backend == SQLITE:
        entries = _restore_sqlite(backup, make_url(url), manifest, context, what)
    else:
        entries = _restore_postgres(backup, url, manifest, context, what)
    tables = manifest.get("tables", {})
    return RestoreReport(
        backup=backup,
        sha256=sha,
        backend=target_backend,
        location=location,
        schema_revision=revision,
        tables=len(tables),
        rows=sum(tables.values()),
        audit_entries_checked=entries,
        backup_made_at=made_at,
        backup_made_by=str(manifest.get("made_by")),
        restored_at=restored_at,
    )


def _restore_sqlite(
    backup: Path, url: URL, manifest: Mapping[str, Any], context: AuditContext, what: str
) -> int:
    target = _sqlite_path(url)
    found = _live_sqlite_tables(target)
    if found:
        raise _not_empty(target, found)
    partial = target.with_name(f".{target.name}.restoring-{secrets.token_hex(4)}")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with _read_only_sqlite(backup) as source:
            destination = sqlite3.connect(str(partial))
            try:
                source.connection.driver_connection.backup(destination)
                destination.execute("PRAGMA journal_mode=WAL")
                integrity = _integrity(destination)
            finally:
                destination.close()
        if integrity != "ok":
            raise BackupError(f"The restored copy failed SQLite's integrity check: {integrity}")
        entries = _finish_restore(
            make_engine(f"sqlite:///{partial}"),
            manifest,
            context,
            what,
            otherwise="The restored copy was deleted; nothing was changed.",
        )
        found = _live_sqlite_tables(target)  # nobody created tables meanwhile
        if found:
            raise _not_empty(target, found)
        _remove(Path(f"{target}-wal"), Path(f"{target}-shm"))
        os.replace(partial, target)
        _fsync_folder(target.parent)
    except BaseException as error:
        _remove(partial, Path(f"{partial}-wal"), Path(f"{partial}-shm"))
        if isinstance(error, OSError | sqlite3.Error):
            raise BackupError(
                f"Restoring into {target} failed ({error}); nothing was changed."
            ) from error
        raise
    return entries


def _restore_postgres(
    backup: Path, url: str, manifest: Mapping[str, Any], context: AuditContext, what: str
) -> int:
    engine = make_engine(url)
    try:
        try:
            with engine.connect() as connection:
                found = _table_names(connection)
                server = int(connection.execute(text("SHOW server_version_num")).scalar_one())
        except OperationalError as error:
            raise BackupError(
                f"Cannot connect to {describe_url(url)[1]} ({error.orig}); nothing was changed."
            ) from error
        if found:
            raise _not_empty(describe_url(url)[1], found)
        dump_major = _major(str(manifest.get("pg_dump_version") or ""))
        pg_restore, version = find_pg_tool("pg_restore", at_least=dump_major or None)
        if server // 10000 < _major(str(manifest.get("server_version") or "")):
            raise BackupError(
                f"The dump was made from PostgreSQL {manifest.get('server_version')}; this "
                f"server is older ({server // 10000}). Restore into the same major version or "
                f"a newer one; nothing was changed."
            )
        conninfo, environment = _libpq(engine.url)
        result = subprocess.run(
            [
                str(pg_restore),
                "--no-owner",
                "--exit-on-error",
                "--single-transaction",
                "--no-password",
                f"--dbname={conninfo}",
                str(backup),
            ],
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise BackupError(
                f"pg_restore {version} failed (exit {result.returncode}); it runs in one "
                f"transaction, so nothing was changed: {_last_lines(result.stderr)}"
            )
        return _finish_restore(engine, manifest, context, what, dispose=False)
    finally:
        engine.dispose()


def _finish_restore(
    engine: Engine,
    manifest: Mapping[str, Any],
    context: AuditContext,
    what: str,
    *,
    dispose: bool = True,
    otherwise: str = "Do not use it: empty the database again and restore another backup.",
) -> int:
    """Check the restored database against the manifest, then record the restore in it."""
    try:
        with engine.connect() as connection, connection.begin():
            facts = _facts(connection)
        _require_sound(facts, "of the restored database", otherwise)
        mismatches = _manifest_mismatches(facts, manifest)
        if mismatches:
            raise BackupError(
                "The restored database does not match its backup's manifest: "
                + "; ".join(mismatches)
                + f". {otherwise}"
            )
        database = Database(engine)
        with database.writing(context) as session:
            record_system_event(session, context, "database", None, what)
        # The chain up to the backup's last entry was walked above; the restore's own entry
        # must be the only one after it, linked to it and hashing to what it says.
        columns = list(AuditEntry.__table__.c)
        with engine.connect() as connection:
            added = (
                connection.execute(
                    select(*columns).where(AuditEntry.id > (facts.last_entry_id or 0))
                )
                .mappings()
                .all()
            )
        links = len(added) == 1 and added[0]["previous_hash"] == facts.last_entry_hash
        if not links or entry_hash(dict(added[0])) != added[0]["entry_hash"]:
            raise BackupError(
                f"After the restore the audit trail does not end with the restore's own entry, "
                f"linked to the backup's last one. {otherwise}"
            )
        return facts.chain.entries_checked + 1
    finally:
        if dispose:
            engine.dispose()


def _not_empty(where: object, tables: list[str]) -> BackupError:
    shown = ", ".join(tables[:8]) + (f" and {len(tables) - 8} more" if len(tables) > 8 else "")
    return BackupError(
        f"The database {where} is not empty: it has {len(tables)} table(s) ({shown}). A backup "
        f"is restored only into an empty database, so nothing is overwritten; nothing was "
        f"changed. Point the station at a new, empty database (or file) and restore again."
    )


# --- the reminder -----------------------------------------------------------------------------


def backup_interval_hours(session: Session) -> int:
    """Session-level: the site's hours between backups (default 24)."""
    return int(site_setting(session, BACKUP_INTERVAL_KEY, DEFAULT_BACKUP_INTERVAL_HOURS))


def set_backup_interval(db: Database, actor: Actor, reason: str, hours: int) -> int:
    """How often a backup is due, in hours (1 to 720): a regulated site setting, audited."""
    reason = require_text("Reason", reason)
    if isinstance(hours, bool) or not isinstance(hours, int):
        raise InvalidValueError("Backup interval", hours, "a whole number of hours from 1 to 720")
    if not 1 <= hours <= MAX_BACKUP_INTERVAL_HOURS:
        raise InvalidValueError(
            "Backup interval",
            hours,
            f"a whole number of hours from 1 to {MAX_BACKUP_INTERVAL_HOURS}",
        )
    with db.writing(actor, reason) as session:
        authorise(session, actor, Action.MANAGE_SITE_SETTINGS)
        store_site_setting(
            session,
            actor,
            BACKUP_INTERVAL_KEY,
            hours,
            "Hours between database backups (reminder to administrators)",
        )
        return hours


def backup_status(db: Database) -> BackupStatus:
    """When the last backup (`backup_database`) was made, by whom, to which file, and whether
    the next one is overdue. Read only, no actor: the app shows it to administrators."""
    now = get_clock().now()
    with db.reading() as session:
        interval = backup_interval_hours(session)
        entry = session.scalars(
            select(AuditEntry)
            .where(
                AuditEntry.action == "system",
                AuditEntry.table_name == "database",
                AuditEntry.new_value.like("Database backed up by %"),
            )
            .order_by(AuditEntry.id.desc())
            .limit(1)
        ).first()
        match = _BACKUP_EVENT.match(entry.new_value or "") if entry else None
        if entry is None or match is None:
            return BackupStatus(
                interval_hours=interval,
                last_backup_at=None,
                last_backup_by=None,
                last_backup_by_name=None,
                last_backup_station=None,
                last_backup_file=None,
                last_backup_path=None,
                last_backup_sha256=None,
                due_at=None,
                overdue=True,
                checked_at=now,
            )
        due = entry.occurred_at + timedelta(hours=interval)
        return BackupStatus(
            interval_hours=interval,
            last_backup_at=entry.occurred_at,
            last_backup_by=entry.username,
            last_backup_by_name=user_name(session, entry.user_id),
            last_backup_station=entry.station,
            last_backup_file=_file_name(match["path"]),
            last_backup_path=match["path"],
            last_backup_sha256=match["sha"],
            due_at=due,
            overdue=now >= due,
            checked_at=now,
        )


# --- PostgreSQL client programs ---------------------------------------------------------------


def find_pg_tool(name: str, *, at_least: int | None = None) -> tuple[Path, str]:
    """(path, version) of pg_dump or pg_restore, at least major version ``at_least``.

    ``LABTRACKER_PG_BINDIR`` when set (and then only there); otherwise PATH, Debian's
    /usr/lib/postgresql/<version>/bin (newest first), Windows' Program Files\\PostgreSQL.
    """
    executable = f"{name}.exe" if os.name == "nt" else name
    explicit = os.environ.get(PG_BINDIR_VARIABLE, "").strip()
    if explicit:
        candidates = [Path(explicit) / executable]
    else:
        candidates = [Path(p) for p in [shutil.which(name)] if p]
        versioned = glob.glob(f"/usr/lib/postgresql/*/bin/{executable}") + glob.glob(
            f"C:\\Program Files\\PostgreSQL\\*\\bin\\{executable}"
        )
        candidates += sorted(
            (Path(p) for p in versioned), key=lambda p: _major(p.parent.parent.name), reverse=True
        )
    found: list[tuple[Path, str]] = []
    for candidate in dict.fromkeys(candidates):
        version = _tool_version(candidate)
        if version is None:
            continue
        if at_least is None or _major(version) >= at_least:
            return candidate, version
        found.append((candidate, version))
    need = f" {at_least}" if at_least else ""
    install = (
        f"install the PostgreSQL{need} client programs (Debian/Ubuntu: apt install "
        f"postgresql-client{'-' + str(at_least) if at_least else ''}; Windows: the PostgreSQL "
        f"installer's command line tools) or set {PG_BINDIR_VARIABLE} to the folder that holds "
        f"{executable}"
    )
    where = f" in {explicit}" if explicit else ""
    if not found:
        raise BackupError(f"{name} was not found{where}; {install}.")
    seen = ", ".join(f"{path} ({version})" for path, version in found)
    raise BackupError(
        f"{name} must be at least version{need}, the server's, but only {seen} was found; "
        f"{install}."
    )


def _tool_version(path: Path) -> str | None:
    if not path.is_file():
        return None
    try:
        result = subprocess.run(
            [str(path), "--version"], capture_output=True, text=True, check=False, timeout=30
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    found = re.search(r"\(PostgreSQL\)\s+(\d+(?:\.\d+)*)", result.stdout)
    return found.group(1) if found else None


def _major(version: str) -> int:
    found = re.match(r"\d+", version)
    return int(found.group(0)) if found else 0


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """A libpq connection string without the password, and an environment carrying it."""
    parts: dict[str, str] = {}
    for key, value in url.query.items():
        if key in _LIBPQ_PARAMETERS:
            parts[key] = value if isinstance(value, str) else ",".join(value)
    if url.host:
        parts["host"] = url.host
    if url.port:
        parts["port"] = str(url.port)
    if url.username:
        parts["user"] = url.username
    parts["dbname"] = url.database or ""
    conninfo = " ".join(f"{key}={_conninfo_value(value)}" for key, value in parts.items())
    environment = dict(os.environ)
    environment.pop("PGPASSWORD", None)
    if url.password:
        environment["PGPASSWORD"] = str(url.password)
    return conninfo, environment


def _conninfo_value(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _pg_restore_list(path: Path, *, at_least: int | None) -> str:
    pg_restore, version = find_pg_tool("pg_restore", at_least=at_least)
    result = subprocess.run(
        [str(pg_restore), "--list", str(path)], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(
            f"pg_restore {version} cannot read the dump: {_last_lines(result.stderr)}"
        )
    return result.stdout


# --- small helpers ----------------------------------------------------------------------------


def _backend(engine: Engine) -> str:
    return SQLITE if engine.dialect.name == "sqlite" else POSTGRESQL


def _full_url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:" or url.database.startswith("file:"):
        raise BackupError(
            f"Only a SQLite database file can be backed up or restored, not "
            f"{redact_url(url.render_as_string())}."
        )
    return Path(url.database).expanduser().absolute()


def _file_backend(path: Path) -> str | None:
    with path.open("rb") as handle:
        head = handle.read(len(_SQLITE_MAGIC))
    if head == _SQLITE_MAGIC:
        return SQLITE
    if head.startswith(_PGDUMP_MAGIC):
        return POSTGRESQL
    return None


@contextlib.contextmanager
def _read_only_sqlite(path: Path) -> Iterator[Connection]:
    """A connection that cannot change the file (nor create -wal/-shm files beside it)."""
    uri = f"{Path(path).absolute().as_uri()}?mode=ro&immutable=1"
    engine = create_engine(
        "sqlite://", creator=lambda: sqlite3.connect(uri, uri=True), poolclass=NullPool
    )
    try:
        with engine.connect() as connection:
            yield connection
    finally:
        engine.dispose()


def _integrity(connection: sqlite3.Connection) -> str:
    rows = connection.execute("PRAGMA integrity_check").fetchall()
    return "; ".join(str(row[0]) for row in rows[:5])


def _live_sqlite_tables(path: Path) -> list[str]:
    """The tables of a database file that may be in use (its WAL is read too)."""
    if not path.exists():
        return []
    try:
        connection = sqlite3.connect(str(path), timeout=30)
        try:
            rows = connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            ).fetchall()
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(
            f"{path} exists and is not an empty SQLite database ({error}); nothing was changed."
        ) from error
    return sorted(row[0] for row in rows)


def _table_names(connection: Connection) -> list[str]:
    if connection.dialect.name == "sqlite":
        query = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    else:
        query = (
            "SELECT tablename FROM pg_catalog.pg_tables "
            "WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
        )
    return sorted(connection.execute(text(query)).scalars())


def _sha256(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _checksum_path(path: Path) -> Path:
    return path.with_name(path.name + ".sha256")


def _manifest_path(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def _refuse_existing(target: Path) -> None:
    for path in (target, _checksum_path(target), _manifest_path(target)):
        if path.exists():
            raise BackupError(
                f"{path} already exists; a backup never overwrites another. Choose a new file "
                f"name (e.g. with the date in it); nothing was written."
            )


def _fsync(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def _fsync_folder(folder: Path) -> None:
    if os.name == "nt":
        return  # Windows cannot open a folder to flush it; NTFS journals the rename
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _remove(*paths: Path) -> None:
    for path in paths:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def _last_lines(output: str, count: int = 6) -> str:
    lines = [line for line in (output or "").strip().splitlines() if line.strip()]
    return " / ".join(lines[-count:]) or "no message"


def _parse_time(value: object) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _file_name(path: str) -> str:
    return re.split(r"[\\/]", path)[-1]


def _os_login() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in the environment (a service account, say)
        return "unknown"
