"""The tables of the specifications screen: every version of each specification with its
state in words (IN FORCE, DRAFT, SUPERSEDED, ALTERED, VOIDED); the criteria of one version;
and the editable criteria of a new draft, each refused cell marked beside its value."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QModelIndex, QObject, Qt

from labtracker.domain.errors import InvalidValueError, LabtrackerError
from labtracker.domain.specifications import Comparator, SpecItem, describe_limit
from ui.models.qa_common import (
    FAIL_RED,
    MUTED,
    PASS_GREEN,
    PENDING_AMBER,
    Index,
    Role,
    TitledTableModel,
    bold,
    brush,
    local,
    version_decoration,
)

if TYPE_CHECKING:
    from labtracker.services.specifications import SpecificationView

ERROR_FILL = "#ffcdd2"


def spec_state(view: SpecificationView) -> tuple[str, str]:
    """(state word, colour) of a version: what a reviewer must know before using it."""
    if view.voided:
        return "VOIDED", FAIL_RED
    if view.state == "draft":
        return "DRAFT", PENDING_AMBER
    if view.state == "retired":
        return "SUPERSEDED", MUTED
    if not view.criteria_intact:
        return "ALTERED — NOT USABLE", FAIL_RED
    return "IN FORCE", PASS_GREEN


class SpecVersionsModel(TitledTableModel):
    """Every version of every specification, newest first within each."""

    VERSION, TITLE, STATE, FROM, APPROVED, DRAFTED = range(6)
    KEY = "spec_id"

    def __init__(self, zone: ZoneInfo | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.zone = zone
        self._rows: list[SpecificationView] = []
        self._titles = (
            self.tr("Version"),
            self.tr("Title"),
            self.tr("State"),
            self.tr("In force from"),
            self.tr("Approved by"),
            self.tr("Drafted by"),
        )

    def row_at(self, row: int) -> SpecificationView:
        return self._rows[row]

    def state_word(self, view: SpecificationView) -> str:
        word, _colour = spec_state(view)
        words = {
            "VOIDED": self.tr("VOIDED"),
            "DRAFT": self.tr("DRAFT — awaiting approval"),
            "SUPERSEDED": self.tr("SUPERSEDED"),
            "ALTERED — NOT USABLE": self.tr("ALTERED — NOT USABLE"),
            "IN FORCE": self.tr("IN FORCE"),
        }
        return words[word]

    def data(self, index: Index, role: int = Role.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        view = self._rows[index.row()]
        column = index.column()
        if role == Role.DisplayRole:
            if column == self.VERSION:
                return view.label
            if column == self.TITLE:
                return view.title
            if column == self.STATE:
                return self.state_word(view)
            if column == self.FROM:
                if view.effective_from is None:
                    return ""
                text = local(view.effective_from, self.zone)
                if view.superseded_from is not None:
                    text += self.tr(" to {until}").format(
                        until=local(view.superseded_from, self.zone)
                    )
                return text
            if column == self.APPROVED:
                if view.state == "draft":
                    return ""
                if view.approved_by is None:
                    return self.tr("shipped default")
                return f"{view.approved_by}, {local(view.approved_at, self.zone)}"
            return view.drafted_by
        if role == Role.ToolTipRole:
            return self.tr("Reason for this version: {reason}").format(reason=view.change_reason)
        _word, colour = spec_state(view)
        return version_decoration(view, role, state_column=column == self.STATE, colour=colour)


class SpecItemsModel(TitledTableModel):
    """The criteria of one version: test, what it must meet, unit and method."""

    CODE, TEST, LIMIT, UNIT, METHOD = range(5)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[SpecItem] = []
        self._titles = (
            self.tr("Test code"),
            self.tr("Test"),
            self.tr("Limit"),
            self.tr("Unit"),
            self.tr("Method"),
        )

    def set_items(self, items: Sequence[SpecItem]) -> None:
        self.set_rows(items)

    def data(self, index: Index, role: int = Role.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        column = index.column()
        if role == Role.DisplayRole:
            if column == self.CODE:
                return item.test_code
            if column == self.TEST:
                return item.label
            if column == self.LIMIT:
                text = describe_limit(item)
                return text + (self.tr(" (K/M, per patient)") if item.is_k_over_m else "")
            if column == self.UNIT:
                return item.unit
            return item.method
        if role == Role.FontRole and column == self.LIMIT:
            return bold()
        return None


# --- editing a draft ---------------------------------------------------------------------------

# Translated where shown: comparator_text().
COMPARATOR_TEXT = {
    Comparator.AT_LEAST: QT_TRANSLATE_NOOP("SpecItemsEditModel", "≥  at least"),
    Comparator.MORE_THAN: QT_TRANSLATE_NOOP("SpecItemsEditModel", ">  more than"),
    Comparator.AT_MOST: QT_TRANSLATE_NOOP("SpecItemsEditModel", "≤  at most"),
    Comparator.LESS_THAN: QT_TRANSLATE_NOOP("SpecItemsEditModel", "<  less than"),
    Comparator.EQUAL: QT_TRANSLATE_NOOP("SpecItemsEditModel", "=  equal to"),
    Comparator.TEXT: QT_TRANSLATE_NOOP("SpecItemsEditModel", "text  must read"),
}


def comparator_text(comparator: Comparator) -> str:
    """The comparator as the criteria editor shows it, in the current language."""
    return QCoreApplication.translate("SpecItemsEditModel", COMPARATOR_TEXT[comparator])


@dataclass
class DraftRow:
    """One criterion as typed: every cell text, judged only when the draft is saved."""

    test_code: str = ""
    label: str = ""
    comparator: str = Comparator.AT_LEAST.value
    limit: str = ""
    required_text: str = ""
    unit: str = ""
    method: str = ""
    errors: dict[int, str] = field(default_factory=dict)  # column → message

    @classmethod
    def of(cls, item: SpecItem) -> DraftRow:
        limit = "" if item.limit_value is None else f"{item.limit_value:g}"
        return cls(
            item.test_code,
            item.label,
            item.comparator.value,
            limit,
            item.required_text or "",
            item.unit,
            item.method,
        )


class SpecItemsEditModel(TitledTableModel):
    """The criteria of a new draft, editable cell by cell; `items()` turns them into
    SpecItems, marking each refused cell (red, with the reason beside it as its tooltip and
    in the dialog's list)."""

    CODE, TEST, COMPARATOR, LIMIT, REQUIRED, UNIT, METHOD = range(7)
    _ATTRS = ("test_code", "label", "comparator", "limit", "required_text", "unit", "method")

    def __init__(self, items: Sequence[SpecItem] = (), parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows = [DraftRow.of(item) for item in items]
        self._titles = (
            self.tr("Test code"),
            self.tr("Test"),
            self.tr("Comparator"),
            self.tr("Limit"),
            self.tr("Required text"),
            self.tr("Unit"),
            self.tr("Method"),
        )

    # --- rows --------------------------------------------------------------------------------

    def rows(self) -> list[DraftRow]:
        return list(self._rows)

    def add_row(self) -> int:
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(DraftRow())
        self.endInsertRows()
        return row

    def remove_row(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()

    def error_at(self, row: int, column: int) -> str:
        return self._rows[row].errors.get(column, "")

    def errors(self) -> list[tuple[int, int, str]]:
        """Every refused cell: (row, column, message), in table order."""
        return [
            (r, c, message)
            for r, row in enumerate(self._rows)
            for c, message in sorted(row.errors.items())
        ]

    def _set_errors(self, row: int, errors: dict[int, str]) -> None:
        self._rows[row].errors = errors
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self._titles) - 1))

    # --- judging -----------------------------------------------------------------------------

    def _number(self, row: int, text: str) -> float | None:
        cleaned = text.strip().replace(" ", "").replace(",", ".")
        if not cleaned:
            return None
        try:
            value = float(cleaned)
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            raise _CellError(
                self.LIMIT, self.tr("Limit must be a number; you entered {text}.").format(text=text)
            )
        return value

    def _column_of(self, error: InvalidValueError) -> int:
        name = error.field.rsplit(":", 1)[-1].strip().lower()
        return {
            "test code": self.CODE,
            "label": self.TEST,
            "comparator": self.COMPARATOR,
            "limit": self.LIMIT,
            "k": self.LIMIT,
            "required result": self.REQUIRED,
            "unit": self.UNIT,
        }.get(name, self.TEST)

    def items(self) -> list[SpecItem] | None:
        """The criteria as SpecItems, or None with each refused cell marked."""
        items: list[SpecItem] = []
        failed = False
        for r, row in enumerate(self._rows):
            try:
                limit = self._number(r, row.limit)
                item = SpecItem(
                    row.test_code,
                    row.label,
                    Comparator(row.comparator),
                    limit,
                    row.required_text or None,
                    row.unit,
                    row.method,
                )
            except _CellError as error:
                self._set_errors(r, {error.column: error.message})
                failed = True
                continue
            except InvalidValueError as error:
                self._set_errors(r, {self._column_of(error): str(error)})
                failed = True
                continue
            self._set_errors(r, {})
            items.append(item)
        return None if failed else items

    def mark(self, error: LabtrackerError) -> bool:
        """Mark the cell a service refusal names (a test code listed twice, a marker's unit);
        False when it names none."""
        if not isinstance(error, InvalidValueError):
            return False
        column = self._column_of(error)
        shown = str(error.value).strip().casefold()
        for r, row in enumerate(self._rows):
            cells = (row.test_code, row.label, row.comparator, row.limit, "", row.unit, "")
            if str(cells[column]).strip().casefold() == shown or (
                column == self.TEST and error.field.startswith(row.label + ":")
            ):
                self._set_errors(r, {column: str(error)})
                return True
        return False

    # --- Qt ----------------------------------------------------------------------------------

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Role.DisplayRole):
        if role != Role.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._titles[section]
        return str(section + 1)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Role.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        text = getattr(row, self._ATTRS[column])
        error = row.errors.get(column)
        if role == Role.DisplayRole:
            if column == self.COMPARATOR:
                try:
                    return comparator_text(Comparator(text))
                except ValueError:
                    return text
            return text
        if role == Role.EditRole:
            return text
        if role == Role.ToolTipRole:
            return error or None
        if error and role == Role.BackgroundRole:
            return brush(ERROR_FILL)
        if error and role == Role.ForegroundRole:
            return brush(FAIL_RED)
        return None

    def setData(self, index: Index, value: Any, role: int = Role.EditRole) -> bool:
        if role != Role.EditRole or not index.isValid():
            return False
        row = self._rows[index.row()]
        setattr(row, self._ATTRS[index.column()], str(value))
        row.errors.pop(index.column(), None)
        self.dataChanged.emit(index, index)
        return True


class _CellError(Exception):
    def __init__(self, column: int, message: str) -> None:
        super().__init__(message)
        self.column = column
        self.message = message
