"""What the service-action forms share beyond `StepForm`: `LiveStepForm` (more kinds of live
field, section headings, status lines under fields, a live verdict in the pass/fail/pending
colours, a result panel shown after saving), big `ChoiceButtons`, `set_state` for a coloured
word, `code_line` for a DIN or sample code shown large. The patient, lot, quality, deviation
and custody forms build on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QDate, Qt, Signal
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
from ui.forms.base import FieldError, Saved, StepForm, edited_datetime, site_zone
from ui.i18n import with_colon

if TYPE_CHECKING:
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
        multi-line text and for a widget that `starts_with_text`, as a criterion row does: its
        label then keeps its place at the top)."""
        row = self.grid.rowCount()
        if isinstance(widget, QLineEdit | QComboBox) and widget.maximumWidth() > 10_000:
            widget.setMinimumWidth(400)  # names, places, codes: room to read them whole
        super().add_field(key, label, widget, unit=unit, aliases=aliases)
        text_first = getattr(widget, "starts_with_text", False)
        if wide is None:
            wide = isinstance(widget, QPlainTextEdit) or text_first
        if not text_first:
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

    def add_status_row(self) -> QLabel:
        """A status line of its own under the fields (a patient's consent, the latest
        assessment), written with `set_state`."""
        label = QLabel()
        label.setObjectName("statusLine")
        label.setWordWrap(True)
        self.add_row_widget(label)
        return label

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
