"""Culture arithmetic (domain.md section 3): hemocytometer counts, population doublings,
doubling time, seeding density and the seeding planner, projected ready date.

Units throughout: cell numbers are plain counts (float, since they are estimates), volumes in
mL, areas in cm², densities in cells/cm², concentrations in cells/mL, times in hours. Every
impossible input raises InvalidValueError naming the field, the value entered and what is
allowed; NaN and infinity are always refused. Datetimes must be timezone-aware. Nothing here
reads the clock: where "in the future" matters the caller passes ``now``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from labtracker.domain.errors import InvalidValueError

__all__ = [
    "DEFAULT_SCAFFOLD_CELLS_PER_ML",
    "FUTURE_TIME_TOLERANCE",
    "HEMOCYTOMETER_CHAMBER_FACTOR",
    "HEMOCYTOMETER_LARGE_SQUARES",
    "MAX_PLAUSIBLE_CELLS_PER_CM2",
    "DensityCheck",
    "HemocytometerCount",
    "ReadinessProjection",
    "SeedingPlan",
    "VesselOption",
    "cells_needed_for_scaffold",
    "check_harvest_plausible",
    "check_seeding_density",
    "cumulative_population_doublings",
    "doubling_time_hours",
    "expansion_fold",
    "hemocytometer_cells_per_ml",
    "hemocytometer_count",
    "plan_seeding",
    "population_doublings",
    "project_ready",
    "seeding_density",
    "total_cells",
    "viability_percent",
]

HEMOCYTOMETER_CHAMBER_FACTOR = 1e4
"""One large square holds 0.1 µL (1 mm × 1 mm × 0.1 mm): cells per square × 10⁴ = cells/mL."""

HEMOCYTOMETER_LARGE_SQUARES = 9
"""A Neubauer hemocytometer grid has 9 large squares."""

MAX_PLAUSIBLE_CELLS_PER_CM2 = 1e5
"""Default ceiling on cells harvested per cm² of growth area (BMSCs are confluent well below
this). A site specification default: callers pass the site's configured value when it has one.
"""

DEFAULT_SCAFFOLD_CELLS_PER_ML = 2e7
"""Typical scaffold seeding suspension, ≈ 2 × 10⁷ cells/mL (domain.md section 2); a default
for a site specification."""

FUTURE_TIME_TOLERANCE = timedelta(minutes=5)
"""How far past ``now`` a recorded time may be (clock differences between workstations, a time
typed to the minute) before it is refused as in the future."""


# --- validation helpers ------------------------------------------------------------------------


def _number(field: str, value: object, allowed: str) -> float:
    """``value`` as a float; refuses bools, non-numbers, NaN and infinity."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidValueError(field, value, allowed)
    try:
        result = float(value)
    except OverflowError:  # an int too large for a float
        raise InvalidValueError(field, value, allowed) from None
    if not math.isfinite(result):
        raise InvalidValueError(field, value, allowed)
    return result


def _positive(field: str, value: object, unit: str = "") -> float:
    allowed = f"a number greater than 0{unit}"
    result = _number(field, value, allowed)
    if result <= 0:
        raise InvalidValueError(field, value, allowed)
    return result


def _whole(field: str, value: object, minimum: int, maximum: int | None = None) -> int:
    if maximum is None:
        allowed = f"a whole number of at least {minimum}"
    else:
        allowed = f"a whole number from {minimum} to {maximum}"
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidValueError(field, value, allowed)
    if value < minimum or (maximum is not None and value > maximum):
        raise InvalidValueError(field, value, allowed)
    return value


def _aware(field: str, value: object) -> datetime:
    if not isinstance(value, datetime):
        raise InvalidValueError(field, value, "a date and time")
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidValueError(field, value, "a date and time with a time zone")
    return value


def _fmt(x: float) -> str:
    """A number for a message: thousands separators, no needless decimals."""
    if abs(x) >= 100:
        return f"{x:,.0f}"
    return f"{x:,.3g}"


# --- hemocytometer ----------------------------------------------------------------------------


def hemocytometer_cells_per_ml(
    cells_counted: int, squares_counted: int, dilution_factor: float
) -> float:
    """Cells/mL = (cells counted ÷ large squares counted) × dilution factor × 10⁴.

    ``squares_counted`` is 1-9; ``dilution_factor`` ≥ 1 (e.g. 2 for 1:1 trypan blue).
    """
    cells = _whole("Cells counted", cells_counted, 1)
    squares = _whole("Squares counted", squares_counted, 1, HEMOCYTOMETER_LARGE_SQUARES)
    dilution = _number("Dilution factor", dilution_factor, "a number of at least 1")
    if dilution < 1:
        raise InvalidValueError("Dilution factor", dilution_factor, "a number of at least 1")
    return cells / squares * dilution * HEMOCYTOMETER_CHAMBER_FACTOR


def total_cells(cells_per_ml: float, volume_ml: float) -> float:
    """Total cells in a suspension = cells/mL × volume (mL)."""
    concentration = _positive("Cells per mL", cells_per_ml)
    volume = _positive("Suspension volume", volume_ml, " mL")
    return concentration * volume


def viability_percent(live: int, dead: int) -> float:
    """Viability % = live ÷ (live + dead) × 100; counts are whole numbers ≥ 0, not both 0."""
    live = _whole("Live cells counted", live, 0)
    dead = _whole("Dead cells counted", dead, 0)
    if live + dead == 0:
        raise InvalidValueError(
            "Live cells counted",
            live,
            "at least 1 cell counted, live or dead",
            message=(
                "Live cells counted plus dead cells counted must be at least 1; "
                f"you entered {live} live and {dead} dead."
            ),
        )
    return live / (live + dead) * 100


@dataclass(frozen=True)
class HemocytometerCount:
    """Result of a hemocytometer count of a cell suspension."""

    live_cells_per_ml: float
    total_live_cells: float
    viability_percent: float


def hemocytometer_count(
    live_counted: int,
    dead_counted: int,
    squares_counted: int,
    dilution_factor: float,
    suspension_volume_ml: float,
) -> HemocytometerCount:
    """Live cells/mL, total live cells in the suspension and viability % from one count.

    At least one live cell must have been counted (a count of 0 live cells is refused).
    """
    live = _whole("Live cells counted", live_counted, 1)
    dead = _whole("Dead cells counted", dead_counted, 0)
    live_per_ml = hemocytometer_cells_per_ml(live, squares_counted, dilution_factor)
    return HemocytometerCount(
        live_cells_per_ml=live_per_ml,
        total_live_cells=total_cells(live_per_ml, suspension_volume_ml),
        viability_percent=viability_percent(live, dead),
    )


# --- growth -------------------------------------------------------------------------------------


def population_doublings(cells_seeded: float, cells_harvested: float) -> float:
    """PD = log₂(harvested ÷ seeded). Negative when fewer cells were harvested (cells died)."""
    n0 = _positive("Cells seeded", cells_seeded)
    n1 = _positive("Cells harvested", cells_harvested)
    return math.log2(n1 / n0)


def cumulative_population_doublings(pds: Iterable[float]) -> float:
    """Sum of the population doublings of successive passages (0 for none)."""
    total = 0.0
    for pd in pds:
        total += _number("Population doublings", pd, "a finite number")
    return total


def expansion_fold(cells_seeded: float, cells_harvested: float) -> float:
    """Expansion fold = harvested ÷ seeded."""
    n0 = _positive("Cells seeded", cells_seeded)
    n1 = _positive("Cells harvested", cells_harvested)
    return n1 / n0


def culture_hours(
    seeded_at: datetime, harvested_at: datetime, *, now: datetime | None = None
) -> float:
    """Hours from seeding to harvest, the ``t`` of the doubling time.

    ``harvested_at`` must be after ``seeded_at``; when ``now`` is given, neither may be in the
    future (beyond FUTURE_TIME_TOLERANCE). The domain never reads the clock: services pass it.
    """
    start = _aware("Seeded at", seeded_at)
    end = _aware("Harvested at", harvested_at)
    if now is not None:
        now = _aware("Now", now)
        latest = now + FUTURE_TIME_TOLERANCE
        if start > latest:
            raise InvalidValueError("Seeded at", seeded_at, f"not in the future (now is {now})")
        if end > latest:
            raise InvalidValueError(
                "Harvested at", harvested_at, f"not in the future (now is {now})"
            )
    if end <= start:
        raise InvalidValueError("Harvested at", harvested_at, f"after seeded at ({seeded_at})")
    return (end - start).total_seconds() / 3600


def doubling_time_hours(cells_seeded: float, cells_harvested: float, hours: float) -> float | None:
    """DT (hours) = t × ln 2 ÷ ln(harvested ÷ seeded), t = hours from seeding to harvest.

    Returns None when the cells did not grow (harvested ≤ seeded): there is no doubling time.
    """
    n0 = _positive("Cells seeded", cells_seeded)
    n1 = _positive("Cells harvested", cells_harvested)
    t = _positive("Hours in culture", hours, " h")
    if n1 <= n0:
        return None
    return t * math.log(2) / math.log(n1 / n0)


# --- seeding density ------------------------------------------------------------------------------


def seeding_density(cells: float, area_cm2: float) -> float:
    """Seeding density (cells/cm²) = cells seeded ÷ vessel growth area (cm²)."""
    n = _positive("Cells seeded", cells)
    area = _positive("Growth area", area_cm2, " cm²")
    return n / area


@dataclass(frozen=True)
class DensityCheck:
    """Whether a density lies within a specification (bounds inclusive), with a message."""

    density: float
    minimum: float
    maximum: float
    within: bool
    message: str


def check_seeding_density(density: float, minimum: float, maximum: float) -> DensityCheck:
    """Compare a density (cells/cm²) with a specification; a result, not an exception.

    E.g. "2,500 cells/cm² is within 1,000–3,100 cells/cm²". Bad inputs (non-positive, NaN,
    maximum below minimum) still raise InvalidValueError.
    """
    d = _positive("Seeding density", density, " cells/cm²")
    low = _positive("Minimum seeding density", minimum, " cells/cm²")
    high = _positive("Maximum seeding density", maximum, " cells/cm²")
    if high < low:
        raise InvalidValueError(
            "Maximum seeding density",
            maximum,
            f"at least the minimum seeding density ({_fmt(low)} cells/cm²)",
        )
    shown = f"{_fmt(d)} cells/cm²"
    if (d < low and _fmt(d) == _fmt(low)) or (d > high and _fmt(d) == _fmt(high)):
        shown = f"{d:,.2f} cells/cm²"  # do not print "1,000 is below the minimum of 1,000"
    if d < low:
        within, message = False, f"{shown} is below the minimum of {_fmt(low)} cells/cm²"
    elif d > high:
        within, message = False, f"{shown} is above the maximum of {_fmt(high)} cells/cm²"
    else:
        within, message = True, f"{shown} is within {_fmt(low)}–{_fmt(high)} cells/cm²"
    return DensityCheck(d, low, high, within, message)


def check_harvest_plausible(
    cells_harvested: float,
    area_cm2: float,
    max_cells_per_cm2: float = MAX_PLAUSIBLE_CELLS_PER_CM2,
) -> None:
    """Refuse a harvest count larger than the vessel could physically hold.

    The ceiling is ``area_cm2 × max_cells_per_cm2``; pass the site's configured value.
    """
    n = _positive("Cells harvested", cells_harvested)
    area = _positive("Growth area", area_cm2, " cm²")
    ceiling = _positive("Maximum plausible cells per cm²", max_cells_per_cm2)
    limit = area * ceiling
    if n > limit:
        raise InvalidValueError(
            "Cells harvested",
            cells_harvested,
            f"at most {_fmt(limit)} for {_fmt(area)} cm² of growth area "
            f"({_fmt(ceiling)} cells/cm²); check the count and the vessel",
        )


# --- seeding planner ----------------------------------------------------------------------------


@dataclass(frozen=True)
class VesselOption:
    """A kind of culture vessel from the catalogue (e.g. T75: 75 cm², 15 mL)."""

    code: str
    name: str
    area_cm2: float
    working_volume_ml: float

    def __post_init__(self) -> None:
        if not isinstance(self.code, str) or not self.code.strip():
            raise InvalidValueError("Vessel code", self.code, "a non-empty code, e.g. T75")
        if not isinstance(self.name, str) or not self.name.strip():
            raise InvalidValueError("Vessel name", self.name, "a non-empty name")
        _positive("Vessel growth area", self.area_cm2, " cm²")
        _positive("Vessel working volume", self.working_volume_ml, " mL")


@dataclass(frozen=True)
class SeedingPlan:
    """How many vessels of one kind the available cells fill at the target density.

    ``vessel_count`` 0 means the available cells cannot fill even one vessel of this kind;
    ``cells_per_vessel`` and ``suspension_ml_per_vessel`` then say what one vessel would need.
    """

    vessel: VesselOption
    vessel_count: int
    cells_per_vessel: float
    density: float
    suspension_ml_per_vessel: float
    cells_used: float
    cells_left_over: float

    @property
    def exceeds_working_volume(self) -> bool:
        """The suspension per vessel is more than the vessel holds: concentrate the cells."""
        return self.suspension_ml_per_vessel > self.vessel.working_volume_ml


def plan_seeding(
    available_cells: float,
    suspension_volume_ml: float,
    target_density: float,
    vessels: Sequence[VesselOption],
) -> list[SeedingPlan]:
    """One plan per vessel kind, in the order given.

    count = floor(available ÷ (target density × area)); suspension per vessel = cells per
    vessel ÷ (available ÷ suspension volume). Never uses more cells than available.
    """
    available = _positive("Cells available", available_cells)
    volume = _positive("Suspension volume", suspension_volume_ml, " mL")
    target = _positive("Target seeding density", target_density, " cells/cm²")
    if isinstance(vessels, str | bytes) or not isinstance(vessels, Sequence) or not vessels:
        raise InvalidValueError("Vessels", vessels, "at least one vessel kind")
    concentration = available / volume
    plans = []
    for vessel in vessels:
        if not isinstance(vessel, VesselOption):
            raise InvalidValueError("Vessels", vessel, "vessel kinds from the catalogue")
        per_vessel = target * vessel.area_cm2
        count = math.floor(available / per_vessel)
        # Guard against float rounding in the division: keep count × per_vessel ≤ available.
        while count > 0 and count * per_vessel > available:
            count -= 1
        while (count + 1) * per_vessel <= available:
            count += 1
        used = count * per_vessel
        plans.append(
            SeedingPlan(
                vessel=vessel,
                vessel_count=count,
                cells_per_vessel=per_vessel,
                density=target,
                suspension_ml_per_vessel=per_vessel / concentration,
                cells_used=used,
                cells_left_over=available - used,
            )
        )
    return plans


# --- readiness ----------------------------------------------------------------------------------


def cells_needed_for_scaffold(
    scaffold_volume_ml: float, cells_per_ml_target: float = DEFAULT_SCAFFOLD_CELLS_PER_ML
) -> float:
    """Cells needed to seed a scaffold = scaffold volume (mL) × target cells/mL (≈ 2 × 10⁷)."""
    volume = _positive("Scaffold volume", scaffold_volume_ml, " mL")
    target = _positive("Target cells per mL", cells_per_ml_target)
    return volume * target


@dataclass(frozen=True)
class ReadinessProjection:
    """When the culture is projected to hold enough cells, assuming steady exponential growth.

    ``hours_needed`` and ``ready_at`` are None when there is no doubling time (no growth);
    ``ready_at`` alone is None when growth is so slow the date is beyond year 9999. When
    ``already_enough``, no doublings or hours are needed and ``ready_at`` is ``now``.
    """

    cells_needed: float
    cells_now: float
    doublings_needed: float
    hours_needed: float | None
    ready_at: datetime | None
    already_enough: bool


def project_ready(
    cells_now: float,
    cells_needed: float,
    doubling_time_hours: float | None,
    now: datetime,
) -> ReadinessProjection:
    """Project when ``cells_now`` reaches ``cells_needed`` at the current doubling time.

    doublings needed = log₂(needed ÷ now); hours = doublings × doubling time. Pass None as the
    doubling time when the culture is not growing.
    """
    current = _positive("Cells now", cells_now)
    needed = _positive("Cells needed", cells_needed)
    now = _aware("Now", now)
    dt_hours = None
    if doubling_time_hours is not None:
        dt_hours = _positive("Doubling time", doubling_time_hours, " hours")
    if current >= needed:
        return ReadinessProjection(needed, current, 0.0, 0.0, now, True)
    doublings = math.log2(needed / current)
    if dt_hours is None:
        return ReadinessProjection(needed, current, doublings, None, None, False)
    hours = doublings * dt_hours
    try:
        ready_at: datetime | None = now + timedelta(hours=hours)
    except OverflowError:  # growth so slow the date is past year 9999
        ready_at = None
    return ReadinessProjection(needed, current, doublings, hours, ready_at, False)
