"""The vessel catalogue (T25 = 25 cm², ...): read by everyone, kept by QA. Every change is
audited with its reason. A kind of vessel is never deleted, only retired (no new vessels of
it); a vessel keeps its own copy of the growth area it was seeded with, so changing the
catalogue never rewrites a recorded density or doubling."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from labtracker.db.models import Vessel, VesselType
from labtracker.domain.errors import InvalidValueError, LabtrackerError
from labtracker.domain.permissions import Action, PermissionDeniedError
from labtracker.services.context import Actor, Database, authorise
from labtracker.services.records import require_text, stamp
from labtracker.services.site import MAX_CELLS_PER_CM2

CODE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9._-]{0,31}$")
# What a vessel type may be: (low, high, unit); None is allowed only for the medium volume.
LIMITS: dict[str, tuple[float, float, str]] = {
    "growth_area_cm2": (0.01, 100_000, "cm²"),
    "wells_or_layers": (1, 96, "wells or layers"),
    "medium_volume_ml": (0.01, 10_000, "mL"),
    "max_cells_per_cm2": (1_000, 1e7, "cells/cm²"),
}
LABELS = {
    "name": "Name",
    "growth_area_cm2": "Growth area",
    "wells_or_layers": "Wells or layers",
    "medium_volume_ml": "Medium volume",
    "max_cells_per_cm2": "Plausible harvest ceiling",
}
CHANGEABLE = tuple(LABELS)


class CatalogueRefusedError(LabtrackerError):
    """A change to the vessel catalogue that cannot be made (nothing to change, retired...)."""


@dataclass(frozen=True)
class VesselTypeEntry:
    """A kind of vessel as the catalogue keeps it."""

    code: str
    name: str
    growth_area_cm2: float  # the whole vessel: per well or layer × wells or layers
    wells_or_layers: int
    medium_volume_ml: float | None
    max_cells_per_cm2: float  # a harvest above area × this is refused as a typing error
    in_use: bool  # False: retired, no new vessel of this kind
    vessels_seeded: int  # vessels recorded with this kind; each keeps its own area

    @property
    def area_per_unit_cm2(self) -> float:
        return self.growth_area_cm2 / self.wells_or_layers


def _entry(session: Session, row: VesselType) -> VesselTypeEntry:
    used = session.scalar(select(func.count(Vessel.id)).where(Vessel.vessel_type_id == row.id))
    return VesselTypeEntry(
        row.code,
        row.name,
        row.growth_area_cm2,
        row.wells_or_layers,
        row.medium_volume_ml,
        row.max_cells_per_cm2,
        bool(row.is_active),
        used or 0,
    )


def _clean_code(code: str) -> str:
    cleaned = "".join(str(code).split()).upper()
    if not CODE_PATTERN.fullmatch(cleaned):
        raise InvalidValueError(
            "Code", code, "1–32 capitals, digits, '.', '_' or '-', starting with a capital or digit"
        )
    return cleaned


def _number(field: str, value: object, *, whole: bool = False) -> float:
    low, high, unit = LIMITS[field]
    label = LABELS[field]
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or not low <= value <= high
        or (whole and value != int(value))
    ):
        kind = "a whole number" if whole else "a number"
        raise InvalidValueError(label, value, f"{kind} from {low:g} to {high:g} {unit}")
    return int(value) if whole else float(value)


def _clean(field: str, value: object) -> object:
    if field == "name":
        return require_text("Name", str(value or ""), max_length=120)
    if field == "medium_volume_ml" and value is None:
        return None
    return _number(field, value, whole=field == "wells_or_layers")


def _find(session: Session, code: str) -> VesselType:
    row = session.scalar(select(VesselType).where(VesselType.code == _clean_code(code)))
    if row is None:
        raise InvalidValueError("Vessel type", code, "a code in the vessel catalogue (e.g. T75)")
    return row


def list_vessel_types(db: Database, actor: Actor) -> list[VesselTypeEntry]:
    """The whole catalogue, retired kinds included, smallest growth area first. Anyone signed
    in may read it (it is reference data, not a record of a lot)."""
    with db.reading() as session:
        try:
            authorise(session, actor, Action.VIEW_LOTS)
        except PermissionDeniedError:
            authorise(session, actor, Action.MANAGE_SITE_SETTINGS)
        rows = session.scalars(
            select(VesselType).order_by(VesselType.growth_area_cm2, VesselType.code)
        )
        return [_entry(session, r) for r in rows]


def add_vessel_type(
    db: Database,
    actor: Actor,
    *,
    code: str,
    name: str,
    growth_area_cm2: float,
    wells_or_layers: int = 1,
    medium_volume_ml: float | None = None,
    max_cells_per_cm2: float = MAX_CELLS_PER_CM2,
    reason: str,
) -> VesselTypeEntry:
    """A new kind of vessel, in use at once (QA)."""
    code = _clean_code(code)
    values = {
        field: _clean(field, value)
        for field, value in (
            ("name", name),
            ("growth_area_cm2", growth_area_cm2),
            ("wells_or_layers", wells_or_layers),
            ("medium_volume_ml", medium_volume_ml),
            ("max_cells_per_cm2", max_cells_per_cm2),
        )
    }
    reason = require_text("Reason", reason, max_length=2000)
    with db.writing(actor, reason) as session:
        authorise(session, actor, Action.MANAGE_CATALOGUE)
        if session.scalar(select(VesselType).where(VesselType.code == code)) is not None:
            raise InvalidValueError(
                "Code",
                code,
                "a code not in the catalogue yet (a retired kind can be put back in use)",
            )
        row = VesselType(code=code, is_active=True, **values, **stamp(actor))
        session.add(row)
        session.flush()
        return _entry(session, row)


def change_vessel_type(
    db: Database, actor: Actor, code: str, *, reason: str, **changes: object
) -> VesselTypeEntry:
    """Change a kind of vessel (QA): `name`, `growth_area_cm2`, `wells_or_layers`,
    `medium_volume_ml`, `max_cells_per_cm2`. Vessels already seeded keep the area they were
    seeded with; only new vessels get the new one."""
    unknown = sorted(set(changes) - set(CHANGEABLE))
    if unknown:
        raise InvalidValueError("Setting", unknown[0], "one of " + ", ".join(CHANGEABLE))
    cleaned = {field: _clean(field, value) for field, value in changes.items()}
    reason = require_text("Reason", reason, max_length=2000)
    with db.writing(actor, reason) as session:
        authorise(session, actor, Action.MANAGE_CATALOGUE)
        row = _find(session, code)
        different = {f: v for f, v in cleaned.items() if getattr(row, f) != v}
        if not different:
            raise CatalogueRefusedError(f"Nothing to change: {row.code} already has these values.")
        for field, value in different.items():
            setattr(row, field, value)
        session.flush()
        return _entry(session, row)


def retire_vessel_type(db: Database, actor: Actor, code: str, *, reason: str) -> VesselTypeEntry:
    """No new vessels of this kind (QA); vessels already seeded are untouched."""
    return _set_in_use(db, actor, code, False, reason)


def reinstate_vessel_type(db: Database, actor: Actor, code: str, *, reason: str) -> VesselTypeEntry:
    """Put a retired kind of vessel back in use (QA)."""
    return _set_in_use(db, actor, code, True, reason)


def _set_in_use(db: Database, actor: Actor, code: str, in_use: bool, reason: str):
    reason = require_text("Reason", reason, max_length=2000)
    with db.writing(actor, reason) as session:
        authorise(session, actor, Action.MANAGE_CATALOGUE)
        row = _find(session, code)
        if bool(row.is_active) == in_use:
            state = "in use" if in_use else "retired"
            raise CatalogueRefusedError(f"{row.code} is already {state}.")
        row.is_active = in_use
        session.flush()
        return _entry(session, row)
