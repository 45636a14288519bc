"""The table model every administration table is built on: rows of the services' frozen
dataclasses, described column by column, handed to the view a batch at a time (a failed
sign-in report can run to thousands of rows), with a state cell that always carries its word
as well as its colour."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

# The house colours: never alone, always with a word in the same cell.
PASS_GREEN = "#1b5e20"
FAIL_RED = "#b71c1c"
PENDING_AMBER = "#ff8f00"
MUTED_GREY = "#5f6368"
BATCH = 200  # rows handed to the view at a time

Index = QModelIndex | QPersistentModelIndex
ItemRole = Qt.ItemDataRole


@dataclass(frozen=True)
class Tone:
    """A coloured state cell: a filled badge (white on red or green, black on amber) or, for
    a quiet state such as "retired", grey text."""

    background: str | None
    foreground: str

    @property
    def word_colour(self) -> str:
        """The colour that names the state (for tests and legends)."""
        return self.background or self.foreground


GOOD = Tone(None, PASS_GREEN)  # the good state: bold green word, no fill (quieter)
BAD = Tone(FAIL_RED, "#ffffff")
WAITING = Tone(PENDING_AMBER, "#000000")
QUIET = Tone(None, MUTED_GREY)


@dataclass(frozen=True)
class Column:
    """One column: its heading, how a row shows in it, and optionally its tone."""

    key: str
    title: str
    text: Callable[[Any], str]
    tone: Callable[[Any], Tone | None] | None = None
    tooltip: Callable[[Any], str] | None = None
    align_right: bool = False
    monospace: bool = False


class AdminTableModel(QAbstractTableModel):
    """Read-only rows shown through `columns`; `set_rows` replaces them all."""

    def __init__(self, *, key: Callable[[Any], Hashable], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._columns: list[Column] = []
        self._key = key
        self._all: list[Any] = []
        self._shown = 0

    def set_columns(self, columns: Sequence[Column]) -> None:
        """The columns (a subclass calls this once, after `__init__`, so titles can use tr)."""
        self.beginResetModel()
        self._columns = list(columns)
        self.endResetModel()

    # --- rows ----------------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._all = list(rows)
        self._shown = min(len(self._all), BATCH)
        self.endResetModel()

    def total(self) -> int:
        """Every row, including those not yet handed to the view."""
        return len(self._all)

    def row_at(self, row: int) -> Any:
        return self._all[row]

    def row_of_key(self, key: Hashable) -> int:
        """The row showing `key` (fetching batches until it is shown), or -1."""
        for number, each in enumerate(self._all):
            if self._key(each) == key:
                while number >= self._shown and self.canFetchMore():
                    self.fetchMore()
                return number
        return -1

    def key_of(self, row: int) -> Hashable:
        return self._key(self._all[row])

    def key_for(self, item: Any) -> Hashable:
        """The key of a row object (shown or not)."""
        return self._key(item)

    def column_keys(self) -> list[str]:
        return [c.key for c in self._columns]

    def column_of(self, key: str) -> int:
        return self.column_keys().index(key)

    def cell(self, row: int, key: str, role: int = ItemRole.DisplayRole) -> Any:
        """What the view shows in a cell (tests read the table the way a user does)."""
        return self.data(self.index(row, self.column_of(key)), role)

    # --- lazy loading --------------------------------------------------------------------------

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._shown < len(self._all)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        more = min(BATCH, len(self._all) - self._shown)
        if more <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._shown, self._shown + more - 1)
        self._shown += more
        self.endInsertRows()

    # --- Qt ------------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = ItemRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        if role == ItemRole.DisplayRole:
            return self._columns[section].title
        if role == ItemRole.TextAlignmentRole:
            return int(self._alignment(self._columns[section]))
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    @staticmethod
    def _alignment(column: Column) -> Qt.AlignmentFlag:
        side = Qt.AlignmentFlag.AlignRight if column.align_right else Qt.AlignmentFlag.AlignLeft
        return side | Qt.AlignmentFlag.AlignVCenter

    def data(self, index: Index, role: int = ItemRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._shown:
            return None
        row = self._all[index.row()]
        column = self._columns[index.column()]
        if role == ItemRole.DisplayRole:
            return column.text(row)
        if role == ItemRole.ToolTipRole:
            return column.tooltip(row) if column.tooltip else (column.text(row) or None)
        if role == ItemRole.TextAlignmentRole:
            return int(self._alignment(column))
        tone = column.tone(row) if column.tone else None
        if role == ItemRole.BackgroundRole:
            return QBrush(QColor(tone.background)) if tone and tone.background else None
        if role == ItemRole.ForegroundRole:
            return QBrush(QColor(tone.foreground)) if tone else None
        if role == ItemRole.FontRole and (tone or column.monospace):
            font = QFont()
            font.setBold(bool(tone and tone.foreground != MUTED_GREY))
            if column.monospace:
                font.setFamilies(["DejaVu Sans Mono", "Consolas", "monospace"])
                font.setStyleHint(QFont.StyleHint.Monospace)
            return font
        if role == ItemRole.UserRole:
            return self._key(row)
        return None


# --- wording shared by the administration tables --------------------------------------------


def local_time(when: datetime | None, zone: ZoneInfo | None) -> str:
    """A stored UTC time as the site's wall-clock time, to the minute."""
    if when is None:
        return ""
    return when.astimezone(zone).strftime("%Y-%m-%d %H:%M") if zone else f"{when:%Y-%m-%d %H:%M}"


def day(when: date | None) -> str:
    return "" if when is None else when.isoformat()


def number(value: float | None, *, digits: int = 2) -> str:
    """A figure as a person writes it: 25, 9.5, 100,000 (no trailing zeros)."""
    if value is None:
        return ""
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.{digits}f}".rstrip("0").rstrip(".")
