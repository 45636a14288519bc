"""Resolving a scan against the record: what the screen says for each kind of code."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from labtracker.clock import get_clock
from labtracker.db.models import QcSample
from labtracker.domain.errors import InvalidValueError
from labtracker.domain.identifiers import din_check_character
from labtracker.domain.lot_states import LotStatus
from labtracker.domain.permissions import PermissionDeniedError
from labtracker.services import lots, materials
from labtracker.services.records import lot_by_din, stamp
from labtracker.services.scan import resolve_scan, set_wristband_prefix
from tests.services.conftest import enrol
from tests.services.test_deviations import add_vessel


@pytest.fixture
def din(lab, clock) -> str:
    enrol(lab)
    return lots.start_lot(lab.db, lab.tech, "MRN0012345").din


def add_qc_sample(lab, din: str, number: int = 3) -> str:
    """TEST SET-UP ONLY: a QC sample straight into the database (no QC service yet)."""
    code = f"{din}-QC{number:02d}"
    with lab.db.writing(lab.tech, "test set-up: QC sample without the QC service") as session:
        session.add(
            QcSample(
                code=code,
                lot_id=lot_by_din(session, din).id,
                test_code="sterility",
                stage="final construct",
                taken_at=get_clock().now(),
                taken_by_id=lab.tech.user_id,
                **stamp(lab.tech),
            )
        )
    return code


def test_din_of_a_lot(lab, din):
    for text in (f"={din}00", f"]C0={din.lower()}00\r\n", din + din_check_character(din), din):
        seen = resolve_scan(lab.db, lab.tech, text)
        assert (seen.kind, seen.din, seen.lot_status) == ("din", din, LotStatus.CREATED)
        assert seen.valid and seen.problem is None and seen.patient_mrn is None
        assert seen.summary == "Lot A9999 26 000001 — Created (awaiting aspirate)"


def test_released_lot_shows_its_expiry_in_site_time(lab, din):
    with lab.db.writing(lab.qa, "test set-up: released without the release service") as session:
        lot = lot_by_din(session, din)
        lot.status = LotStatus.RELEASED
        lot.expires_at = datetime(2026, 3, 4, 8, 0, tzinfo=UTC)
    seen = resolve_scan(lab.db, lab.surgeon, f"={din}00")
    assert seen.summary == "Lot A9999 26 000001 — Released by QA, expires 2026-03-04 16:00"


def test_unknown_din(lab, din):
    seen = resolve_scan(lab.db, lab.tech, "=A99992600009900")
    assert not seen.valid and seen.din == "A999926000099" and seen.lot_status is None
    assert seen.problem == "There is no lot with DIN A9999 26 000099 in this laboratory."
    assert seen.summary == seen.problem


def test_vessel_names_its_lot_and_state(lab, din):
    code = add_vessel(lab, din, 1, 2)
    seen = resolve_scan(lab.db, lab.tech, f"]d2{code.lower()}\n")
    assert (seen.kind, seen.vessel_code, seen.din, seen.lot_status) == (
        "vessel",
        code,
        din,
        LotStatus.CREATED,
    )
    assert seen.valid
    assert seen.summary == (
        f"Vessel {code} (T25, passage 1) — in culture; lot A9999 26 000001: "
        "Created (awaiting aspirate)"
    )
    missing = resolve_scan(lab.db, lab.tech, f"{din}-P1-3")
    assert (
        not missing.valid
        and missing.problem == f"There is no vessel {din}-P1-3 in this laboratory."
    )


def test_qc_sample(lab, din):
    code = add_qc_sample(lab, din)
    seen = resolve_scan(lab.db, lab.tech, code)
    assert seen.kind == "qc_sample" and seen.din == din and seen.valid
    assert seen.summary.startswith(f"QC sample {code} (sterility, final construct) of lot")
    assert not resolve_scan(lab.db, lab.tech, f"{din}-QC04").valid


def test_material_lot_usable_quarantined_expired(lab, clock, din):
    heparin = lab.materials["Heparin sodium"]
    seen = resolve_scan(lab.db, lab.tech, heparin.lower() + "\r\n")
    assert seen.kind == "material_lot" and seen.valid
    assert seen.summary == f"{heparin} (Heparin sodium lot LH3393) — released, expires 2027-06-30"

    fresh = materials.receive_material_lot(
        lab.db,
        lab.tech,
        name="Trypsin-EDTA",
        kind="enzyme",
        manufacturer="Sigma",
        catalogue_number="T4049",
        lot_number="LT2",
        expiry_date=date(2027, 1, 31),
    )
    quarantined = resolve_scan(lab.db, lab.tech, fresh.code)
    assert not quarantined.valid and "still in quarantine" in quarantined.problem

    clock.set(datetime(2027, 7, 1, 1, 0, tzinfo=UTC))
    expired = resolve_scan(lab.db, lab.tech, heparin)
    assert not expired.valid and "expired on 2027-06-30" in expired.problem
    unknown = resolve_scan(lab.db, lab.tech, "RL999999")
    assert unknown.problem == "There is no reagent lot RL999999 in this laboratory."


def test_scaffold_lot(lab, din):
    scaffold = materials.receive_scaffold_lot(
        lab.db,
        lab.tech,
        product="DBM block",
        manufacturer="Bonetech",
        catalogue_number="DBM-20",
        manufacturer_lot="B2601",
        expiry_date=date(2027, 12, 31),
        volume_ml=1.2,
    )
    seen = resolve_scan(lab.db, lab.tech, f"]C0{scaffold.code}")
    assert seen.kind == "scaffold_lot" and not seen.valid and "quarantine" in seen.problem
    materials.decide_scaffold_lot(lab.db, lab.qa, scaffold.code, release=True, reason="CoA ok")
    seen = resolve_scan(lab.db, lab.tech, scaffold.code)
    assert seen.valid
    assert seen.summary == "Scaffold SC000001 (DBM block lot B2601) — released, expires 2027-12-31"


def test_wristband(lab, din):
    seen = resolve_scan(lab.db, lab.surgeon, "MRN:mrn0012345\r\n")
    assert (seen.kind, seen.patient_mrn, seen.din) == ("wristband", "MRN0012345", None)
    assert seen.summary == "Patient 张伟 (Zhang Wei), MRN MRN0012345, born 1985-05-17"
    unknown = resolve_scan(lab.db, lab.surgeon, "MRN:MRN7777777")
    assert not unknown.valid and unknown.patient_mrn is None
    assert unknown.problem == "There is no registered patient with MRN MRN7777777."


def test_the_site_sets_the_wristband_prefix(lab, din):
    with pytest.raises(PermissionDeniedError):
        set_wristband_prefix(lab.db, lab.qa, "PT#", reason="hospital band format")
    with pytest.raises(InvalidValueError):
        set_wristband_prefix(lab.db, lab.admin, "PT", reason="hospital band format")
    assert set_wristband_prefix(lab.db, lab.admin, "pt#", reason="hospital band format") == "PT#"
    assert resolve_scan(lab.db, lab.tech, "PT#MRN0012345").patient_mrn == "MRN0012345"
    assert resolve_scan(lab.db, lab.tech, "MRN:MRN0012345").kind == "unknown"
    set_wristband_prefix(lab.db, lab.admin, "MRN:", reason="back to the default")
    assert resolve_scan(lab.db, lab.tech, "MRN:MRN0012345").kind == "wristband"


def test_expiry_and_codes_labtracker_does_not_know(lab, din):
    expiry = resolve_scan(lab.db, lab.tech, "&>0260980930")
    assert expiry.valid and expiry.summary == "Expiry date/time 2026-04-08 09:30 (site time)"
    unknown = resolve_scan(lab.db, lab.tech, "4006381333931\r\n")
    assert (unknown.kind, unknown.valid) == ("unknown", False)
    assert "not a code labtracker knows" in unknown.problem
    assert "13 characters of digits" in unknown.problem
    wrong = next(c for c in "ABCDEFGH" if c != din_check_character(din))
    typed = resolve_scan(lab.db, lab.tech, din + wrong)
    assert typed.kind == "invalid" and "check character does not match" in typed.problem


def test_the_administrator_sees_no_lots(lab, din):
    with pytest.raises(PermissionDeniedError):
        resolve_scan(lab.db, lab.admin, din)
