"""Osteogenic induction and scaffold seeding: supplement lots checked and traced,
concentrations in plausible ranges, warnings for unusual durations and suspensions, and
refusals that leave the record as it was."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from labtracker.db.models import (
    CellCount,
    EquipmentUse,
    MaterialUse,
    OsteogenicInduction,
    ScaffoldSeeding,
)
from labtracker.domain.errors import InvalidValueError
from labtracker.domain.lot_states import LotStatus
from labtracker.services import induction, materials
from labtracker.services.audit import AuditQuery, query_audit
from labtracker.services.culture import CountInput
from labtracker.services.materials import MaterialRefusedError
from labtracker.services.records import lot_by_din
from tests.services.test_culture import lot_in_culture, received_lot

# --- builders -------------------------------------------------------------------------------------


def supplements(lab, **changes) -> dict:
    return {
        "base_medium_lot": lab.materials["α-MEM"],
        "dexamethasone_lot": lab.materials["Dexamethasone"],
        "ascorbate_lot": lab.materials["Ascorbate-2-phosphate"],
        "glycerophosphate_lot": lab.materials["β-Glycerophosphate"],
        **changes,
    }


def lot_induced(lab, clock, *, days=21) -> str:
    """A lot cultured for a week, then induced for ``days`` days; induction ended."""
    din = lot_in_culture(lab, clock)
    clock.advance(days=7)
    induction.start_induction(lab.db, lab.tech, din, started_at=clock.now(), **supplements(lab))
    clock.advance(days=days)
    induction.end_induction(
        lab.db,
        lab.tech,
        din,
        ended_at=clock.now(),
        alp_result="positive",
        alizarin_red_result="weak",
    )
    clock.advance(hours=2)
    return din


def scaffold_lot(lab, *, expiry=date(2027, 1, 1), release=True, volume_ml=1.5) -> str:
    received = materials.receive_scaffold_lot(
        lab.db,
        lab.tech,
        product="Demineralized bone matrix",
        manufacturer="Osteo Biotech",
        catalogue_number="DBM-20",
        manufacturer_lot=f"D{expiry:%y%m%d}",
        expiry_date=expiry,
        volume_ml=volume_ml,
        size_description="20 × 10 × 5 mm block",
    )
    if release:
        materials.decide_scaffold_lot(lab.db, lab.qa, received.code, release=True, reason="CoA ok")
    return received.code


def snapshot(lab, din) -> tuple:
    with lab.db.reading() as session:
        lot = lot_by_din(session, din)
        counts = tuple(
            session.scalar(select(func.count()).select_from(model).where(model.lot_id == lot.id))
            for model in (
                OsteogenicInduction,
                ScaffoldSeeding,
                MaterialUse,
                CellCount,
                EquipmentUse,
            )
        )
        inductions = tuple((i.id, i.ended_at, i.version) for i in lot.inductions)
        return lot.status, counts, inductions


def material_uses(lab, din, step) -> set[str]:
    with lab.db.reading() as session:
        lot = lot_by_din(session, din)
        uses = session.scalars(
            select(MaterialUse).where(MaterialUse.lot_id == lot.id, MaterialUse.step == step)
        )
        return {u.material_lot.code for u in uses}


# --- induction ------------------------------------------------------------------------------------


def test_induction_start_and_end(lab, clock):
    din = lot_in_culture(lab, clock)
    clock.advance(days=7)
    started = induction.start_induction(
        lab.db, lab.tech, din, started_at=clock.now(), **supplements(lab)
    )
    assert started.status == LotStatus.IN_INDUCTION
    assert (started.dexamethasone_nm, started.ascorbate_um, started.glycerophosphate_mm) == (
        100,
        50,
        10,
    )
    assert material_uses(lab, din, "osteogenic_induction") == set(supplements(lab).values())

    clock.advance(days=21)
    ended = induction.end_induction(
        lab.db,
        lab.tech,
        din,
        ended_at=clock.now(),
        alp_result="positive",
        alizarin_red_result="positive",
    )
    assert ended.days == pytest.approx(21) and ended.warnings == ()
    assert (ended.alp_result, ended.alizarin_red_result) == ("positive", "positive")
    entries = query_audit(
        lab.db, lab.qa, AuditQuery(lot_din=din, table_name="osteogenic_induction")
    )
    assert {e.username for e in entries} == {"lwang"}
    assert any(e.field == "alp_result" and e.new_value == "positive" for e in entries)


def test_an_unusually_short_induction_is_a_warning(lab, clock):
    din = lot_in_culture(lab, clock)
    induction.start_induction(lab.db, lab.tech, din, started_at=clock.now(), **supplements(lab))
    clock.advance(days=10)
    ended = induction.end_induction(
        lab.db,
        lab.tech,
        din,
        ended_at=clock.now(),
        alp_result="not_done",
        alizarin_red_result="not_done",
    )
    assert ended.warnings == ("Induction lasted 10.0 days; it usually takes 14–21 days.",)


def test_the_induction_range_is_a_site_setting(lab, clock):
    from labtracker.services import site

    site.set_process_rules(
        lab.db,
        lab.admin,
        "protocol amendment 3: 10-day induction",
        induction_min_days=9,
        induction_max_days=12,
    )
    din = lot_in_culture(lab, clock)
    induction.start_induction(lab.db, lab.tech, din, started_at=clock.now(), **supplements(lab))
    clock.advance(days=10)
    ended = induction.end_induction(
        lab.db,
        lab.tech,
        din,
        ended_at=clock.now(),
        alp_result="positive",
        alizarin_red_result="not_done",
    )
    assert ended.warnings == ()


def test_expired_or_quarantined_supplement_is_refused_and_nothing_is_saved(lab, clock):
    expiring = materials.receive_material_lot(
        lab.db,
        lab.tech,
        name="Dexamethasone",
        kind="supplement",
        manufacturer="Sigma",
        catalogue_number="D4902",
        lot_number="DX-OLD",
        expiry_date=date(2026, 3, 5),
    )
    materials.decide_material_lot(lab.db, lab.qa, expiring.code, release=True, reason="CoA ok")
    quarantined = materials.receive_material_lot(
        lab.db,
        lab.tech,
        name="β-Glycerophosphate",
        kind="supplement",
        manufacturer="Sigma",
        catalogue_number="G9422",
        lot_number="GP-NEW",
        expiry_date=date(2027, 6, 30),
    )
    din = lot_in_culture(lab, clock)
    clock.advance(days=7)
    before = snapshot(lab, din)
    for change, message in (
        ({"dexamethasone_lot": expiring.code}, "Dexamethasone lot: .* expired on 2026-03-05"),
        ({"glycerophosphate_lot": quarantined.code}, "still in quarantine"),
    ):
        with pytest.raises(MaterialRefusedError, match=message):
            induction.start_induction(
                lab.db, lab.tech, din, started_at=clock.now(), **supplements(lab, **change)
            )
        assert snapshot(lab, din) == before
    assert before[0] == LotStatus.IN_CULTURE


@pytest.mark.parametrize(
    ("change", "field", "allowed"),
    [
        ({"dexamethasone_nm": 100_000}, "Dexamethasone", "between 1 and 1000 nM"),
        ({"ascorbate_um": 0}, "Ascorbate-2-phosphate", "between 1 and 1000 µM"),
        ({"glycerophosphate_mm": 1000}, "β-Glycerophosphate", "between 0.1 and 100 mM"),
        ({"glycerophosphate_mm": float("nan")}, "β-Glycerophosphate", "between 0.1 and 100 mM"),
        ({"base_medium_lot": "Fetal bovine serum"}, "Base medium lot", "a lot of medium"),
        ({"ascorbate_lot": "Dexamethasone"}, "Ascorbate-2-phosphate lot", None),
        ({"started_at": "future"}, "Started at", None),
    ],
    ids=["dex-unit", "aa2p-zero", "bgp-unit", "bgp-nan", "wrong-kind", "same-label", "future"],
)
def test_impossible_induction_is_refused_naming_the_field(lab, clock, change, field, allowed):
    din = lot_in_culture(lab, clock)
    clock.advance(days=7)
    before = snapshot(lab, din)
    values = {"started_at": clock.now(), **supplements(lab)}
    for key, value in change.items():
        if key.endswith("_lot"):
            value = lab.materials[value]
        elif value == "future":
            value = clock.now() + timedelta(hours=1)
        values[key] = value
    with pytest.raises(InvalidValueError) as err:
        induction.start_induction(lab.db, lab.tech, din, **values)
    assert err.value.field == field
    if allowed:
        assert err.value.allowed == allowed
    if field == "Ascorbate-2-phosphate lot":
        assert "already scanned as the dexamethasone lot" in str(err.value)
    assert snapshot(lab, din) == before


def test_induction_needs_a_lot_in_culture_and_a_sensible_end(lab, clock):
    din = received_lot(lab, clock)
    with pytest.raises(InvalidValueError, match="needs a lot that is in culture"):
        induction.start_induction(lab.db, lab.tech, din, started_at=clock.now(), **supplements(lab))

    din = lot_in_culture(lab, clock, "MRN0099999")
    clock.advance(days=1)
    start = clock.now()
    induction.start_induction(lab.db, lab.tech, din, started_at=start, **supplements(lab))
    clock.advance(days=14)
    before = snapshot(lab, din)
    for values, field in (
        ({"ended_at": start - timedelta(hours=1)}, "Ended at"),
        ({"ended_at": start}, "Ended at"),
        ({"alp_result": "maybe"}, "ALP result"),
        ({"alizarin_red_result": "red"}, "Alizarin red result"),
    ):
        with pytest.raises(InvalidValueError) as err:
            induction.end_induction(
                lab.db,
                lab.tech,
                din,
                **{
                    "ended_at": clock.now(),
                    "alp_result": "positive",
                    "alizarin_red_result": "positive",
                    **values,
                },
            )
        assert err.value.field == field
        assert snapshot(lab, din) == before


# --- scaffold seeding -----------------------------------------------------------------------------


def test_scaffold_seeding_and_incubation(lab, clock):
    code = scaffold_lot(lab)
    materials.register_equipment(
        lab.db,
        lab.qa,
        asset_tag="INC-07",
        name="Heracell 150i",
        kind="incubator",
        calibrated_on=date(2026, 1, 5),
        calibration_due_on=date(2027, 1, 5),
    )
    din = lot_induced(lab, clock)
    seeded = induction.seed_scaffold(
        lab.db,
        lab.tech,
        din,
        scaffold_lot=code.lower(),
        seeded_at=clock.now(),
        scaffold_length_mm=20,
        scaffold_width_mm=10,
        scaffold_height_mm=5,
        count=CountInput.automated(
            cells_per_ml=1e7, viability_percent=92, suspension_volume_ml=3, counted_at=clock.now()
        ),
        cells_seeded=2e7,
        suspension_volume_ml=1.0,
        incubation_started_at=clock.now(),
        incubator="inc-07",
    )
    assert seeded.status == LotStatus.SEEDED
    assert seeded.scaffold_lot == code
    assert seeded.scaffold_volume_ml == pytest.approx(1.0)  # 20 × 10 × 5 mm = 1 cm³
    assert seeded.count.total_cells == pytest.approx(3e7)
    assert seeded.cells_per_ml == pytest.approx(2e7) and seeded.warnings == ()

    clock.advance(hours=4)
    ended = induction.end_scaffold_incubation(lab.db, lab.tech, din, ended_at=clock.now())
    assert ended.hours == pytest.approx(4)
    with pytest.raises(InvalidValueError, match="no scaffold incubation in progress"):
        induction.end_scaffold_incubation(lab.db, lab.tech, din, ended_at=clock.now())

    with lab.db.reading() as session:
        lot = lot_by_din(session, din)
        (row,) = lot.scaffold_seedings
        assert row.scaffold_lot.code == code and row.incubation_ended_at == clock.now()
        assert session.get(CellCount, row.cell_count_id).purpose == "scaffold"
        uses = session.scalars(select(EquipmentUse).where(EquipmentUse.lot_id == lot.id)).all()
        assert [(u.step, u.equipment.asset_tag) for u in uses] == [("scaffold_seeding", "INC-07")]
    entries = query_audit(lab.db, lab.qa, AuditQuery(lot_din=din, table_name="scaffold_seeding"))
    assert entries and {e.username for e in entries} == {"lwang"}


def test_a_thin_suspension_is_a_warning_and_the_lots_volume_is_used(lab, clock):
    code = scaffold_lot(lab, volume_ml=1.5)
    din = lot_induced(lab, clock)
    seeded = induction.seed_scaffold(
        lab.db,
        lab.tech,
        din,
        scaffold_lot=code,
        seeded_at=clock.now(),
        cells_seeded=5e6,
        suspension_volume_ml=1.0,
        incubation_started_at=clock.now(),
    )
    assert seeded.scaffold_volume_ml == 1.5 and seeded.count is None
    assert seeded.warnings == (
        "The seeding suspension holds 5,000,000 cells/mL, 75% below the site's "
        "20,000,000 cells/mL.",
    )


def test_expired_or_quarantined_scaffold_is_refused_and_nothing_is_saved(lab, clock):
    expiring = scaffold_lot(lab, expiry=date(2026, 3, 20))
    quarantined = scaffold_lot(lab, expiry=date(2027, 2, 1), release=False)
    din = lot_induced(lab, clock)
    before = snapshot(lab, din)
    for code, message in (
        (expiring, "expired on 2026-03-20"),
        (quarantined, "still in quarantine"),
    ):
        with pytest.raises(MaterialRefusedError, match=message):
            induction.seed_scaffold(
                lab.db,
                lab.tech,
                din,
                scaffold_lot=code,
                seeded_at=clock.now(),
                scaffold_volume_ml=1.0,
                count=CountInput.automated(
                    cells_per_ml=1e7,
                    viability_percent=92,
                    suspension_volume_ml=3,
                    counted_at=clock.now(),
                ),
                cells_seeded=2e7,
                suspension_volume_ml=1.0,
                incubation_started_at=clock.now(),
            )
        assert snapshot(lab, din) == before
    assert before[0] == LotStatus.IN_INDUCTION


def test_impossible_scaffold_seeding_is_refused_naming_the_field(lab, clock):
    code = scaffold_lot(lab, volume_ml=None)
    din = lot_in_culture(lab, clock)
    clock.advance(days=7)
    induction.start_induction(lab.db, lab.tech, din, started_at=clock.now(), **supplements(lab))
    clock.advance(days=14)
    base = {
        "scaffold_lot": code,
        "seeded_at": clock.now(),
        "scaffold_volume_ml": 1.0,
        "cells_seeded": 2e7,
        "suspension_volume_ml": 1.0,
        "incubation_started_at": clock.now(),
    }
    before = snapshot(lab, din)
    with pytest.raises(InvalidValueError, match="still in induction") as err:
        induction.seed_scaffold(lab.db, lab.tech, din, **base)
    assert err.value.field == "Induction" and snapshot(lab, din) == before

    ended_at = clock.now()
    induction.end_induction(
        lab.db, lab.tech, din, ended_at=ended_at, alp_result="weak", alizarin_red_result="weak"
    )
    clock.advance(hours=1)
    before = snapshot(lab, din)
    count = CountInput.automated(
        cells_per_ml=1e7, viability_percent=92, suspension_volume_ml=1.5, counted_at=clock.now()
    )
    for change, field in (
        ({"seeded_at": ended_at - timedelta(hours=1)}, "Seeded at"),
        ({"incubation_started_at": clock.now() - timedelta(hours=2)}, "Incubation started at"),
        ({"count": count}, "Cells seeded"),  # 2 × 10⁷ seeded from 1.5 × 10⁷ counted
        ({"cells_seeded": 0}, "Cells seeded"),
        ({"suspension_volume_ml": -1}, "Suspension volume"),
        ({"scaffold_volume_ml": None}, "Scaffold volume"),  # none typed, none on the lot
        (
            {"scaffold_volume_ml": None, "scaffold_length_mm": 20, "scaffold_width_mm": 10},
            "Scaffold height",
        ),
        ({"scaffold_volume_ml": 500}, "Scaffold volume"),
    ):
        with pytest.raises(InvalidValueError) as err:
            induction.seed_scaffold(lab.db, lab.tech, din, **{**base, **change})
        assert err.value.field == field, change
        assert snapshot(lab, din) == before
