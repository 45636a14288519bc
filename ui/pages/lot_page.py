"""One lot's page: whose it is (patient, MRN, date of birth), its DIN with the boxed check
character, its status and expiry; the actions that apply to it now; and tabs for its
timeline with signatures, vessels by passage, growth chart, QC results against the
specification with what blocks release, deviations, labels printed, custody and audit trail.

Every tab reads its data when it is first shown and again on `refresh()`, on a worker
thread (`ui.tasks.run_task`), so a lot with a long history never freezes the bench PC.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDoubleSpinBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
    QWidgetItem,
)

from labtracker.clock import get_clock
from labtracker.domain.lot_states import LotStatus
from labtracker.domain.permissions import Action, Role, is_allowed, roles_allowed
from ui.growth_chart import ChartPoint, GrowthChart, chart_points, days_between
from ui.i18n import domain_text, role_name
from ui.models.lot_page_models import (
    FAIL_COLOUR,
    PASS_COLOUR,
    PENDING_COLOUR,
    AuditModel,
    CustodyModel,
    DeviationsModel,
    LabelsModel,
    QcResultsModel,
    TimelineModel,
    VesselTreeModel,
    local_time,
)

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from labtracker.services.culture import ReadyProjection
    from labtracker.services.release import ReleaseCheck
    from ui.context import Navigator, WorkContext

IN_PROCESS_COLOUR = "#1565c0"
CLOSED_COLOUR = "#37474f"
# Below this many hours before expiry the countdown turns amber.
EXPIRY_WARNING_HOURS = 12
# The share of the QC tab the blockers list may take before it scrolls.
BLOCKERS_SHARE = 0.45
# More blockers than this are listed in two columns.
BLOCKERS_IN_ONE_COLUMN = 6
# Scaffold volume the projection starts from; the technician changes it on the Growth tab.
DEFAULT_SCAFFOLD_ML = 1.5
# Rows beyond those in view that a column's width is measured on (Qt's default is 1,000).
ROWS_MEASURED = 25

LOT_PAGE_STYLE = """
QLabel { font-size: 13pt; }
QFrame#lotHeader { background: #e8f0fb; border: 2px solid #1565c0; border-radius: 8px; }
QLabel#lotDin { font-size: 22pt; font-weight: 800; font-family: monospace; }
QLabel#lotCheck { font-size: 22pt; font-weight: 800; font-family: monospace;
                  border: 3px solid #000; background: white; padding: 0 6px; }
QLabel#lotPatient { font-size: 18pt; font-weight: 700; }
QLabel#lotIds { font-size: 14pt; }
QLabel#statusBadge, QLabel#expiryBadge { font-size: 14pt; font-weight: 700;
                                         border-radius: 6px; padding: 4px 12px; }
QLabel#lotNext { color: #333; }
QLabel#pageBanner { color: white; background: #b71c1c; padding: 8px; border-radius: 4px;
                    font-weight: 600; }
QLabel#tabMessage { color: #b71c1c; font-weight: 600; }
QLabel#tabNote { color: #444; }
QPushButton#lotAction { font-size: 14pt; min-height: 48px; padding: 0 20px; }
QPushButton#refreshButton { font-size: 12pt; min-height: 40px; padding: 0 14px; }
QTabBar::tab { font-size: 13pt; min-height: 40px; padding: 0 14px; }
QTableView, QTreeView { font-size: 12pt; }
QHeaderView::section { font-size: 12pt; font-weight: 600; padding: 4px 6px; }
QFrame#blockersPanel { border: 3px solid #b71c1c; border-radius: 8px; background: #ffebee; }
QFrame#blockersPanel[clear="true"] { border-color: #1b5e20; background: #e8f5e9; }
QLabel#blockersHeading { font-size: 16pt; font-weight: 800; }
QDoubleSpinBox { font-size: 13pt; min-height: 40px; }
"""


class FlowLayout(QLayout):
    """Widgets in rows that wrap to the next line when the page is narrow."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 10) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        # (width, height) last measured: Qt asks for the height at the same width hundreds
        # of times while a page is laid out; a change of the items invalidates it.
        self._measured: tuple[int, int] | None = None
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)
        self.invalidate()

    def invalidate(self) -> None:
        self._measured = None
        super().invalidate()

    def insert_widget(self, index: int, widget: QWidget) -> None:
        """Put a widget at a place in the flow (addWidget puts it last)."""
        self.addChildWidget(widget)
        self._items.insert(index, QWidgetItem(widget))
        self.invalidate()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        if not 0 <= index < len(self._items):
            return None
        self.invalidate()
        return self._items.pop(index)

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        if self._measured is None or self._measured[0] != width:
            self._measured = (width, self._arrange(QRect(0, 0, width, 0), move=False))
        return self._measured[1]

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        """Place the items line by line, each centred on its line; returns the height used."""
        lines: list[list[tuple[QLayoutItem, QSize]]] = [[]]
        x = rect.x()
        for item in self._items:
            if item.widget() is not None and item.widget().isHidden():
                continue
            hint = item.sizeHint()
            if x + hint.width() > rect.right() + 1 and lines[-1]:
                lines.append([])
                x = rect.x()
            lines[-1].append((item, hint))
            x += hint.width() + self._spacing
        y = rect.y()
        for line in lines:
            height = max((hint.height() for _item, hint in line), default=0)
            x = rect.x()
            for item, hint in line:
                if move:
                    top = y + (height - hint.height()) // 2
                    item.setGeometry(QRect(QPoint(x, top), hint))
                x += hint.width() + self._spacing
            y += height + self._spacing
        return max(y - self._spacing - rect.y(), 0)


@dataclass
class _Tab:
    key: str
    title: str
    page: QWidget
    message: QLabel
    work: Callable[..., Any] | None  # runs on a worker thread; None: nothing to read
    show: Callable[[Any], None]
    # What the work needs from the screen, taken on the GUI thread before it starts.
    args: Callable[[], tuple[Any, ...]] = tuple


def _table(model: Any) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)  # Tab moves on to the next control, as everywhere else
    view.setAlternatingRowColors(True)
    view.setWordWrap(True)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(36)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft)
    # A column is as wide as the rows in view and the next ROWS_MEASURED need, not all of a
    # long history's (a finished lot has ~500 steps and ~2,000 audit entries).
    view.horizontalHeader().setResizeContentsPrecision(ROWS_MEASURED)
    return view


def fit_rows(view: QTableView) -> None:
    """Rows as tall as their wrapped text, measured as they come into view: measuring every
    row of a long timeline up front took longer than reading the lot."""
    if not view.property("fitsRowsInView"):
        view.setProperty("fitsRowsInView", True)
        bar = view.verticalScrollBar()
        bar.valueChanged.connect(lambda _value: _fit_rows_in_view(view))
        bar.rangeChanged.connect(lambda _low, _high: _fit_rows_in_view(view))
    _fit_rows_in_view(view)


def _fit_rows_in_view(view: QTableView) -> None:
    if view.property("fittingRows"):  # a row made taller changes the range: already here
        return
    view.setProperty("fittingRows", True)
    try:
        header = view.verticalHeader()
        rows = view.model().rowCount()
        row = max(header.visualIndexAt(0), 0)
        bottom = view.viewport().height()
        while row < rows and header.sectionViewportPosition(row) < bottom:
            view.resizeRowToContents(row)
            row += 1
    finally:
        view.setProperty("fittingRows", False)


def fit_columns(view: QTableView, most: dict[int, int] | None = None) -> None:
    """Columns as wide as their contents (some capped: long text wraps), the last one
    taking what is left of the view's width."""
    view.resizeColumnsToContents()
    for column, width in (most or {}).items():
        view.setColumnWidth(column, min(view.columnWidth(column), width))
    last = view.model().columnCount() - 1
    others = sum(view.columnWidth(c) for c in range(last))
    room = view.viewport().width() - others
    if room > view.columnWidth(last):
        view.setColumnWidth(last, room)


class LotPage(QWidget):
    """Everything about one lot, for whoever is allowed to see lots.

    `lot_read` is emitted with the lot's `queries.LotRow` each time the header is read (on
    opening and on every refresh), so whoever added actions can enable those that fit the
    lot's status now.
    """

    lot_read = Signal(object)

    def __init__(
        self, ctx: WorkContext, navigator: Navigator, din: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.navigator = navigator
        self.din = din
        self.lot = None  # queries.LotRow once the header has been read
        self.expires_at: datetime | None = None
        self.setObjectName("lotPage")
        self.setStyleSheet(LOT_PAGE_STYLE)
        from ui.forms.base import site_zone

        self.zone: ZoneInfo = site_zone(ctx)
        self._actions: dict[str, QPushButton] = {}
        self._tabs: dict[str, _Tab] = {}
        self._loaded: set[str] = set()
        self._generation: dict[str, int] = {}
        self._just_read = False  # refresh() ran in this turn of the event loop

        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 8, 12, 8)
        outer.setSpacing(8)
        outer.addWidget(self._build_header())
        self.banner = QLabel()
        self.banner.setObjectName("pageBanner")
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.hide()
        outer.addWidget(self.banner)
        # The actions that apply to the lot now (added by whoever builds the page), then
        # Refresh: one row of large buttons that wraps on a narrow screen.
        self.actions_bar = QWidget()
        self.actions_bar.setObjectName("actionsBar")
        self._actions_layout = FlowLayout(self.actions_bar)
        self.refresh_button = QPushButton(self.tr("Refresh (F5)"))
        self.refresh_button.setObjectName("refreshButton")
        self.refresh_button.setAutoDefault(False)
        self.refresh_button.clicked.connect(self.refresh)
        self._actions_layout.addWidget(self.refresh_button)
        outer.addWidget(self.actions_bar)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("lotTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.tabBar().setUsesScrollButtons(True)
        outer.addWidget(self.tabs, 1)
        self._build_tabs()
        self.tabs.currentChanged.connect(self._tab_shown)

        shortcut = Qt.ShortcutContext.WidgetWithChildrenShortcut
        QShortcut(QKeySequence("F5"), self, activated=self.refresh, context=shortcut)
        QShortcut(QKeySequence("Ctrl+Tab"), self, activated=self.next_tab, context=shortcut)
        QShortcut(
            QKeySequence("Ctrl+Shift+Tab"), self, activated=self.previous_tab, context=shortcut
        )
        QShortcut(QKeySequence("Ctrl+PgDown"), self, activated=self.next_tab, context=shortcut)
        QShortcut(QKeySequence("Ctrl+PgUp"), self, activated=self.previous_tab, context=shortcut)

        self._countdown = QTimer(self, interval=60_000)
        self._countdown.timeout.connect(self.update_countdown)
        self._countdown.start()
        self.refresh()

    # --- header --------------------------------------------------------------------------------

    def _build_header(self) -> QFrame:
        frame = QFrame()
        frame.setObjectName("lotHeader")
        grid = QVBoxLayout(frame)
        grid.setContentsMargins(14, 10, 14, 10)
        grid.setSpacing(4)

        first = FlowLayout(spacing=12)
        self.header_din = QLabel(self.din)
        self.header_din.setObjectName("lotDin")
        self.header_din.setTextFormat(Qt.TextFormat.PlainText)
        self.header_din.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.header_check = QLabel()
        self.header_check.setObjectName("lotCheck")
        self.header_check.setToolTip(
            self.tr("Check character: type it after the DIN when you enter a DIN by hand")
        )
        self.header_status = QLabel()
        self.header_status.setObjectName("statusBadge")
        self.header_deviations = QLabel()
        self.header_deviations.setObjectName("statusBadge")
        self.header_deviations.hide()
        self.header_expiry = QLabel()
        self.header_expiry.setObjectName("expiryBadge")
        for widget in (
            self.header_din,
            self.header_check,
            self.header_status,
            self.header_deviations,
            self.header_expiry,
        ):
            first.addWidget(widget)
        grid.addLayout(first)

        self.header_patient = QLabel()
        self.header_patient.setObjectName("lotPatient")
        self.header_patient.setTextFormat(Qt.TextFormat.PlainText)
        self.header_ids = QLabel()
        self.header_ids.setObjectName("lotIds")
        self.header_ids.setTextFormat(Qt.TextFormat.PlainText)
        second = FlowLayout(spacing=18)
        second.addWidget(self.header_patient)
        second.addWidget(self.header_ids)
        grid.addLayout(second)

        self.header_next = QLabel()
        self.header_next.setObjectName("lotNext")
        self.header_next.setTextFormat(Qt.TextFormat.PlainText)
        self.header_next.setWordWrap(True)
        grid.addWidget(self.header_next)
        return frame

    def _status_words(self) -> dict[LotStatus, str]:
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

    @staticmethod
    def status_colour(status: LotStatus) -> str:
        if status is LotStatus.SEEDED:
            return PENDING_COLOUR.name()
        if status in (LotStatus.RELEASED, LotStatus.DISPATCHED):
            return PASS_COLOUR.name()
        if status in (LotStatus.REJECTED, LotStatus.DISCARDED):
            return FAIL_COLOUR.name()
        if status is LotStatus.IMPLANTED:
            return CLOSED_COLOUR
        return IN_PROCESS_COLOUR

    @staticmethod
    def _badge(label: QLabel, fill: str) -> None:
        text = "#1a1a1a" if fill == PENDING_COLOUR.name() else "#ffffff"
        label.setStyleSheet(f"background: {fill}; color: {text};")

    def _read_header(self) -> None:
        from labtracker.services.patients import get_patient
        from labtracker.services.queries import lot_row

        lot = lot_row(self.ctx.db, self.ctx.actor, self.din)
        patient = get_patient(self.ctx.db, self.ctx.actor, lot.mrn)
        self.lot = lot
        self.expires_at = lot.expires_at
        self.header_din.setText(lot.din_display)
        self.header_check.setText(lot.check_character)
        status = self._status_words().get(lot.status, domain_text(lot.status_label))
        self.header_status.setText(status)
        self._badge(self.header_status, self.status_colour(lot.status))
        self.header_patient.setText(lot.patient_name)
        ids = self.tr("MRN {mrn}  ·  born {dob}").format(
            mrn=lot.mrn, dob=patient.date_of_birth.isoformat()
        )
        if patient.trial_subject_number:
            ids += self.tr("  ·  trial subject {number}").format(
                number=patient.trial_subject_number
            )
        self.header_ids.setText(ids)
        self.header_next.setText(self.tr("Next: {what}").format(what=lot.waiting_for))
        self.lot_read.emit(lot)
        if lot.open_deviations:
            self.header_deviations.setText(
                self.tr("{n} OPEN DEVIATION(S)").format(n=lot.open_deviations)
            )
            self._badge(self.header_deviations, PENDING_COLOUR.name())
        self.header_deviations.setVisible(bool(lot.open_deviations))
        self.update_countdown()

    def update_countdown(self) -> None:
        """The expiry with the time left, from the one clock (runs every minute)."""
        if self.lot is None:
            return
        label = self.header_expiry
        if self.expires_at is None:
            label.setText(self.tr("Expiry: set when QA releases the lot"))
            label.setStyleSheet("color: #444; font-weight: 400;")
            return
        when = local_time(self.expires_at, self.zone)
        if self.lot.status not in (LotStatus.RELEASED, LotStatus.DISPATCHED):
            label.setText(self.tr("Expiry was {when}").format(when=when))
            label.setStyleSheet("color: #444; font-weight: 400;")
            return
        left = self.expires_at - get_clock().now()
        if left <= timedelta(0):
            label.setText(self.tr("EXPIRED {when}: must not be implanted").format(when=when))
            self._badge(label, FAIL_COLOUR.name())
            return
        minutes = int(left / timedelta(minutes=1))
        label.setText(
            self.tr("Expires {when}  ·  {h} h {m:02d} min left").format(
                when=when, h=minutes // 60, m=minutes % 60
            )
        )
        warning = left < timedelta(hours=EXPIRY_WARNING_HOURS)
        self._badge(label, PENDING_COLOUR.name() if warning else PASS_COLOUR.name())

    # --- actions -------------------------------------------------------------------------------

    def add_action(
        self,
        key: str,
        title: str,
        callback: Callable[[], Any],
        *,
        enabled: bool = True,
        tooltip: str = "",
    ) -> QPushButton:
        """A large button in the actions bar (a step form, a print…); the same key again
        replaces the earlier button's title, callback and state."""
        button = self._actions.get(key)
        if button is None:
            button = QPushButton()
            button.setObjectName("lotAction")
            button.setProperty("actionKey", key)
            button.setAutoDefault(False)  # a scanner's Enter never presses an action
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            self._actions_layout.insert_widget(len(self._actions), button)
            button.show()  # a bar already on screen shows it now, not after the next event
            self._actions[key] = button
        else:
            button.clicked.disconnect()
        button.setText(title)
        button.setToolTip(tooltip)
        button.setEnabled(enabled)
        button.clicked.connect(lambda _checked=False: callback())
        return button

    def set_action_enabled(self, key: str, enabled: bool) -> None:
        self._actions[key].setEnabled(enabled)

    def action_button(self, key: str) -> QPushButton:
        return self._actions[key]

    def action_keys(self) -> list[str]:
        return list(self._actions)

    # --- tabs ----------------------------------------------------------------------------------

    def _add_tab(
        self,
        key: str,
        title: str,
        content: QWidget | None,
        work: Callable[..., Any] | None,
        show: Callable[[Any], None],
        args: Callable[[], tuple[Any, ...]] = tuple,
    ) -> _Tab:
        page = QWidget()
        page.setObjectName(f"tab_{key}")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(4, 8, 4, 4)
        message = QLabel()
        message.setObjectName("tabMessage")
        message.setWordWrap(True)
        message.setTextFormat(Qt.TextFormat.PlainText)
        message.hide()
        layout.addWidget(message)
        if content is not None:
            layout.addWidget(content, 1)
        layout.addStretch(0)  # keeps the message at the top when the content is hidden
        tab = _Tab(key, title, page, message, work, show, args)
        self._tabs[key] = tab
        self.tabs.addTab(page, title)
        return tab

    def tab_keys(self) -> list[str]:
        return list(self._tabs)

    def show_tab(self, key: str) -> None:
        self.tabs.setCurrentWidget(self._tabs[key].page)

    def tab_message(self, key: str) -> str:
        """What the tab says instead of (or above) its data: an error, a note."""
        message = self._tabs[key].message
        return message.text() if not message.isHidden() else ""

    def next_tab(self) -> None:
        self.tabs.setCurrentIndex((self.tabs.currentIndex() + 1) % self.tabs.count())

    def previous_tab(self) -> None:
        self.tabs.setCurrentIndex((self.tabs.currentIndex() - 1) % self.tabs.count())

    def _build_tabs(self) -> None:
        from labtracker.services import (
            audit,
            culture,
            custody,
            deviations,
            labels,
            queries,
            release,
            signatures,
        )

        db, actor, din = self.ctx.db, self.ctx.actor, self.din

        # Timeline
        self.timeline_model = TimelineModel(self.zone, self)
        self.timeline_view = _table(self.timeline_model)
        self.timeline_view.setObjectName("timelineView")
        self._add_tab(
            "timeline",
            self.tr("&Timeline"),
            self.timeline_view,
            lambda: (
                queries.lot_timeline(db, actor, din),
                signatures.lot_signatures(db, actor, din),
            ),
            self._show_timeline,
        )

        # Vessels
        self.vessel_model = VesselTreeModel(self.zone, self)
        self.vessel_view = QTreeView()
        self.vessel_view.setObjectName("vesselView")
        self.vessel_view.setModel(self.vessel_model)
        self.vessel_view.setAlternatingRowColors(True)
        self.vessel_view.setUniformRowHeights(True)
        self.vessel_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.vessel_view.header().setStretchLastSection(True)
        self.vessel_view.setStyleSheet("QTreeView::item { min-height: 34px; }")
        self._add_tab(
            "vessels",
            self.tr("&Vessels"),
            self.vessel_view,
            lambda: culture.vessel_tree(db, actor, din),
            self._show_vessels,
        )

        # Growth
        growth = QWidget()
        growth_layout = QVBoxLayout(growth)
        growth_layout.setContentsMargins(0, 0, 0, 0)
        self.chart = GrowthChart()
        growth_layout.addWidget(self.chart, 1)
        self.growth_summary = QLabel()
        self.growth_summary.setObjectName("growthSummary")
        self.growth_summary.setWordWrap(True)
        self.growth_summary.setTextFormat(Qt.TextFormat.PlainText)
        growth_layout.addWidget(self.growth_summary)
        projection_row = QHBoxLayout()
        self.scaffold_volume = QDoubleSpinBox()
        self.scaffold_volume.setObjectName("scaffoldVolume")
        self.scaffold_volume.setRange(0.1, 100.0)
        self.scaffold_volume.setDecimals(1)
        self.scaffold_volume.setSingleStep(0.5)
        self.scaffold_volume.setSuffix(" mL")
        self.scaffold_volume.setValue(DEFAULT_SCAFFOLD_ML)
        self.scaffold_volume.setMinimumWidth(140)
        self.scaffold_volume.setKeyboardTracking(False)
        self.scaffold_volume.valueChanged.connect(lambda _v: self._reload("growth"))
        self.scaffold_label = QLabel(self.tr("Project for a scaffold of"))
        self.scaffold_label.setBuddy(self.scaffold_volume)
        self.projection_text = QLabel()
        self.projection_text.setObjectName("projectionText")
        self.projection_text.setWordWrap(True)
        self.projection_text.setTextFormat(Qt.TextFormat.PlainText)
        projection_row.addWidget(self.scaffold_label)
        projection_row.addWidget(self.scaffold_volume)
        projection_row.addWidget(self.projection_text, 1)
        growth_layout.addLayout(projection_row)

        def read_growth(in_culture: bool, scaffold_ml: float) -> tuple[Any, Any, Any]:
            from labtracker.domain.errors import LabtrackerError

            tree = culture.vessel_tree(db, actor, din)
            series = culture.growth_series(db, actor, din)
            projection: ReadyProjection | str | None = None
            if in_culture:
                try:
                    projection = culture.projected_ready(
                        db, actor, din, scaffold_volume_ml=scaffold_ml
                    )
                except LabtrackerError as error:
                    projection = str(error)
            return tree, series, projection

        self._add_tab(
            "growth",
            self.tr("&Growth"),
            growth,
            read_growth,
            self._show_growth,
            lambda: (self._in_culture(), self.scaffold_volume.value()),
        )

        # QC & release
        qc = QWidget()
        qc_layout = QVBoxLayout(qc)
        qc_layout.setContentsMargins(0, 0, 0, 0)
        self.blockers_panel = QFrame()
        self.blockers_panel.setObjectName("blockersPanel")
        panel_layout = QVBoxLayout(self.blockers_panel)
        panel_layout.setContentsMargins(14, 10, 14, 10)
        self.blockers_heading = QLabel()
        self.blockers_heading.setObjectName("blockersHeading")
        self.blockers_heading.setTextFormat(Qt.TextFormat.PlainText)
        self.blockers_heading.setWordWrap(True)
        # A long list (a lot far from release) runs in two columns, so the results stay in view.
        self.blockers_columns: list[QLabel] = []
        columns = QHBoxLayout()
        columns.setSpacing(24)
        for _ in range(2):
            column = QLabel()
            column.setObjectName("blockersList")
            column.setTextFormat(Qt.TextFormat.PlainText)
            column.setWordWrap(True)
            column.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            column.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            column.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            self.blockers_columns.append(column)
            columns.addWidget(column, 1)
        self.blockers_list = QWidget()
        self.blockers_list.setObjectName("blockersListArea")
        self.blockers_list.setLayout(columns)
        columns.setContentsMargins(0, 0, 0, 0)
        # Never clipped: when the tab is short, the list scrolls inside the panel.
        self.blockers_scroll = QScrollArea()
        self.blockers_scroll.setWidgetResizable(True)
        self.blockers_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.blockers_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.blockers_scroll.setStyleSheet(
            "QScrollArea, QWidget#blockersListArea { background: transparent; }"
        )
        self.blockers_scroll.viewport().setAutoFillBackground(False)
        self.blockers_scroll.setWidget(self.blockers_list)
        panel_layout.addWidget(self.blockers_heading)
        panel_layout.addWidget(self.blockers_scroll)
        self.qc_model = QcResultsModel(self.zone, self)
        self.qc_view = _table(self.qc_model)
        self.qc_view.setObjectName("qcView")
        self.spec_note = QLabel()
        self.spec_note.setObjectName("tabNote")
        self.spec_note.setTextFormat(Qt.TextFormat.PlainText)
        self.spec_note.setWordWrap(True)
        qc_layout.addWidget(self.blockers_panel)
        self.qc_tab = qc
        qc.installEventFilter(self)
        qc_layout.addWidget(self.qc_view, 1)
        qc_layout.addWidget(self.spec_note)
        self._add_tab(
            "qc",
            self.tr("&QC && release"),
            qc,
            lambda: release.release_check(db, actor, din),
            self._show_qc,
        )

        # Deviations
        dev = QWidget()
        dev_layout = QVBoxLayout(dev)
        dev_layout.setContentsMargins(0, 0, 0, 0)
        self.deviations_model = DeviationsModel(self.zone, self)
        self.deviations_view = _table(self.deviations_model)
        self.deviations_view.setObjectName("deviationsView")
        self.deviation_detail = QLabel()
        self.deviation_detail.setObjectName("deviationDetail")
        self.deviation_detail.setWordWrap(True)
        self.deviation_detail.setTextFormat(Qt.TextFormat.PlainText)
        self.deviation_detail.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.deviation_detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.deviation_detail.setSizePolicy(
            QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding
        )
        dev_split = self.deviations_split = QSplitter(Qt.Orientation.Vertical)
        dev_split.setChildrenCollapsible(False)
        dev_split.addWidget(self.deviations_view)
        dev_split.addWidget(self.deviation_detail)
        dev_layout.addWidget(dev_split, 1)
        self.deviations_view.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._show_deviation(current.row())
        )
        self._add_tab(
            "deviations",
            self.tr("&Deviations"),
            dev,
            lambda: deviations.lot_deviations(db, actor, din),
            self._show_deviations,
        )

        # Labels
        self.labels_model = LabelsModel(self.zone, self)
        self.labels_view = _table(self.labels_model)
        self.labels_view.setObjectName("labelsView")
        self._add_tab(
            "labels",
            self.tr("&Labels"),
            self.labels_view,
            lambda: labels.label_reconciliation(db, actor, din),
            self._show_labels,
        )

        # Custody
        cust = QWidget()
        cust_layout = QVBoxLayout(cust)
        cust_layout.setContentsMargins(0, 0, 0, 0)
        self.whereabouts = QLabel()
        self.whereabouts.setObjectName("whereabouts")
        self.whereabouts.setTextFormat(Qt.TextFormat.PlainText)
        self.whereabouts.setWordWrap(True)
        self.whereabouts.setStyleSheet("font-size: 14pt; font-weight: 600;")
        self.custody_model = CustodyModel(self.zone, self)
        self.custody_view = _table(self.custody_model)
        self.custody_view.setObjectName("custodyView")
        cust_layout.addWidget(self.whereabouts)
        cust_layout.addWidget(self.custody_view, 1)
        cust_layout.addStretch(0)
        self._add_tab(
            "custody",
            self.tr("&Custody"),
            cust,
            lambda: (
                custody.whereabouts(db, actor, din),
                custody.custody_chain(db, actor, din),
            ),
            self._show_custody,
        )

        # Audit trail: only for those who review it.
        self.audit_model = AuditModel(self.zone, self)
        may_review = is_allowed(actor.roles, Action.REVIEW_AUDIT_TRAIL)
        if may_review:
            trail = QWidget()
            trail_layout = QVBoxLayout(trail)
            trail_layout.setContentsMargins(0, 0, 0, 0)
            self.audit_count = QLabel()
            self.audit_count.setObjectName("tabNote")
            self.audit_view = _table(self.audit_model)
            self.audit_view.setObjectName("auditView")
            self.audit_view.setWordWrap(False)
            trail_layout.addWidget(self.audit_count)
            trail_layout.addWidget(self.audit_view, 1)
            self._add_tab(
                "audit",
                self.tr("&Audit trail"),
                trail,
                lambda: audit.query_audit(db, actor, audit.AuditQuery(lot_din=din)),
                self._show_audit,
            )
        else:
            self.audit_view = None
            self._add_tab("audit", self.tr("&Audit trail"), None, None, lambda _r: None)
            who = self.tr(" or ").join(
                role_name(r) for r in Role if r in roles_allowed(Action.REVIEW_AUDIT_TRAIL)
            )
            self._note(
                "audit",
                self.tr(
                    "The audit trail is reviewed by {who} (QA and administrators). Ask QA if "
                    "you need to know who changed what on this lot."
                ).format(who=who),
            )

    def _note(self, key: str, text: str, *, error: bool = False) -> None:
        """A line at the top of a tab: a refusal (red) or a plain note."""
        message = self._tabs[key].message
        message.setObjectName("tabMessage" if error else "tabNote")
        message.style().unpolish(message)
        message.style().polish(message)
        message.setText(text)
        message.show()

    def _in_culture(self) -> bool:
        return self.lot is not None and self.lot.status is LotStatus.IN_CULTURE

    def _tab_shown(self, index: int) -> None:
        for tab in self._tabs.values():
            if self.tabs.widget(index) is tab.page and tab.key not in self._loaded:
                self._reload(tab.key)

    def refresh(self) -> None:
        """Read the lot again: the header now, the tab in front now, the others when shown.

        Asked twice before the event loop turns (the page reads itself when built, and the
        workspace refreshes every screen it shows), the lot is read once."""
        from labtracker.domain.errors import LabtrackerError

        if self._just_read:
            return
        self._just_read = True
        QTimer.singleShot(0, self._may_read_again)
        self._loaded.clear()
        try:
            self._read_header()
        except LabtrackerError as error:
            self.banner.setText(str(error))
            self.banner.show()
            self.tabs.setEnabled(False)
            return
        self.banner.hide()
        self.tabs.setEnabled(True)
        current = self.tabs.currentWidget()
        for tab in self._tabs.values():
            if tab.page is current:
                self._reload(tab.key)

    def _may_read_again(self) -> None:
        self._just_read = False

    def _reload(self, key: str) -> None:
        from ui.tasks import run_task

        tab = self._tabs[key]
        self._loaded.add(key)
        if tab.work is None:
            return
        generation = self._generation[key] = self._generation.get(key, 0) + 1
        work, args = tab.work, tab.args()
        run_task(
            self,
            self.tr("Reading lot {din}").format(din=self.din),
            lambda _progress: work(*args),
            on_done=lambda result: self._loaded_ok(key, generation, result),
            on_error=lambda error: self._load_failed(key, generation, error),
        )

    def _loaded_ok(self, key: str, generation: int, result: Any) -> None:
        if self._generation.get(key) != generation:
            return  # a newer read of this tab is on its way
        tab = self._tabs[key]
        tab.message.hide()
        tab.show(result)

    def _load_failed(self, key: str, generation: int, error: BaseException) -> None:
        from labtracker.domain.errors import LabtrackerError
        from ui.tasks import report_failure

        if self._generation.get(key) != generation:
            return
        if isinstance(error, LabtrackerError):
            self._note(key, str(error), error=True)
            return
        details = "".join(traceback.format_exception(error))
        report_failure(self, self.tr("Reading lot {din}").format(din=self.din), error, details)

    # --- showing what was read -----------------------------------------------------------------

    def _show_timeline(self, result: tuple[Any, Any]) -> None:
        events, signatures = result
        self.timeline_model.set_timeline(events, signatures)
        view = self.timeline_view
        fit_columns(view, {TimelineModel.WHAT: 300, TimelineModel.DETAIL: 380})
        fit_rows(view)

    def _show_vessels(self, tree: Any) -> None:
        self.vessel_model.set_roots(tree.roots)
        self.vessel_view.expandAll()
        for column in range(self.vessel_model.columnCount()):
            self.vessel_view.resizeColumnToContents(column)
        if not tree.roots:
            self._note("vessels", self.tr("No vessel yet: vessels are seeded at isolation."))

    def _show_growth(self, result: tuple[Any, Any, Any]) -> None:
        tree, series, projection = result
        roots = tree.roots
        origin = min((r.seeded_at for r in roots), default=None)
        plated = sum(r.cells_seeded for r in roots)
        points: list[ChartPoint] = chart_points(series, origin, plated)
        now = get_clock().now()
        in_culture = self._in_culture()
        today = days_between(origin, now) if origin is not None and in_culture else None
        ready_day = None
        ready_text = ""
        visible = in_culture
        self.scaffold_label.setVisible(visible)
        self.scaffold_volume.setVisible(visible)
        self.projection_text.setVisible(visible)
        if isinstance(projection, str):
            self.projection_text.setText(projection)
        elif projection is not None:
            if projection.already_enough:
                self.projection_text.setText(
                    self.tr(
                        "Enough cells now for this scaffold: {now:,.0f} of {need:,.0f}."
                    ).format(now=projection.cells_now, need=projection.cells_needed)
                )
            elif projection.ready_at is None:
                self.projection_text.setText(
                    self.tr(
                        "No projection: the latest harvest did not grow, so there is no "
                        "doubling time to project with."
                    )
                )
            else:
                when = local_time(projection.ready_at, self.zone)
                ready_text = self.tr("Projected ready {when}").format(when=when)
                if origin is not None:
                    ready_day = days_between(origin, projection.ready_at)
                self.projection_text.setText(
                    self.tr(
                        "Projected ready {when}: {need:,.0f} cells needed, {now:,.0f} now; "
                        "{doublings:.1f} doublings at {dt:.1f} h each."
                    ).format(
                        when=when,
                        need=projection.cells_needed,
                        now=projection.cells_now,
                        doublings=projection.doublings_needed,
                        dt=projection.doubling_time_hours or 0,
                    )
                )
        self.chart.set_data(points, ready_day=ready_day, ready_text=ready_text, today_day=today)
        if series:
            last = series[-1]
            dt = (
                self.tr(", doubling time {dt:.1f} h").format(dt=last.doubling_time_hours)
                if last.doubling_time_hours
                else ""
            )
            self.growth_summary.setText(
                self.tr(
                    "Latest harvest: P{passage} on {when}, {cells:,.0f} cells, PD {pd:.2f}{dt}; "
                    "cumulative PD {cpd:.2f}."
                ).format(
                    passage=last.passage,
                    when=local_time(last.harvested_at, self.zone),
                    cells=last.cells_harvested,
                    pd=last.population_doublings,
                    dt=dt,
                    cpd=last.cumulative_population_doublings,
                )
            )
        elif origin is not None:
            self.growth_summary.setText(
                self.tr("Isolated {when}: {cells:,} cells plated; no harvest counted yet.").format(
                    when=local_time(origin, self.zone), cells=plated
                )
            )
        else:
            self.growth_summary.setText(self.tr("Not isolated yet."))

    def _show_qc(self, check: ReleaseCheck) -> None:
        self.qc_model.set_check(check)
        view = self.qc_view
        fit_columns(view)
        fit_rows(view)
        self.spec_note.setText(
            self.tr(
                "Results judged against the specification in force when each sample was "
                "taken; in force now: {spec}."
            ).format(spec=check.spec_version or self.tr("none"))
        )
        status = check.status
        others = [b for b in check.blockers if b.code != "status"]
        lines = check.blockers
        clear = False
        if status in (LotStatus.RELEASED, LotStatus.DISPATCHED, LotStatus.IMPLANTED):
            heading = self.tr("Released by QA: the lot is now {status}.").format(
                status=self._status_words()[status].lower()
            )
            lines = tuple(others)
            clear = not others
            if others:
                heading += self.tr(" Still open:")
        elif status is LotStatus.REJECTED:
            heading = self.tr("Rejected by QA: must never be released or implanted.")
            lines = tuple(others)
        elif status is LotStatus.DISCARDED:
            heading = self.tr("Discarded: nothing is released from this lot.")
            lines = ()
        elif check.can_release:
            heading = self.tr("Nothing blocks release: QA may release this lot.")
            clear = True
        else:
            heading = self.tr("What blocks release ({n}):").format(n=len(check.blockers))
        self.blockers_heading.setText(heading)
        colour = PASS_COLOUR if clear else FAIL_COLOUR
        self.blockers_heading.setStyleSheet(f"color: {colour.name()};")
        items = [f"•  {b.message}" for b in lines]
        half = (len(items) + 1) // 2 if len(items) > BLOCKERS_IN_ONE_COLUMN else len(items)
        self.blockers_columns[0].setText("\n".join(items[:half]))
        self.blockers_columns[1].setText("\n".join(items[half:]))
        self.blockers_columns[1].setVisible(bool(items[half:]))
        self.blockers_list.setVisible(bool(items))
        self.blockers_scroll.setVisible(bool(items))
        self._fit_blockers()
        self.blockers_panel.setProperty("clear", clear)
        self.blockers_panel.style().unpolish(self.blockers_panel)
        self.blockers_panel.style().polish(self.blockers_panel)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is getattr(self, "qc_tab", None) and event.type() == QEvent.Type.Resize:
            self._fit_blockers()
        return super().eventFilter(watched, event)

    def _fit_blockers(self) -> None:
        """The blockers list as tall as it needs, up to about half the tab; it scrolls beyond
        that, so the results table below stays in view."""
        if self.blockers_list.isHidden():
            return
        width = max(self.blockers_scroll.viewport().width(), 200)
        shown = [c for c in self.blockers_columns if not c.isHidden()]
        spacing = self.blockers_list.layout().spacing()
        column_width = (width - spacing * (len(shown) - 1)) // max(len(shown), 1)
        needed = max([c.heightForWidth(column_width) for c in shown if c.text()] + [0])
        if needed <= 0:
            return
        most = max(int(self.qc_tab.height() * BLOCKERS_SHARE), 90)
        self.blockers_scroll.setFixedHeight(min(needed, most))

    def blockers_text(self) -> str:
        """The release panel as a user reads it: heading, then each blocker."""
        lines = [self.blockers_heading.text()]
        if not self.blockers_list.isHidden():
            lines += [c.text() for c in self.blockers_columns if not c.isHidden() and c.text()]
        return "\n".join(lines)

    def _show_deviations(self, rows: list[Any]) -> None:
        self.deviations_model.set_rows(rows)
        view = self.deviations_view
        # Nothing to list: the sentence above says so, without an empty table under it.
        self.deviations_split.setVisible(bool(rows))
        fit_columns(view, {DeviationsModel.TITLE: 360})
        if not rows:
            self._note("deviations", self.tr("No deviation recorded for this lot."))
            self.deviation_detail.setText("")
        else:
            self._show_deviation(0)  # the first in full; a click or arrow key shows another

    def _show_deviation(self, row: int) -> None:
        if not 0 <= row < self.deviations_model.rowCount():
            self.deviation_detail.setText("")
            return
        d = self.deviations_model.row_at(row)
        parts = [
            f"{d.number}: {d.title}",
            d.description,
            self.tr("Impact assessment: {text}").format(text=d.impact_assessment or "—"),
            self.tr("Root cause: {text}").format(text=d.root_cause or "—"),
            self.tr("Corrective action: {text}").format(text=d.corrective_action or "—"),
            self.tr("Preventive action: {text}").format(text=d.preventive_action or "—"),
        ]
        if d.linked_to_receipt:
            parts.insert(2, self.tr("Covers the aspirate receipt outside limits."))
        self.deviation_detail.setText("\n\n".join(parts))

    def _show_labels(self, rows: list[Any]) -> None:
        self.labels_model.set_rows(rows)
        fit_columns(self.labels_view)
        self.labels_view.setVisible(bool(rows))
        if not rows:
            self._note("labels", self.tr("No label printed for this lot yet."))

    def _show_custody(self, result: tuple[Any, Any]) -> None:
        where, chain = result
        self.custody_view.setVisible(bool(chain))
        self.whereabouts.setText(
            self.tr("Now: {location}, held by {holder}, since {since}").format(
                location=where.location,
                holder=where.holder,
                since=local_time(where.since, self.zone),
            )
        )
        self.custody_model.set_rows(chain)
        fit_columns(self.custody_view)
        if not chain:
            self._note(
                "custody",
                self.tr("No hand-over yet: custody is recorded once QA has released the lot."),
            )

    def _show_audit(self, rows: list[Any]) -> None:
        self.audit_model.set_rows(rows)
        fit_columns(self.audit_view, {AuditModel.OLD: 320, AuditModel.NEW: 320})
        self.audit_count.setText(
            self.tr("{n} audit entries for this lot, oldest first.").format(n=len(rows))
        )
