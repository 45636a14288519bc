"""What the QA tables share (QA review, specifications, label templates): the house colours, a
bold font and a brush, times in the site's zone, a read-only table over a list of frozen rows
with translated column titles, and the state cell of a versioned document (its word on its
colour, a superseded or retired version greyed out)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

PASS_GREEN = "#1b5e20"
FAIL_RED = "#b71c1c"
PENDING_AMBER = "#ff8f00"
MUTED = "#616161"  # a superseded or retired version: grey text, no fill
INK = "#1a1a1a"
Index = QModelIndex | QPersistentModelIndex
Role = Qt.ItemDataRole
NO_PARENT = QModelIndex()


def brush(colour: str) -> QBrush:
    return QBrush(QColor(colour))


def bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


def badge_ink(fill: str) -> str:
    """The text colour on a coloured cell: dark on amber, white on red or green."""
    return INK if fill == PENDING_AMBER else "#ffffff"


def local(when: datetime | None, zone: ZoneInfo | None) -> str:
    """A moment as the site reads it ('2026-03-09 21:20'); empty for none."""
    if when is None:
        return ""
    return when.astimezone(zone).strftime("%Y-%m-%d %H:%M") if zone else f"{when:%Y-%m-%d %H:%M}"


class TitledTableModel(QAbstractTableModel):
    """A read-only table over a list of rows (`_rows`) with its column titles (`_titles`, set
    by the subclass with its own `self.tr`); `KEY` names the attribute a row is found by."""

    KEY: ClassVar[str] = ""

    _rows: list[Any]
    _titles: tuple[str, ...]

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def key_of(self, row: Any) -> Any:
        return getattr(row, self.KEY)

    def row_of(self, key: Any) -> int:
        """The row whose KEY attribute is `key`; -1 when none is."""
        return next((i for i, v in enumerate(self._rows) if self.key_of(v) == key), -1)

    def rowCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._titles)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Role.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Role.DisplayRole:
            return self._titles[section]
        return None


def version_decoration(view: Any, role: int, *, state_column: bool, colour: str) -> Any:
    """The colours, font and row object of a versioned document's row (a label template, a
    specification) for any role but its text and tooltip: the state cell is its word on its
    colour (MUTED: grey text, no fill); a retired version's other cells are grey."""
    if state_column:
        if role == Role.BackgroundRole and colour != MUTED:
            return brush(colour)
        if role == Role.ForegroundRole:
            return brush(MUTED) if colour == MUTED else brush(badge_ink(colour))
        if role == Role.FontRole:
            return bold()
    if role == Role.ForegroundRole and view.state == "retired":
        return brush(MUTED)
    if role == Role.UserRole:
        return view
    return None
