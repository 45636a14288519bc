"""The audit trail: written for every change from the flush, append-only in the database,
hash-chained so that tampering is found, and reviewable by lot, user, record and time."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from labtracker.db.audit import DeletionRefusedError, UnattributedChangeError
from labtracker.db.engine import make_session_factory
from labtracker.db.models import Material, MaterialLot
from labtracker.domain.errors import InvalidValueError
from labtracker.domain.permissions import PermissionDeniedError, Role
from labtracker.services import corrections
from labtracker.services.audit import AuditQuery, query_audit, verify_audit_chain


def add_material_lot(db, actor, lot_number="SLCD1234") -> int:
    with db.writing(actor) as session:
        material = Material(
            name="Dexamethasone",
            kind="supplement",
            manufacturer="Sigma",
            catalogue_number=f"D-{lot_number}",
            recorded_at=actor_now(),
            recorded_by_id=actor.user_id,
        )
        session.add(material)
        session.flush()
        lot = MaterialLot(
            material_id=material.id,
            code=f"RL{lot_number}"[:20],
            lot_number=lot_number,
            expiry_date=date(2027, 1, 1),
            received_at=actor_now(),
            received_by_id=actor.user_id,
            state="quarantine",
            recorded_at=actor_now(),
            recorded_by_id=actor.user_id,
        )
        session.add(lot)
        session.flush()
        return lot.id


def actor_now():
    from labtracker.clock import get_clock

    return get_clock().now()


@pytest.fixture
def tech(make_user):
    return make_user("lwang", "Li Wang", Role.TECHNICIAN)


@pytest.fixture
def qa(make_user):
    return make_user("mchen", "Mei Chen", Role.QA)


def test_every_insert_and_change_is_recorded(db, tech, qa, clock):
    lot_id = add_material_lot(db, tech)
    clock.advance(minutes=5)
    corrections.correct_record(
        db, tech, "material_lot", lot_id, {"lot_number": "SLCD1243"}, "digits transposed when typed"
    )
    rows = query_audit(db, qa, AuditQuery(table_name="material_lot", record_id=lot_id))
    assert [r.action for r in rows] == ["insert", "correct"]
    inserted, corrected = rows
    assert inserted.username == "lwang" and inserted.station == "bench-1"
    assert '"lot_number": "SLCD1234"' in inserted.new_value
    assert (corrected.field, corrected.old_value, corrected.new_value) == (
        "lot_number",
        "SLCD1234",
        "SLCD1243",
    )
    assert corrected.reason == "digits transposed when typed"
    assert corrected.occurred_at == inserted.occurred_at + timedelta(minutes=5)
    assert corrected.summary == "corrected lot_number from SLCD1234 to SLCD1243"
    with db.reading() as session:
        assert session.get(MaterialLot, lot_id).lot_number == "SLCD1243"


def test_correction_without_reason_is_refused_and_nothing_changes(db, tech, qa):
    lot_id = add_material_lot(db, tech)
    for reason in ("", "   "):
        with pytest.raises(InvalidValueError) as err:
            corrections.correct_record(
                db, tech, "material_lot", lot_id, {"lot_number": "X"}, reason
            )
        assert err.value.field == "Reason for change"
    # Even a service that forgot to ask is stopped at the flush.
    with pytest.raises(InvalidValueError, match="reason is required"), db.writing(tech) as s:
        s.get(MaterialLot, lot_id).lot_number = "Y"
    with db.reading() as session:
        assert session.get(MaterialLot, lot_id).lot_number == "SLCD1234"
    assert [
        r.action
        for r in query_audit(db, qa, AuditQuery(table_name="material_lot", record_id=lot_id))
    ] == ["insert"]


def test_identity_fields_cannot_be_corrected(db, tech):
    lot_id = add_material_lot(db, tech)
    with pytest.raises(corrections.CorrectionRefusedError, match="void this"):
        corrections.correct_record(
            db, tech, "material_lot", lot_id, {"recorded_by_id": 1}, "wrong person"
        )


def test_void_keeps_the_record_and_says_why(db, tech, qa):
    lot_id = add_material_lot(db, tech)
    corrections.void_record(db, tech, "material_lot", lot_id, "entered against the wrong item")
    with db.reading() as session:
        row = session.get(MaterialLot, lot_id)
        assert row.voided_at is not None and row.void_reason == "entered against the wrong item"
    actions = [r.action for r in query_audit(db, qa, AuditQuery(table_name="material_lot"))]
    assert actions.count("void") == 1
    with pytest.raises(corrections.CorrectionRefusedError, match="voided"):
        corrections.correct_record(db, tech, "material_lot", lot_id, {"lot_number": "Z"}, "r")


def test_records_are_never_deleted(db, tech):
    lot_id = add_material_lot(db, tech)
    with pytest.raises(DeletionRefusedError, match="never deleted"), db.writing(tech, "r") as s:
        s.delete(s.get(MaterialLot, lot_id))
    with db.reading() as session:
        assert session.get(MaterialLot, lot_id) is not None


def test_unattributed_change_is_refused(engine, tech):
    with make_session_factory(engine)() as session:
        session.add(
            Material(
                name="x",
                kind="other",
                manufacturer="m",
                catalogue_number="c",
                recorded_at=actor_now(),
                recorded_by_id=tech.user_id,
            )
        )
        with pytest.raises(UnattributedChangeError):
            session.flush()


@pytest.mark.parametrize("table", ["audit_entry", "login_event"])
@pytest.mark.parametrize("statement", ["UPDATE {t} SET station = 'x'", "DELETE FROM {t}"])
def test_raw_update_and_delete_are_refused_by_the_database(db, tech, table, statement):
    add_material_lot(db, tech)
    with pytest.raises(DBAPIError, match="append-only"), db.engine.begin() as conn:
        conn.execute(text(statement.format(t=table)))
    assert verify_audit_chain(db).intact


def drop_triggers(db) -> None:
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("DROP TRIGGER audit_entry_append_only ON audit_entry"))
        else:
            conn.execute(text("DROP TRIGGER audit_entry_no_update"))
            conn.execute(text("DROP TRIGGER audit_entry_no_delete"))


def test_chain_verifies_and_counts(db, tech):
    add_material_lot(db, tech, "A1")
    add_material_lot(db, tech, "A2")
    report = verify_audit_chain(db)
    assert report.intact and report.entries_checked >= 4


def test_edited_entry_is_found_by_verify(db, tech, qa):
    lot_id = add_material_lot(db, tech)
    corrections.correct_record(db, tech, "material_lot", lot_id, {"lot_number": "B"}, "typo")
    add_material_lot(db, tech, "LATER")
    target = query_audit(db, qa, AuditQuery(table_name="material_lot", record_id=lot_id))[1]
    drop_triggers(db)
    with db.engine.begin() as conn:
        conn.execute(
            text("UPDATE audit_entry SET old_value = 'SLCD9999' WHERE id = :id"),
            {"id": target.entry_id},
        )
    report = verify_audit_chain(db)
    assert not report.intact
    assert report.first_bad_entry_id == target.entry_id
    assert "altered" in report.problem


def test_deleted_entry_is_found_by_verify(db, tech, qa):
    add_material_lot(db, tech, "A1")
    add_material_lot(db, tech, "A2")
    rows = query_audit(db, qa)
    victim, follower = rows[-3], rows[-2]
    drop_triggers(db)
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_entry WHERE id = :id"), {"id": victim.entry_id})
    report = verify_audit_chain(db)
    assert report.first_bad_entry_id == follower.entry_id
    assert "removed or inserted" in report.problem


def test_query_by_lot_user_and_dates(db, tech, qa, clock):
    start = clock.now()
    add_material_lot(db, tech, "EARLY")
    clock.advance(days=1)
    middle = clock.now()
    add_material_lot(db, qa, "LATE")
    everything = query_audit(db, qa, AuditQuery(start=start))
    assert {r.username for r in everything} >= {"lwang", "mchen"}
    by_qa = query_audit(db, qa, AuditQuery(username="MChen"))
    assert by_qa and {r.username for r in by_qa} == {"mchen"}
    late = query_audit(db, qa, AuditQuery(start=middle))
    assert all(r.occurred_at >= middle for r in late)
    assert any("LATE" in (r.new_value or "") for r in late)
    assert not any("EARLY" in (r.new_value or "") for r in late)
    early = query_audit(db, qa, AuditQuery(start=start, end=middle))
    assert any("EARLY" in (r.new_value or "") for r in early)
    with pytest.raises(InvalidValueError, match="End"):
        AuditQuery(start=middle, end=start)


def test_technician_cannot_review_the_audit_trail(db, tech):
    with pytest.raises(PermissionDeniedError):
        query_audit(db, tech)


def test_passwords_never_reach_the_audit_trail(db, admin, tech):
    rows = query_audit(db, admin, AuditQuery(table_name="user_account"))
    text_seen = " ".join(f"{r.old_value} {r.new_value}" for r in rows)
    assert "argon2" not in text_seen
    assert "[secret" in text_seen


def test_chain_stays_linear_when_stations_write_at_once(db, tech, make_user):
    """Two stations saving at the same moment must not fork the chain."""
    import threading

    from labtracker.db.engine import make_engine
    from labtracker.services.context import Database

    qa = make_user("mchen", "Mei Chen", Role.QA)
    errors: list[BaseException] = []

    def station(actor, prefix):
        other = Database(make_engine(str(db.engine.url.render_as_string(hide_password=False))))
        try:
            for n in range(8):
                add_material_lot(other, actor, f"{prefix}{n}")
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            other.dispose()

    threads = [threading.Thread(target=station, args=(a, p)) for a, p in ((tech, "T"), (qa, "Q"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    report = verify_audit_chain(db)
    assert report.intact, report.problem
    with db.engine.connect() as conn:
        hashes = conn.execute(text("SELECT previous_hash FROM audit_entry")).scalars().all()
    assert len(hashes) == len(set(hashes))  # no two entries claim the same predecessor


@pytest.mark.parametrize(
    ("table", "field", "value"),
    [
        ("material_lot", "state", "released"),  # would skip QA's release of the lot
        ("user_account", "full_name", "Someone Else"),  # accounts change through users.*
        ("material_lot", "code", "RL999999"),  # identity
    ],
)
def test_only_typed_values_can_be_corrected_in_place(db, tech, table, field, value):
    lot_id = add_material_lot(db, tech)
    record_id = tech.user_id if table == "user_account" else lot_id
    with pytest.raises(corrections.CorrectionRefusedError, match="cannot be corrected in place"):
        corrections.correct_record(db, tech, table, record_id, {field: value}, "because")
    with db.reading() as session:
        assert session.get(MaterialLot, lot_id).state == "quarantine"
