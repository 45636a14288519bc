"""The patient (donor and recipient are one person), eligibility and consent."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from labtracker.db.base import Base, Regulated, choice
from labtracker.db.types import UTCDateTime

if TYPE_CHECKING:
    from labtracker.db.models.lots import Lot

SEXES = ("female", "male", "other", "unknown")
ELIGIBILITY_OUTCOMES = ("pending", "eligible", "not_eligible")
CRITERION_KINDS = ("inclusion", "exclusion")
CRITERION_ANSWERS = ("yes", "no", "unknown")


class Patient(Regulated, Base):
    """A trial patient. Names are kept as written, in any script (e.g. Chinese)."""

    __tablename__ = "patient"
    __table_args__ = (
        CheckConstraint("weight_kg IS NULL OR (weight_kg > 0 AND weight_kg < 400)", name="weight"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mrn: Mapped[str] = mapped_column(String(40), unique=True)  # hospital medical record number
    family_name: Mapped[str] = mapped_column(String(200))
    given_name: Mapped[str] = mapped_column(String(200), default="")
    name_romanised: Mapped[str] = mapped_column(String(400), default="")  # e.g. pinyin
    date_of_birth: Mapped[date] = mapped_column(Date)
    sex: Mapped[str] = mapped_column(choice("sex", SEXES))
    weight_kg: Mapped[float | None] = mapped_column(Float)
    trial_subject_number: Mapped[str | None] = mapped_column(String(40), unique=True)
    treating_surgeon_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    lots: Mapped[list[Lot]] = relationship(back_populates="patient")
    eligibility_assessments: Mapped[list[EligibilityAssessment]] = relationship(
        back_populates="patient"
    )
    consents: Mapped[list[Consent]] = relationship(back_populates="patient")


class EligibilityAssessment(Regulated, Base):
    """One screening of a patient against the trial's criteria, signed by the investigator."""

    __tablename__ = "eligibility_assessment"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"), index=True)
    criteria_version: Mapped[str] = mapped_column(String(80))  # e.g. "NCT07066228 2026-02-01"
    assessed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    investigator_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    outcome: Mapped[str] = mapped_column(choice("eligibility_outcome", ELIGIBILITY_OUTCOMES))
    age_years: Mapped[int | None] = mapped_column(Integer)  # computed from DOB at assessment
    defect_length_cm: Mapped[float | None] = mapped_column(Float)
    defect_cross_section_percent: Mapped[float | None] = mapped_column(Float)
    bmd_t_score: Mapped[float | None] = mapped_column(Float)
    notes: Mapped[str] = mapped_column(Text, default="")

    patient: Mapped[Patient] = relationship(back_populates="eligibility_assessments")
    answers: Mapped[list[EligibilityAnswer]] = relationship(
        back_populates="assessment", order_by="EligibilityAnswer.id"
    )


class EligibilityAnswer(Regulated, Base):
    """The answer to one inclusion or exclusion criterion, with its evidence."""

    __tablename__ = "eligibility_answer"
    __table_args__ = (UniqueConstraint("assessment_id", "criterion_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("eligibility_assessment.id"))
    criterion_code: Mapped[str] = mapped_column(String(16))  # "I1".."I3", "E1".."E13"
    criterion_kind: Mapped[str] = mapped_column(choice("criterion_kind", CRITERION_KINDS))
    criterion_text: Mapped[str] = mapped_column(Text)  # the text as answered, for the record
    answer: Mapped[str] = mapped_column(choice("criterion_answer", CRITERION_ANSWERS))
    evidence: Mapped[str] = mapped_column(Text, default="")
    measured_value: Mapped[float | None] = mapped_column(Float)
    measured_unit: Mapped[str] = mapped_column(String(20), default="")

    assessment: Mapped[EligibilityAssessment] = relationship(back_populates="answers")


class Consent(Regulated, Base):
    """Informed consent: when, on which form version, who obtained it; withdrawal kept."""

    __tablename__ = "consent"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"), index=True)
    consent_date: Mapped[date] = mapped_column(Date)
    form_version: Mapped[str] = mapped_column(String(80))
    obtained_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    witness_name: Mapped[str] = mapped_column(String(200), default="")
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    withdrawal_reason: Mapped[str | None] = mapped_column(Text)

    patient: Mapped[Patient] = relationship(back_populates="consents")
