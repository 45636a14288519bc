"""Culture: isolation, vessels, harvests and passaging, with figures worked by hand, and the
refusals that must leave the record exactly as it was."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from labtracker.db.models import CellCount, Harvest, MaterialUse, Vessel
from labtracker.domain.errors import InvalidValueError
from labtracker.domain.lot_states import LotStatus
from labtracker.domain.permissions import PermissionDeniedError
from labtracker.services import culture, lots, materials
from labtracker.services.audit import AuditQuery, query_audit
from labtracker.services.culture import CountInput, VesselSeeding
from labtracker.services.materials import MaterialRefusedError
from labtracker.services.records import lot_by_din
from tests.services.conftest import enrol

# --- builders -------------------------------------------------------------------------------------


def hemo(clock, live, dead=0, *, squares=4, dilution=2, volume=5.0) -> CountInput:
    """A hemocytometer count made now."""
    return CountInput.hemocytometer(
        live_cells=live,
        dead_cells=dead,
        squares_counted=squares,
        dilution_factor=dilution,
        suspension_volume_ml=volume,
        counted_at=clock.now(),
    )


def received_lot(lab, clock, mrn="MRN0012345", *, temperature_c=9.5) -> str:
    """An enrolled patient's lot with its aspirate received in the lab."""
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
        anticoagulant_lot=lab.materials["Heparin sodium"],
        collected_at=clock.now(),
        collected_by_name="Dr Zhao Ming",
    )
    clock.advance(hours=3)
    lots.receive_aspirate(
        lab.db,
        lab.tech,
        din,
        received_at=clock.now(),
        condition="acceptable",
        temperature_c=temperature_c,
    )
    clock.advance(hours=1)
    return din


def lot_in_culture(lab, clock, mrn="MRN0012345", *, vessels=None) -> str:
    """A lot isolated onto P0: by default one T75 with 150,000 cells (2,000 cells/cm²)."""
    din = received_lot(lab, clock, mrn)
    culture.record_isolation(
        lab.db,
        lab.tech,
        din,
        method="density_gradient",
        started_at=clock.now(),
        aspirate_volume_used_ml=12,
        count=hemo(clock, 120),
        vessels=vessels or [VesselSeeding("T75", 150_000)],
        reagent_lots=[lab.materials["Ficoll-Paque"], lab.materials["α-MEM"]],
    )
    return din


def six_million(clock) -> CountInput:
    """120 live over 4 squares × 2 in 10 mL = 600,000 cells/mL, 6,000,000 cells."""
    return hemo(clock, 120, volume=10.0)


def status(lab, din) -> LotStatus:
    with lab.db.reading() as session:
        return lot_by_din(session, din).status


def snapshot(lab, din) -> tuple:
    """What a refused action must leave untouched: status, vessels, harvests, counts, uses."""
    with lab.db.reading() as session:
        lot = lot_by_din(session, din)
        rows = tuple(
            session.scalar(select(func.count()).select_from(model).where(model.lot_id == lot.id))
            for model in (CellCount, Harvest, Vessel, MaterialUse)
        )
        states = tuple((v.code, v.state, v.version) for v in lot.vessels)
        lot_status = lot.status
    tree = culture.vessel_tree(lab.db, lab.tech, din) if rows[2] else None
    return lot_status, rows, states, tree, tuple(culture.growth_series(lab.db, lab.tech, din))


# --- isolation ------------------------------------------------------------------------------------


def test_isolation_computes_the_count_and_plates_p0(lab, clock):
    din = received_lot(lab, clock)
    result = culture.record_isolation(
        lab.db,
        lab.tech,
        din,
        method="density_gradient",
        started_at=clock.now(),
        aspirate_volume_used_ml=12,
        count=hemo(clock, 120, 30),
        vessels=[VesselSeeding("T75", 150_000, 15), VesselSeeding("t25", 15_000)],
        reagent_lots=[lab.materials["Ficoll-Paque"]],
    )
    # 120 live ÷ 4 squares × 2 × 10⁴ = 600,000 cells/mL; × 5 mL = 3,000,000; 120/150 = 80 %
    assert result.count.cells_per_ml == pytest.approx(600_000)
    assert result.count.total_cells == pytest.approx(3_000_000)
    assert result.count.viability_percent == pytest.approx(80)
    assert result.status == LotStatus.IN_CULTURE == status(lab, din)
    first, second = result.vessels
    assert (first.code, second.code) == (f"{din}-P0-1", f"{din}-P0-2")
    assert (first.vessel_type, first.passage, first.growth_area_cm2) == ("T75", 0, 75.0)
    assert first.seeding_density == pytest.approx(2_000) and first.density_within_range
    assert second.seeding_density == pytest.approx(600) and not second.density_within_range
    assert result.warnings == (
        f"{din}-P0-2 (T25): 600 cells/cm² is below the minimum of 1,000 cells/cm²",
    )
    with lab.db.reading() as session:
        lot = lot_by_din(session, din)
        count = lot.isolations[0].nucleated_cell_count
        assert (count.purpose, count.live_cells, count.dead_cells, count.cells_counted) == (
            "isolation",
            120,
            30,
            150,
        )
        uses = session.scalars(select(MaterialUse).where(MaterialUse.lot_id == lot.id)).all()
        assert {(u.step, u.material_lot.code) for u in uses} >= {
            ("isolation", lab.materials["Ficoll-Paque"])
        }
    entries = query_audit(lab.db, lab.qa, AuditQuery(lot_din=din))
    tables = {e.table_name for e in entries if e.username == "lwang"}
    assert {"isolation", "vessel", "cell_count", "material_use"} <= tables


def test_isolation_waits_for_a_deviation_when_receipt_was_outside_limits(lab, clock):
    din = received_lot(lab, clock, temperature_c=31)
    before = snapshot(lab, din)
    with pytest.raises(InvalidValueError, match="outside the site's limits; raise a deviation"):
        culture.record_isolation(
            lab.db,
            lab.tech,
            din,
            method="direct_plating",
            started_at=clock.now(),
            aspirate_volume_used_ml=12,
            count=hemo(clock, 120),
            vessels=[VesselSeeding("T75", 150_000)],
        )
    assert snapshot(lab, din) == before and before[0] == LotStatus.RECEIVED


def test_expired_or_quarantined_reagent_is_refused_and_nothing_is_saved(lab, clock):
    expiring = materials.receive_material_lot(
        lab.db,
        lab.tech,
        name="Lymphoprep",
        kind="reagent",
        manufacturer="Stemcell",
        catalogue_number="07801",
        lot_number="LP1",
        expiry_date=date(2026, 3, 3),
    )
    materials.decide_material_lot(lab.db, lab.qa, expiring.code, release=True, reason="CoA ok")
    quarantined = materials.receive_material_lot(
        lab.db,
        lab.tech,
        name="PBS",
        kind="reagent",
        manufacturer="Gibco",
        catalogue_number="10010",
        lot_number="P9",
        expiry_date=date(2027, 1, 1),
    )
    din = received_lot(lab, clock)
    clock.advance(days=2)  # 2026-03-04 in Shanghai: the Lymphoprep lot expired yesterday
    before = snapshot(lab, din)
    for code, message in (
        (expiring.code, "expired on 2026-03-03"),
        (quarantined.code, "still in quarantine"),
    ):
        with pytest.raises(MaterialRefusedError, match=message):
            culture.record_isolation(
                lab.db,
                lab.tech,
                din,
                method="density_gradient",
                started_at=clock.now(),
                aspirate_volume_used_ml=12,
                count=hemo(clock, 120),
                vessels=[VesselSeeding("T75", 150_000)],
                reagent_lots=[lab.materials["α-MEM"], code],
            )
        assert snapshot(lab, din) == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"vessels": [VesselSeeding("T75", 2_000_000), VesselSeeding("T75", 2_000_000)]}, None),
        ({"vessels": [VesselSeeding("T999", 150_000)]}, "Vessel type"),
        ({"vessels": [VesselSeeding("T75", 0)]}, "Cells seeded"),
        ({"vessels": []}, "Vessels"),
        ({"method": "magic"}, "Isolation method"),
        ({"aspirate_volume_used_ml": 40}, "Aspirate volume used"),
        ({"started_at": "future"}, "Started at"),
        ({"count": "no live cells"}, "Live cells counted"),
    ],
    ids=[
        "more-cells-than-counted",
        "unknown-vessel",
        "zero-cells",
        "no-vessels",
        "method",
        "more-than-collected",
        "future",
        "zero-count",
    ],
)
def test_impossible_isolation_is_refused_naming_the_field(lab, clock, change, field):
    din = received_lot(lab, clock)
    before = snapshot(lab, din)
    values = {
        "method": "density_gradient",
        "started_at": clock.now(),
        "aspirate_volume_used_ml": 12,
        "count": hemo(clock, 120),
        "vessels": [VesselSeeding("T75", 150_000)],
        **change,
    }
    if values["started_at"] == "future":
        values["started_at"] = clock.now() + timedelta(hours=2)
    if values["count"] == "no live cells":
        values["count"] = hemo(clock, 0, 10)
    with pytest.raises(InvalidValueError) as err:
        culture.record_isolation(lab.db, lab.tech, din, **values)
    assert err.value.field == (field or "Cells seeded")
    if field is None:
        assert "4,000,000, more than the 3,000,000 cells available" in str(err.value)
    assert snapshot(lab, din) == before


def test_automated_count_is_stored_as_read(lab, clock):
    din = received_lot(lab, clock)
    count = CountInput.automated(
        cells_per_ml=1.2e6, viability_percent=96.5, suspension_volume_ml=4, counted_at=clock.now()
    )
    result = culture.record_isolation(
        lab.db,
        lab.tech,
        din,
        method="direct_plating",
        started_at=clock.now(),
        aspirate_volume_used_ml=10,
        count=count,
        vessels=[VesselSeeding("CF1", 1_500_000)],
    )
    assert result.count.total_cells == pytest.approx(4.8e6)
    assert result.count.viability_percent == 96.5
    assert result.warnings == ()
    other = received_lot(lab, clock, "MRN0099999")
    with pytest.raises(InvalidValueError) as err:
        culture.record_isolation(
            lab.db,
            lab.tech,
            other,
            method="direct_plating",
            started_at=clock.now(),
            aspirate_volume_used_ml=10,
            count=CountInput.automated(
                cells_per_ml=1e6,
                viability_percent=104,
                suspension_volume_ml=4,
                counted_at=clock.now(),
            ),
            vessels=[VesselSeeding("T75", 150_000)],
        )
    assert err.value.field == "Viability" and "you entered 104" in str(err.value)


def test_a_surgeon_cannot_record_culture_steps(lab, clock):
    din = received_lot(lab, clock)
    with pytest.raises(PermissionDeniedError):
        culture.record_isolation(
            lab.db,
            lab.surgeon,
            din,
            method="density_gradient",
            started_at=clock.now(),
            aspirate_volume_used_ml=12,
            count=hemo(clock, 120),
            vessels=[VesselSeeding("T75", 150_000)],
        )
    assert status(lab, din) == LotStatus.RECEIVED


# --- harvest and passaging ------------------------------------------------------------------------


def test_harvest_figures_and_cumulative_doublings_across_passages(lab, clock):
    din = lot_in_culture(lab, clock)
    clock.advance(hours=168)
    p0 = culture.record_harvest(
        lab.db,
        lab.tech,
        din,
        vessel_codes=[f" {din.lower()}-p0-1 "],  # scanned or typed: case and spaces forgiven
        harvested_at=clock.now(),
        confluence_percent=85,
        count=six_million(clock),
    )
    # PD = log₂(6,000,000 ÷ 150,000) = log₂ 40 = 5.3219; DT = 168 h × ln 2 ÷ ln 40 = 31.57 h
    assert p0.cells_seeded == 150_000 and p0.cells_harvested == pytest.approx(6e6)
    assert p0.population_doublings == pytest.approx(5.3219, abs=1e-4)
    assert p0.doubling_time_hours == pytest.approx(31.57, abs=0.01)
    assert p0.cumulative_population_doublings == pytest.approx(5.3219, abs=1e-4)
    assert (p0.passage, p0.hours_in_culture) == (0, 168)

    clock.advance(hours=1)
    split = culture.seed_vessels(
        lab.db,
        lab.tech,
        din,
        harvest_id=p0.harvest_id,
        vessels=[VesselSeeding("T175", 350_000), VesselSeeding("T175", 350_000)],
        seeded_at=clock.now(),
    )
    assert [v.code for v in split.vessels] == [f"{din}-P1-1", f"{din}-P1-2"]
    assert {v.passage for v in split.vessels} == {1}
    assert split.vessels[0].seeding_density == pytest.approx(2_000)
    assert split.cells_not_seeded == pytest.approx(5_300_000) and split.warnings == ()

    clock.advance(hours=120)
    # 280,000 cells/mL × 10 mL = 2,800,000 from 350,000: PD 3, DT 120 ÷ 3 = 40 h
    p1 = culture.record_harvest(
        lab.db,
        lab.tech,
        din,
        vessel_codes=[f"{din}-P1-1"],
        harvested_at=clock.now(),
        confluence_percent=80,
        count=CountInput.automated(
            cells_per_ml=280_000,
            viability_percent=95,
            suspension_volume_ml=10,
            counted_at=clock.now(),
        ),
    )
    assert p1.population_doublings == pytest.approx(3)
    assert p1.doubling_time_hours == pytest.approx(40)
    assert p1.cumulative_population_doublings == pytest.approx(8.3219, abs=1e-4)

    series = culture.growth_series(lab.db, lab.tech, din)
    assert [(p.passage, round(p.cumulative_population_doublings, 4)) for p in series] == [
        (0, 5.3219),
        (1, 8.3219),
    ]
    assert series[1].vessel_codes == (f"{din}-P1-1",)

    tree = culture.vessel_tree(lab.db, lab.tech, din)
    (root,) = tree.roots
    assert (root.code, root.state, root.passage, root.cells_seeded) == (
        f"{din}-P0-1",
        "harvested",
        0,
        150_000,
    )
    assert root.harvest.doubling_time_hours == pytest.approx(31.57, abs=0.01)
    assert [(c.code, c.state) for c in root.children] == [
        (f"{din}-P1-1", "harvested"),
        (f"{din}-P1-2", "in_culture"),
    ]
    assert root.children[0].harvest.cumulative_population_doublings == pytest.approx(8.3219, 1e-4)
    assert root.children[1].harvest is None and root.children[1].children == ()
    with lab.db.reading() as session:
        child = session.scalar(select(Vessel).where(Vessel.code == f"{din}-P1-2"))
        assert child.parent.code == f"{din}-P0-1" and child.source_harvest_id == p0.harvest_id

    entries = query_audit(lab.db, lab.qa, AuditQuery(lot_din=din, table_name="harvest"))
    assert entries and {e.username for e in entries} == {"lwang"}
    changed = query_audit(lab.db, lab.qa, AuditQuery(lot_din=din, table_name="vessel"))
    assert any(
        e.field == "state" and e.new_value == "harvested" and e.username == "lwang" for e in changed
    )


def test_another_lots_vessel_scanned_at_harvest_is_a_hard_stop(lab, clock):
    mine = lot_in_culture(lab, clock)
    theirs = lot_in_culture(lab, clock, "MRN0099999")
    clock.advance(hours=150)
    before = snapshot(lab, mine), snapshot(lab, theirs)
    with pytest.raises(culture.VesselOfAnotherLotError) as err:
        culture.record_harvest(
            lab.db,
            lab.tech,
            mine,
            vessel_codes=[f"{mine}-P0-1", f"{theirs}-P0-1"],
            harvested_at=clock.now(),
            confluence_percent=80,
            count=six_million(clock),
        )
    message = str(err.value)
    assert message.startswith(f"Vessel {theirs}-P0-1 belongs to lot {theirs}, not to {mine}.")
    for private in ("MRN", "张", "伟", "Zhang"):
        assert private not in message
    assert (snapshot(lab, mine), snapshot(lab, theirs)) == before


def test_a_vessel_is_harvested_once(lab, clock):
    din = lot_in_culture(lab, clock)
    clock.advance(hours=168)
    culture.record_harvest(
        lab.db,
        lab.tech,
        din,
        vessel_codes=[f"{din}-P0-1"],
        harvested_at=clock.now(),
        confluence_percent=85,
        count=six_million(clock),
    )
    before = snapshot(lab, din)
    clock.advance(hours=1)
    with pytest.raises(InvalidValueError, match="already harvested") as err:
        culture.record_harvest(
            lab.db,
            lab.tech,
            din,
            vessel_codes=[f"{din}-P0-1"],
            harvested_at=clock.now(),
            confluence_percent=85,
            count=six_million(clock),
        )
    assert err.value.field == "Vessel"
    assert snapshot(lab, din) == before


def test_different_passages_cannot_be_pooled(lab, clock):
    din = lot_in_culture(
        lab, clock, vessels=[VesselSeeding("T75", 150_000), VesselSeeding("T75", 150_000)]
    )
    clock.advance(hours=168)
    p0 = culture.record_harvest(
        lab.db,
        lab.tech,
        din,
        vessel_codes=[f"{din}-P0-1"],
        harvested_at=clock.now(),
        confluence_percent=85,
        count=six_million(clock),
    )
    culture.seed_vessels(
        lab.db,
        lab.tech,
        din,
        harvest_id=p0.harvest_id,
        vessels=[VesselSeeding("T175", 350_000)],
        seeded_at=clock.now(),
    )
    clock.advance(hours=100)
    before = snapshot(lab, din)
    with pytest.raises(InvalidValueError, match="different passages cannot be pooled") as err:
        culture.record_harvest(
            lab.db,
            lab.tech,
            din,
            vessel_codes=[f"{din}-P0-2", f"{din}-P1-1"],
            harvested_at=clock.now(),
            confluence_percent=85,
            count=six_million(clock),
        )
    assert err.value.field == "Vessels"
    assert snapshot(lab, din) == before


@pytest.mark.parametrize(
    ("case", "field"),
    [
        ("future", "Harvested at"),
        ("before seeding", "Harvested at"),
        ("implausible", "Cells harvested"),
        ("unknown vessel", "Vessel"),
        ("scanned twice", "Vessels"),
        ("confluence", "Confluence"),
    ],
)
def test_impossible_harvest_is_refused_naming_the_field(lab, clock, case, field):
    din = lot_in_culture(lab, clock)
    clock.advance(hours=100)
    before = snapshot(lab, din)
    values = {
        "vessel_codes": [f"{din}-P0-1"],
        "harvested_at": clock.now(),
        "confluence_percent": 85,
        "count": six_million(clock),
    }
    if case == "future":
        values["harvested_at"] = clock.now() + timedelta(hours=3)
    elif case == "before seeding":
        values["harvested_at"] = clock.now() - timedelta(hours=101)
    elif case == "implausible":  # 1,000,000 cells/mL × 10 mL in a T75: ceiling 7,500,000
        values["count"] = CountInput.automated(
            cells_per_ml=1e6, viability_percent=90, suspension_volume_ml=10, counted_at=clock.now()
        )
    elif case == "unknown vessel":
        values["vessel_codes"] = [f"{din}-P0-9"]
    elif case == "scanned twice":
        values["vessel_codes"] = [f"{din}-P0-1", f"{din}-P0-1"]
    else:
        values["confluence_percent"] = 120
    with pytest.raises(InvalidValueError) as err:
        culture.record_harvest(lab.db, lab.tech, din, **values)
    assert err.value.field == field
    if case == "implausible":
        assert "at most 7,500,000 for 75 cm²" in str(err.value)
    assert snapshot(lab, din) == before


def test_a_harvest_cannot_seed_more_cells_than_it_gave(lab, clock):
    din = lot_in_culture(lab, clock)
    clock.advance(hours=168)
    p0 = culture.record_harvest(
        lab.db,
        lab.tech,
        din,
        vessel_codes=[f"{din}-P0-1"],
        harvested_at=clock.now(),
        confluence_percent=85,
        count=six_million(clock),
    )
    culture.seed_vessels(
        lab.db,
        lab.tech,
        din,
        harvest_id=p0.harvest_id,
        vessels=[VesselSeeding("CF1", 1_264_000), VesselSeeding("CF1", 1_264_000)],
        seeded_at=clock.now(),
    )
    before = snapshot(lab, din)
    with pytest.raises(InvalidValueError) as err:  # 2,528,000 used; 3,472,000 left
        culture.seed_vessels(
            lab.db,
            lab.tech,
            din,
            harvest_id=p0.harvest_id,
            vessels=[VesselSeeding("CF2", 2_528_000), VesselSeeding("CF1", 1_264_000)],
            seeded_at=clock.now(),
        )
    assert err.value.field == "Cells seeded"
    assert "more than the 3,472,000 cells available" in str(err.value)
    assert snapshot(lab, din) == before


def test_pooled_harvest_takes_the_oldest_lineage(lab, clock):
    din = lot_in_culture(
        lab, clock, vessels=[VesselSeeding("T75", 150_000), VesselSeeding("T75", 150_000)]
    )
    clock.advance(hours=168)
    a = culture.record_harvest(  # 150,000 → 6,000,000: PD 5.3219
        lab.db,
        lab.tech,
        din,
        vessel_codes=[f"{din}-P0-1"],
        harvested_at=clock.now(),
        confluence_percent=85,
        count=six_million(clock),
    )
    b = culture.record_harvest(  # 150,000 → 1,200,000: PD 3
        lab.db,
        lab.tech,
        din,
        vessel_codes=[f"{din}-P0-2"],
        harvested_at=clock.now(),
        confluence_percent=60,
        count=hemo(clock, 120, volume=2.0),
    )
    assert b.cumulative_population_doublings == pytest.approx(3)
    for harvest in (a, b):
        culture.seed_vessels(
            lab.db,
            lab.tech,
            din,
            harvest_id=harvest.harvest_id,
            vessels=[VesselSeeding("T75", 150_000)],
            seeded_at=clock.now(),
        )
    clock.advance(hours=96)
    pooled = culture.record_harvest(  # 300,000 → 2,400,000: PD 3
        lab.db,
        lab.tech,
        din,
        vessel_codes=[f"{din}-P1-1", f"{din}-P1-2"],
        harvested_at=clock.now(),
        confluence_percent=85,
        count=hemo(clock, 120, volume=4.0),
    )
    assert pooled.population_doublings == pytest.approx(3)
    assert pooled.cumulative_population_doublings == pytest.approx(5.3219 + 3, abs=1e-4)
    clock.advance(hours=1)
    children = culture.seed_vessels(
        lab.db,
        lab.tech,
        din,
        harvest_id=pooled.harvest_id,
        vessels=[VesselSeeding("T175", 350_000)],
        seeded_at=clock.now(),
    )
    assert children.vessels[0].code == f"{din}-P2-1"

    tree = culture.vessel_tree(lab.db, lab.tech, din)
    first, second = tree.roots
    (p1_1,) = first.children
    (p1_2,) = second.children
    assert p1_1.harvest.pooled_with == (f"{din}-P1-2",)
    assert [c.code for c in p1_1.children] == [f"{din}-P2-1"]  # listed once, under the first
    assert p1_2.children == () and p1_2.harvest.children_listed_under == f"{din}-P1-1"
    with lab.db.reading() as session:
        child = session.scalar(select(Vessel).where(Vessel.code == f"{din}-P2-1"))
        assert child.parent_vessel_id is None and child.source_harvest_id == pooled.harvest_id


def test_projected_ready_date(lab, clock):
    din = lot_in_culture(lab, clock)
    clock.advance(hours=168)
    p0 = culture.record_harvest(
        lab.db,
        lab.tech,
        din,
        vessel_codes=[f"{din}-P0-1"],
        harvested_at=clock.now(),
        confluence_percent=85,
        count=six_million(clock),
    )
    culture.seed_vessels(
        lab.db,
        lab.tech,
        din,
        harvest_id=p0.harvest_id,
        vessels=[VesselSeeding("T175", 350_000), VesselSeeding("T175", 350_000)],
        seeded_at=clock.now(),
    )
    projection = culture.projected_ready(lab.db, lab.tech, din, scaffold_volume_ml=1.0)
    # now: 5,300,000 not re-seeded + 700,000 in flasks = 6,000,000; need 1 mL × 2 × 10⁷
    assert projection.cells_now == pytest.approx(6e6)
    assert projection.cells_in_culture == pytest.approx(7e5)
    assert projection.cells_needed == pytest.approx(2e7)
    doublings = math.log2(2e7 / 6e6)  # 1.737
    assert projection.doublings_needed == pytest.approx(doublings)
    hours = doublings * 168 * math.log(2) / math.log(40)  # × 31.57 h = 54.8 h
    assert projection.hours_needed == pytest.approx(hours)
    assert projection.ready_at == clock.now() + timedelta(hours=hours)
    assert not projection.already_enough

    small = culture.projected_ready(lab.db, lab.tech, din, scaffold_volume_ml=0.2)
    assert small.already_enough and small.ready_at == clock.now()
