"""What the lot is made with and on: reagents and media by lot, the scaffold, equipment."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from labtracker.db.base import Base, Regulated, choice
from labtracker.db.types import UTCDateTime

MATERIAL_KINDS = (
    "medium",
    "supplement",
    "reagent",
    "anticoagulant",
    "enzyme",
    "consumable",
    "other",
)
MATERIAL_LOT_STATES = ("quarantine", "released", "rejected")
EQUIPMENT_KINDS = (
    "incubator",
    "biosafety_cabinet",
    "centrifuge",
    "cell_counter",
    "flow_cytometer",
    "microscope",
    "refrigerator",
    "temperature_logger",
    "other",
)
EQUIPMENT_STATES = ("in_service", "out_of_service", "retired")


class Material(Regulated, Base):
    """A catalogue item: a medium, supplement, reagent or consumable from one manufacturer."""

    __tablename__ = "material"
    __table_args__ = (UniqueConstraint("manufacturer", "catalogue_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(choice("material_kind", MATERIAL_KINDS))
    manufacturer: Mapped[str] = mapped_column(String(200))
    catalogue_number: Mapped[str] = mapped_column(String(80))
    storage_conditions: Mapped[str] = mapped_column(String(120), default="")

    lots: Mapped[list[MaterialLot]] = relationship(back_populates="material")


class MaterialLot(Regulated, Base):
    """A received lot of a material. Quarantined until released; never used once expired."""

    __tablename__ = "material_lot"
    __table_args__ = (UniqueConstraint("material_id", "lot_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    material_id: Mapped[int] = mapped_column(ForeignKey("material.id"))
    # The code on the lab's own lot label ("RL000042"): what a scanner reads at the bench.
    code: Mapped[str] = mapped_column(String(20), unique=True)
    lot_number: Mapped[str] = mapped_column(String(80))
    expiry_date: Mapped[date] = mapped_column(Date)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    state: Mapped[str] = mapped_column(choice("material_lot_state", MATERIAL_LOT_STATES))
    certificate_reference: Mapped[str] = mapped_column(String(200), default="")
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    material: Mapped[Material] = relationship(back_populates="lots")


class MaterialUse(Regulated, Base):
    """A material lot used in a step of a production lot (traceability both ways)."""

    __tablename__ = "material_use"

    id: Mapped[int] = mapped_column(primary_key=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("lot.id"), index=True)
    material_lot_id: Mapped[int] = mapped_column(ForeignKey("material_lot.id"), index=True)
    step: Mapped[str] = mapped_column(String(40))  # table name of the step record
    step_record_id: Mapped[int] = mapped_column()
    used_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    quantity: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(20), default="")

    material_lot: Mapped[MaterialLot] = relationship()


class Equipment(Regulated, Base):
    """A piece of equipment; use after its calibration falls due is refused."""

    __tablename__ = "equipment"

    id: Mapped[int] = mapped_column(primary_key=True)
    asset_tag: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(choice("equipment_kind", EQUIPMENT_KINDS))
    location: Mapped[str] = mapped_column(String(120), default="")
    serial_number: Mapped[str] = mapped_column(String(80), default="")
    calibrated_on: Mapped[date | None] = mapped_column(Date)
    calibration_due_on: Mapped[date | None] = mapped_column(Date)
    state: Mapped[str] = mapped_column(choice("equipment_state", EQUIPMENT_STATES))


class EquipmentUse(Regulated, Base):
    """Equipment used in a step of a lot."""

    __tablename__ = "equipment_use"

    id: Mapped[int] = mapped_column(primary_key=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("lot.id"), index=True)
    equipment_id: Mapped[int] = mapped_column(ForeignKey("equipment.id"), index=True)
    step: Mapped[str] = mapped_column(String(40))
    step_record_id: Mapped[int] = mapped_column()
    used_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))

    equipment: Mapped[Equipment] = relationship()


class ScaffoldProduct(Regulated, Base):
    """A commercial demineralized (decalcified) bone scaffold product."""

    __tablename__ = "scaffold_product"
    __table_args__ = (UniqueConstraint("manufacturer", "catalogue_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    manufacturer: Mapped[str] = mapped_column(String(200))
    catalogue_number: Mapped[str] = mapped_column(String(80))
    registration_number: Mapped[str] = mapped_column(String(120), default="")
    description: Mapped[str] = mapped_column(Text, default="")

    lots: Mapped[list[ScaffoldLot]] = relationship(back_populates="product")


class ScaffoldLot(Regulated, Base):
    """A manufacturer lot of scaffold, with its expiry; quarantined until released."""

    __tablename__ = "scaffold_lot"
    __table_args__ = (UniqueConstraint("product_id", "manufacturer_lot"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("scaffold_product.id"))
    code: Mapped[str] = mapped_column(String(20), unique=True)  # lab label, e.g. "SC000007"
    manufacturer_lot: Mapped[str] = mapped_column(String(80))
    expiry_date: Mapped[date] = mapped_column(Date)
    size_description: Mapped[str] = mapped_column(String(120), default="")
    volume_ml: Mapped[float | None] = mapped_column(Float)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    state: Mapped[str] = mapped_column(choice("scaffold_lot_state", MATERIAL_LOT_STATES))

    product: Mapped[ScaffoldProduct] = relationship(back_populates="lots")
