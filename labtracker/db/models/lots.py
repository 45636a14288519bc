"""The lot and the steps that open and close its life: aspirate, receipt, isolation, discard,
implantation."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, CheckConstraint, Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from labtracker.db.base import Base, Regulated, choice
from labtracker.db.types import UTCDateTime
from labtracker.domain.lot_states import LotStatus

if TYPE_CHECKING:
    from labtracker.db.models.culture import (
        CellCount,
        Harvest,
        OsteogenicInduction,
        ScaffoldSeeding,
        Vessel,
    )
    from labtracker.db.models.patients import Patient
    from labtracker.db.models.quality import (
        Immunophenotype,
        QcResult,
        QcSample,
        ReleaseDecision,
    )
    from labtracker.db.models.records import CustodyEvent, Deviation, LabelPrint

ISOLATION_METHODS = ("density_gradient", "direct_plating")
RECEIPT_CONDITIONS = ("acceptable", "leaking", "clotted", "label_damaged", "other")
DISCARD_SCOPES = ("lot", "vessel", "construct")


class Lot(Regulated, Base):
    """One patient's product from aspirate to implant, identified by its DIN."""

    __tablename__ = "lot"

    id: Mapped[int] = mapped_column(primary_key=True)
    din: Mapped[str] = mapped_column(String(13), unique=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"), index=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"))
    product_code_id: Mapped[int | None] = mapped_column(ForeignKey("product_code.id"))
    eligibility_assessment_id: Mapped[int] = mapped_column(ForeignKey("eligibility_assessment.id"))
    consent_id: Mapped[int] = mapped_column(ForeignKey("consent.id"))
    status: Mapped[LotStatus] = mapped_column(choice("lot_status", LotStatus), index=True)
    status_changed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # set at QA release
    intended_surgery_on: Mapped[datetime | None] = mapped_column(UTCDateTime)
    notes: Mapped[str] = mapped_column(Text, default="")

    patient: Mapped[Patient] = relationship(back_populates="lots")
    aspirate: Mapped[AspirateCollection | None] = relationship(back_populates="lot")
    receipt: Mapped[AspirateReceipt | None] = relationship(back_populates="lot")
    isolations: Mapped[list[Isolation]] = relationship(back_populates="lot")
    vessels: Mapped[list[Vessel]] = relationship(back_populates="lot", order_by="Vessel.id")
    cell_counts: Mapped[list[CellCount]] = relationship(back_populates="lot")
    harvests: Mapped[list[Harvest]] = relationship(back_populates="lot", order_by="Harvest.id")
    inductions: Mapped[list[OsteogenicInduction]] = relationship(back_populates="lot")
    scaffold_seedings: Mapped[list[ScaffoldSeeding]] = relationship(back_populates="lot")
    immunophenotypes: Mapped[list[Immunophenotype]] = relationship(back_populates="lot")
    qc_samples: Mapped[list[QcSample]] = relationship(back_populates="lot")
    qc_results: Mapped[list[QcResult]] = relationship(back_populates="lot")
    release_decisions: Mapped[list[ReleaseDecision]] = relationship(back_populates="lot")
    custody_events: Mapped[list[CustodyEvent]] = relationship(back_populates="lot")
    deviations: Mapped[list[Deviation]] = relationship(back_populates="lot")
    label_prints: Mapped[list[LabelPrint]] = relationship(back_populates="lot")
    discards: Mapped[list[Discard]] = relationship(back_populates="lot")
    implantation: Mapped[Implantation | None] = relationship(back_populates="lot")


class AspirateCollection(Regulated, Base):
    """The bone marrow aspirate as collected in theatre or clinic."""

    __tablename__ = "aspirate_collection"
    __table_args__ = (CheckConstraint("volume_ml > 0", name="volume_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("lot.id"), unique=True)
    collection_site: Mapped[str] = mapped_column(String(80))  # e.g. "left posterior iliac crest"
    volume_ml: Mapped[float] = mapped_column(Float)
    anticoagulant: Mapped[str] = mapped_column(String(80))
    anticoagulant_lot_id: Mapped[int | None] = mapped_column(ForeignKey("material_lot.id"))
    collected_at: Mapped[datetime] = mapped_column(UTCDateTime)
    collected_by_name: Mapped[str] = mapped_column(String(200))
    collected_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    transport_temperature_c: Mapped[float | None] = mapped_column(Float)
    notes: Mapped[str] = mapped_column(Text, default="")

    lot: Mapped[Lot] = relationship(back_populates="aspirate")


class AspirateReceipt(Regulated, Base):
    """Arrival of the aspirate at the lab: time, condition and temperature on receipt."""

    __tablename__ = "aspirate_receipt"

    id: Mapped[int] = mapped_column(primary_key=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("lot.id"), unique=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    condition: Mapped[str] = mapped_column(choice("receipt_condition", RECEIPT_CONDITIONS))
    temperature_c: Mapped[float] = mapped_column(Float)
    within_limits: Mapped[bool] = mapped_column(Boolean)  # computed against the site spec
    deviation_id: Mapped[int | None] = mapped_column(ForeignKey("deviation.id"))
    notes: Mapped[str] = mapped_column(Text, default="")

    lot: Mapped[Lot] = relationship(back_populates="receipt")


class Isolation(Regulated, Base):
    """BMSC isolation from the aspirate: method and the nucleated cell count."""

    __tablename__ = "isolation"

    id: Mapped[int] = mapped_column(primary_key=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("lot.id"), index=True)
    method: Mapped[str] = mapped_column(choice("isolation_method", ISOLATION_METHODS))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    performed_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    aspirate_volume_used_ml: Mapped[float | None] = mapped_column(Float)
    nucleated_cell_count_id: Mapped[int | None] = mapped_column(ForeignKey("cell_count.id"))
    notes: Mapped[str] = mapped_column(Text, default="")

    lot: Mapped[Lot] = relationship(back_populates="isolations")
    nucleated_cell_count: Mapped[CellCount | None] = relationship()


class Discard(Regulated, Base):
    """A lot, a vessel or a construct destroyed: reason, who, and a witness."""

    __tablename__ = "discard"

    id: Mapped[int] = mapped_column(primary_key=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("lot.id"), index=True)
    scope: Mapped[str] = mapped_column(choice("discard_scope", DISCARD_SCOPES))
    vessel_id: Mapped[int | None] = mapped_column(ForeignKey("vessel.id"))
    reason: Mapped[str] = mapped_column(Text)
    discarded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    discarded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    witness_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    deviation_id: Mapped[int | None] = mapped_column(ForeignKey("deviation.id"))

    lot: Mapped[Lot] = relationship(back_populates="discards")


class Implantation(Regulated, Base):
    """The surgeon's bedside confirmation: both scans matched, then implanted and signed."""

    __tablename__ = "implantation"

    id: Mapped[int] = mapped_column(primary_key=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("lot.id"), unique=True)
    surgeon_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    construct_scan: Mapped[str] = mapped_column(String(80))  # raw data scanned from the label
    wristband_scan: Mapped[str] = mapped_column(String(80))  # raw data scanned from the band
    confirmed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    implanted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    operating_room: Mapped[str] = mapped_column(String(80), default="")
    implant_site: Mapped[str] = mapped_column(String(120), default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    lot: Mapped[Lot] = relationship(back_populates="implantation")
