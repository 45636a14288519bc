"""The record around the steps: audit trail, e-signatures, deviations, custody, labels."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from labtracker.db.base import Base, Regulated, Versioned, choice
from labtracker.db.types import UTCDateTime

if TYPE_CHECKING:
    from labtracker.db.models.lots import Lot

AUDIT_ACTIONS = ("insert", "update", "correct", "void", "system")
SIGNATURE_MEANINGS = (
    "performed",
    "verified",
    "reviewed",
    "approved_for_release",
    "rejected",
    "implanted",
    "approved",
)
DEVIATION_CLASSES = ("minor", "major", "critical")
DEVIATION_STATES = ("open", "closed")
CUSTODY_EVENTS = ("packed", "dispatched", "handed_over", "received", "returned")
LABEL_KINDS = ("aspirate", "vessel", "custody", "quarantine", "release")
TEMPLATE_STATES = ("draft", "approved", "retired")


class AuditEntry(Base):
    """One change to a regulated record. Append-only (database triggers refuse UPDATE and
    DELETE) and chained: each entry's hash covers its content and the previous entry's hash."""

    __tablename__ = "audit_entry"
    # A record's own history (the "records match their audit trail" check, who changed a
    # record last) without walking the whole trail.
    __table_args__ = (Index("ix_audit_entry_record", "table_name", "record_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    username: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(choice("audit_action", AUDIT_ACTIONS))
    table_name: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[int | None] = mapped_column(Integer)
    field: Mapped[str | None] = mapped_column(String(64))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    lot_id: Mapped[int | None] = mapped_column(ForeignKey("lot.id"), index=True)
    station: Mapped[str] = mapped_column(String(120), default="")
    previous_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64), unique=True)


class ESignature(Versioned, Base):
    """An electronic signature: who (with printed name), when, what it means, and a hash of
    the exact content signed, so it cannot be moved to another record. Superseded, never
    removed, when the signed record is corrected."""

    __tablename__ = "e_signature"
    # The signatures on one record (release check, batch record, signing, superseding):
    # found by the record, not by reading every signature of the site.
    __table_args__ = (Index("ix_e_signature_record", "record_table", "record_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    signer_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    printed_name: Mapped[str] = mapped_column(String(200))
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    meaning: Mapped[str] = mapped_column(choice("signature_meaning", SIGNATURE_MEANINGS))
    record_table: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[int] = mapped_column(Integer)
    lot_id: Mapped[int | None] = mapped_column(ForeignKey("lot.id"), index=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    signature_hash: Mapped[str] = mapped_column(String(64))  # over all of the above
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    superseded_reason: Mapped[str | None] = mapped_column(Text)


class Deviation(Regulated, Base):
    """Something that happened off-plan: what, when, impact, corrective action, QA closure."""

    __tablename__ = "deviation"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)  # e.g. "DEV-2026-0042"
    lot_id: Mapped[int | None] = mapped_column(ForeignKey("lot.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    discovered_at: Mapped[datetime] = mapped_column(UTCDateTime)
    raised_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    classification: Mapped[str] = mapped_column(choice("deviation_class", DEVIATION_CLASSES))
    impact_assessment: Mapped[str] = mapped_column(Text, default="")
    root_cause: Mapped[str] = mapped_column(Text, default="")
    corrective_action: Mapped[str] = mapped_column(Text, default="")
    preventive_action: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(choice("deviation_state", DEVIATION_STATES))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    closure_signature_id: Mapped[int | None] = mapped_column(ForeignKey("e_signature.id"))

    lot: Mapped[Lot | None] = relationship(back_populates="deviations")


class CustodyEvent(Regulated, Base):
    """A hand-over in the chain of custody: time, both parties, place and temperature."""

    __tablename__ = "custody_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("lot.id"), index=True)
    event: Mapped[str] = mapped_column(choice("custody_event_kind", CUSTODY_EVENTS))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    from_name: Mapped[str] = mapped_column(String(200))
    from_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    to_name: Mapped[str] = mapped_column(String(200))
    to_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    from_location: Mapped[str] = mapped_column(String(120), default="")
    to_location: Mapped[str] = mapped_column(String(120), default="")
    temperature_c: Mapped[float | None] = mapped_column(Float)
    shipper: Mapped[str] = mapped_column(String(120), default="")
    temperature_logger: Mapped[str] = mapped_column(String(80), default="")
    seal_number: Mapped[str] = mapped_column(String(80), default="")
    scanned_label: Mapped[str] = mapped_column(String(80), default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    lot: Mapped[Lot] = relationship(back_populates="custody_events")


class LabelTemplate(Regulated, Base):
    """A version-controlled label layout; only a QA-approved version may be printed."""

    __tablename__ = "label_template"
    __table_args__ = (UniqueConstraint("code", "version_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(choice("label_kind", LABEL_KINDS))
    version_number: Mapped[int] = mapped_column(Integer)
    stock: Mapped[str] = mapped_column(String(40))  # e.g. "2x1in", "4x2in", "A4-24"
    definition: Mapped[str] = mapped_column(Text)  # layout (JSON)
    definition_hash: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(choice("template_state", TEMPLATE_STATES))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))


class LabelPrint(Regulated, Base):
    """Every print: which template version, what was encoded, who, when, how many, where."""

    __tablename__ = "label_print"
    __table_args__ = (
        CheckConstraint("copies > 0", name="copies_positive"),
        CheckConstraint("NOT is_reprint OR reprint_reason IS NOT NULL", name="reprint_reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("lot.id"), index=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("label_template.id"))
    kind: Mapped[str] = mapped_column(choice("printed_label_kind", LABEL_KINDS))
    vessel_id: Mapped[int | None] = mapped_column(ForeignKey("vessel.id"))
    printed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    printed_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    copies: Mapped[int] = mapped_column(Integer)
    printer: Mapped[str] = mapped_column(String(200), default="")
    is_reprint: Mapped[bool] = mapped_column(Boolean, default=False)
    reprint_reason: Mapped[str | None] = mapped_column(Text)
    encoded_data: Mapped[str] = mapped_column(Text, default="")  # barcode contents, for the record

    lot: Mapped[Lot] = relationship(back_populates="label_prints")
    template: Mapped[LabelTemplate] = relationship()


class LabelDisposition(Regulated, Base):
    """Reconciliation of a print: how many labels were applied and how many destroyed."""

    __tablename__ = "label_disposition"
    __table_args__ = (
        CheckConstraint("applied >= 0 AND destroyed >= 0", name="counts_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    label_print_id: Mapped[int] = mapped_column(ForeignKey("label_print.id"), index=True)
    applied: Mapped[int] = mapped_column(Integer)
    destroyed: Mapped[int] = mapped_column(Integer)
    reconciled_at: Mapped[datetime] = mapped_column(UTCDateTime)
    notes: Mapped[str] = mapped_column(Text, default="")
