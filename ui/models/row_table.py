"""A table model over a list of frozen rows (the services' dataclasses), described column by
column; the shared colours and the wording of times every home table uses.

A refresh that brings back the same rows in the same order only repaints them, so the view
keeps its selection, current cell and scroll position; anything else resets the model and the
page puts the selection back by key (`key_of`, `row_of_key`).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

# The house colours (brief): never alone, always with a word in the same cell.
PASS_GREEN = "#1b5e20"
FAIL_RED = "#b71c1c"
PENDING_AMBER = "#ff8f00"
EXPIRED_ROW = "#ffebee"  # the faint red behind every cell of an expired construct's row
# A construct with less than this left is shown red (surgeon's and QA's countdown).
EXPIRY_WARNING = timedelta(hours=6)

Index = QModelIndex | QPersistentModelIndex
Role = Qt.ItemDataRole


@dataclass(frozen=True)
class Badge:
    """A coloured cell: white text on red or green, black on amber."""

    background: str

    @property
    def foreground(self) -> str:
        return "#000000" if self.background == PENDING_AMBER else "#ffffff"


RED, AMBER, GREEN = Badge(FAIL_RED), Badge(PENDING_AMBER), Badge(PASS_GREEN)


@dataclass(frozen=True)
class Column:
    """One column: its heading and how a row shows in it."""

    title: str
    text: Callable[[Any], str]
    badge: Callable[[Any], Badge | None] | None = None  # coloured cell
    colour: Callable[[Any], str | None] | None = None  # coloured text
    tooltip: Callable[[Any], str] | None = None
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    bold: Callable[[Any], bool] | None = None
    monospace: bool = False


class RowTableModel(QAbstractTableModel):
    """Rows of any frozen dataclass shown through `columns`; read-only."""

    def __init__(
        self,
        columns: Sequence[Column] = (),
        *,
        key: Callable[[Any], Hashable] = lambda row: row,
        row_background: Callable[[Any], str | None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._columns: list[Column] = list(columns)
        self._rows: list[Any] = []
        self._key = key
        self._row_background = row_background

    # --- rows ----------------------------------------------------------------------------------

    def set_columns(self, columns: Sequence[Column]) -> None:
        self.beginResetModel()
        self._columns = list(columns)
        self.endResetModel()

    def set_rows(self, rows: Sequence[Any]) -> None:
        """Show `rows`; the same rows in the same order are only repainted."""
        rows = list(rows)
        if [self._key(r) for r in rows] == [self._key(r) for r in self._rows]:
            self._rows = rows
            if rows and self._columns:
                self.dataChanged.emit(
                    self.index(0, 0), self.index(len(rows) - 1, len(self._columns) - 1)
                )
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def rows(self) -> list[Any]:
        return list(self._rows)

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def key_of(self, row: int) -> Hashable:
        return self._key(self._rows[row])

    def row_of_key(self, key: Hashable) -> int:
        """The row showing `key`, or -1."""
        for number, each in enumerate(self._rows):
            if self._key(each) == key:
                return number
        return -1

    def column_titles(self) -> list[str]:
        return [c.title for c in self._columns]

    # --- Qt --------------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Role.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            if role == Role.DisplayRole:
                return self._columns[section].title
            if role == Role.TextAlignmentRole:
                return int(self._columns[section].align)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Role.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        column = self._columns[index.column()]
        if role == Role.DisplayRole:
            return column.text(row)
        if role == Role.ToolTipRole:
            return column.tooltip(row) if column.tooltip else column.text(row) or None
        if role == Role.TextAlignmentRole:
            return int(column.align)
        badge = column.badge(row) if column.badge else None
        if role == Role.BackgroundRole:
            if badge is not None:
                return QBrush(QColor(badge.background))
            tint = self._row_background(row) if self._row_background else None
            return QBrush(QColor(tint)) if tint else None
        if role == Role.ForegroundRole:
            if badge is not None:
                return QBrush(QColor(badge.foreground))
            colour = column.colour(row) if column.colour else None
            return QBrush(QColor(colour)) if colour else None
        if role == Role.FontRole:
            bold = badge is not None or bool(column.bold and column.bold(row))
            if not (bold or column.monospace):
                return None
            font = QFont()
            font.setBold(bold)
            if column.monospace:
                font.setFamilies(["DejaVu Sans Mono", "Consolas", "monospace"])
                font.setStyleHint(QFont.StyleHint.Monospace)
            return font
        return None


# --- wording shared by the home tables --------------------------------------------------------


def din_text(din_display: str, check_character: str) -> str:
    """The DIN as printed, its check character in brackets (a table cannot draw its box)."""
    return f"{din_display} [{check_character}]"


def hours_minutes(delta: timedelta) -> str:
    """A duration as hours:minutes ("37:05"), rounded down to the minute."""
    minutes = int(abs(delta) / timedelta(minutes=1))
    return f"{minutes // 60}:{minutes % 60:02d}"


def age_text(delta: timedelta) -> str:
    """How long ago, in the unit a person would use: "45 min", "6 h", "3 days"."""
    if delta < timedelta(hours=1):
        return QCoreApplication.translate("RowTable", "{n} min").format(
            n=max(0, int(delta / timedelta(minutes=1)))
        )
    if delta < timedelta(hours=48):
        return QCoreApplication.translate("RowTable", "{n} h").format(
            n=int(delta / timedelta(hours=1))
        )
    return QCoreApplication.translate("RowTable", "{n} days").format(
        n=int(delta / timedelta(days=1))
    )


def local_text(when: datetime | None, zone: ZoneInfo | None) -> str:
    """A stored UTC time as the site's wall-clock time."""
    if when is None:
        return ""
    return when.astimezone(zone).strftime("%Y-%m-%d %H:%M") if zone else f"{when:%Y-%m-%d %H:%M}"
