"""Culture: the vessel catalogue, vessels by passage, cell counts, harvests, osteogenic
induction and seeding onto the scaffold."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from labtracker.db.base import Base, Regulated, choice
from labtracker.db.types import UTCDateTime

if TYPE_CHECKING:
    from labtracker.db.models.lots import Lot
    from labtracker.db.models.materials import ScaffoldLot

VESSEL_STATES = ("in_culture", "harvested", "discarded")
COUNT_METHODS = ("hemocytometer", "automated")
COUNT_PURPOSES = ("isolation", "harvest", "seeding", "scaffold", "release")
STAIN_RESULTS = ("not_done", "positive", "negative", "weak")


class VesselType(Regulated, Base):
    """The vessel catalogue (T25 = 25 cm², ...). Site-editable; every vessel keeps its own copy
    of the growth area it was seeded with, so editing the catalogue never rewrites history."""

    __tablename__ = "vessel_type"
    __table_args__ = (
        CheckConstraint("growth_area_cm2 > 0", name="area_positive"),
        CheckConstraint("max_cells_per_cm2 > 0", name="ceiling_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    growth_area_cm2: Mapped[float] = mapped_column(Float)  # per well/layer times count
    wells_or_layers: Mapped[int] = mapped_column(Integer, default=1)
    medium_volume_ml: Mapped[float | None] = mapped_column(Float)
    # Ceiling for a plausible harvest: more cells than this per cm² is a typing error.
    max_cells_per_cm2: Mapped[float] = mapped_column(Float)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)


class Vessel(Regulated, Base):
    """A flask or plate of one lot at one passage; children point at the harvest they came
    from, which keeps the vessel tree (and each lineage's cumulative doublings)."""

    __tablename__ = "vessel"
    __table_args__ = (
        CheckConstraint("passage_number >= 0", name="passage_non_negative"),
        CheckConstraint("cells_seeded > 0", name="cells_positive"),
        CheckConstraint("growth_area_cm2 > 0", name="area_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)  # printed on the vessel label
    lot_id: Mapped[int] = mapped_column(ForeignKey("lot.id"), index=True)
    vessel_type_id: Mapped[int] = mapped_column(ForeignKey("vessel_type.id"))
    growth_area_cm2: Mapped[float] = mapped_column(Float)
    passage_number: Mapped[int] = mapped_column(Integer)
    parent_vessel_id: Mapped[int | None] = mapped_column(ForeignKey("vessel.id"))
    # Indexed: the vessels seeded from a harvest (cells left to seed, the vessel tree).
    source_harvest_id: Mapped[int | None] = mapped_column(ForeignKey("harvest.id"), index=True)
    source_isolation_id: Mapped[int | None] = mapped_column(ForeignKey("isolation.id"))
    seeded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    seeded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    cells_seeded: Mapped[int] = mapped_column(BigInteger)
    seeding_density_per_cm2: Mapped[float] = mapped_column(Float)  # computed, never typed
    suspension_volume_ml: Mapped[float | None] = mapped_column(Float)
    incubator_id: Mapped[int | None] = mapped_column(ForeignKey("equipment.id"))
    state: Mapped[str] = mapped_column(choice("vessel_state", VESSEL_STATES))

    lot: Mapped[Lot] = relationship(back_populates="vessels")
    vessel_type: Mapped[VesselType] = relationship()
    parent: Mapped[Vessel | None] = relationship(
        remote_side="Vessel.id", foreign_keys=[parent_vessel_id], back_populates="children"
    )
    children: Mapped[list[Vessel]] = relationship(
        foreign_keys=[parent_vessel_id], back_populates="parent"
    )
    source_harvest: Mapped[Harvest | None] = relationship(
        foreign_keys=[source_harvest_id], back_populates="child_vessels"
    )


class CellCount(Regulated, Base):
    """A count as performed: the raw numbers typed or read off the counter, and the figures
    labtracker computed from them (stored so the record shows exactly what was shown)."""

    __tablename__ = "cell_count"
    __table_args__ = (
        CheckConstraint("viability_percent BETWEEN 0 AND 100", name="viability_range"),
        CheckConstraint("cells_per_ml > 0", name="concentration_positive"),
        CheckConstraint("suspension_volume_ml > 0", name="volume_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("lot.id"), index=True)
    purpose: Mapped[str] = mapped_column(choice("count_purpose", COUNT_PURPOSES))
    method: Mapped[str] = mapped_column(choice("count_method", COUNT_METHODS))
    counted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    counted_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    instrument_id: Mapped[int | None] = mapped_column(ForeignKey("equipment.id"))
    # hemocytometer raw values
    cells_counted: Mapped[int | None] = mapped_column(Integer)
    squares_counted: Mapped[int | None] = mapped_column(Integer)
    dilution_factor: Mapped[float | None] = mapped_column(Float)
    live_cells: Mapped[int | None] = mapped_column(Integer)
    dead_cells: Mapped[int | None] = mapped_column(Integer)
    # automated counter values as read
    instrument_cells_per_ml: Mapped[float | None] = mapped_column(Float)
    instrument_viability_percent: Mapped[float | None] = mapped_column(Float)
    suspension_volume_ml: Mapped[float] = mapped_column(Float)
    # computed by labtracker
    cells_per_ml: Mapped[float] = mapped_column(Float)
    total_cells: Mapped[float] = mapped_column(Float)
    viability_percent: Mapped[float] = mapped_column(Float)

    lot: Mapped[Lot] = relationship(back_populates="cell_counts")


class Harvest(Regulated, Base):
    """Harvest of one or more vessels (pooled) of a passage, with the count of the suspension."""

    __tablename__ = "harvest"
    __table_args__ = (
        CheckConstraint("confluence_percent BETWEEN 0 AND 100", name="confluence_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("lot.id"), index=True)
    passage_number: Mapped[int] = mapped_column(Integer)
    harvested_at: Mapped[datetime] = mapped_column(UTCDateTime)
    performed_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    confluence_percent: Mapped[float | None] = mapped_column(Float)
    cell_count_id: Mapped[int] = mapped_column(ForeignKey("cell_count.id"))
    cells_seeded: Mapped[int] = mapped_column(BigInteger)  # sum over the harvested vessels
    cells_harvested: Mapped[float] = mapped_column(Float)
    population_doublings: Mapped[float] = mapped_column(Float)  # computed
    doubling_time_hours: Mapped[float | None] = mapped_column(Float)  # computed; none if no growth
    notes: Mapped[str] = mapped_column(Text, default="")

    lot: Mapped[Lot] = relationship(back_populates="harvests")
    cell_count: Mapped[CellCount] = relationship()
    vessels: Mapped[list[HarvestVessel]] = relationship(back_populates="harvest")
    child_vessels: Mapped[list[Vessel]] = relationship(
        foreign_keys="Vessel.source_harvest_id", back_populates="source_harvest"
    )


class HarvestVessel(Base):
    """Which vessels a harvest took; a vessel is harvested at most once (unique)."""

    __tablename__ = "harvest_vessel"

    id: Mapped[int] = mapped_column(primary_key=True)
    harvest_id: Mapped[int] = mapped_column(ForeignKey("harvest.id"), index=True)
    vessel_id: Mapped[int] = mapped_column(ForeignKey("vessel.id"), unique=True)

    harvest: Mapped[Harvest] = relationship(back_populates="vessels")
    vessel: Mapped[Vessel] = relationship()


class OsteogenicInduction(Regulated, Base):
    """Osteogenic induction: the medium, its supplements' lots and concentrations, the dates,
    and the optional ALP / Alizarin red stains."""

    __tablename__ = "osteogenic_induction"

    id: Mapped[int] = mapped_column(primary_key=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("lot.id"), index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    performed_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    base_medium_lot_id: Mapped[int] = mapped_column(ForeignKey("material_lot.id"))
    dexamethasone_lot_id: Mapped[int] = mapped_column(ForeignKey("material_lot.id"))
    dexamethasone_nm: Mapped[float] = mapped_column(Float)
    ascorbate_lot_id: Mapped[int] = mapped_column(ForeignKey("material_lot.id"))
    ascorbate_um: Mapped[float] = mapped_column(Float)
    glycerophosphate_lot_id: Mapped[int] = mapped_column(ForeignKey("material_lot.id"))
    glycerophosphate_mm: Mapped[float] = mapped_column(Float)
    alp_result: Mapped[str] = mapped_column(choice("alp_result", STAIN_RESULTS))
    alizarin_red_result: Mapped[str] = mapped_column(choice("alizarin_result", STAIN_RESULTS))
    notes: Mapped[str] = mapped_column(Text, default="")

    lot: Mapped[Lot] = relationship(back_populates="inductions")


class ScaffoldSeeding(Regulated, Base):
    """Seeding induced cells onto the demineralized bone scaffold: the construct is born."""

    __tablename__ = "scaffold_seeding"
    __table_args__ = (
        CheckConstraint("cells_seeded > 0", name="cells_positive"),
        CheckConstraint("suspension_volume_ml > 0", name="volume_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("lot.id"), index=True)
    scaffold_lot_id: Mapped[int] = mapped_column(ForeignKey("scaffold_lot.id"))
    seeded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    performed_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    scaffold_length_mm: Mapped[float | None] = mapped_column(Float)
    scaffold_width_mm: Mapped[float | None] = mapped_column(Float)
    scaffold_height_mm: Mapped[float | None] = mapped_column(Float)
    scaffold_volume_ml: Mapped[float] = mapped_column(Float)  # cm³
    cell_count_id: Mapped[int | None] = mapped_column(ForeignKey("cell_count.id"))
    cells_seeded: Mapped[float] = mapped_column(Float)
    suspension_volume_ml: Mapped[float] = mapped_column(Float)
    cells_per_ml: Mapped[float] = mapped_column(Float)  # computed
    incubation_started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    incubation_ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    incubator_id: Mapped[int | None] = mapped_column(ForeignKey("equipment.id"))
    notes: Mapped[str] = mapped_column(Text, default="")

    lot: Mapped[Lot] = relationship(back_populates="scaffold_seedings")
    scaffold_lot: Mapped[ScaffoldLot] = relationship()
