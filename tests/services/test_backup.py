"""Backup and restore, on a real SQLite file and a real PostgreSQL server: a backup made while
the lab works restores row for row with its audit chain intact; every refusal changes nothing.
"""

from __future__ import annotations

import io
import re
import threading
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import MetaData, select, text

from labtracker.cli import main as cli
from labtracker.db.engine import make_engine
from labtracker.db.migrate import upgrade
from labtracker.domain.errors import InvalidValueError
from labtracker.domain.permissions import PermissionDeniedError
from labtracker.services import auth, lots, materials, queries, users
from labtracker.services.audit import verify_audit_chain
from labtracker.services.backup import (
    BackupError,
    backup_database,
    backup_status,
    restore_database,
    set_backup_interval,
    verify_backup,
)
from labtracker.services.context import Database
from labtracker.services.station import DatabaseTooNewError
from tests.services.builders import build_lot
from tests.services.conftest import ADMIN_PASSWORD, PASSWORD, enrol

UNAUDITED_TABLES = {"alembic_version", "audit_entry", "login_event", "password_history"}


def dump_all(url: str) -> dict[str, list[tuple]]:
    """Every row of every table in the database, ordered by primary key."""
    engine = make_engine(url)
    try:
        metadata = MetaData()
        metadata.reflect(engine)
        with engine.connect() as connection:
            return {
                name: [
                    tuple(row)
                    for row in connection.execute(
                        select(table).order_by(*(table.primary_key.columns or table.columns))
                    )
                ]
                for name, table in sorted(metadata.tables.items())
            }
    finally:
        engine.dispose()


@pytest.fixture
def empty_database(backend, request, tmp_path) -> Callable[[], str]:
    """Makes empty databases to restore into, on the test's backend."""
    made = iter(range(1000))

    def make() -> str:
        if backend == "sqlite":
            return f"sqlite:///{tmp_path / 'restored' / f'labtracker-{next(made)}.sqlite3'}"
        databases = request.getfixturevalue("postgres_databases")
        name = databases.create()
        request.addfinalizer(lambda: databases.drop(name))
        return databases.url_for(name)

    return make


def tables_in(url: str) -> list[str]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            if connection.dialect.name == "sqlite":
                query = "SELECT name FROM sqlite_master WHERE type = 'table'"
            else:
                query = "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            return sorted(connection.execute(text(query)).scalars())
    finally:
        engine.dispose()


def a_site_at_several_stages(lab, clock) -> list[str]:
    """Lots implanted (with a corrected, re-signed count), seeded, and just started."""
    implanted = build_lot(lab, clock, "MRN0012345", until="implanted").din
    clock.advance(days=1)
    seeded = build_lot(lab, clock, "MRN0012346", until="seeded", correct=False).din
    clock.advance(hours=2)
    enrol(lab, "MRN0012347")
    started = lots.start_lot(lab.db, lab.tech, "MRN0012347").din
    return [implanted, seeded, started]


# --- round trip -------------------------------------------------------------------------------


def test_round_trip_reproduces_every_record(lab, clock, db_url, empty_database, tmp_path):
    dins = a_site_at_several_stages(lab, clock)
    before = dump_all(db_url)
    assert len(before["lot"]) == 3 and len(before["audit_entry"]) > 300

    target = tmp_path / "backups" / "labtracker-2026-03-05.backup"
    target.parent.mkdir()
    clock.advance(hours=1)
    report = backup_database(lab.db, lab.admin, target, station="bench-1")
    assert report.path == target and target.is_file()
    assert report.audit_entries_checked == len(before["audit_entry"])
    assert report.size_bytes == target.stat().st_size
    assert (tmp_path / "backups" / f"{target.name}.sha256").read_text() == (
        f"{report.sha256}  {target.name}\n"
    )
    assert verify_backup(target).ok

    # The live database records who backed up what, to which file (not in the copy).
    with lab.db.reading() as session:
        event = session.execute(
            text("SELECT username, station, new_value FROM audit_entry ORDER BY id DESC LIMIT 1")
        ).one()
    assert (event.username, event.station) == ("admin", "bench-1")
    assert f"to {target} (SHA-256 {report.sha256}," in event.new_value
    assert f"{report.audit_entries_checked} entries" in event.new_value

    into = empty_database()
    restored = restore_database(target, into, station="bench-2", os_user="it-admin")
    assert restored.tables == len(before) and restored.rows == sum(map(len, before.values()))
    assert restored.audit_entries_checked == len(before["audit_entry"]) + 1

    after = dump_all(into)
    assert set(after) == set(before)
    for table in before:
        if table != "audit_entry":
            assert after[table] == before[table], table
    # The restored trail is the backed-up trail plus one entry saying where it came from.
    assert after["audit_entry"][:-1] == before["audit_entry"]
    db = Database(make_engine(into))
    try:
        chain = verify_audit_chain(db)
        assert chain.intact and chain.entries_checked == len(before["audit_entry"]) + 1
        with db.reading() as session:
            last = session.execute(
                text("SELECT username, station, new_value FROM audit_entry ORDER BY id DESC")
            ).first()
        assert (last.username, last.station) == ("system", "bench-2")
        assert last.new_value.startswith(
            f"Database restored from {target} (SHA-256 {report.sha256}) at 2026-"
        )
        assert "on bench-2 by OS user it-admin" in last.new_value
        # People sign in to the restored database and see their lots.
        qa = auth.login(db, "mchen", PASSWORD, station="bench-2")
        assert [queries.lot_row(db, qa, din).status_label for din in dins] == [
            "Implanted",
            "Seeded on scaffold (quarantine)",
            "Created (awaiting aspirate)",
        ]
    finally:
        db.dispose()


def test_round_trip_through_the_command_line(
    lab, clock, db_url, empty_database, tmp_path, monkeypatch, capsys
):
    build_lot(lab, clock, until="released", correct=False)
    lab.db.dispose()

    def run(url: str, *argv: str, stdin: str = "") -> tuple[int, str, str]:
        monkeypatch.setenv("LABTRACKER_DATABASE_URL", url)
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = cli(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    target = tmp_path / "nightly.backup"
    code, out, err = run(
        db_url,
        *("backup", "-o", str(target), "--user", "admin", "--password-stdin"),
        stdin=ADMIN_PASSWORD + "\n",
    )
    assert code == 0, err
    # The database as the backup saw it: the command's sign-in is in it, its own audit
    # event ("Database backed up ...", the last entry) is not.
    before = dump_all(db_url)
    assert before["audit_entry"][-1][9].startswith("Database backed up by admin to ")
    before["audit_entry"].pop()
    sha = re.search(r"^SHA-256 ([0-9a-f]{64})", out, re.MULTILINE).group(1)
    assert f"Backup written to {target} (" in out
    assert f"audit trail intact, {len(before['audit_entry'])} entries" in out

    code, out, err = run(db_url, "verify-backup", str(target))
    assert code == 0, err
    assert f"SHA-256 {sha}" in out and "Backup OK" in out
    assert f"{len(before['audit_entry'])} entries" in out

    into = empty_database()
    code, out, err = run(into, "restore", str(target))
    assert code == 0, err
    assert f"Restored {target} (SHA-256 {sha})" in out
    entries = len(before["audit_entry"]) + 1
    assert f"Audit trail intact: {entries} entries checked" in out
    after = dump_all(into)
    assert {t: r for t, r in after.items() if t != "audit_entry"} == {
        t: r for t, r in before.items() if t != "audit_entry"
    }
    assert after["audit_entry"][:-1] == before["audit_entry"]

    # The restored database is now in use: a second restore into it is refused.
    code, _, err = run(into, "restore", str(target))
    assert code == 2 and re.search(r"is not empty: it has \d+ table\(s\)", err)
    code, out, err = run(into, "audit", "verify")
    assert code == 0 and f"{entries} entries checked" in out


# --- while the lab keeps working --------------------------------------------------------------


def test_backup_while_another_station_keeps_saving(lab, db_url, empty_database, tmp_path):
    """A second station receives reagent lots non-stop while three backups are taken. Each
    copy is one consistent moment: it verifies, it is a prefix of the live audit trail, every
    entry's record is in it and every record has its entry."""
    other_station = Database(make_engine(db_url))
    stop = threading.Event()
    saved: list[int] = []
    errors: list[BaseException] = []

    def keep_saving() -> None:
        n = 0
        while not stop.is_set():
            n += 1
            try:
                materials.receive_material_lot(
                    other_station,
                    lab.tech,
                    name="Trypsin-EDTA",
                    kind="enzyme",
                    manufacturer="Gibco",
                    catalogue_number="25200-056",
                    lot_number=f"W{n:05d}",
                    expiry_date=date(2027, 6, 30),
                )
            except BaseException as error:
                errors.append(error)
                return
            saved.append(n)

    writer = threading.Thread(target=keep_saving)
    writer.start()
    reports = []
    entries_before: list[int] = []  # in the live trail just before each backup started
    during = 0
    try:
        deadline = time.monotonic() + 60
        while len(saved) < 5 and not errors and time.monotonic() < deadline:
            time.sleep(0.01)
        n = 0
        while n < 3 or (during == 0 and n < 10):  # a loaded machine may starve the writer
            n += 1
            started_with = len(saved)
            with lab.db.engine.connect() as connection:
                entries_before.append(
                    connection.execute(text("SELECT count(*) FROM audit_entry")).scalar_one()
                )
            reports.append(
                backup_database(lab.db, lab.admin, tmp_path / f"during-{n}.bak", station="b-1")
            )
            during += len(saved) - started_with
    finally:
        stop.set()
        writer.join(60)
        other_station.dispose()
    assert not errors, errors
    assert during > 0, "the other station saved nothing while the backups ran"

    live = dump_all(db_url)["audit_entry"]
    copied = [report.audit_entries_checked for report in reports]
    assert copied == sorted(copied) and copied[-1] < len(live)
    # Each copy holds at least everything saved before it started (a copy of the file
    # alone, without what is still in SQLite's write-ahead log, would not).
    assert all(c >= before for c, before in zip(copied, entries_before, strict=True))
    for report in reports:
        assert verify_backup(report.path).ok
        into = empty_database()
        restore_database(report.path, into, station="drill", os_user="it")
        trail = dump_all(into)["audit_entry"][:-1]  # the last one is the restore's own
        assert len(trail) == report.audit_entries_checked
        assert trail == live[: len(trail)]  # the copy is exactly the live trail up to a moment
        engine = make_engine(into)
        try:
            with engine.connect() as connection:
                assert consistent(connection, last_entry=len(trail))
                received = connection.execute(
                    text("SELECT count(*) FROM material_lot WHERE lot_number LIKE 'W%'")
                ).scalar_one()
        finally:
            engine.dispose()
        assert received >= 1


def consistent(connection, last_entry: int) -> bool:
    """Every record in the database has its insert entry in the trail and every insert entry
    its record: no row without its trace, no trace without its row."""
    inserted: dict[str, set[int]] = {}
    for table, record_id in connection.execute(
        text("SELECT table_name, record_id FROM audit_entry WHERE action = 'insert' AND id <= :n"),
        {"n": last_entry},
    ):
        inserted.setdefault(table, set()).add(record_id)
    metadata = MetaData()
    metadata.reflect(connection)
    for name, table in metadata.tables.items():
        if name not in UNAUDITED_TABLES:
            ids = set(connection.execute(select(table.c.id)).scalars())
            assert ids == inserted.get(name, set()), name
    return True


# --- refusals ---------------------------------------------------------------------------------


def test_restore_refuses_a_database_that_is_not_empty(lab, db_url, tmp_path):
    report = backup_database(lab.db, lab.admin, tmp_path / "b.backup", station="bench-1")
    before = dump_all(db_url)
    with pytest.raises(BackupError) as refused:
        restore_database(report.path, db_url)
    message = str(refused.value)
    assert re.search(r"is not empty: it has \d+ table\(s\) \(alembic_version, aspirate_", message)
    assert "nothing was changed" in message
    assert dump_all(db_url) == before


def test_restore_refuses_a_file_changed_after_the_backup(lab, tmp_path, empty_database, backend):
    report = backup_database(lab.db, lab.admin, tmp_path / "b.backup", station="bench-1")
    data = bytearray(report.path.read_bytes())
    data[len(data) // 2] ^= 0x01  # one bit, in the middle
    report.path.write_bytes(bytes(data))

    check = verify_backup(report.path)
    assert not check.ok
    assert (
        f"{report.path.name}.sha256 says {report.sha256}: the file was changed or damaged"
        in (check.problems[0])
    )
    into = empty_database()
    with pytest.raises(BackupError, match=r"changed or damaged.*Nothing was changed"):
        restore_database(report.path, into)
    if backend == "sqlite":
        assert not Path(into.removeprefix("sqlite:///")).exists()
    else:
        assert tables_in(into) == []


@pytest.mark.parametrize("backend", ["sqlite"])  # a dump's chain is checked at restore
def test_verify_finds_a_backup_whose_trail_was_rewritten(lab, tmp_path, backend):
    """Someone edits the audit trail inside a SQLite backup and writes a new checksum: the
    chain check in the file still catches it."""
    import hashlib
    import sqlite3

    report = backup_database(lab.db, lab.admin, tmp_path / "b.sqlite3", station="bench-1")
    connection = sqlite3.connect(report.path)
    connection.execute("DROP TRIGGER audit_entry_no_update")
    connection.execute("UPDATE audit_entry SET username = 'mallory' WHERE id = 7")
    connection.commit()
    connection.close()
    sha = hashlib.sha256(report.path.read_bytes()).hexdigest()
    (tmp_path / "b.sqlite3.sha256").write_text(f"{sha}  b.sqlite3\n")
    check = verify_backup(report.path)
    assert not check.ok and check.integrity == "ok"
    assert any(p.startswith("its audit trail is broken at entry 7") for p in check.problems)


def test_backup_never_overwrites(lab, tmp_path):
    target = tmp_path / "monday.backup"
    target.write_bytes(b"Monday's backup")
    with pytest.raises(BackupError, match=r"monday.backup already exists; a backup never"):
        backup_database(lab.db, lab.admin, target, station="bench-1")
    assert target.read_bytes() == b"Monday's backup"
    (tmp_path / "tuesday.backup.json").write_text("{}")
    with pytest.raises(BackupError, match=r"tuesday.backup.json already exists"):
        backup_database(lab.db, lab.admin, tmp_path / "tuesday.backup", station="bench-1")
    assert not (tmp_path / "tuesday.backup").exists()
    assert not list(tmp_path.glob(".*partial*"))
    with pytest.raises(BackupError, match=r"does not exist \(is the backup drive or share"):
        backup_database(lab.db, lab.admin, tmp_path / "unmounted" / "x.backup", station="b")


def test_only_administrators_back_up(lab, tmp_path):
    chain = verify_audit_chain(lab.db).entries_checked
    with pytest.raises(PermissionDeniedError, match="only Administrator may do that"):
        backup_database(lab.db, lab.qa, tmp_path / "qa.backup", station="bench-1")
    assert not list(tmp_path.glob("qa.backup*")) and not list(tmp_path.glob(".qa.backup*"))
    assert verify_audit_chain(lab.db).entries_checked == chain


def test_a_broken_trail_is_not_backed_up_as_if_sound(lab, db_url, tmp_path):
    engine = make_engine(db_url)
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("ALTER TABLE audit_entry DISABLE TRIGGER USER"))
        else:
            connection.execute(text("DROP TRIGGER audit_entry_no_update"))
        connection.execute(text("UPDATE audit_entry SET reason = 'edited' WHERE id = 12"))
    engine.dispose()
    with pytest.raises(BackupError, match=r"audit trail in the copy is broken at entry 12"):
        backup_database(lab.db, lab.admin, tmp_path / "b.backup", station="bench-1")
    assert not list(tmp_path.glob("b.backup*")) and not list(tmp_path.glob(".b.backup*"))


def test_restore_refuses_a_backup_from_a_newer_version(lab, db_url, empty_database, tmp_path):
    engine = make_engine(db_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    engine.dispose()
    report = backup_database(lab.db, lab.admin, tmp_path / "future.backup", station="bench-1")
    into = empty_database()
    with pytest.raises(DatabaseTooNewError, match=r"schema revision 9999_future.*nothing was"):
        restore_database(report.path, into)
    assert tables_in(into) == []


@pytest.mark.postgres
def test_backups_restore_only_into_the_same_kind_of_database(
    postgres_databases, postgres_template, tmp_path, clock
):
    def site(url: str) -> Database:
        db = Database(make_engine(url))
        upgrade(db.engine)
        users.initialise(db, "admin", "Ada Admin", ADMIN_PASSWORD, station="bench-1")
        return db

    sqlite_db = site(f"sqlite:///{tmp_path / 'site.sqlite3'}")
    pg_name = postgres_databases.create(template=postgres_template)
    pg_db = site(postgres_databases.url_for(pg_name))
    empty_pg = postgres_databases.create()
    try:
        sqlite_backup = backup_database(
            sqlite_db,
            auth.login(sqlite_db, "admin", ADMIN_PASSWORD),
            tmp_path / "site.sqlite3.backup",
            station="bench-1",
        )
        dump = backup_database(
            pg_db, auth.login(pg_db, "admin", ADMIN_PASSWORD), tmp_path / "pg.dump", station="b"
        )
        with pytest.raises(BackupError) as refused:
            restore_database(sqlite_backup.path, postgres_databases.url_for(empty_pg))
        assert str(refused.value).startswith(
            "site.sqlite3.backup is a SQLite backup and the database to restore into is PostgreSQL"
        )
        assert "a SQLite backup is a copy of the database file" in str(refused.value)
        assert tables_in(postgres_databases.url_for(empty_pg)) == []
        sqlite_target = tmp_path / "new.sqlite3"
        with pytest.raises(BackupError, match=r"pg.dump is a PostgreSQL backup and the database"):
            restore_database(dump.path, f"sqlite:///{sqlite_target}")
        assert not sqlite_target.exists()
    finally:
        sqlite_db.dispose()
        pg_db.dispose()
        postgres_databases.drop(pg_name)
        postgres_databases.drop(empty_pg)


# --- the reminder -----------------------------------------------------------------------------


def test_backup_reminder(lab, clock, tmp_path):
    status = backup_status(lab.db)
    assert status.interval_hours == 24
    assert status.last_backup_at is None and status.due_at is None and status.overdue

    report = backup_database(lab.db, lab.admin, tmp_path / "daily.backup", station="bench-1")
    status = backup_status(lab.db)
    assert (status.last_backup_by, status.last_backup_by_name) == ("admin", "Ada Admin")
    assert status.last_backup_at == clock.now() and status.last_backup_station == "bench-1"
    assert (status.last_backup_file, status.last_backup_sha256) == ("daily.backup", report.sha256)
    assert status.last_backup_path == str(tmp_path / "daily.backup")
    assert status.due_at == clock.now() + timedelta(hours=24) and not status.overdue

    clock.advance(hours=25)
    assert backup_status(lab.db).overdue
    assert set_backup_interval(lab.db, lab.admin, "weekend shifts", 48) == 48
    status = backup_status(lab.db)
    assert status.interval_hours == 48 and not status.overdue
    assert status.due_at == report.made_at + timedelta(hours=48)
    for wrong in (0, 721, True, 2.5):
        with pytest.raises(InvalidValueError, match="whole number of hours from 1 to 720"):
            set_backup_interval(lab.db, lab.admin, "typo", wrong)
    with pytest.raises(InvalidValueError, match="Reason"):
        set_backup_interval(lab.db, lab.admin, " ", 12)
    with pytest.raises(PermissionDeniedError):
        set_backup_interval(lab.db, lab.qa, "not mine", 12)
    assert backup_status(lab.db).interval_hours == 48
    with lab.db.reading() as session:
        change = session.execute(
            text(
                "SELECT username, action, reason, new_value FROM audit_entry "
                "WHERE table_name = 'site_setting' ORDER BY id DESC"
            )
        ).first()
    assert (change.username, change.action, change.reason) == ("admin", "insert", "weekend shifts")
    assert '"key": "backup_interval_hours"' in change.new_value
    assert '"value": "48"' in change.new_value


def test_restore_checks_the_rows_against_the_manifest(lab, tmp_path, empty_database, backend):
    """The checksum covers the file; the manifest's row counts are checked on the restored
    database (here the manifest was edited to claim one lot that is not in the file)."""
    import json

    report = backup_database(lab.db, lab.admin, tmp_path / "b.backup", station="bench-1")
    manifest = json.loads(report.manifest_path.read_text())
    manifest["tables"]["lot"] += 1
    report.manifest_path.write_text(json.dumps(manifest))
    into = empty_database()
    with pytest.raises(BackupError) as refused:
        restore_database(report.path, into)
    assert str(refused.value).startswith(
        "The restored database does not match its backup's manifest: table lot has 0 rows; "
        "the manifest says 1."
    )
    if backend == "sqlite":
        assert "The restored copy was deleted; nothing was changed." in str(refused.value)
        assert not Path(into.removeprefix("sqlite:///")).exists()
        assert not list(Path(into.removeprefix("sqlite:///")).parent.iterdir())
        assert "table lot has 0 rows; the manifest says 1" in verify_backup(report.path).problems
    else:
        assert "Do not use it: empty the database again" in str(refused.value)
