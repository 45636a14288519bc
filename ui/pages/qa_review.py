"""QA review of one lot's batch record, then its release or rejection (21 CFR 11.10(e), 11.50;
EU GMP Annex 11 §9; domain.md "QA release: review of the whole record").

Left: the record's sections, each marked when it holds a corrected value or a signature that
is superseded, invalid or missing, and ticked once the reviewer opened it. Right: every
correction of the lot (click one to go to it), what the release check still blocks on, and
the open section: each entry's fields with corrected values highlighted amber and
"CORRECTED: old → new — who, when — why" written beneath, and its e-signatures with their
state in words and colour.

Release is offered only when the release check passes and every section has been opened as it
stands now (a section that changed after it was opened counts as not reviewed); the release
itself re-reads the record and refuses when it changed since the review. The service checks
everything again and its refusal is shown in full.
"""

from __future__ import annotations

import traceback
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QItemSelectionModel, QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from labtracker.domain.errors import LabtrackerError
from labtracker.domain.lot_states import LotStatus
from labtracker.domain.permissions import Action, is_allowed
from ui.i18n import domain_text
from ui.models.qa_review import (
    FAIL_RED,
    PASS_GREEN,
    PENDING_AMBER,
    CorrectionsModel,
    EntryFieldsModel,
    SectionsModel,
    TabularEntriesModel,
    correction_rows,
    correction_text,
    missing_signatures,
    signature_colour,
    signature_line_text,
)
from ui.pages.page_parts import button_row, plain_label, set_badge, set_banner
from ui.widgets import (
    FORM_STYLE,
    PRIMARY_BUTTON_STYLE,
    error_label,
    primary_button,
    show_error,
)

if TYPE_CHECKING:
    from labtracker.services.batch_record import BatchRecord, Entry, Section
    from labtracker.services.release import ReleaseCheck, ReleaseResult
    from ui.context import Navigator, WorkContext

QA_REVIEW_STYLE = """
QLabel { font-size: 12pt; }
QFrame#reviewHeader { background: #e8f0fb; border: 2px solid #1565c0; border-radius: 8px; }
QLabel#reviewDin { font-size: 20pt; font-weight: 800; font-family: monospace; }
QLabel#reviewCheck { font-size: 20pt; font-weight: 800; font-family: monospace;
                     border: 3px solid #000; background: white; padding: 0 6px; }
QLabel#reviewPatient { font-size: 16pt; font-weight: 700; }
QLabel#statusBadge, QLabel#expiryBadge { font-size: 13pt; font-weight: 700;
                                         border-radius: 6px; padding: 3px 10px; }
QLabel#pageBanner { color: white; background: #b71c1c; padding: 8px; border-radius: 4px;
                    font-weight: 600; }
QLabel#pageBanner[tone="done"] { background: #1b5e20; }
QLabel#boxHeading { font-size: 14pt; font-weight: 800; }
QLabel#sectionHeading { font-size: 17pt; font-weight: 800; }
QLabel#entryTitle { font-size: 13pt; font-weight: 700; }
QLabel#entryWhen { color: #444; }
QLabel#correctedTag { background: #ff8f00; color: #1a1a1a; font-weight: 800;
                      border-radius: 4px; padding: 1px 8px; }
QLabel#correctionLine { background: #ffe0b2; color: #1a1a1a; border-left: 6px solid #ff8f00;
                        padding: 6px 8px; font-weight: 600; }
QLabel#voidLine { background: #eeeeee; color: #b71c1c; padding: 6px 8px; font-weight: 600; }
QLabel#signatureLine { padding: 2px 4px; font-weight: 600; }
QLabel#emptySection, QLabel#reviewNote { color: #444; }
QLabel#progressText { font-size: 13pt; font-weight: 700; }
QFrame#entryCard { background: white; border: 1px solid #c8ccd2; border-radius: 6px; }
QFrame#correctionsBox { border: 2px solid #ff8f00; border-radius: 8px; background: #fffaf2; }
QFrame#correctionsBox[none="true"] { border-color: #c8ccd2; background: white; }
QFrame#blockersPanel { border: 2px solid #b71c1c; border-radius: 8px; background: #ffebee; }
QFrame#blockersPanel[clear="true"] { border-color: #1b5e20; background: #e8f5e9; }
QListView#sectionsList { font-size: 12pt; }
QListView#sectionsList::item { padding: 6px 4px; border-bottom: 1px solid #e0e3e7; }
QListView#sectionsList::item:selected { background: #1565c0; color: white; }
QTableView { font-size: 12pt; gridline-color: #d5d9de; }
QHeaderView::section { font-size: 12pt; font-weight: 600; padding: 4px 6px; background: #eef1f5;
                       border: none; border-right: 1px solid #d5d9de;
                       border-bottom: 1px solid #c8ccd2; }
QPushButton#reviewAction { font-size: 13pt; min-height: 44px; padding: 0 18px; }
QProgressBar { min-height: 14px; max-height: 14px; border: 1px solid #9aa7b8;
               border-radius: 4px; background: #eef1f5; }
QProgressBar::chunk { background: #1b5e20; }
"""
# Most rows the corrections list shows before it scrolls.
CORRECTIONS_VISIBLE = 4
# The height the release check's blockers may take before they scroll.
BLOCKERS_HEIGHT = 130
# The Field column's share of an entry table's width.
FIELD_SHARE = 0.42
UNIT_WIDTH = 90
SIGN_DIALOG_WIDTH = 780


class RecordChangedError(LabtrackerError):
    """The record changed after the reviewer opened it; it must be reviewed again."""


def _label(text: str = "", name: str = "", *, wrap: bool = True) -> QLabel:
    """A plain label the reviewer can select and copy from."""
    return plain_label(text, name, wrap=wrap, selectable=True)


def _status_colour(status: LotStatus) -> str:
    if status is LotStatus.SEEDED:
        return PENDING_AMBER
    if status in (LotStatus.RELEASED, LotStatus.DISPATCHED):
        return PASS_GREEN
    if status in (LotStatus.REJECTED, LotStatus.DISCARDED):
        return FAIL_RED
    return "#37474f"


class FittedTable(QTableView):
    """A read-only table as tall as its rows (the page scrolls, not the table); long text
    wraps. `shares` gives each column's share of the width (None: shared by content)."""

    def __init__(
        self,
        model: Any,
        shares: tuple[float | None, ...] = (),
        *,
        max_rows: int | None = None,
    ) -> None:
        super().__init__()
        self.setModel(model)
        self._shares = shares
        self._max_rows = max_rows
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)
        self.setWordWrap(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from control to control
        rows = self.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        rows.setMinimumSectionSize(32)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setHighlightSections(False)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()

    def _content_widths(self, column: int) -> tuple[int, int]:
        """(narrowest without cutting a word, widest without wrapping) of a column, in pixels,
        the header included; measured bold so a highlighted cell fits too."""
        model = self.model()
        font = QFont(self.font())
        font.setBold(True)
        metrics = QFontMetrics(font)
        padding = 16
        header = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        texts = [header]  # a heading does not wrap
        texts += [
            str(model.data(model.index(row, column)) or "")
            for row in range(model.rowCount())
            if self.columnSpan(row, column) == 1
        ]
        narrow = max(
            (metrics.horizontalAdvance(w) for t in texts[1:] for w in t.split()),
            default=0,
        )
        narrow = max(narrow, metrics.horizontalAdvance(header))
        wide = max(
            (metrics.horizontalAdvance(line) for t in texts for line in t.splitlines()), default=0
        )
        return narrow + padding, wide + padding

    def column_widths(self, width: int) -> list[int]:
        """Fixed shares first; the other columns as a browser lays out a table: each at least
        as wide as its longest word, the room left shared in proportion to what each would
        need not to wrap. Wider than `width` only when the longest words do not fit."""
        columns = self.model().columnCount()
        widths: dict[int, float] = {}
        for column, share in enumerate(self._shares[:columns]):
            if share is not None:
                widths[column] = share * width if share <= 1 else share
        left = max(width - sum(widths.values()), 0)
        free = [c for c in range(columns) if c not in widths]
        if free:
            sizes = {c: self._content_widths(c) for c in free}
            narrow = sum(sizes[c][0] for c in free)
            wide = sum(sizes[c][1] for c in free)
            if wide <= left:  # everything fits on one line: the widest column takes the rest
                for c in free:
                    widths[c] = sizes[c][1]
                widths[max(free, key=lambda c: sizes[c][1])] += left - wide
            elif narrow < left:
                room = (left - narrow) / max(wide - narrow, 1)
                for c in free:
                    low, high = sizes[c]
                    widths[c] = low + (high - low) * room
            else:
                for c in free:
                    widths[c] = sizes[c][0]
        return [max(int(widths[c]), 40) for c in range(columns)]

    def _fit_spanned_rows(self) -> None:
        """A row spanning the table wraps over the whole width, not its first column's."""
        model = self.model()
        columns = model.columnCount()
        if columns < 2:
            return
        metrics = QFontMetrics(self.font())
        for row in range(model.rowCount()):
            if self.columnSpan(row, 0) < columns:
                continue
            width = sum(self.columnWidth(c) for c in range(columns)) - 12
            text = str(model.data(model.index(row, 0)) or "")
            flags = int(Qt.TextFlag.TextWordWrap)
            height = metrics.boundingRect(QRect(0, 0, max(width, 50), 0), flags, text).height()
            self.verticalHeader().resizeSection(row, max(height + 12, 32))

    def fit(self) -> None:
        """Share the width among the columns, then be exactly as tall as the rows."""
        rows = self.model().rowCount()
        scrolls = self._max_rows is not None and rows > self._max_rows
        policy = Qt.ScrollBarPolicy
        wanted = policy.ScrollBarAlwaysOn if scrolls else policy.ScrollBarAlwaysOff
        if self.verticalScrollBarPolicy() != wanted:
            self.setVerticalScrollBarPolicy(wanted)
        width = self.width() - 2 * self.frameWidth()
        if scrolls:
            width -= self.verticalScrollBar().sizeHint().width()
        overflow = False
        if self.model().columnCount() and width > 0:
            widths = self.column_widths(width)
            overflow = sum(widths) > width
            for column, each in enumerate(widths):
                self.setColumnWidth(column, each)
        across = policy.ScrollBarAlwaysOn if overflow else policy.ScrollBarAlwaysOff
        if self.horizontalScrollBarPolicy() != across:
            self.setHorizontalScrollBarPolicy(across)
        self.verticalHeader().resizeSections(QHeaderView.ResizeMode.ResizeToContents)
        self._fit_spanned_rows()
        shown = rows if self._max_rows is None else min(rows, self._max_rows)
        length = sum(self.rowHeight(r) for r in range(shown))
        height = self.horizontalHeader().height() + length
        if overflow:
            height += self.horizontalScrollBar().sizeHint().height()
        self.setFixedHeight(height + 2 * self.frameWidth() + 2)


class RejectDialog(QDialog):
    """The reason for a rejection, before the signature; `reason_given(str)` on Continue."""

    reason_given = Signal(str)

    def __init__(self, lot_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rejectDialog")
        self.setWindowTitle(self.tr("Reject lot"))
        self.setStyleSheet(FORM_STYLE + "QPlainTextEdit { font-size: 13pt; }")
        self.setMinimumWidth(600)
        layout = QVBoxLayout(self)
        heading = _label(self.tr("Reject lot"), "formHeading")
        layout.addWidget(heading)
        layout.addWidget(_label(lot_text))
        hint = _label(
            self.tr(
                "A rejected lot must not be implanted; rejection cannot be undone. Say why "
                "(the failed test, the deviation): it is printed with the decision."
            ),
            "formHint",
        )
        layout.addWidget(hint)
        prompt = QLabel(self.tr("&Reason for rejection:"))
        layout.addWidget(prompt)
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("rejectReason")
        self.reason.setTabChangesFocus(True)
        self.reason.setMinimumHeight(120)
        prompt.setBuddy(self.reason)
        layout.addWidget(self.reason)
        self.error = error_label()
        layout.addWidget(self.error)
        buttons, self.continue_button, self.cancel_button = button_row(
            self.tr("&Continue to signature…"), self.tr("Cancel")
        )
        layout.addLayout(buttons)
        self.continue_button.clicked.connect(self._continue)
        self.cancel_button.clicked.connect(self.reject)
        self.reason.setFocus()

    def _continue(self) -> None:
        reason = " ".join(self.reason.toPlainText().split())
        if not reason:
            show_error(self.error, self.tr("Enter the reason for rejection."))
            self.reason.setFocus()
            return
        show_error(self.error, "")
        self.accept()
        self.reason_given.emit(reason)


class QaReviewPage(QWidget):
    """One lot's batch record for QA review, with its release or rejection."""

    released = Signal(object)  # ReleaseResult
    rejected = Signal(object)  # ReleaseResult

    def __init__(
        self, ctx: WorkContext, navigator: Navigator, din: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("qaReviewPage")
        self.setStyleSheet(QA_REVIEW_STYLE)
        self.ctx = ctx
        self.navigator = navigator
        self.din = din
        self.record: BatchRecord | None = None
        self.check: ReleaseCheck | None = None
        self.zone: ZoneInfo | None = None
        # Section number → the section as the reviewer opened it.
        self._opened: dict[int, Section] = {}
        self._generation = 0
        self._entry_widgets: list[tuple[QFrame, FittedTable | None]] = []
        self._tabular_table: FittedTable | None = None
        self.sign_dialog: QDialog | None = None
        self.reject_dialog: RejectDialog | None = None
        self.preview: QDialog | None = None

        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 8, 12, 8)
        outer.setSpacing(8)
        outer.addWidget(self._build_header())
        self.banner = _label("", "pageBanner")
        self.banner.hide()
        outer.addWidget(self.banner)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._build_sections_panel())
        splitter.addWidget(self._build_right_panel())
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([350, 880])
        outer.addWidget(splitter, 1)
        outer.addLayout(self._build_actions())

        shortcut = Qt.ShortcutContext.WidgetWithChildrenShortcut
        QShortcut(QKeySequence("F5"), self, activated=self.refresh, context=shortcut)
        QShortcut(QKeySequence("Ctrl+PgDown"), self, activated=self.next_section, context=shortcut)
        QShortcut(
            QKeySequence("Ctrl+PgUp"), self, activated=self.previous_section, context=shortcut
        )
        self._update_actions()
        self.refresh()

    # --- building ------------------------------------------------------------------------------

    def _build_header(self) -> QFrame:
        frame = QFrame()
        frame.setObjectName("reviewHeader")
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(14, 8, 14, 8)
        layout.setSpacing(2)
        first = QHBoxLayout()
        first.setSpacing(12)
        self.header_title = _label(self.tr("QA review"), "boxHeading", wrap=False)
        self.header_din = _label(self.din, "reviewDin", wrap=False)
        self.header_check = _label("", "reviewCheck", wrap=False)
        self.header_check.setToolTip(
            self.tr("Check character: type it after the DIN when you enter a DIN by hand")
        )
        self.header_status = _label("", "statusBadge", wrap=False)
        self.header_expiry = _label("", "expiryBadge", wrap=False)
        for widget in (
            self.header_title,
            self.header_din,
            self.header_check,
            self.header_status,
            self.header_expiry,
        ):
            first.addWidget(widget)
        first.addStretch(1)
        layout.addLayout(first)
        self.header_patient = _label("", "reviewPatient", wrap=False)
        self.header_ids = _label("", wrap=True)
        second = QHBoxLayout()
        second.setSpacing(18)
        second.addWidget(self.header_patient)
        second.addWidget(self.header_ids, 1)
        layout.addLayout(second)
        return frame

    def _build_sections_panel(self) -> QWidget:
        panel = QWidget()
        panel.setMinimumWidth(300)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 6, 0)
        heading = QLabel(self.tr("&Sections of the record"))
        heading.setObjectName("boxHeading")
        layout.addWidget(heading)
        self.sections_model = SectionsModel(self)
        self.sections_list = QListView()
        self.sections_list.setObjectName("sectionsList")
        self.sections_list.setModel(self.sections_model)
        self.sections_list.setWordWrap(True)
        self.sections_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.sections_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.sections_list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        heading.setBuddy(self.sections_list)
        self.sections_list.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._section_chosen(current.row())
        )
        layout.addWidget(self.sections_list, 1)
        self.progress_text = _label("", "progressText")
        self.progress_text.setObjectName("progressText")
        layout.addWidget(self.progress_text)
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        layout.addWidget(self.progress)
        return panel

    def _build_right_panel(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(6, 0, 0, 0)
        layout.setSpacing(8)

        self.corrections_box = QFrame()
        self.corrections_box.setObjectName("correctionsBox")
        box = QVBoxLayout(self.corrections_box)
        box.setContentsMargins(10, 6, 10, 8)
        box.setSpacing(4)
        heading_row = QHBoxLayout()
        self.corrections_heading = _label("", "boxHeading", wrap=False)
        heading_row.addWidget(self.corrections_heading)
        self.corrections_hint = _label("", "reviewNote")
        heading_row.addWidget(self.corrections_hint, 1)
        box.addLayout(heading_row)
        self.corrections_model = CorrectionsModel(self)
        self.corrections_view = FittedTable(
            self.corrections_model, (None, None, None, 250, None), max_rows=CORRECTIONS_VISIBLE
        )
        self.corrections_view.setObjectName("correctionsTable")
        self.corrections_view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Enter goes to it
        self.corrections_view.clicked.connect(lambda index: self.jump_to_correction(index.row()))
        self.corrections_view.activated.connect(lambda index: self.jump_to_correction(index.row()))
        box.addWidget(self.corrections_view)
        layout.addWidget(self.corrections_box)

        self.blockers_panel = QFrame()
        self.blockers_panel.setObjectName("blockersPanel")
        blockers = QVBoxLayout(self.blockers_panel)
        blockers.setContentsMargins(10, 6, 10, 8)
        blockers.setSpacing(2)
        self.blockers_heading = _label("", "boxHeading")
        blockers.addWidget(self.blockers_heading)
        self.blockers_text = _label("")
        self.blockers_text.setObjectName("blockersText")
        self.blockers_text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.blockers_text)
        scroll.setStyleSheet(
            "QScrollArea, QScrollArea > QWidget > QWidget { background: transparent; }"
        )
        self.blockers_scroll = scroll
        blockers.addWidget(scroll)
        layout.addWidget(self.blockers_panel)

        self.detail_scroll = QScrollArea()
        self.detail_scroll.setObjectName("sectionDetail")
        self.detail_scroll.setWidgetResizable(True)
        self.detail_scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.detail_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.detail = QWidget()
        self.detail_layout = QVBoxLayout(self.detail)
        self.detail_layout.setContentsMargins(6, 6, 6, 6)
        self.detail_layout.setSpacing(10)
        self.detail_scroll.setWidget(self.detail)
        layout.addWidget(self.detail_scroll, 1)
        return panel

    def _build_actions(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(10)
        self.pdf_button = QPushButton(self.tr("Batch record &PDF…"))
        self.refresh_button = QPushButton(self.tr("Refresh (F5)"))
        self.reject_button = QPushButton(self.tr("Re&ject…"))
        self.release_button = primary_button(self.tr("&Release…"))
        self.release_button.setStyleSheet(
            PRIMARY_BUTTON_STYLE
            + "QPushButton { font-size: 13pt; min-height: 44px; padding: 0 22px; }"
        )
        for button in (self.pdf_button, self.refresh_button, self.reject_button):
            button.setObjectName("reviewAction")
        for button in (
            self.pdf_button,
            self.refresh_button,
            self.reject_button,
            self.release_button,
        ):
            button.setAutoDefault(False)  # a scanner's Enter never presses an action
            button.setDefault(False)
        self.pdf_button.clicked.connect(self.print_record)
        self.refresh_button.clicked.connect(self.refresh)
        self.reject_button.clicked.connect(self.start_reject)
        self.release_button.clicked.connect(self.start_release)
        self.release_reason = _label("", "reviewNote")
        row.addWidget(self.pdf_button)
        row.addWidget(self.refresh_button)
        row.addWidget(self.release_reason, 1)
        row.addWidget(self.reject_button)
        row.addWidget(self.release_button)
        return row

    # --- reading -------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the record and the release check again, off the GUI thread."""
        from labtracker.services.batch_record import batch_record
        from labtracker.services.release import release_check
        from ui.tasks import run_task

        self._generation += 1
        generation = self._generation
        db, actor, din = self.ctx.db, self.ctx.actor, self.din

        def work(_progress: Any) -> tuple[BatchRecord, ReleaseCheck]:
            return batch_record(db, actor, din), release_check(db, actor, din)

        self.refresh_button.setEnabled(False)
        run_task(
            self,
            self.tr("Reading the batch record of {din}").format(din=din),
            work,
            on_done=lambda result: self._loaded(generation, result),
            on_error=lambda error: self._load_failed(generation, error),
        )

    def _loaded(self, generation: int, result: tuple[BatchRecord, ReleaseCheck]) -> None:
        if generation != self._generation:
            return
        self.refresh_button.setEnabled(True)
        record, check = result
        self.record, self.check = record, check
        self.zone = ZoneInfo(record.header.timezone)
        if self.banner.property("tone") != "done":
            self.banner.hide()
        self._show_header()
        self._show_corrections()
        self._show_blockers()
        current = self.sections_list.currentIndex().row()
        self.sections_model.set_sections(record.sections, self._reviewed_rows())
        row = current if 0 <= current < len(record.sections) else 0
        if record.sections:
            # The model was reset: no current row, so setting it always shows the section.
            self.sections_list.setCurrentIndex(self.sections_model.index(row))
        self._update_actions()

    def _load_failed(self, generation: int, error: BaseException) -> None:
        from ui.tasks import report_failure

        if generation != self._generation:
            return
        self.refresh_button.setEnabled(True)
        if isinstance(error, LabtrackerError):
            self._set_banner(str(error))
            return
        details = "".join(traceback.format_exception(error))
        report_failure(self, self.tr("Reading the batch record"), error, details)

    def _set_banner(self, text: str, *, done: bool = False) -> None:
        set_banner(self.banner, text, done=done)

    # --- header, corrections, blockers ---------------------------------------------------------

    def _show_header(self) -> None:
        assert self.record is not None and self.check is not None
        h = self.record.header
        self.header_din.setText(h.din_display)
        self.header_check.setText(h.check_character)
        self.header_status.setText(self.status_words().get(self.check.status, h.status))
        set_badge(self.header_status, _status_colour(self.check.status))
        if h.expires_at is None:
            self.header_expiry.setText(self.tr("Expiry: set at release"))
            self.header_expiry.setStyleSheet("color: #444; font-weight: 400;")
        else:
            self.header_expiry.setText(
                self.tr("Expires {when}").format(when=f"{h.expires_at:%Y-%m-%d %H:%M %Z}")
            )
            released = self.check.status in (LotStatus.RELEASED, LotStatus.DISPATCHED)
            set_badge(self.header_expiry, PASS_GREEN if released else "#37474f")
        self.header_patient.setText(h.patient_name)
        ids = self.tr("MRN {mrn}  ·  born {dob}  ·  {product}").format(
            mrn=h.mrn, dob=h.date_of_birth.isoformat(), product=h.product
        )
        if h.trial_subject_number:
            ids += self.tr("  ·  trial subject {number}").format(number=h.trial_subject_number)
        self.header_ids.setText(ids)

    def status_words(self) -> dict[LotStatus, str]:
        return {
            LotStatus.CREATED: self.tr("Created (awaiting aspirate)"),
            LotStatus.ASPIRATE_COLLECTED: self.tr("Aspirate collected"),
            LotStatus.RECEIVED: self.tr("Received in lab"),
            LotStatus.IN_CULTURE: self.tr("In culture"),
            LotStatus.IN_INDUCTION: self.tr("In osteogenic induction"),
            LotStatus.SEEDED: self.tr("Seeded on scaffold (quarantine)"),
            LotStatus.RELEASED: self.tr("Released by QA"),
            LotStatus.REJECTED: self.tr("Rejected by QA"),
            LotStatus.DISPATCHED: self.tr("Dispatched to theatre"),
            LotStatus.IMPLANTED: self.tr("Implanted"),
            LotStatus.DISCARDED: self.tr("Discarded"),
        }

    def _show_corrections(self) -> None:
        assert self.record is not None
        rows = correction_rows(self.record.corrections, self.record.sections)
        self.corrections_model.set_rows(rows)
        count = len(rows)
        self.corrections_heading.setText(self.tr("Corrections ({n})").format(n=count))
        none = count == 0
        self.corrections_box.setProperty("none", "true" if none else "false")
        self.corrections_box.style().unpolish(self.corrections_box)
        self.corrections_box.style().polish(self.corrections_box)
        self.corrections_view.setVisible(not none)
        self.corrections_hint.setText(
            self.tr("No recorded value of this lot was corrected.")
            if none
            else self.tr("Click one to go to it in the record.")
        )
        self.corrections_view.fit()

    def _show_blockers(self) -> None:
        assert self.check is not None
        check = self.check
        panel = self.blockers_panel
        decided = check.status not in (LotStatus.SEEDED,)
        if check.blockers:
            self.blockers_heading.setText(
                self.tr("Release check: {n} BLOCKER(S)").format(n=len(check.blockers))
            )
            self.blockers_text.setText("\n".join(f"• {b.message}" for b in check.blockers))
            clear = False
        else:
            self.blockers_heading.setText(self.tr("Release check: NO BLOCKERS"))
            spec = check.spec_version or "—"
            self.blockers_text.setText(
                self.tr("Every release check passes against {spec}.").format(spec=spec)
            )
            clear = True
        if decided and self.record is not None and self.record.release.decision:
            summary = self.record.release
            self.blockers_heading.setText(
                self.tr("QA decision: {decision}").format(
                    decision={"released": self.tr("RELEASED"), "rejected": self.tr("REJECTED")}.get(
                        summary.decision, summary.decision.upper()
                    )
                )
            )
            when = f"{summary.decided_at:%Y-%m-%d %H:%M %Z}" if summary.decided_at else "—"
            text = self.tr("By {who}, {when}.").format(who=summary.decided_by or "—", when=when)
            if summary.reason:
                text += "\n" + self.tr("Reason: {reason}").format(reason=summary.reason)
            self.blockers_text.setText(text)
            clear = summary.decision == "released"
        panel.setProperty("clear", "true" if clear else "false")
        panel.style().unpolish(panel)
        panel.style().polish(panel)
        self.blockers_heading.setStyleSheet(f"color: {PASS_GREEN if clear else FAIL_RED};")
        self._fit_blockers()

    def _fit_blockers(self) -> None:
        """The blockers as tall as their text, up to BLOCKERS_HEIGHT; then they scroll."""
        width = self.blockers_scroll.viewport().width() or self.blockers_panel.width() - 24
        needed = self.blockers_text.heightForWidth(max(width, 100))
        self.blockers_scroll.setFixedHeight(max(min(needed, BLOCKERS_HEIGHT), 24) + 2)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_blockers()

    # --- sections ------------------------------------------------------------------------------

    def _reviewed_rows(self) -> set[int]:
        if self.record is None:
            return set()
        return {
            row
            for row, section in enumerate(self.record.sections)
            if self._opened.get(section.number) == section
        }

    def reviewed_count(self) -> tuple[int, int]:
        """(sections opened as they stand now, sections in the record)."""
        total = len(self.record.sections) if self.record else 0
        return len(self._reviewed_rows()), total

    def section_rows(self) -> list[str]:
        """The sections as the list shows them (tests and screen readers)."""
        model = self.sections_model
        return [model.data(model.index(r)) for r in range(model.rowCount())]

    def show_section(self, row: int) -> None:
        self.sections_list.setCurrentIndex(self.sections_model.index(row))

    def next_section(self) -> None:
        row = self.sections_list.currentIndex().row()
        if row + 1 < self.sections_model.rowCount():
            self.show_section(row + 1)

    def previous_section(self) -> None:
        row = self.sections_list.currentIndex().row()
        if row > 0:
            self.show_section(row - 1)

    def _section_chosen(self, row: int) -> None:
        if self.record is None or not 0 <= row < len(self.record.sections):
            return
        section = self.record.sections[row]
        self._opened[section.number] = section
        self._render_section(section)
        self.sections_model.set_reviewed(self._reviewed_rows())
        self._update_actions()

    def current_section(self) -> Section | None:
        row = self.sections_list.currentIndex().row()
        if self.record is None or not 0 <= row < len(self.record.sections):
            return None
        return self.record.sections[row]

    def _clear_detail(self) -> None:
        while self.detail_layout.count():
            item = self.detail_layout.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self._entry_widgets = []
        self._tabular_table = None

    def _render_section(self, section: Section) -> None:
        self._clear_detail()
        layout = self.detail_layout
        layout.addWidget(_label(f"{section.number}. {section.title}", "sectionHeading"))
        if not section.entries:
            layout.addWidget(_label(section.empty, "emptySection"))
        elif section.tabular:
            self._render_tabular(section)
        else:
            for entry in section.entries:
                card, table = self._entry_card(entry)
                layout.addWidget(card)
                self._entry_widgets.append((card, table))
        layout.addStretch(1)
        self.detail_scroll.verticalScrollBar().setValue(0)

    def _entry_card(self, entry: Entry) -> tuple[QFrame, FittedTable | None]:
        card = QFrame()
        card.setObjectName("entryCard")
        layout = QVBoxLayout(card)
        layout.setContentsMargins(10, 8, 10, 10)
        layout.setSpacing(6)
        title_row = QHBoxLayout()
        title_row.addWidget(_label(entry.title, "entryTitle", wrap=False))
        if entry.at is not None:
            title_row.addWidget(_label(f"{entry.at:%Y-%m-%d %H:%M %Z}", "entryWhen", wrap=False))
        if entry.corrected:
            title_row.addWidget(_label(self.tr("✎ CORRECTED"), "correctedTag", wrap=False))
        title_row.addStretch(1)
        layout.addLayout(title_row)
        if entry.void:
            layout.addWidget(_label(entry.void, "voidLine"))
        table = None
        if entry.fields:
            model = EntryFieldsModel(entry, card)
            table = FittedTable(model, (FIELD_SHARE, None, UNIT_WIDTH))
            table.setObjectName("entryFields")
            for row in model.correction_rows():
                table.setSpan(row, 0, 1, model.columnCount())
            layout.addWidget(table)
        for line in self._entry_lines(entry, prefix="", corrections=False):
            layout.addWidget(line)
        return card, table

    def _entry_lines(self, entry: Entry, *, prefix: str, corrections: bool = True) -> list[QLabel]:
        """Corrections (amber, in words), missing and other signatures beneath an entry."""
        lines = []
        for c in entry.corrections if corrections else ():
            text = f"{prefix}{c.field} — {correction_text(c)}"
            lines.append(_label(text, "correctionLine"))
        for meaning in missing_signatures(entry):
            line = _label(
                prefix
                + self.tr("NOT SIGNED — no valid “{meaning}” signature").format(
                    meaning=domain_text(meaning)
                ),
                "signatureLine",
            )
            line.setStyleSheet(f"color: {FAIL_RED};")
            lines.append(line)
        for signature in entry.signatures:
            line = _label(
                prefix + self.tr("E-signature: {line}").format(line=signature_line_text(signature)),
                "signatureLine",
            )
            line.setStyleSheet(f"color: {signature_colour(signature.state)};")
            line.setProperty("state", signature.state)
            lines.append(line)
        return lines

    def _render_tabular(self, section: Section) -> None:
        table = FittedTable(TabularEntriesModel(section.entries, self.detail))
        table.setObjectName("sectionTable")
        self.detail_layout.addWidget(table)
        self._tabular_table = table
        for entry in section.entries:
            if entry.void:
                self.detail_layout.addWidget(_label(f"{entry.title}: {entry.void}", "voidLine"))
            for line in self._entry_lines(entry, prefix=f"{entry.title}: "):
                self.detail_layout.addWidget(line)

    def detail_texts(self, name: str) -> list[str]:
        """The texts of the open section's labels named `name` ("correctionLine",
        "signatureLine", "entryTitle", …), in order."""
        return [
            label.text()
            for label in self.detail.findChildren(QLabel, name)
            if not label.isHidden() and label.parent() is not None
        ]

    def entry_tables(self) -> list[FittedTable]:
        return [t for _card, t in self._entry_widgets if t is not None]

    # --- corrections -----------------------------------------------------------------------------

    def jump_to_correction(self, row: int) -> None:
        """Open the section holding the correction and bring its field into view."""
        if self.record is None or not 0 <= row < self.corrections_model.rowCount():
            return
        target = self.corrections_model.row_at(row)
        if target.section is None:
            self.corrections_hint.setText(
                self.tr("{record}: this record is not printed in a section.").format(
                    record=target.correction.record
                )
            )
            return
        section_row = next(
            i for i, s in enumerate(self.record.sections) if s.number == target.section
        )
        self.show_section(section_row)
        section = self.record.sections[section_row]
        for index, entry in enumerate(section.entries):
            if target.correction not in entry.corrections:
                continue
            if section.tabular and self._tabular_table is not None:
                table = self._tabular_table
                table.selectionModel().setCurrentIndex(
                    table.model().index(index, 0), QItemSelectionModel.SelectionFlag.NoUpdate
                )
                QTimer.singleShot(0, lambda t=table, r=index: self._scroll_to_row(t, r))
            else:
                card, table = self._entry_widgets[index]
                target_widget: QWidget = card
                if table is not None:
                    model = table.model()
                    assert isinstance(model, EntryFieldsModel)
                    field_row = model.row_of(target.correction.field)
                    if field_row >= 0:
                        # Current, not selected: the selection colour would hide the amber.
                        table.selectionModel().setCurrentIndex(
                            model.index(field_row, 0),
                            QItemSelectionModel.SelectionFlag.NoUpdate,
                        )
                        QTimer.singleShot(0, lambda t=table, r=field_row: self._scroll_to_row(t, r))
                        break
                QTimer.singleShot(0, lambda c=target_widget: self._scroll_to(c))
            break

    def _scroll_to(self, widget: QWidget) -> None:
        if widget.parent() is not None:
            self.detail_scroll.ensureWidgetVisible(widget, 0, 40)

    def _scroll_to_row(self, table: FittedTable, row: int) -> None:
        """Bring a row of an entry table, and the correction written under it, into view a
        third of the way down the record."""
        if table.parent() is None:
            return
        top = table.mapTo(self.detail, QPoint(0, table.rowViewportPosition(row))).y()
        bar = self.detail_scroll.verticalScrollBar()
        bar.setValue(max(0, top - self.detail_scroll.viewport().height() // 3))

    # --- actions -------------------------------------------------------------------------------

    def _update_actions(self) -> None:
        roles = self.ctx.actor.roles
        may_release = is_allowed(roles, Action.RELEASE_LOT)
        may_reject = is_allowed(roles, Action.REJECT_LOT)
        may_print = is_allowed(roles, Action.PRINT_BATCH_RECORD)
        loaded = self.record is not None and self.check is not None
        reviewed, total = self.reviewed_count()
        self.progress_text.setText(
            self.tr("{done} of {total} sections reviewed").format(done=reviewed, total=total)
        )
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(reviewed)
        seeded = loaded and self.check.status is LotStatus.SEEDED  # type: ignore[union-attr]
        blockers = bool(loaded and self.check.blockers)  # type: ignore[union-attr]
        all_reviewed = loaded and total > 0 and reviewed == total
        self.pdf_button.setEnabled(loaded and may_print)
        self.pdf_button.setToolTip("" if may_print else self.tr("Only QA prints batch records."))
        self.release_button.setEnabled(
            bool(loaded and may_release and seeded and not blockers and all_reviewed)
        )
        self.reject_button.setEnabled(bool(loaded and may_reject and seeded))
        if not loaded:
            why = self.tr("Reading the record…")
        elif not may_release:
            why = self.tr("Only QA releases or rejects a lot.")
        elif not seeded:
            why = self.tr(
                "Lot status: {status}. Only a lot seeded on its scaffold (in quarantine) is "
                "released or rejected."
            ).format(status=self.header_status.text())
        elif blockers:
            why = self.tr("Release is blocked: see the release check.")
        elif not all_reviewed:
            why = self.tr(
                "Open every section before releasing ({done} of {total} reviewed)."
            ).format(done=reviewed, total=total)
        else:
            why = self.tr("Every section reviewed and no blocker: the lot can be released.")
        self.release_reason.setText(why)

    def _lot_text(self) -> str:
        assert self.record is not None
        h = self.record.header
        return self.tr("Lot {din} [{check}] — {patient}, {mrn}\n{product}").format(
            din=h.din_display,
            check=h.check_character,
            patient=h.patient_name,
            mrn=h.mrn,
            product=h.product,
        )

    def start_release(self) -> None:
        """The e-signature "approved for release"; the service checks everything again."""
        from labtracker.services.batch_record import batch_record
        from labtracker.services.release import ReleaseRefusedError, release_lot
        from labtracker.services.signatures import Meaning
        from ui.sign_dialog import SignDialog

        if self.record is None or not self.release_button.isEnabled():
            return
        reviewed_sections = self.record.sections
        corrections = len(self.record.corrections)
        ctx, din = self.ctx, self.din

        def signer(username: str, password: str) -> ReleaseResult:
            fresh = batch_record(ctx.db, ctx.actor, din)
            if fresh.sections != reviewed_sections:
                self.refresh()
                raise RecordChangedError(
                    self.tr(
                        "The record of lot {din} changed after you reviewed it. Nothing was "
                        "released. Close this window and review the changed sections again."
                    ).format(din=din)
                )
            try:
                return release_lot(ctx.db, ctx.actor, din, username=username, password=password)
            except ReleaseRefusedError:
                self.refresh()  # the blockers panel shows what the service found
                raise

        record_text = (
            self._lot_text()
            + "\n"
            + self.tr(
                "Reviewed: all {n} sections, {c} correction(s) seen.\n"
                "Release check against {spec}: no blockers."
            ).format(
                n=len(reviewed_sections),
                c=corrections,
                spec=self.check.spec_version if self.check else "—",
            )
        )
        dialog = SignDialog(
            ctx,
            meaning=Meaning.APPROVED_FOR_RELEASE,
            record_text=record_text,
            signer=signer,
            parent=self,
        )
        dialog.signed.connect(self._released)
        self._open_sign_dialog(dialog)

    def _open_sign_dialog(self, dialog: QDialog) -> None:
        # Wide enough for the meaning in the heading, and tall enough for the wrapped text.
        dialog.setMinimumWidth(SIGN_DIALOG_WIDTH)
        dialog.adjustSize()
        self.sign_dialog = dialog
        dialog.open()

    def _released(self, result: ReleaseResult) -> None:
        when = result.expires_at.astimezone(self.zone) if result.expires_at else None
        self._set_banner(
            self.tr("Released by {who}. Expires {when}.").format(
                who=result.decided_by,
                when=f"{when:%Y-%m-%d %H:%M %Z}" if when else "—",
            ),
            done=True,
        )
        self.released.emit(result)
        self.refresh()

    def start_reject(self) -> None:
        if self.record is None or not self.reject_button.isEnabled():
            return
        dialog = RejectDialog(self._lot_text(), self)
        dialog.reason_given.connect(self._sign_rejection)
        self.reject_dialog = dialog
        dialog.open()

    def _sign_rejection(self, reason: str) -> None:
        from labtracker.services.release import reject_lot
        from labtracker.services.signatures import Meaning
        from ui.sign_dialog import SignDialog

        ctx, din = self.ctx, self.din

        def signer(username: str, password: str) -> ReleaseResult:
            return reject_lot(
                ctx.db, ctx.actor, din, reason=reason, username=username, password=password
            )

        record_text = self._lot_text() + "\n" + self.tr("Reason: {reason}").format(reason=reason)
        dialog = SignDialog(
            ctx, meaning=Meaning.REJECTED, record_text=record_text, signer=signer, parent=self
        )
        dialog.signed.connect(self._rejected)
        self._open_sign_dialog(dialog)

    def _rejected(self, result: ReleaseResult) -> None:
        self._set_banner(
            self.tr("Rejected by {who}: {reason}. The lot must not be implanted.").format(
                who=result.decided_by, reason=result.reason
            )
        )
        self.rejected.emit(result)
        self.refresh()

    def print_record(self) -> None:
        """The batch record as a PDF (recorded in the audit trail), then its preview."""
        from labtracker.services.batch_record import print_batch_record
        from ui.tasks import run_task

        ctx, din = self.ctx, self.din
        self.pdf_button.setEnabled(False)

        def failed(error: BaseException) -> None:
            from ui.tasks import report_failure

            self._update_actions()
            details = "".join(traceback.format_exception(error))
            report_failure(self, self.tr("Batch record"), error, details)

        self.print_task = run_task(
            self,
            self.tr("Making the batch record of {din}").format(din=din),
            lambda _progress: print_batch_record(ctx.db, ctx.actor, din, purpose="QA review"),
            on_done=self._show_pdf,
            on_error=failed,
        )

    def _show_pdf(self, printed: Any) -> None:
        from ui.print_preview import PdfPreview

        self._update_actions()
        title = self.tr("Batch record of lot {din} ({pages} pages)").format(
            din=self.record.header.din_display if self.record else self.din, pages=printed.pages
        )
        self.preview = PdfPreview(
            title, printed.pdf, file_name=f"{self.din}-batch-record.pdf", parent=self
        )
        self.preview.open()
