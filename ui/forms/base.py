"""What every step form shares: the lot it is for, shown large at the top; fields with their
units and an error line beside each; figures computed live as values are typed; one Save
that calls one service; the signature afterwards; and scans checked against the form's lot.

A subclass builds its fields with `add_field`, computes live figures in `recompute`, takes
scans in `take_scan`, and calls its service in `save`, returning what was saved (`Saved`).
The service is the authority: whatever it refuses is shown beside the field it names, and
nothing is saved.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDateTime, Qt, QTimeZone, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui.hard_stop import show_hard_stop
from ui.i18n import domain_text, with_colon
from ui.widgets import FORM_STYLE, primary_button, show_error

if TYPE_CHECKING:
    from labtracker.services.scan import ScanResolution
    from labtracker.services.signatures import Meaning
    from ui.context import WorkContext

STEP_FORM_STYLE = (
    FORM_STYLE
    + """
QFrame#lotHeader { background: #e8f0fb; border: 2px solid #1565c0; border-radius: 8px; }
QLabel#lotHeaderDin { font-size: 18pt; font-weight: 800; font-family: monospace; }
QLabel#lotHeaderCheck { font-size: 18pt; font-weight: 800; font-family: monospace;
                        border: 2px solid black; padding: 0 6px; background: white; }
QLabel#lotHeaderPatient { font-size: 15pt; font-weight: 600; }
QLabel#fieldUnit { color: #333; }
QLabel#fieldError { color: #b71c1c; font-weight: 600; }
QFrame#computedPanel { background: #f3f7ee; border: 1px solid #8bc34a; border-radius: 6px; }
QLabel#computedValue { font-size: 14pt; font-weight: 700; }
QLabel#formBanner { color: white; background: #b71c1c; padding: 8px; border-radius: 4px;
                    font-weight: 600; }
QLineEdit[invalid="true"] { border: 2px solid #b71c1c; }
"""
)


@dataclass(frozen=True)
class Saved:
    """What a form saved: the record to sign, and one line for the status bar."""

    summary: str
    record_table: str | None = None
    record_id: int | None = None
    din: str | None = None
    result: Any = None


class FieldError(ValueError):
    """A value the form itself can tell is wrong before asking the service."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


@dataclass
class _Field:
    key: str
    label: str
    widget: QWidget
    error: QLabel
    aliases: tuple[str, ...]


def boxed_din(din_display: str, check: str) -> str:
    """The DIN as rich text with its check character set apart (white on black: Qt's rich
    text draws no borders on inline text). Where a widget can be used, a bordered label
    shows the box exactly as the labels print it (see StepForm's header)."""
    return (
        f"{din_display}&nbsp;<span style='background-color: #000000; color: #ffffff;'>"
        f"&nbsp;{check}&nbsp;</span>"
    )


def parse_number(key: str, label: str, text: str, *, whole: bool = False) -> float | None:
    """A number typed in a field ('' → None); a comma decimal separator is accepted."""
    cleaned = text.strip().replace(" ", "").replace(",", ".") if text else ""
    if not cleaned:
        return None
    not_a_number = QCoreApplication.translate(
        "StepForm", "{label} must be a number; you entered {text}."
    ).format(label=label, text=text.strip())
    try:
        value = float(cleaned)
    except ValueError:
        raise FieldError(key, not_a_number) from None
    if not math.isfinite(value):
        raise FieldError(key, not_a_number)
    if whole and value != int(value):
        raise FieldError(
            key,
            QCoreApplication.translate(
                "StepForm", "{label} must be a whole number; you entered {text}."
            ).format(label=label, text=text.strip()),
        )
    return value


def number_edit(placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    edit.setAlignment(Qt.AlignmentFlag.AlignRight)
    edit.setMaximumWidth(220)
    return edit


def site_zone(ctx: WorkContext) -> ZoneInfo:
    from labtracker.services.site import site_info

    return ZoneInfo(site_info(ctx.db).timezone)


def datetime_edit(zone: ZoneInfo, when: datetime | None = None) -> QDateTimeEdit:
    """A date-time field in the site's local time (records are kept in UTC)."""
    from labtracker.clock import get_clock

    edit = QDateTimeEdit()
    edit.setDisplayFormat("yyyy-MM-dd HH:mm")
    edit.setCalendarPopup(True)
    edit.setTimeZone(QTimeZone(zone.key.encode()))
    moment = (when or get_clock().now()).astimezone(UTC)
    edit.setDateTime(QDateTime.fromSecsSinceEpoch(int(moment.timestamp()), QTimeZone.utc()))
    edit.setMaximumWidth(260)
    return edit


def edited_datetime(edit: QDateTimeEdit) -> datetime:
    """The moment a date-time field shows, as an aware UTC datetime (to the minute)."""
    seconds = edit.dateTime().toSecsSinceEpoch()
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=seconds)


def translated_title(form: type) -> str:
    """A form class's title in the current language, looked up under the class that declares
    it (where pyside6-lupdate files its QT_TRANSLATE_NOOP)."""
    owner = next(k for k in form.__mro__ if "title" in vars(k))
    return QCoreApplication.translate(owner.__name__, owner.title)


class StepForm(QDialog):
    """A modal form for one step of one lot (or of no lot: materials, equipment)."""

    saved = Signal(object)  # Saved

    #: Signed after saving with this meaning (None: the step is not signed by its maker).
    sign_meaning: Meaning | None = None
    title = QT_TRANSLATE_NOOP("StepForm", "Step")

    def __init__(self, ctx: WorkContext, din: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.din = din
        self.lot = None
        self.result: Saved | None = None
        self.setObjectName(type(self).__name__)
        # Subclasses mark their title with QT_TRANSLATE_NOOP(<class name>, ...): the class
        # that declares it, which may be a base of this one.
        self.title = translated_title(type(self))
        self.setWindowTitle(self.title)
        self.setStyleSheet(STEP_FORM_STYLE)
        self.setMinimumWidth(760)
        self._fields: dict[str, _Field] = {}
        self._computed: dict[str, QLabel] = {}

        outer = QVBoxLayout(self)
        heading = QLabel(self.title)
        heading.setObjectName("formHeading")
        outer.addWidget(heading)
        if din is not None:
            outer.addWidget(self._lot_header(din))
        self.banner = QLabel()
        self.banner.setObjectName("formBanner")
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.hide()
        outer.addWidget(self.banner)

        body = QWidget()
        self.grid = QGridLayout(body)
        self.grid.setColumnStretch(1, 1)
        self.grid.setHorizontalSpacing(12)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        self.computed_panel = QFrame()
        self.computed_panel.setObjectName("computedPanel")
        self.computed_grid = QGridLayout(self.computed_panel)
        self.computed_panel.hide()
        outer.addWidget(self.computed_panel)

        buttons = QDialogButtonBox()
        self.save_button = primary_button(self.tr("Save"))
        self.save_button.setObjectName("saveButton")
        # Scanners end with Enter: Enter must never save a form by itself.
        self.save_button.setAutoDefault(False)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(
            self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.cancel_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.reject)
        outer.addWidget(buttons)

    def showEvent(self, event: QShowEvent) -> None:
        # QDialogButtonBox makes its accept button the default when shown; a scanner's Enter
        # in any field would then save the form.
        super().showEvent(event)
        self.save_button.setDefault(False)

    # --- building ------------------------------------------------------------------------------

    def _lot_header(self, din: str) -> QFrame:
        from labtracker.services.queries import lot_row

        self.lot = lot_row(self.ctx.db, self.ctx.actor, din)
        frame = QFrame()
        frame.setObjectName("lotHeader")
        row = QHBoxLayout(frame)
        self.header_din = QLabel(self.lot.din_display)
        self.header_din.setObjectName("lotHeaderDin")
        self.header_din.setTextFormat(Qt.TextFormat.PlainText)
        self.header_check = QLabel(self.lot.check_character)
        self.header_check.setObjectName("lotHeaderCheck")
        self.header_check.setToolTip(
            self.tr("Check character (typed after the DIN when entered by hand)")
        )
        self.header_patient = QLabel(
            self.tr("{patient} · MRN {mrn}").format(patient=self.lot.patient_name, mrn=self.lot.mrn)
        )
        self.header_patient.setObjectName("lotHeaderPatient")
        self.header_patient.setTextFormat(Qt.TextFormat.PlainText)
        status = QLabel(domain_text(self.lot.status_label))
        row.addWidget(self.header_din)
        row.addWidget(self.header_check)
        row.addSpacing(16)
        row.addWidget(self.header_patient, 1)
        row.addWidget(status)
        return frame

    def add_field(
        self,
        key: str,
        label: str,
        widget: QWidget,
        *,
        unit: str = "",
        hint: str = "",
        aliases: tuple[str, ...] = (),
    ) -> QWidget:
        """A labelled field with its unit and an error line; `aliases` are the names the
        service uses for it in its refusals (InvalidValueError.field)."""
        row = self.grid.rowCount()
        name = QLabel(with_colon(label))
        name.setBuddy(widget)
        widget.setObjectName(key)
        self.grid.addWidget(name, row, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        line = QHBoxLayout()
        line.addWidget(widget)
        if unit:
            unit_label = QLabel(unit)
            unit_label.setObjectName("fieldUnit")
            line.addWidget(unit_label)
        line.addStretch(1)
        self.grid.addLayout(line, row, 1)
        error = QLabel()
        error.setObjectName("fieldError")
        error.setWordWrap(True)
        error.hide()
        self.grid.addWidget(error, row + 1, 1)
        if hint:
            hint_label = QLabel(hint)
            hint_label.setObjectName("formHint")
            hint_label.setWordWrap(True)
            self.grid.addWidget(hint_label, row + 2, 1)
        self._fields[key] = _Field(key, label, widget, error, (label, *aliases))
        if isinstance(widget, QLineEdit):
            widget.textChanged.connect(self._changed)
        elif isinstance(widget, QDateTimeEdit):
            widget.dateTimeChanged.connect(self._changed)
        return widget

    def field(self, key: str) -> QWidget:
        return self._fields[key].widget

    def text(self, key: str) -> str:
        widget = self._fields[key].widget
        assert isinstance(widget, QLineEdit)
        return widget.text().strip()

    def number(self, key: str, *, whole: bool = False, required: bool = True) -> float | None:
        """The field's number; raises FieldError naming the field when it is not one."""
        spec = self._fields[key]
        value = parse_number(key, spec.label, self.text(key), whole=whole)
        if value is None and required:
            raise FieldError(key, self.tr("{label} is required.").format(label=spec.label))
        return value

    def add_computed(self, key: str, label: str) -> QLabel:
        """A figure the form computes as the user types (shown, never typed)."""
        row = len(self._computed)
        name = QLabel(with_colon(label))
        value = QLabel("–")
        value.setObjectName(f"computed_{key}")
        value.setProperty("role", "computed")
        value.setStyleSheet("font-size: 14pt; font-weight: 700;")
        self.computed_grid.addWidget(name, row // 2, (row % 2) * 2)
        self.computed_grid.addWidget(value, row // 2, (row % 2) * 2 + 1)
        self._computed[key] = value
        self.computed_panel.show()
        return value

    def computed(self, key: str) -> QLabel:
        return self._computed[key]

    # --- live validation -----------------------------------------------------------------------

    def _changed(self, *_: object) -> None:
        show_error(self.banner, "")
        for spec in self._fields.values():
            self._set_error(spec, "")
        try:
            self.recompute()
        except FieldError as error:
            self.show_field_error(error.key, str(error))
        except ValueError as error:  # a domain rule refused a figure: say so beside its field
            if not self._show_service_error(error):
                show_error(self.banner, str(error))

    def recompute(self) -> None:
        """Update computed figures from the fields; raise FieldError for a bad value."""

    def _set_error(self, spec: _Field, message: str) -> None:
        spec.error.setText(message)
        spec.error.setVisible(bool(message))
        spec.widget.setProperty("invalid", bool(message))
        spec.widget.style().unpolish(spec.widget)
        spec.widget.style().polish(spec.widget)

    def show_field_error(self, key: str, message: str) -> None:
        self._set_error(self._fields[key], message)

    def field_error(self, key: str) -> str:
        spec = self._fields[key]
        return spec.error.text() if spec.error.isVisible() else ""

    def _show_service_error(self, error: Exception) -> bool:
        """Put a refusal beside the field it names; False when it names none of ours."""
        name = str(getattr(error, "field", "")).casefold()
        if not name:
            return False
        for spec in self._fields.values():
            if any(name == alias.casefold() for alias in spec.aliases):
                self._set_error(spec, str(error))
                spec.widget.setFocus()
                return True
        return False

    # --- saving --------------------------------------------------------------------------------

    def save(self) -> Saved:
        """Call the service; raise what it raises."""
        raise NotImplementedError

    def submit(self) -> None:
        from labtracker.domain.errors import LabtrackerError

        for spec in self._fields.values():
            self._set_error(spec, "")
        show_error(self.banner, "")
        try:
            self.recompute()
            result = self.save()
        except FieldError as error:
            self.show_field_error(error.key, str(error))
            self._fields[error.key].widget.setFocus()
            return
        except LabtrackerError as error:
            if not self._show_service_error(error):
                show_error(self.banner, str(error))
            return
        self.result = result
        if self.sign_meaning is not None and result.record_id is not None:
            self._ask_signature(result)
        else:
            self._finish()

    def _ask_signature(self, result: Saved) -> None:
        from ui.sign_dialog import SignDialog

        self.sign_dialog = SignDialog(
            self.ctx,
            meaning=self.sign_meaning,
            record_text=f"{self.title}: {result.summary}",
            record_table=result.record_table,
            record_id=result.record_id,
            parent=self,
        )
        self.sign_dialog.finished.connect(lambda _code: self._finish())
        self.sign_dialog.open()

    def _finish(self) -> None:
        self.saved.emit(self.result)
        self.accept()

    # --- scans ---------------------------------------------------------------------------------

    def handle_scan(self, text: str) -> bool:
        """Every scan reaches the form in front. Another lot's code or another patient's
        wristband stops everything; anything else goes to `take_scan`."""
        from labtracker.services.scan import resolve_scan

        resolution = resolve_scan(self.ctx.db, self.ctx.actor, text)
        if self.lot is not None and resolution.din and resolution.din != self.lot.din:
            show_hard_stop(
                self,
                self.tr("wrong lot"),
                self.tr(
                    "You scanned {what}.\n\nThis form is for lot {din} {check}, patient "
                    "{patient} (MRN {mrn})."
                ).format(
                    what=resolution.summary,
                    din=self.lot.din_display,
                    check=self.lot.check_character,
                    patient=self.lot.patient_name,
                    mrn=self.lot.mrn,
                ),
            )
            return True
        if (
            self.lot is not None
            and resolution.patient_mrn is not None
            and resolution.patient_mrn != self.lot.mrn
        ):
            show_hard_stop(
                self,
                self.tr("wrong patient"),
                self.tr(
                    "You scanned the wristband of MRN {scanned}.\n\nThis form is for patient "
                    "{patient} (MRN {mrn})."
                ).format(
                    scanned=resolution.patient_mrn,
                    patient=self.lot.patient_name,
                    mrn=self.lot.mrn,
                ),
            )
            return True
        if not self.take_scan(resolution):
            show_error(
                self.banner,
                self.tr("This form does not take that scan: {what}").format(
                    what=resolution.summary
                ),
            )
        return True

    def take_scan(self, resolution: ScanResolution) -> bool:
        """Use a scan of this form's lot (fill a field); False when it has no use here."""
        return False
