"""Culture: isolation from the aspirate, vessels by passage, cell counts, harvests, and the
views built on them (vessel tree, growth series, projected ready date).

Every figure is computed by labtracker.domain.cell_counts from the raw values a technician
enters; the raw values and the computed figures are stored side by side. A density outside
the site's range is a warning, not a refusal: the technician may have a reason, and the
record shows it. A vessel scanned at the wrong lot is a hard stop.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from labtracker.clock import get_clock
from labtracker.db.models import (
    CellCount,
    Harvest,
    HarvestVessel,
    Isolation,
    Lot,
    Vessel,
    VesselType,
)
from labtracker.db.models.lots import ISOLATION_METHODS
from labtracker.domain.cell_counts import (
    cells_needed_for_scaffold,
    check_harvest_plausible,
    check_seeding_density,
    culture_hours,
    cumulative_population_doublings,
    doubling_time_hours,
    hemocytometer_count,
    population_doublings,
    project_ready,
    seeding_density,
    total_cells,
)
from labtracker.domain.errors import InvalidValueError
from labtracker.domain.lot_states import LotStatus
from labtracker.domain.permissions import Action
from labtracker.domain.process_rules import ProcessRules
from labtracker.services.context import Actor, Database, authorise
from labtracker.services.lots import receipt_blocks_processing
from labtracker.services.materials import (
    note_equipment_use,
    note_material_use,
    use_equipment,
    use_material_lot,
)
from labtracker.services.records import (
    advance,
    check_time,
    lookup_code,
    lot_by_din,
    notes_text,
    require_status,
    stamp,
)
from labtracker.services.site import process_rules

COUNT_METHODS = ("hemocytometer", "automated")
# What reads the count: the microscope over the hemocytometer, or the automated counter.
COUNT_INSTRUMENT_KINDS = {
    "hemocytometer": ("microscope", "cell_counter"),
    "automated": ("cell_counter",),
}


class VesselOfAnotherLotError(InvalidValueError):
    """A scanned vessel belongs to another lot: the chain-of-identity hard stop.

    Its message names the two DINs only, never the patients behind them.
    """


# --- what the bench enters -----------------------------------------------------------------------


@dataclass(frozen=True)
class CountInput:
    """A cell count as performed: the raw values only; labtracker computes the figures.

    Hemocytometer: live and dead cells counted over ``squares_counted`` large squares at
    ``dilution_factor`` (2 for 1:1 trypan blue). Automated: the counter's live (viable) cell
    concentration and viability as read off its screen. Either way ``suspension_volume_ml``
    is the volume the cells are suspended in. ``instrument`` is an asset tag (optional).
    """

    method: str
    suspension_volume_ml: float
    counted_at: datetime
    live_cells: int | None = None
    dead_cells: int | None = None
    squares_counted: int | None = None
    dilution_factor: float | None = None
    instrument_cells_per_ml: float | None = None
    instrument_viability_percent: float | None = None
    instrument: str | None = None

    @classmethod
    def hemocytometer(
        cls,
        *,
        live_cells: int,
        dead_cells: int,
        squares_counted: int,
        dilution_factor: float,
        suspension_volume_ml: float,
        counted_at: datetime,
        instrument: str | None = None,
    ) -> CountInput:
        return cls(
            "hemocytometer",
            suspension_volume_ml,
            counted_at,
            live_cells=live_cells,
            dead_cells=dead_cells,
            squares_counted=squares_counted,
            dilution_factor=dilution_factor,
            instrument=instrument,
        )

    @classmethod
    def automated(
        cls,
        *,
        cells_per_ml: float,
        viability_percent: float,
        suspension_volume_ml: float,
        counted_at: datetime,
        instrument: str | None = None,
    ) -> CountInput:
        return cls(
            "automated",
            suspension_volume_ml,
            counted_at,
            instrument_cells_per_ml=cells_per_ml,
            instrument_viability_percent=viability_percent,
            instrument=instrument,
        )


@dataclass(frozen=True)
class VesselSeeding:
    """One vessel to seed: its kind from the catalogue (e.g. "T75") and the cells put in."""

    vessel_type_code: str
    cells_seeded: int
    suspension_volume_ml: float | None = None


# --- what services hand back ---------------------------------------------------------------------


@dataclass(frozen=True)
class CountFigures:
    count_id: int
    method: str
    counted_at: datetime
    cells_per_ml: float  # live cells/mL
    total_cells: float  # live cells in the suspension
    viability_percent: float


@dataclass(frozen=True)
class SeededVessel:
    vessel_id: int
    code: str  # printed on the vessel label: "<DIN>-P<passage>-<n>"
    vessel_type: str
    passage: int
    cells_seeded: int
    growth_area_cm2: float
    seeding_density: float  # cells/cm²
    density_within_range: bool


@dataclass(frozen=True)
class IsolationResult:
    isolation_id: int
    din: str
    status: LotStatus
    method: str
    count: CountFigures
    vessels: tuple[SeededVessel, ...]
    warnings: tuple[str, ...]  # seeding densities outside the site's range


@dataclass(frozen=True)
class SeedingResult:
    din: str
    harvest_id: int
    vessels: tuple[SeededVessel, ...]
    cells_not_seeded: float  # of the harvest, after every seeding from it so far
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class HarvestResult:
    harvest_id: int
    din: str
    passage: int
    vessel_codes: tuple[str, ...]
    count: CountFigures
    cells_seeded: int  # summed over the harvested vessels
    cells_harvested: float
    hours_in_culture: float
    population_doublings: float
    doubling_time_hours: float | None  # None when the cells did not grow
    cumulative_population_doublings: float


@dataclass(frozen=True)
class HarvestInfo:
    """A vessel's harvest, as shown in the vessel tree."""

    harvest_id: int
    harvested_at: datetime
    pooled_with: tuple[str, ...]  # other vessels harvested into the same suspension
    confluence_percent: float | None
    cells_harvested: float
    viability_percent: float
    population_doublings: float
    doubling_time_hours: float | None
    cumulative_population_doublings: float
    children_listed_under: str | None  # pooled: the vessel whose node lists the children


@dataclass(frozen=True)
class VesselNode:
    code: str
    vessel_type: str
    passage: int
    seeded_at: datetime
    cells_seeded: int
    growth_area_cm2: float
    seeding_density: float
    state: str  # in_culture, harvested, discarded
    harvest: HarvestInfo | None
    children: tuple[VesselNode, ...]


@dataclass(frozen=True)
class VesselTree:
    din: str
    roots: tuple[VesselNode, ...]  # the P0 vessels plated at isolation


@dataclass(frozen=True)
class GrowthPoint:
    """One harvest, for growth charts."""

    harvest_id: int
    passage: int
    harvested_at: datetime
    vessel_codes: tuple[str, ...]
    cells_seeded: int
    cells_harvested: float
    population_doublings: float
    cumulative_population_doublings: float
    doubling_time_hours: float | None


@dataclass(frozen=True)
class ReadyProjection:
    """When the culture is projected to hold the cells the scaffold needs."""

    din: str
    scaffold_volume_ml: float
    cells_needed: float
    cells_now: float
    cells_in_culture: float  # in vessels still in culture, as seeded (growth not estimated)
    cells_not_reseeded: float  # of the latest harvest
    doubling_time_hours: float | None  # of the latest harvest; None: no growth or no harvest
    doublings_needed: float
    hours_needed: float | None
    ready_at: datetime | None
    already_enough: bool


# --- shared helpers (also used by labtracker.services.induction) ---------------------------------


def clean_code(text: str, field: str = "Vessel") -> str:
    """A typed or scanned code: spaces dropped, upper case; a control character refused."""
    return lookup_code(field, text, "the code on a label (e.g. A999926000001-P1-2)")


def check_step_time(
    rules: ProcessRules,
    field: str,
    when: datetime,
    *,
    after: datetime | None = None,
    after_label: str = "",
) -> datetime:
    """`check_time` with the site's tolerance for clocks that differ between stations."""
    return check_time(
        field,
        when,
        after=after,
        after_label=after_label,
        tolerance_minutes=rules.future_tolerance_minutes,
    )


def record_count(
    session: Session,
    actor: Actor,
    lot: Lot,
    count: CountInput,
    *,
    purpose: str,
    rules: ProcessRules,
    after: datetime,
    after_label: str,
) -> CountFigures:
    """Check a count, compute its figures with the domain arithmetic and store raw + computed."""
    if not isinstance(count, CountInput):
        raise InvalidValueError("Cell count", count, "a hemocytometer or automated count")
    if count.method not in COUNT_METHODS:
        raise InvalidValueError("Count method", count.method, "one of " + ", ".join(COUNT_METHODS))
    check_step_time(rules, "Counted at", count.counted_at, after=after, after_label=after_label)
    hemocytometer_values = (
        count.live_cells,
        count.dead_cells,
        count.squares_counted,
        count.dilution_factor,
    )
    instrument_values = (count.instrument_cells_per_ml, count.instrument_viability_percent)
    if count.method == "hemocytometer":
        if any(v is not None for v in instrument_values):
            raise InvalidValueError(
                "Count method",
                count.method,
                "automated when the counter's concentration and viability are entered",
            )
        figures = hemocytometer_count(
            count.live_cells,  # type: ignore[arg-type]  # the domain refuses None by name
            count.dead_cells,  # type: ignore[arg-type]
            count.squares_counted,  # type: ignore[arg-type]
            count.dilution_factor,  # type: ignore[arg-type]
            count.suspension_volume_ml,
        )
        cells_per_ml = figures.live_cells_per_ml
        total = figures.total_live_cells
        viability = figures.viability_percent
    else:
        if any(v is not None for v in hemocytometer_values):
            raise InvalidValueError(
                "Count method",
                count.method,
                "hemocytometer when cells counted in squares are entered",
            )
        viability = count.instrument_viability_percent
        if (
            isinstance(viability, bool)
            or not isinstance(viability, int | float)
            or not 0 <= viability <= 100
        ):
            raise InvalidValueError("Viability", viability, "between 0 and 100 %")
        total = total_cells(count.instrument_cells_per_ml, count.suspension_volume_ml)  # type: ignore[arg-type]
        cells_per_ml = float(count.instrument_cells_per_ml)  # type: ignore[arg-type]
        viability = float(viability)
    instrument = None
    if count.instrument:
        instrument = use_equipment(
            session,
            actor,
            lot,
            count.instrument,
            used_at=count.counted_at,
            kinds=COUNT_INSTRUMENT_KINDS[count.method],
        )
    row = CellCount(
        lot_id=lot.id,
        purpose=purpose,
        method=count.method,
        counted_at=count.counted_at,
        counted_by_id=actor.user_id,
        instrument_id=instrument.id if instrument else None,
        cells_counted=(
            count.live_cells + count.dead_cells  # type: ignore[operator]
            if count.method == "hemocytometer"
            else None
        ),
        squares_counted=count.squares_counted,
        dilution_factor=count.dilution_factor,
        live_cells=count.live_cells,
        dead_cells=count.dead_cells,
        instrument_cells_per_ml=count.instrument_cells_per_ml,
        instrument_viability_percent=count.instrument_viability_percent,
        suspension_volume_ml=count.suspension_volume_ml,
        cells_per_ml=cells_per_ml,
        total_cells=total,
        viability_percent=viability,
        **stamp(actor),
    )
    session.add(row)
    session.flush()
    if instrument is not None:
        note_equipment_use(
            session,
            actor,
            lot,
            instrument,
            used_at=count.counted_at,
            step="cell_count",
            record_id=row.id,
        )
    return _count_figures(row)


def _count_figures(row: CellCount) -> CountFigures:
    return CountFigures(
        row.id, row.method, row.counted_at, row.cells_per_ml, row.total_cells, row.viability_percent
    )


def _whole_cells(field: str, value: object) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise InvalidValueError(field, value, "a whole number of cells greater than 0")
    return value


def _check_seedings(vessels: Sequence[VesselSeeding]) -> list[VesselSeeding]:
    if isinstance(vessels, VesselSeeding) or not vessels:
        raise InvalidValueError("Vessels", vessels or "none", "at least one vessel seeded")
    checked = []
    for v in vessels:
        if not isinstance(v, VesselSeeding):
            raise InvalidValueError("Vessels", v, "vessels to seed (type and cells)")
        cells = _whole_cells("Cells seeded", v.cells_seeded)
        volume = v.suspension_volume_ml
        if volume is not None and (
            isinstance(volume, bool) or not isinstance(volume, int | float) or not 0 < volume < 1e4
        ):
            raise InvalidValueError("Suspension volume", volume, "more than 0 mL")
        checked.append(VesselSeeding(clean_code(v.vessel_type_code, "Vessel type"), cells, volume))
    return checked


def _seed(
    session: Session,
    actor: Actor,
    lot: Lot,
    seedings: list[VesselSeeding],
    *,
    rules: ProcessRules,
    passage: int,
    seeded_at: datetime,
    cells_available: float,
    parent_vessel_id: int | None = None,
    source_harvest_id: int | None = None,
    source_isolation_id: int | None = None,
    incubator_id: int | None = None,
) -> tuple[list[SeededVessel], list[str]]:
    """Create the vessels of one seeding; densities outside the site's range are warnings."""
    wanted = sum(s.cells_seeded for s in seedings)
    if wanted > cells_available:
        raise InvalidValueError(
            "Cells seeded",
            f"{wanted:,}",
            f"at most the {cells_available:,.0f} cells available",
            f"Cells seeded add up to {wanted:,}, more than the {cells_available:,.0f} cells "
            "available; check the numbers.",
        )
    types = {
        t.code: t
        for t in session.scalars(
            select(VesselType).where(VesselType.code.in_({s.vessel_type_code for s in seedings}))
        )
    }
    existing = session.scalar(
        select(func.count(Vessel.id)).where(
            Vessel.lot_id == lot.id, Vessel.passage_number == passage
        )
    )
    created: list[tuple[Vessel, str, bool]] = []
    warnings: list[str] = []
    for n, seeding in enumerate(seedings, start=(existing or 0) + 1):
        vessel_type = types.get(seeding.vessel_type_code)
        if vessel_type is None or not vessel_type.is_active:
            raise InvalidValueError(
                "Vessel type",
                seeding.vessel_type_code,
                "a vessel type in use in the catalogue (e.g. T75)",
            )
        density = seeding_density(seeding.cells_seeded, vessel_type.growth_area_cm2)
        check = check_seeding_density(density, rules.seeding_density_min, rules.seeding_density_max)
        code = f"{lot.din}-P{passage}-{n}"
        if not check.within:
            warnings.append(f"{code} ({vessel_type.code}): {check.message}")
        vessel = Vessel(
            code=code,
            lot_id=lot.id,
            vessel_type_id=vessel_type.id,
            growth_area_cm2=vessel_type.growth_area_cm2,
            passage_number=passage,
            parent_vessel_id=parent_vessel_id,
            source_harvest_id=source_harvest_id,
            source_isolation_id=source_isolation_id,
            seeded_at=seeded_at,
            seeded_by_id=actor.user_id,
            cells_seeded=seeding.cells_seeded,
            seeding_density_per_cm2=density,
            suspension_volume_ml=seeding.suspension_volume_ml,
            incubator_id=incubator_id,
            state="in_culture",
            **stamp(actor),
        )
        session.add(vessel)
        created.append((vessel, vessel_type.code, check.within))
    session.flush()
    return [
        SeededVessel(
            v.id,
            v.code,
            type_code,
            v.passage_number,
            v.cells_seeded,
            v.growth_area_cm2,
            v.seeding_density_per_cm2,
            within,
        )
        for v, type_code, within in created
    ], warnings


# --- isolation -----------------------------------------------------------------------------------


def record_isolation(
    db: Database,
    actor: Actor,
    din: str,
    *,
    method: str,
    started_at: datetime,
    aspirate_volume_used_ml: float,
    count: CountInput,
    vessels: Sequence[VesselSeeding],
    reagent_lots: Sequence[str] = (),
    biosafety_cabinet: str | None = None,
    incubator: str | None = None,
    plated_at: datetime | None = None,
    notes: str = "",
) -> IsolationResult:
    """BMSC isolation: the nucleated cell count and the P0 vessels plated; the lot goes into
    culture. ``plated_at`` (when the P0 vessels were seeded) defaults to the later of the
    start and the count."""
    if method not in ISOLATION_METHODS:
        raise InvalidValueError(
            "Isolation method", method, "one of " + ", ".join(ISOLATION_METHODS)
        )
    seedings = _check_seedings(vessels)
    if (
        isinstance(aspirate_volume_used_ml, bool)
        or not isinstance(aspirate_volume_used_ml, int | float)
        or not 0 < aspirate_volume_used_ml <= 100
    ):
        raise InvalidValueError(
            "Aspirate volume used", aspirate_volume_used_ml, "more than 0, at most 100 mL"
        )
    notes = notes_text("Notes", notes)
    with db.writing(actor, "isolation recorded") as session:
        authorise(session, actor, Action.RECORD_CULTURE_STEP)
        lot = lot_by_din(session, din)
        require_status(lot, LotStatus.RECEIVED, doing="isolation")
        blocked = receipt_blocks_processing(lot)
        if blocked:
            raise InvalidValueError(
                "Lot status",
                lot.status.label,
                "received within limits, or with a deviation raised",
                f"Isolation cannot start on lot {lot.din}: {blocked}.",
            )
        assert lot.receipt is not None and lot.aspirate is not None
        if aspirate_volume_used_ml > lot.aspirate.volume_ml:
            raise InvalidValueError(
                "Aspirate volume used",
                f"{aspirate_volume_used_ml:g} mL",
                f"at most the {lot.aspirate.volume_ml:g} mL collected",
            )
        rules = process_rules(session)
        received = lot.receipt.received_at
        check_step_time(rules, "Started at", started_at, after=received, after_label="receipt")
        materials = {}
        for code in reagent_lots:
            row = use_material_lot(
                session,
                actor,
                lot,
                code,
                used_at=started_at,
                step="isolation",
                field="Reagent lot",
            )
            materials[row.id] = row
        cabinet = (
            use_equipment(
                session,
                actor,
                lot,
                biosafety_cabinet,
                used_at=started_at,
                kinds=("biosafety_cabinet",),
            )
            if biosafety_cabinet
            else None
        )
        figures = record_count(
            session,
            actor,
            lot,
            count,
            purpose="isolation",
            rules=rules,
            after=received,
            after_label="receipt",
        )
        if plated_at is None:
            plated_at = max(started_at, figures.counted_at)
        check_step_time(rules, "Plated at", plated_at, after=started_at, after_label="the start")
        incubator_row = (
            use_equipment(session, actor, lot, incubator, used_at=plated_at, kinds=("incubator",))
            if incubator
            else None
        )
        isolation = Isolation(
            lot_id=lot.id,
            method=method,
            started_at=started_at,
            performed_by_id=actor.user_id,
            aspirate_volume_used_ml=float(aspirate_volume_used_ml),
            nucleated_cell_count_id=figures.count_id,
            notes=notes,
            **stamp(actor),
        )
        session.add(isolation)
        session.flush()
        seeded, warnings = _seed(
            session,
            actor,
            lot,
            seedings,
            rules=rules,
            passage=0,
            seeded_at=plated_at,
            cells_available=figures.total_cells,
            source_isolation_id=isolation.id,
            incubator_id=incubator_row.id if incubator_row else None,
        )
        for row in materials.values():
            note_material_use(
                session,
                actor,
                lot,
                row,
                used_at=started_at,
                step="isolation",
                record_id=isolation.id,
            )
        for equipment, used_at in ((cabinet, started_at), (incubator_row, plated_at)):
            if equipment is not None:
                note_equipment_use(
                    session,
                    actor,
                    lot,
                    equipment,
                    used_at=used_at,
                    step="isolation",
                    record_id=isolation.id,
                )
        advance(lot, LotStatus.IN_CULTURE)
        session.flush()
        return IsolationResult(
            isolation.id,
            lot.din,
            lot.status,
            method,
            figures,
            tuple(seeded),
            tuple(warnings),
        )


# --- passaging -----------------------------------------------------------------------------------


def seed_vessels(
    db: Database,
    actor: Actor,
    din: str,
    *,
    harvest_id: int,
    vessels: Sequence[VesselSeeding],
    seeded_at: datetime,
    incubator: str | None = None,
) -> SeedingResult:
    """Split a harvest into the next passage's vessels."""
    seedings = _check_seedings(vessels)
    with db.writing(actor, "vessels seeded") as session:
        authorise(session, actor, Action.RECORD_CULTURE_STEP)
        lot = lot_by_din(session, din)
        require_status(lot, LotStatus.IN_CULTURE, doing="seeding vessels")
        harvest = session.get(Harvest, harvest_id)
        if harvest is None or harvest.lot_id != lot.id or harvest.voided_at is not None:
            raise InvalidValueError("Harvest", harvest_id, f"a harvest of lot {lot.din}")
        rules = process_rules(session)
        check_step_time(
            rules, "Seeded at", seeded_at, after=harvest.harvested_at, after_label="the harvest"
        )
        incubator_row = (
            use_equipment(session, actor, lot, incubator, used_at=seeded_at, kinds=("incubator",))
            if incubator
            else None
        )
        already = _cells_reseeded(harvest)
        available = max(harvest.cells_harvested - already, 0.0)
        harvested = [hv.vessel for hv in harvest.vessels]
        seeded, warnings = _seed(
            session,
            actor,
            lot,
            seedings,
            rules=rules,
            passage=harvest.passage_number + 1,
            seeded_at=seeded_at,
            cells_available=available,
            # Pooled vessels have no single parent; the lineage runs through the harvest.
            parent_vessel_id=harvested[0].id if len(harvested) == 1 else None,
            source_harvest_id=harvest.id,
            incubator_id=incubator_row.id if incubator_row else None,
        )
        if incubator_row is not None:
            for vessel in seeded:
                note_equipment_use(
                    session,
                    actor,
                    lot,
                    incubator_row,
                    used_at=seeded_at,
                    step="vessel",
                    record_id=vessel.vessel_id,
                )
        used = sum(v.cells_seeded for v in seeded)
        return SeedingResult(
            lot.din, harvest.id, tuple(seeded), max(available - used, 0.0), tuple(warnings)
        )


def _cells_reseeded(harvest: Harvest) -> int:
    return sum(v.cells_seeded for v in harvest.child_vessels if v.voided_at is None)


_VESSEL_BY_CODE = select(Vessel).where(Vessel.code == bindparam("code"))  # built once


def _vessel_for_harvest(session: Session, lot: Lot, code: str) -> Vessel:
    vessel = session.scalar(_VESSEL_BY_CODE, {"code": code})
    if vessel is None:
        raise InvalidValueError("Vessel", code, f"the code on a vessel label of lot {lot.din}")
    if vessel.lot_id != lot.id:
        raise VesselOfAnotherLotError(
            "Vessel",
            code,
            f"a vessel of lot {lot.din}",
            f"Vessel {code} belongs to lot {vessel.lot.din}, not to {lot.din}. "
            "Stop: set it aside and check every vessel on the bench.",
        )
    if vessel.voided_at is not None:
        raise InvalidValueError(
            "Vessel",
            code,
            "a vessel in culture",
            f"Vessel {code} was voided; it cannot be harvested.",
        )
    if vessel.state != "in_culture":
        raise InvalidValueError(
            "Vessel",
            code,
            "a vessel in culture",
            f"Vessel {code} is already {vessel.state}; it cannot be harvested again.",
        )
    return vessel


def record_harvest(
    db: Database,
    actor: Actor,
    din: str,
    *,
    vessel_codes: Sequence[str],
    harvested_at: datetime,
    confluence_percent: float | None,
    count: CountInput,
    notes: str = "",
) -> HarvestResult:
    """Harvest one vessel or pool several of one passage; counts, PD and doubling time."""
    if isinstance(vessel_codes, str) or not vessel_codes:
        raise InvalidValueError("Vessels", vessel_codes or "none", "at least one vessel scanned")
    codes = [clean_code(c) for c in vessel_codes]
    twice = next((c for c in codes if codes.count(c) > 1), None)
    if twice:
        raise InvalidValueError(
            "Vessels",
            twice,
            "each vessel scanned once",
            f"Vessels: {twice} was scanned twice; scan each vessel once.",
        )
    if confluence_percent is not None and (
        isinstance(confluence_percent, bool)
        or not isinstance(confluence_percent, int | float)
        or not 0 <= confluence_percent <= 100
    ):
        raise InvalidValueError("Confluence", confluence_percent, "between 0 and 100 %")
    notes = notes_text("Notes", notes)
    with db.writing(actor, "harvest recorded") as session:
        authorise(session, actor, Action.RECORD_CULTURE_STEP)
        lot = lot_by_din(session, din)
        require_status(lot, LotStatus.IN_CULTURE, doing="a harvest")
        vessels = [_vessel_for_harvest(session, lot, code) for code in codes]
        passages = sorted({v.passage_number for v in vessels})
        if len(passages) > 1:
            shown = ", ".join(f"{v.code} (P{v.passage_number})" for v in vessels)
            raise InvalidValueError(
                "Vessels",
                shown,
                "vessels of one passage",
                f"Vessels of different passages cannot be pooled: {shown}.",
            )
        rules = process_rules(session)
        last_seeded = max(vessels, key=lambda v: v.seeded_at)
        check_step_time(
            rules,
            "Harvested at",
            harvested_at,
            after=last_seeded.seeded_at,
            after_label=f"the seeding of {last_seeded.code}",
        )
        # Vessels of one passage are seeded together; if not, time runs from the first.
        hours = culture_hours(
            min(v.seeded_at for v in vessels), harvested_at, now=get_clock().now()
        )
        figures = record_count(
            session,
            actor,
            lot,
            count,
            purpose="harvest",
            rules=rules,
            after=harvested_at,
            after_label="the harvest",
        )
        area = sum(v.growth_area_cm2 for v in vessels)
        ceiling = sum(v.growth_area_cm2 * v.vessel_type.max_cells_per_cm2 for v in vessels)
        check_harvest_plausible(figures.total_cells, area, ceiling / area)
        seeded = sum(v.cells_seeded for v in vessels)
        pd = population_doublings(seeded, figures.total_cells)
        dt = doubling_time_hours(seeded, figures.total_cells, hours)
        harvest = Harvest(
            lot_id=lot.id,
            passage_number=passages[0],
            harvested_at=harvested_at,
            performed_by_id=actor.user_id,
            confluence_percent=confluence_percent,
            cell_count_id=figures.count_id,
            cells_seeded=seeded,
            cells_harvested=figures.total_cells,
            population_doublings=pd,
            doubling_time_hours=dt,
            notes=notes,
            **stamp(actor),
        )
        session.add(harvest)
        session.flush()
        for vessel in vessels:
            vessel.state = "harvested"
            session.add(HarvestVessel(harvest_id=harvest.id, vessel_id=vessel.id))
        session.flush()
        cumulative = _lot_cumulative_pds(session, lot)[harvest.id]
        return HarvestResult(
            harvest.id,
            lot.din,
            harvest.passage_number,
            tuple(codes),
            figures,
            seeded,
            figures.total_cells,
            hours,
            pd,
            dt,
            cumulative,
        )


# --- lineage -------------------------------------------------------------------------------------


def _harvests(session: Session, lot: Lot) -> list[Harvest]:
    return list(
        session.scalars(
            select(Harvest)
            .where(Harvest.lot_id == lot.id, Harvest.voided_at.is_(None))
            .order_by(Harvest.harvested_at, Harvest.id)
        )
    )


def _cumulative_pds(harvests: list[Harvest]) -> dict[int, float]:
    """Cumulative PD of each harvest along its lineage: its own PD plus its parent harvest's
    cumulative PD (walking vessel → source harvest back to P0, where the lineage starts at 0).

    A pooled harvest whose vessels came from different parent harvests takes the largest of
    the parents' cumulative PDs: the cells are counted as old as the oldest lineage in the
    pool, which errs on the side of more doublings (senescence) rather than fewer.
    """
    return _walk_lineage(
        {h.id: h.population_doublings for h in harvests},
        {h.id: {hv.vessel.source_harvest_id for hv in h.vessels} for h in harvests},
    )


# What `_cumulative_pds` reads of a lot's harvests, in one statement instead of each harvest's
# vessels one by one: each harvest (not voided, in time order), its PD, and the harvest each
# of its vessels was seeded from (a row per distinct source; NULL at P0 or with no vessel).
_LINEAGE = (
    select(Harvest.id, Harvest.harvested_at, Harvest.population_doublings, Vessel.source_harvest_id)
    .outerjoin(HarvestVessel, HarvestVessel.harvest_id == Harvest.id)
    .outerjoin(Vessel, Vessel.id == HarvestVessel.vessel_id)
    .where(Harvest.lot_id == bindparam("lot_id"), Harvest.voided_at.is_(None))
    .distinct()
    .order_by(Harvest.harvested_at, Harvest.id)
)


def _lot_cumulative_pds(session: Session, lot: Lot) -> dict[int, float]:
    """`_cumulative_pds` of the lot's harvests (the same figures), read with one query."""
    pds: dict[int, float] = {}
    parents: dict[int, set[int | None]] = {}
    for harvest_id, _, pd, source in session.execute(_LINEAGE, {"lot_id": lot.id}):
        pds[harvest_id] = pd
        parents.setdefault(harvest_id, set()).add(source)
    return _walk_lineage(pds, parents)


def _walk_lineage(pds: dict[int, float], parents: dict[int, set[int | None]]) -> dict[int, float]:
    """Each harvest's cumulative PD from its own PD (``pds``, in time order) and the harvests
    its vessels were seeded from (``parents``; others, and None, start the lineage at 0)."""
    result: dict[int, float] = {}

    def walk(harvest_id: int) -> float:
        if harvest_id not in result:
            base = max((walk(p) for p in parents[harvest_id] if p in pds), default=0.0)
            result[harvest_id] = cumulative_population_doublings((base, pds[harvest_id]))
        return result[harvest_id]

    for harvest_id in pds:
        walk(harvest_id)
    return result


def _lot_for_reading(session: Session, actor: Actor, din: str) -> Lot:
    authorise(session, actor, Action.VIEW_LOTS)
    return lot_by_din(session, din)


def vessel_tree(db: Database, actor: Actor, din: str) -> VesselTree:
    """Every vessel of the lot from P0 down, each with its harvest and the vessels it fed.

    The children of a pooled harvest are listed once, under the first vessel of the pool;
    the other pooled vessels name that vessel in ``children_listed_under``.
    """
    with db.reading() as session:
        return lot_vessel_tree(session, _lot_for_reading(session, actor, din))


def lot_vessel_tree(session: Session, lot: Lot) -> VesselTree:
    """`vessel_tree` inside the caller's transaction."""
    vessels = [v for v in lot.vessels if v.voided_at is None]
    harvests = _harvests(session, lot)
    cumulative = _cumulative_pds(harvests)
    harvest_of: dict[int, Harvest] = {}
    for harvest in harvests:
        for hv in harvest.vessels:
            harvest_of[hv.vessel_id] = harvest
    children: dict[int, list[Vessel]] = {}
    for vessel in vessels:
        if vessel.source_harvest_id in cumulative:
            children.setdefault(vessel.source_harvest_id, []).append(vessel)

    def node(vessel: Vessel) -> VesselNode:
        harvest = harvest_of.get(vessel.id)
        info = None
        kids: tuple[VesselNode, ...] = ()
        if harvest is not None:
            pool = sorted((hv.vessel for hv in harvest.vessels), key=lambda v: v.id)
            lister = pool[0]
            if lister.id == vessel.id:
                kids = tuple(node(c) for c in children.get(harvest.id, []))
            info = HarvestInfo(
                harvest.id,
                harvest.harvested_at,
                tuple(v.code for v in pool if v.id != vessel.id),
                harvest.confluence_percent,
                harvest.cells_harvested,
                harvest.cell_count.viability_percent,
                harvest.population_doublings,
                harvest.doubling_time_hours,
                cumulative[harvest.id],
                None if lister.id == vessel.id else lister.code,
            )
        return VesselNode(
            vessel.code,
            vessel.vessel_type.code,
            vessel.passage_number,
            vessel.seeded_at,
            vessel.cells_seeded,
            vessel.growth_area_cm2,
            vessel.seeding_density_per_cm2,
            vessel.state,
            info,
            kids,
        )

    roots = [v for v in vessels if v.source_harvest_id not in cumulative]
    return VesselTree(lot.din, tuple(node(v) for v in roots))


def growth_series(db: Database, actor: Actor, din: str) -> list[GrowthPoint]:
    """One point per harvest, in time order, for growth charts."""
    with db.reading() as session:
        lot = _lot_for_reading(session, actor, din)
        harvests = _harvests(session, lot)
        cumulative = _cumulative_pds(harvests)
        return [
            GrowthPoint(
                h.id,
                h.passage_number,
                h.harvested_at,
                tuple(sorted(hv.vessel.code for hv in h.vessels)),
                h.cells_seeded,
                h.cells_harvested,
                h.population_doublings,
                cumulative[h.id],
                h.doubling_time_hours,
            )
            for h in harvests
        ]


def projected_ready(
    db: Database, actor: Actor, din: str, *, scaffold_volume_ml: float
) -> ReadyProjection:
    """When the lot will have enough cells for a scaffold of this volume, at the latest
    harvest's doubling time. Cells now = what the latest harvest left unseeded plus the
    cells in vessels still in culture, taken as seeded (their growth since is not guessed)."""
    with db.reading() as session:
        lot = _lot_for_reading(session, actor, din)
        rules = process_rules(session)
        needed = cells_needed_for_scaffold(scaffold_volume_ml, rules.scaffold_cells_per_ml)
        harvests = _harvests(session, lot)
        latest = harvests[-1] if harvests else None
        in_culture = float(
            sum(v.cells_seeded for v in lot.vessels if v.state == "in_culture" and not v.voided_at)
        )
        unseeded = max(latest.cells_harvested - _cells_reseeded(latest), 0.0) if latest else 0.0
        if in_culture + unseeded <= 0:
            raise InvalidValueError(
                "Cells now",
                0,
                "cells in culture",
                f"Lot {lot.din} has no cells in culture to project from.",
            )
        dt = latest.doubling_time_hours if latest else None
        projection = project_ready(in_culture + unseeded, needed, dt, get_clock().now())
        return ReadyProjection(
            lot.din,
            float(scaffold_volume_ml),
            projection.cells_needed,
            projection.cells_now,
            in_culture,
            unseeded,
            dt,
            projection.doublings_needed,
            projection.hours_needed,
            projection.ready_at,
            projection.already_enough,
        )


# --- reads for the step forms -----------------------------------------------------------------


@dataclass(frozen=True)
class VesselTypeView:
    """A kind of vessel in the catalogue, as a seeding or harvest form needs it."""

    code: str  # "T175"
    name: str
    growth_area_cm2: float
    max_cells_per_cm2: float  # a harvest above area × this is refused as implausible
    in_use: bool  # False: retired from the catalogue, no new vessel of this kind


@dataclass(frozen=True)
class SeedingRules:
    """The vessel catalogue and the site's seeding density range (a warning, not a refusal)."""

    vessel_types: tuple[VesselTypeView, ...]  # every kind, smallest growth area first
    seeding_density_min: float  # cells/cm²
    seeding_density_max: float  # cells/cm²


@dataclass(frozen=True)
class HarvestToSeed:
    """A harvest of the lot that still has cells not seeded into vessels."""

    harvest_id: int
    passage: int  # of the harvested vessels; the vessels seeded from it are passage + 1
    harvested_at: datetime
    vessel_codes: tuple[str, ...]
    cells_harvested: float
    cells_reseeded: int  # already seeded into vessels of the next passage
    cells_available: float  # what `seed_vessels` accepts at most


def seeding_rules(db: Database, actor: Actor) -> SeedingRules:
    """The vessel catalogue and the seeding density range, for the forms that seed vessels."""
    with db.reading() as session:
        authorise(session, actor, Action.VIEW_LOTS)
        rules = process_rules(session)
        types = session.scalars(
            select(VesselType).order_by(VesselType.growth_area_cm2, VesselType.code)
        )
        return SeedingRules(
            tuple(
                VesselTypeView(
                    t.code, t.name, t.growth_area_cm2, t.max_cells_per_cm2, bool(t.is_active)
                )
                for t in types
            ),
            rules.seeding_density_min,
            rules.seeding_density_max,
        )


def harvests_to_seed(db: Database, actor: Actor, din: str) -> list[HarvestToSeed]:
    """The lot's harvests with cells left to seed into the next passage, newest first."""
    with db.reading() as session:
        lot = _lot_for_reading(session, actor, din)
        found = []
        for harvest in reversed(_harvests(session, lot)):
            reseeded = _cells_reseeded(harvest)
            available = max(harvest.cells_harvested - reseeded, 0.0)
            if available <= 0:
                continue
            found.append(
                HarvestToSeed(
                    harvest.id,
                    harvest.passage_number,
                    harvest.harvested_at,
                    tuple(sorted(hv.vessel.code for hv in harvest.vessels)),
                    harvest.cells_harvested,
                    reseeded,
                    available,
                )
            )
        return found
