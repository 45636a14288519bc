"""Electronic signatures: re-entry of ID and password, maker ≠ checker, bound to the content
signed, superseded by a correction."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from labtracker.domain.permissions import PermissionDeniedError, Role
from labtracker.services import auth, corrections
from labtracker.services.signatures import Meaning, SignatureRefusedError, sign, signatures_for
from tests.services.conftest import PASSWORD
from tests.services.test_audit_trail import add_material_lot


@pytest.fixture
def tech(make_user):
    return make_user("lwang", "Li Wang", Role.TECHNICIAN)


@pytest.fixture
def verifier(make_user):
    return make_user("zliu", "Zhang Liu", Role.VERIFIER)


def test_performed_then_verified_by_another_person(db, tech, verifier, clock):
    record = add_material_lot(db, tech)
    done = sign(
        db,
        tech,
        record_table="material_lot",
        record_id=record,
        meaning=Meaning.PERFORMED,
        username="lwang",
        password=PASSWORD,
    )
    clock.advance(minutes=3)
    checked = sign(
        db,
        verifier,
        record_table="material_lot",
        record_id=record,
        meaning=Meaning.VERIFIED,
        username="zliu",
        password=PASSWORD,
    )
    assert done.is_valid and checked.is_valid
    shown = [s.manifestation for s in signatures_for(db, "material_lot", record)]
    assert shown == [
        "Performed by Li Wang (lwang), 2026-03-02 08:00 UTC",
        "Verified by Zhang Liu (zliu), 2026-03-02 08:03 UTC",
    ]


def test_wrong_password_does_not_sign_and_counts_as_a_failure(db, admin, tech):
    record = add_material_lot(db, tech)
    with pytest.raises(auth.AuthenticationError, match="4 attempts left"):
        sign(
            db,
            tech,
            record_table="material_lot",
            record_id=record,
            meaning=Meaning.PERFORMED,
            username="lwang",
            password="not-it",
        )
    assert signatures_for(db, "material_lot", record) == []
    attempt = auth.login_attempts(db, admin)[0]
    assert (attempt.purpose, attempt.username_entered, attempt.failure_reason) == (
        "signature",
        "lwang",
        "wrong password",
    )


def test_signing_needs_your_own_user_id(db, tech, verifier):
    record = add_material_lot(db, tech)
    with pytest.raises(auth.AuthenticationError, match="enter your own user ID"):
        sign(
            db,
            verifier,
            record_table="material_lot",
            record_id=record,
            meaning=Meaning.VERIFIED,
            username="lwang",
            password=PASSWORD,
        )
    assert signatures_for(db, "material_lot", record) == []


def test_maker_cannot_be_checker(db, make_user):
    both = make_user("hsun", "Hua Sun", Role.TECHNICIAN, Role.VERIFIER)
    record = add_material_lot(db, both)
    with pytest.raises(SignatureRefusedError, match="a second person must check it"):
        sign(
            db,
            both,
            record_table="material_lot",
            record_id=record,
            meaning=Meaning.VERIFIED,
            username="hsun",
            password=PASSWORD,
        )
    assert signatures_for(db, "material_lot", record) == []


def test_technician_cannot_verify(db, tech, make_user):
    other = make_user("wli", "Wei Li", Role.TECHNICIAN)
    record = add_material_lot(db, other)
    with pytest.raises(PermissionDeniedError):
        sign(
            db,
            tech,
            record_table="material_lot",
            record_id=record,
            meaning=Meaning.VERIFIED,
            username="lwang",
            password=PASSWORD,
        )


def test_correction_supersedes_the_signature(db, tech, verifier, clock):
    record = add_material_lot(db, tech)
    sign(
        db,
        tech,
        record_table="material_lot",
        record_id=record,
        meaning=Meaning.PERFORMED,
        username="lwang",
        password=PASSWORD,
    )
    sign(
        db,
        verifier,
        record_table="material_lot",
        record_id=record,
        meaning=Meaning.VERIFIED,
        username="zliu",
        password=PASSWORD,
    )
    clock.advance(hours=1)
    corrections.correct_record(
        db, tech, "material_lot", record, {"lot_number": "SLCD1243"}, "digits transposed"
    )
    views = signatures_for(db, "material_lot", record)
    assert [v.is_valid for v in views] == [False, False]
    assert views[1].manifestation.endswith(
        "SUPERSEDED 2026-03-02 09:00: lot_number changed: digits transposed"
    )
    # The step can be signed again, and that signature holds.
    again = sign(
        db,
        verifier,
        record_table="material_lot",
        record_id=record,
        meaning=Meaning.VERIFIED,
        username="zliu",
        password=PASSWORD,
    )
    assert again.is_valid


def test_signature_cannot_survive_a_change_behind_the_applications_back(db, tech):
    record = add_material_lot(db, tech)
    sign(
        db,
        tech,
        record_table="material_lot",
        record_id=record,
        meaning=Meaning.PERFORMED,
        username="lwang",
        password=PASSWORD,
    )
    with db.engine.begin() as conn:
        conn.execute(
            text("UPDATE material_lot SET lot_number = 'FORGED' WHERE id = :id"), {"id": record}
        )
    (view,) = signatures_for(db, "material_lot", record)
    assert not view.is_valid
    assert "INVALID" in view.manifestation


def test_no_double_signature_with_the_same_meaning(db, tech):
    record = add_material_lot(db, tech)
    sign(
        db,
        tech,
        record_table="material_lot",
        record_id=record,
        meaning=Meaning.PERFORMED,
        username="lwang",
        password=PASSWORD,
    )
    with pytest.raises(SignatureRefusedError, match="already signed"):
        sign(
            db,
            tech,
            record_table="material_lot",
            record_id=record,
            meaning=Meaning.PERFORMED,
            username="lwang",
            password=PASSWORD,
        )
