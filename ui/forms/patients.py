"""Patient forms: registration, eligibility against the trial's criteria with the outcome
decided live as answers come in, the investigator's signature, and consent.

This module also holds what the service-action forms share beyond `StepForm` (big choice
buttons, section headings, a live verdict in the pass/fail/pending colours, a result panel
shown after saving); the lot, quality, deviation and custody forms import them from here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpacerItem,
    QVBoxLayout,
    QWidget,
)

from labtracker.domain.lot_states import LotStatus
from labtracker.domain.permissions import Action
from ui.forms.base import (
    FieldError,
    Saved,
    StepForm,
    datetime_edit,
    edited_datetime,
    number_edit,
    site_zone,
)
from ui.i18n import with_colon

if TYPE_CHECKING:
    from labtracker.services.patients import Enrolment, PatientView
    from labtracker.services.scan import ScanResolution
    from ui.context import WorkContext

PASS_COLOUR, FAIL_COLOUR, PENDING_COLOUR = "#1b5e20", "#b71c1c", "#ff8f00"

LIVE_FORM_STYLE = f"""
QComboBox, QDateTimeEdit, QDateEdit {{ font-size: 14pt; min-height: 40px; padding: 0 8px; }}
QPlainTextEdit {{ font-size: 13pt; }}
QCheckBox {{ font-size: 13pt; min-height: 40px; }}
QCheckBox::indicator {{ width: 24px; height: 24px; }}
QLabel#formSection {{ font-size: 15pt; font-weight: 700; color: #0d47a1;
                      border-bottom: 2px solid #c5d3e8; padding-top: 14px; }}
QLabel#statusLine {{ color: #333; }}
QLineEdit[readOnly="true"] {{ background: #eceff3; color: #1a1a1a; }}
QLabel#statusLine[state="pass"] {{ color: {PASS_COLOUR}; font-weight: 600; }}
QLabel#statusLine[state="fail"] {{ color: {FAIL_COLOUR}; font-weight: 600; }}
QLabel#statusLine[state="pending"] {{ color: #8a4b00; font-weight: 600; }}
QPushButton[choice="true"] {{ background: #f5f7fa; color: #1a1a1a; border: 2px solid #9aa7b8;
                             border-radius: 6px; font-weight: 600; padding: 0 14px; }}
QPushButton[choice="true"]:checked {{ background: #1565c0; color: white;
                                     border-color: #0d47a1; }}
QPushButton[choice="true"]:focus {{ border: 3px solid #0d2f5e; }}
QPushButton[choice="true"]:disabled {{ color: #9aa7b8; border-color: #d5dbe3; }}
QLabel#verdict {{ font-size: 15pt; font-weight: 800; padding: 8px 12px; border-radius: 6px; }}
QLabel#verdict[state="pass"] {{ background: {PASS_COLOUR}; color: white; }}
QLabel#verdict[state="fail"] {{ background: {FAIL_COLOUR}; color: white; }}
QLabel#verdict[state="pending"] {{ background: {PENDING_COLOUR}; color: black; }}
QLabel#verdict[state="none"] {{ background: #eceff3; color: #333; }}
QFrame#donePanel {{ background: #eef6ee; border: 2px solid {PASS_COLOUR}; border-radius: 8px; }}
QFrame#donePanel[state="fail"] {{ background: #fbeaea; border-color: {FAIL_COLOUR}; }}
QFrame#donePanel[state="pending"] {{ background: #fff4e0; border-color: {PENDING_COLOUR}; }}
QLabel#doneText {{ font-size: 15pt; }}
QLabel#doneCode {{ font-size: 26pt; font-weight: 800; font-family: monospace; }}
QLabel#doneCheck {{ font-size: 26pt; font-weight: 800; font-family: monospace;
                    border: 3px solid black; background: white; padding: 0 10px; }}
"""


def repolish(widget: QWidget) -> None:
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def set_state(label: QLabel, state: str, text: str) -> None:
    """Show `text` in the colour of `state` (pass, fail, pending, none); the text itself
    always carries the word too (PASS, FAIL…), never the colour alone."""
    label.setText(text)
    label.setProperty("state", state)
    repolish(label)


class ChoiceButtons(QWidget):
    """One choice among a few, as big toggle buttons (gloved fingers, touch screens); the
    chosen one is filled and ticked. `value()` is None until someone chooses."""

    changed = Signal(str)

    def __init__(
        self,
        options: Sequence[tuple[str, str]],
        *,
        columns: int = 0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._texts = dict(options)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(8)
        for index, (value, text) in enumerate(options):
            button = QPushButton(text)
            button.setCheckable(True)
            button.setAutoDefault(False)
            button.setProperty("choice", True)
            button.setObjectName(f"choice_{value}")
            button.setMinimumWidth(96)
            self.group.addButton(button)
            self.buttons[value] = button
            row, column = divmod(index, columns) if columns else (0, index)
            grid.addWidget(button, row, column)
        if not columns:
            grid.setColumnStretch(len(options), 1)
        self.group.buttonToggled.connect(self._toggled)

    def value(self) -> str | None:
        for value, button in self.buttons.items():
            if button.isChecked():
                return value
        return None

    def set_value(self, value: str | None) -> None:
        if value is None:
            self.group.setExclusive(False)
            for button in self.buttons.values():
                button.setChecked(False)
            self.group.setExclusive(True)
            return
        self.buttons[value].setChecked(True)

    def set_allowed(self, values: Sequence[str]) -> None:
        """Only these choices can be made now; a chosen one no longer allowed is cleared."""
        if self.value() is not None and self.value() not in values:
            self.set_value(None)
        for value, button in self.buttons.items():
            button.setEnabled(value in values)

    def _toggled(self, button: QAbstractButton, checked: bool) -> None:
        value = button.objectName().removeprefix("choice_")
        # The tick says which is chosen without relying on the fill colour alone.
        button.setText(("✓ " if checked else "") + self._texts[value])
        if checked:
            self.changed.emit(value)
        elif self.value() is None:
            self.changed.emit("")


class LiveStepForm(StepForm):
    """A `StepForm` with what the service-action forms share: more kinds of live field,
    section headings, status lines under fields, a coloured verdict, and a result panel
    that stays after saving (a new DIN or sample code to copy onto a tube).

    Each form also says `applies_to` (the lot statuses it belongs to; () for any or none) and
    `required_action` (what the person must be allowed to do for the form to be offered)."""

    applies_to: tuple[LotStatus, ...] = ()
    required_action = Action.RECORD_CULTURE_STEP

    def __init__(self, ctx: WorkContext, din: str | None = None, parent: QWidget | None = None):
        super().__init__(ctx, din, parent)
        self._ready = False
        self.setStyleSheet(self.styleSheet() + LIVE_FORM_STYLE)
        self.zone = site_zone(ctx)
        self._status: dict[str, QLabel] = {}
        self._hints: dict[str, str] = {}
        self._last_scan = ""
        self.done_panel: QFrame | None = None
        self.done_code: tuple[str, str | None] | None = None  # (code, check character)
        self.done_actions: list[QPushButton] = []
        self.done_state = "pass"  # the result panel's colour: pass, pending or fail
        self.verdict: QLabel | None = None

    # --- building -------------------------------------------------------------------------

    def add_field(
        self,
        key: str,
        label: str,
        widget: QWidget,
        *,
        unit: str = "",
        hint: str = "",
        aliases: tuple[str, ...] = (),
        wide: bool | None = None,
    ) -> QWidget:
        """As `StepForm.add_field`, for any input widget; the hint line under it can later
        show a live status (`set_status`). `wide` fields take the whole width (default for
        multi-line text and criterion rows)."""
        row = self.grid.rowCount()
        if isinstance(widget, QLineEdit | QComboBox) and widget.maximumWidth() > 10_000:
            widget.setMinimumWidth(400)  # names, places, codes: room to read them whole
        super().add_field(key, label, widget, unit=unit, aliases=aliases)
        if wide is None:
            wide = isinstance(widget, QPlainTextEdit | CriterionRow)
        if not isinstance(widget, CriterionRow):
            # The label level with the field's first line (a criterion's starts with text).
            name = self.grid.itemAtPosition(row, 0).widget()
            name.setMinimumHeight(40)
            name.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if wide:
            line = self.grid.itemAtPosition(row, 1).layout()
            line.setStretch(0, 1)
            line.setStretch(line.count() - 1, 0)
        status = QLabel(hint)
        status.setObjectName("statusLine")
        status.setProperty("state", "none")
        status.setWordWrap(True)
        status.setTextFormat(Qt.TextFormat.PlainText)
        status.setVisible(bool(hint))
        self.grid.addWidget(status, self.grid.rowCount(), 1)
        # A gap after each field, so a hint reads as its field's, not the next one's.
        self.grid.addItem(
            QSpacerItem(0, 12, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed),
            self.grid.rowCount(),
            1,
        )
        self._status[key] = status
        self._hints[key] = hint
        self.connect_live(widget)
        return widget

    def connect_live(self, widget: QWidget) -> None:
        """Recompute as this widget changes (line and date edits are connected already)."""
        if isinstance(widget, ChoiceButtons):
            widget.changed.connect(self.changed_live)
        elif isinstance(widget, QComboBox):
            widget.currentTextChanged.connect(self.changed_live)
        elif isinstance(widget, QPlainTextEdit):
            widget.textChanged.connect(self.changed_live)
        elif isinstance(widget, QCheckBox):
            widget.toggled.connect(self.changed_live)

    def changed_live(self, *_: object) -> None:
        self._changed()

    def add_section(self, title: str) -> QLabel:
        heading = QLabel(title)
        heading.setObjectName("formSection")
        self.grid.addWidget(heading, self.grid.rowCount(), 0, 1, 2)
        return heading

    def add_row_widget(self, widget: QWidget) -> QWidget:
        """A line under the fields, in the value column (a patient's details, a note)."""
        self.grid.addWidget(widget, self.grid.rowCount(), 1)
        return widget

    def add_verdict(self) -> QLabel:
        """The live verdict across the computed panel: a word and a colour."""
        self.verdict = QLabel()
        self.verdict.setObjectName("verdict")
        self.verdict.setWordWrap(True)
        self.verdict.setTextFormat(Qt.TextFormat.PlainText)
        set_state(self.verdict, "none", "–")
        self.computed_grid.addWidget(self.verdict, self.computed_grid.rowCount(), 0, 1, 4)
        self.computed_panel.show()
        return self.verdict

    def set_status(self, key: str, text: str, state: str = "none") -> None:
        """The line under a field: its hint, or what the value entered means."""
        label = self._status[key]
        shown = text or self._hints.get(key, "")
        set_state(label, state if text else "none", shown)
        label.setVisible(bool(shown))

    def status(self, key: str) -> str:
        label = self._status[key]
        return label.text() if label.isVisible() else ""

    def add_wide_computed(self, key: str, label: str) -> QLabel:
        """A computed figure too long to share its line (a holder, a sentence); add these
        after the paired ones of `add_computed`."""
        row = self.computed_grid.rowCount()
        name = QLabel(with_colon(label))
        value = QLabel("–")
        value.setObjectName(f"computed_{key}")
        value.setWordWrap(True)
        value.setStyleSheet("font-size: 14pt; font-weight: 700;")
        self.computed_grid.addWidget(name, row, 0)
        self.computed_grid.addWidget(value, row, 1, 1, 3)
        self._computed[key] = value
        self.computed_panel.show()
        return value

    def ready(self) -> None:
        """Fields are built: start computing live."""
        # Rows keep their height when the form is taller than its fields.
        self.grid.setRowStretch(self.grid.rowCount(), 1)
        self.grid.setVerticalSpacing(2)
        self._ready = True
        self._changed()

    # --- live -----------------------------------------------------------------------------

    def recompute(self) -> None:
        if self._ready:
            self.live()

    def live(self) -> None:
        """Validate and compute from the fields as they are now (FieldError for a bad one)."""

    def optional_number(self, key: str, low: float, high: float, allowed: str) -> float | None:
        """A number in a field, checked against its range as the user types."""
        value = self.number(key, required=False)
        if value is not None and not low <= value <= high:
            label = self._fields[key].label
            raise FieldError(
                key,
                self.tr("{label} must be {allowed}; you entered {value}.").format(
                    label=label, allowed=allowed, value=f"{value:g}"
                ),
            )
        return value

    def plain_text(self, key: str) -> str:
        widget = self.field(key)
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText().strip()
        if isinstance(widget, QComboBox):
            return widget.currentText().strip()
        return self.text(key)

    def moment(self, key: str):  # -> datetime
        return edited_datetime(self.field(key))

    def today(self) -> date:
        from labtracker.clock import get_clock

        return get_clock().now().astimezone(self.zone).date()

    def date_edit(self, value: date | None = None, *, latest: date | None = None) -> QDateEdit:
        edit = QDateEdit()
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setCalendarPopup(True)
        edit.setMaximumWidth(220)
        if latest is not None:
            edit.setMaximumDate(QDate(latest.year, latest.month, latest.day))
        chosen = value or self.today()
        edit.setDate(QDate(chosen.year, chosen.month, chosen.day))
        return edit

    @staticmethod
    def edited_date(edit: QDateEdit) -> date:
        shown = edit.date()
        return date(shown.year(), shown.month(), shown.day())

    # --- scans ----------------------------------------------------------------------------

    def handle_scan(self, text: str) -> bool:
        self._last_scan = text
        return super().handle_scan(text)

    def route_scans(self, edit: QLineEdit) -> None:
        """A scanner typing into this field ends with Enter: check what was scanned (a wrong
        lot or patient stops everything) instead of leaving the raw code in the field."""
        edit.returnPressed.connect(lambda: self._scanned_into(edit))

    def _scanned_into(self, edit: QLineEdit) -> None:
        from ui.hard_stop import open_stop

        if not edit.text().strip():
            return
        self.handle_scan(edit.text())
        if open_stop(self) is not None:
            edit.clear()  # nothing of a stopped scan stays in the form

    def scanned_code(self) -> str:
        """The code of the last scan, cleaned as the domain reads it ("…-QC03", "RL000001")."""
        from labtracker.domain.scan import classify

        return classify(self._last_scan).code or ""

    # --- after saving ---------------------------------------------------------------------

    def after_save(self, result: Saved) -> str | None:
        """Rich text to keep on screen after saving (None: close the form at once). It may
        also set `done_code` (a DIN or code shown large) and `done_actions` (buttons)."""
        return None

    def _finish(self) -> None:
        assert self.result is not None
        shown = self.after_save(self.result)
        if shown is None:
            super()._finish()
            return
        self.saved.emit(self.result)
        self.show_done(shown)

    def show_done(self, html: str) -> None:
        """Replace Save by a result panel; the form stays until Close."""
        # What was saved is what matters now: the fields go, the result stays.
        self.findChild(QScrollArea).hide()
        self.computed_panel.hide()
        self.done_panel = QFrame()
        self.done_panel.setObjectName("donePanel")
        self.done_panel.setProperty("state", self.done_state)
        layout = QVBoxLayout(self.done_panel)
        text = QLabel(html)
        text.setObjectName("doneText")
        text.setTextFormat(Qt.TextFormat.RichText)
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(text)
        self.done_text = text
        if self.done_code is not None:
            layout.addWidget(code_line(*self.done_code))
        if self.done_actions:
            row = QHBoxLayout()
            for button in self.done_actions:
                button.setAutoDefault(False)
                row.addWidget(button)
            row.addStretch(1)
            layout.addLayout(row)
        outer = self.layout()
        outer.insertWidget(outer.count() - 1, self.done_panel)
        outer.insertStretch(outer.count() - 1, 1)
        self.done_panel.show()
        self.save_button.hide()
        self.cancel_button.hide()
        # A new button rather than rewiring Cancel: nothing is cancelled any more.
        self.close_button = QPushButton(self.tr("&Close"))
        self.close_button.setObjectName("closeButton")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.accept)
        self.findChild(QDialogButtonBox).addButton(
            self.close_button, QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.close_button.show()
        self.close_button.setFocus()


def code_line(code: str, check: str | None = None) -> QWidget:
    """A DIN or sample code, large, to copy onto a tube; a DIN's check character in its box,
    as on the labels."""
    line = QWidget()
    row = QHBoxLayout(line)
    row.setContentsMargins(0, 4, 0, 4)
    shown = QLabel(code)
    shown.setObjectName("doneCode")
    shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    row.addWidget(shown)
    if check is not None:
        box = QLabel(check)
        box.setObjectName("doneCheck")
        row.addWidget(box)
    row.addStretch(1)
    return line


def translate(context: str, text: str) -> str:
    """A string marked with QT_TRANSLATE_NOOP, translated in the context it was marked in."""
    return QCoreApplication.translate(context, text)


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


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
            mrn = _mrn_from(self.ctx, typed)
            if mrn is None:
                raise FieldError(
                    "mrn",
                    self.tr("MRN must be 4–40 letters, digits or '-'; you entered {t}.").format(
                        t=typed
                    ),
                )
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
        mrn = _mrn_from(self.ctx, typed)
        if mrn is None:
            raise FieldError(
                "mrn",
                self.tr("MRN must be 4–40 letters, digits or '-'; you entered {t}.").format(
                    t=typed
                ),
            )
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
        self.latest_line = QLabel()
        self.latest_line.setObjectName("statusLine")
        self.latest_line.setWordWrap(True)
        self.add_row_widget(self.latest_line)
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
        self.result = Saved(
            self.result.summary + self.tr(", signed by {name}").format(name=view.signed_by),
            record_table=self.result.record_table,
            record_id=self.result.record_id,
            result=view,
        )
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
        self.result = Saved(
            self.result.summary + self.tr(", signed by {name}").format(name=view.signed_by),
            record_table="eligibility_assessment",
            record_id=view.assessment_id,
            result=view,
        )
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
        self.consent_line = QLabel()
        self.consent_line.setObjectName("statusLine")
        self.consent_line.setWordWrap(True)
        self.add_row_widget(self.consent_line)
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
