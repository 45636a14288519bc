"""Test builders: whole lots driven through the public services, for tests that need a lot in
a late state (the batch record, reports). Each step is what a person at the bench does."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from labtracker.domain.identifiers import din_check_character
from labtracker.services import (
    bedside,
    corrections,
    culture,
    custody,
    induction,
    labels,
    lots,
    materials,
    quality,
    release,
)
from labtracker.services.culture import CountInput, IsolationResult, VesselSeeding
from labtracker.services.signatures import Meaning, sign
from tests.support.lab import PASSWORD, Lab, enrol

RESULTS: dict[str, dict[str, object]] = {
    "viability": {"value": 92.0, "unit": "%"},
    "sterility_aerobic": {"text": "No growth"},
    "sterility_anaerobic": {"text": "no growth"},
    "gram_stain": {"text": "No organisms seen"},
    "mycoplasma": {"text": "Negative"},
    "endotoxin": {"value": 0.2, "unit": "EU/mL"},
    "cell_count": {"value": 2.6e7, "unit": "cells"},
}
MARKERS = {
    "CD73": 99.1,
    "CD90": 98.7,
    "CD105": 97.5,
    "CD34": 0.4,
    "CD45": 0.8,
    "CD14": 0.3,
    "CD19": 0.2,
    "HLA-DR": 0.5,
}
CONFLUENCE_REASON = "transcription error: the worksheet reads 85 %"


def sign_step(lab: Lab, table: str, record_id: int) -> None:
    """The technician signs 'performed', the supervisor 'verified' (two people)."""
    sign(
        lab.db,
        lab.tech,
        record_table=table,
        record_id=record_id,
        meaning=Meaning.PERFORMED,
        username="lwang",
        password=PASSWORD,
    )
    sign(
        lab.db,
        lab.verifier,
        record_table=table,
        record_id=record_id,
        meaning=Meaning.VERIFIED,
        username="zliu",
        password=PASSWORD,
    )


@dataclass(frozen=True)
class JourneyLot:
    din: str
    check_character: str
    p0_harvest_id: int


def build_lot(
    lab: Lab,
    clock,
    mrn: str = "MRN0012345",
    *,
    until: str = "implanted",
    correct: bool = True,
) -> JourneyLot:
    """A lot from eligibility onwards, through the services, stopping after ``until``
    ("seeded", "released" or "implanted"). With ``correct``, the P0 confluence is corrected
    after it was signed (80 → 85 %), which supersedes its signatures; the step is signed
    again, as a reviewer would ask."""
    db, tech, m = lab.db, lab.tech, lab.materials
    enrol(lab, mrn)
    suffix = mrn[-4:]
    for tag, name, kind in (
        ("BSC", "Biosafety cabinet, class II", "biosafety_cabinet"),
        ("INC", "CO2 incubator", "incubator"),
        ("CC", "Automated cell counter", "cell_counter"),
    ):
        materials.register_equipment(
            db,
            lab.qa,
            asset_tag=f"{tag}-{suffix}",
            name=name,
            kind=kind,
            calibrated_on=date(2026, 1, 5),
            calibration_due_on=date(2027, 1, 5),
        )
    din, iso = start_and_isolate(
        lab,
        clock,
        mrn,
        vessels=2,
        equipment={"biosafety_cabinet": f"BSC-{suffix}", "incubator": f"INC-{suffix}"},
    )
    sign_step(lab, "isolation", iso.isolation_id)
    clock.advance(days=7)
    p0 = culture.record_harvest(
        db,
        tech,
        din,
        vessel_codes=[v.code for v in iso.vessels],
        harvested_at=clock.now(),
        confluence_percent=80,
        count=CountInput.automated(
            cells_per_ml=1.2e6,
            viability_percent=96,
            suspension_volume_ml=10,
            counted_at=clock.now(),
            instrument=f"CC-{suffix}",
        ),
    )
    sign_step(lab, "harvest", p0.harvest_id)
    if correct:
        clock.advance(minutes=20)
        corrections.correct_record(
            db, tech, "harvest", p0.harvest_id, {"confluence_percent": 85.0}, CONFLUENCE_REASON
        )
        clock.advance(minutes=10)
        sign_step(lab, "harvest", p0.harvest_id)
    p1_seeding = culture.seed_vessels(
        db,
        tech,
        din,
        harvest_id=p0.harvest_id,
        vessels=[VesselSeeding("T175", 350_000)] * 4,
        seeded_at=clock.now(),
    )
    clock.advance(days=6)
    p1 = culture.record_harvest(
        db,
        tech,
        din,
        vessel_codes=[v.code for v in p1_seeding.vessels],
        harvested_at=clock.now(),
        confluence_percent=85,
        count=CountInput.automated(
            cells_per_ml=1.12e6,
            viability_percent=95,
            suspension_volume_ml=20,
            counted_at=clock.now(),
        ),
    )
    sign_step(lab, "harvest", p1.harvest_id)
    sampled = clock.now()
    clock.advance(hours=2)
    quality.record_immunophenotype(
        db,
        tech,
        din,
        sampled_at=sampled,
        analysed_at=clock.now(),
        passage_number=1,
        markers=MARKERS,
    )
    culture.seed_vessels(
        db,
        tech,
        din,
        harvest_id=p1.harvest_id,
        vessels=[VesselSeeding("T175", 525_000)] * 6,
        seeded_at=clock.now(),
    )
    clock.advance(days=1)
    started_induction = induction.start_induction(
        db,
        tech,
        din,
        started_at=clock.now(),
        base_medium_lot=m["α-MEM"],
        dexamethasone_lot=m["Dexamethasone"],
        ascorbate_lot=m["Ascorbate-2-phosphate"],
        glycerophosphate_lot=m["β-Glycerophosphate"],
    )
    clock.advance(days=14)
    induction.end_induction(
        db, tech, din, ended_at=clock.now(), alp_result="positive", alizarin_red_result="positive"
    )
    sign_step(lab, "osteogenic_induction", started_induction.induction_id)
    scaffold = materials.receive_scaffold_lot(
        db,
        tech,
        product="Demineralized bone matrix",
        manufacturer="Aorui",
        catalogue_number=f"DBM-{mrn[-4:]}",
        manufacturer_lot=f"DBM26{mrn[-2:]}",
        expiry_date=date(2027, 6, 30),
        volume_ml=1.5,
        size_description="25 × 10 × 6 mm",
    )
    materials.decide_scaffold_lot(db, lab.qa, scaffold.code, release=True, reason="CoA ok")
    seeded = induction.seed_scaffold(
        db,
        tech,
        din,
        scaffold_lot=scaffold.code,
        seeded_at=clock.now(),
        scaffold_volume_ml=1.5,
        cells_seeded=3e7,
        suspension_volume_ml=1.5,
        incubation_started_at=clock.now(),
    )
    sign_step(lab, "scaffold_seeding", seeded.seeding_id)
    printed = labels.print_labels(
        db, tech, din + din_check_character(din), "quarantine", copies=1, stock="4x2in"
    )
    labels.reconcile(db, tech, printed.label_print_id, applied=1, destroyed=0, notes="")
    clock.advance(hours=1)
    samples = {
        code: quality.take_qc_sample(
            db, tech, din, test_code=code, stage="final construct", taken_at=clock.now()
        ).code
        for code in RESULTS
    }
    clock.advance(days=1)
    for code, result in RESULTS.items():
        quality.record_qc_result(
            db,
            tech,
            samples[code],
            value=result.get("value"),  # type: ignore[arg-type]
            text=result.get("text"),  # type: ignore[arg-type]
            unit=str(result.get("unit", "")),
            tested_at=clock.now(),
            laboratory="Hospital micro lab",
        )
    if until == "seeded":
        return JourneyLot(din, din_check_character(din), p0.harvest_id)
    release.release_lot(db, lab.qa, din, username="mchen", password=PASSWORD)
    if until == "released":
        return JourneyLot(din, din_check_character(din), p0.harvest_id)
    clock.advance(hours=2)
    custody.record_handover(
        db,
        tech,
        "=" + din + "00",
        event="dispatched",
        from_name="Li Wang",
        to_name="Courier Wu",
        from_location="Cell lab",
        to_location="Transport box T-3",
        temperature_c=6,
        occurred_at=clock.now(),
    )
    clock.advance(hours=1)
    custody.record_handover(
        db,
        lab.surgeon,
        "=" + din + "00",
        event="received",
        from_name="Courier Wu",
        to_name="Nurse Sun",
        from_location="Transport box T-3",
        to_location="OR 4",
        temperature_c=7,
        occurred_at=clock.now(),
    )
    clock.advance(minutes=30)
    bedside.record_implantation(
        db,
        lab.surgeon,
        construct_scan="=" + din + "00",
        wristband_scan="MRN:" + mrn,
        implanted_at=clock.now(),
        operating_room="OR 4",
        implant_site="left tibia",
        username="drzhao",
        password=PASSWORD,
    )
    return JourneyLot(din, din_check_character(din), p0.harvest_id)


def start_and_isolate(
    lab: Lab,
    clock,
    mrn: str,
    *,
    vessels: int,
    equipment: dict[str, str] | None = None,
) -> tuple[str, IsolationResult]:
    """A lot started for an eligible patient, its aspirate collected and received, and its
    cells isolated into ``vessels`` T75 flasks, through the services as at the bench."""
    db, tech, m = lab.db, lab.tech, lab.materials
    din = lots.start_lot(db, tech, mrn).din
    clock.advance(hours=1)
    lots.record_aspirate(
        db,
        tech,
        din,
        collection_site="left posterior iliac crest",
        volume_ml=15,
        anticoagulant="heparin",
        anticoagulant_lot=m["Heparin sodium"],
        collected_at=clock.now(),
        collected_by_name="Dr Zhao Ming",
        transport_temperature_c=8,
    )
    clock.advance(hours=3)
    lots.receive_aspirate(
        db, tech, din, received_at=clock.now(), condition="acceptable", temperature_c=8
    )
    clock.advance(hours=1)
    isolation = culture.record_isolation(
        db,
        tech,
        din,
        method="density_gradient",
        started_at=clock.now(),
        aspirate_volume_used_ml=15,
        count=CountInput.hemocytometer(
            live_cells=120,
            dead_cells=30,
            squares_counted=4,
            dilution_factor=2,
            suspension_volume_ml=5,
            counted_at=clock.now(),
        ),
        vessels=[VesselSeeding("T75", 150_000)] * vessels,
        reagent_lots=[m["Ficoll-Paque"], m["α-MEM"]],
        **(equipment or {}),
    )
    return din, isolation
