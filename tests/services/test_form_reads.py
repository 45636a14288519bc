"""Read functions the step forms use: the patient's enrolment, the aspirate as collected and
received, the site's process rules, a lot's QC samples with the criterion each is judged
against; and the receipt limits as one domain rule shared by the service and the form."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from labtracker.domain.process_rules import ProcessRules, receipt_problems
from labtracker.domain.specifications import Outcome
from labtracker.services import deviations, lots, patients, quality, site
from tests.services.conftest import enrol


def test_receipt_problems_name_each_limit_missed():
    rules = ProcessRules()
    assert (
        receipt_problems(rules, hours_since_collection=3, temperature_c=8, condition="acceptable")
        == ()
    )
    problems = receipt_problems(
        rules, hours_since_collection=30, temperature_c=29, condition="label_damaged"
    )
    assert problems == (
        "received 30.0 h after collection (limit 24 h)",
        "29 °C on receipt (allowed 2–25 °C)",
        "condition on receipt: label damaged",
    )


def test_current_process_rules_follow_the_site_setting(lab):
    assert site.current_process_rules(lab.db).receipt_max_temperature_c == 25
    site.set_process_rules(
        lab.db, lab.admin, "warmer transport boxes", receipt_max_temperature_c=30
    )
    assert site.current_process_rules(lab.db).receipt_max_temperature_c == 30


def test_enrolment_says_why_no_lot_can_start(lab, clock):
    patients.register_patient(
        lab.db,
        lab.tech,
        mrn="MRN0099999",
        family_name="李",
        given_name="娜",
        date_of_birth=date(1990, 1, 1),
        sex="female",
    )
    fresh = patients.enrolment(lab.db, lab.tech, "mrn0099999")
    assert fresh.patient.family_name == "李"
    assert fresh.eligibility is None and fresh.consent is None
    assert not fresh.lot_may_start and "not eligible or not yet signed" in fresh.lot_blocker

    view = patients.assess_eligibility(
        lab.db,
        lab.tech,
        "MRN0099999",
        assessed_at=clock.now(),
        defect_length_cm=2.5,
        defect_cross_section_percent=40,
        bmd_t_score=-3.0,
        answers={},
    )
    assessed = patients.enrolment(lab.db, lab.tech, "MRN0099999")
    assert assessed.eligibility.assessment_id == view.assessment_id
    assert assessed.eligibility.outcome == "not_eligible"
    assert any(reason.startswith("E3 excludes") for reason in assessed.eligibility.reasons)
    assert assessed.eligibility.signed_by is None


def test_enrolment_of_an_enrolled_patient_allows_a_lot(lab):
    enrol(lab)
    status = patients.enrolment(lab.db, lab.tech, "MRN0012345")
    assert status.lot_may_start and status.lot_blocker is None
    assert status.eligibility.outcome == "eligible"
    assert status.eligibility.signed_by == "Dr Zhao Ming"
    assert status.consent.form_version == "ICF v2.0"
    patients.withdraw_consent(
        lab.db, lab.tech, "MRN0012345", withdrawn_on=status.consent.consent_date, reason="asked"
    )
    withdrawn = patients.enrolment(lab.db, lab.tech, "MRN0012345")
    assert withdrawn.consent is None
    assert "no informed consent in force" in withdrawn.lot_blocker


def test_collection_record_shows_the_aspirate_and_its_receipt(lab, clock):
    enrol(lab)
    din = lots.start_lot(lab.db, lab.tech, "MRN0012345").din
    assert lots.collection_record(lab.db, lab.tech, din).aspirate is None
    clock.advance(timedelta(hours=1))
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
    record = lots.collection_record(lab.db, lab.tech, din)
    assert record.aspirate.volume_ml == 15
    assert record.aspirate.anticoagulant_lot == lab.materials["Heparin sodium"]
    assert record.aspirate.collected_at == clock.now()
    assert record.receipt is None
    clock.advance(timedelta(hours=3))
    lots.receive_aspirate(
        lab.db, lab.tech, din, received_at=clock.now(), condition="acceptable", temperature_c=29
    )
    receipt = lots.collection_record(lab.db, lab.tech, din).receipt
    assert receipt.hours_since_collection == pytest.approx(3)
    assert not receipt.within_limits and receipt.needs_deviation
    number = deviations.raise_deviation(
        lab.db,
        lab.tech,
        din=din,
        title="Warm aspirate",
        description="29 °C on receipt",
        occurred_at=clock.now(),
        classification="major",
        link_receipt=True,
    )
    covered = lots.collection_record(lab.db, lab.tech, din).receipt
    assert covered.deviation_number == number and not covered.needs_deviation


def test_qc_samples_carry_their_criterion_and_result(lab, clock):
    enrol(lab)
    din = lots.start_lot(lab.db, lab.tech, "MRN0012345").din
    clock.advance(timedelta(hours=1))
    lots.record_aspirate(
        lab.db,
        lab.tech,
        din,
        collection_site="iliac crest",
        volume_ml=15,
        anticoagulant="heparin",
        anticoagulant_lot=None,
        collected_at=clock.now(),
        collected_by_name="Dr Zhao",
    )
    lots.receive_aspirate(
        lab.db, lab.tech, din, received_at=clock.now(), condition="acceptable", temperature_c=8
    )
    viability = quality.take_qc_sample(
        lab.db, lab.tech, din, test_code="viability", stage="aspirate", taken_at=clock.now()
    )
    sterility = quality.take_qc_sample(
        lab.db,
        lab.tech,
        din,
        test_code="sterility_aerobic",
        stage="aspirate",
        taken_at=clock.now(),
    )
    quality.record_qc_result(
        lab.db, lab.tech, viability.code, value=65, unit="%", tested_at=clock.now()
    )
    first, second = quality.qc_samples(lab.db, lab.tech, din)
    assert first.code == viability.code and second.code == sterility.code
    assert first.item.unit == "%" and first.specification == "RELEASE v1"
    assert (first.result, first.outcome, first.awaiting_result) == ("65 %", Outcome.FAIL, False)
    assert second.item.required_text == "no growth"
    assert second.awaiting_result and second.outcome is Outcome.PENDING
    assert second.problem is None
