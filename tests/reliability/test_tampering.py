"""Tampering with raw SQL, behind labtracker's back, on SQLite and PostgreSQL alike.

Each test starts from one lot built through the real services up to QA release (signed steps,
a corrected and re-signed harvest, QC results, the release decision), copied per test, and
then changes the database the way someone with a SQL prompt would:

* the audit trail and the login log are append-only: UPDATE, DELETE (and on PostgreSQL
  TRUNCATE, also by cascade from another table) are refused by the database's triggers, and
  the database is left exactly as it was (a full dump before and after);
* a raw edit of a record (a cell count, a QC result, a lot's status or expiry, a signed
  harvest), a row deleted or slipped in: the hash chain still holds (it covers the trail, not
  the records), and the records check (`audit.verify_records`, what `labtracker audit
  verify` reports) names the table, the record, the field, the value the trail recorded and
  the value the table now holds;
* a raw edit of a signature row (meaning, signer, printed name, time, content hash, record),
  with or without a recomputed seal, and a signature copied onto another record: found by
  the signature check (`audit.verify_signatures`), by the records check, and shown INVALID
  beside the record.

Bounded: 11 tests per backend (22 in all) covering 33 tampering cases on PostgreSQL and 29
on SQLite (7 refused statements, +4 TRUNCATEs on PostgreSQL; 7 record-value edits; 7
signature-row edits; a signed record edited, a row deleted, a row inserted, a resealed
signature, a signature copied as-is and resealed, a signature moved, a forged audit entry),
each on a copy of the built lot: about 45 s for both backends here, most of it building the
lot once per backend.
"""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.exc import DBAPIError

from labtracker.db.models import ESignature
from labtracker.services.audit import verify_audit_chain, verify_records, verify_signatures
from labtracker.services.record_check import RecordCheckReport
from labtracker.services.signatures import signature_hash, signatures_for
from tests.reliability.built_lots import BuiltLot, built_lot
from tests.reliability.support import full_dump


@pytest.fixture
def released(request, backend, clock, tmp_path_factory) -> BuiltLot:
    built = built_lot(request, backend, clock, tmp_path_factory, until="released")
    # What every test relies on: the untouched database passes every check.
    _assert_intact(built)
    return built


def _assert_intact(built: BuiltLot) -> None:
    assert verify_audit_chain(built.db).intact
    for report in (verify_records(built.db), verify_signatures(built.db)):
        assert report.intact, report.summary


def _raw(engine: Engine, sql: str, **params: object) -> None:
    with engine.begin() as connection:
        connection.execute(text(sql), params)


def _one(engine: Engine, sql: str, **params: object):
    with engine.connect() as connection:
        return connection.execute(text(sql), params).one()


def _all(engine: Engine, sql: str, **params: object):
    with engine.connect() as connection:
        return connection.execute(text(sql), params).all()


# --- refused by the triggers ----------------------------------------------------------------------

REFUSED_EVERYWHERE = [
    "UPDATE audit_entry SET new_value = 'forged' WHERE id = (SELECT max(id) FROM audit_entry)",
    "UPDATE audit_entry SET username = 'someone else'",
    "DELETE FROM audit_entry WHERE id = (SELECT max(id) FROM audit_entry)",
    "DELETE FROM audit_entry",  # SQLite's "truncate" (its row triggers still fire)
    "UPDATE login_event SET succeeded = NOT succeeded",
    "DELETE FROM login_event WHERE id = (SELECT min(id) FROM login_event)",
    "DELETE FROM login_event",
]
REFUSED_ON_POSTGRES = [
    "TRUNCATE audit_entry",
    "TRUNCATE login_event",
    "TRUNCATE lot CASCADE",  # would empty audit_entry through its lot_id foreign key
    "TRUNCATE user_account CASCADE",  # would empty both logs
]


def test_the_logs_refuse_changes_and_removals(released, backend):
    engine = released.db.engine
    before = full_dump(engine)
    statements = REFUSED_EVERYWHERE + (REFUSED_ON_POSTGRES if backend == "postgres" else [])
    for statement in statements:
        with pytest.raises(DBAPIError, match="append-only"):
            _raw(engine, statement)
        assert full_dump(engine) == before, statement


# --- raw edits of records: detected ---------------------------------------------------------------


def _findings(report: RecordCheckReport) -> list[tuple[object, ...]]:
    return [
        (f.table, f.record_id, f.field, f.audited_value, f.current_value) for f in report.findings
    ]


def _only(report: RecordCheckReport) -> list[str]:
    """The findings as a reviewer reads them."""
    assert not report.intact
    return [str(finding) for finding in report.findings]


def _harvests(engine: Engine) -> tuple[int, int, int]:
    """(P0 harvest, its cell count, P1 harvest)."""
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT id, cell_count_id FROM harvest ORDER BY id")).all()
    (p0, p0_count), (p1, _) = rows
    return p0, p0_count, p1


def _edit_and_put_back(built: BuiltLot, table: str, record_id: int, column: str, value: object):
    """Change one stored value with raw SQL; returns a function that puts the original back."""
    engine = built.db.engine
    (original,) = _one(engine, f"SELECT {column} FROM {table} WHERE id = :id", id=record_id)
    _raw(engine, f"UPDATE {table} SET {column} = :v WHERE id = :id", v=value, id=record_id)

    def put_back() -> None:
        _raw(engine, f"UPDATE {table} SET {column} = :v WHERE id = :id", v=original, id=record_id)

    return put_back


def _moment(engine: Engine, iso: str) -> str:
    """A moment as a raw SQL literal: SQLite keeps UTC wall-clock text, PostgreSQL timestamptz."""
    return iso.replace("T", " ") if engine.dialect.name == "sqlite" else iso + "+00:00"


def test_raw_edits_of_record_values_are_named_with_both_values(released):
    """Each edit alone: the records check names exactly that table, record and field with the
    value the trail recorded and the value now stored; put back, the check passes again."""
    engine = released.db.engine
    _, count, _ = _harvests(engine)
    results = dict(_all(engine, "SELECT test_code, id FROM qc_result"))
    (lot_id,) = _one(engine, "SELECT id FROM lot WHERE din = :din", din=released.lot.din)
    cases = [
        ("cell_count", count, "viability_percent", 99.5, "96.0", "99.5"),
        ("qc_result", results["endotoxin"], "result_value", 0.1, "0.2", "0.1"),
        ("qc_result", results["mycoplasma"], "result_text", "Negative!", "Negative", "Negative!"),
        ("qc_result", results["viability"], "outcome", "fail", "pass", "fail"),
        ("qc_result", results["sterility_aerobic"], "unit", "CFU", "", "CFU"),
        ("lot", lot_id, "status", "implanted", "released", "implanted"),
        (
            "lot",
            lot_id,
            "expires_at",
            _moment(engine, "2027-01-01T00:00:00"),
            None,  # filled in below: whatever QA's release set
            "2027-01-01T00:00:00+00:00",
        ),
    ]
    for table, record_id, column, value, audited, shown in cases:
        put_back = _edit_and_put_back(released, table, record_id, column, value)
        # The chain covers the trail, not the records: on its own it cannot see this.
        assert verify_audit_chain(released.db).intact
        report = verify_records(released.db)
        assert len(report.findings) == 1, report.summary
        (finding,) = report.findings
        assert (finding.table, finding.record_id, finding.field, finding.current_value) == (
            table,
            record_id,
            column,
            shown,
        )
        if audited is not None:
            assert finding.audited_value == audited
        assert str(finding) == (
            f"{table} {record_id}, {column}: the audit trail records {finding.audited_value!r}, "
            f"the table holds {shown!r} (changed outside labtracker)"
        )
        put_back()
        assert verify_records(released.db).intact, (table, column)


def test_a_raw_edit_of_a_signed_record_breaks_its_signatures(released):
    engine = released.db.engine
    p0, _, _ = _harvests(engine)
    _raw(engine, "UPDATE harvest SET confluence_percent = 95 WHERE id = :id", id=p0)
    records = verify_records(released.db)
    assert _findings(records) == [("harvest", p0, "confluence_percent", "85.0", "95.0")]
    signatures = verify_signatures(released.db)
    # The two signatures in force (performed, verified after the correction) no longer match;
    # the two superseded by the correction are not judged against today's content.
    assert {(f.table, f.record_id, f.field) for f in signatures.findings} == {
        ("harvest", p0, "content_hash")
    }
    assert len(signatures.findings) == 2
    texts = _only(signatures)
    assert all("does not match the record" in t and f"harvest {p0}" in t for t in texts)
    assert any("performed signature by Li Wang" in t for t in texts)
    assert any("verified signature by Zhang Liu" in t for t in texts)
    shown = signatures_for(released.db, "harvest", p0)
    assert [s.is_valid for s in shown] == [False, False, False, False]
    assert sum("INVALID" in s.manifestation for s in shown) == 2


def test_a_row_deleted_behind_labtrackers_back_is_named(released):
    engine = released.db.engine
    (row_id,) = _one(engine, "SELECT max(id) FROM label_disposition")
    _raw(engine, "DELETE FROM label_disposition WHERE id = :id", id=row_id)
    assert _only(verify_records(released.db)) == [
        f"label_disposition {row_id}: the audit trail records it, but the table no longer has "
        "it: it was deleted outside labtracker"
    ]


def test_a_row_slipped_in_behind_labtrackers_back_is_named(released):
    engine = released.db.engine
    columns = (
        "lot_id, qc_sample_id, specification_item_id, test_code, result_value, result_text, "
        "unit, outcome, tested_at, tested_by_id, laboratory, method, version, recorded_at, "
        "recorded_by_id, voided_at, voided_by_id, void_reason"
    )
    _raw(
        engine,
        f"INSERT INTO qc_result ({columns}) SELECT {columns} FROM qc_result "
        "WHERE test_code = 'endotoxin'",
    )
    (new_id,) = _one(engine, "SELECT max(id) FROM qc_result")
    assert _only(verify_records(released.db)) == [
        f"qc_result {new_id}: no audit entry records its creation: it was added outside labtracker"
    ]


# --- signatures ----------------------------------------------------------------------------------

SEALED = (
    "signer_id",
    "printed_name",
    "signed_at",
    "meaning",
    "record_table",
    "record_id",
    "content_hash",
)


def _signature(engine: Engine, where, *params) -> dict[str, object]:
    """One signature row, read with its column types (times as times, as the seal hashes them)."""
    table = ESignature.__table__
    with engine.connect() as connection:
        return dict(connection.execute(select(table).where(where, *params)).mappings().one())


def _release_signature(engine: Engine) -> dict[str, object]:
    return _signature(engine, ESignature.meaning == "approved_for_release")


def test_raw_edits_of_a_signature_row_are_found(released):
    """Each edit of QA's release signature alone: the seal no longer holds (for what it
    seals) and the records check names the field; put back, both checks pass again."""
    engine = released.db.engine
    signature = _release_signature(engine)
    sid = signature["id"]
    cases = [
        ("meaning", "rejected"),
        ("printed_name", "Someone Else"),
        ("signer_id", released.lab.tech.user_id),
        ("signed_at", _moment(engine, "2026-04-01T08:00:00")),
        ("content_hash", "0" * 64),
        ("record_id", 99),
        ("superseded_reason", "made up"),  # not sealed: the records check alone finds it
    ]
    for column, value in cases:
        put_back = _edit_and_put_back(released, "e_signature", sid, column, value)
        records = verify_records(released.db)
        assert [(f.table, f.record_id, f.field) for f in records.findings] == [
            ("e_signature", sid, column)
        ], records.summary
        sealed = [f for f in verify_signatures(released.db).findings if f.field == "signature_hash"]
        if column in SEALED:
            assert [(f.table, f.record_id) for f in sealed] == [("e_signature", sid)], column
            assert "the signature row was altered" in str(sealed[0])
            assert "release_decision" in str(sealed[0])
        else:
            assert sealed == []
        put_back()
        _assert_intact(released)


def test_a_signature_edited_with_a_recomputed_seal_is_still_found(released):
    """Someone who knows the algorithm re-seals the edited row: the seal holds, but the row
    no longer matches what the audit trail recorded when it was signed."""
    engine = released.db.engine
    signature = _release_signature(engine)
    forged = {**signature, "meaning": "rejected"}
    forged_seal = signature_hash({k: forged[k] for k in SEALED})
    _raw(
        engine,
        "UPDATE e_signature SET meaning = 'rejected', signature_hash = :seal WHERE id = :id",
        seal=forged_seal,
        id=signature["id"],
    )
    assert verify_signatures(released.db).intact
    assert _only(verify_records(released.db)) == [
        f"e_signature {signature['id']}, meaning: the audit trail records "
        "'approved_for_release', the table holds 'rejected' (changed outside labtracker)",
        f"e_signature {signature['id']}, signature_hash: the audit trail records "
        f"{signature['signature_hash']!r}, the table holds {forged_seal!r} (changed outside "
        "labtracker)",
    ]


@pytest.mark.parametrize("reseal", [False, True], ids=["as-is", "resealed"])
def test_a_signature_copied_to_another_record_is_found(released, reseal):
    """The P0 harvest's 'verified' signature pasted onto the P1 harvest: same signer, time,
    meaning and content hash, another record id."""
    engine = released.db.engine
    p0, _, p1 = _harvests(engine)
    original = _signature(
        engine,
        ESignature.record_table == "harvest",
        ESignature.record_id == p0,
        ESignature.meaning == "verified",
        ESignature.superseded_at.is_(None),
    )
    copy = {**original, "record_id": p1}
    seal = signature_hash({k: copy[k] for k in SEALED}) if reseal else original["signature_hash"]
    _raw(
        engine,
        "INSERT INTO e_signature (signer_id, printed_name, signed_at, meaning, record_table, "
        "record_id, lot_id, content_hash, signature_hash, version) SELECT signer_id, "
        "printed_name, signed_at, meaning, record_table, :p1, lot_id, content_hash, :seal, 1 "
        "FROM e_signature WHERE id = :id",
        p1=p1,
        seal=seal,
        id=original["id"],
    )
    (copy_id,) = _one(engine, "SELECT max(id) FROM e_signature")
    signatures = verify_signatures(released.db)
    found = {(f.table, f.record_id, f.field) for f in signatures.findings}
    assert ("harvest", p1, "content_hash") in found
    assert (("e_signature", copy_id, "signature_hash") in found) is not reseal
    copied = next(f for f in signatures.findings if f.field == "content_hash")
    assert f"e_signature {copy_id}" in str(copied) and "copied from another record" in str(copied)
    assert _only(verify_records(released.db)) == [
        f"e_signature {copy_id}: no audit entry records its creation: it was added outside "
        "labtracker"
    ]
    on_p1 = signatures_for(released.db, "harvest", p1)
    pasted = next(s for s in on_p1 if s.signature_id == copy_id)
    assert not pasted.is_valid and "INVALID" in pasted.manifestation
    assert all(s.is_valid for s in on_p1 if s.signature_id != copy_id)


def test_a_signature_moved_to_another_record_is_found(released):
    engine = released.db.engine
    p0, _, p1 = _harvests(engine)
    (moved,) = _one(
        engine,
        "SELECT id FROM e_signature WHERE record_table = 'harvest' AND record_id = :id "
        "AND meaning = 'performed' AND superseded_at IS NULL",
        id=p0,
    )
    _raw(engine, "UPDATE e_signature SET record_id = :p1 WHERE id = :id", p1=p1, id=moved)
    signatures = verify_signatures(released.db)
    assert {(f.table, f.record_id, f.field) for f in signatures.findings} == {
        ("e_signature", moved, "signature_hash"),
        ("harvest", p1, "content_hash"),
    }
    records = verify_records(released.db)
    assert _findings(records) == [("e_signature", moved, "record_id", str(p0), str(p1))]


def test_a_forged_audit_entry_breaks_the_chain(released):
    """Inserting is the one thing the triggers allow; an entry slipped into the trail without
    the chain's hashes is named by the chain check."""
    engine = released.db.engine
    (last,) = _one(engine, "SELECT max(id) FROM audit_entry")
    _raw(
        engine,
        "INSERT INTO audit_entry (occurred_at, user_id, username, action, table_name, "
        "record_id, field, old_value, new_value, reason, lot_id, station, previous_hash, "
        "entry_hash) SELECT occurred_at, user_id, username, 'correct', 'qc_result', 1, "
        "'result_value', '0.9', '0.1', 'forged', lot_id, station, previous_hash, :h "
        "FROM audit_entry WHERE id = :id",
        h="f" * 64,
        id=last,
    )
    (forged,) = _one(engine, "SELECT max(id) FROM audit_entry")
    chain = verify_audit_chain(released.db)
    assert not chain.intact and chain.first_bad_entry_id == forged > last
    assert "link to the entry before it is broken" in chain.problem
