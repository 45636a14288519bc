"""Export for retention: a lot readable in 30 years without labtracker.

The centre is the reader test: tests/services/retention_reader.py, which imports only the
standard library, reads lot.json, reconstructs the lot's story and re-verifies the audit
chain, the signatures and the checksums; what it finds is compared with what labtracker's own
services report for the same lot.
"""

from __future__ import annotations

import ast
import io
import json
import shutil
import subprocess
import sys
from datetime import UTC
from pathlib import Path

import pytest
from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table, select

from labtracker.cli import main as cli
from labtracker.db.base import Base
from labtracker.db.models import AuditEntry, PasswordHistory, UserAccount
from labtracker.domain.errors import InvalidValueError
from labtracker.domain.identifiers import din_check_character
from labtracker.domain.permissions import PermissionDeniedError
from labtracker.services import audit, culture, lots, release, signatures
from labtracker.services.batch_record import batch_record
from labtracker.services.retention import ExportReport, export_for_retention
from labtracker.services.retention_records import (
    COMPONENTS,
    EXCLUDED,
    UnclassifiedTableError,
    classify,
    collect_lot_rows,
)
from tests.services import retention_reader
from tests.services.builders import CONFLUENCE_REASON, build_lot
from tests.support.lab import PASSWORD, enrol

READER = Path(retention_reader.__file__)
STATION = "qa-office-1"


@pytest.fixture
def backend() -> str:
    """SQLite for these tests; the one marked postgres below runs on the real server."""
    return "sqlite"


def export(lab, dins, out: Path) -> ExportReport:
    return export_for_retention(lab.db, lab.qa, dins, out, station=STATION)


def lot_json(folder: Path) -> dict:
    return json.loads((folder / "lot.json").read_text(encoding="utf-8"))


# --- the reader needs nothing of labtracker -------------------------------------------------


def test_the_reader_imports_only_the_standard_library():
    tree = ast.parse(READER.read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, "relative import"
            imported.add(node.module.split(".")[0])
    assert imported, "the reader imports nothing?"
    assert imported <= set(sys.stdlib_module_names), imported - set(sys.stdlib_module_names)
    assert not imported & {"labtracker", "sqlalchemy", "tests", "alembic"}


# --- every table that can hold lot data is exported, or excluded with a reason --------------


def test_every_table_is_exported_or_excluded_with_a_reason():
    kinds = classify()
    assert not kinds.unclassified, (
        "tables the retention export does not know about: decide in "
        "labtracker/services/retention_records.py (EXCLUDED or COMPONENTS)"
    )
    everything = set(Base.metadata.tables)
    assert kinds.exported | set(kinds.excluded) == everything
    # Walk the metadata independently: a table with a foreign-key path to the lot holds lot
    # data and must be exported.
    to_lot = {"lot"}
    while True:
        more = {
            t.name
            for t in Base.metadata.sorted_tables
            if t.name not in to_lot and any(fk.column.table.name in to_lot for fk in t.foreign_keys)
        }
        if not more:
            break
        to_lot |= more
    assert to_lot <= kinds.exported
    for table in (
        "aspirate_collection",
        "harvest_vessel",
        "label_disposition",
        "audit_entry",
        "e_signature",
        "immunophenotype_marker",
        "material_use",
        "equipment_use",
    ):
        assert table in kinds.part_of_lot
    for table in (
        "patient",
        "consent",
        "eligibility_assessment",
        "material_lot",
        "equipment",
        "specification",
        "vessel_type",
        "label_template",
        "product_code",
        "user_account",
        "site",
        "scaffold_lot",
    ):
        assert table in kinds.referenced
    assert set(COMPONENTS) == kinds.components
    assert set(EXCLUDED) == {"password_history", "login_event", "din_sequence", "site_setting"}
    assert all(len(reason) > 30 for reason in kinds.excluded.values())


def test_a_table_added_later_is_exported_without_new_code_or_fails_the_check():
    metadata = MetaData()
    for table in Base.metadata.sorted_tables:
        table.to_metadata(metadata)
    Table(
        "culture_photo",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("vessel_id", ForeignKey("vessel.id")),
        Column("file_name", String(200)),
    )
    assert "culture_photo" in classify(metadata).part_of_lot
    Table(
        "patient_allergy",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("patient_id", ForeignKey("patient.id")),
        Column("allergen", String(200)),
    )
    kinds = classify(metadata)
    assert kinds.unclassified == {"patient_allergy"}
    with pytest.raises(UnclassifiedTableError, match="patient_allergy"):
        collect_lot_rows(None, 1, metadata)  # refused before any row is read


# --- the reader test --------------------------------------------------------------------------


def test_the_reader_reconstructs_the_lot_as_the_services_report_it(lab, clock, tmp_path):
    built = build_lot(lab, clock)  # implanted, with the P0 confluence corrected 80 -> 85 %
    clock.advance(days=3)
    report = export(lab, [built.din + built.check_character], tmp_path / "archive")
    folder = tmp_path / "archive" / built.din
    assert report.dins == (built.din,) and report.paths == (folder,)

    reading = retention_reader.read_export(folder)
    assert reading.verified, (
        reading.chain.problems,
        reading.checksum_problems,
        reading.signature_problems,
        reading.replay_problems,
    )
    story = reading.story
    record = batch_record(lab.db, lab.qa, built.din)
    header = record.header

    # The patient and the DIN, as the batch record shows them.
    assert (story.din, story.check_character, story.mrn) == (built.din, "8", header.mrn)
    assert header.patient_name == f"{story.patient_name} (Zhang Wei)"
    assert story.date_of_birth == header.date_of_birth.isoformat()
    assert story.status == "implanted" and header.status == "Implanted"

    # Each passage: vessels, counts and the figures labtracker computed.
    growth = culture.growth_series(lab.db, lab.qa, built.din)
    harvested = [p for p in story.passages if p.cells_harvested is not None]
    assert [(p.number, p.cells_seeded, p.cells_harvested) for p in harvested] == [
        (g.passage, g.cells_seeded, g.cells_harvested) for g in growth
    ]
    assert [p.population_doublings for p in harvested] == [g.population_doublings for g in growth]
    assert [p.doubling_time_hours for p in harvested] == [g.doubling_time_hours for g in growth]
    assert story.cumulative_population_doublings == pytest.approx(
        growth[-1].cumulative_population_doublings
    )
    assert harvested[0].confluence_percent == 85.0  # the corrected value
    tree = culture.vessel_tree(lab.db, lab.qa, built.din)

    def codes(nodes):
        return [n.code for n in nodes] + [c for n in nodes for c in codes(n.children)]

    assert sorted(c for p in story.passages for c, *_ in p.vessels) == sorted(codes(tree.roots))
    assert [p.number for p in story.passages] == [0, 1, 2]
    assert story.passages[0].vessels[0][1:] == ("T75", 150_000, 75.0)

    # QC against the specification limits, judged again by the reader.
    check = release.release_check(lab.db, lab.qa, built.din)
    by_test = {q.test_code: q for q in story.qc}
    assert set(by_test) == {
        "viability",
        "sterility_aerobic",
        "sterility_anaerobic",
        "gram_stain",
        "mycoplasma",
        "endotoxin",
        "cell_count",
    }
    assert len(check.results) == len(story.qc)
    for q in story.qc:
        assert q.outcome == "pass" and q.rejudged in ("pass", None), q
        assert q.specification == "RELEASE v1"
    assert {r.verdict for r in check.results} == {"pass"}
    assert by_test["endotoxin"].result == 0.2 and by_test["endotoxin"].limit == 0.5
    assert by_test["sterility_aerobic"].limit == "no growth"

    # The release decision: who signed, when; the implantation.
    summary = record.release
    assert story.release_decision == summary.decision == "released"
    assert story.release_decided_at == summary.decided_at.astimezone(UTC).isoformat()
    (signed,) = story.release_signatures
    assert (signed.meaning, signed.printed_name, signed.username) == (
        "approved_for_release",
        "Mei Chen",
        "mchen",
    )
    assert summary.signature.printed_name == signed.printed_name
    assert summary.signature.username == signed.username
    assert story.release_expires_at is not None
    (implanted,) = story.implantation_signatures
    assert implanted.meaning == "implanted" and implanted.printed_name == "Dr Zhao Ming"
    assert story.surgeon == "Dr Zhao Ming" and story.implant_site == "left tibia"
    section = next(s for s in record.sections if s.title == "Implantation")
    assert section.entries and section.entries[0].signatures[-1].printed_name == "Dr Zhao Ming"

    # Every signature the services know of the lot, and every correction, is in the export.
    exported_signatures = {s["id"] for s in reading.document["tables"]["e_signature"]}
    assert {s.signature_id for s in signatures.lot_signatures(lab.db, lab.qa, built.din)} <= (
        exported_signatures
    )
    assert any(s["superseded_at"] for s in reading.document["tables"]["e_signature"])
    assert (
        "harvest",
        built.p0_harvest_id,
        "confluence_percent",
        "80.0",
        "85.0",
        CONFLUENCE_REASON,
    ) in story.corrections
    assert [c[:5] for c in story.corrections] == [
        (c.table, c.record_id, c.column, c.old_value, c.new_value) for c in record.corrections
    ]

    # The lot's audit trail as the services query it is in the export, entry for entry.
    rows = audit.query_audit(lab.db, lab.qa, audit.AuditQuery(lot_din=built.din))
    exported_ids = {e["id"] for e in reading.document["tables"]["audit_entry"]}
    on_lot = [
        r
        for r in rows
        if r.action != "system" or "exported for retention" not in (r.new_value or "")
    ]
    assert {r.entry_id for r in on_lot} <= exported_ids
    assert reading.chain.hashes_recomputed == reading.chain.entries > 100
    assert reading.chain.links_checked > 0

    # The export itself is on record: one system event, with lot.json's SHA-256.
    (event,) = [r for r in rows if "exported for retention" in (r.new_value or "")]
    assert event.action == "system" and event.username == "mchen" and event.station == STATION
    assert report.lots[0].lot_json_sha256 in event.new_value and str(folder) in event.new_value
    assert audit.verify_audit_chain(lab.db).intact


def test_the_export_is_self_describing_complete_and_readable(lab, clock, tmp_path):
    built = build_lot(lab, clock, until="released", correct=False)
    report = export(lab, [built.din], tmp_path)
    folder = tmp_path / built.din
    document = lot_json(folder)

    assert document["format"] == "labtracker-lot-export" and document["format_version"] == 1
    assert document["database_schema_revision"]
    assert document["exported_by"]["username"] == "mchen"
    assert document["exported_by"]["full_name"] == "Mei Chen"
    assert document["site"] == {
        "name": "Xinxiang Bone Lab",
        "facility_code": "A9999",
        "timezone": "Asia/Shanghai",
        "address": "",
        "licence_number": "",
    }
    assert document["exported_at"].endswith("+00:00")
    tables = document["tables"]
    # Every exported table that holds rows here; with the shared reference rows.
    kinds = classify()
    expected = kinds.exported - {"discard", "deviation", "custody_event", "implantation"}
    assert expected <= set(tables), expected - set(tables)
    assert set(tables) <= kinds.exported
    assert set(document["schema"]) == set(tables)
    assert set(document["tables_not_exported"]) == set(EXCLUDED)
    # Values: datetimes with offset, floats as numbers, booleans as booleans, nulls as null.
    lot = tables["lot"][0]
    assert lot["status"] == "released" and lot["created_at"].endswith("+00:00")
    assert lot["intended_surgery_on"] is None
    assert tables["aspirate_collection"][0]["volume_ml"] == 15.0
    assert tables["aspirate_receipt"][0]["within_limits"] is True
    assert tables["patient"][0]["date_of_birth"] == "1985-05-17"
    # Staff appear by number, user ID and name only.
    assert {tuple(u) for u in tables["user_account"]} == {("id", "username", "full_name")}
    assert {"lwang", "zliu", "mchen", "drzhao"} <= {u["username"] for u in tables["user_account"]}
    # Every column of every table is described.
    harvest = {c["name"]: c for c in document["schema"]["harvest"]["columns"]}
    assert harvest["performed_by_id"]["references"] == ["user_account.id"]
    assert harvest["harvested_at"]["value"] == "date and time"
    assert "computed" in harvest["population_doublings"]["description"]
    assert document["schema"]["harvest"]["description"].startswith("Harvest of one or more")
    assert all(c["description"] for t in document["schema"].values() for c in t["columns"])
    assert document["schema"]["lot"]["columns"][0]["name"] == "id"
    status = next(c for c in document["schema"]["lot"]["columns"] if c["name"] == "status")
    assert "released" in status["allowed_values"]
    # The audit hash algorithm, worked through on a real entry.
    chain = document["audit_chain"]
    assert chain["entry_hash"]["fields_in_order"][0] == "occurred_at"
    assert chain["entry_hash"]["fields_in_order"][-1] == "previous_hash"
    assert chain["at_export"]["whole_chain_verified"] is True
    example = chain["example"]
    entry = next(e for e in tables["audit_entry"] if e["id"] == example["entry_id"])
    assert example["sha256"] == entry["entry_hash"]

    # Chinese names as themselves (UTF-8), never escaped, in JSON and CSV (with a BOM).
    raw = (folder / "lot.json").read_bytes()
    assert "张".encode() in raw and b"\\u5f20" not in raw
    patient_csv = (folder / "csv" / "patient.csv").read_bytes()
    assert patient_csv.startswith(b"\xef\xbb\xbf") and "张".encode() in patient_csv
    (row,) = retention_reader.read_csv(folder / "csv" / "patient.csv")
    assert (row["family_name"], row["given_name"], row["mrn"]) == ("张", "伟", "MRN0012345")
    assert row["weight_kg"] == "70.0"
    audit_csv = retention_reader.read_csv(folder / "audit_trail.csv")
    assert len(audit_csv) == len(tables["audit_entry"])
    assert audit_csv[0]["Entry"] == str(tables["audit_entry"][0]["id"])
    for name in tables:
        with (folder / "csv" / f"{name}.csv").open(encoding="utf-8-sig") as stream:
            assert stream.readline().strip().split(",")[0] == "id"
        assert len(retention_reader.read_csv(folder / "csv" / f"{name}.csv")) == len(tables[name])

    # No password hash anywhere in the export.
    with lab.db.reading() as session:
        hashes = set(session.scalars(select(UserAccount.password_hash))) | set(
            session.scalars(select(PasswordHistory.password_hash))
        )
    hashes.discard(None)
    assert hashes
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert b"$argon2" not in data, path
            assert not any(h.encode() in data for h in hashes), path

    # The batch record PDF opens and shows the DIN on page 1.
    page1 = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-enc", "UTF-8", str(folder / "batch_record.pdf"), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    assert "A9999 26 000001" in page1 and "Batch record" in page1

    # SHA256SUMS covers every file and sha256sum agrees.
    listed = (folder / "SHA256SUMS").read_text().splitlines()
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert sorted(line.split("  ", 1)[1] for line in listed) == [
        f for f in files if f != "SHA256SUMS"
    ]
    checked = subprocess.run(
        ["sha256sum", "-c", "SHA256SUMS"], cwd=folder, capture_output=True, text=True
    )
    assert checked.returncode == 0 and checked.stdout.count(": OK") == len(listed)
    assert report.lots[0].files == len(files)
    assert report.lots[0].bytes == sum((folder / f).stat().st_size for f in files)
    readme = (folder / "README.txt").read_text(encoding="utf-8")
    assert "sha256sum -c SHA256SUMS" in readme and "UTF-8 with a byte order mark" in readme
    assert "张" not in readme and "MRN0012345" not in readme  # no patient data in the README

    # The manifest beside the lot folders.
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["lots"][0]["din"] == built.din
    assert manifest["lots"][0]["lot_json_sha256"] == report.lots[0].lot_json_sha256
    assert manifest["totals"] == {"lots": 1, "files": len(files), "bytes": report.bytes}


def test_tampering_with_one_value_is_found(lab, clock, tmp_path):
    built = build_lot(lab, clock, until="seeded", correct=False)
    export(lab, [built.din], tmp_path / "a")
    original = tmp_path / "a" / built.din
    assert retention_reader.read_export(original).verified

    def tampered(name: str, change) -> retention_reader.Reading:
        copy = tmp_path / name
        shutil.copytree(original, copy)
        document = lot_json(copy)
        change(document["tables"])
        (copy / "lot.json").write_text(
            json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        return retention_reader.read_export(copy)

    def audit_value(tables):
        entry = next(e for e in tables["audit_entry"] if e["field"] == "status")
        entry["new_value"] = "released"

    reading = tampered("audit", audit_value)
    assert not reading.chain.intact and "does not match its hash" in reading.chain.problems[0]
    assert any("lot.json: FAILED" in p for p in reading.checksum_problems)

    def count(tables):
        tables["cell_count"][0]["viability_percent"] = 99.0

    reading = tampered("count", count)
    assert reading.chain.intact  # the entries were not touched...
    assert any("lot.json: FAILED" in p for p in reading.checksum_problems)  # ...the file was
    assert any("cell_count" in p and "viability_percent" in p for p in reading.replay_problems)

    def signed_value(tables):
        tables["scaffold_seeding"][0]["cells_seeded"] = 4e7

    reading = tampered("signed", signed_value)
    assert any("no longer matches what was signed" in p for p in reading.signature_problems)
    assert not reading.verified


# --- refusals: nothing written ------------------------------------------------------------


def started_lot(lab, mrn: str) -> str:
    enrol(lab, mrn)
    return lots.start_lot(lab.db, lab.tech, mrn).din


def entries(lab) -> int:
    with lab.db.reading() as session:
        return len(session.scalars(select(AuditEntry.id)).all())


def test_refusals_leave_nothing_behind(lab, clock, tmp_path):
    din = started_lot(lab, "MRN0012345")
    before = entries(lab)

    with pytest.raises(PermissionDeniedError):
        export_for_retention(lab.db, lab.tech, [din], tmp_path / "t", station=STATION)
    with pytest.raises(PermissionDeniedError):  # the administrator reviews the trail, not lots
        export_for_retention(lab.db, lab.admin, [din], tmp_path / "t", station=STATION)
    assert not (tmp_path / "t").exists()

    with pytest.raises(InvalidValueError, match="A999926000999") as refused:
        export(lab, [din, "A999926000999"], tmp_path / "u")
    assert refused.value.field == "DIN"
    wrong = din + ("0" if din_check_character(din) != "0" else "1")
    with pytest.raises(InvalidValueError, match=wrong):
        export(lab, [wrong], tmp_path / "u")
    assert not (tmp_path / "u").exists()

    used = tmp_path / "v" / din
    used.mkdir(parents=True)
    (used / "lot.json").write_text("an earlier export", encoding="utf-8")
    with pytest.raises(InvalidValueError, match="never overwritten") as refused:
        export(lab, [din], tmp_path / "v")
    assert refused.value.field == "Output folder"
    assert [p.name for p in (tmp_path / "v").iterdir()] == [din]
    assert (used / "lot.json").read_text(encoding="utf-8") == "an earlier export"
    assert entries(lab) == before

    # An empty folder made beforehand is taken over; nothing partial is left beside it.
    (tmp_path / "w" / din).mkdir(parents=True)
    export(lab, [din], tmp_path / "w")
    assert sorted(p.name for p in (tmp_path / "w").iterdir()) == [din, "manifest.json"]
    assert entries(lab) == before + 1


def test_all_lots_of_a_site(lab, clock, tmp_path):
    built = build_lot(lab, clock, "MRN0012345", until="seeded", correct=False)
    others = [started_lot(lab, "MRN0020001"), started_lot(lab, "MRN0020002")]
    report = export(lab, None, tmp_path)
    assert report.dins == (built.din, *others)
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert [lot["din"] for lot in manifest["lots"]] == list(report.dins)
    assert [lot["status"] for lot in manifest["lots"]] == ["seeded", "created", "created"]
    assert manifest["totals"] == {"lots": 3, "files": report.files, "bytes": report.bytes}
    for din in report.dins:
        reading = retention_reader.read_export(tmp_path / din)
        assert reading.verified and reading.story.din == din
    # No other patient's data in a lot's folder.
    first = (tmp_path / others[0] / "lot.json").read_text(encoding="utf-8")
    assert "MRN0020001" in first and "MRN0020002" not in first and "MRN0012345" not in first
    rows = audit.query_audit(lab.db, lab.qa, audit.AuditQuery(lot_din=others[1]))
    assert sum("exported for retention" in (r.new_value or "") for r in rows) == 1

    # A second --all into the same folder refuses (the lots are there); a new folder works,
    # and a later lot goes beside the others with its own manifest.
    with pytest.raises(InvalidValueError, match="never overwritten"):
        export(lab, None, tmp_path)
    newest = started_lot(lab, "MRN0020003")
    clock.advance(minutes=1)
    later = export(lab, [newest], tmp_path)
    assert later.manifest.name.startswith("manifest-") and later.manifest.exists()
    assert json.loads((tmp_path / "manifest.json").read_text())["totals"]["lots"] == 3


def test_command_line_round_trip(lab, clock, db_url, monkeypatch, capsys, tmp_path):
    built = build_lot(lab, clock, until="seeded", correct=False)
    other = started_lot(lab, "MRN0020001")
    monkeypatch.setenv("LABTRACKER_DATABASE_URL", db_url)

    def run(*argv: str, user: str = "mchen") -> tuple[int, str, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
        code = cli(["export", *argv, "--user", user, "--password-stdin"])
        out, err = capsys.readouterr()
        return code, out, err

    code, out, err = run(built.din + built.check_character, "-o", str(tmp_path / "one"))
    assert code == 0, err
    line, total = out.splitlines()
    assert line.startswith(f"{built.din}  ") and " files  " in line and " kB" in line
    assert total.startswith("1 lot(s) exported: ")
    assert retention_reader.read_export(tmp_path / "one" / built.din).verified

    code, out, err = run("--all", "-o", str(tmp_path / "all"))
    assert code == 0, err
    assert [line.split()[0] for line in out.splitlines()[:-1]] == [built.din, other]
    assert out.splitlines()[-1].startswith("2 lot(s) exported: ")

    code, out, err = run(other, "-o", str(tmp_path / "all"))
    assert code == 2 and "never overwritten" in err and not out
    code, _, err = run(other, "-o", str(tmp_path / "t"), user="lwang")
    assert code == 2 and "labtracker:" in err and not (tmp_path / "t").exists()
    code, _, err = run("A999926000999", "-o", str(tmp_path / "x"))
    assert code == 2 and "A999926000999" in err and not (tmp_path / "x").exists()
    code, _, err = run("--all", other, "-o", str(tmp_path / "y"))
    assert code == 2 and "--all" in err


# --- PostgreSQL --------------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["postgres"])
def test_on_postgresql_the_reader_verifies_the_export(backend, lab, clock, tmp_path):
    built = build_lot(lab, clock)
    report = export(lab, None, tmp_path)
    reading = retention_reader.read_export(tmp_path / built.din)
    assert reading.verified, (
        reading.chain.problems,
        reading.checksum_problems,
        reading.signature_problems,
        reading.replay_problems,
    )
    assert reading.story.patient_name == "张伟" and reading.story.status == "implanted"
    assert report.lots[0].batch_record_pages > 1
    assert lot_json(tmp_path / built.din)["tables"]["lot"][0]["created_at"].endswith("+00:00")
