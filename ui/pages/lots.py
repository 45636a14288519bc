"""All lots: search by DIN, MRN or patient name (or scan a label into the search box), filter
by status, open a lot with Enter or a double-click. The table reads a page at a time as it
scrolls, newest lot first.

`RowTableView` is the table every list screen uses: whole rows, big rows, Enter or a
double-click opens the row, and a label scanned while the table has focus is handed on as
text instead of opening whatever row happened to be selected.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt, QTimer, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFocusEvent,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from labtracker.domain.lot_states import LotStatus
from ui.i18n import status_name
from ui.models.lot_table import LotTableModel

if TYPE_CHECKING:
    from ui.context import Navigator, WorkContext

ROW_HEIGHT = 42  # a gloved finger's target
TWO_LINE_ROW_HEIGHT = 58
TABLE_STYLE = """
QTableView { font-size: 12pt; gridline-color: #d5d9de; alternate-background-color: #f6f8fa;
             selection-background-color: #1565c0; selection-color: white; }
QTableView:focus { border: 2px solid #1565c0; }
QHeaderView::section { font-size: 12pt; font-weight: 600; padding: 4px 6px; background: #eef1f5;
                       border: none; border-right: 1px solid #d5d9de;
                       border-bottom: 1px solid #c8ccd2; }
"""
PAGE_STYLE = (
    TABLE_STYLE
    + """
QLabel { font-size: 12pt; }
QLabel#pageHeading { font-size: 20pt; font-weight: 700; }
QLabel#pageNote { color: #444; }
QLineEdit#lotSearch { font-size: 14pt; min-height: 40px; padding: 0 8px; }
QComboBox#statusFilter { font-size: 13pt; min-height: 40px; padding: 0 8px; }
"""
)
SEARCH_DELAY_MS = 300
_OPEN_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_NO_TEXT_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


class TwoLineDelegate(QStyledItemDelegate):
    """A cell of two lines ("first\nsecond"): the first as the model styles it, the second
    smaller and grey (a patient's name over the MRN, a task over its reason). A text without
    a newline is wrapped over the two lines."""

    SECOND_LINE = "#444444"

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        # Not opt.text: the style option has the newline turned into a line separator.
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        first, _, second = text.partition("\n")
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        painter.save()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        painter.restore()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        brush = index.data(Qt.ItemDataRole.ForegroundRole)
        if selected:
            colour = opt.palette.highlightedText().color()
        elif isinstance(brush, QBrush):
            colour = brush.color()
        else:
            colour = opt.palette.text().color()
        rect = opt.rect.adjusted(6, 3, -6, -3)
        half = rect.height() // 2
        painter.save()
        painter.setPen(colour)
        painter.setFont(opt.font)
        if not second:
            # One long text: wrapped over the two lines (the tooltip has it all).
            painter.drawText(
                rect,
                int(
                    Qt.AlignmentFlag.AlignLeft
                    | Qt.AlignmentFlag.AlignVCenter
                    | Qt.TextFlag.TextWordWrap
                ),
                first,
            )
            painter.restore()
            return
        top = QRect(rect.left(), rect.top(), rect.width(), half)
        painter.drawText(
            top,
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            QFontMetrics(opt.font).elidedText(first, Qt.TextElideMode.ElideRight, rect.width()),
        )
        if second:
            small = QFont(opt.font)
            small.setBold(False)
            small.setPointSizeF(max(11.0, opt.font.pointSizeF() * 0.92))
            painter.setFont(small)
            if not selected and not isinstance(brush, QBrush):
                painter.setPen(QColor(self.SECOND_LINE))
            bottom = QRect(rect.left(), rect.top() + half, rect.width(), rect.height() - half)
            painter.drawText(
                bottom,
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                QFontMetrics(small).elidedText(second, Qt.TextElideMode.ElideRight, rect.width()),
            )
        painter.restore()


class RowTableView(QTableView):
    """A read-only table of whole rows. `row_chosen(row)` on Enter or double-click;
    `text_entered(text)` when characters were typed (a scanner) before the Enter."""

    row_chosen = Signal(int)
    text_entered = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(TABLE_STYLE)
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
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self._typed = ""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in _OPEN_KEYS:
            typed, self._typed = self._typed.strip(), ""
            if typed:
                self.text_entered.emit(typed)
            elif self.currentIndex().isValid():
                self.row_chosen.emit(self.currentIndex().row())
            event.accept()
            return
        text = event.text()
        if text and text.isprintable() and not event.modifiers() & _NO_TEXT_MODIFIERS:
            # A scanner types into whatever has focus: keep it for the Enter that follows
            # rather than jump between rows on each character.
            self._typed += text
            event.accept()
            return
        self._typed = ""
        super().keyPressEvent(event)

    def keyboardSearch(self, search: str) -> None:
        """Typing does not jump between rows (see keyPressEvent)."""

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        index = self.indexAt(event.position().toPoint())
        if index.isValid():
            self.selectRow(index.row())
            self.row_chosen.emit(index.row())
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self._typed = ""
        model = self.model()
        if not self.currentIndex().isValid() and model is not None and model.rowCount() > 0:
            self.setCurrentIndex(model.index(0, 0))

    def use_two_lines(self, columns: list[int]) -> None:
        """Draw these columns' cells as two lines, and make every row tall enough for them."""
        delegate = TwoLineDelegate(self)
        for column in columns:
            self.setItemDelegateForColumn(column, delegate)
        self.verticalHeader().setDefaultSectionSize(TWO_LINE_ROW_HEIGHT)

    def set_widths(self, widths: list[int], *, stretch: int | None = None) -> None:
        """Column widths in pixels (0: as wide as the contents need); `stretch` takes the
        room left over, or else the last column does."""
        header = self.horizontalHeader()
        for column, width in enumerate(widths):
            if width:
                self.setColumnWidth(column, width)
            else:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        if stretch is not None:
            header.setStretchLastSection(False)
            header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)

    def selected_row(self) -> int:
        """The selected row, or -1."""
        rows = self.selectionModel().selectedRows() if self.selectionModel() else []
        return rows[0].row() if rows else -1

    def select_row(self, row: int) -> None:
        if 0 <= row < self.model().rowCount():
            self.setCurrentIndex(self.model().index(row, 0))
            self.selectRow(row)

    def fit_rows(self, shown: int, *, at_most: int = 8) -> None:
        """As tall as `shown` rows (at least one, at most `at_most`; more scroll). For a
        table without a horizontal scroll bar (its columns fit)."""
        rows = max(1, min(shown, at_most))
        header = self.horizontalHeader()
        header_height = max(header.sizeHint().height(), header.minimumHeight())
        row_height = self.verticalHeader().defaultSectionSize()
        self.setFixedHeight(header_height + rows * row_height + 2 * self.frameWidth())


class LotsPage(QWidget):
    """Every lot, newest first: search, status filter, open on Enter or double-click."""

    def __init__(
        self, ctx: WorkContext, navigator: Navigator, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("lotsPage")
        self.setStyleSheet(PAGE_STYLE)
        self.ctx = ctx
        self.navigator = navigator

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(10)
        heading = QLabel(self.tr("All lots"))
        heading.setObjectName("pageHeading")
        layout.addWidget(heading)

        filters = QHBoxLayout()
        filters.setSpacing(10)
        search_label = QLabel(self.tr("&Search:"))
        self.search = QLineEdit()
        self.search.setObjectName("lotSearch")
        self.search.setPlaceholderText(
            self.tr("DIN, MRN or patient name, or scan a lot, vessel or wristband label")
        )
        self.search.setClearButtonEnabled(True)
        search_label.setBuddy(self.search)
        status_label = QLabel(self.tr("S&tatus:"))
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("statusFilter")
        self.status_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.status_filter.setMinimumContentsLength(24)
        self.status_filter.addItem(self.tr("All statuses"), None)
        self.status_filter.addItem(self.tr("In progress (not closed)"), "active")
        for status in LotStatus:
            self.status_filter.addItem(status_name(status), status.value)
        status_label.setBuddy(self.status_filter)
        filters.addWidget(search_label)
        filters.addWidget(self.search, 1)
        filters.addSpacing(12)
        filters.addWidget(status_label)
        filters.addWidget(self.status_filter)
        layout.addLayout(filters)

        self.count_label = QLabel()
        self.count_label.setObjectName("lotCount")
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.count_label)

        self.model = LotTableModel(ctx, parent=self)
        self.view = RowTableView()
        self.view.setObjectName("lotTable")
        show_lots(self.view, self.model)
        layout.addWidget(self.view, 1)

        self.empty_label = QLabel(self.tr("No lot matches."))
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.empty_label)

        # Typing searches after a pause; Enter searches at once (and opens a single match).
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search.textEdited.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self._search_entered)
        self.status_filter.currentIndexChanged.connect(lambda _index: self.apply_filter())
        self.model.rowsInserted.connect(lambda *_args: self._show_count())
        self.view.row_chosen.connect(self.open_row)
        self.view.text_entered.connect(self._typed_into_table)
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self._focus_search)
        QShortcut(QKeySequence("F5"), self, activated=self.refresh)
        self._show_count()

    # --- filtering -----------------------------------------------------------------------------

    def _filters(self) -> tuple[tuple[LotStatus, ...] | None, bool]:
        choice = self.status_filter.currentData()
        if choice == "active":
            return None, True
        return ((LotStatus(choice),) if choice else None), False

    def apply_filter(self) -> None:
        """Read the lots matching the search box and the status filter (first page)."""
        self._search_timer.stop()
        statuses, active_only = self._filters()
        self.model.set_filter(statuses=statuses, active_only=active_only, search=self.search.text())
        self.view.scrollToTop()
        self._show_count()

    def _search_entered(self) -> None:
        self.apply_filter()
        if self.model.rowCount() == 1:
            self.open_row(0)

    def _typed_into_table(self, text: str) -> None:
        self.search.setText(text)
        self._search_entered()

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _show_count(self) -> None:
        shown = self.model.rowCount()
        total = self.model.total() if self.model.canFetchMore(QModelIndex()) else shown
        if total == 0:
            text = self.tr("No lots")
        elif total == shown:
            text = self.tr("{n} lot(s), newest first").format(n=total)
        else:
            text = self.tr("{n} lots, newest first; more are read as you scroll").format(n=total)
        self.count_label.setText(text)
        self.empty_label.setVisible(total == 0)
        self.view.setVisible(total > 0)

    # --- the workspace -------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the lots again, keeping the selected lot selected."""
        row = self.view.selected_row()
        din = self.model.din_at(row) if row >= 0 else None
        self.model.refresh()
        if din is not None:
            self.view.select_row(self.model.row_of_din(din))
        self._show_count()

    def open_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.navigator.open_lot(self.model.din_at(row))


def show_lots(view: RowTableView, model: LotTableModel) -> None:
    """Put a lot table in a view: two-line cells, fixed widths, the status column stretching."""
    view.setModel(model)
    view.use_two_lines(model.two_line_columns())
    view.set_widths(
        [
            {"din": 200, "patient_mrn": 210, "time_left": 130, "deviations": 115}.get(key, 0)
            for key in model.column_keys
        ],
        stretch=model.column_keys.index("status_waiting"),
    )
