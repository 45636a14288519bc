"""A database made by the FIRST migration, with a lot in culture in it, is upgraded when a
station opens it: backed up first (the backup is at 0001 and verifies), migrated to head, the
old lot read back through the services, the audit chain intact including the upgrade's event.

The data is written with plain SQL against the 0001 schema, and its audit entries are chained
by the hash as it was when 0001 shipped (`first_schema_entry_hash`, written out here on
purpose rather than imported): if the hash ever changes, old databases would no longer
verify, and this test says so.
"""

from __future__ import annotations

import hashlib
import json
import math
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Boolean, Connection, Date, bindparam, text

from labtracker.db.engine import make_engine
from labtracker.db.migrate import current_revision, head_revision, upgrade
from labtracker.db.types import UTCDateTime
from labtracker.services import auth, culture, materials, queries
from labtracker.services.audit import verify_audit_chain
from labtracker.services.backup import verify_backup
from labtracker.services.station import (
    DatabaseTooNewError,
    UpgradeBackupError,
    open_station,
)
from labtracker.settings import StationSettings

FIRST = "0001"
PASSWORD = "Old-Schema-Passw0rd!"
DIN = "A999926000001"
T0 = datetime(2026, 1, 12, 1, 0, tzinfo=UTC)  # 09:00 in Xinxiang


def first_schema_text(value: Any) -> str | None:
    """How 0001-era labtracker wrote a value into an audit entry."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return str(value)


def first_schema_entry_hash(entry: dict[str, Any]) -> str:
    """The audit chain's hash as labtracker computed it at schema 0001."""
    payload = [
        first_schema_text(entry["occurred_at"]),
        entry["user_id"],
        entry["username"],
        entry["action"],
        entry["table_name"],
        entry["record_id"],
        entry["field"],
        entry["old_value"],
        entry["new_value"],
        entry["reason"],
        entry["lot_id"],
        entry["station"],
        entry["previous_hash"],
    ]
    encoded = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()


class FirstSchemaSite:
    """Writes rows as labtracker did at 0001: every insert followed by its chained entry."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.previous = "0" * 64
        self.entries = 0
        self.now = T0

    def at(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now

    def execute(self, sql: str, values: dict[str, Any]) -> Any:
        types = {
            datetime: UTCDateTime(),
            date: Date(),
            bool: Boolean(),
        }
        statement = text(sql).bindparams(
            *(
                bindparam(key, type_=types[type(value)])
                for key, value in values.items()
                if type(value) in types
            )
        )
        return self.connection.execute(statement, values)

    def insert(
        self,
        table: str,
        by: tuple[int | None, str],
        *,
        reason: str | None = None,
        **values: Any,
    ) -> int:
        columns = ", ".join(values)
        placeholders = ", ".join(f":{key}" for key in values)
        row_id = self.execute(
            f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) RETURNING id", values
        ).scalar_one()
        content = {
            "id": str(row_id),
            **{
                key: "[secret]" if key == "password_hash" else first_schema_text(value)
                for key, value in values.items()
                if key != "version"
            },
        }
        lot = row_id if table == "lot" else values.get("lot_id")
        self.audit(
            by,
            "insert",
            table,
            row_id,
            json.dumps(content, ensure_ascii=False, sort_keys=True),
            reason=reason,
            lot_id=lot,
        )
        return row_id

    def audit(
        self,
        by: tuple[int | None, str],
        action: str,
        table: str,
        record_id: int | None,
        new_value: str,
        *,
        field: str | None = None,
        old_value: str | None = None,
        reason: str | None = None,
        lot_id: int | None = None,
    ) -> None:
        entry = {
            "occurred_at": self.now,
            "user_id": by[0],
            "username": by[1],
            "action": action,
            "table_name": table,
            "record_id": record_id,
            "field": field,
            "old_value": old_value,
            "new_value": new_value,
            "reason": reason,
            "lot_id": lot_id,
            "station": "bench-1",
            "previous_hash": self.previous,
        }
        entry["entry_hash"] = self.previous = first_schema_entry_hash(entry)
        self.execute(
            "INSERT INTO audit_entry (occurred_at, user_id, username, action, table_name, "
            "record_id, field, old_value, new_value, reason, lot_id, station, previous_hash, "
            "entry_hash) VALUES (:occurred_at, :user_id, :username, :action, :table_name, "
            ":record_id, :field, :old_value, :new_value, :reason, :lot_id, :station, "
            ":previous_hash, :entry_hash)",
            entry,
        )
        self.entries += 1


def fill_first_schema(connection: Connection) -> int:
    """A configured site, four people, a released reagent lot, an enrolled patient and a lot
    in culture: isolated, P0 harvested from two T75 flasks, four P1 flasks growing. Returns
    the number of audit entries written."""
    site = FirstSchemaSite(connection)
    hashed = PasswordHasher().hash(PASSWORD)
    system = (None, "system")

    def person(username: str, full_name: str, by: tuple[int | None, str]) -> int:
        return site.insert(
            "user_account",
            by,
            reason="first set-up" if by == system else f"new user {username}",
            username=username,
            full_name=full_name,
            password_hash=hashed,
            password_changed_at=site.now,
            must_change_password=False,
            failed_attempts=0,
            is_active=True,
            created_at=site.now,
            created_by_id=by[0],
            version=1,
        )

    roles = {}
    admin_id = person("admin", "Ada Admin", system)
    admin = (admin_id, "admin")
    for code, name in (
        ("administrator", "Administrator"),
        ("technician", "Technician"),
        ("verifier", "Supervisor / verifier"),
        ("qa", "QA"),
        ("surgeon", "Surgeon"),
    ):
        roles[code] = site.insert(
            "role", system, reason="first set-up", code=code, name=name, description=name
        )
    site.insert(
        "user_role",
        system,
        reason="first set-up",
        user_id=admin_id,
        role_id=roles["administrator"],
        granted_at=site.now,
        version=1,
    )
    people = {}
    for username, full_name, role in (
        ("lwang", "Li Wang", "technician"),
        ("mchen", "Mei Chen", "qa"),
        ("drzhao", "Dr Zhao Ming", "surgeon"),
    ):
        site.at(minutes=5)
        people[username] = (person(username, full_name, admin), username)
        site.insert(
            "user_role",
            admin,
            reason=f"new user {username}",
            user_id=people[username][0],
            role_id=roles[role],
            granted_at=site.now,
            granted_by_id=admin_id,
            version=1,
        )
    tech, surgeon = people["lwang"], people["drzhao"]

    def stamp(by: tuple[int | None, str]) -> dict[str, Any]:
        return {"recorded_at": site.now, "recorded_by_id": by[0], "version": 1}

    site_id = site.insert(
        "site",
        admin,
        reason="site set-up",
        name="Xinxiang Bone Lab",
        facility_code="A9999",
        address="",
        licence_number="",
        timezone="Asia/Shanghai",
        **stamp(admin),
    )
    t75 = site.insert(
        "vessel_type",
        admin,
        reason="shipped reference data",
        code="T75",
        name="T75 flask",
        growth_area_cm2=75.0,
        wells_or_layers=1,
        medium_volume_ml=15.0,
        max_cells_per_cm2=1e5,
        is_active=True,
        **stamp(admin),
    )
    site.at(hours=1)
    heparin = site.insert(
        "material",
        tech,
        reason="material received",
        name="Heparin sodium",
        kind="anticoagulant",
        manufacturer="Sigma",
        catalogue_number="H3393",
        storage_conditions="",
        **stamp(tech),
    )
    heparin_lot = site.insert(
        "material_lot",
        tech,
        reason="material received",
        material_id=heparin,
        lot_number="LH3393",
        expiry_date=date(2027, 6, 30),
        received_at=site.now,
        received_by_id=tech[0],
        state="released",
        certificate_reference="CoA LH3393",
        **stamp(tech),
    )
    site.at(days=1)
    patient_id = site.insert(
        "patient",
        tech,
        reason="patient registered",
        mrn="MRN0099001",
        family_name="张",
        given_name="伟",
        name_romanised="Zhang Wei",
        date_of_birth=date(1985, 5, 17),
        sex="male",
        weight_kg=70.0,
        trial_subject_number="S-9001",
        **stamp(tech),
    )
    assessment = site.insert(
        "eligibility_assessment",
        tech,
        reason="eligibility assessed",
        patient_id=patient_id,
        criteria_version="NCT07066228 protocol v1.0",
        assessed_at=site.now,
        investigator_id=surgeon[0],
        outcome="eligible",
        age_years=40,
        defect_length_cm=2.5,
        defect_cross_section_percent=40.0,
        bmd_t_score=-1.1,
        notes="",
        **stamp(tech),
    )
    consent = site.insert(
        "consent",
        tech,
        reason="consent recorded",
        patient_id=patient_id,
        consent_date=site.now.date(),
        form_version="ICF v2.0",
        obtained_by_id=surgeon[0],
        witness_name="",
        **stamp(tech),
    )
    site.at(days=1)
    site.execute(
        "INSERT INTO din_sequence (facility_code, year, last_sequence, version) "
        "VALUES ('A9999', 2026, 1, 1)",
        {},
    )
    lot = site.insert(
        "lot",
        tech,
        reason="lot started",
        din=DIN,
        patient_id=patient_id,
        site_id=site_id,
        eligibility_assessment_id=assessment,
        consent_id=consent,
        status="created",
        status_changed_at=site.now,
        created_at=site.now,
        notes="",
        **stamp(tech),
    )
    site.at(hours=1)
    site.insert(
        "aspirate_collection",
        tech,
        reason="aspirate collected",
        lot_id=lot,
        collection_site="left posterior iliac crest",
        volume_ml=15.0,
        anticoagulant="heparin",
        anticoagulant_lot_id=heparin_lot,
        collected_at=site.now,
        collected_by_name="Dr Zhao Ming",
        collected_by_id=surgeon[0],
        transport_temperature_c=8.0,
        notes="",
        **stamp(tech),
    )
    site.at(hours=3)
    site.insert(
        "aspirate_receipt",
        tech,
        reason="aspirate received",
        lot_id=lot,
        received_at=site.now,
        received_by_id=tech[0],
        condition="acceptable",
        temperature_c=8.0,
        within_limits=True,
        notes="",
        **stamp(tech),
    )
    site.at(hours=1)

    def count(purpose: str, live: int, dead: int, volume: float) -> int:
        per_ml = live / 4 * 2 * 1e4  # four squares, diluted 1:2
        return site.insert(
            "cell_count",
            tech,
            reason=f"{purpose} count",
            lot_id=lot,
            purpose=purpose,
            method="hemocytometer",
            counted_at=site.now,
            counted_by_id=tech[0],
            squares_counted=4,
            dilution_factor=2.0,
            live_cells=live,
            dead_cells=dead,
            suspension_volume_ml=volume,
            cells_per_ml=per_ml,
            total_cells=per_ml * volume,
            viability_percent=100.0 * live / (live + dead),
            **stamp(tech),
        )

    nucleated = count("isolation", 120, 30, 5.0)
    isolation = site.insert(
        "isolation",
        tech,
        reason="isolation recorded",
        lot_id=lot,
        method="density_gradient",
        started_at=site.now,
        performed_by_id=tech[0],
        aspirate_volume_used_ml=15.0,
        nucleated_cell_count_id=nucleated,
        notes="",
        **stamp(tech),
    )

    def vessel(code: str, passage: int, cells: int, **source: int) -> int:
        return site.insert(
            "vessel",
            tech,
            reason="vessels seeded",
            lot_id=lot,
            code=code,
            vessel_type_id=t75,
            growth_area_cm2=75.0,
            passage_number=passage,
            seeded_at=site.now,
            seeded_by_id=tech[0],
            cells_seeded=cells,
            seeding_density_per_cm2=cells / 75.0,
            state="in_culture",
            **source,
            **stamp(tech),
        )

    p0 = [vessel(f"{DIN}-P0-{n}", 0, 150_000, source_isolation_id=isolation) for n in (1, 2)]
    site.at(days=7)
    harvest_count = count("harvest", 210, 10, 10.0)
    harvested = 210 / 4 * 2 * 1e4 * 10.0
    doublings = math.log2(harvested / 300_000)
    harvest = site.insert(
        "harvest",
        tech,
        reason="harvest recorded",
        lot_id=lot,
        passage_number=0,
        harvested_at=site.now,
        performed_by_id=tech[0],
        confluence_percent=80.0,
        cell_count_id=harvest_count,
        cells_seeded=300_000,
        cells_harvested=harvested,
        population_doublings=doublings,
        doubling_time_hours=7 * 24 / doublings,
        notes="",
        **stamp(tech),
    )
    for vessel_id in p0:
        site.insert(
            "harvest_vessel",
            tech,
            reason="harvest recorded",
            harvest_id=harvest,
            vessel_id=vessel_id,
        )
    site.execute(
        "UPDATE vessel SET state = 'harvested', version = 2 WHERE id IN (:a, :b)",
        {"a": p0[0], "b": p0[1]},
    )
    for vessel_id in p0:
        site.audit(
            tech,
            "update",
            "vessel",
            vessel_id,
            "harvested",
            field="state",
            old_value="in_culture",
            reason="harvest recorded",
            lot_id=lot,
        )
    site.at(minutes=30)
    for n in (1, 2, 3, 4):
        vessel(f"{DIN}-P1-{n}", 1, 350_000, source_harvest_id=harvest, parent_vessel_id=p0[0])
    site.execute(
        "UPDATE lot SET status = 'in_culture', status_changed_at = :at, version = 2 WHERE id = :id",
        {"at": site.now, "id": lot},
    )
    site.audit(
        tech,
        "update",
        "lot",
        lot,
        "in_culture",
        field="status",
        old_value="created",
        reason="culture started",
        lot_id=lot,
    )
    return site.entries


@pytest.fixture
def first_schema_db(empty_db_url, clock) -> tuple[str, int]:
    """(URL, audit entries) of a database at revision 0001 holding the site above."""
    engine = make_engine(empty_db_url)
    try:
        upgrade(engine, FIRST)
        assert current_revision(engine) == FIRST
        with engine.begin() as connection:
            entries = fill_first_schema(connection)
    finally:
        engine.dispose()
    return empty_db_url, entries


def settings_for(url: str, data_dir: Path) -> StationSettings:
    return StationSettings(
        database_url=url,
        database_url_source="environment",
        data_dir=data_dir,
        settings_file=data_dir / "settings.toml",
    )


def rows_of(url: str) -> dict[str, list[tuple]]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            names = ("lot", "vessel", "harvest", "cell_count", "audit_entry", "user_account")
            return {
                name: [tuple(r) for r in connection.execute(text(f"SELECT * FROM {name}"))]
                for name in names
            }
    finally:
        engine.dispose()


def test_first_schema_database_is_backed_up_then_upgraded(first_schema_db, tmp_path, backend):
    url, entries = first_schema_db
    data_dir = tmp_path / "station-data"
    station = open_station(settings_for(url, data_dir), station="bench-1")
    try:
        info = station.info
        assert info.revision == head_revision() and info.upgraded_from == FIRST
        # The backup sits in the station's data folder, made before the upgrade.
        backup = info.pre_upgrade_backup
        assert backup is not None and backup.parent == data_dir / "backups"
        suffix = ".sqlite3" if backend == "sqlite" else ".dump"
        assert backup.name == f"pre-upgrade-{FIRST}-20260302T080000Z{suffix}"
        check = verify_backup(backup)
        assert check.ok, check.problems
        assert check.schema_revision == FIRST
        assert check.audit_entries_checked == entries
        assert check.made_by == "system"
        assert (backup.parent / f"{backup.name}.sha256").read_text().startswith(check.sha256)

        db = station.database
        # The chain written at 0001 still verifies, and ends with the upgrade's own event.
        report = verify_audit_chain(db)
        assert report.intact, report.problem
        assert report.entries_checked == entries + 1
        with db.reading() as session:
            last = session.execute(
                text(
                    "SELECT username, action, table_name, new_value FROM audit_entry "
                    "ORDER BY id DESC LIMIT 1"
                )
            ).one()
        assert last.username == "system" and last.action == "system"
        assert last.table_name == "database"
        assert last.new_value == (
            f"schema upgraded from {FIRST} to {head_revision()}; backup {backup} sha256 "
            f"{check.sha256}"
        )

        # The people of 0001 sign in, and the old lot reads as it was recorded.
        tech = auth.login(db, "lwang", PASSWORD, station="bench-1")
        row = queries.lot_row(db, tech, DIN)
        assert (row.status_label, row.patient_name, row.mrn, row.din_display) == (
            "In culture",
            "张伟 (Zhang Wei)",
            "MRN0099001",
            "A9999 26 000001",
        )
        titles = [event.title for event in queries.lot_timeline(db, tech, DIN)]
        assert titles[0] == "Lot started"
        for title in (
            "Aspirate collected",
            "Received in the lab",
            "Isolation",
            "Cell count (isolation)",
            f"Vessel {DIN}-P0-1 seeded",
            "Harvest P0",
            f"Vessel {DIN}-P1-4 seeded",
        ):
            assert title in titles
        tree = culture.vessel_tree(db, tech, DIN)
        assert [v.code for v in tree.roots] == [f"{DIN}-P0-1", f"{DIN}-P0-2"]
        assert [c.code for c in tree.roots[0].children] == [f"{DIN}-P1-{n}" for n in (1, 2, 3, 4)]
        (point,) = culture.growth_series(db, tech, DIN)
        assert point.cells_harvested == pytest.approx(10_500_000)
        assert point.cumulative_population_doublings == pytest.approx(math.log2(35))
        # Migration 0003 gave the reagent lot received before it a code from its id.
        (heparin,) = materials.list_material_lots(db, tech)
        assert (heparin.code, heparin.material, heparin.lot_number) == (
            "RL000001",
            "Heparin sodium",
            "LH3393",
        )
    finally:
        station.close()

    # Opening again: nothing left to upgrade, so no second backup and no second event.
    again = open_station(settings_for(url, data_dir), station="bench-1")
    try:
        assert again.info.pre_upgrade_backup is None and again.info.upgraded_from is None
        assert sorted(p.name for p in (data_dir / "backups").iterdir()) == [
            backup.name,
            f"{backup.name}.json",
            f"{backup.name}.sha256",
        ]
    finally:
        again.close()


def test_the_backup_restores_the_first_schema_exactly(first_schema_db, tmp_path, backend, request):
    """The pre-upgrade backup is a faithful copy of the 0001 database (row for row)."""
    from labtracker.services.backup import restore_database

    url, _ = first_schema_db
    before = rows_of(url)
    station = open_station(settings_for(url, tmp_path / "data"), station="bench-1")
    backup = station.info.pre_upgrade_backup
    station.close()
    if backend == "sqlite":
        target = f"sqlite:///{tmp_path / 'restored' / 'labtracker.sqlite3'}"
    else:
        databases = request.getfixturevalue("postgres_databases")
        name = databases.create()
        request.addfinalizer(lambda: databases.drop(name))
        target = databases.url_for(name)
    report = restore_database(backup, target, station="bench-2", os_user="it-admin")
    assert report.schema_revision == FIRST
    restored = rows_of(target)
    assert {k: v for k, v in restored.items() if k != "audit_entry"} == {
        k: v for k, v in before.items() if k != "audit_entry"
    }
    assert restored["audit_entry"][:-1] == before["audit_entry"]
    engine = make_engine(target)
    try:
        assert current_revision(engine) == FIRST  # restored as it was; upgraded when opened
    finally:
        engine.dispose()


def test_failed_backup_stops_the_upgrade(first_schema_db, tmp_path, backend, monkeypatch):
    url, _ = first_schema_db
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    if backend == "sqlite":
        (data_dir / "backups").write_text("a file where the backup folder should be")
        reason = "File exists"
    else:
        empty = tmp_path / "no-client-programs"
        empty.mkdir()
        monkeypatch.setenv("LABTRACKER_PG_BINDIR", str(empty))
        reason = f"pg_dump was not found in {empty}"
    before = rows_of(url)
    with pytest.raises(UpgradeBackupError) as refused:
        open_station(settings_for(url, data_dir))
    message = str(refused.value)
    assert message.startswith(f"The database was left at schema revision {FIRST}:")
    assert reason in message and "Nothing was changed" in message
    engine = make_engine(url)
    try:
        assert current_revision(engine) == FIRST
    finally:
        engine.dispose()
    assert rows_of(url) == before


def test_newer_database_is_refused_without_a_backup(first_schema_db, tmp_path):
    url, _ = first_schema_db
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    engine.dispose()
    before = rows_of(url)
    with pytest.raises(DatabaseTooNewError, match="9999_future"):
        open_station(settings_for(url, tmp_path / "data"))
    assert not (tmp_path / "data" / "backups").exists()
    assert rows_of(url) == before


def test_the_first_schema_chain_verifies_before_the_upgrade(first_schema_db):
    """The 0001 chain verifies before any upgrade, so the upgrade test starts from a sound
    database (a broken chain here would make the tests above meaningless)."""
    from labtracker.db.audit import verify_chain

    url, entries = first_schema_db
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            report = verify_chain(connection)
    finally:
        engine.dispose()
    assert report.intact and report.entries_checked == entries == 38


@pytest.mark.postgres
def test_the_stations_role_may_not_upgrade(postgres_databases, tmp_path, clock):
    """With the two roles of docs/postgresql.md, a station (the stations' role) finding an
    old schema says that the owner must upgrade it, before any backup; the owner can."""
    from uuid import uuid4

    from sqlalchemy.engine import make_url

    from labtracker.services.station import UpgradeNotAllowedError

    suffix = uuid4().hex[:8]
    owner, app, name = f"lt_owner_{suffix}", f"lt_app_{suffix}", f"lt_old_{suffix}"
    with postgres_databases.admin.connect() as connection:
        connection.execute(text(f"CREATE ROLE {owner} LOGIN"))
        connection.execute(text(f"CREATE ROLE {app} LOGIN"))
        connection.execute(text(f"CREATE DATABASE {name} OWNER {owner}"))

    def url_as(role: str) -> str:
        url = make_url(postgres_databases.url_for(name)).set(username=role)
        return url.render_as_string(hide_password=False)

    try:
        engine = make_engine(url_as(owner))
        upgrade(engine, FIRST)
        with engine.begin() as connection:
            fill_first_schema(connection)
            connection.execute(text(f"GRANT USAGE ON SCHEMA public TO {app}"))
            connection.execute(
                text(f"GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO {app}")
            )
            connection.execute(
                text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {app}")
            )
        engine.dispose()
        before = rows_of(url_as(owner))

        with pytest.raises(UpgradeNotAllowedError) as refused:
            open_station(settings_for(url_as(app), tmp_path / "station"))
        assert str(refused.value) == (
            f"The database is at schema revision {FIRST} and this labtracker needs "
            f"{head_revision()}. Only the role that owns its tables ({owner}) may upgrade it, "
            f"and this station connects as {app}: IT runs `labtracker db upgrade` with the "
            f"owner role (docs/postgresql.md, Upgrading labtracker). Nothing was changed."
        )
        assert not (tmp_path / "station" / "backups").exists()
        assert rows_of(url_as(owner)) == before

        it = open_station(settings_for(url_as(owner), tmp_path / "it-pc"))
        try:
            assert it.info.revision == head_revision() and it.info.upgraded_from == FIRST
            assert verify_backup(it.info.pre_upgrade_backup).ok
        finally:
            it.close()
    finally:
        postgres_databases.drop(name)
        with postgres_databases.admin.connect() as connection:
            connection.execute(text(f"DROP ROLE IF EXISTS {app}"))
            connection.execute(text(f"DROP ROLE IF EXISTS {owner}"))


def test_db_upgrade_command_says_where_the_backup_is(
    first_schema_db, tmp_path, monkeypatch, capsys
):
    from labtracker.cli import main as cli

    url, entries = first_schema_db
    monkeypatch.setenv("LABTRACKER_DATABASE_URL", url)
    monkeypatch.setenv("LABTRACKER_DATA_DIR", str(tmp_path / "it-pc"))
    assert cli(["db", "upgrade"]) == 0
    out = capsys.readouterr().out
    (backup,) = (
        p for p in (tmp_path / "it-pc" / "backups").iterdir() if p.suffix in (".sqlite3", ".dump")
    )
    check = verify_backup(backup)
    assert check.ok and check.audit_entries_checked == entries
    assert out.splitlines()[0] == (
        f"Backed up before upgrading from schema {FIRST}: {backup} (SHA-256 {check.sha256})"
    )
    assert out.splitlines()[1].endswith(f"is at schema {head_revision()}")
