"""Quality: versioned specifications, the immunophenotype panel, QC samples and results judged
against the version in force when the sample was taken."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select, text

from labtracker.db.models import (
    CellCount,
    Harvest,
    Isolation,
    LabelDisposition,
    LabelPrint,
    LabelTemplate,
    MaterialLot,
    MaterialUse,
    OsteogenicInduction,
    Patient,
    QcResult,
    ScaffoldSeeding,
    SpecificationItem,
)
from labtracker.domain.errors import InvalidValueError
from labtracker.domain.lot_states import LotStatus
from labtracker.domain.permissions import PermissionDeniedError, Role
from labtracker.domain.specifications import DEFAULT_RELEASE_SPEC, Outcome, SpecItem
from labtracker.services import corrections, lots, materials, quality, specifications
from labtracker.services.context import Actor
from labtracker.services.records import lot_by_din, stamp
from labtracker.services.signatures import Meaning, add_signature, signatures_for
from labtracker.services.specifications import SpecificationRefusedError
from tests.services.conftest import PASSWORD, Lab, enrol

GOOD_MARKERS = {
    "CD73": 99.1,
    "CD90": 98.7,
    "CD105": 97.2,
    "CD34": 0.4,
    "CD45": 0.9,
    "CD14": 0.3,
    "CD19": 0.2,
    "HLA-DR": 1.1,
}
PASSING_RESULTS: dict[str, float | str] = {
    "viability": 92.0,
    "sterility_aerobic": "No growth",
    "sterility_anaerobic": "no  growth",
    "gram_stain": "No organisms seen",
    "mycoplasma": "Negative",
    "endotoxin": 0.1,
    "cell_count": 2e7,
}


# --- test set-up --------------------------------------------------------------------------------
# The culture services (isolation, harvests, induction, seeding) are written in parallel by
# another engineer. Until they exist, these helpers write the step rows directly with the ORM,
# inside an audited transaction, purely as TEST SET-UP. Everything under test goes through the
# public services.


def seed_specifications(lab: Lab) -> None:
    """What site set-up does: the shipped RELEASE v1 and PHENOTYPE v1."""
    with lab.db.writing(lab.admin, "site set-up") as session:
        specifications.seed_default_specifications(session, lab.admin)


def start_received_lot(lab: Lab, clock, mrn: str = "MRN0012345", *, enrol_patient=True) -> str:
    if enrol_patient:
        enrol(lab, mrn)
    din = lots.start_lot(lab.db, lab.tech, mrn).din
    clock.advance(hours=1)
    lots.record_aspirate(
        lab.db,
        lab.tech,
        din,
        collection_site="left posterior iliac crest",
        volume_ml=15,
        anticoagulant="heparin",
        anticoagulant_lot=None,
        collected_at=clock.now(),
        collected_by_name="Dr Zhao Ming",
    )
    clock.advance(hours=2)
    lots.receive_aspirate(
        lab.db, lab.tech, din, received_at=clock.now(), condition="acceptable", temperature_c=8
    )
    return din


@dataclass(frozen=True)
class BuiltLot:
    din: str
    lot_id: int
    steps: tuple[tuple[type, int], ...]  # (model, id) of each critical step record


def build_seeded_lot(
    lab: Lab,
    clock,
    mrn: str = "MRN0012345",
    *,
    enrol_patient: bool = True,
    step_maker: Actor | None = None,
    verified: bool = True,
    quarantine_label: bool = True,
    suspension_volume_ml: float = 1.0,
) -> BuiltLot:
    """TEST SET-UP: a lot seeded on its scaffold, every critical step signed as performed (by
    the technician) and, unless told otherwise, verified (by the verifier). ``step_maker``
    performs the harvest instead of the technician."""
    din = start_received_lot(lab, clock, mrn, enrol_patient=enrol_patient)
    scaffold = materials.receive_scaffold_lot(
        lab.db,
        lab.tech,
        product="Demineralized bone matrix block",
        manufacturer="Osteo Biologics",
        catalogue_number=f"DBM-{mrn[-4:]}",
        manufacturer_lot=f"2209{mrn[-2:]}",
        expiry_date=date(2027, 1, 31),
        volume_ml=1.0,
    )
    materials.decide_scaffold_lot(lab.db, lab.qa, scaffold.code, release=True, reason="CoA")
    t0 = clock.now()
    clock.advance(days=23)
    tech = lab.tech.user_id
    with lab.db.writing(lab.tech, "test set-up: culture steps written directly") as session:
        lot = lot_by_din(session, din)
        ids = {
            name: session.scalar(select(MaterialLot.id).where(MaterialLot.code == code))
            for name, code in lab.materials.items()
        }
        isolation = Isolation(
            lot_id=lot.id,
            method="density_gradient",
            started_at=t0,
            performed_by_id=tech,
            **stamp(lab.tech),
        )
        count = CellCount(
            lot_id=lot.id,
            purpose="harvest",
            method="hemocytometer",
            counted_at=t0 + timedelta(days=7),
            counted_by_id=tech,
            suspension_volume_ml=5.0,
            cells_per_ml=1e6,
            total_cells=5e6,
            viability_percent=95.0,
            **stamp(lab.tech),
        )
        session.add_all([isolation, count])
        session.flush()
        harvest = Harvest(
            lot_id=lot.id,
            passage_number=1,
            harvested_at=t0 + timedelta(days=7),
            performed_by_id=(step_maker or lab.tech).user_id,
            confluence_percent=80.0,
            cell_count_id=count.id,
            cells_seeded=500_000,
            cells_harvested=5e6,
            population_doublings=3.32,
            doubling_time_hours=50.6,
            **stamp(lab.tech),
        )
        induction = OsteogenicInduction(
            lot_id=lot.id,
            started_at=t0 + timedelta(days=8),
            ended_at=t0 + timedelta(days=22),
            performed_by_id=tech,
            base_medium_lot_id=ids["α-MEM"],
            dexamethasone_lot_id=ids["Dexamethasone"],
            dexamethasone_nm=100.0,  # floats: the signature hashes the values as given
            ascorbate_lot_id=ids["Ascorbate-2-phosphate"],
            ascorbate_um=50.0,
            glycerophosphate_lot_id=ids["β-Glycerophosphate"],
            glycerophosphate_mm=10.0,
            alp_result="not_done",
            alizarin_red_result="not_done",
            **stamp(lab.tech),
        )
        seeding = ScaffoldSeeding(
            lot_id=lot.id,
            scaffold_lot_id=scaffold.scaffold_lot_id,
            seeded_at=t0 + timedelta(days=22),
            performed_by_id=tech,
            scaffold_volume_ml=1.0,
            cells_seeded=2e7,
            suspension_volume_ml=suspension_volume_ml,
            cells_per_ml=2e7 / suspension_volume_ml,
            incubation_started_at=t0 + timedelta(days=22),
            **stamp(lab.tech),
        )
        session.add_all([harvest, induction, seeding])
        session.flush()
        for name in ("α-MEM", "Dexamethasone", "Ascorbate-2-phosphate", "β-Glycerophosphate"):
            session.add(
                MaterialUse(
                    lot_id=lot.id,
                    material_lot_id=ids[name],
                    step="osteogenic_induction",
                    step_record_id=induction.id,
                    used_at=induction.started_at,
                    used_by_id=tech,
                    **stamp(lab.tech),
                )
            )
        if quarantine_label:
            template = session.scalar(
                select(LabelTemplate).where(LabelTemplate.code == "QUARANTINE")
            ) or LabelTemplate(
                code="QUARANTINE",
                kind="quarantine",
                version_number=1,
                stock="2x1in",
                definition="{}",
                definition_hash="0" * 64,
                state="approved",
                **stamp(lab.tech),
            )
            session.add(template)
            session.flush()
            label_print = LabelPrint(
                lot_id=lot.id,
                template_id=template.id,
                kind="quarantine",
                printed_at=clock.now(),
                printed_by_id=tech,
                copies=1,
                **stamp(lab.tech),
            )
            session.add(label_print)
            session.flush()
            session.add(
                LabelDisposition(
                    label_print_id=label_print.id,
                    applied=1,
                    destroyed=0,
                    reconciled_at=clock.now(),
                    **stamp(lab.tech),
                )
            )
        lot.status = LotStatus.SEEDED
        lot.status_changed_at = clock.now()
        steps = (isolation, harvest, induction, seeding)
        for record in steps:
            add_signature(session, lab.tech, record, Meaning.PERFORMED)
        built = BuiltLot(din, lot.id, tuple((type(r), r.id) for r in steps))
    if verified:
        with lab.db.writing(lab.verifier, "test set-up: second-person verification") as session:
            for model, record_id in built.steps:
                add_signature(
                    session, lab.verifier, session.get(model, record_id), Meaning.VERIFIED
                )
    return built


def record_passing_qc(lab: Lab, clock, din: str, by: Actor | None = None, **overrides) -> None:
    """Take a sample for every release test and record its result (passing unless overridden)."""
    by = by or lab.tech
    for item in DEFAULT_RELEASE_SPEC:
        result = overrides.get(item.test_code, PASSING_RESULTS[item.test_code])
        sample = quality.take_qc_sample(
            lab.db,
            by,
            din,
            test_code=item.test_code,
            stage="final construct",
            taken_at=clock.now(),
            sent_to="hospital microbiology",
        )
        clock.advance(minutes=5)
        numeric = isinstance(result, float | int)
        quality.record_qc_result(
            lab.db,
            by,
            sample.code,
            value=float(result) if numeric else None,
            text=None if numeric else str(result),
            tested_at=clock.now(),
            laboratory="hospital microbiology",
        )


def record_phenotype(lab: Lab, clock, din: str, **markers: float) -> quality.ImmunophenotypeView:
    sampled = clock.now() - timedelta(hours=6)
    return quality.record_immunophenotype(
        lab.db,
        lab.tech,
        din,
        sampled_at=sampled,
        analysed_at=clock.now(),
        passage_number=2,
        markers={**GOOD_MARKERS, **{k.replace("_", "-"): v for k, v in markers.items()}},
        events_acquired=10_000,
    )


# --- specifications ---------------------------------------------------------------------------


@pytest.fixture
def qa2(make_user) -> Actor:
    return make_user("jsun", "Jun Sun", Role.QA)


def stricter_viability(limit: float = 80.0) -> tuple[SpecItem, ...]:
    return tuple(
        SpecItem("viability", "Viability", ">=", limit, None, "%", "trypan blue")
        if i.test_code == "viability"
        else i
        for i in DEFAULT_RELEASE_SPEC
    )


def test_shipped_defaults_are_seeded_once(lab):
    seed_specifications(lab)
    seed_specifications(lab)
    shown = specifications.list_specifications(lab.db, lab.tech)
    assert [(s.label, s.state, s.criteria_intact) for s in shown] == [
        ("PHENOTYPE v1", "approved", True),
        ("RELEASE v1", "approved", True),
    ]
    assert shown[1].items == DEFAULT_RELEASE_SPEC
    assert shown[1].approved_by is None and shown[1].drafted_by == "Ada Admin"


def test_a_new_version_is_drafted_then_approved_by_a_second_qa(lab, clock, qa2):
    seed_specifications(lab)
    draft = specifications.draft_specification(
        lab.db, lab.qa, "release", "Release testing", stricter_viability(), "CAPA-12: tighter"
    )
    assert (draft.label, draft.state, draft.effective_from) == ("RELEASE v2", "draft", None)
    with pytest.raises(SpecificationRefusedError, match="Mei Chen drafted RELEASE v2 and cannot"):
        specifications.approve_specification(
            lab.db, lab.qa, draft.spec_id, username="mchen", password=PASSWORD
        )
    clock.advance(hours=1)
    approved = specifications.approve_specification(
        lab.db, qa2, draft.spec_id, username="jsun", password=PASSWORD
    )
    assert (approved.state, approved.approved_by, approved.effective_from) == (
        "approved",
        "Jun Sun",
        clock.now(),
    )
    assert approved.criteria_intact
    (signature,) = signatures_for(lab.db, "specification", draft.spec_id)
    assert signature.manifestation == "Approved by Jun Sun (jsun), 2026-03-02 09:00 UTC"
    versions = specifications.list_specifications(lab.db, lab.qa, "RELEASE")
    assert [(v.label, v.state, v.superseded_from) for v in versions] == [
        ("RELEASE v2", "approved", None),
        ("RELEASE v1", "retired", clock.now()),
    ]


def test_only_qa_manages_specifications_and_one_draft_at_a_time(lab):
    seed_specifications(lab)
    with pytest.raises(PermissionDeniedError):
        specifications.draft_specification(
            lab.db, lab.tech, "RELEASE", "Release", stricter_viability(), "why"
        )
    specifications.draft_specification(
        lab.db, lab.qa, "RELEASE", "Release", stricter_viability(), "why"
    )
    with pytest.raises(SpecificationRefusedError, match="RELEASE v2 is already a draft"):
        specifications.draft_specification(
            lab.db, lab.qa, "RELEASE", "Release", stricter_viability(85), "why"
        )
    with pytest.raises(InvalidValueError, match="once"):
        specifications.draft_specification(
            lab.db, lab.qa, "PHENOTYPE", "P", (GOOD_ITEM, GOOD_ITEM), "why"
        )


GOOD_ITEM = SpecItem("CD73", "CD73", ">=", 95, None, "%")


def test_results_are_judged_against_the_version_in_force_when_the_sample_was_taken(lab, clock, qa2):
    seed_specifications(lab)
    din = start_received_lot(lab, clock)
    before = quality.take_qc_sample(
        lab.db, lab.tech, din, test_code="viability", stage="P1 harvest", taken_at=clock.now()
    )
    draft = specifications.draft_specification(
        lab.db, lab.qa, "RELEASE", "Release testing", stricter_viability(80), "tighter"
    )
    clock.advance(hours=1)
    specifications.approve_specification(
        lab.db, qa2, draft.spec_id, username="jsun", password=PASSWORD
    )
    clock.advance(minutes=10)
    after = quality.take_qc_sample(
        lab.db, lab.tech, din, test_code="Viability", stage="P1 harvest", taken_at=clock.now()
    )
    clock.advance(hours=2)
    old = quality.record_qc_result(lab.db, lab.tech, before.code, value=75, tested_at=clock.now())
    new = quality.record_qc_result(lab.db, lab.tech, after.code, value=75, tested_at=clock.now())
    assert (before.specification, after.specification) == ("RELEASE v1", "RELEASE v2")
    assert (old.specification, old.outcome, old.explanation) == (
        "RELEASE v1",
        Outcome.PASS,
        "Viability 75 % ≥ 70 %: pass",
    )
    assert (new.specification, new.outcome, new.explanation) == (
        "RELEASE v2",
        Outcome.FAIL,
        "Viability 75 % is not ≥ 80 %: FAIL",
    )


def test_a_criterion_changed_after_approval_is_not_used(lab, clock):
    seed_specifications(lab)
    din = start_received_lot(lab, clock)
    with lab.db.reading() as session:
        item_id = session.scalar(
            select(SpecificationItem.id).where(SpecificationItem.test_code == "viability")
        )
    # Corrections cannot touch an approved criterion; a change made behind the application's
    # back (straight SQL) must still be caught before the version is used.
    with pytest.raises(corrections.CorrectionRefusedError):
        corrections.correct_record(
            lab.db, lab.tech, "specification_item", item_id, {"limit_value": 50.0}, "too strict"
        )
    with lab.db.engine.begin() as conn:
        conn.execute(
            text("UPDATE specification_item SET limit_value = 50.0 WHERE id = :id"),
            {"id": item_id},
        )
    with pytest.raises(SpecificationRefusedError, match="RELEASE v1 was changed after its"):
        quality.take_qc_sample(
            lab.db, lab.tech, din, test_code="viability", stage="P1", taken_at=clock.now()
        )


# --- QC samples and results -------------------------------------------------------------------


def test_samples_are_numbered_per_lot_and_results_judged(lab, clock):
    seed_specifications(lab)
    din = start_received_lot(lab, clock)
    first = quality.take_qc_sample(
        lab.db, lab.tech, din, test_code="viability", stage="P0", taken_at=clock.now()
    )
    second = quality.take_qc_sample(
        lab.db,
        lab.tech,
        din,
        test_code="endotoxin",
        stage="P0",
        taken_at=clock.now(),
        sent_to="QC lab",
    )
    assert (first.code, second.code) == (f"{din}-QC01", f"{din}-QC02")
    assert (second.label, second.sent_to) == ("Endotoxin", "QC lab")
    clock.advance(hours=3)
    viability = quality.record_qc_result(
        lab.db, lab.tech, first.code, value=92, unit="%", tested_at=clock.now()
    )
    endotoxin = quality.record_qc_result(
        lab.db, lab.qa, second.code, value=0.8, unit="eu/ml", tested_at=clock.now()
    )
    assert (viability.outcome, viability.explanation) == (
        Outcome.PASS,
        "Viability 92 % ≥ 70 %: pass",
    )
    assert (endotoxin.outcome, endotoxin.result, endotoxin.limit, endotoxin.explanation) == (
        Outcome.FAIL,
        "0.8 EU/mL",
        "< 0.5 EU/mL",
        "Endotoxin 0.8 EU/mL is not < 0.5 EU/mL: FAIL",
    )


def test_text_results_are_normalised(lab, clock):
    seed_specifications(lab)
    din = start_received_lot(lab, clock)
    sample = quality.take_qc_sample(
        lab.db, lab.tech, din, test_code="sterility_aerobic", stage="P0", taken_at=clock.now()
    )
    view = quality.record_qc_result(
        lab.db, lab.tech, sample.code, text="  NO   Growth ", tested_at=clock.now()
    )
    assert (view.outcome, view.result) == (Outcome.PASS, "NO Growth")


def test_a_second_result_is_refused_and_points_to_corrections(lab, clock):
    seed_specifications(lab)
    din = start_received_lot(lab, clock)
    sample = quality.take_qc_sample(
        lab.db, lab.tech, din, test_code="endotoxin", stage="final", taken_at=clock.now()
    )
    first = quality.record_qc_result(
        lab.db, lab.tech, sample.code, value=0.8, tested_at=clock.now()
    )
    with pytest.raises(quality.ResultAlreadyRecordedError) as err:
        quality.record_qc_result(lab.db, lab.tech, sample.code, value=0.08, tested_at=clock.now())
    message = str(err.value)
    assert "already has a result (0.8 EU/mL" in message
    assert "never overwritten" in message and "labtracker.services.corrections" in message
    # Voided with a reason, the original stays on record and the result can be entered again.
    corrections.void_record(lab.db, lab.tech, "qc_result", first.result_id, "decimal misplaced")
    again = quality.record_qc_result(
        lab.db, lab.tech, sample.code, value=0.08, tested_at=clock.now()
    )
    assert again.outcome is Outcome.PASS
    with lab.db.reading() as session:
        assert session.scalar(select(func.count(QcResult.id))) == 2


@pytest.mark.parametrize(
    ("test_code", "kwargs", "field", "allowed"),
    [
        ("viability", {"value": 104}, "Viability result", "between 0 and 100 %"),
        ("viability", {"text": "good"}, "Viability result", "a number (%)"),
        ("viability", {"value": 90, "unit": "cells"}, "Viability unit", "%, as in RELEASE v1"),
        ("mycoplasma", {"value": 0}, "Mycoplasma result", 'a text result such as "negative"'),
        ("endotoxin", {}, "Endotoxin result", "the result as reported (EU/mL)"),
    ],
)
def test_impossible_results_are_refused_and_nothing_saved(
    lab, clock, test_code, kwargs, field, allowed
):
    seed_specifications(lab)
    din = start_received_lot(lab, clock)
    sample = quality.take_qc_sample(
        lab.db, lab.tech, din, test_code=test_code, stage="P0", taken_at=clock.now()
    )
    with pytest.raises(InvalidValueError) as err:
        quality.record_qc_result(lab.db, lab.tech, sample.code, tested_at=clock.now(), **kwargs)
    assert (err.value.field, err.value.allowed) == (field, allowed)
    with lab.db.reading() as session:
        assert session.scalar(select(func.count(QcResult.id))) == 0


def test_sample_for_a_test_outside_the_specification_is_refused(lab, clock):
    seed_specifications(lab)
    din = start_received_lot(lab, clock)
    with pytest.raises(InvalidValueError, match="a test of RELEASE v1: viability, sterility"):
        quality.take_qc_sample(
            lab.db, lab.tech, din, test_code="ALP", stage="P0", taken_at=clock.now()
        )


def test_no_specification_no_sample(lab, clock):
    din = start_received_lot(lab, clock)
    with lab.db.engine.begin() as conn:  # test set-up: a site whose specification was withdrawn
        conn.execute(
            text(
                "UPDATE specification SET voided_at = recorded_at, void_reason = 'withdrawn' "
                "WHERE code = 'RELEASE'"
            )
        )
    with pytest.raises(SpecificationRefusedError, match="No approved RELEASE specification"):
        quality.take_qc_sample(
            lab.db, lab.tech, din, test_code="viability", stage="P0", taken_at=clock.now()
        )


def test_surgeon_cannot_record_qc(lab, clock):
    seed_specifications(lab)
    din = start_received_lot(lab, clock)
    with pytest.raises(PermissionDeniedError):
        quality.take_qc_sample(
            lab.db, lab.surgeon, din, test_code="viability", stage="P0", taken_at=clock.now()
        )


# --- endotoxin K/M ------------------------------------------------------------------------------


def approve_km_spec(lab: Lab, clock, qa2: Actor) -> None:
    items = tuple(
        SpecItem("endotoxin", "Endotoxin", "<=", 5.0, None, "EU/mL", "K/M")
        if i.test_code == "endotoxin"
        else i
        for i in DEFAULT_RELEASE_SPEC
    )
    draft = specifications.draft_specification(
        lab.db, lab.qa, "RELEASE", "Release testing", items, "endotoxin limit by K/M"
    )
    specifications.approve_specification(
        lab.db, qa2, draft.spec_id, username="jsun", password=PASSWORD
    )
    clock.advance(minutes=1)


def test_endotoxin_km_uses_the_patients_weight_and_the_dose(lab, clock, qa2):
    seed_specifications(lab)
    built = build_seeded_lot(lab, clock, suspension_volume_ml=2.0)
    approve_km_spec(lab, clock, qa2)
    sample = quality.take_qc_sample(
        lab.db, lab.tech, built.din, test_code="endotoxin", stage="final", taken_at=clock.now()
    )
    view = quality.record_qc_result(lab.db, lab.tech, sample.code, value=180, tested_at=clock.now())
    # 70 kg patient, 2 mL of cell suspension on the scaffold: 5 × 70 ÷ 2 = 175 EU/mL.
    assert (view.specification, view.outcome, view.limit) == (
        "RELEASE v2",
        Outcome.FAIL,
        "≤ 175 EU/mL (K/M)",
    )
    assert view.explanation == (
        "Endotoxin 180 EU/mL is not ≤ 175 EU/mL (K/M: 5 EU/kg × 70 kg ÷ 2 mL): FAIL"
    )


def test_endotoxin_km_without_the_patients_weight_is_refused(lab, clock, qa2):
    seed_specifications(lab)
    built = build_seeded_lot(lab, clock)
    with lab.db.writing(lab.tech, "test set-up: weight not known") as session:
        session.scalar(select(Patient)).weight_kg = None
    approve_km_spec(lab, clock, qa2)
    sample = quality.take_qc_sample(
        lab.db, lab.tech, built.din, test_code="endotoxin", stage="final", taken_at=clock.now()
    )
    with pytest.raises(quality.QcRefusedError) as err:
        quality.record_qc_result(lab.db, lab.tech, sample.code, value=0.1, tested_at=clock.now())
    assert str(err.value) == (
        "Endotoxin: the limit K/M needs the patient's weight, which is not recorded. Nothing "
        "was saved: record the weight of patient MRN0012345, then record the result again."
    )


# --- immunophenotype ----------------------------------------------------------------------------


def test_immunophenotype_passes_when_every_marker_does(lab, clock):
    seed_specifications(lab)
    din = build_seeded_lot(lab, clock).din
    view = record_phenotype(lab, clock, din)
    assert (view.specification, view.outcome) == ("PHENOTYPE v1", Outcome.PASS)
    assert [(m.marker, m.expected, m.limit, m.outcome) for m in view.markers][:4] == [
        ("CD73", "positive", "≥ 95 %", Outcome.PASS),
        ("CD90", "positive", "≥ 95 %", Outcome.PASS),
        ("CD105", "positive", "≥ 95 %", Outcome.PASS),
        ("CD34", "negative", "≤ 2 %", Outcome.PASS),
    ]


def test_immunophenotype_fails_on_one_marker_and_says_which(lab, clock):
    seed_specifications(lab)
    din = build_seeded_lot(lab, clock).din
    view = record_phenotype(lab, clock, din, CD105=91.0, HLA_DR=3.5)
    assert view.outcome is Outcome.FAIL
    assert [m.explanation for m in view.markers if m.outcome is Outcome.FAIL] == [
        "CD105 91 % is not ≥ 95 %: FAIL",
        "HLA-DR 3.5 % is not ≤ 2 %: FAIL",
    ]


def test_immunophenotype_panel_must_match_the_specification(lab, clock):
    seed_specifications(lab)
    din = build_seeded_lot(lab, clock).din
    markers = {k: v for k, v in GOOD_MARKERS.items() if k != "CD19"} | {"CD11b": 0.5}
    with pytest.raises(InvalidValueError) as err:
        quality.record_immunophenotype(
            lab.db,
            lab.tech,
            din,
            sampled_at=clock.now(),
            analysed_at=clock.now(),
            passage_number=2,
            markers=markers,
        )
    assert str(err.value) == (
        "The panel of PHENOTYPE v1 is CD73, CD90, CD105, CD34, CD45, CD14, CD19, HLA-DR "
        "(missing CD19; not in the panel: CD11b)."
    )
    with pytest.raises(InvalidValueError, match="CD73 result must be between 0 and 100 %"):
        record_phenotype(lab, clock, din, CD73=101.0)


def test_immunophenotype_needs_a_lot_in_culture(lab, clock):
    seed_specifications(lab)
    din = start_received_lot(lab, clock)
    with pytest.raises(InvalidValueError, match="needs a lot that is in culture"):
        record_phenotype(lab, clock, din)
