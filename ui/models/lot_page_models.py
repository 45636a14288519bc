"""The tables and the vessel tree of the lot page: timeline with signatures, vessels by
passage, QC results against their specification, deviations, label prints, custody and the
lot's audit trail.

Each model takes the frozen views the services hand back, and shows times in the site's time
zone. A verdict or state is always a word, with its colour on top (never colour alone).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from ui.i18n import meaning_name

if TYPE_CHECKING:
    from labtracker.services.audit import AuditRow
    from labtracker.services.culture import VesselNode
    from labtracker.services.custody import CustodyView
    from labtracker.services.deviations import DeviationView
    from labtracker.services.labels import ReconciliationRow
    from labtracker.services.queries import TimelineEvent
    from labtracker.services.release import ReleaseCheck
    from labtracker.services.signatures import SignatureView

PASS_COLOUR = QColor("#1b5e20")
FAIL_COLOUR = QColor("#b71c1c")
PENDING_COLOUR = QColor("#ff8f00")
MUTED_COLOUR = QColor("#616161")
_WHITE = QColor("#ffffff")
_INK = QColor("#1a1a1a")

Role = Qt.ItemDataRole
_INDEX = QModelIndex()


def local_time(when: datetime | None, zone: ZoneInfo) -> str:
    """A stored UTC moment as the site's wall clock shows it."""
    return "" if when is None else when.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def badge_colours(colour: QColor) -> tuple[QColor, QColor]:
    """Text and fill of a verdict badge: white on green or red, dark ink on amber."""
    return (_INK if colour == PENDING_COLOUR else _WHITE), colour


def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


def _struck() -> QFont:
    font = QFont()
    font.setStrikeOut(True)
    return font


class _Table(QAbstractTableModel):
    """A read-only table of rows; subclasses say what each cell shows."""

    def __init__(self, zone: ZoneInfo, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.zone = zone
        self._rows: list[Any] = []
        self._titles = self.titles()

    def titles(self) -> tuple[str, ...]:
        """The column headings, translated (each a literal `self.tr` for lupdate)."""
        raise NotImplementedError

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def rowCount(self, parent: QModelIndex = _INDEX) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = _INDEX) -> int:
        return 0 if parent.isValid() else len(self._titles)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Role.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Role.DisplayRole:
            return self._titles[section]
        return None

    def data(self, index: QModelIndex, role: int = Role.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        if role == Role.UserRole:
            return item
        return self.cell(item, index.column(), role)

    def cell(self, item: Any, column: int, role: int) -> Any:
        raise NotImplementedError


# --- timeline --------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineRow:
    """One step of the timeline and the signatures on its record."""

    event: TimelineEvent
    signatures: tuple[SignatureView, ...] = field(default=())


# Steps recorded at the same minute read in the order they happen at the bench: a harvest,
# its count, then the vessels seeded from it.
STEP_ORDER = {
    kind: rank
    for rank, kind in enumerate(
        (
            "lot",
            "aspirate_collection",
            "aspirate_receipt",
            "isolation",
            "harvest",
            "cell_count",
            "immunophenotype",
            "vessel",
            "osteogenic_induction",
            "scaffold_seeding",
            "qc_sample",
            "qc_result",
            "deviation",
            "release_decision",
            "custody_event",
            "discard",
            "implantation",
            "e_signature",
        )
    )
}


def timeline_rows(
    events: Sequence[TimelineEvent], signatures: Sequence[SignatureView]
) -> list[TimelineRow]:
    """Each signature beside the step it signs (the last event of that record: an induction
    is signed after it ended); a signature whose record has no step of its own keeps its
    own "Signed: …" line."""
    owner: dict[tuple[str, int], int] = {}
    kept = [e for e in events if e.kind != "e_signature"]
    for position, event in enumerate(kept):
        owner[(event.kind, event.record_id)] = position
    attached: dict[int, list[SignatureView]] = {}
    placed: set[int] = set()
    for signature in signatures:
        position = owner.get((signature.record_table, signature.record_id))
        if position is not None:
            attached.setdefault(position, []).append(signature)
            placed.add(signature.signature_id)
    rows = [TimelineRow(e, tuple(attached.get(i, ()))) for i, e in enumerate(kept)]
    loose = [e for e in events if e.kind == "e_signature" and e.record_id not in placed]
    rows += [TimelineRow(e) for e in loose]
    rows.sort(key=lambda r: (r.event.at, STEP_ORDER.get(r.event.kind, len(STEP_ORDER))))
    return rows


class TimelineModel(_Table):
    """Every step, decision and hand-over of a lot, oldest first, with its signatures."""

    WHEN, WHAT, DETAIL, BY, SIGNATURES = range(5)

    def titles(self) -> tuple[str, ...]:
        return (
            self.tr("When"),
            self.tr("What"),
            self.tr("Detail"),
            self.tr("By"),
            self.tr("Signatures"),
        )

    def set_timeline(
        self, events: Sequence[TimelineEvent], signatures: Sequence[SignatureView]
    ) -> None:
        self.set_rows(timeline_rows(events, signatures))

    def signature_line(self, signature: SignatureView, step_at: datetime | None = None) -> str:
        """'Verified: Zhang Liu, 22:10' (the date too when it is not the step's day)."""
        when = local_time(signature.signed_at, self.zone)
        if step_at is not None and local_time(step_at, self.zone)[:10] == when[:10]:
            when = when[11:]
        line = self.tr("{meaning}: {name}, {when}").format(
            meaning=meaning_name(signature.meaning).capitalize(),
            name=signature.printed_name,
            when=when,
        )
        if signature.superseded_at is not None:
            line += self.tr(" — SUPERSEDED")
        elif not signature.content_matches:
            line += self.tr(" — INVALID (record changed)")
        return line

    def cell(self, item: TimelineRow, column: int, role: int) -> Any:
        event = item.event
        if role == Role.DisplayRole:
            if column == self.WHEN:
                return local_time(event.at, self.zone)
            if column == self.WHAT:
                return event.title + (self.tr(" (voided)") if event.voided else "")
            if column == self.DETAIL:
                return event.detail
            if column == self.BY:
                return event.by or ""
            if column == self.SIGNATURES:
                return "\n".join(self.signature_line(s, event.at) for s in item.signatures)
        elif role == Role.ToolTipRole and column in (self.DETAIL, self.SIGNATURES):
            return self.cell(item, column, Role.DisplayRole) or None
        elif role == Role.FontRole and event.voided:
            return _struck()
        elif role == Role.ForegroundRole:
            if event.voided:
                return QBrush(MUTED_COLOUR)
            if column == self.SIGNATURES and any(not s.is_valid for s in item.signatures):
                return QBrush(FAIL_COLOUR)
        return None


# --- vessels ---------------------------------------------------------------------------------


class _VesselItem:
    __slots__ = ("children", "node", "parent", "row")

    def __init__(self, node: VesselNode | None, parent: _VesselItem | None, row: int) -> None:
        self.node = node
        self.parent = parent
        self.row = row
        kids = node.children if node is not None else ()
        self.children = [_VesselItem(child, self, i) for i, child in enumerate(kids)]


class VesselTreeModel(QAbstractItemModel):
    """The lot's vessels from P0 down: each vessel's children are the vessels seeded from
    its harvest, one passage further on. A pooled harvest lists its children once, under the
    first vessel of the pool."""

    CODE, TYPE, SEEDED, CELLS, DENSITY, STATE, HARVESTED, PD = range(8)

    def __init__(self, zone: ZoneInfo, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.zone = zone
        self._root = _VesselItem(None, None, 0)
        self._titles = (
            self.tr("Vessel"),
            self.tr("Type"),
            self.tr("Seeded"),
            self.tr("Cells seeded"),
            self.tr("Density (cells/cm²)"),
            self.tr("State"),
            self.tr("Cells harvested"),
            self.tr("PD (cumulative)"),
        )
        self._states = {
            "in_culture": self.tr("In culture"),
            "harvested": self.tr("Harvested"),
            "discarded": self.tr("Discarded"),
        }

    def set_roots(self, roots: Sequence[VesselNode]) -> None:
        self.beginResetModel()
        self._root = _VesselItem(None, None, 0)
        self._root.children = [_VesselItem(node, self._root, i) for i, node in enumerate(roots)]
        self.endResetModel()

    def node(self, index: QModelIndex) -> VesselNode | None:
        item = index.internalPointer() if index.isValid() else None
        return item.node if item is not None else None

    def index(self, row: int, column: int, parent: QModelIndex = _INDEX) -> QModelIndex:
        holder = parent.internalPointer() if parent.isValid() else self._root
        if not (0 <= row < len(holder.children) and 0 <= column < len(self._titles)):
            return QModelIndex()
        return self.createIndex(row, column, holder.children[row])

    def parent(self, index: QModelIndex = _INDEX) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        item = index.internalPointer()
        if item.parent is None or item.parent is self._root:
            return QModelIndex()
        return self.createIndex(item.parent.row, 0, item.parent)

    def rowCount(self, parent: QModelIndex = _INDEX) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        holder = parent.internalPointer() if parent.isValid() else self._root
        return len(holder.children)

    def columnCount(self, parent: QModelIndex = _INDEX) -> int:
        return len(self._titles)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Role.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Role.DisplayRole:
            return self._titles[section]
        return None

    def _harvest_text(self, node: VesselNode) -> str:
        harvest = node.harvest
        if harvest is None:
            return ""
        if harvest.children_listed_under:
            code = harvest.children_listed_under
            din = node.code.split("-", 1)[0]
            short = code.removeprefix(din + "-") if din else code
            return self.tr("pooled, see {code}").format(code=short)
        text = f"{harvest.cells_harvested:,.0f}"
        if harvest.pooled_with:
            text += self.tr(" (pool of {n})").format(n=len(harvest.pooled_with) + 1)
        return text

    def data(self, index: QModelIndex, role: int = Role.DisplayRole):
        node = self.node(index)
        if node is None:
            return None
        column = index.column()
        harvest = node.harvest
        if role == Role.UserRole:
            return node
        if role == Role.DisplayRole:
            if column == self.CODE:
                return node.code
            if column == self.TYPE:
                return node.vessel_type
            if column == self.SEEDED:
                return local_time(node.seeded_at, self.zone)
            if column == self.CELLS:
                return f"{node.cells_seeded:,}"
            if column == self.DENSITY:
                return f"{node.seeding_density:,.0f}"
            if column == self.STATE:
                return self._states.get(node.state, node.state.replace("_", " "))
            if column == self.HARVESTED:
                return self._harvest_text(node)
            if column == self.PD and harvest is not None and not harvest.children_listed_under:
                return (
                    f"{harvest.population_doublings:.2f} "
                    f"({harvest.cumulative_population_doublings:.2f})"
                )
            return ""
        if role == Role.ToolTipRole and harvest is not None and column >= self.HARVESTED:
            lines = [
                self.tr("Harvested {when}, viability {viability:.1f} %").format(
                    when=local_time(harvest.harvested_at, self.zone),
                    viability=harvest.viability_percent,
                )
            ]
            if harvest.pooled_with:
                lines.append(
                    self.tr("Pooled with {codes}").format(codes=", ".join(harvest.pooled_with))
                )
            if harvest.doubling_time_hours:
                lines.append(
                    self.tr("Doubling time {dt:.1f} h").format(dt=harvest.doubling_time_hours)
                )
            return "\n".join(lines)
        if role == Role.TextAlignmentRole and column in (self.CELLS, self.DENSITY, self.HARVESTED):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Role.ForegroundRole and column == self.STATE:
            if node.state == "discarded":
                return QBrush(FAIL_COLOUR)
            if node.state == "in_culture":
                return QBrush(QColor("#1565c0"))
        if (
            role == Role.FontRole
            and column in (self.CODE, self.STATE)
            and node.state == "in_culture"
        ):
            return _bold()
        return None


# --- QC results ------------------------------------------------------------------------------


@dataclass(frozen=True)
class QcRow:
    """One line of the QC table: a release test, or an immunophenotype panel."""

    test: str
    sample: str
    result: str
    limit: str
    verdict: str  # pass, FAIL, pending, no result, cannot judge
    specification: str
    tested_at: datetime | None = None
    note: str = ""


def verdict_colour(verdict: str) -> QColor:
    word = verdict.casefold()
    if word == "pass":
        return PASS_COLOUR
    if word == "fail":
        return FAIL_COLOUR
    return PENDING_COLOUR


def qc_rows(check: ReleaseCheck) -> list[QcRow]:
    """The release results, then each immunophenotype panel, as the QC table shows them."""
    rows = [
        QcRow(
            r.test,
            r.sample,
            r.result,
            r.limit,
            r.verdict,
            r.specification or (check.spec_version or ""),
            r.tested_at,
        )
        for r in check.results
    ]
    for panel in check.phenotypes:
        rows.append(
            QcRow(
                QCoreApplication.translate("QcResultsModel", "Immunophenotype"),
                "",
                "; ".join(panel.failures)
                or QCoreApplication.translate("QcResultsModel", "every marker within limits"),
                QCoreApplication.translate("QcResultsModel", "every marker of the panel"),
                panel.outcome.value,
                panel.specification,
                None,
                QCoreApplication.translate("QcResultsModel", "analysed {date}").format(
                    date=f"{panel.analysed_on:%Y-%m-%d}"
                ),
            )
        )
    return rows


class QcResultsModel(_Table):
    """Each release test's result against the specification it is judged by."""

    # The verdict next to the test: on a narrow screen it is never scrolled out of view.
    TEST, VERDICT, RESULT, LIMIT, SAMPLE, SPEC, TESTED = range(7)

    def titles(self) -> tuple[str, ...]:
        return (
            self.tr("Test"),
            self.tr("Verdict"),
            self.tr("Result"),
            self.tr("Specification"),
            self.tr("Sample"),
            self.tr("Spec version"),
            self.tr("Tested"),
        )

    def set_check(self, check: ReleaseCheck) -> None:
        self.set_rows(qc_rows(check))

    def verdict_word(self, verdict: str) -> str:
        """The verdict as a word in capitals: PASS, FAIL, PENDING, NO RESULT…"""
        words = {
            "pass": self.tr("PASS"),
            "fail": self.tr("FAIL"),
            "pending": self.tr("PENDING"),
            "no result": self.tr("NO RESULT"),
            "cannot judge": self.tr("CANNOT JUDGE"),
        }
        return words.get(verdict.casefold(), verdict.upper())

    def cell(self, item: QcRow, column: int, role: int) -> Any:
        if role == Role.DisplayRole:
            if column == self.VERDICT:
                return self.verdict_word(item.verdict)
            if column == self.TESTED:
                return local_time(item.tested_at, self.zone) or item.note
            return (item.test, "", item.result, item.limit, item.sample, item.specification)[column]
        if column == self.VERDICT:
            text, fill = badge_colours(verdict_colour(item.verdict))
            if role == Role.ForegroundRole:
                return QBrush(text)
            if role == Role.BackgroundRole:
                return QBrush(fill)
            if role == Role.FontRole:
                return _bold()
            if role == Role.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignCenter)
        failed = item.verdict.casefold() == "fail"
        if role == Role.ForegroundRole and column == self.RESULT and failed:
            return QBrush(FAIL_COLOUR)
        if role == Role.FontRole and column == self.RESULT and failed:
            return _bold()
        return None


# --- deviations ------------------------------------------------------------------------------


class DeviationsModel(_Table):
    """The lot's deviations, open and closed."""

    NUMBER, OCCURRED, TITLE, CLASS, STATE, RAISED_BY, CLOSED = range(7)

    def titles(self) -> tuple[str, ...]:
        self._classes = {
            "minor": self.tr("Minor"),
            "major": self.tr("Major"),
            "critical": self.tr("CRITICAL"),
        }
        return (
            self.tr("Number"),
            self.tr("Occurred"),
            self.tr("Title"),
            self.tr("Class"),
            self.tr("State"),
            self.tr("Raised by"),
            self.tr("Closed"),
        )

    def cell(self, item: DeviationView, column: int, role: int) -> Any:
        is_open = item.state == "open"
        if role == Role.DisplayRole:
            if column == self.NUMBER:
                return item.number
            if column == self.OCCURRED:
                return local_time(item.occurred_at, self.zone)
            if column == self.TITLE:
                return item.title
            if column == self.CLASS:
                return self._classes.get(item.classification, item.classification)
            if column == self.STATE:
                return self.tr("OPEN") if is_open else self.tr("Closed")
            if column == self.RAISED_BY:
                return item.raised_by
            if column == self.CLOSED:
                if item.closed_at is None:
                    return ""
                return self.tr("{when} by {name}").format(
                    when=local_time(item.closed_at, self.zone), name=item.closed_by or ""
                )
        elif role == Role.ToolTipRole and column == self.TITLE:
            return item.description
        elif column == self.STATE:
            text, fill = badge_colours(PENDING_COLOUR if is_open else PASS_COLOUR)
            if role == Role.ForegroundRole:
                return QBrush(text)
            if role == Role.BackgroundRole:
                return QBrush(fill)
            if role == Role.FontRole:
                return _bold()
        elif column == self.CLASS and item.classification == "critical":
            if role == Role.ForegroundRole:
                return QBrush(FAIL_COLOUR)
            if role == Role.FontRole:
                return _bold()
        return None


# --- labels ----------------------------------------------------------------------------------


LABEL_STATE_COLOURS = {
    "reconciled": PASS_COLOUR,
    "not reconciled": PENDING_COLOUR,
    "mismatch": FAIL_COLOUR,
}


class LabelsModel(_Table):
    """Every label print of the lot and what became of its labels."""

    PRINTED, KIND, VESSEL, COPIES, BY, REPRINT, APPLIED, DESTROYED, OUTSTANDING, STATE = range(10)
    NUMBERS = (COPIES, APPLIED, DESTROYED, OUTSTANDING)

    def titles(self) -> tuple[str, ...]:
        self._kinds = {
            "aspirate": self.tr("Aspirate"),
            "vessel": self.tr("Vessel"),
            "custody": self.tr("Custody"),
            "quarantine": self.tr("Quarantine"),
            "release": self.tr("Release"),
        }
        self._states = {
            "reconciled": self.tr("Reconciled"),
            "not reconciled": self.tr("NOT RECONCILED"),
            "mismatch": self.tr("MISMATCH"),
            "voided": self.tr("Voided"),
        }
        return (
            self.tr("Printed"),
            self.tr("Kind"),
            self.tr("Vessel"),
            self.tr("Copies"),
            self.tr("Printed by"),
            self.tr("Reprint"),
            self.tr("Applied"),
            self.tr("Destroyed"),
            self.tr("Outstanding"),
            self.tr("State"),
        )

    def cell(self, item: ReconciliationRow, column: int, role: int) -> Any:
        reconciled = item.reconciled_at is not None
        if role == Role.DisplayRole:
            if column == self.PRINTED:
                return local_time(item.printed_at, self.zone)
            if column == self.KIND:
                return self._kinds.get(item.kind, item.kind)
            if column == self.VESSEL:
                return item.vessel_code or ""
            if column == self.COPIES:
                return str(item.copies)
            if column == self.BY:
                return item.printed_by
            if column == self.REPRINT:
                if not item.is_reprint:
                    return ""
                return self.tr("REPRINT: {reason}").format(reason=item.reprint_reason or "")
            if column == self.APPLIED:
                return str(item.applied) if reconciled else ""
            if column == self.DESTROYED:
                return str(item.destroyed) if reconciled else ""
            if column == self.OUTSTANDING:
                return str(item.outstanding) if reconciled else str(item.copies)
            if column == self.STATE:
                return self._states.get(item.state, item.state)
        elif role == Role.ToolTipRole and column in (self.STATE, self.REPRINT):
            return item.notes or item.reprint_reason or None
        elif role == Role.FontRole and item.voided:
            return _struck()
        elif column == self.STATE and item.state in LABEL_STATE_COLOURS:
            text, fill = badge_colours(LABEL_STATE_COLOURS[item.state])
            if role == Role.ForegroundRole:
                return QBrush(text)
            if role == Role.BackgroundRole:
                return QBrush(fill)
        elif role == Role.ForegroundRole and item.voided:
            return QBrush(MUTED_COLOUR)
        elif role == Role.FontRole and column == self.REPRINT and item.is_reprint:
            return _bold()
        elif role == Role.TextAlignmentRole and column in self.NUMBERS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


# --- custody ---------------------------------------------------------------------------------


class CustodyModel(_Table):
    """Each hand-over of the construct, in order."""

    WHEN, EVENT, FROM, TO, TEMPERATURE, SEAL, RECORDED_BY = range(7)

    def titles(self) -> tuple[str, ...]:
        self._events = {
            "packed": self.tr("Packed"),
            "dispatched": self.tr("Dispatched"),
            "handed_over": self.tr("Handed over"),
            "received": self.tr("Received"),
            "returned": self.tr("Returned"),
        }
        return (
            self.tr("When"),
            self.tr("Event"),
            self.tr("From"),
            self.tr("To"),
            self.tr("Temperature"),
            self.tr("Seal / logger / shipper"),
            self.tr("Recorded by"),
        )

    def cell(self, item: CustodyView, column: int, role: int) -> Any:
        if role == Role.DisplayRole:
            if column == self.WHEN:
                return local_time(item.occurred_at, self.zone)
            if column == self.EVENT:
                return self._events.get(item.event, item.event_label)
            if column == self.FROM:
                return f"{item.from_name} ({item.from_location})"
            if column == self.TO:
                return f"{item.to_name} ({item.to_location})"
            if column == self.TEMPERATURE:
                return "" if item.temperature_c is None else f"{item.temperature_c:g} °C"
            if column == self.SEAL:
                parts = [item.seal_number, item.temperature_logger, item.shipper]
                return " · ".join(p for p in parts if p)
            if column == self.RECORDED_BY:
                return item.recorded_by
        elif role == Role.ToolTipRole and column == self.EVENT:
            return self.tr("Label scanned: {label}").format(label=item.scanned_label)
        return None


# --- audit trail -----------------------------------------------------------------------------


class AuditModel(_Table):
    """The lot's audit trail; rows reach the view a batch at a time (a lot may have
    thousands of entries)."""

    WHEN, USER, STATION, ACTION, RECORD, FIELD, OLD, NEW, REASON = range(9)
    BATCH = 200
    ELIDE = 90

    def __init__(self, zone: ZoneInfo, parent: QObject | None = None) -> None:
        super().__init__(zone, parent)
        self._all: list[AuditRow] = []

    def titles(self) -> tuple[str, ...]:
        self._actions = {
            "insert": self.tr("recorded"),
            "update": self.tr("changed"),
            "correct": self.tr("CORRECTED"),
            "void": self.tr("VOIDED"),
            "system": self.tr("event"),
        }
        return (
            self.tr("When"),
            self.tr("User"),
            self.tr("Station"),
            self.tr("Action"),
            self.tr("Record"),
            self.tr("Field"),
            self.tr("Old value"),
            self.tr("New value"),
            self.tr("Reason"),
        )

    def set_rows(self, rows: Sequence[AuditRow]) -> None:
        self.beginResetModel()
        self._all = list(rows)
        self._rows = self._all[: self.BATCH]
        self.endResetModel()

    def total(self) -> int:
        return len(self._all)

    def canFetchMore(self, parent: QModelIndex = _INDEX) -> bool:
        return not parent.isValid() and len(self._rows) < len(self._all)

    def fetchMore(self, parent: QModelIndex = _INDEX) -> None:
        if parent.isValid():
            return
        start = len(self._rows)
        end = min(start + self.BATCH, len(self._all))
        if end <= start:
            return
        self.beginInsertRows(QModelIndex(), start, end - 1)
        self._rows = self._all[:end]
        self.endInsertRows()

    def _elided(self, text: str | None) -> str:
        text = "" if text is None else str(text)
        return text if len(text) <= self.ELIDE else text[: self.ELIDE - 1] + "…"

    def cell(self, item: AuditRow, column: int, role: int) -> Any:
        if role == Role.DisplayRole:
            if column == self.WHEN:
                return local_time(item.occurred_at, self.zone)
            if column == self.USER:
                return item.username
            if column == self.STATION:
                return item.station
            if column == self.ACTION:
                return self._actions.get(item.action, item.action)
            if column == self.RECORD:
                record = item.table_name.replace("_", " ")
                return f"{record} {item.record_id}" if item.record_id is not None else record
            if column == self.FIELD:
                return item.field or ""
            if column == self.OLD:
                return self._elided(item.old_value)
            if column == self.NEW:
                return self._elided(item.new_value)
            if column == self.REASON:
                return item.reason or ""
        elif role == Role.ToolTipRole and column in (self.OLD, self.NEW):
            value = item.old_value if column == self.OLD else item.new_value
            return value if value and len(value) > self.ELIDE else None
        elif role == Role.ForegroundRole and column == self.ACTION:
            if item.action in ("correct", "void"):
                return QBrush(FAIL_COLOUR)
        elif role == Role.FontRole and column == self.ACTION and item.action in ("correct", "void"):
            return _bold()
        return None
