"""The site's process limits: data with shipped defaults (domain.md), changed only through
audited site settings, never constants buried in the code that uses them."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields

from labtracker.domain.errors import InvalidValueError

LIMITS: dict[str, tuple[float, float, str]] = {
    "release_expiry_hours": (1, 24 * 14, "hours"),
    "receipt_max_hours": (1, 72, "hours"),
    "receipt_min_temperature_c": (-5, 37, "°C"),
    "receipt_max_temperature_c": (-5, 37, "°C"),
    "seeding_density_min": (1, 1e6, "cells/cm²"),
    "seeding_density_max": (1, 1e6, "cells/cm²"),
    "scaffold_cells_per_ml": (1e5, 1e9, "cells/mL"),
    "future_tolerance_minutes": (0, 60, "minutes"),
    "induction_min_days": (1, 60, "days"),
    "induction_max_days": (1, 60, "days"),
}


@dataclass(frozen=True)
class ProcessRules:
    release_expiry_hours: float = 48
    receipt_max_hours: float = 24
    receipt_min_temperature_c: float = 2
    receipt_max_temperature_c: float = 25
    seeding_density_min: float = 1_000
    seeding_density_max: float = 3_100
    scaffold_cells_per_ml: float = 2e7
    future_tolerance_minutes: float = 5  # clocks differ; a time typed to the minute
    induction_min_days: float = 14  # osteogenic induction outside this range is flagged
    induction_max_days: float = 21

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            low, high, unit = LIMITS[f.name]
            if (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or not (math.isfinite(value) and low <= value <= high)
            ):
                raise InvalidValueError(
                    f.name.replace("_", " ").capitalize(), value, f"{low:g}–{high:g} {unit}"
                )
        if self.receipt_min_temperature_c >= self.receipt_max_temperature_c:
            raise InvalidValueError(
                "Receipt max temperature c",
                self.receipt_max_temperature_c,
                f"above the minimum ({self.receipt_min_temperature_c:g} °C)",
            )
        if self.induction_min_days > self.induction_max_days:
            raise InvalidValueError(
                "Induction max days",
                self.induction_max_days,
                f"at least the minimum ({self.induction_min_days:g} days)",
            )
        if self.seeding_density_min >= self.seeding_density_max:
            raise InvalidValueError(
                "Seeding density max",
                self.seeding_density_max,
                f"above the minimum ({self.seeding_density_min:g})",
            )

    def as_dict(self) -> dict[str, float]:
        return asdict(self)


RECEIPT_CONDITIONS = ("acceptable", "leaking", "clotted", "label_damaged", "other")


def receipt_problems(
    rules: ProcessRules, *, hours_since_collection: float, temperature_c: float, condition: str
) -> tuple[str, ...]:
    """Each of the site's receipt limits an aspirate misses, one sentence each (none: within
    limits). Outside limits, processing waits for a deviation linked to the receipt."""
    problems = []
    if hours_since_collection > rules.receipt_max_hours:
        problems.append(
            f"received {hours_since_collection:.1f} h after collection "
            f"(limit {rules.receipt_max_hours:g} h)"
        )
    if not rules.receipt_min_temperature_c <= temperature_c <= rules.receipt_max_temperature_c:
        problems.append(
            f"{temperature_c:g} °C on receipt (allowed "
            f"{rules.receipt_min_temperature_c:g}–"
            f"{rules.receipt_max_temperature_c:g} °C)"
        )
    if condition != "acceptable":
        problems.append(f"condition on receipt: {condition.replace('_', ' ')}")
    return tuple(problems)
