"""Patient forms: registration, eligibility against the trial's criteria with the outcome
decided live as answers come in, the investigator's signature, and consent."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from labtracker.domain.permissions import Action
from ui.forms.base import FieldError, Saved, datetime_edit, number_edit
from ui.forms.kit import ChoiceButtons, LiveStepForm, escape, set_state, translate

if TYPE_CHECKING:
    from labtracker.services.patients import EligibilityView, Enrolment, PatientView
    from labtracker.services.scan import ScanResolution
    from ui.context import WorkContext

# --- patients -------------------------------------------------------------------------------

SEXES = (
    ("female", QT_TRANSLATE_NOOP("RegisterPatientForm", "Female")),
    ("male", QT_TRANSLATE_NOOP("RegisterPatientForm", "Male")),
    ("other", QT_TRANSLATE_NOOP("RegisterPatientForm", "Other")),
    ("unknown", QT_TRANSLATE_NOOP("RegisterPatientForm", "Unknown")),
)


def _typing_mrn(text: str) -> bool:
    """A few characters of an MRN still being typed: too early to call it wrong."""
    cleaned = "".join(text.split()).upper()
    return len(cleaned) < 4 and all(ch.isalnum() or ch == "-" for ch in cleaned)


def _mrn_from(ctx: WorkContext, text: str) -> str | None:
    """The MRN typed, or the one on a scanned wristband; None when it is neither."""
    from labtracker.domain.scan import MRN_RE, ScanKind
    from labtracker.services.scan import resolve_scan

    cleaned = "".join(text.split()).upper()
    if not cleaned:
        return None
    if MRN_RE.fullmatch(cleaned):
        return cleaned
    resolution = resolve_scan(ctx.db, ctx.actor, text)
    if resolution.kind is ScanKind.WRISTBAND and resolution.patient_mrn:
        return resolution.patient_mrn
    return None


def _checked_mrn(ctx: WorkContext, typed: str) -> str:
    """As `_mrn_from`, for text typed into an MRN field: FieldError when it is no MRN."""
    mrn = _mrn_from(ctx, typed)
    if mrn is None:
        raise FieldError(
            "mrn",
            translate(
                "PatientStepForm", "MRN must be 4–40 letters, digits or '-'; you entered {t}."
            ).format(t=typed),
        )
    return mrn


def _age(born: date, on: date) -> int:
    from labtracker.domain.eligibility import age_on

    return age_on(born, on)


class RegisterPatientForm(LiveStepForm):
    """A new patient: hospital MRN (scan the wristband), the name as written (Chinese
    characters welcome) and romanised, date of birth, sex, weight, trial subject number."""

    title = QT_TRANSLATE_NOOP("RegisterPatientForm", "Register a patient")
    required_action = Action.REGISTER_PATIENT
    applies_to = ()

    def __init__(self, ctx: WorkContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, None, parent)
        self.mrn = self.add_field(
            "mrn",
            self.tr("MRN"),
            QLineEdit(),
            hint=self.tr(
                "Hospital MRN: 4–40 letters, digits or '-'. Scan the wristband to fill it."
            ),
            aliases=("MRN",),
        )
        self.route_scans(self.mrn)
        self.family_name = self.add_field(
            "family_name",
            self.tr("Family name"),
            QLineEdit(),
            hint=self.tr("As written on the identity card, e.g. 王"),
            aliases=("Family name",),
        )
        self.given_name = self.add_field(
            "given_name",
            self.tr("Given name"),
            QLineEdit(),
            hint=self.tr("As written, e.g. 建国"),
            aliases=("Given name",),
        )
        self.romanised = self.add_field(
            "name_romanised",
            self.tr("Name romanised"),
            QLineEdit(),
            hint=self.tr("Pinyin, family name first, e.g. Wang Jianguo"),
            aliases=("Name romanised",),
        )
        today = self.today()
        self.date_of_birth = self.add_field(
            "date_of_birth",
            self.tr("Date of birth"),
            self.date_edit(date(today.year - 40, 1, 1), latest=today),
            hint=self.tr("The trial takes patients aged 18–55 years."),
            aliases=("Date of birth",),
        )
        self.sex = self.add_field(
            "sex",
            self.tr("Sex"),
            ChoiceButtons([(value, self.tr(text)) for value, text in SEXES]),
            aliases=("Sex",),
        )
        self.weight = self.add_field(
            "weight_kg",
            self.tr("Weight"),
            number_edit(self.tr("e.g. 68")),
            unit=self.tr("kg"),
            hint=self.tr("20–300 kg. Sets the endotoxin limit when it is K/M."),
            aliases=("Weight",),
        )
        self.subject = self.add_field(
            "trial_subject_number",
            self.tr("Trial subject number"),
            QLineEdit(),
            hint=self.tr("As issued by the trial, e.g. TEB-006 (optional until enrolment)"),
            aliases=("Trial subject number",),
        )
        self._checked_mrn: tuple[str | None, PatientView | None] = (None, None)
        self.shown_name = self.add_computed("display_name", self.tr("Name on labels"))
        self.shown_age = self.add_computed("age", self.tr("Age today"))
        self.ready()

    def live(self) -> None:
        from labtracker.domain.errors import LabtrackerError
        from labtracker.services.patients import PatientView, get_patient

        born = self.edited_date(self.date_of_birth)
        age = _age(born, self.today())
        in_range = 18 <= age <= 55
        self.shown_age.setText(
            self.tr("{age} years").format(age=age)
            + ("" if in_range else self.tr(" — outside 18–55: not eligible (I1)"))
        )
        family = " ".join(self.family_name.text().split())
        preview = PatientView(
            0,
            "",
            family,
            " ".join(self.given_name.text().split()),
            " ".join(self.romanised.text().split()),
            born,
            self.sex.value() or "unknown",
            None,
            None,
        )
        self.shown_name.setText(preview.display_name if family else "–")
        self.optional_number("weight_kg", 20, 300, self.tr("20–300 kg"))
        typed = self.mrn.text().strip()
        if typed:
            mrn = _checked_mrn(self.ctx, typed)
            try:
                existing = get_patient(self.ctx.db, self.ctx.actor, mrn)
            except LabtrackerError:
                existing = None
            if existing is not None:
                raise FieldError(
                    "mrn",
                    self.tr("A patient with MRN {mrn} is already registered: {name}.").format(
                        mrn=mrn, name=existing.display_name
                    ),
                )

    def take_scan(self, resolution: ScanResolution) -> bool:
        from labtracker.domain.scan import ScanKind

        if resolution.kind is ScanKind.WRISTBAND and resolution.patient_mrn:
            self.mrn.setText(resolution.patient_mrn)
            return True
        if resolution.kind is ScanKind.WRISTBAND:
            # A band of a patient not yet registered: its MRN is what we want.
            from labtracker.domain.scan import classify

            scanned = classify(self._last_scan)
            if scanned.mrn:
                self.mrn.setText(scanned.mrn)
                return True
        return False

    def save(self) -> Saved:
        from labtracker.services.patients import register_patient

        mrn = _mrn_from(self.ctx, self.mrn.text()) or self.mrn.text()
        if not self.sex.value():
            raise FieldError("sex", self.tr("Choose the patient's sex (or Unknown)."))
        view = register_patient(
            self.ctx.db,
            self.ctx.actor,
            mrn=mrn,
            family_name=self.family_name.text(),
            given_name=self.given_name.text(),
            name_romanised=self.romanised.text(),
            date_of_birth=self.edited_date(self.date_of_birth),
            sex=self.sex.value(),
            weight_kg=self.number("weight_kg", required=False),
            trial_subject_number=self.subject.text() or None,
        )
        return Saved(
            self.tr("{name}, MRN {mrn} registered").format(name=view.display_name, mrn=view.mrn),
            result=view,
        )


class PatientStepForm(LiveStepForm):
    """A form about one patient: the MRN (typed, or a wristband scanned) and, once found,
    the patient's details and enrolment shown under it."""

    def __init__(
        self, ctx: WorkContext, mrn: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, None, parent)
        self.patient: PatientView | None = None
        self.enrolment: Enrolment | None = None
        self._looked_up: str | None = None  # the MRN text last looked up
        self.mrn = self.add_field(
            "mrn",
            self.tr("MRN"),
            QLineEdit(mrn or ""),
            hint=self.tr("Scan the patient's wristband, or type the hospital MRN."),
            aliases=("MRN",),
        )
        self.route_scans(self.mrn)
        if mrn:
            self.mrn.setReadOnly(True)
        self.patient_line = QLabel()
        self.patient_line.setObjectName("patientLine")
        self.patient_line.setTextFormat(Qt.TextFormat.PlainText)
        self.patient_line.setWordWrap(True)
        self.patient_line.setStyleSheet("font-size: 14pt; font-weight: 600;")
        self.add_row_widget(self.patient_line)

    def find_patient(self) -> None:
        """Look the MRN up; the patient line says who it is (FieldError when no one)."""
        from labtracker.domain.errors import LabtrackerError
        from labtracker.services.patients import enrolment

        self.patient = self.enrolment = None
        self.patient_line.setText("")
        typed = self.mrn.text().strip()
        if not typed:
            return
        mrn = _checked_mrn(self.ctx, typed)
        try:
            self.enrolment = enrolment(self.ctx.db, self.ctx.actor, mrn)
        except LabtrackerError as error:
            if len(mrn) >= 4 and getattr(error, "field", "") == "MRN":
                raise FieldError(
                    "mrn", self.tr("No registered patient has MRN {mrn}.").format(mrn=mrn)
                ) from None
            raise
        self.patient = self.enrolment.patient
        p = self.patient
        parts = [
            p.display_name,
            self.tr("MRN {mrn}").format(mrn=p.mrn),
            self.tr("born {dob} ({age} years)").format(
                dob=f"{p.date_of_birth:%Y-%m-%d}", age=_age(p.date_of_birth, self.today())
            ),
            translate("RegisterPatientForm", dict(SEXES).get(p.sex, p.sex)).lower(),
        ]
        if p.weight_kg is not None:
            parts.append(f"{p.weight_kg:g} kg")
        if p.trial_subject_number:
            parts.append(self.tr("subject {n}").format(n=p.trial_subject_number))
        self.patient_line.setText(" · ".join(parts))

    def current_mrn(self) -> str:
        return (
            self.patient.mrn
            if self.patient is not None
            else (_mrn_from(self.ctx, self.mrn.text()) or self.mrn.text().strip())
        )

    def take_scan(self, resolution: ScanResolution) -> bool:
        from labtracker.domain.scan import ScanKind

        if resolution.kind is ScanKind.WRISTBAND and resolution.patient_mrn:
            # Once a patient is on the form (given, typed or scanned), another band is a stop,
            # never a silent switch: what was entered is about the first patient. To change
            # patient, clear the MRN by hand.
            current = self.patient.mrn if self.patient else None
            if self.mrn.isReadOnly() and current is None:
                current = self.mrn.text().strip().upper()
            if current and resolution.patient_mrn != current:
                from ui.hard_stop import show_hard_stop

                shown = self.patient.display_name if self.patient else ""
                show_hard_stop(
                    self,
                    self.tr("wrong patient"),
                    self.tr(
                        "You scanned the wristband of MRN {scanned}.\n\nThis form is for "
                        "patient {name} (MRN {expected}). Nothing was changed."
                    ).format(scanned=resolution.patient_mrn, name=shown, expected=current),
                )
                return True
            self.mrn.setText(resolution.patient_mrn)
            return True
        return False

    def eligibility_line(self) -> tuple[str, str]:
        """The latest assessment in words, with its state colour."""
        if self.enrolment is None:
            return "", "none"
        latest = self.enrolment.eligibility
        if latest is None:
            return self.tr("No eligibility assessment yet."), "pending"
        when = latest.assessed_at.astimezone(self.zone)
        outcome = translate("EligibilityForm", OUTCOME_WORDS[latest.outcome.value])
        if latest.signed_by:
            signed = self.tr("signed by {name}").format(name=latest.signed_by)
        else:
            signed = self.tr("NOT SIGNED by the investigator")
        state = (
            "pass"
            if latest.outcome.value == "eligible" and latest.signed_by
            else ("fail" if latest.outcome.value == "not_eligible" else "pending")
        )
        return (
            self.tr("Latest assessment {when}: {outcome}, {signed}.").format(
                when=f"{when:%Y-%m-%d %H:%M}", outcome=outcome, signed=signed
            ),
            state,
        )


OUTCOME_WORDS = {
    "eligible": QT_TRANSLATE_NOOP("EligibilityForm", "ELIGIBLE"),
    "not_eligible": QT_TRANSLATE_NOOP("EligibilityForm", "NOT ELIGIBLE"),
    "pending": QT_TRANSLATE_NOOP("EligibilityForm", "PENDING"),
}
OUTCOME_STATES = {"eligible": "pass", "not_eligible": "fail", "pending": "pending"}
PENDING_EVIDENCE = "evidence to be noted"
ANSWERS = (
    ("yes", QT_TRANSLATE_NOOP("EligibilityForm", "Yes")),
    ("no", QT_TRANSLATE_NOOP("EligibilityForm", "No")),
    ("unknown", QT_TRANSLATE_NOOP("EligibilityForm", "Unknown")),
)


class CriterionRow(QWidget):
    """One trial criterion: its text, and either the answer buttons with the evidence, or
    (for a criterion labtracker decides from a measurement) the computed answer."""

    changed = Signal()
    starts_with_text = True  # LiveStepForm.add_field: the whole width, the label left at the top

    def __init__(self, code: str, text: str, computed: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.code = code
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        self.text = QLabel(text)
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.text)
        line = QHBoxLayout()
        layout.addLayout(line)
        self.answer: ChoiceButtons | None = None
        self.evidence: QLineEdit | None = None
        self.computed: QLabel | None = None
        if computed:
            self.computed = QLabel()
            self.computed.setObjectName("statusLine")
            self.computed.setWordWrap(True)
            line.addWidget(self.computed, 1)
            return
        self.answer = ChoiceButtons(
            [(value, translate("EligibilityForm", text)) for value, text in ANSWERS]
        )
        self.answer.setObjectName(f"answer_{code}")
        self.evidence = QLineEdit()
        self.evidence.setObjectName(f"evidence_{code}")
        self.evidence.setPlaceholderText(self.tr("Evidence: record, test, examination, interview"))
        line.addWidget(self.answer)
        line.addWidget(self.evidence, 1)
        self.answer.changed.connect(lambda _value: self.changed.emit())
        self.evidence.textChanged.connect(lambda _text: self.changed.emit())

    def value(self) -> tuple[str | None, str]:
        if self.answer is None or self.evidence is None:
            return None, ""
        return self.answer.value(), self.evidence.text().strip()


class EligibilityForm(PatientStepForm):
    """Every criterion of NCT07066228 with its evidence; I1, I2 and E3 computed from the date
    of birth and the measurements; the outcome decided live by the trial's rule. After
    saving, the investigator signs (here, with their own user ID and password)."""

    title = QT_TRANSLATE_NOOP("EligibilityForm", "Eligibility assessment (NCT07066228)")
    required_action = Action.REGISTER_PATIENT
    applies_to = ()

    def __init__(
        self, ctx: WorkContext, mrn: str | None = None, parent: QWidget | None = None
    ) -> None:
        from labtracker.domain.eligibility import CRITERIA

        super().__init__(ctx, mrn, parent)
        self.setMinimumWidth(980)
        self.latest_line = self.add_status_row()
        self.assessed_at = self.add_field(
            "assessed_at",
            self.tr("Assessed at"),
            datetime_edit(self.zone),
            hint=self.tr("Site time; not in the future."),
            aliases=("Assessed at",),
        )
        self.add_section(self.tr("Measurements"))
        self.defect_length = self.add_field(
            "defect_length_cm",
            self.tr("Defect length"),
            number_edit(self.tr("e.g. 2.4")),
            unit="cm",
            hint=self.tr("0.1–50 cm, from imaging. I2 needs 2–3 cm."),
            aliases=("Defect length",),
        )
        self.cross_section = self.add_field(
            "defect_cross_section_percent",
            self.tr("Defect cross-section"),
            number_edit(self.tr("e.g. 45")),
            unit="%",
            hint=self.tr("0–100 % of the bone's cross-section. I2 needs more than 30 %."),
            aliases=("Defect cross-section",),
        )
        self.t_score = self.add_field(
            "bmd_t_score",
            self.tr("BMD T-score"),
            number_edit(self.tr("e.g. -0.8")),
            unit=self.tr("SD (T-score)"),
            hint=self.tr("−10 to 10, from DXA. Below −2.5 excludes (E3)."),
            aliases=("BMD T-score",),
        )
        self.rows: dict[str, CriterionRow] = {}
        for kind, heading in (
            ("inclusion", self.tr("Inclusion: I1, and I2 or I3")),
            ("exclusion", self.tr("Exclusion: any Yes excludes")),
        ):
            self.add_section(heading)
            for criterion in CRITERIA:
                if criterion.kind != kind:
                    continue
                row = CriterionRow(criterion.code, criterion.text, criterion.computed)
                self.add_field(
                    f"criterion_{criterion.code}",
                    criterion.code,
                    row,
                    aliases=(f"Evidence for {criterion.code}", criterion.code),
                )
                row.changed.connect(self.changed_live)
                self.rows[criterion.code] = row
        self.notes = self.add_field("notes", self.tr("Notes"), QPlainTextEdit())
        self.notes.setFixedHeight(90)
        self.add_verdict()
        self.signed_view = None
        self.ready()

    def _answers(self, *, strict: bool) -> dict[str, tuple[str, str]]:
        answers: dict[str, tuple[str, str]] = {}
        for code, row in self.rows.items():
            answer, evidence = row.value()
            if answer is None:
                continue
            if answer != "unknown" and not evidence:
                message = self.tr(
                    "Evidence for {code}: note the record, test or interview."
                ).format(code=code)
                if strict:
                    raise FieldError(f"criterion_{code}", message)
                self.show_field_error(f"criterion_{code}", message)
                evidence = PENDING_EVIDENCE  # decided live all the same
            answers[code] = (answer, evidence)
        return answers

    def live(self) -> None:
        from labtracker.domain.eligibility import Measurements, computed_answers, decide

        self.find_patient()
        line, state = self.eligibility_line()
        set_state(self.latest_line, state, line)
        length = self.optional_number("defect_length_cm", 0.1, 50, "0.1–50 cm")
        cross = self.optional_number("defect_cross_section_percent", 0, 100, "0–100 %")
        t_score = self.optional_number("bmd_t_score", -10, 10, self.tr("−10 to 10"))
        answers = self._answers(strict=False)
        if self.patient is None:
            for code in ("I1", "I2", "E3"):
                set_state(self.rows[code].computed, "none", self.tr("Enter the MRN first."))
            set_state(self.verdict, "none", self.tr("Outcome: enter the patient's MRN."))
            return
        age = _age(self.patient.date_of_birth, self.moment("assessed_at").date())
        measurements = Measurements(age, length, cross, t_score)
        for code, result in computed_answers(measurements).items():
            word = {"yes": self.tr("YES"), "no": self.tr("NO"), "unknown": self.tr("NOT KNOWN")}[
                result.answer.value
            ]
            # An exclusion met is bad news; an inclusion met is good news.
            good = (result.answer.value == "yes") == code.startswith("I")
            state = "pending" if result.answer.value == "unknown" else ("pass" if good else "fail")
            set_state(
                self.rows[code].computed,
                state,
                self.tr("{word} (computed): {evidence}").format(
                    word=word, evidence=result.evidence
                ),
            )
        decision = decide(measurements, answers)
        reasons = [reason.replace(f" ({PENDING_EVIDENCE})", "") for reason in decision.reasons]
        outcome = decision.outcome.value
        word = self.tr(OUTCOME_WORDS[outcome])
        if outcome == "eligible":
            text = self.tr("{word}: every criterion met.").format(word=word)
        elif outcome == "not_eligible":
            text = self.tr("{word} because {reasons}").format(word=word, reasons="; ".join(reasons))
        else:
            text = self.tr("{word}: {reasons}").format(word=word, reasons="; ".join(reasons))
        set_state(self.verdict, OUTCOME_STATES[outcome], text)

    def save(self) -> Saved:
        from labtracker.services.patients import assess_eligibility

        if self.patient is None:
            raise FieldError("mrn", self.tr("Scan the wristband or type the patient's MRN."))
        answers = self._answers(strict=True)
        view = assess_eligibility(
            self.ctx.db,
            self.ctx.actor,
            self.patient.mrn,
            assessed_at=self.moment("assessed_at"),
            defect_length_cm=self.number("defect_length_cm", required=False),
            defect_cross_section_percent=self.number(
                "defect_cross_section_percent", required=False
            ),
            bmd_t_score=self.number("bmd_t_score", required=False),
            answers=answers,
            notes=self.plain_text("notes"),
        )
        outcome = self.tr(OUTCOME_WORDS[view.outcome.value])
        return Saved(
            self.tr("{name} (MRN {mrn}): {outcome}").format(
                name=self.patient.display_name, mrn=view.mrn, outcome=outcome
            ),
            record_table="eligibility_assessment",
            record_id=view.assessment_id,
            result=view,
        )

    def _finish(self) -> None:
        view = self.result.result if self.result else None
        if view is None or view.outcome.value == "pending" or self.signed_view is not None:
            super()._finish()
            return
        self.sign_dialog = investigator_sign_dialog(
            self, view.assessment_id, self.result.summary, on_signed=self._signed
        )
        self.sign_dialog.rejected.connect(lambda: super(EligibilityForm, self)._finish())

    def _signed(self, view: object) -> None:
        self.signed_view = view
        self.result = signed_result(self.result, view)
        super()._finish()

    def after_save(self, result: Saved) -> str | None:
        view = result.result
        self.done_state = "pending"
        if view.outcome.value == "pending":
            return self.tr(
                "Assessment recorded as <b>PENDING</b>: it cannot be signed until every criterion "
                "is answered. {reasons}"
            ).format(reasons=escape("; ".join(view.reasons)))
        if view.signed_by is None:
            return self.tr(
                "Assessment recorded: <b>{outcome}</b>, <b>not signed</b>. It counts only once the "
                "investigator signs it (Sign eligibility)."
            ).format(outcome=self.tr(OUTCOME_WORDS[view.outcome.value]))
        return None


def investigator_sign_dialog(
    form: LiveStepForm, assessment_id: int, record_text: str, *, on_signed: Callable
):
    """The investigator's e-signature on an assessment. Someone signed in without the
    investigator's role hands the keyboard over: the investigator types their own user ID and
    password, and signs in their own name."""
    from labtracker.services import auth
    from labtracker.services.patients import sign_eligibility
    from labtracker.services.signatures import Meaning
    from ui.sign_dialog import SignDialog

    ctx = form.ctx
    investigator_here = ctx.has_role("surgeon")

    def sign(username: str, password: str):
        signer = ctx.actor
        if username.strip().lower() != ctx.actor.username.lower():
            signer = auth.login(ctx.db, username, password, station=ctx.station)
        return sign_eligibility(ctx.db, signer, assessment_id, username=username, password=password)

    text = record_text
    if not investigator_here:
        text += "\n\n" + translate(
            "EligibilityForm",
            "An investigator must sign this assessment: the investigator enters their own "
            "user ID and password here. Or choose Not now; it stays unsigned and no lot can start.",
        )
    dialog = SignDialog(ctx, meaning=Meaning.APPROVED, record_text=text, signer=sign, parent=form)
    dialog.setWindowTitle(translate("EligibilityForm", "Sign: eligibility (investigator)"))
    dialog.meaning_label.setText(
        translate(
            "EligibilityForm",
            "I, the trial investigator, confirm this eligibility assessment and its outcome.",
        )
    )
    if not investigator_here:
        dialog.username.clear()
        dialog.username.setFocus()
    dialog.signed.connect(on_signed)
    dialog.open()
    return dialog


def signed_result(saved: Saved, view: EligibilityView) -> Saved:
    """What was saved, once the investigator has signed the assessment."""
    return Saved(
        saved.summary
        + translate("EligibilityForm", ", signed by {name}").format(name=view.signed_by),
        record_table="eligibility_assessment",
        record_id=view.assessment_id,
        result=view,
    )


class SignEligibilityForm(PatientStepForm):
    """The investigator reviews the patient's latest assessment, answer by answer, and signs
    it (at the bedside, or after a technician recorded it)."""

    title = QT_TRANSLATE_NOOP("SignEligibilityForm", "Sign eligibility (investigator)")
    required_action = Action.SIGN_ELIGIBILITY
    applies_to = ()

    def __init__(
        self, ctx: WorkContext, mrn: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, mrn, parent)
        self.setMinimumWidth(900)
        self.review = QLabel()
        self.review.setObjectName("assessmentReview")
        self.review.setWordWrap(True)
        self.review.setTextFormat(Qt.TextFormat.RichText)
        self.add_row_widget(self.review)
        self.add_verdict()
        self.save_button.setText(self.tr("Sign…"))
        self.ready()

    def live(self) -> None:
        from labtracker.domain.eligibility import BY_CODE

        self.find_patient()
        self.review.setText("")
        if self.enrolment is None:
            set_state(self.verdict, "none", self.tr("Scan the wristband or type the MRN."))
            return
        latest = self.enrolment.eligibility
        line, state = self.eligibility_line()
        if latest is None:
            set_state(self.verdict, "pending", line)
            return
        rows = "".join(
            f"<tr><td><b>{code}</b></td><td>{escape(BY_CODE[code].text if code in BY_CODE else '')}"
            f"</td><td><b>{escape(answer.upper())}</b></td><td>{escape(evidence)}</td></tr>"
            for code, answer, evidence in latest.answers
        )
        self.review.setText(f"<table cellpadding='4'>{rows}</table>")
        reasons = ("; ".join(latest.reasons)) if latest.reasons else ""
        set_state(self.verdict, state, line + (f" {reasons}" if reasons else ""))

    def save(self) -> Saved:
        if self.enrolment is None or self.enrolment.eligibility is None:
            raise FieldError("mrn", self.tr("This patient has no assessment to sign."))
        latest = self.enrolment.eligibility
        if latest.signed_by:
            raise FieldError(
                "mrn",
                self.tr("The latest assessment is already signed by {name}.").format(
                    name=latest.signed_by
                ),
            )
        if latest.outcome.value == "pending":
            raise FieldError(
                "mrn",
                self.tr("The latest assessment is pending: it cannot be signed until complete."),
            )
        return Saved(
            self.tr("Eligibility of {name} (MRN {mrn}): {outcome}").format(
                name=self.patient.display_name,
                mrn=self.patient.mrn,
                outcome=translate("EligibilityForm", OUTCOME_WORDS[latest.outcome.value]),
            ),
            record_table="eligibility_assessment",
            record_id=latest.assessment_id,
            result=latest,
        )

    def _finish(self) -> None:
        # Saving here is signing: the dialog asks, and the form closes only once signed.
        if getattr(self, "_signed_view", None) is not None:
            super()._finish()
            return
        self.sign_dialog = investigator_sign_dialog(
            self, self.result.record_id, self.result.summary, on_signed=self._signed
        )

    def _signed(self, view: object) -> None:
        self._signed_view = view
        self.result = signed_result(self.result, view)
        super()._finish()


class ConsentForm(PatientStepForm):
    """Informed consent as signed on paper: date, form version, who obtained it, witness."""

    title = QT_TRANSLATE_NOOP("ConsentForm", "Informed consent")
    required_action = Action.REGISTER_PATIENT
    applies_to = ()

    def __init__(
        self, ctx: WorkContext, mrn: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, mrn, parent)
        self.consent_line = self.add_status_row()
        self.build()
        self.ready()

    def build(self) -> None:
        self.consent_date = self.add_field(
            "consent_date",
            self.tr("Consent date"),
            self.date_edit(latest=self.today()),
            hint=self.tr("The date on the signed consent form; not in the future."),
            aliases=("Consent date",),
        )
        self.form_version = self.add_field(
            "form_version",
            self.tr("Consent form version"),
            QLineEdit(),
            hint=self.tr("As printed in the form's footer, e.g. ICF v2.0"),
            aliases=("Consent form version",),
        )
        self.obtained_by = self.add_field(
            "obtained_by",
            self.tr("Obtained by (user ID)"),
            QLineEdit(self.ctx.actor.username if self.ctx.has_role("surgeon") else ""),
            hint=self.tr("The labtracker user ID of the investigator who obtained consent."),
            aliases=("Consent obtained by",),
        )
        self.witness = self.add_field(
            "witness_name",
            self.tr("Witness"),
            QLineEdit(),
            hint=self.tr("Name of the witness, if one signed the form."),
        )

    def live(self) -> None:
        self.find_patient()
        if self.enrolment is None:
            set_state(self.consent_line, "none", "")
            return
        consent = self.enrolment.consent
        if consent is None:
            set_state(self.consent_line, "pending", self.tr("No consent in force."))
        else:
            set_state(
                self.consent_line,
                "pass",
                self.tr("Consent in force: {version}, dated {when}.").format(
                    version=consent.form_version, when=f"{consent.consent_date:%Y-%m-%d}"
                ),
            )

    def save(self) -> Saved:
        from labtracker.services.patients import record_consent

        if not self.obtained_by.text().strip():
            raise FieldError(
                "obtained_by", self.tr("Enter the user ID of the person who obtained consent.")
            )
        view = record_consent(
            self.ctx.db,
            self.ctx.actor,
            self.current_mrn(),
            consent_date=self.edited_date(self.consent_date),
            form_version=self.form_version.text(),
            obtained_by_username=self.obtained_by.text(),
            witness_name=self.witness.text(),
        )
        return Saved(
            self.tr("Consent {version} of {when} recorded for MRN {mrn}").format(
                version=view.form_version, when=f"{view.consent_date:%Y-%m-%d}", mrn=view.mrn
            ),
            record_table="consent",
            record_id=view.consent_id,
            result=view,
        )


class WithdrawConsentForm(ConsentForm):
    """The patient withdraws consent: no new lot can start, and a construct already made
    cannot be implanted."""

    title = QT_TRANSLATE_NOOP("WithdrawConsentForm", "Withdraw consent")

    def build(self) -> None:
        self.withdrawn_on = self.add_field(
            "withdrawn_on",
            self.tr("Withdrawn on"),
            self.date_edit(latest=self.today()),
            hint=self.tr("Not before the consent date, not in the future."),
            aliases=("Withdrawn on",),
        )
        self.reason = self.add_field(
            "reason",
            self.tr("Reason"),
            QPlainTextEdit(),
            hint=self.tr("In the patient's words where possible."),
            aliases=("Reason",),
        )
        self.reason.setFixedHeight(100)
        self.save_button.setText(self.tr("Record withdrawal"))

    def live(self) -> None:
        super().live()
        if self.enrolment is not None and self.enrolment.consent is None:
            raise FieldError("mrn", self.tr("This patient has no consent in force to withdraw."))

    def save(self) -> Saved:
        from labtracker.services.patients import withdraw_consent

        view = withdraw_consent(
            self.ctx.db,
            self.ctx.actor,
            self.current_mrn(),
            withdrawn_on=self.edited_date(self.withdrawn_on),
            reason=self.plain_text("reason"),
        )
        return Saved(
            self.tr("Consent withdrawn on {when} for MRN {mrn}").format(
                when=f"{view.withdrawn_on:%Y-%m-%d}", mrn=view.mrn
            ),
            record_table="consent",
            record_id=view.consent_id,
            result=view,
        )
