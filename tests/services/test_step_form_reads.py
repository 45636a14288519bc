"""The small reads behind the culture and induction step forms: the vessel catalogue with the
seeding range, the harvests that still have cells to seed, where induction and incubation
stand, and the scaffold suspension figures the form shows exactly as the service records."""

from __future__ import annotations

import pytest

from labtracker.domain.errors import InvalidValueError
from labtracker.domain.permissions import PermissionDeniedError
from labtracker.services import culture, induction, site
from labtracker.services.culture import VesselSeeding
from tests.services.test_culture import lot_in_culture, six_million
from tests.services.test_induction import lot_induced, scaffold_lot, supplements


def test_seeding_rules_list_the_catalogue_and_the_sites_range(lab, clock):
    rules = culture.seeding_rules(lab.db, lab.tech)
    codes = [t.code for t in rules.vessel_types]
    assert codes[:3] == ["T25", "6WELL", "T75"]  # smallest growth area first
    t175 = next(t for t in rules.vessel_types if t.code == "T175")
    assert (t175.growth_area_cm2, t175.max_cells_per_cm2, t175.in_use) == (175.0, 1e5, True)
    assert (rules.seeding_density_min, rules.seeding_density_max) == (1_000, 3_100)

    site.set_process_rules(lab.db, lab.admin, "new flasks", seeding_density_max=4_000)
    assert culture.seeding_rules(lab.db, lab.tech).seeding_density_max == 4_000
    with pytest.raises(PermissionDeniedError):
        culture.seeding_rules(lab.db, lab.admin)


def test_harvests_to_seed_shows_what_is_left_newest_first(lab, clock):
    din = lot_in_culture(lab, clock, vessels=[VesselSeeding("T75", 150_000)] * 2)
    assert culture.harvests_to_seed(lab.db, lab.tech, din) == []
    clock.advance(days=7)
    p0 = culture.record_harvest(
        lab.db,
        lab.tech,
        din,
        vessel_codes=[f"{din}-P0-1", f"{din}-P0-2"],
        harvested_at=clock.now(),
        confluence_percent=80,
        count=six_million(clock),
    )
    (shown,) = culture.harvests_to_seed(lab.db, lab.tech, din)
    assert shown.harvest_id == p0.harvest_id and shown.passage == 0
    assert shown.vessel_codes == (f"{din}-P0-1", f"{din}-P0-2")
    assert (shown.cells_harvested, shown.cells_reseeded, shown.cells_available) == (6e6, 0, 6e6)

    culture.seed_vessels(
        lab.db,
        lab.tech,
        din,
        harvest_id=p0.harvest_id,
        vessels=[VesselSeeding("T175", 350_000)] * 4,
        seeded_at=clock.now(),
    )
    (shown,) = culture.harvests_to_seed(lab.db, lab.tech, din)
    assert (shown.cells_reseeded, shown.cells_available) == (1_400_000, 4_600_000)
    # What is shown as available is exactly what seeding accepts.
    with pytest.raises(InvalidValueError, match="more than the 4,600,000 cells available"):
        culture.seed_vessels(
            lab.db,
            lab.tech,
            din,
            harvest_id=p0.harvest_id,
            vessels=[VesselSeeding("CF2", 4_600_001)],
            seeded_at=clock.now(),
        )
    culture.seed_vessels(
        lab.db,
        lab.tech,
        din,
        harvest_id=p0.harvest_id,
        vessels=[VesselSeeding("CF2", 4_600_000)],
        seeded_at=clock.now(),
    )
    assert culture.harvests_to_seed(lab.db, lab.tech, din) == []


def test_induction_progress_follows_the_lot(lab, clock):
    din = lot_in_culture(lab, clock, "MRN0099999")
    shown = induction.induction_progress(lab.db, lab.tech, din)
    assert shown.induction_started_at is None and shown.incubation_started_at is None
    assert (shown.induction_min_days, shown.induction_max_days) == (14, 21)
    assert shown.scaffold_cells_per_ml == 2e7
    clock.advance(days=7)
    started = clock.now()
    induction.start_induction(lab.db, lab.tech, din, started_at=started, **supplements(lab))
    shown = induction.induction_progress(lab.db, lab.tech, din)
    assert (shown.induction_started_at, shown.induction_ended_at) == (started, None)

    code = scaffold_lot(lab)
    din = lot_induced(lab, clock)
    seeded_at = clock.now()
    induction.seed_scaffold(
        lab.db,
        lab.tech,
        din,
        scaffold_lot=code,
        seeded_at=seeded_at,
        cells_seeded=3e7,
        suspension_volume_ml=1.5,
        incubation_started_at=seeded_at,
    )
    shown = induction.induction_progress(lab.db, lab.tech, din)
    assert shown.induction_ended_at is not None
    assert (shown.incubation_started_at, shown.incubation_ended_at) == (seeded_at, None)


def test_check_suspension_gives_the_services_figure_and_warning():
    within = induction.check_suspension(3e7, 1.5, 2e7)
    assert (within.cells_per_ml, within.target_cells_per_ml, within.warning) == (2e7, 2e7, None)
    thin = induction.check_suspension(5e6, 1.0, 2e7)
    assert thin.warning == (
        "The seeding suspension holds 5,000,000 cells/mL, 75% below the site's 20,000,000 cells/mL."
    )
    with pytest.raises(InvalidValueError) as refused:
        induction.check_suspension(-1, 1.0, 2e7)
    assert refused.value.field == "Cells seeded"
    with pytest.raises(InvalidValueError) as refused:
        induction.check_suspension(1e6, 0, 2e7)
    assert refused.value.field == "Suspension volume"


def test_scaffold_volume_from_what_was_typed():
    assert induction.scaffold_volume_ml(None, None, None, None) is None
    assert induction.scaffold_volume_ml(20, 10, 5, None) == pytest.approx(1.0)
    assert induction.scaffold_volume_ml(20, 10, 5, 0.8) == 0.8  # a typed volume wins
    with pytest.raises(InvalidValueError) as refused:
        induction.scaffold_volume_ml(20, None, 5, None)
    assert refused.value.field == "Scaffold width"
