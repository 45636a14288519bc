"""Patients: registration, eligibility against the trial's criteria (signed by the
investigator), and consent. A lot can start only for an eligible, consented patient."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from labtracker.clock import get_clock
from labtracker.db.models import (
    Consent,
    EligibilityAnswer,
    EligibilityAssessment,
    ESignature,
    Patient,
    UserAccount,
)
from labtracker.domain.eligibility import (
    CRITERIA,
    CRITERIA_VERSION,
    Answer,
    EligibilityDecision,
    Measurements,
    Outcome,
    age_on,
    decide,
)
from labtracker.domain.errors import InvalidValueError
from labtracker.domain.permissions import Action
from labtracker.domain.values import number_in_range
from labtracker.services.auth import confirm_identity
from labtracker.services.context import Actor, Database, authorise
from labtracker.services.records import check_time, notes_text, optional_text, require_text, stamp
from labtracker.services.signatures import Meaning, add_signature

MRN_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9-]{3,39}$")
SEXES = ("female", "male", "other", "unknown")


@dataclass(frozen=True)
class PatientView:
    patient_id: int
    mrn: str
    family_name: str
    given_name: str
    name_romanised: str
    date_of_birth: date
    sex: str
    weight_kg: float | None
    trial_subject_number: str | None

    @property
    def display_name(self) -> str:
        """Family name first, as written; the romanised form in brackets when there is one."""
        written = (
            f"{self.family_name}{self.given_name}"
            if _is_cjk(self.family_name)
            else (f"{self.family_name.upper()}, {self.given_name}".rstrip(", "))
        )
        return f"{written} ({self.name_romanised})" if self.name_romanised else written


@dataclass(frozen=True)
class EligibilityView:
    assessment_id: int
    mrn: str
    outcome: Outcome
    reasons: tuple[str, ...]
    answers: tuple[tuple[str, str, str], ...]  # (code, answer, evidence)
    assessed_at: datetime
    signed_by: str | None  # investigator's printed name, once signed


@dataclass(frozen=True)
class ConsentView:
    consent_id: int
    mrn: str
    consent_date: date
    form_version: str
    withdrawn_on: date | None


def _is_cjk(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in text)


def clean_mrn(mrn: str, field: str = "MRN") -> str:
    cleaned = "".join(str(mrn).split()).upper()
    if not MRN_PATTERN.fullmatch(cleaned):
        raise InvalidValueError(field, mrn, "4–40 letters, digits or '-' (the hospital MRN)")
    return cleaned


def patient_view(p: Patient) -> PatientView:
    """The patient as services hand them to the screen."""
    return PatientView(
        p.id,
        p.mrn,
        p.family_name,
        p.given_name,
        p.name_romanised,
        p.date_of_birth,
        p.sex,
        p.weight_kg,
        p.trial_subject_number,
    )


def patient_by_mrn(session: Session, mrn: str, field: str = "MRN") -> Patient:
    patient = session.scalar(select(Patient).where(Patient.mrn == clean_mrn(mrn, field)))
    if patient is None:
        raise InvalidValueError(field, mrn, "the MRN of a registered patient")
    return patient


def register_patient(
    db: Database,
    actor: Actor,
    *,
    mrn: str,
    family_name: str,
    given_name: str = "",
    name_romanised: str = "",
    date_of_birth: date,
    sex: str,
    weight_kg: float | None = None,
    trial_subject_number: str | None = None,
) -> PatientView:
    mrn = clean_mrn(mrn)
    family_name = require_text("Family name", family_name)
    given_name = optional_text("Given name", given_name)
    name_romanised = optional_text("Romanised name", name_romanised, max_length=400)
    if sex not in SEXES:
        raise InvalidValueError("Sex", sex, "one of " + ", ".join(SEXES))
    today = get_clock().now().date()
    if not isinstance(date_of_birth, date) or date_of_birth > today:
        raise InvalidValueError("Date of birth", date_of_birth, "a date not in the future")
    if age_on(date_of_birth, today) > 120:
        raise InvalidValueError("Date of birth", date_of_birth, "within the last 120 years")
    if weight_kg is not None:
        weight_kg = number_in_range("Weight", weight_kg, 20, 300, "kg", shown_range="20–300 kg")
    subject = (
        optional_text("Trial subject number", trial_subject_number, max_length=40).upper() or None
    )
    with db.writing(actor, "patient registered") as session:
        authorise(session, actor, Action.REGISTER_PATIENT)
        if session.scalar(select(Patient).where(Patient.mrn == mrn)):
            raise InvalidValueError(
                "MRN",
                mrn,
                "not already registered",
                f"A patient with MRN {mrn} is already registered.",
            )
        if subject and session.scalar(
            select(Patient).where(Patient.trial_subject_number == subject)
        ):
            raise InvalidValueError("Trial subject number", subject, "not used by another patient")
        patient = Patient(
            mrn=mrn,
            family_name=family_name,
            given_name=given_name,
            name_romanised=name_romanised,
            date_of_birth=date_of_birth,
            sex=sex,
            weight_kg=weight_kg,
            trial_subject_number=subject,
            **stamp(actor),
        )
        session.add(patient)
        session.flush()
        return patient_view(patient)


def get_patient(db: Database, actor: Actor, mrn: str) -> PatientView:
    with db.reading() as session:
        authorise(session, actor, Action.VIEW_LOTS)
        return patient_view(patient_by_mrn(session, mrn))


def assess_eligibility(
    db: Database,
    actor: Actor,
    mrn: str,
    *,
    assessed_at: datetime,
    defect_length_cm: float | None,
    defect_cross_section_percent: float | None,
    bmd_t_score: float | None,
    answers: dict[str, tuple[Answer | str, str]],
    notes: str = "",
) -> EligibilityView:
    """Record an assessment: computed criteria from the measurements, the rest as answered
    with their evidence. It counts once the investigator signs it (`sign_eligibility`)."""
    check_time("Assessed at", assessed_at)
    for field, value, low, high in (
        ("Defect length", defect_length_cm, 0.1, 50.0),
        ("Defect cross-section", defect_cross_section_percent, 0.0, 100.0),
        ("BMD T-score", bmd_t_score, -10.0, 10.0),
    ):
        if value is not None:
            number_in_range(field, value, low, high, shown_range=f"{low:g}–{high:g}")
    notes = notes_text("Notes", notes)
    if not isinstance(answers, Mapping):
        raise InvalidValueError("Answers", answers, "each criterion's answer and its evidence")
    answers = {
        code: (answer, notes_text(f"Evidence for {code}", evidence, max_length=2000))
        for code, (answer, evidence) in answers.items()
    }
    with db.writing(actor, "eligibility assessed") as session:
        authorise(session, actor, Action.REGISTER_PATIENT)
        patient = patient_by_mrn(session, mrn)
        measurements = Measurements(
            age_on(patient.date_of_birth, assessed_at.date()),
            defect_length_cm,
            defect_cross_section_percent,
            bmd_t_score,
        )
        decision = decide(measurements, {code: (Answer(a), e) for code, (a, e) in answers.items()})
        assessment = EligibilityAssessment(
            patient_id=patient.id,
            criteria_version=CRITERIA_VERSION,
            assessed_at=assessed_at,
            investigator_id=actor.user_id,
            outcome=decision.outcome.value,
            age_years=measurements.age_years,
            defect_length_cm=defect_length_cm,
            defect_cross_section_percent=defect_cross_section_percent,
            bmd_t_score=bmd_t_score,
            notes=notes,
            **stamp(actor),
        )
        session.add(assessment)
        session.flush()
        for result in decision.results:
            session.add(
                EligibilityAnswer(
                    assessment_id=assessment.id,
                    criterion_code=result.criterion.code,
                    criterion_kind=result.criterion.kind,
                    criterion_text=result.criterion.text,
                    answer=result.answer.value,
                    evidence=result.evidence,
                    **stamp(actor),
                )
            )
        session.flush()
        return _eligibility_view(session, assessment, patient, decision)


def _eligibility_view(
    session: Session,
    assessment: EligibilityAssessment,
    patient: Patient,
    decision: EligibilityDecision | None = None,
) -> EligibilityView:
    signer = _investigator_signature(session, assessment)
    if decision is not None:
        reasons = decision.reasons
    else:
        reasons = tuple(a.evidence for a in assessment.answers if a.answer == "unknown")
    return EligibilityView(
        assessment.id,
        patient.mrn,
        Outcome(assessment.outcome),
        reasons,
        tuple((a.criterion_code, a.answer, a.evidence) for a in assessment.answers),
        assessment.assessed_at,
        signer.printed_name if signer else None,
    )


def _investigator_signature(
    session: Session, assessment: EligibilityAssessment
) -> ESignature | None:
    return session.scalar(
        select(ESignature).where(
            ESignature.record_table == "eligibility_assessment",
            ESignature.record_id == assessment.id,
            ESignature.meaning == Meaning.APPROVED.value,
            ESignature.superseded_at.is_(None),
        )
    )


def sign_eligibility(
    db: Database, actor: Actor, assessment_id: int, *, username: str, password: str
) -> EligibilityView:
    """The investigator's e-signature on an assessment (ID and password re-entered)."""
    with db.reading() as session:  # refuse before asking for a password
        authorise(session, actor, Action.SIGN_ELIGIBILITY)
    confirm_identity(db, actor, username, password, purpose="signature")
    with db.writing(actor, "eligibility signed by investigator") as session:
        authorise(session, actor, Action.SIGN_ELIGIBILITY)
        assessment = session.get(EligibilityAssessment, assessment_id)
        if assessment is None:
            raise InvalidValueError("Assessment", assessment_id, "an existing assessment")
        if assessment.outcome == Outcome.PENDING.value:
            raise InvalidValueError(
                "Assessment",
                assessment_id,
                "complete",
                "This assessment still has unanswered criteria; it cannot be signed yet.",
            )
        assessment.investigator_id = actor.user_id
        add_signature(session, actor, assessment, Meaning.APPROVED)
        return _eligibility_view(session, assessment, assessment.patient)


def record_consent(
    db: Database,
    actor: Actor,
    mrn: str,
    *,
    consent_date: date,
    form_version: str,
    obtained_by_username: str,
    witness_name: str = "",
) -> ConsentView:
    form_version = require_text("Consent form version", form_version, max_length=80)
    witness_name = optional_text("Witness", witness_name)
    if isinstance(consent_date, datetime) or not isinstance(consent_date, date):
        raise InvalidValueError("Consent date", consent_date, "a calendar date")
    if consent_date > get_clock().now().date():
        raise InvalidValueError("Consent date", consent_date, "not in the future")
    with db.writing(actor, "consent recorded") as session:
        authorise(session, actor, Action.REGISTER_PATIENT)
        patient = patient_by_mrn(session, mrn)
        obtainer = session.scalar(
            select(UserAccount).where(UserAccount.username == obtained_by_username.strip().lower())
        )
        if obtainer is None:
            raise InvalidValueError(
                "Consent obtained by",
                obtained_by_username,
                "the user ID of the person who obtained consent",
            )
        consent = Consent(
            patient_id=patient.id,
            consent_date=consent_date,
            form_version=form_version,
            obtained_by_id=obtainer.id,
            witness_name=witness_name,
            **stamp(actor),
        )
        session.add(consent)
        session.flush()
        return ConsentView(consent.id, patient.mrn, consent_date, form_version, None)


def withdraw_consent(
    db: Database, actor: Actor, mrn: str, *, withdrawn_on: date, reason: str
) -> ConsentView:
    reason = require_text("Reason", reason, max_length=2000)
    if isinstance(withdrawn_on, datetime) or not isinstance(withdrawn_on, date):
        raise InvalidValueError("Withdrawn on", withdrawn_on, "a calendar date")
    if withdrawn_on > get_clock().now().date():
        raise InvalidValueError("Withdrawn on", withdrawn_on, "not in the future")
    with db.writing(actor, f"consent withdrawn: {reason}") as session:
        authorise(session, actor, Action.REGISTER_PATIENT)
        patient = patient_by_mrn(session, mrn)
        consent = current_consent(session, patient)
        if consent is None:
            raise InvalidValueError("Consent", mrn, "a consent in force to withdraw")
        if withdrawn_on < consent.consent_date:
            raise InvalidValueError(
                "Withdrawn on",
                withdrawn_on,
                f"on or after the consent date ({consent.consent_date})",
            )
        consent.withdrawn_on = withdrawn_on
        consent.withdrawal_reason = reason
        return ConsentView(
            consent.id, patient.mrn, consent.consent_date, consent.form_version, withdrawn_on
        )


def current_consent(session: Session, patient: Patient) -> Consent | None:
    return session.scalar(
        select(Consent)
        .where(
            Consent.patient_id == patient.id,
            Consent.withdrawn_on.is_(None),
            Consent.voided_at.is_(None),
        )
        .order_by(Consent.consent_date.desc(), Consent.id.desc())
        .limit(1)
    )


def signed_eligibility(session: Session, patient: Patient) -> EligibilityAssessment | None:
    """The latest assessment if it is eligible and signed by the investigator."""
    latest = session.scalar(
        select(EligibilityAssessment)
        .where(
            EligibilityAssessment.patient_id == patient.id,
            EligibilityAssessment.voided_at.is_(None),
        )
        .order_by(EligibilityAssessment.assessed_at.desc(), EligibilityAssessment.id.desc())
        .limit(1)
    )
    if latest is None or latest.outcome != Outcome.ELIGIBLE.value:
        return None
    return latest if _investigator_signature(session, latest) else None


@dataclass(frozen=True)
class Enrolment:
    """Where a patient stands for the trial: the latest eligibility assessment, the consent in
    force, and whether a lot may start (`lot_blocker` says why not)."""

    patient: PatientView
    eligibility: EligibilityView | None  # the latest assessment, signed or not
    consent: ConsentView | None  # the consent in force (None: none, or withdrawn)
    lot_blocker: str | None

    @property
    def lot_may_start(self) -> bool:
        return self.lot_blocker is None


def enrolment(db: Database, actor: Actor, mrn: str) -> Enrolment:
    """The patient's enrolment as the patient and lot-start screens show it (read only).
    `lot_blocker` applies the rules `lots.start_lot` applies."""
    with db.reading() as session:
        authorise(session, actor, Action.VIEW_LOTS)
        patient = patient_by_mrn(session, mrn)
        latest = session.scalar(
            select(EligibilityAssessment)
            .where(
                EligibilityAssessment.patient_id == patient.id,
                EligibilityAssessment.voided_at.is_(None),
            )
            .order_by(EligibilityAssessment.assessed_at.desc(), EligibilityAssessment.id.desc())
            .limit(1)
        )
        eligibility = (
            _eligibility_view(session, latest, patient, _stored_decision(latest))
            if latest
            else None
        )
        consent_row = current_consent(session, patient)
        consent = (
            ConsentView(
                consent_row.id,
                patient.mrn,
                consent_row.consent_date,
                consent_row.form_version,
                consent_row.withdrawn_on,
            )
            if consent_row
            else None
        )
        blocker = None
        if signed_eligibility(session, patient) is None:
            blocker = (
                f"No lot can start for {patient.mrn}: the latest eligibility assessment is not "
                "eligible or not yet signed by the investigator."
            )
        elif consent_row is None:
            blocker = f"No lot can start for {patient.mrn}: there is no informed consent in force."
        return Enrolment(patient_view(patient), eligibility, consent, blocker)


def _stored_decision(assessment: EligibilityAssessment) -> EligibilityDecision | None:
    """The decision a stored assessment's answers and measurements give, for its reasons;
    None when it was made against criteria this version no longer has."""
    if assessment.age_years is None:
        return None
    computed = {c.code for c in CRITERIA if c.computed}
    answers = {
        a.criterion_code: (Answer(a.answer), a.evidence)
        for a in assessment.answers
        if a.criterion_code not in computed
    }
    measurements = Measurements(
        assessment.age_years,
        assessment.defect_length_cm,
        assessment.defect_cross_section_percent,
        assessment.bmd_t_score,
    )
    try:
        return decide(measurements, answers)
    except InvalidValueError:
        return None
