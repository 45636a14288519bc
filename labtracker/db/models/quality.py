"""Quality: versioned specifications, immunophenotype, QC samples and results, release."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from labtracker.db.base import Base, Regulated, choice
from labtracker.db.types import UTCDateTime

if TYPE_CHECKING:
    from labtracker.db.models.lots import Lot

SPEC_STATES = ("draft", "approved", "retired")
COMPARATORS = (">=", ">", "<=", "<", "==", "text")
MARKER_EXPECTATIONS = ("positive", "negative")
OUTCOMES = ("pass", "fail", "pending")
RELEASE_DECISIONS = ("released", "rejected")


class Specification(Regulated, Base):
    """A versioned set of acceptance criteria (e.g. RELEASE v3). A result is always judged
    against the version in force when it was recorded, and says which."""

    __tablename__ = "specification"
    __table_args__ = (UniqueConstraint("code", "version_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40))
    version_number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(choice("spec_state", SPEC_STATES))
    effective_from: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    change_reason: Mapped[str] = mapped_column(Text, default="")

    items: Mapped[list[SpecificationItem]] = relationship(
        back_populates="specification", order_by="SpecificationItem.position"
    )


class SpecificationItem(Regulated, Base):
    """One acceptance criterion: test, comparator and limit (or required text result)."""

    __tablename__ = "specification_item"
    __table_args__ = (UniqueConstraint("specification_id", "test_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    specification_id: Mapped[int] = mapped_column(ForeignKey("specification.id"))
    position: Mapped[int] = mapped_column(Integer)
    test_code: Mapped[str] = mapped_column(String(40))  # e.g. "viability", "CD73", "endotoxin"
    label: Mapped[str] = mapped_column(String(200))
    comparator: Mapped[str] = mapped_column(choice("comparator", COMPARATORS))
    limit_value: Mapped[float | None] = mapped_column(Float)
    required_text: Mapped[str | None] = mapped_column(String(120))  # e.g. "no growth"
    unit: Mapped[str] = mapped_column(String(20), default="")
    method: Mapped[str] = mapped_column(String(200), default="")

    specification: Mapped[Specification] = relationship(back_populates="items")


class Immunophenotype(Regulated, Base):
    """Flow-cytometry identity/purity panel of a lot (ISCT markers)."""

    __tablename__ = "immunophenotype"

    id: Mapped[int] = mapped_column(primary_key=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("lot.id"), index=True)
    specification_id: Mapped[int] = mapped_column(ForeignKey("specification.id"))
    passage_number: Mapped[int | None] = mapped_column(Integer)
    sampled_at: Mapped[datetime] = mapped_column(UTCDateTime)
    analysed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    performed_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    instrument_id: Mapped[int | None] = mapped_column(ForeignKey("equipment.id"))
    events_acquired: Mapped[int | None] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(choice("phenotype_outcome", OUTCOMES))  # computed

    lot: Mapped[Lot] = relationship(back_populates="immunophenotypes")
    markers: Mapped[list[ImmunophenotypeMarker]] = relationship(
        back_populates="immunophenotype", order_by="ImmunophenotypeMarker.id"
    )


class ImmunophenotypeMarker(Regulated, Base):
    """One marker's percentage, judged against its expectation."""

    __tablename__ = "immunophenotype_marker"
    __table_args__ = (UniqueConstraint("immunophenotype_id", "marker"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    immunophenotype_id: Mapped[int] = mapped_column(ForeignKey("immunophenotype.id"))
    marker: Mapped[str] = mapped_column(String(20))  # "CD73", "HLA-DR", ...
    expected: Mapped[str] = mapped_column(choice("marker_expectation", MARKER_EXPECTATIONS))
    percent_positive: Mapped[float] = mapped_column(Float)
    outcome: Mapped[str] = mapped_column(choice("marker_outcome", OUTCOMES))  # computed

    immunophenotype: Mapped[Immunophenotype] = relationship(back_populates="markers")


class QcSample(Regulated, Base):
    """A QC sample taken from a lot for a test (sterility, mycoplasma, endotoxin, ...)."""

    __tablename__ = "qc_sample"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("lot.id"), index=True)
    test_code: Mapped[str] = mapped_column(String(40))
    stage: Mapped[str] = mapped_column(String(40))  # e.g. "P2 harvest", "final construct"
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime)
    taken_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    sent_to: Mapped[str] = mapped_column(String(120), default="")

    lot: Mapped[Lot] = relationship(back_populates="qc_samples")


class QcResult(Regulated, Base):
    """A test result judged against a specification item; "pending" until the result is in."""

    __tablename__ = "qc_result"

    id: Mapped[int] = mapped_column(primary_key=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("lot.id"), index=True)
    qc_sample_id: Mapped[int | None] = mapped_column(ForeignKey("qc_sample.id"))
    specification_item_id: Mapped[int] = mapped_column(ForeignKey("specification_item.id"))
    test_code: Mapped[str] = mapped_column(String(40))
    result_value: Mapped[float | None] = mapped_column(Float)
    result_text: Mapped[str | None] = mapped_column(String(120))
    unit: Mapped[str] = mapped_column(String(20), default="")
    outcome: Mapped[str] = mapped_column(choice("qc_outcome", OUTCOMES))  # computed
    tested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    tested_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    laboratory: Mapped[str] = mapped_column(String(120), default="")
    method: Mapped[str] = mapped_column(String(200), default="")

    lot: Mapped[Lot] = relationship(back_populates="qc_results")
    specification_item: Mapped[SpecificationItem] = relationship()


class ReleaseDecision(Regulated, Base):
    """QA's release or rejection of a lot, against the release specification in force."""

    __tablename__ = "release_decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("lot.id"), index=True)
    decision: Mapped[str] = mapped_column(choice("release_decision", RELEASE_DECISIONS))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    specification_id: Mapped[int] = mapped_column(ForeignKey("specification.id"))
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(Text, default="")
    signature_id: Mapped[int | None] = mapped_column(ForeignKey("e_signature.id"))

    lot: Mapped[Lot] = relationship(back_populates="release_decisions")
