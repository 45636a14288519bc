"""From patient to received aspirate: eligibility decides, the DIN sequence issues, the
receipt is judged against the site's limits."""

from __future__ import annotations

from datetime import timedelta

import pytest

from labtracker.domain.errors import InvalidValueError
from labtracker.domain.identifiers import din_check_character
from labtracker.services import lots, patients
from labtracker.services.audit import AuditQuery, query_audit
from labtracker.services.materials import MaterialRefusedError
from tests.services.conftest import enrol


def test_eligible_consented_patient_gets_sequential_dins(lab):
    enrol(lab)
    first = lots.start_lot(lab.db, lab.tech, "MRN0012345")
    second = lots.start_lot(lab.db, lab.tech, "mrn0012345")
    assert (first.din, second.din) == ("A999926000001", "A999926000002")
    assert first.din_display == "A9999 26 000001"
    assert first.check_character == din_check_character("A999926000001")
    entries = query_audit(lab.db, lab.qa, AuditQuery(lot_din=first.din))
    assert entries and {e.username for e in entries} == {"lwang"}


def test_ineligible_patient_cannot_start_a_lot(lab):
    enrol(lab, bmd_t_score=-3.1)
    with pytest.raises(lots.LotNotAllowedError, match="not eligible or not yet signed"):
        lots.start_lot(lab.db, lab.tech, "MRN0012345")


def test_eligibility_reasons_name_the_criterion(lab):
    patients.register_patient(
        lab.db,
        lab.tech,
        mrn="MRN777",
        family_name="Li",
        date_of_birth=__import__("datetime").date(1960, 1, 1),
        sex="female",
    )
    view = patients.assess_eligibility(
        lab.db,
        lab.tech,
        "MRN777",
        assessed_at=lab_now(),
        defect_length_cm=4.0,
        defect_cross_section_percent=40,
        bmd_t_score=-2.6,
        answers={},
    )
    assert view.outcome == "not_eligible"
    text = " | ".join(view.reasons)
    assert "I1 not met: age 66 years" in text
    assert "E3 excludes" in text and "T-score -2.6" in text


def test_consent_withdrawn_stops_new_lots(lab, clock):
    enrol(lab)
    patients.withdraw_consent(
        lab.db, lab.tech, "MRN0012345", withdrawn_on=clock.now().date(), reason="patient's decision"
    )
    with pytest.raises(lots.LotNotAllowedError, match="no informed consent"):
        lots.start_lot(lab.db, lab.tech, "MRN0012345")


def test_aspirate_and_receipt_within_limits(lab, clock):
    enrol(lab)
    din = lots.start_lot(lab.db, lab.tech, "MRN0012345").din
    clock.advance(hours=1)
    lots.record_aspirate(
        lab.db,
        lab.tech,
        din,
        collection_site="left posterior iliac crest",
        volume_ml=15,
        anticoagulant="heparin",
        anticoagulant_lot=lab.materials["Heparin sodium"],
        collected_at=clock.now(),
        collected_by_name="Dr Zhao Ming",
        transport_temperature_c=8,
    )
    clock.advance(hours=3)
    result = lots.receive_aspirate(
        lab.db, lab.tech, din, received_at=clock.now(), condition="acceptable", temperature_c=9.5
    )
    assert result.within_limits and result.problems == ()
    assert result.hours_since_collection == pytest.approx(3)


def test_receipt_outside_limits_lists_every_problem(lab, clock):
    enrol(lab)
    din = lots.start_lot(lab.db, lab.tech, "MRN0012345").din
    collected = clock.now()
    lots.record_aspirate(
        lab.db,
        lab.tech,
        din,
        collection_site="iliac crest",
        volume_ml=15,
        anticoagulant="heparin",
        anticoagulant_lot=None,
        collected_at=collected,
        collected_by_name="Dr Zhao Ming",
    )
    clock.advance(hours=30)
    result = lots.receive_aspirate(
        lab.db, lab.tech, din, received_at=clock.now(), condition="clotted", temperature_c=31
    )
    assert not result.within_limits
    assert result.problems == (
        "received 30.0 h after collection (limit 24 h)",
        "31 °C on receipt (allowed 2–25 °C)",
        "condition on receipt: clotted",
    )


def test_expired_anticoagulant_is_refused_and_nothing_is_saved(lab, clock):
    enrol(lab)
    din = lots.start_lot(lab.db, lab.tech, "MRN0012345").din
    clock.set(clock.now().replace(year=2027, month=7, day=2))
    with pytest.raises(MaterialRefusedError, match="expired on 2027-06-30"):
        lots.record_aspirate(
            lab.db,
            lab.tech,
            din,
            collection_site="iliac crest",
            volume_ml=15,
            anticoagulant="heparin",
            anticoagulant_lot=lab.materials["Heparin sodium"],
            collected_at=clock.now(),
            collected_by_name="Dr Zhao Ming",
        )
    with lab.db.reading() as session:
        from labtracker.services.records import lot_by_din

        lot = lot_by_din(session, din)
        assert lot.status == "created" and lot.aspirate is None


def test_collection_time_in_the_future_is_refused(lab, clock):
    enrol(lab)
    din = lots.start_lot(lab.db, lab.tech, "MRN0012345").din
    with pytest.raises(InvalidValueError) as err:
        lots.record_aspirate(
            lab.db,
            lab.tech,
            din,
            collection_site="iliac crest",
            volume_ml=15,
            anticoagulant="heparin",
            anticoagulant_lot=None,
            collected_at=clock.now() + timedelta(hours=2),
            collected_by_name="Dr Zhao Ming",
        )
    assert err.value.field == "Collected at"
    assert "not in the future" in str(err.value)


def test_typed_din_with_wrong_check_character_is_refused(lab):
    enrol(lab)
    din = lots.start_lot(lab.db, lab.tech, "MRN0012345").din
    wrong = next(c for c in "ABCDEFGH" if c != din_check_character(din))
    with pytest.raises(InvalidValueError, match="check character"):
        lots.record_aspirate(
            lab.db,
            lab.tech,
            din + wrong,
            collection_site="x",
            volume_ml=15,
            anticoagulant="heparin",
            anticoagulant_lot=None,
            collected_at=lab_now(),
            collected_by_name="Dr Zhao",
        )


def lab_now():
    from labtracker.clock import get_clock

    return get_clock().now()
