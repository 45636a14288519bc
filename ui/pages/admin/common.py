"""What the administration screens share: the page frame (heading, who may do what, the line
that says what was just saved), the table, the change form with its reason, and the rule
that a button someone may not use is disabled and says who may."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from labtracker.clock import get_clock
from labtracker.domain.permissions import Action, Role, is_allowed, roles_allowed
from ui.forms.base import FieldError, StepForm
from ui.i18n import role_name
from ui.widgets import show_error

if TYPE_CHECKING:
    from ui.context import Navigator, WorkContext

ROW_HEIGHT = 42
TWO_LINE_HEADER = 60
PAGE_STYLE = """
QWidget#adminPage QLabel { font-size: 12pt; }
QWidget#adminPage QLabel#pageHeading { font-size: 20pt; font-weight: 700; }
QWidget#adminPage QLabel#sectionHeading { font-size: 15pt; font-weight: 700; }
QLabel#pageNote { color: #444; }
QLabel#accessNote { background: #eef1f5; border-left: 5px solid #5f6368; padding: 8px; }
QLabel#statusLine { background: #e8f5e9; border-left: 5px solid #1b5e20; padding: 8px;
                    font-weight: 600; }
QLabel#problemLine { background: #ffebee; border-left: 5px solid #b71c1c; padding: 8px;
                     color: #b71c1c; font-weight: 600; }
QPushButton { font-size: 12pt; min-height: 40px; padding: 0 14px; }
QComboBox, QLineEdit { font-size: 12pt; min-height: 38px; padding: 0 6px; }
QCheckBox { font-size: 12pt; min-height: 32px; }
QTabBar::tab { font-size: 12pt; min-height: 36px; padding: 0 18px; }
QTableView { font-size: 12pt; gridline-color: #d5d9de; alternate-background-color: #f6f8fa;
             selection-background-color: #1565c0; selection-color: white; }
QTableView:focus { border: 2px solid #1565c0; }
QHeaderView::section { font-size: 12pt; font-weight: 600; padding: 4px 6px; background: #eef1f5;
                       border: none; border-right: 1px solid #d5d9de;
                       border-bottom: 1px solid #c8ccd2; }
QLabel#valueLabel { font-weight: 600; }
QLabel#rangeLabel { color: #555; }
"""
FORM_EXTRA_STYLE = """
QLabel#formNotice { background: #fff3e0; border-left: 5px solid #ff8f00; padding: 8px; }
QLabel#formInfo { background: #eef1f5; border-left: 5px solid #5f6368; padding: 8px; }
QCheckBox { font-size: 13pt; min-height: 34px; }
QComboBox { font-size: 14pt; min-height: 40px; padding: 0 8px; }
"""
_DAY = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


# --- who may --------------------------------------------------------------------------------


def may(ctx: WorkContext, action: Action) -> bool:
    """Whether the signed-in person's roles allow the action (the service checks again)."""
    return is_allowed(ctx.actor.roles, action)


def who_may(action: Action) -> str:
    """The roles that may do `action`, by their display names ("QA or Administrator")."""
    names = [role_name(role) for role in Role if role in roles_allowed(action)]
    if len(names) <= 1:
        return "".join(names)
    return (
        ", ".join(names[:-1])
        + " "
        + QCoreApplication.translate("AdminPages", "or")
        + " "
        + names[-1]
    )


def only_text(action: Action, doing: str) -> str:
    """ "Only QA may release or reject material lots." """
    return QCoreApplication.translate("AdminPages", "Only {roles} may {doing}.").format(
        roles=who_may(action), doing=doing
    )


def guard(button: QAbstractButton, ctx: WorkContext, action: Action, doing: str) -> bool:
    """Disable `button` with a tooltip naming who may, unless the person may; True if they may."""
    allowed = may(ctx, action)
    button.setProperty("allowed", allowed)
    if not allowed:
        button.setEnabled(False)
        button.setToolTip(only_text(action, doing))
    return allowed


def site_zone(ctx: WorkContext) -> ZoneInfo | None:
    """The site's time zone (None before the site is set up)."""
    from labtracker.domain.errors import LabtrackerError
    from labtracker.services.site import site_info

    try:
        return ZoneInfo(site_info(ctx.db).timezone)
    except LabtrackerError:
        return None


def site_today(zone: ZoneInfo | None) -> date:
    """Today's date on the site's calendar (expiry and calibration dates are site days)."""
    now = get_clock().now()
    return (now.astimezone(zone) if zone else now).date()


# --- the page --------------------------------------------------------------------------------


class AdminPage(QWidget):
    """Heading, a note of what this person may do here, the saved/refused line, then the
    page's own content in `self.body`."""

    def __init__(
        self,
        ctx: WorkContext,
        navigator: Navigator,
        heading: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("adminPage")
        self.setStyleSheet(PAGE_STYLE)
        self.ctx = ctx
        self.navigator = navigator
        self.forms: list[StepForm] = []
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(16, 12, 16, 12)
        self.body.setSpacing(8)
        self.heading = QLabel(heading)
        self.heading.setObjectName("pageHeading")
        self.body.addWidget(self.heading)
        self.access_note = QLabel()
        self.access_note.setObjectName("accessNote")
        self.access_note.setWordWrap(True)
        self.access_note.setTextFormat(Qt.TextFormat.PlainText)
        self.access_note.hide()
        self.body.addWidget(self.access_note)
        self.status_line = QLabel()
        self.status_line.setObjectName("statusLine")
        self.status_line.setWordWrap(True)
        self.status_line.setTextFormat(Qt.TextFormat.PlainText)
        self.status_line.hide()
        self.body.addWidget(self.status_line)
        self.problem_line = QLabel()
        self.problem_line.setObjectName("problemLine")
        self.problem_line.setWordWrap(True)
        self.problem_line.setTextFormat(Qt.TextFormat.PlainText)
        self.problem_line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem_line.hide()
        self.body.addWidget(self.problem_line)
        # F5 reads the page again; only while focus is on this page (other pages use F5 too).
        QShortcut(
            QKeySequence("F5"),
            self,
            activated=lambda: self.refresh(),
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )

    def set_access_note(self, text: str) -> None:
        show_error(self.access_note, text)

    def show_status(self, text: str) -> None:
        """What was just saved, in words (the green line under the heading)."""
        show_error(self.problem_line, "")
        show_error(self.status_line, self.tr("Saved: {what}").format(what=text) if text else "")

    def show_problem(self, text: str) -> None:
        """Why the page could not read what it shows (a role withdrawn, no site yet)."""
        show_error(self.problem_line, text)

    def open_form(self, form: StepForm) -> StepForm:
        """Show a change form over the page; the page reads again after a save."""
        self.forms = [f for f in self.forms if f.isVisible()]
        self.forms.append(form)
        form.saved.connect(lambda saved: self._form_saved(saved.summary))
        form.open()
        return form

    def _form_saved(self, summary: str) -> None:
        self.refresh()
        self.show_status(summary)

    def refresh(self) -> None:  # pragma: no cover - each page reads its own
        raise NotImplementedError

    def handle_scan(self, text: str) -> bool:
        """The administration screens take no scans: the workspace opens what a scan names."""
        return False


def section_heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("sectionHeading")
    return label


def button_row(*buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setSpacing(8)
    for button in buttons:
        button.setAutoDefault(False)
        row.addWidget(button)
    row.addStretch(1)
    return row


class AdminTable(QTableView):
    """A read-only table of whole rows, one selected at a time, rows a finger can hit."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setTabKeyNavigation(False)  # Tab leaves the table, as in a form
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        rows = self.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(ROW_HEIGHT)
        header = self.horizontalHeader()
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        header.setMinimumHeight(ROW_HEIGHT)
        header.setTextElideMode(Qt.TextElideMode.ElideNone)  # keeps two-line headings whole
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

    def set_widths(self, widths: dict[int, int]) -> None:
        """Column widths in pixels; the last column takes what is left. A heading written on
        two lines ("Growth area\n(cm²)") makes the header two lines high."""
        for column, width in widths.items():
            self.setColumnWidth(column, width)
        model = self.model()
        if model is not None and any(
            "\n" in str(model.headerData(c, Qt.Orientation.Horizontal) or "")
            for c in range(model.columnCount())
        ):
            self.horizontalHeader().setMinimumHeight(TWO_LINE_HEADER)

    def selected_row(self) -> int:
        """The selected row, or -1."""
        model = self.selectionModel()
        rows = model.selectedRows() if model else []
        return rows[0].row() if rows else -1

    def select_row(self, row: int) -> None:
        if self.model() is not None and 0 <= row < self.model().rowCount():
            self.setCurrentIndex(self.model().index(row, 0))
            self.selectRow(row)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter (a scanner's, or a stray press) never starts anything from a table.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)


# --- the change form -------------------------------------------------------------------------


class AdminForm(StepForm):
    """One change from an administration screen: its fields, then the reason (who/what/why,
    21 CFR 11.10(e)); Save calls one service. A refusal is shown beside the field it names
    and nothing is saved; Enter never saves (scanners end with Enter)."""

    def __init__(
        self, ctx: WorkContext, heading: str, parent: QWidget | None = None, *, save_text: str = ""
    ) -> None:
        super().__init__(ctx, None, parent)
        self.setStyleSheet(self.styleSheet() + FORM_EXTRA_STYLE)
        self.setWindowTitle(heading)
        self.setMinimumWidth(720)
        title = self.findChild(QLabel, "formHeading")
        if title is not None:
            title.setText(heading)
            title.setWordWrap(True)
        if save_text:
            self.save_button.setText(save_text)
        self.cancel_button.setText(self.tr("Cancel"))
        self._stretched = False

    def add_field(self, key: str, label: str, widget: QWidget, **options) -> QWidget:
        # Text fields wide enough for a name or a URL; short fields (numbers, dates) keep the
        # narrow width they were made with.
        if isinstance(widget, QLineEdit) and widget.maximumWidth() > 10_000:
            widget.setMinimumWidth(max(widget.minimumWidth(), 360))
        return super().add_field(key, label, widget, **options)

    def showEvent(self, event: QShowEvent) -> None:
        if not self._stretched:
            # The fields sit at the top; spare height goes below them, not between them.
            self.grid.setRowStretch(self.grid.rowCount(), 1)
            self._stretched = True
        super().showEvent(event)

    def add_notice(self, text: str, *, warning: bool = True) -> QLabel:
        """A paragraph across the form: amber for a warning (with the word), grey for a note."""
        label = QLabel(text)
        label.setObjectName("formNotice" if warning else "formInfo")
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        self.grid.addWidget(label, self.grid.rowCount(), 0, 1, 2)
        return label

    def add_reason(self, hint: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setMaxLength(2000)
        edit.setPlaceholderText(self.tr("e.g. change request CR-2026-014"))
        self.add_field(
            "reason",
            self.tr("Reason"),
            edit,
            hint=hint
            or self.tr("Kept in the audit trail with your name, the time and the change."),
        )
        edit.setMinimumWidth(360)
        return edit

    def reason(self) -> str:
        text = self.text("reason")
        if not text:
            raise FieldError(
                "reason", self.tr("Give the reason for this change; it goes into the audit trail.")
            )
        return text

    def day(self, key: str, *, required: bool = True) -> date | None:
        """A date typed as YYYY-MM-DD."""
        text = self.text(key)
        label = self._fields[key].label
        if not text:
            if required:
                raise FieldError(key, self.tr("{label} is required.").format(label=label))
            return None
        match = _DAY.match(text)
        try:
            if match is None:
                raise ValueError
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            raise FieldError(
                key,
                self.tr("{label} must be a date written YYYY-MM-DD; you entered {text}.").format(
                    label=label, text=text
                ),
            ) from None

    def handle_scan(self, text: str) -> bool:
        show_error(self.banner, self.tr("This form does not take scans; type the values."))
        return True


def day_edit(placeholder: str = "YYYY-MM-DD") -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    edit.setMaximumWidth(220)
    return edit
