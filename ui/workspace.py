"""The signed-in work area: a navigation list of the screens the person's roles open, the
scan field that every barcode reaches, and the screens themselves (one at a time).

Scans go to whatever is in front: an open step form first (it stops a wrong lot or
patient), then the current screen, and otherwise the workspace opens what the code names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui import messages

if TYPE_CHECKING:
    from ui.context import WorkContext

NAV_STYLE = """
QListWidget#navigation { font-size: 13pt; border: none; background: #eef1f5; }
QListWidget#navigation::item { min-height: 44px; padding-left: 12px; }
QListWidget#navigation::item:selected { background: #1565c0; color: white; }
QLineEdit#scanField { font-size: 14pt; min-height: 40px; padding: 0 8px;
                      border: 2px solid #1565c0; border-radius: 6px; }
QLabel#scanResult { color: #333; }
"""


@dataclass
class _Page:
    key: str
    title: str
    widget: QWidget | None
    build: Callable[[], QWidget] | None


class Workspace(QWidget):
    """Screens by key; `open_lot(din)` shows one lot's page."""

    page_changed = Signal(str)

    def __init__(self, ctx: WorkContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workspace")
        self.setStyleSheet(NAV_STYLE)
        self.ctx = ctx
        self._pages: dict[str, _Page] = {}
        self.lot_page_factory: Callable[[str], QWidget] | None = None
        self.review_page_factory: Callable[[str], QWidget] | None = None
        self._lot_pages: dict[str, QWidget] = {}

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        scan_row = QHBoxLayout()
        self.scan_field = QLineEdit()
        self.scan_field.setObjectName("scanField")
        self.scan_field.setPlaceholderText(
            self.tr(
                "Scan or type a DIN, vessel, QC sample, reagent lot or wristband, then Enter  (F2)"
            )
        )
        self.scan_field.returnPressed.connect(self._scan_typed)
        scan_row.addWidget(self.scan_field, 1)
        self.scan_result = QLabel()
        self.scan_result.setObjectName("scanResult")
        self.scan_result.setWordWrap(True)
        self.scan_result.setTextFormat(Qt.TextFormat.PlainText)
        layout.addLayout(scan_row)
        layout.addWidget(self.scan_result)
        QShortcut(QKeySequence("F2"), self, activated=self.scan_field.setFocus)

        body = QHBoxLayout()
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setFixedWidth(210)
        self.navigation.currentRowChanged.connect(self._row_changed)
        self.stack = QStackedWidget()
        body.addWidget(self.navigation)
        body.addWidget(self.stack, 1)
        layout.addLayout(body, 1)

    # --- pages ---------------------------------------------------------------------------------

    def add_page(
        self,
        key: str,
        title: str,
        widget: QWidget | None = None,
        *,
        build: Callable[[], QWidget] | None = None,
    ) -> None:
        """A screen in the navigation; `build` makes it the first time it is shown."""
        assert (widget is None) != (build is None)
        self._pages[key] = _Page(key, title, widget, build)
        if widget is not None:
            self.stack.addWidget(widget)
        item = QListWidgetItem(title)
        item.setData(Qt.ItemDataRole.UserRole, key)
        self.navigation.addItem(item)
        number = self.navigation.count()
        if number <= 9:
            item.setToolTip(f"Alt+{number}")
            QShortcut(
                QKeySequence(f"Alt+{number}"), self, activated=lambda k=key: self.show_page(k)
            )

    def page(self, key: str) -> QWidget:
        """The screen, built if it was not yet."""
        spec = self._pages[key]
        if spec.widget is None:
            assert spec.build is not None
            spec.widget = spec.build()
            self.stack.addWidget(spec.widget)
        return spec.widget

    def page_keys(self) -> list[str]:
        return list(self._pages)

    def show_page(self, key: str) -> None:
        widget = self.page(key)
        self.stack.setCurrentWidget(widget)
        row = list(self._pages).index(key)
        if self.navigation.currentRow() != row:
            self.navigation.blockSignals(True)
            self.navigation.setCurrentRow(row)
            self.navigation.blockSignals(False)
        refresh = getattr(widget, "refresh", None)
        if callable(refresh):
            refresh()
        self.page_changed.emit(key)

    def _row_changed(self, row: int) -> None:
        if row >= 0:
            self.show_page(self.navigation.item(row).data(Qt.ItemDataRole.UserRole))

    def current(self) -> QWidget | None:
        return self.stack.currentWidget()

    def open_lot(self, din: str) -> None:
        """Show the lot's page (one per lot, kept while the session lasts)."""
        if self.lot_page_factory is None:
            messages.information(self, self.tr("Lot"), self.tr("Lot {din}").format(din=din))
            return
        self.open_view(f"lot:{din}", lambda: self.lot_page_factory(din))

    def open_review(self, din: str) -> None:
        """Show QA's review of the lot's record (one per lot)."""
        if self.review_page_factory is not None:
            self.open_view(f"review:{din}", lambda: self.review_page_factory(din))

    def open_view(self, key: str, build: Callable[[], QWidget]) -> QWidget:
        """Show a screen outside the navigation list (a lot, a review), built once per key."""
        page = self._lot_pages.get(key)
        if page is None:
            page = build()
            self._lot_pages[key] = page
            self.stack.addWidget(page)
        self.navigation.blockSignals(True)
        self.navigation.clearSelection()
        self.navigation.setCurrentRow(-1)
        self.navigation.blockSignals(False)
        self.stack.setCurrentWidget(page)
        refresh = getattr(page, "refresh", None)
        if callable(refresh):
            refresh()
        self.page_changed.emit(key)
        return page

    def refresh(self) -> None:
        refresh = getattr(self.current(), "refresh", None)
        if callable(refresh):
            refresh()

    # --- scans ---------------------------------------------------------------------------------

    def _scan_typed(self) -> None:
        text = self.scan_field.text()
        self.scan_field.clear()
        if text.strip():
            self.handle_scan(text)

    def handle_scan(self, text: str) -> None:
        """Route a scan: the form in front, then the current screen, then open it here.

        A dialog in front of a form (the red stop, the signature) passes the scan to the
        form beneath it, which checks it; a dialog with no form beneath takes nothing, and
        nothing opens behind any dialog."""
        modal = QApplication.activeModalWidget()
        if modal is not None and self._owns(modal):
            target: QWidget | None = modal
            while target is not None and target is not self and not target.isAncestorOf(self):
                handler = getattr(target, "handle_scan", None)
                if callable(handler):
                    handler(text)
                    return
                target = target.parentWidget()
            QApplication.beep()
            return
        handler = getattr(self.current(), "handle_scan", None)
        if callable(handler) and handler(text):
            return
        self.open_scanned(text)

    def _owns(self, widget: QWidget) -> bool:
        """True when `widget` (a dialog) was opened from this workspace's window."""
        window = self.window()
        while widget is not None:
            if widget is window:
                return True
            widget = widget.parentWidget()
        return False

    def open_scanned(self, text: str) -> None:
        """Open what a scan names; say what it is when there is no screen for it."""
        from labtracker.domain.errors import LabtrackerError
        from labtracker.services.scan import resolve_scan

        try:
            resolution = resolve_scan(self.ctx.db, self.ctx.actor, text)
        except LabtrackerError as error:
            self.scan_result.setText(str(error))
            return
        self.scan_result.setText(resolution.summary)
        if resolution.din:
            self.open_lot(resolution.din)
