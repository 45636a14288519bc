"""Culture arithmetic (domain.md section 3)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from labtracker.domain.cell_counts import (
    DEFAULT_SCAFFOLD_CELLS_PER_ML,
    FUTURE_TIME_TOLERANCE,
    MAX_PLAUSIBLE_CELLS_PER_CM2,
    DensityCheck,
    HemocytometerCount,
    SeedingPlan,
    VesselOption,
    cells_needed_for_scaffold,
    check_harvest_plausible,
    check_seeding_density,
    culture_hours,
    cumulative_population_doublings,
    doubling_time_hours,
    expansion_fold,
    hemocytometer_cells_per_ml,
    hemocytometer_count,
    plan_seeding,
    population_doublings,
    project_ready,
    seeding_density,
    total_cells,
    viability_percent,
)
from labtracker.domain.errors import InvalidValueError

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
NAIVE = datetime(2026, 3, 2, 8, 0)
NAN = float("nan")
INF = float("inf")

T25 = VesselOption("T25", "T25 flask", 25.0, 5.0)
T75 = VesselOption("T75", "T75 flask", 75.0, 15.0)
T175 = VesselOption("T175", "T175 flask", 175.0, 35.0)
CF10 = VesselOption("CF10", "Cell factory, 10 layers", 6320.0, 1100.0)


def _shown(value: Any) -> str:
    """How InvalidValueError renders a value in its message."""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value).strip()


# --- hemocytometer ----------------------------------------------------------------------------


def test_hemocytometer_worked_example() -> None:
    # 120 cells over 4 large squares, 1:1 trypan blue (x2): 30 x 2 x 10^4 = 600,000 cells/mL
    assert hemocytometer_cells_per_ml(120, 4, 2) == 600_000.0
    assert hemocytometer_cells_per_ml(50, 1, 1) == 500_000.0
    assert hemocytometer_cells_per_ml(450, 9, 2.5) == pytest.approx(1_250_000.0)


def test_total_cells_and_viability() -> None:
    assert total_cells(600_000.0, 5.0) == pytest.approx(3_000_000.0)
    assert viability_percent(90, 10) == pytest.approx(90.0)
    assert viability_percent(0, 7) == 0.0
    assert viability_percent(7, 0) == 100.0


def test_hemocytometer_count_combines() -> None:
    result = hemocytometer_count(120, 30, 4, 2, 5.0)
    assert result == HemocytometerCount(
        live_cells_per_ml=600_000.0,
        total_live_cells=pytest.approx(3_000_000.0),
        viability_percent=pytest.approx(80.0),
    )
    with pytest.raises(AttributeError):
        result.viability_percent = 99.0  # type: ignore[misc]


@given(st.integers(0, 10_000), st.integers(0, 10_000))
def test_viability_between_0_and_100(live: int, dead: int) -> None:
    assume(live + dead > 0)
    assert 0.0 <= viability_percent(live, dead) <= 100.0


# --- growth -----------------------------------------------------------------------------------


def test_population_doublings_examples() -> None:
    assert population_doublings(100_000, 800_000) == pytest.approx(3.0)
    assert population_doublings(800_000, 100_000) == pytest.approx(-3.0)  # cells died: real data
    assert population_doublings(5e5, 5e5) == 0.0
    assert cumulative_population_doublings([3.0, 2.5, -0.5]) == pytest.approx(5.0)
    assert cumulative_population_doublings([]) == 0.0
    assert cumulative_population_doublings(iter([1, 2])) == 3.0
    assert expansion_fold(100_000, 400_000) == pytest.approx(4.0)


def test_doubling_time_example() -> None:
    # 4-fold in 48 h is two doublings: 24 h each.
    seeded_at = NOW - timedelta(hours=48)
    assert doubling_time_hours(1e5, 4e5, culture_hours(seeded_at, NOW)) == pytest.approx(24.0)
    assert doubling_time_hours(1e5, 4e5, culture_hours(seeded_at, NOW, now=NOW)) == pytest.approx(
        24.0
    )


def test_doubling_time_none_without_growth() -> None:
    seeded_at = NOW - timedelta(hours=48)
    assert doubling_time_hours(1e5, 1e5, culture_hours(seeded_at, NOW)) is None
    assert doubling_time_hours(1e5, 5e4, culture_hours(seeded_at, NOW)) is None


def test_doubling_time_tolerates_a_few_minutes_of_clock_difference() -> None:
    seeded_at = NOW - timedelta(hours=48)
    slightly_ahead = NOW + FUTURE_TIME_TOLERANCE - timedelta(seconds=1)
    assert (
        doubling_time_hours(1e5, 4e5, culture_hours(seeded_at, slightly_ahead, now=NOW)) is not None
    )


def test_doubling_time_across_time_zones() -> None:
    seeded_at = datetime(2026, 3, 1, 9, 0, tzinfo=timezone(timedelta(hours=1)))  # 08:00 UTC
    harvested_at = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # 24 h later
    assert doubling_time_hours(1e5, 2e5, culture_hours(seeded_at, harvested_at)) == pytest.approx(
        24.0
    )


positive_cells = st.floats(1.0, 1e10, allow_nan=False, allow_infinity=False)


@given(positive_cells, st.integers(-20, 20))
def test_pd_of_seeded_times_two_to_the_k_is_k(seeded: float, k: int) -> None:
    assert population_doublings(seeded, seeded * 2.0**k) == pytest.approx(k, abs=1e-9)


@given(
    positive_cells,
    st.floats(1.001, 1e4),
    st.floats(0.5, 2000.0),
)
def test_doubling_time_times_pd_is_elapsed_hours(seeded: float, fold: float, hours: float) -> None:
    harvested = seeded * fold
    assume(harvested > seeded)
    seeded_at = NOW - timedelta(hours=hours)
    dt = doubling_time_hours(seeded, harvested, culture_hours(seeded_at, NOW))
    assert dt is not None and dt > 0
    elapsed = (NOW - seeded_at).total_seconds() / 3600
    assert dt * population_doublings(seeded, harvested) == pytest.approx(elapsed, rel=1e-9)


# --- density ----------------------------------------------------------------------------------


def test_seeding_density() -> None:
    assert seeding_density(75_000, 25.0) == pytest.approx(3_000.0)


def test_check_seeding_density_messages() -> None:
    within = check_seeding_density(2_500, 1_000, 3_100)
    assert within == DensityCheck(
        2_500.0, 1_000.0, 3_100.0, True, "2,500 cells/cm² is within 1,000–3,100 cells/cm²"
    )
    below = check_seeding_density(500, 1_000, 3_100)
    assert not below.within
    assert below.message == "500 cells/cm² is below the minimum of 1,000 cells/cm²"
    above = check_seeding_density(4_000, 1_000, 3_100)
    assert not above.within
    assert above.message == "4,000 cells/cm² is above the maximum of 3,100 cells/cm²"


def test_check_seeding_density_bounds_inclusive_and_rounding_honest() -> None:
    assert check_seeding_density(1_000, 1_000, 3_100).within
    assert check_seeding_density(3_100, 1_000, 3_100).within
    just_below = check_seeding_density(999.6, 1_000, 3_100)
    assert not just_below.within
    assert just_below.message == "999.60 cells/cm² is below the minimum of 1,000 cells/cm²"


def test_check_harvest_plausible() -> None:
    assert MAX_PLAUSIBLE_CELLS_PER_CM2 == 1e5
    check_harvest_plausible(7.5e6, 75.0)  # exactly at the ceiling: accepted
    check_harvest_plausible(4e6, 75.0, max_cells_per_cm2=6e4)
    with pytest.raises(InvalidValueError) as excinfo:
        check_harvest_plausible(7_600_000, 75.0)
    err = excinfo.value
    assert err.field == "Cells harvested"
    assert "7600000" in str(err)
    assert "7,500,000" in str(err) and "75 cm²" in str(err)
    with pytest.raises(InvalidValueError):
        check_harvest_plausible(5e6, 75.0, max_cells_per_cm2=6e4)


# --- seeding planner ---------------------------------------------------------------------------


def test_plan_seeding_example() -> None:
    # 1,000,000 cells in 10 mL (100,000 cells/mL) at 3,000 cells/cm².
    plans = plan_seeding(1_000_000, 10.0, 3_000, [T25, T75, T175, CF10])
    assert [p.vessel.code for p in plans] == ["T25", "T75", "T175", "CF10"]
    t25, t75, t175, cf10 = plans
    assert t25 == SeedingPlan(
        vessel=T25,
        vessel_count=13,
        cells_per_vessel=75_000.0,
        density=3_000.0,
        suspension_ml_per_vessel=pytest.approx(0.75),
        cells_used=975_000.0,
        cells_left_over=25_000.0,
    )
    assert (t75.vessel_count, t75.suspension_ml_per_vessel) == (4, pytest.approx(2.25))
    assert (t175.vessel_count, t175.cells_left_over) == (1, 475_000.0)
    # Too few cells for even one cell factory: still listed, with what one would need.
    assert cf10.vessel_count == 0
    assert cf10.cells_used == 0.0 and cf10.cells_left_over == 1_000_000.0
    assert cf10.cells_per_vessel == pytest.approx(18_960_000.0)
    assert cf10.suspension_ml_per_vessel == pytest.approx(189.6)


def test_plan_seeding_exact_fit_uses_every_cell() -> None:
    (plan,) = plan_seeding(225_000, 3.0, 3_000, [T25])
    assert plan.vessel_count == 3
    assert plan.cells_used == 225_000.0 and plan.cells_left_over == 0.0
    assert plan.suspension_ml_per_vessel == pytest.approx(1.0)


def test_plan_flags_suspension_larger_than_working_volume() -> None:
    (plan,) = plan_seeding(1_000_000, 100.0, 3_000, [T25])  # 7.5 mL into a 5 mL flask
    assert plan.exceeds_working_volume
    (plan,) = plan_seeding(1_000_000, 10.0, 3_000, [T25])
    assert not plan.exceeds_working_volume


vessel_options = st.builds(
    VesselOption,
    code=st.just("V"),
    name=st.just("Vessel"),
    area_cm2=st.floats(0.3, 10_000.0),
    working_volume_ml=st.floats(0.1, 2_000.0),
)


@given(
    st.floats(1e3, 1e10),
    st.floats(0.1, 1_000.0),
    st.floats(100.0, 1e5),
    st.lists(vessel_options, min_size=1, max_size=5),
)
def test_planner_never_overspends_nor_overcrowds(
    available: float, volume: float, target: float, vessels: list[VesselOption]
) -> None:
    plans = plan_seeding(available, volume, target, vessels)
    assert len(plans) == len(vessels)
    for plan, vessel in zip(plans, vessels, strict=True):
        assert plan.vessel is vessel
        assert plan.vessel_count >= 0
        assert plan.cells_used == plan.vessel_count * plan.cells_per_vessel
        assert plan.cells_used <= available
        assert plan.cells_left_over >= 0
        assert plan.cells_used + plan.cells_left_over == pytest.approx(available)
        assert plan.cells_per_vessel / vessel.area_cm2 <= target * (1 + 1e-12)
        # As many vessels as the cells allow, no fewer.
        assert (plan.vessel_count + 1) * plan.cells_per_vessel > available
        # The suspension used fits in the suspension there is.
        assert plan.vessel_count * plan.suspension_ml_per_vessel <= volume * (1 + 1e-9)


# --- readiness --------------------------------------------------------------------------------


def test_cells_needed_for_scaffold() -> None:
    assert DEFAULT_SCAFFOLD_CELLS_PER_ML == 2e7
    assert cells_needed_for_scaffold(1.5, 2e7) == pytest.approx(3e7)
    assert cells_needed_for_scaffold(1.5) == pytest.approx(3e7)


def test_project_ready_example() -> None:
    projection = project_ready(1e7, 8e7, 30.0, NOW)
    assert not projection.already_enough
    assert projection.doublings_needed == pytest.approx(3.0)
    assert projection.hours_needed == pytest.approx(90.0)
    assert projection.ready_at is not None
    assert abs(projection.ready_at - (NOW + timedelta(hours=90))) < timedelta(seconds=1)
    assert (projection.cells_now, projection.cells_needed) == (1e7, 8e7)


def test_project_ready_already_enough() -> None:
    projection = project_ready(9e7, 8e7, 30.0, NOW)
    assert projection.already_enough
    assert projection.doublings_needed == 0.0
    assert projection.hours_needed == 0.0
    assert projection.ready_at == NOW


def test_project_ready_without_growth_cannot_give_a_date() -> None:
    projection = project_ready(1e7, 8e7, None, NOW)
    assert projection.doublings_needed == pytest.approx(3.0)
    assert projection.hours_needed is None and projection.ready_at is None


def test_project_ready_beyond_the_calendar() -> None:
    projection = project_ready(1e7, 8e7, 1e12, NOW)
    assert projection.hours_needed == pytest.approx(3e12)
    assert projection.ready_at is None


@given(positive_cells, st.floats(1.0, 1e6), st.floats(1.0, 500.0))
def test_projection_reaches_the_need(now_cells: float, fold: float, dt_hours: float) -> None:
    needed = now_cells * fold
    projection = project_ready(now_cells, needed, dt_hours, NOW)
    assert now_cells * 2**projection.doublings_needed == pytest.approx(needed, rel=1e-9)
    assert projection.hours_needed == pytest.approx(projection.doublings_needed * dt_hours)


# --- bad input -------------------------------------------------------------------------------

BEFORE = NOW - timedelta(hours=48)
LATER = NOW + timedelta(hours=1)

BAD_INPUTS: list[tuple[str, Callable[[], object], str, object]] = [
    ("cells counted 0", lambda: hemocytometer_cells_per_ml(0, 4, 2), "Cells counted", 0),
    ("cells counted negative", lambda: hemocytometer_cells_per_ml(-5, 4, 2), "Cells counted", -5),
    ("cells counted fraction", lambda: hemocytometer_cells_per_ml(1.5, 4, 2), "Cells counted", 1.5),
    ("cells counted text", lambda: hemocytometer_cells_per_ml("12", 4, 2), "Cells counted", "12"),
    ("squares 0", lambda: hemocytometer_cells_per_ml(120, 0, 2), "Squares counted", 0),
    ("squares 10", lambda: hemocytometer_cells_per_ml(120, 10, 2), "Squares counted", 10),
    ("dilution below 1", lambda: hemocytometer_cells_per_ml(120, 4, 0.5), "Dilution factor", 0.5),
    ("dilution NaN", lambda: hemocytometer_cells_per_ml(120, 4, NAN), "Dilution factor", NAN),
    ("dilution inf", lambda: hemocytometer_cells_per_ml(120, 4, INF), "Dilution factor", INF),
    ("dilution bool", lambda: hemocytometer_cells_per_ml(120, 4, True), "Dilution factor", True),
    ("total per mL 0", lambda: total_cells(0, 5.0), "Cells per mL", 0),
    ("total volume negative", lambda: total_cells(6e5, -1.0), "Suspension volume", -1.0),
    ("total volume NaN", lambda: total_cells(6e5, NAN), "Suspension volume", NAN),
    ("viability live negative", lambda: viability_percent(-1, 5), "Live cells counted", -1),
    ("viability dead negative", lambda: viability_percent(5, -1), "Dead cells counted", -1),
    ("viability nothing counted", lambda: viability_percent(0, 0), "Live cells counted", 0),
    ("count live 0", lambda: hemocytometer_count(0, 5, 4, 2, 5.0), "Live cells counted", 0),
    (
        "count dead negative",
        lambda: hemocytometer_count(5, -2, 4, 2, 5.0),
        "Dead cells counted",
        -2,
    ),
    ("count squares 10", lambda: hemocytometer_count(5, 2, 10, 2, 5.0), "Squares counted", 10),
    ("count volume 0", lambda: hemocytometer_count(5, 2, 4, 2, 0.0), "Suspension volume", 0.0),
    ("pd seeded 0", lambda: population_doublings(0, 1e5), "Cells seeded", 0),
    ("pd harvested negative", lambda: population_doublings(1e5, -1), "Cells harvested", -1),
    ("pd seeded NaN", lambda: population_doublings(NAN, 1e5), "Cells seeded", NAN),
    ("pd harvested inf", lambda: population_doublings(1e5, INF), "Cells harvested", INF),
    (
        "cumulative NaN",
        lambda: cumulative_population_doublings([1.0, NAN]),
        "Population doublings",
        NAN,
    ),
    ("cumulative inf", lambda: cumulative_population_doublings([INF]), "Population doublings", INF),
    ("fold seeded 0", lambda: expansion_fold(0, 1e5), "Cells seeded", 0),
    ("fold harvested 0", lambda: expansion_fold(1e5, 0), "Cells harvested", 0),
    (
        "dt seeded 0",
        lambda: doubling_time_hours(0, 1e5, culture_hours(BEFORE, NOW)),
        "Cells seeded",
        0,
    ),
    (
        "dt inverted times",
        lambda: doubling_time_hours(1e5, 4e5, culture_hours(NOW, BEFORE)),
        "Harvested at",
        BEFORE,
    ),
    (
        "dt same time",
        lambda: doubling_time_hours(1e5, 4e5, culture_hours(NOW, NOW)),
        "Harvested at",
        NOW,
    ),
    (
        "dt harvest in future",
        lambda: doubling_time_hours(1e5, 4e5, culture_hours(BEFORE, LATER, now=NOW)),
        "Harvested at",
        LATER,
    ),
    (
        "dt seeding in future",
        lambda: doubling_time_hours(
            1e5, 4e5, culture_hours(LATER, LATER + timedelta(hours=1), now=NOW)
        ),
        "Seeded at",
        LATER,
    ),
    (
        "dt naive seeded",
        lambda: doubling_time_hours(1e5, 4e5, culture_hours(NAIVE, NOW)),
        "Seeded at",
        NAIVE,
    ),
    (
        "dt naive harvested",
        lambda: doubling_time_hours(1e5, 4e5, culture_hours(BEFORE, NAIVE)),
        "Harvested at",
        NAIVE,
    ),
    (
        "dt naive now",
        lambda: doubling_time_hours(1e5, 4e5, culture_hours(BEFORE, NOW, now=NAIVE)),
        "Now",
        NAIVE,
    ),
    ("density area 0", lambda: seeding_density(1e5, 0), "Growth area", 0),
    ("density cells negative", lambda: seeding_density(-1e5, 25.0), "Cells seeded", -100000.0),
    ("check density 0", lambda: check_seeding_density(0, 1_000, 3_100), "Seeding density", 0),
    (
        "check min NaN",
        lambda: check_seeding_density(2_500, NAN, 3_100),
        "Minimum seeding density",
        NAN,
    ),
    (
        "check max below min",
        lambda: check_seeding_density(2_500, 3_100, 1_000),
        "Maximum seeding density",
        1000,
    ),
    (
        "harvest implausible",
        lambda: check_harvest_plausible(7_600_000, 75.0),
        "Cells harvested",
        7600000,
    ),
    ("harvest 0", lambda: check_harvest_plausible(0, 75.0), "Cells harvested", 0),
    ("harvest area inf", lambda: check_harvest_plausible(1e6, INF), "Growth area", INF),
    (
        "harvest ceiling 0",
        lambda: check_harvest_plausible(1e6, 75.0, 0),
        "Maximum plausible cells per cm²",
        0,
    ),
    ("vessel area 0", lambda: VesselOption("T0", "Nothing", 0.0, 5.0), "Vessel growth area", 0.0),
    (
        "vessel volume NaN",
        lambda: VesselOption("T25", "T25", 25.0, NAN),
        "Vessel working volume",
        NAN,
    ),
    ("vessel code empty", lambda: VesselOption(" ", "T25", 25.0, 5.0), "Vessel code", ""),
    ("plan no cells", lambda: plan_seeding(0, 10.0, 3_000, [T25]), "Cells available", 0),
    ("plan volume 0", lambda: plan_seeding(1e6, 0, 3_000, [T25]), "Suspension volume", 0),
    (
        "plan target negative",
        lambda: plan_seeding(1e6, 10.0, -3_000, [T25]),
        "Target seeding density",
        -3000,
    ),
    ("plan no vessels", lambda: plan_seeding(1e6, 10.0, 3_000, []), "Vessels", "[]"),
    ("plan not a vessel", lambda: plan_seeding(1e6, 10.0, 3_000, ["T25"]), "Vessels", "T25"),
    ("scaffold volume 0", lambda: cells_needed_for_scaffold(0), "Scaffold volume", 0),
    (
        "scaffold target NaN",
        lambda: cells_needed_for_scaffold(1.0, NAN),
        "Target cells per mL",
        NAN,
    ),
    ("ready cells now 0", lambda: project_ready(0, 8e7, 30.0, NOW), "Cells now", 0),
    ("ready needed negative", lambda: project_ready(1e7, -1, 30.0, NOW), "Cells needed", -1),
    ("ready doubling time 0", lambda: project_ready(1e7, 8e7, 0.0, NOW), "Doubling time", 0.0),
    ("ready doubling time inf", lambda: project_ready(1e7, 8e7, INF, NOW), "Doubling time", INF),
    ("ready naive now", lambda: project_ready(1e7, 8e7, 30.0, NAIVE), "Now", NAIVE),
]


@pytest.mark.parametrize(
    ("call", "field", "entered"),
    [pytest.param(call, field, entered, id=name) for name, call, field, entered in BAD_INPUTS],
)
def test_bad_input_is_refused_naming_field_and_value(
    call: Callable[[], object], field: str, entered: object
) -> None:
    with pytest.raises(InvalidValueError) as excinfo:
        call()
    err = excinfo.value
    message = str(err)
    assert err.field == field
    assert field in message
    assert _shown(entered) in message
    assert err.allowed


def test_messages_state_the_allowed_range() -> None:
    with pytest.raises(InvalidValueError) as excinfo:
        hemocytometer_cells_per_ml(120, 10, 2)
    assert (
        str(excinfo.value) == "Squares counted must be a whole number from 1 to 9; you entered 10."
    )
    with pytest.raises(InvalidValueError) as excinfo:
        viability_percent(0, 0)
    assert "at least 1" in str(excinfo.value)
    with pytest.raises(InvalidValueError) as excinfo:
        doubling_time_hours(1e5, 4e5, culture_hours(BEFORE, LATER, now=NOW))
    assert "not in the future" in str(excinfo.value)


def test_doubling_time_from_hours_as_the_issue_states() -> None:
    assert doubling_time_hours(cells_seeded=1e5, cells_harvested=8e5, hours=72) == pytest.approx(24)
    assert culture_hours(NOW - timedelta(hours=72), NOW) == pytest.approx(72)


@pytest.mark.parametrize("hours", [0, -5, NAN, INF])
def test_doubling_time_refuses_impossible_hours(hours: float) -> None:
    with pytest.raises(InvalidValueError) as excinfo:
        doubling_time_hours(1e5, 4e5, hours)
    assert excinfo.value.field == "Hours in culture"
    assert "Hours in culture" in str(excinfo.value)
