"""Osteogenic induction and seeding onto the scaffold: the supplements' lots and
concentrations, the stains, then the construct itself (scaffold lot, cells, suspension).

Concentrations far outside any protocol (a unit typed wrong: 100 µM dexamethasone for
100 nM) are refused; a protocol choice within the plausible range is recorded as entered.
An induction shorter or longer than usual, or a seeding suspension far from the site's
target, is a warning the technician sees, not a refusal.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from labtracker.db.models import Lot, MaterialLot, OsteogenicInduction, ScaffoldSeeding
from labtracker.db.models.culture import STAIN_RESULTS
from labtracker.domain.errors import InvalidValueError
from labtracker.domain.lot_states import LotStatus
from labtracker.domain.permissions import Action
from labtracker.services.context import Actor, Database, authorise
from labtracker.services.culture import (
    CountFigures,
    CountInput,
    check_step_time,
    record_count,
)
from labtracker.services.materials import (
    note_equipment_use,
    note_material_use,
    usable_scaffold_lot,
    use_equipment,
    use_material_lot,
)
from labtracker.services.records import advance, lot_by_din, notes_text, require_status, stamp
from labtracker.services.site import process_rules

# Plausible ranges (refusal outside): three orders of magnitude around the usual
# 100 nM / 50 µM / 10 mM (domain.md §2), so a wrong unit is caught and a protocol is not.
DEXAMETHASONE_NM = (1.0, 1000.0)
ASCORBATE_UM = (1.0, 1000.0)
GLYCEROPHOSPHATE_MM = (0.1, 100.0)
# Typical induction length (domain.md §2); outside it the result carries a warning.
# A seeding suspension off the site's target cells/mL by more than this fraction is flagged.
SUSPENSION_TOLERANCE = 0.5
SCAFFOLD_MAX_MM = 200.0
SCAFFOLD_MAX_ML = 100.0


@dataclass(frozen=True)
class InductionStarted:
    induction_id: int
    din: str
    status: LotStatus
    started_at: datetime
    base_medium_lot: str
    dexamethasone_lot: str
    dexamethasone_nm: float
    ascorbate_lot: str
    ascorbate_um: float
    glycerophosphate_lot: str
    glycerophosphate_mm: float


@dataclass(frozen=True)
class InductionEnded:
    induction_id: int
    din: str
    started_at: datetime
    ended_at: datetime
    days: float
    alp_result: str
    alizarin_red_result: str
    warnings: tuple[str, ...]  # e.g. an induction outside the usual 14–21 days


@dataclass(frozen=True)
class ScaffoldSeeded:
    seeding_id: int
    din: str
    status: LotStatus
    scaffold_lot: str
    scaffold_volume_ml: float
    count: CountFigures | None
    cells_seeded: float
    suspension_volume_ml: float
    cells_per_ml: float
    target_cells_per_ml: float
    incubation_started_at: datetime
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class ScaffoldIncubationEnded:
    seeding_id: int
    din: str
    incubation_started_at: datetime
    incubation_ended_at: datetime
    hours: float


def _in_range(field: str, value: object, low: float, high: float, unit: str) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or not low <= value <= high
    ):
        raise InvalidValueError(field, value, f"between {low:g} and {high:g} {unit}")
    return float(value)


def _positive(field: str, value: object, unit: str, high: float) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or not 0 < value <= high
    ):
        raise InvalidValueError(field, value, f"more than 0, at most {high:g} {unit}")
    return float(value)


def _stain(field: str, value: str) -> str:
    if value not in STAIN_RESULTS:
        raise InvalidValueError(field, value, "one of " + ", ".join(STAIN_RESULTS))
    return value


def _latest_induction(lot: Lot) -> OsteogenicInduction | None:
    live = [i for i in lot.inductions if i.voided_at is None]
    return max(live, key=lambda i: (i.started_at, i.id)) if live else None


def start_induction(
    db: Database,
    actor: Actor,
    din: str,
    *,
    started_at: datetime,
    base_medium_lot: str,
    dexamethasone_lot: str,
    dexamethasone_nm: float = 100,
    ascorbate_lot: str,
    ascorbate_um: float = 50,
    glycerophosphate_lot: str,
    glycerophosphate_mm: float = 10,
    notes: str = "",
) -> InductionStarted:
    """Switch the culture to osteogenic medium (dexamethasone, ascorbate-2-phosphate,
    β-glycerophosphate); every lot checked and traced to this lot."""
    dex = _in_range("Dexamethasone", dexamethasone_nm, *DEXAMETHASONE_NM, "nM")
    aa2p = _in_range("Ascorbate-2-phosphate", ascorbate_um, *ASCORBATE_UM, "µM")
    bgp = _in_range("β-Glycerophosphate", glycerophosphate_mm, *GLYCEROPHOSPHATE_MM, "mM")
    notes = notes_text("Notes", notes)
    with db.writing(actor, "osteogenic induction started") as session:
        authorise(session, actor, Action.RECORD_CULTURE_STEP)
        lot = lot_by_din(session, din)
        require_status(lot, LotStatus.IN_CULTURE, doing="osteogenic induction")
        culture = [v for v in lot.vessels if v.state == "in_culture" and v.voided_at is None]
        if not culture:
            raise InvalidValueError(
                "Lot status",
                lot.status.label,
                "a lot with vessels in culture",
                f"Lot {lot.din} has no vessel in culture to induce; seed vessels first.",
            )
        rules = process_rules(session)
        last = _last_culture_step(lot)
        check_step_time(
            rules, "Started at", started_at, after=last[0], after_label=f"the {last[1]}"
        )
        rows: dict[str, MaterialLot] = {}
        for field, code, kinds in (
            ("Base medium lot", base_medium_lot, ("medium",)),
            ("Dexamethasone lot", dexamethasone_lot, ("supplement", "reagent")),
            ("Ascorbate-2-phosphate lot", ascorbate_lot, ("supplement", "reagent")),
            ("β-Glycerophosphate lot", glycerophosphate_lot, ("supplement", "reagent")),
        ):
            row = use_material_lot(
                session,
                actor,
                lot,
                code,
                used_at=started_at,
                step="osteogenic_induction",
                field=field,
                kinds=kinds,
            )
            # One label scanned for two supplements is a mix-up, never a protocol.
            twin = next((f for f, r in rows.items() if r.id == row.id), None)
            if twin is not None:
                raise InvalidValueError(
                    field,
                    row.code,
                    f"a different lot from the {twin.lower()}",
                    f"{field}: {row.code} was already scanned as the {twin.lower()}; "
                    "scan each supplement's own label.",
                )
            rows[field] = row
        induction = OsteogenicInduction(
            lot_id=lot.id,
            started_at=started_at,
            performed_by_id=actor.user_id,
            base_medium_lot_id=rows["Base medium lot"].id,
            dexamethasone_lot_id=rows["Dexamethasone lot"].id,
            dexamethasone_nm=dex,
            ascorbate_lot_id=rows["Ascorbate-2-phosphate lot"].id,
            ascorbate_um=aa2p,
            glycerophosphate_lot_id=rows["β-Glycerophosphate lot"].id,
            glycerophosphate_mm=bgp,
            alp_result="not_done",
            alizarin_red_result="not_done",
            notes=notes,
            **stamp(actor),
        )
        session.add(induction)
        session.flush()
        for row in rows.values():
            note_material_use(
                session,
                actor,
                lot,
                row,
                used_at=started_at,
                step="osteogenic_induction",
                record_id=induction.id,
            )
        advance(lot, LotStatus.IN_INDUCTION)
        session.flush()
        return InductionStarted(
            induction.id,
            lot.din,
            lot.status,
            started_at,
            rows["Base medium lot"].code,
            rows["Dexamethasone lot"].code,
            dex,
            rows["Ascorbate-2-phosphate lot"].code,
            aa2p,
            rows["β-Glycerophosphate lot"].code,
            bgp,
        )


def _last_culture_step(lot: Lot) -> tuple[datetime, str]:
    """The latest seeding or harvest of the lot, which an induction cannot precede."""
    steps: list[tuple[datetime, str]] = [
        (v.seeded_at, f"seeding of {v.code}") for v in lot.vessels if v.voided_at is None
    ]
    steps += [(h.harvested_at, "last harvest") for h in lot.harvests if h.voided_at is None]
    return max(steps, key=lambda s: s[0])


def end_induction(
    db: Database,
    actor: Actor,
    din: str,
    *,
    ended_at: datetime,
    alp_result: str,
    alizarin_red_result: str,
) -> InductionEnded:
    """The end of induction and its stains; usually 14–21 days (otherwise a warning)."""
    alp_result = _stain("ALP result", alp_result)
    alizarin_red_result = _stain("Alizarin red result", alizarin_red_result)
    with db.writing(actor, "osteogenic induction ended") as session:
        authorise(session, actor, Action.RECORD_CULTURE_STEP)
        lot = lot_by_din(session, din)
        require_status(lot, LotStatus.IN_INDUCTION, doing="ending the induction")
        induction = _latest_induction(lot)
        if induction is None or induction.ended_at is not None:
            raise InvalidValueError(
                "Induction",
                lot.din,
                "an induction in progress",
                f"Lot {lot.din} has no induction in progress to end.",
            )
        rules = process_rules(session)
        check_step_time(
            rules,
            "Ended at",
            ended_at,
            after=induction.started_at,
            after_label="the start of induction",
        )
        if ended_at <= induction.started_at:
            raise InvalidValueError(
                "Ended at",
                f"{ended_at:%Y-%m-%d %H:%M %Z}",
                f"after the start of induction ({induction.started_at:%Y-%m-%d %H:%M} UTC)",
            )
        days = (ended_at - induction.started_at) / timedelta(days=1)
        low, high = rules.induction_min_days, rules.induction_max_days
        warnings = []
        if not low <= days <= high:
            warnings.append(
                f"Induction lasted {days:.1f} days; it usually takes {low:g}–{high:g} days."
            )
        induction.ended_at = ended_at
        induction.alp_result = alp_result
        induction.alizarin_red_result = alizarin_red_result
        session.flush()
        return InductionEnded(
            induction.id,
            lot.din,
            induction.started_at,
            ended_at,
            days,
            alp_result,
            alizarin_red_result,
            tuple(warnings),
        )


def _scaffold_volume(
    length_mm: float | None,
    width_mm: float | None,
    height_mm: float | None,
    volume_ml: float | None,
    lot_volume_ml: float | None,
) -> tuple[float, tuple[float | None, float | None, float | None]]:
    """The scaffold volume (mL = cm³): as entered, else the box of its three sizes, else the
    volume on the scaffold lot. A typed volume wins over sizes: a scaffold is often a
    cylinder or a wedge, which the box only approximates."""
    sizes = (length_mm, width_mm, height_mm)
    names = ("Scaffold length", "Scaffold width", "Scaffold height")
    checked = tuple(
        None if v is None else _positive(n, v, "mm", SCAFFOLD_MAX_MM)
        for n, v in zip(names, sizes, strict=True)
    )
    if volume_ml is not None:
        return _positive("Scaffold volume", volume_ml, "mL", SCAFFOLD_MAX_ML), checked
    if all(v is not None for v in checked):
        length, width, height = checked
        return length * width * height / 1000, checked  # type: ignore[operator]  # mm³ → mL
    if any(v is not None for v in checked):
        missing = next(n for n, v in zip(names, checked, strict=True) if v is None)
        raise InvalidValueError(missing, "", "filled in with the other two sizes, or a volume")
    if lot_volume_ml is not None:
        return lot_volume_ml, checked
    raise InvalidValueError(
        "Scaffold volume", "", "entered, or the scaffold's length, width and height"
    )


@dataclass(frozen=True)
class SuspensionCheck:
    """The seeding suspension against the site's target cells/mL (a warning, not a refusal)."""

    cells_per_ml: float
    target_cells_per_ml: float
    warning: str | None  # None when within SUSPENSION_TOLERANCE of the target


def check_suspension(
    cells_seeded: float, suspension_volume_ml: float, target_cells_per_ml: float
) -> SuspensionCheck:
    """Cells/mL of the seeding suspension and the warning `seed_scaffold` gives for it; the
    scaffold seeding form shows the same figure and words as they are typed."""
    cells = _positive("Cells seeded", cells_seeded, "cells", 1e12)
    suspension = _positive("Suspension volume", suspension_volume_ml, "mL", 1000)
    # No domain function divides cells by volume; this is the one division of the step.
    cells_per_ml = cells / suspension
    target = float(target_cells_per_ml)
    off = abs(cells_per_ml - target) / target
    warning = None
    if off > SUSPENSION_TOLERANCE:
        warning = (
            f"The seeding suspension holds {cells_per_ml:,.0f} cells/mL, "
            f"{off:.0%} {'above' if cells_per_ml > target else 'below'} the site's "
            f"{target:,.0f} cells/mL."
        )
    return SuspensionCheck(cells_per_ml, target, warning)


def scaffold_volume_ml(
    length_mm: float | None,
    width_mm: float | None,
    height_mm: float | None,
    volume_ml: float | None,
) -> float | None:
    """The scaffold volume `seed_scaffold` will record from what was typed (a volume, else
    the box of the three sizes), or None when it will take the scaffold lot's own volume."""
    if volume_ml is None and all(v is None for v in (length_mm, width_mm, height_mm)):
        return None
    return _scaffold_volume(length_mm, width_mm, height_mm, volume_ml, None)[0]


def seed_scaffold(
    db: Database,
    actor: Actor,
    din: str,
    *,
    scaffold_lot: str,
    seeded_at: datetime,
    scaffold_length_mm: float | None = None,
    scaffold_width_mm: float | None = None,
    scaffold_height_mm: float | None = None,
    scaffold_volume_ml: float | None = None,
    count: CountInput | None = None,
    cells_seeded: float,
    suspension_volume_ml: float,
    incubation_started_at: datetime,
    incubator: str | None = None,
    notes: str = "",
) -> ScaffoldSeeded:
    """Seed the induced cells onto a scaffold: the construct is born and the lot waits in
    quarantine for release testing."""
    cells = _positive("Cells seeded", cells_seeded, "cells", 1e12)
    suspension = _positive("Suspension volume", suspension_volume_ml, "mL", 1000)
    notes = notes_text("Notes", notes)
    with db.writing(actor, "scaffold seeded") as session:
        authorise(session, actor, Action.RECORD_CULTURE_STEP)
        lot = lot_by_din(session, din)
        require_status(lot, LotStatus.IN_INDUCTION, doing="seeding the scaffold")
        induction = _latest_induction(lot)
        if induction is None or induction.ended_at is None:
            raise InvalidValueError(
                "Induction",
                lot.din,
                "ended",
                f"Lot {lot.din} is still in induction; record its end before seeding.",
            )
        rules = process_rules(session)
        check_step_time(
            rules,
            "Seeded at",
            seeded_at,
            after=induction.ended_at,
            after_label="the end of induction",
        )
        check_step_time(
            rules,
            "Incubation started at",
            incubation_started_at,
            after=seeded_at,
            after_label="seeding",
        )
        scaffold = usable_scaffold_lot(session, scaffold_lot, seeded_at)
        volume, sizes = _scaffold_volume(
            scaffold_length_mm,
            scaffold_width_mm,
            scaffold_height_mm,
            scaffold_volume_ml,
            scaffold.volume_ml,
        )
        figures = None
        if count is not None:
            figures = record_count(
                session,
                actor,
                lot,
                count,
                purpose="scaffold",
                rules=rules,
                after=induction.started_at,
                after_label="the start of induction",
            )
            if cells > figures.total_cells:
                raise InvalidValueError(
                    "Cells seeded",
                    f"{cells:,.0f}",
                    f"at most the {figures.total_cells:,.0f} cells counted",
                )
        incubator_row = (
            use_equipment(
                session, actor, lot, incubator, used_at=incubation_started_at, kinds=("incubator",)
            )
            if incubator
            else None
        )
        suspension_check = check_suspension(cells, suspension, rules.scaffold_cells_per_ml)
        cells_per_ml = suspension_check.cells_per_ml
        target = suspension_check.target_cells_per_ml
        warnings = [suspension_check.warning] if suspension_check.warning else []
        row = ScaffoldSeeding(
            lot_id=lot.id,
            scaffold_lot_id=scaffold.id,
            seeded_at=seeded_at,
            performed_by_id=actor.user_id,
            scaffold_length_mm=sizes[0],
            scaffold_width_mm=sizes[1],
            scaffold_height_mm=sizes[2],
            scaffold_volume_ml=volume,
            cell_count_id=figures.count_id if figures else None,
            cells_seeded=cells,
            suspension_volume_ml=suspension,
            cells_per_ml=cells_per_ml,
            incubation_started_at=incubation_started_at,
            incubator_id=incubator_row.id if incubator_row else None,
            notes=notes,
            **stamp(actor),
        )
        session.add(row)
        session.flush()
        if incubator_row is not None:
            note_equipment_use(
                session,
                actor,
                lot,
                incubator_row,
                used_at=incubation_started_at,
                step="scaffold_seeding",
                record_id=row.id,
            )
        # The induced cells left their vessels for the scaffold: the vessels are done.
        for vessel in lot.vessels:
            if vessel.state == "in_culture" and vessel.voided_at is None:
                vessel.state = "harvested"
        advance(lot, LotStatus.SEEDED)
        session.flush()
        return ScaffoldSeeded(
            row.id,
            lot.din,
            lot.status,
            scaffold.code,
            volume,
            figures,
            cells,
            suspension,
            cells_per_ml,
            target,
            incubation_started_at,
            tuple(warnings),
        )


def end_scaffold_incubation(
    db: Database, actor: Actor, din: str, *, ended_at: datetime
) -> ScaffoldIncubationEnded:
    """The construct comes out of its post-seeding incubation."""
    with db.writing(actor, "scaffold incubation ended") as session:
        authorise(session, actor, Action.RECORD_CULTURE_STEP)
        lot = lot_by_din(session, din)
        require_status(lot, LotStatus.SEEDED, doing="ending the scaffold incubation")
        row = _open_seeding(session, lot)
        rules = process_rules(session)
        check_step_time(
            rules,
            "Incubation ended at",
            ended_at,
            after=row.incubation_started_at,
            after_label="the start of incubation",
        )
        if ended_at <= row.incubation_started_at:
            raise InvalidValueError(
                "Incubation ended at",
                f"{ended_at:%Y-%m-%d %H:%M %Z}",
                f"after the start of incubation ({row.incubation_started_at:%Y-%m-%d %H:%M} UTC)",
            )
        row.incubation_ended_at = ended_at
        session.flush()
        hours = (ended_at - row.incubation_started_at) / timedelta(hours=1)
        return ScaffoldIncubationEnded(row.id, lot.din, row.incubation_started_at, ended_at, hours)


def _open_seeding(session: Session, lot: Lot) -> ScaffoldSeeding:
    row = session.scalar(
        select(ScaffoldSeeding)
        .where(ScaffoldSeeding.lot_id == lot.id, ScaffoldSeeding.voided_at.is_(None))
        .order_by(ScaffoldSeeding.seeded_at.desc(), ScaffoldSeeding.id.desc())
        .limit(1)
    )
    if row is None or row.incubation_ended_at is not None:
        raise InvalidValueError(
            "Scaffold incubation",
            lot.din,
            "an incubation in progress",
            f"Lot {lot.din} has no scaffold incubation in progress.",
        )
    return row


# --- reads for the step forms -----------------------------------------------------------------


@dataclass(frozen=True)
class InductionProgress:
    """Where the lot stands in induction and scaffold incubation, with the site's figures the
    forms show beside what is typed."""

    din: str
    induction_started_at: datetime | None  # of the latest induction; None: none started
    induction_ended_at: datetime | None
    induction_min_days: float  # the usual range; outside it ending is a warning
    induction_max_days: float
    scaffold_cells_per_ml: float  # the site's target seeding suspension
    incubation_started_at: datetime | None  # of the latest scaffold seeding; None: not seeded
    incubation_ended_at: datetime | None


def induction_progress(db: Database, actor: Actor, din: str) -> InductionProgress:
    """The latest induction and scaffold incubation of the lot, and the site's ranges."""
    with db.reading() as session:
        authorise(session, actor, Action.VIEW_LOTS)
        lot = lot_by_din(session, din)
        rules = process_rules(session)
        induction = _latest_induction(lot)
        seeding = session.scalar(
            select(ScaffoldSeeding)
            .where(ScaffoldSeeding.lot_id == lot.id, ScaffoldSeeding.voided_at.is_(None))
            .order_by(ScaffoldSeeding.seeded_at.desc(), ScaffoldSeeding.id.desc())
            .limit(1)
        )
        return InductionProgress(
            lot.din,
            induction.started_at if induction else None,
            induction.ended_at if induction else None,
            rules.induction_min_days,
            rules.induction_max_days,
            rules.scaffold_cells_per_ml,
            seeding.incubation_started_at if seeding else None,
            seeding.incubation_ended_at if seeding else None,
        )
