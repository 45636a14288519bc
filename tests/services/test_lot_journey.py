"""One lot from eligibility to implant through the services alone, every computed figure
checked against values worked by hand (shown in the comments)."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest

from labtracker.domain.lot_states import LotStatus
from labtracker.services import (
    bedside,
    culture,
    custody,
    induction,
    labels,
    lots,
    materials,
    quality,
    queries,
    release,
)
from labtracker.services.audit import AuditQuery, query_audit, verify_audit_chain
from labtracker.services.culture import CountInput, VesselSeeding
from labtracker.services.signatures import Meaning, sign
from tests.services.conftest import PASSWORD, enrol

WRISTBAND = "MRN:MRN0012345"


def sign_step(lab, table: str, record_id: int) -> None:
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


def test_one_lot_from_eligibility_to_implant(lab, clock):
    db, tech = lab.db, lab.tech
    m = lab.materials

    # Eligibility (signed by the investigator) and consent, then the lot and its DIN.
    enrol(lab)
    started = lots.start_lot(db, tech, "MRN0012345")
    din = started.din
    assert din == "A999926000001" and started.status is LotStatus.CREATED

    # Aspirate collected and received 3 h later at 8 °C: within limits.
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
    receipt = lots.receive_aspirate(
        db, tech, din, received_at=clock.now(), condition="acceptable", temperature_c=8
    )
    assert receipt.within_limits and receipt.hours_since_collection == pytest.approx(3)

    # Isolation: 120 live + 30 dead over 4 squares, ×2 dilution, 5 mL
    #   cells/mL = 120/4 × 2 × 10⁴ = 600,000; total = 3,000,000; viability = 120/150 = 80 %.
    clock.advance(hours=1)
    iso = culture.record_isolation(
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
        vessels=[VesselSeeding("T75", 150_000), VesselSeeding("T75", 150_000)],
        reagent_lots=[m["Ficoll-Paque"], m["α-MEM"]],
    )
    assert iso.count.cells_per_ml == pytest.approx(600_000)
    assert iso.count.total_cells == pytest.approx(3_000_000)
    assert iso.count.viability_percent == pytest.approx(80)
    # density = 150,000 / 75 cm² = 2,000 cells/cm², inside 1,000–3,100
    assert [v.seeding_density for v in iso.vessels] == pytest.approx([2000, 2000])
    sign_step(lab, "isolation", iso.isolation_id)

    # P0 harvest after 7 days (168 h), both flasks pooled: 1.2 × 10⁶ cells/mL × 10 mL
    #   = 12,000,000 cells from 300,000 seeded: fold 40, PD = log2(40) = 5.3219,
    #   DT = 168 × ln2 / ln40 = 31.57 h.
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
        ),
    )
    assert p0.cells_harvested == pytest.approx(12_000_000)
    assert p0.population_doublings == pytest.approx(math.log2(40)) == pytest.approx(5.3219, 1e-4)
    assert p0.doubling_time_hours == pytest.approx(168 * math.log(2) / math.log(40))
    assert p0.doubling_time_hours == pytest.approx(31.57, abs=0.01)
    assert p0.cumulative_population_doublings == pytest.approx(5.3219, 1e-4)
    sign_step(lab, "harvest", p0.harvest_id)

    # P1: four T175 at 2,000 cells/cm² = 350,000 each, 1,400,000 in all.
    p1_seeding = culture.seed_vessels(
        db,
        tech,
        din,
        harvest_id=p0.harvest_id,
        vessels=[VesselSeeding("T175", 350_000)] * 4,
        seeded_at=clock.now(),
    )
    assert [v.passage for v in p1_seeding.vessels] == [1, 1, 1, 1]

    # P1 harvest after 6 days (144 h): 2.24 × 10⁷ cells: fold 16, PD = 4, DT = 144/4 = 36 h,
    #   cumulative PD = 5.3219 + 4 = 9.3219.
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
    assert p1.population_doublings == pytest.approx(4)
    assert p1.doubling_time_hours == pytest.approx(36)
    assert p1.cumulative_population_doublings == pytest.approx(math.log2(40) + 4)
    sign_step(lab, "harvest", p1.harvest_id)
    series = culture.growth_series(db, tech, din)
    assert [round(p.cumulative_population_doublings, 4) for p in series] == [5.3219, 9.3219]

    # Identity and purity by flow cytometry (ISCT): all markers within limits.
    sampled = clock.now()
    clock.advance(hours=2)
    phenotype = quality.record_immunophenotype(
        db,
        tech,
        din,
        sampled_at=sampled,
        analysed_at=clock.now(),
        passage_number=1,
        markers={
            "CD73": 99.1,
            "CD90": 98.7,
            "CD105": 97.5,
            "CD34": 0.4,
            "CD45": 0.8,
            "CD14": 0.3,
            "CD19": 0.2,
            "HLA-DR": 0.5,
        },
    )
    assert phenotype.outcome == "pass"

    # P2 for induction: six T175 at 3,000 cells/cm² = 525,000 each.
    p2_seeding = culture.seed_vessels(
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
    ended = induction.end_induction(
        db, tech, din, ended_at=clock.now(), alp_result="positive", alizarin_red_result="positive"
    )
    assert ended.days == pytest.approx(14) and ended.warnings == ()
    sign_step(lab, "osteogenic_induction", started_induction.induction_id)
    assert len(p2_seeding.vessels) == 6

    # Scaffold: a released, in-date lot; 3 × 10⁷ cells in 1.5 mL = 2 × 10⁷ cells/mL.
    scaffold = materials.receive_scaffold_lot(
        db,
        tech,
        product="Demineralized bone matrix",
        manufacturer="Aorui",
        catalogue_number="DBM-25",
        manufacturer_lot="DBM2601",
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
    assert seeded.cells_per_ml == pytest.approx(2e7) and seeded.warnings == ()
    sign_step(lab, "scaffold_seeding", seeded.seeding_id)
    assert queries.lot_row(db, tech, din).status is LotStatus.SEEDED

    # Quarantine label while results are awaited, reconciled.
    typed = din + started.check_character  # as read off the label on the bench
    printed = labels.print_labels(db, tech, typed, "quarantine", copies=1, stock="4x2in")
    labels.reconcile(db, tech, printed.label_print_id, applied=1, destroyed=0, notes="")

    # Release testing against RELEASE v1.
    results = {
        "viability": {"value": 92.0, "unit": "%"},
        "sterility_aerobic": {"text": "No growth"},
        "sterility_anaerobic": {"text": "no growth"},
        "gram_stain": {"text": "No organisms seen"},
        "mycoplasma": {"text": "Negative"},
        "endotoxin": {"value": 0.2, "unit": "EU/mL"},
        "cell_count": {"value": 2.6e7, "unit": "cells"},
    }
    clock.advance(hours=1)
    for test_code in results:
        sample = quality.take_qc_sample(
            db, tech, din, test_code=test_code, stage="final construct", taken_at=clock.now()
        )
        results[test_code]["sample"] = sample.code
    clock.advance(days=1)
    for test_code, result in results.items():
        verdict = quality.record_qc_result(
            db,
            tech,
            result["sample"],
            value=result.get("value"),
            text=result.get("text"),
            unit=result.get("unit", ""),
            tested_at=clock.now(),
            laboratory="Hospital micro lab",
        )
        assert verdict.outcome == "pass", (test_code, verdict)

    check = release.release_check(db, lab.qa, din)
    assert check.blockers == () and check.can_release

    # QA releases with an e-signature; expiry = release + 48 h (site setting).
    released = release.release_lot(db, lab.qa, din, username="mchen", password=PASSWORD)
    assert released.expires_at == clock.now() + timedelta(hours=48)
    assert release.lot_expiry(db, lab.qa, din).hours_left == pytest.approx(48)

    # Hand-overs: packed and dispatched to theatre, received by the OR nurse.
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
    assert custody.whereabouts(db, tech, din).location == "OR 4"

    # Bedside: a wrong wristband is a hard stop; the right one allows the signature.
    enrol(lab, "MRN0099999", family_name="Li", given_name="Na")
    wrong = bedside.confirm_match(
        db, lab.surgeon, construct_scan="=" + din + "00", wristband_scan="MRN:MRN0099999"
    )
    assert not wrong.ok and wrong.wrong_patient
    right = bedside.confirm_match(
        db, lab.surgeon, construct_scan="=" + din + "00", wristband_scan=WRISTBAND
    )
    assert right.ok and right.problems == ()
    clock.advance(minutes=30)
    implanted = bedside.record_implantation(
        db,
        lab.surgeon,
        construct_scan="=" + din + "00",
        wristband_scan=WRISTBAND,
        implanted_at=clock.now(),
        operating_room="OR 4",
        implant_site="left tibia",
        username="drzhao",
        password=PASSWORD,
    )
    assert implanted.din == din
    assert queries.lot_row(db, tech, din).status is LotStatus.IMPLANTED

    # The record: every step on the timeline, audit entries naming each person, chain intact.
    titles = [e.title for e in queries.lot_timeline(db, tech, din)]
    for expected in (
        "Lot started",
        "Aspirate collected",
        "Received in the lab",
        "Isolation",
        "Harvest P0",
        "Harvest P1",
        "Osteogenic induction started",
        "Seeded onto scaffold",
        "Released by QA",
        "Implanted",
    ):
        assert expected in titles, expected
    people = {e.username for e in query_audit(db, lab.qa, AuditQuery(lot_din=din))}
    assert {"lwang", "zliu", "mchen", "drzhao"} <= people
    assert verify_audit_chain(db).intact
