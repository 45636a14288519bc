"""The tables of the QA review screen: the batch record's sections with what needs a
reviewer's eye (corrections, signatures superseded, invalid or missing) and whether the
reviewer has opened them; one entry's fields (field, value, unit) with its corrected values
highlighted; a section printed one line per entry; and the list of every correction.

A state is always a word with its colour on top (never colour alone): CORRECTED on amber,
SUPERSEDED or INVALID in red, VALID in green.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractListModel, QAbstractTableModel, QCoreApplication, QObject, Qt

from ui.i18n import domain_text
from ui.models.qa_common import (
    FAIL_RED,
    INK,
    NO_PARENT,
    PASS_GREEN,
    PENDING_AMBER,
    Index,
    Role,
    TitledTableModel,
    bold,
    brush,
)

if TYPE_CHECKING:
    from labtracker.services.batch_record import Correction, Entry, Field, Section, SignatureLine

CORRECTED_FILL = "#ffe0b2"  # a corrected value's row: light amber behind dark text
MARKED_FILL = "#fff3e0"  # a section that holds something to look at
REVIEWED_FILL = "#e8f5e9"
MARKED_INK = "#8a3b00"  # dark amber: readable on the light amber fill
# The records whose step is signed "performed" and "verified" before the lot can be released
# (labtracker.domain.release_rules): without both valid signatures the entry is flagged.
SIGNED_STEPS = frozenset({"isolation", "harvest", "osteogenic_induction", "scaffold_seeding"})
STEP_MEANINGS = ("Performed", "Verified")
OTHER_CORRECTIONS = "Other corrected values"  # batch_record_entries.OTHER_CORRECTIONS

# A value printed as "<number> <unit>" ("85 %", "15 mL", "-1.1") is shown in two columns.
_QUANTITY = re.compile(
    r"^(?P<number>[-−]?\d[\d,]*(?:\.\d+)?)\s+(?P<unit>%|[a-zA-Zµ°²/×]+(?:/[a-zA-Zµ°²]+)?)$"
)


def split_unit(value: str) -> tuple[str, str]:
    """'85 %' → ('85', '%'); '15 mL' → ('15', 'mL'); anything else stays whole."""
    match = _QUANTITY.match(value.strip())
    if match is None:
        return value, ""
    return match["number"], match["unit"]


def correction_text(correction: Correction) -> str:
    """'CORRECTED: 80.0 → 85.0 — Li Wang (lwang), 2026-03-09 21:20 CST — why'."""
    return QCoreApplication.translate(
        "QaReview", "CORRECTED: {old} → {new} — {who}, {when} — {why}"
    ).format(
        old=correction.old_value,
        new=correction.new_value,
        who=correction.corrected_by,
        when=f"{correction.corrected_at:%Y-%m-%d %H:%M %Z}",
        why=correction.reason or QCoreApplication.translate("QaReview", "(no reason recorded)"),
    )


def signature_state_word(state: str) -> str:
    return {
        "valid": QCoreApplication.translate("QaReview", "VALID"),
        "superseded": QCoreApplication.translate("QaReview", "SUPERSEDED"),
        "invalid": QCoreApplication.translate("QaReview", "INVALID"),
    }.get(state, state.upper())


def signature_colour(state: str) -> str:
    return PASS_GREEN if state == "valid" else FAIL_RED


def missing_signatures(entry: Entry) -> tuple[str, ...]:
    """The meanings a signed step still lacks a valid signature for ("Verified")."""
    if entry.table not in SIGNED_STEPS or entry.void:
        return ()
    valid = {s.meaning for s in entry.signatures if s.state == "valid"}
    return tuple(m for m in STEP_MEANINGS if m not in valid)


@dataclass(frozen=True)
class SectionMarks:
    """What in a section needs the reviewer's eye."""

    corrections: int
    bad_signatures: int  # superseded or invalid
    unsigned: int  # signed steps without a valid performed and verified signature
    failures: int = 0  # results whose verdict is a failure

    @property
    def any(self) -> bool:
        return bool(self.corrections or self.bad_signatures or self.unsigned or self.failures)


def section_marks(section: Section) -> SectionMarks:
    corrections = len({c for e in section.entries for c in e.corrections})
    bad = sum(1 for e in section.entries for s in e.signatures if s.state != "valid")
    unsigned = sum(1 for e in section.entries if missing_signatures(e))
    failures = sum(
        1
        for e in section.entries
        if not e.void
        for f in e.fields
        if f.label == "Verdict" and f.value.strip().lower().startswith("fail")
    )
    return SectionMarks(corrections, bad, unsigned, failures)


# --- sections --------------------------------------------------------------------------------


class SectionsModel(QAbstractListModel):
    """The record's sections in order: number, title, what is marked, and reviewed or not."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sections: list[Section] = []
        self._marks: list[SectionMarks] = []
        self._reviewed: set[int] = set()

    def set_sections(self, sections: Sequence[Section], reviewed: set[int]) -> None:
        self.beginResetModel()
        self._sections = list(sections)
        self._marks = [section_marks(s) for s in self._sections]
        self._reviewed = set(reviewed)
        self.endResetModel()

    def set_reviewed(self, reviewed: set[int]) -> None:
        """Which sections (by row) the reviewer has opened as they stand now."""
        self._reviewed = set(reviewed)
        if self._sections:
            self.dataChanged.emit(self.index(0), self.index(len(self._sections) - 1))

    def section_at(self, row: int) -> Section:
        return self._sections[row]

    def marks_at(self, row: int) -> SectionMarks:
        return self._marks[row]

    def rowCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._sections)

    def marks_text(self, row: int) -> str:
        marks = self._marks[row]
        words = []
        if marks.corrections:
            words.append(self.tr("{n} CORRECTED").format(n=marks.corrections))
        if marks.bad_signatures:
            words.append(
                self.tr("{n} signature(s) superseded or invalid").format(n=marks.bad_signatures)
            )
        if marks.failures:
            words.append(self.tr("{n} FAILED result(s)").format(n=marks.failures))
        if marks.unsigned:
            words.append(self.tr("{n} step(s) not signed").format(n=marks.unsigned))
        return " · ".join(words)

    def data(self, index: Index, role: int = Role.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._sections):
            return None
        row = index.row()
        section = self._sections[row]
        reviewed = row in self._reviewed
        if role == Role.DisplayRole:
            tick = "✓" if reviewed else "○"
            state = self.tr("reviewed") if reviewed else self.tr("not yet opened")
            marks = self.marks_text(row)
            second = f"{state} · {marks}" if marks else state
            return f"{tick} {section.number}. {section.title}\n{second}"
        if role == Role.ToolTipRole:
            return section.title
        marked = self._marks[row].any
        if role == Role.BackgroundRole:
            if marked:
                return brush(MARKED_FILL)
            return brush(REVIEWED_FILL) if reviewed else None
        if role == Role.ForegroundRole and marked:
            return brush(MARKED_INK)
        if role == Role.FontRole and marked:
            return bold()
        if role == Role.UserRole:
            return section
        return None


# --- one entry: field, value, unit ------------------------------------------------------------


class EntryFieldsModel(TitledTableModel):
    """One entry's fields as a reviewer reads them. A corrected value is highlighted amber and
    named CORRECTED, and the row under it, spanning the table, says
    "CORRECTED: old → new — who, when — why" for each of its corrections."""

    FIELD, VALUE, UNIT = range(3)

    def __init__(self, entry: Entry, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.entry = entry
        # (field, None) for the field's own row; (field, correction) for a row under it.
        self._rows: list[tuple[Field, Correction | None]] = []
        for f in entry.fields:
            self._rows.append((f, None))
            self._rows.extend((f, c) for c in f.corrections)
        self._titles = (self.tr("Field"), self.tr("Value"), self.tr("Unit"))

    def field_at(self, row: int) -> Field:
        return self._rows[row][0]

    def correction_at(self, row: int) -> Correction | None:
        return self._rows[row][1]

    def row_of(self, label: str) -> int:
        """The row of the field printed as `label`; -1 when there is none."""
        return next(
            (i for i, (f, c) in enumerate(self._rows) if c is None and f.label == label), -1
        )

    def correction_rows(self) -> list[int]:
        """The rows that explain a correction (the view spans them across the table)."""
        return [i for i, (_f, c) in enumerate(self._rows) if c is not None]

    def data(self, index: Index, role: int = Role.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        f, correction = self._rows[index.row()]
        column = index.column()
        if correction is not None:
            if role == Role.DisplayRole:
                return "↳ " + correction_text(correction) if column == self.FIELD else ""
            if role == Role.BackgroundRole:
                return brush(CORRECTED_FILL)
            if role == Role.ForegroundRole:
                return brush(INK)
            if role == Role.ToolTipRole:
                return correction_text(correction)
            return None
        if role == Role.DisplayRole:
            if column == self.FIELD:
                return f"{f.label}  ✎ {self.tr('CORRECTED')}" if f.corrected else f.label
            value, unit = split_unit(f.value)
            return value if column == self.VALUE else unit
        if role == Role.ToolTipRole:
            if f.corrected:
                return "\n".join(correction_text(c) for c in f.corrections)
            return f"{f.label}: {f.value}"
        if role == Role.BackgroundRole and f.corrected:
            return brush(PENDING_AMBER if column == self.FIELD else CORRECTED_FILL)
        if role == Role.ForegroundRole and f.corrected:
            return brush(INK)
        if role == Role.FontRole and f.corrected:
            return bold()
        if role == Role.UserRole:
            return f
        return None


# --- a section printed one line per entry -----------------------------------------------------


class TabularEntriesModel(QAbstractTableModel):
    """Entries of a tabular section (materials, equipment, QC, labels, custody) as rows, their
    fields as columns; corrected cells amber, verdicts in words and colour."""

    def __init__(self, entries: Sequence[Entry], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries = list(entries)
        first = self._entries[0].fields if self._entries else ()
        self._labels = [f.label for f in first if f.label != OTHER_CORRECTIONS]
        self._values = [{f.label: f for f in e.fields} for e in self._entries]

    def labels(self) -> list[str]:
        return list(self._labels)

    def entry_at(self, row: int) -> Entry:
        return self._entries[row]

    def rowCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._labels)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Role.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Role.DisplayRole:
            return self._labels[section]
        return None

    def _field(self, index: Index) -> Field | None:
        return self._values[index.row()].get(self._labels[index.column()])

    def data(self, index: Index, role: int = Role.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        f = self._field(index)
        entry = self._entries[index.row()]
        if role == Role.DisplayRole:
            if f is None:
                return "—"
            return f"{f.value}  ✎ {self.tr('CORRECTED')}" if f.corrected else f.value
        if role == Role.ToolTipRole and f is not None:
            if f.corrected:
                return "\n".join(correction_text(c) for c in f.corrections)
            return f.value
        if f is None:
            return None
        if f.corrected:
            if role == Role.BackgroundRole:
                return brush(CORRECTED_FILL)
            if role == Role.ForegroundRole:
                return brush(INK)
            if role == Role.FontRole:
                return bold()
        if self._labels[index.column()] in ("Verdict", "State") and role in (
            Role.ForegroundRole,
            Role.FontRole,
        ):
            colour = verdict_colour(f.value)
            if colour is None:
                return None
            return brush(colour) if role == Role.ForegroundRole else bold()
        if role == Role.ForegroundRole and entry.void:
            return brush("#616161")
        return None


def verdict_colour(text: str) -> str | None:
    """The colour a verdict or state word is printed in; None for anything else."""
    word = text.strip().lower()
    if word.startswith(("pass", "reconciled")):
        return PASS_GREEN
    if word.startswith(("fail", "mismatch", "not reconciled")):
        return FAIL_RED
    if word.startswith(("pending", "no result")):
        return "#8a3b00"
    return None


# --- every correction ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CorrectionRow:
    correction: Correction
    section: int | None  # the section number whose entry shows it; None: in no section
    entry: str | None  # the entry's title


def correction_rows(
    corrections: Sequence[Correction], sections: Sequence[Section]
) -> list[CorrectionRow]:
    """Each correction with the section and entry where the record shows it."""
    where: dict[Correction, tuple[int, str]] = {}
    for section in sections:
        for entry in section.entries:
            for c in entry.corrections:
                where.setdefault(c, (section.number, entry.title))
    rows = []
    for c in corrections:
        found = where.get(c)
        rows.append(CorrectionRow(c, found[0] if found else None, found[1] if found else None))
    return rows


class CorrectionsModel(TitledTableModel):
    """Every corrected value of the lot, oldest first: where, old → new, who and when, why."""

    WHERE, FIELD, CHANGE, WHO, REASON = range(5)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[CorrectionRow] = []
        self._titles = (
            self.tr("Where"),
            self.tr("Field"),
            self.tr("Old → new"),
            self.tr("Who, when"),
            self.tr("Why"),
        )

    def row_at(self, row: int) -> CorrectionRow:
        return self._rows[row]

    def data(self, index: Index, role: int = Role.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        c = row.correction
        column = index.column()
        if role == Role.DisplayRole:
            if column == self.WHERE:
                if row.section is None:
                    return c.record
                return self.tr("§{n} {entry}").format(n=row.section, entry=row.entry)
            if column == self.FIELD:
                return c.field
            if column == self.CHANGE:
                return f"{c.old_value} → {c.new_value}"
            if column == self.WHO:
                return f"{c.corrected_by}, {c.corrected_at:%Y-%m-%d %H:%M %Z}"
            return c.reason
        if role == Role.ToolTipRole:
            return correction_text(c)
        if role == Role.BackgroundRole and column == self.CHANGE:
            return brush(CORRECTED_FILL)
        if role == Role.FontRole and column == self.CHANGE:
            return bold()
        if role == Role.UserRole:
            return row
        return None


def signature_line_text(signature: SignatureLine) -> str:
    """'VALID — Verified by Zhang Liu (zliu), 2026-03-09 21:30 CST' and, when not valid, why."""
    text = QCoreApplication.translate(
        "QaReview", "{state} — {meaning} by {name} ({username}), {when}"
    ).format(
        state=signature_state_word(signature.state),
        meaning=domain_text(signature.meaning),
        name=signature.printed_name,
        username=signature.username,
        when=signature.when,
    )
    if signature.state != "valid" and signature.note:
        text += f" — {signature.note}"
    return text
