"""Patients: find one by wristband scan or MRN, see where they stand for the trial
(eligibility, investigator's signature, consent) and their lots, and take the next step:
register, assess, sign, consent, start a lot. A lot can only start for an eligible patient
whose assessment is signed and whose consent is in force; the page says why not."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from labtracker.domain.permissions import Action, is_allowed
from ui.i18n import with_colon
from ui.widgets import FORM_STYLE, error_label, primary_button, show_error

if TYPE_CHECKING:
    from labtracker.services.patients import Enrolment
    from ui.context import Navigator, WorkContext

PAGE_STYLE = (
    FORM_STYLE
    + """
QFrame#patientCard { background: white; border: 1px solid #c8ccd2; border-radius: 8px; }
QLabel#patientName { font-size: 22pt; font-weight: 700; }
QLabel#enrolmentState { font-size: 14pt; font-weight: 700; padding: 6px 10px; border-radius: 4px; }
"""
)
READY = "background: #e8f5e9; color: #1b5e20;"
BLOCKED = "background: #fff3e0; color: #8a4b00;"


class PatientsPage(QWidget):
    """Find a patient; show enrolment and lots; open the patient forms."""

    def __init__(
        self, ctx: WorkContext, navigator: Navigator, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("patientsPage")
        self.setStyleSheet(PAGE_STYLE)
        self.ctx = ctx
        self.navigator = navigator
        self.mrn: str | None = None
        self.enrolment: Enrolment | None = None
        self.open_form = None
        roles = ctx.actor.roles

        layout = QVBoxLayout(self)
        heading = QLabel(self.tr("Patients"))
        heading.setObjectName("formHeading")
        layout.addWidget(heading)
        find = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("patientSearch")
        self.search.setPlaceholderText(self.tr("Scan the wristband or type the MRN, then Enter"))
        self.search.returnPressed.connect(self._find_typed)
        self.find_button = QPushButton(self.tr("Find"))
        self.find_button.clicked.connect(self._find_typed)
        # Parented at once: a widget shown before it has a parent becomes a window of its own.
        self.register_button = QPushButton(self.tr("Register a new patient…"), self)
        self.register_button.setObjectName("registerPatient")
        self.register_button.clicked.connect(self._register)
        self.register_button.setVisible(is_allowed(roles, Action.REGISTER_PATIENT))
        find.addWidget(self.search, 1)
        find.addWidget(self.find_button)
        find.addWidget(self.register_button)
        layout.addLayout(find)
        self.error = error_label()
        layout.addWidget(self.error)

        self.card = QFrame()
        self.card.setObjectName("patientCard")
        card = QVBoxLayout(self.card)
        self.name = QLabel()
        self.name.setObjectName("patientName")
        self.name.setTextFormat(Qt.TextFormat.PlainText)
        card.addWidget(self.name)
        facts = QGridLayout()
        self.facts: dict[str, QLabel] = {}
        for index, (key, label) in enumerate(
            (
                ("mrn", self.tr("MRN")),
                ("born", self.tr("Date of birth")),
                ("sex", self.tr("Sex")),
                ("subject", self.tr("Trial subject")),
                ("eligibility", self.tr("Eligibility")),
                ("consent", self.tr("Consent")),
            )
        ):
            name = QLabel(with_colon(label))
            value = QLabel()
            value.setObjectName(f"fact_{key}")
            value.setWordWrap(True)
            value.setTextFormat(Qt.TextFormat.PlainText)
            facts.addWidget(name, index // 2, (index % 2) * 2, Qt.AlignmentFlag.AlignTop)
            facts.addWidget(value, index // 2, (index % 2) * 2 + 1)
            self.facts[key] = value
        facts.setColumnStretch(1, 1)
        facts.setColumnStretch(3, 1)
        card.addLayout(facts)
        self.state = QLabel()
        self.state.setObjectName("enrolmentState")
        self.state.setWordWrap(True)
        card.addWidget(self.state)

        actions = QHBoxLayout()
        self.actions: dict[str, QPushButton] = {}
        for key, text, action, handler in (
            ("assess", self.tr("Assess eligibility…"), Action.REGISTER_PATIENT, self._assess),
            ("sign", self.tr("Sign eligibility…"), Action.SIGN_ELIGIBILITY, self._sign),
            ("consent", self.tr("Record consent…"), Action.REGISTER_PATIENT, self._consent),
            ("withdraw", self.tr("Withdraw consent…"), Action.REGISTER_PATIENT, self._withdraw),
        ):
            button = QPushButton(text, self)
            button.setObjectName(f"patient_{key}")
            button.setAutoDefault(False)
            button.clicked.connect(handler)
            button.setVisible(is_allowed(roles, action))
            actions.addWidget(button)
            self.actions[key] = button
        self.start_button = primary_button(self.tr("Start a lot…"))
        self.start_button.setParent(self)
        self.start_button.setObjectName("patient_start")
        self.start_button.setAutoDefault(False)
        self.start_button.clicked.connect(self._start_lot)
        self.start_button.setVisible(is_allowed(roles, Action.REGISTER_PATIENT))
        actions.addStretch(1)
        actions.addWidget(self.start_button)
        card.addLayout(actions)
        layout.addWidget(self.card)

        lots_heading = QLabel(self.tr("Lots of this patient"))
        lots_heading.setStyleSheet("font-size: 15pt; font-weight: 600;")
        layout.addWidget(lots_heading)
        from ui.pages.lots import RowTableView

        self.lots_view = RowTableView(self)
        self.lots_view.setObjectName("patientLots")
        self.lots_view.row_chosen.connect(self._open_row)
        layout.addWidget(self.lots_view, 1)
        self.lots_model = None
        self.card.hide()

    # --- finding -------------------------------------------------------------------------------

    def handle_scan(self, text: str) -> bool:
        """A wristband (or an MRN typed into the scanner field) shows that patient."""
        from labtracker.domain.scan import ScanKind
        from labtracker.services.scan import resolve_scan

        resolution = resolve_scan(self.ctx.db, self.ctx.actor, text)
        if resolution.kind is ScanKind.WRISTBAND and resolution.patient_mrn:
            self.show_patient(resolution.patient_mrn)
            return True
        return False

    def _find_typed(self) -> None:
        text = self.search.text().strip()
        if not text:
            return
        if not self.handle_scan(text):
            self.show_patient(text)

    def show_patient(self, mrn: str) -> None:
        from labtracker.domain.errors import LabtrackerError
        from labtracker.services.patients import enrolment

        show_error(self.error, "")
        try:
            self.enrolment = enrolment(self.ctx.db, self.ctx.actor, mrn)
        except LabtrackerError as error:
            show_error(self.error, str(error))
            return
        self.mrn = self.enrolment.patient.mrn
        self.search.clear()
        self._show()

    def refresh(self) -> None:
        if self.mrn is not None:
            self.show_patient(self.mrn)

    def _show(self) -> None:
        from ui.models.lot_table import LotTableModel
        from ui.pages.lots import show_lots

        assert self.enrolment is not None
        patient = self.enrolment.patient
        eligibility = self.enrolment.eligibility
        consent = self.enrolment.consent
        self.name.setText(patient.display_name)
        self.facts["mrn"].setText(patient.mrn)
        self.facts["born"].setText(patient.date_of_birth.isoformat())
        self.facts["sex"].setText(patient.sex)
        self.facts["subject"].setText(patient.trial_subject_number or "–")
        if eligibility is None:
            self.facts["eligibility"].setText(self.tr("not assessed"))
        else:
            signed = (
                self.tr("signed by {name}").format(name=eligibility.signed_by)
                if eligibility.signed_by
                else self.tr("NOT SIGNED by the investigator")
            )
            self.facts["eligibility"].setText(
                f"{eligibility.outcome.value.replace('_', ' ')}, "
                f"{eligibility.assessed_at:%Y-%m-%d} · {signed}"
            )
        self.facts["consent"].setText(
            self.tr("{version}, {date}").format(
                version=consent.form_version, date=consent.consent_date.isoformat()
            )
            if consent is not None
            else self.tr("none in force")
        )
        if self.enrolment.lot_may_start:
            self.state.setText(self.tr("Ready: a lot may start for this patient."))
            self.state.setStyleSheet(READY)
        else:
            self.state.setText(
                self.tr("No lot may start yet: {why}").format(why=self.enrolment.lot_blocker)
            )
            self.state.setStyleSheet(BLOCKED)
        self.start_button.setEnabled(self.enrolment.lot_may_start)
        has_assessment = eligibility is not None
        self.actions["sign"].setEnabled(has_assessment and not eligibility.signed_by)
        self.actions["withdraw"].setEnabled(consent is not None)
        self.card.show()
        self.lots_model = LotTableModel(self.ctx, search=patient.mrn, parent=self)
        show_lots(self.lots_view, self.lots_model)

    def _open_row(self, row: int) -> None:
        if self.lots_model is not None and 0 <= row < self.lots_model.rowCount():
            self.navigator.open_lot(self.lots_model.din_at(row))

    # --- the forms -----------------------------------------------------------------------------

    def _open(self, form, *, then=None) -> None:
        form.saved.connect(lambda saved: then(saved) if then else self.refresh())
        form.open()
        self.open_form = form

    def _register(self) -> None:
        from ui.forms.patients import RegisterPatientForm

        form = RegisterPatientForm(self.ctx, parent=self)
        self._open(form, then=lambda saved: self.show_patient(saved.result.mrn))

    def _assess(self) -> None:
        from ui.forms.patients import EligibilityForm

        self._open(EligibilityForm(self.ctx, self.mrn, parent=self))

    def _sign(self) -> None:
        from ui.forms.patients import SignEligibilityForm

        self._open(SignEligibilityForm(self.ctx, self.mrn, parent=self))

    def _consent(self) -> None:
        from ui.forms.patients import ConsentForm

        self._open(ConsentForm(self.ctx, self.mrn, parent=self))

    def _withdraw(self) -> None:
        from ui.forms.patients import WithdrawConsentForm

        self._open(WithdrawConsentForm(self.ctx, self.mrn, parent=self))

    def _start_lot(self) -> None:
        from ui.forms.lots import StartLotForm

        form = StartLotForm(self.ctx, self.mrn, parent=self)
        self._open(form)
        # The form stays open to show the new DIN; once closed, the new lot's page opens.
        form.finished.connect(lambda _code: self._open_started(form))

    def _open_started(self, form) -> None:
        saved = form.result
        din = getattr(saved, "din", None) if saved is not None else None
        if din:
            self.navigator.open_lot(din)
