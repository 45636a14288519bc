"""Culture step forms: isolation onto P0, seeding a harvest into the next passage's vessels,
and harvesting vessels with their count, population doublings and doubling time.

Every figure shown while typing comes from labtracker.domain.cell_counts, the same functions
the services store; the service decides on Save. Vessels are taken by scanning their labels:
another lot's vessel stops everything (the red stop of StepForm.handle_scan) and nothing is
saved.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from labtracker.clock import get_clock
from labtracker.domain.cell_counts import (
    check_harvest_plausible,
    check_seeding_density,
    culture_hours,
    cumulative_population_doublings,
    doubling_time_hours,
    population_doublings,
    seeding_density,
)
from labtracker.domain.lot_states import LotStatus
from labtracker.domain.permissions import Action
from labtracker.domain.scan import ScanKind, classify
from labtracker.services import culture
from labtracker.services.culture import (
    ISOLATION_METHODS,
    VesselNode,
    VesselOfAnotherLotError,
    VesselSeeding,
    VesselTypeView,
)
from labtracker.services.signatures import Meaning
from ui.forms.base import (
    FieldError,
    Saved,
    StepForm,
    datetime_edit,
    edited_datetime,
    number_edit,
    parse_number,
    site_zone,
)
from ui.forms.counts import CountSection, FirstError, format_cells, refusal
from ui.hard_stop import show_hard_stop
from ui.i18n import with_colon

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from labtracker.services.scan import ScanResolution
    from ui.context import WorkContext

PASS_GREEN = "#1b5e20"
WARN_AMBER = "#ff8f00"

WITHIN_STYLE = f"color: {PASS_GREEN}; font-weight: 600;"
WARNING_STYLE = (
    f"color: #5d3a00; background: #fff3e0; border-left: 5px solid {WARN_AMBER}; "
    "padding: 4px 8px; font-weight: 600;"
)
LIST_STYLE = """
QFrame[role="scannedList"] { background: #fafafa; border: 1px solid #c8ccd2; border-radius: 6px; }
QFrame#seedingRow { background: #fafafa; border: 1px solid #c8ccd2; border-radius: 6px; }
QLabel#scannedEmpty { color: #555; font-style: italic; }
QComboBox, QSpinBox { font-size: 13pt; min-height: 40px; }
QDateTimeEdit { font-size: 14pt; min-height: 40px; padding: 0 6px; }
"""


# --- pieces the culture and induction forms share -------------------------------------------------


def local_time(when, zone: ZoneInfo) -> str:  # type: ignore[no-untyped-def]
    """A stored UTC moment as the site's wall time, to the minute."""
    return f"{when.astimezone(zone):%Y-%m-%d %H:%M}"


def add_scan_row(form: StepForm, label: str, hint: str) -> QLineEdit:
    """The field a keyboard-wedge scanner types into while the form is open: Enter hands the
    code to `form.handle_scan` (which stops another lot's or patient's code)."""
    row = form.grid.rowCount()
    name = QLabel(with_colon(label))
    name.setStyleSheet("font-weight: 700;")
    edit = QLineEdit()
    edit.setObjectName("scanInput")
    edit.setPlaceholderText(
        QCoreApplication.translate("StepForm", "Scan a label, or type its code and press Enter")
    )
    edit.setStyleSheet("border: 2px solid #1565c0; border-radius: 4px;")
    edit.setMinimumWidth(420)
    name.setBuddy(edit)
    form.grid.addWidget(name, row, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    form.grid.addWidget(edit, row, 1)
    note = QLabel(hint)
    note.setObjectName("formHint")
    note.setWordWrap(True)
    form.grid.addWidget(note, row + 1, 1)

    def scanned() -> None:
        text = edit.text()
        # Cleared first: the scan's own messages must outlive the field's change.
        edit.clear()
        if text.strip():
            form.handle_scan(text)

    edit.returnPressed.connect(scanned)
    return edit


def add_noted_field(
    form: StepForm,
    key: str,
    label: str,
    widget: QWidget,
    *,
    unit: str = "",
    hint: str,
    aliases: tuple[str, ...] = (),
) -> QLabel:
    """`form.add_field`, handing back its hint line so the form can write into it live."""
    row = form.grid.rowCount()
    form.add_field(key, label, widget, unit=unit, hint=hint, aliases=aliases)
    note = form.grid.itemAtPosition(row + 2, 1).widget()
    assert isinstance(note, QLabel)
    return note


def widen(form: StepForm, widget: QWidget) -> None:
    """Let a field's widget take the whole width of its row (lists, seeding rows)."""
    for index in range(form.grid.count()):
        line = form.grid.itemAt(index).layout()
        if line is not None and line.indexOf(widget) >= 0:
            line.setStretchFactor(widget, 100)
            return


def show_verdict(label: QLabel, text: str, *, within: bool) -> None:
    """A range check in words and colour: green within, amber warning outside."""
    label.setText(text)
    label.setStyleSheet(WITHIN_STYLE if within else WARNING_STYLE)
    label.setProperty("verdict", "within" if within else "warning")


class ScannedList(QFrame):
    """What has been scanned into a form (vessels, reagent lots), each with a Remove button."""

    changed = Signal()

    def __init__(self, empty_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "scannedList")
        self.setStyleSheet(LIST_STYLE)
        self.setMinimumWidth(560)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(8, 6, 8, 6)
        self.empty = QLabel(empty_text)
        self.empty.setObjectName("scannedEmpty")
        self.empty.setWordWrap(True)
        self._layout.addWidget(self.empty)
        self._items: dict[str, QWidget] = {}

    def codes(self) -> list[str]:
        return list(self._items)

    def text_of(self, key: str) -> str:
        label = self._items[key].findChild(QLabel)
        return label.text() if label is not None else ""

    def add(self, key: str, text: str) -> None:
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        label = QLabel(text)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        remove = QPushButton(self.tr("Remove"))
        remove.setObjectName(f"remove_{key}")
        remove.setAutoDefault(False)
        remove.clicked.connect(lambda: self.remove(key))
        line.addWidget(label, 1)
        line.addWidget(remove)
        self._layout.addWidget(row)
        row.show()  # now, not at the next turn of the event loop
        self._items[key] = row
        self.empty.hide()
        self.changed.emit()

    def remove(self, key: str) -> None:
        row = self._items.pop(key, None)
        if row is None:
            return
        self._layout.removeWidget(row)
        row.deleteLater()
        self.empty.setVisible(not self._items)
        self.changed.emit()


class _SeedingRow(QFrame):
    def __init__(self, owner: SeedingRows, types: Sequence[VesselTypeView]) -> None:
        super().__init__()
        self.setObjectName("seedingRow")
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 6, 8, 6)
        self.copies = QSpinBox()
        self.copies.setRange(1, 99)
        self.copies.setSuffix(self.tr(" ×"))
        self.copies.setMinimumWidth(90)
        self.copies.setToolTip(self.tr("How many vessels of this kind, each seeded the same"))
        self.vessel_type = QComboBox()
        for t in types:
            self.vessel_type.addItem(
                self.tr("{code} ({area} cm²)").format(code=t.code, area=f"{t.growth_area_cm2:g}"),
                t.code,
            )
        self.vessel_type.setMinimumWidth(190)
        self.cells = number_edit(self.tr("e.g. 350000"))
        self.cells.setMinimumWidth(180)
        unit = QLabel(self.tr("cells per vessel"))
        unit.setObjectName("fieldUnit")
        self.remove = QPushButton(self.tr("Remove"))
        self.remove.setAutoDefault(False)
        self.density = QLabel("–")
        self.density.setObjectName("densityVerdict")
        self.density.setWordWrap(True)
        grid.addWidget(self.copies, 0, 0)
        grid.addWidget(self.vessel_type, 0, 1)
        grid.addWidget(self.cells, 0, 2)
        grid.addWidget(unit, 0, 3)
        grid.addWidget(self.remove, 0, 5)
        grid.setColumnStretch(4, 1)
        grid.addWidget(self.density, 1, 0, 1, 6)


class SeedingRows(QWidget):
    """The vessels of one seeding, as rows of "n × vessel type × cells per vessel", each with
    its seeding density checked live against the site's range (a warning, not a refusal)."""

    changed = Signal()

    def __init__(
        self,
        key: str,
        vessel_types: Sequence[VesselTypeView],
        density_min: float,
        density_max: float,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.key = key
        self.setStyleSheet(LIST_STYLE)
        self.types = [t for t in vessel_types if t.in_use]
        self._areas = {t.code: t.growth_area_cm2 for t in self.types}
        self.density_min, self.density_max = density_min, density_max
        self.setMinimumWidth(640)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._rows_box = QVBoxLayout()
        layout.addLayout(self._rows_box)
        self.add_button = QPushButton(self.tr("Add another kind of vessel"))
        self.add_button.setObjectName("addSeedingRow")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(lambda: self.add_row())
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.rows: list[_SeedingRow] = []

    def add_row(self, *, copies: int = 1, vessel_type: str = "T75", cells: str = "") -> _SeedingRow:
        row = _SeedingRow(self, self.types)
        row.copies.setValue(copies)
        index = row.vessel_type.findData(vessel_type)
        row.vessel_type.setCurrentIndex(max(index, 0))
        row.cells.setText(cells)
        row.copies.valueChanged.connect(self.changed)
        row.vessel_type.currentIndexChanged.connect(self.changed)
        row.cells.textChanged.connect(self.changed)
        row.remove.clicked.connect(lambda: self._remove(row))
        self._rows_box.addWidget(row)
        row.show()
        self.rows.append(row)
        self._update_remove_buttons()
        self.changed.emit()
        return row

    def _remove(self, row: _SeedingRow) -> None:
        if len(self.rows) <= 1:
            return
        self.rows.remove(row)
        self._rows_box.removeWidget(row)
        row.deleteLater()
        self._update_remove_buttons()
        self.changed.emit()

    def _update_remove_buttons(self) -> None:
        for row in self.rows:
            row.remove.setEnabled(len(self.rows) > 1)

    def _row_error(self, n: int, message: str) -> FieldError:
        if len(self.rows) > 1:
            message = self.tr("Row {n}: {message}").format(n=n, message=message)
        return FieldError(self.key, message)

    def recompute(self, *, required: bool = False) -> list[VesselSeeding]:
        """Check every row and show its density; the vessels to seed (rows still blank are
        left out while typing, refused when saving)."""
        seedings: list[VesselSeeding] = []
        for n, row in enumerate(self.rows, start=1):
            row.density.setText("–")
            row.density.setStyleSheet("")
            text = row.cells.text()
            try:
                cells = parse_number(self.key, self.tr("Cells per vessel"), text, whole=True)
            except FieldError as error:
                raise self._row_error(n, str(error)) from None
            if cells is None:
                if required:
                    raise self._row_error(n, self.tr("Enter the cells seeded per vessel."))
                continue
            if cells <= 0:
                error = refusal(
                    self.key, "Cells seeded", text.strip(), "a whole number of cells greater than 0"
                )
                raise self._row_error(n, str(error))
            code = row.vessel_type.currentData()
            density = seeding_density(cells, self._areas[code])
            check = check_seeding_density(density, self.density_min, self.density_max)
            if check.within:
                show_verdict(
                    row.density, self.tr("Density: {m}").format(m=check.message), within=True
                )
            else:
                show_verdict(
                    row.density,
                    self.tr("Warning, outside the site's range: {m}").format(m=check.message),
                    within=False,
                )
            seedings.extend(VesselSeeding(code, int(cells)) for _ in range(row.copies.value()))
        return seedings


class BuiltForm(StepForm):
    """A StepForm whose live check waits until all its fields exist (filling in defaults
    while building would otherwise recompute a half-built form)."""

    _built = False

    def __init__(self, ctx: WorkContext, din: str | None = None, parent: QWidget | None = None):
        super().__init__(ctx, din, parent)
        self.zone = site_zone(ctx)  # the site's wall time, for the forms' times

    def finish_building(self) -> None:
        self.setStyleSheet(self.styleSheet() + LIST_STYLE)
        self.grid.setRowStretch(self.grid.rowCount(), 1)  # rows stay together at the top
        self._built = True
        self._changed()

    def _changed(self, *args: object) -> None:
        if self._built:
            super()._changed(*args)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # QDialogButtonBox makes its first accept button the default when shown, so a
        # scanner's Enter in any field would press Save; a step is saved by a click only.
        self.save_button.setDefault(False)

    def add_asset_field(
        self, key: str, label: str, hint: str, *, aliases: tuple[str, ...] = ()
    ) -> QLineEdit:
        """A piece of equipment's asset tag (cabinet, incubator, cytometer): a short line."""
        edit = QLineEdit()
        edit.setMaximumWidth(220)
        self.add_field(key, label, edit, hint=hint, aliases=aliases)
        return edit

    def add_incubator_field(self, *, aliases: tuple[str, ...] = ()) -> QLineEdit:
        return self.add_asset_field(
            "incubator",
            self.tr("Incubator"),
            self.tr("Asset tag, optional (e.g. INC-01)"),
            aliases=aliases,
        )

    def add_seeding_rows(self, rules: culture.SeedingRules) -> SeedingRows:
        """The vessels seeded, as rows checked live against the site's seeding range."""
        rows = SeedingRows(
            "vessels", rules.vessel_types, rules.seeding_density_min, rules.seeding_density_max
        )
        self.add_field(
            "vessels",
            self.tr("Vessels seeded"),
            rows,
            hint=self.tr(
                "Site seeding range {low}–{high} cells/cm² (outside it: a warning)"
            ).format(
                low=format_cells(rules.seeding_density_min),
                high=format_cells(rules.seeding_density_max),
            ),
            aliases=("Vessels", "Cells seeded", "Vessel type"),
        )
        rows.changed.connect(self._changed)
        return rows


class RemembersScanCode:
    """For a StepForm taking reagent or scaffold lot labels: `scanned_code` is the code of the
    scan being handled (the resolution names it only in its summary)."""

    scanned_code: str | None = None

    def handle_scan(self, text: str) -> bool:
        self.scanned_code = classify(text).code
        return super().handle_scan(text)  # type: ignore[misc]


def _walk(nodes: Sequence[VesselNode]) -> Iterator[VesselNode]:
    for node in nodes:
        yield node
        yield from _walk(node.children)


# --- isolation ------------------------------------------------------------------------------------


ISOLATION_METHOD_NAMES = {
    "density_gradient": QT_TRANSLATE_NOOP("IsolationForm", "Density gradient (Ficoll)"),
    "direct_plating": QT_TRANSLATE_NOOP("IsolationForm", "Direct plating"),
}


class IsolationForm(RemembersScanCode, BuiltForm):
    """BMSC isolation: the aspirate processed, its nucleated cell count and the P0 vessels."""

    title = QT_TRANSLATE_NOOP("IsolationForm", "Isolation and P0 seeding")
    applies_to: tuple[LotStatus, ...] = (LotStatus.RECEIVED,)
    required_action = Action.RECORD_CULTURE_STEP
    sign_meaning = Meaning.PERFORMED

    def __init__(self, ctx: WorkContext, din: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, din, parent)
        rules = culture.seeding_rules(ctx.db, ctx.actor)
        self.scan_input = add_scan_row(
            self,
            self.tr("Scan"),
            self.tr("Scan the label of each reagent lot used (Ficoll, medium …)."),
        )
        self.method = QComboBox()
        for method in ISOLATION_METHODS:
            self.method.addItem(self.tr(ISOLATION_METHOD_NAMES.get(method, method)), method)
        self.method.setMinimumWidth(300)
        self.add_field(
            "method", self.tr("Isolation method"), self.method, aliases=("Isolation method",)
        )
        self.started_at = datetime_edit(self.zone)
        self.add_field(
            "started_at",
            self.tr("Started at"),
            self.started_at,
            hint=self.tr("Site time; not before the aspirate was received"),
            aliases=("Started at",),
        )
        self.aspirate_volume = number_edit()
        self.add_field(
            "aspirate_volume",
            self.tr("Aspirate volume used"),
            self.aspirate_volume,
            unit=self.tr("mL"),
            hint=self.tr("More than 0 mL, at most the volume collected"),
            aliases=("Aspirate volume used",),
        )
        self.reagents = ScannedList(self.tr("No reagent lot scanned yet."))
        self.add_field(
            "reagents",
            self.tr("Reagent lots"),
            self.reagents,
            hint=self.tr("Released, in-date lots only"),
            aliases=("Reagent lot",),
        )
        self.reagents.changed.connect(self._changed)
        widen(self, self.reagents)
        self.cabinet = self.add_asset_field(
            "cabinet", self.tr("Biosafety cabinet"), self.tr("Asset tag, optional (e.g. BSC-01)")
        )
        self.count = CountSection(self, self.zone, heading=self.tr("Nucleated cell count"))
        heading = QLabel(self.tr("P0 vessels"))
        heading.setStyleSheet("font-size: 15pt; font-weight: 700; padding-top: 12px;")
        self.grid.addWidget(heading, self.grid.rowCount(), 0, 1, 2)
        self.plated_at = datetime_edit(self.zone)
        self.add_field(
            "plated_at",
            self.tr("Plated at"),
            self.plated_at,
            hint=self.tr("When the P0 vessels were seeded; not before the start"),
            aliases=("Plated at",),
        )
        self.incubator = self.add_incubator_field()
        self.vessels = self.add_seeding_rows(rules)
        self.notes = QLineEdit()
        self.add_field("notes", self.tr("Notes"), self.notes, hint=self.tr("Optional"))
        self.shown_seeded = self.add_computed("cells_seeded", self.tr("Cells seeded"))
        self.shown_left = self.add_computed("cells_left", self.tr("Cells not seeded"))
        self.vessels.add_row(copies=2, vessel_type="T75")
        self.finish_building()
        self.scan_input.setFocus()

    def take_scan(self, resolution: ScanResolution) -> bool:
        if resolution.kind != ScanKind.MATERIAL_LOT:
            return False
        if not resolution.valid:
            self.show_field_error("reagents", resolution.problem or resolution.summary)
            return True
        code = self.scanned_code or resolution.summary
        if code in self.reagents.codes():
            self.show_field_error(
                "reagents", self.tr("{code} is already on the list.").format(code=code)
            )
            return True
        self.reagents.add(code, resolution.summary)
        return True

    def recompute(self) -> None:
        self.shown_seeded.setText("–")
        self.shown_left.setText("–")
        check = FirstError()
        check.run(self._aspirate_volume)
        count = check.run(self.count.recompute)
        seedings = check.run(self.vessels.recompute)
        if seedings:
            check.run(self._show_seeded, seedings, count.total_cells if count else None)
        check.raise_first()

    def _aspirate_volume(self) -> float | None:
        volume = self.number("aspirate_volume", required=False)
        if volume is not None and not 0 < volume <= 100:
            raise refusal(
                "aspirate_volume",
                "Aspirate volume used",
                self.text("aspirate_volume"),
                "more than 0, at most 100 mL",
            )
        return volume

    def _show_seeded(self, seedings: list[VesselSeeding], available: float | None) -> None:
        if not seedings:
            return
        wanted = sum(s.cells_seeded for s in seedings)
        self.shown_seeded.setText(
            self.tr("{n} cells in {v} vessels").format(n=format_cells(wanted), v=len(seedings))
        )
        if available is None:
            return
        if wanted > available:
            raise FieldError(
                "vessels",
                self.tr(
                    "Cells seeded add up to {wanted}, more than the {available} cells "
                    "available; check the numbers."
                ).format(wanted=format_cells(wanted), available=format_cells(available)),
            )
        self.shown_left.setText(self.tr("{n} cells").format(n=format_cells(available - wanted)))

    def save(self) -> Saved:
        volume = self._aspirate_volume()
        if volume is None:
            raise FieldError("aspirate_volume", self.tr("Aspirate volume used is required."))
        count = self.count.count_input()
        assert count is not None
        seedings = self.vessels.recompute(required=True)
        result = culture.record_isolation(
            self.ctx.db,
            self.ctx.actor,
            self.din,
            method=self.method.currentData(),
            started_at=edited_datetime(self.started_at),
            aspirate_volume_used_ml=volume,
            count=count,
            vessels=seedings,
            reagent_lots=self.reagents.codes(),
            biosafety_cabinet=self.cabinet.text().strip() or None,
            incubator=self.incubator.text().strip() or None,
            plated_at=edited_datetime(self.plated_at),
            notes=self.notes.text().strip(),
        )
        summary = self.tr(
            "lot {din}, {method}; {total} nucleated cells ({viability} % viable); "
            "P0 vessels {vessels}"
        ).format(
            din=self.lot.din_display,
            method=self.method.currentText(),
            total=format_cells(result.count.total_cells),
            viability=f"{result.count.viability_percent:.1f}",
            vessels=", ".join(v.code for v in result.vessels),
        )
        if result.warnings:
            summary += "\n" + self.tr("Warnings: {w}").format(w="; ".join(result.warnings))
        return Saved(summary, "isolation", result.isolation_id, result.din, result)


# --- seeding a harvest into the next passage ------------------------------------------------------


class SeedVesselsForm(BuiltForm):
    """Split a harvest into the next passage's vessels."""

    title = QT_TRANSLATE_NOOP("SeedVesselsForm", "Seed vessels from a harvest")
    applies_to: tuple[LotStatus, ...] = (LotStatus.IN_CULTURE,)
    required_action = Action.RECORD_CULTURE_STEP
    sign_meaning = None  # the harvest and the isolation carry the step signatures

    def __init__(self, ctx: WorkContext, din: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, din, parent)
        rules = culture.seeding_rules(ctx.db, ctx.actor)
        self.harvests = {h.harvest_id: h for h in culture.harvests_to_seed(ctx.db, ctx.actor, din)}
        self.harvest = QComboBox()
        self.harvest.setMinimumWidth(520)
        for h in self.harvests.values():
            self.harvest.addItem(
                self.tr("P{p} harvest of {when}: {cells} cells not yet seeded").format(
                    p=h.passage,
                    when=local_time(h.harvested_at, self.zone),
                    cells=format_cells(h.cells_available),
                ),
                h.harvest_id,
            )
        self.add_field(
            "harvest",
            self.tr("From harvest"),
            self.harvest,
            hint=self.tr("The suspension the new vessels are seeded from"),
            aliases=("Harvest",),
        )
        self.harvest.currentIndexChanged.connect(self._changed)
        self.seeded_at = datetime_edit(self.zone)
        self.add_field(
            "seeded_at",
            self.tr("Seeded at"),
            self.seeded_at,
            hint=self.tr("Site time; not before the harvest"),
            aliases=("Seeded at",),
        )
        self.incubator = self.add_incubator_field(aliases=("Equipment",))
        self.vessels = self.add_seeding_rows(rules)
        self.shown_available = self.add_computed("cells_available", self.tr("Cells available"))
        self.shown_seeded = self.add_computed("cells_seeded", self.tr("Cells seeded"))
        self.shown_left = self.add_computed("cells_left", self.tr("Cells not seeded"))
        self.shown_passage = self.add_computed("passage", self.tr("New vessels"))
        self.vessels.add_row(copies=4, vessel_type="T175")
        self.finish_building()
        if not self.harvests:
            self.harvest.setEnabled(False)
            self.banner.setText(
                self.tr("No harvest of this lot has cells left to seed; record a harvest first.")
            )
            self.banner.show()

    def selected(self) -> culture.HarvestToSeed | None:
        return self.harvests.get(self.harvest.currentData())

    def recompute(self) -> None:
        for label in (self.shown_available, self.shown_seeded, self.shown_left, self.shown_passage):
            label.setText("–")
        harvest = self.selected()
        seedings = self.vessels.recompute()
        if harvest is None:
            return
        self.shown_available.setText(
            self.tr("{n} cells").format(n=format_cells(harvest.cells_available))
        )
        self.shown_passage.setText(self.tr("P{p}").format(p=harvest.passage + 1))
        if not seedings:
            return
        wanted = sum(s.cells_seeded for s in seedings)
        self.shown_seeded.setText(
            self.tr("{n} cells in {v} vessels").format(n=format_cells(wanted), v=len(seedings))
        )
        if wanted > harvest.cells_available:
            raise FieldError(
                "vessels",
                self.tr(
                    "Cells seeded add up to {wanted}, more than the {available} cells "
                    "available; check the numbers."
                ).format(
                    wanted=format_cells(wanted), available=format_cells(harvest.cells_available)
                ),
            )
        self.shown_left.setText(
            self.tr("{n} cells").format(n=format_cells(harvest.cells_available - wanted))
        )

    def save(self) -> Saved:
        harvest = self.selected()
        if harvest is None:
            raise FieldError("harvest", self.tr("There is no harvest with cells left to seed."))
        seedings = self.vessels.recompute(required=True)
        result = culture.seed_vessels(
            self.ctx.db,
            self.ctx.actor,
            self.din,
            harvest_id=harvest.harvest_id,
            vessels=seedings,
            seeded_at=edited_datetime(self.seeded_at),
            incubator=self.incubator.text().strip() or None,
        )
        summary = self.tr("lot {din}: {vessels} seeded from the P{p} harvest").format(
            din=self.lot.din_display,
            vessels=", ".join(v.code for v in result.vessels),
            p=harvest.passage,
        )
        if result.warnings:
            summary += "\n" + self.tr("Warnings: {w}").format(w="; ".join(result.warnings))
        first = result.vessels[0].vessel_id if result.vessels else None
        return Saved(summary, "vessel", first, result.din, result)


# --- harvest --------------------------------------------------------------------------------------


class HarvestForm(BuiltForm):
    """Harvest one vessel, or pool several of one passage, with the count; labtracker works
    out the cells harvested, population doublings and doubling time."""

    title = QT_TRANSLATE_NOOP("HarvestForm", "Harvest")
    applies_to: tuple[LotStatus, ...] = (LotStatus.IN_CULTURE,)
    required_action = Action.RECORD_CULTURE_STEP
    sign_meaning = Meaning.PERFORMED

    def __init__(self, ctx: WorkContext, din: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, din, parent)
        rules = culture.seeding_rules(ctx.db, ctx.actor)
        self._types = {t.code: t for t in rules.vessel_types}
        self._read_vessels()
        self.scan_input = add_scan_row(
            self,
            self.tr("Scan"),
            self.tr("Scan the label of each vessel harvested into this suspension."),
        )
        self.vessels = ScannedList(self.tr("No vessel scanned yet: scan each vessel's label."))
        self.add_field(
            "vessels",
            self.tr("Vessels harvested"),
            self.vessels,
            hint=self.tr("Vessels of one passage may be pooled into one suspension"),
            aliases=("Vessels", "Vessel"),
        )
        self.vessels.changed.connect(self._changed)
        widen(self, self.vessels)
        self.harvested_at = datetime_edit(self.zone)
        self.add_field(
            "harvested_at",
            self.tr("Harvested at"),
            self.harvested_at,
            hint=self.tr("Site time; after the vessels were seeded"),
            aliases=("Harvested at", "Seeded at"),
        )
        self.confluence = number_edit()
        self.add_field(
            "confluence",
            self.tr("Confluence"),
            self.confluence,
            unit="%",
            hint=self.tr("0 to 100 %, as seen under the microscope; optional"),
            aliases=("Confluence",),
        )
        self.count = CountSection(self, self.zone, heading=self.tr("Harvest count"))
        self.notes = QLineEdit()
        self.add_field("notes", self.tr("Notes"), self.notes, hint=self.tr("Optional"))
        self.shown_seeded = self.add_computed("cells_seeded", self.tr("Cells seeded"))
        self.shown_hours = self.add_computed("hours", self.tr("Time in culture"))
        self.shown_pd = self.add_computed("pd", self.tr("Population doublings"))
        self.shown_dt = self.add_computed("doubling_time", self.tr("Doubling time"))
        self.shown_cumulative = self.add_computed("cumulative_pd", self.tr("Cumulative PD"))
        self.finish_building()
        self.scan_input.setFocus()

    def _read_vessels(self) -> None:
        tree = culture.vessel_tree(self.ctx.db, self.ctx.actor, self.din)
        self._nodes = {node.code: node for node in _walk(tree.roots)}
        # Each vessel's lineage so far: the cumulative PD of the harvest it was seeded from.
        self._lineage: dict[str, float] = {}
        for node in self._nodes.values():
            if node.harvest is not None:
                for child in node.children:
                    self._lineage[child.code] = node.harvest.cumulative_population_doublings

    def scanned(self) -> list[VesselNode]:
        return [self._nodes[code] for code in self.vessels.codes()]

    def take_scan(self, resolution: ScanResolution) -> bool:
        if resolution.kind != ScanKind.VESSEL:
            return False
        code = resolution.vessel_code
        if not resolution.valid or code is None:
            self.show_field_error("vessels", resolution.problem or resolution.summary)
            return True
        if code not in self._nodes:
            self._read_vessels()  # seeded since the form opened
        node = self._nodes.get(code)
        message = None
        if code in self.vessels.codes():
            message = self.tr("Vessel {code} is already on the list.").format(code=code)
        elif node is None:
            message = self.tr("Vessel {code} was voided; it cannot be harvested.").format(code=code)
        elif node.state != "in_culture":
            message = self.tr(
                "Vessel {code} is already {state}; it cannot be harvested again."
            ).format(code=code, state=node.state.replace("_", " "))
        else:
            others = {v.passage for v in self.scanned()}
            if others and node.passage not in others:
                message = self.tr(
                    "Vessel {code} is P{p}; the vessels on the list are P{q}. Vessels of "
                    "different passages cannot be pooled."
                ).format(code=code, p=node.passage, q=min(others))
        if message is not None:
            self.show_field_error("vessels", message)
            return True
        assert node is not None
        self.vessels.add(
            code,
            self.tr("{code}  ·  {type}, P{p}  ·  seeded {cells} cells on {when}").format(
                code=code,
                type=node.vessel_type,
                p=node.passage,
                cells=format_cells(node.cells_seeded),
                when=local_time(node.seeded_at, self.zone),
            ),
        )
        return True

    def recompute(self) -> None:
        for label in (
            self.shown_seeded,
            self.shown_hours,
            self.shown_pd,
            self.shown_dt,
            self.shown_cumulative,
        ):
            label.setText("–")
        check = FirstError()
        check.run(self._confluence)
        count = check.run(self.count.recompute)
        nodes = self.scanned()
        if not nodes:
            check.raise_first()
            return
        seeded = sum(n.cells_seeded for n in nodes)
        self.shown_seeded.setText(
            self.tr("{n} cells in {v} vessels").format(n=format_cells(seeded), v=len(nodes))
        )
        # Vessels of one passage are seeded together; if not, time runs from the first.
        hours = check.run(
            culture_hours,
            min(n.seeded_at for n in nodes),
            edited_datetime(self.harvested_at),
            now=get_clock().now(),
        )
        if hours is not None:
            self.shown_hours.setText(
                self.tr("{h} h ({d} days)").format(h=f"{hours:.1f}", d=f"{hours / 24:.1f}")
            )
        harvested = count.total_cells if count is not None else None
        if harvested is not None and check.run(self._plausible, nodes, harvested):
            pd = population_doublings(seeded, harvested)
            self.shown_pd.setText(f"{pd:.2f}")
            base = max(self._lineage.get(n.code, 0.0) for n in nodes)
            self.shown_cumulative.setText(f"{cumulative_population_doublings((base, pd)):.2f}")
            if hours is not None:
                dt = doubling_time_hours(seeded, harvested, hours)
                self.shown_dt.setText(
                    self.tr("no growth (harvested ≤ seeded)")
                    if dt is None
                    else self.tr("{h} h").format(h=f"{dt:.1f}")
                )
        check.raise_first()

    def _confluence(self) -> float | None:
        confluence = self.number("confluence", required=False)
        if confluence is not None and not 0 <= confluence <= 100:
            raise refusal(
                "confluence", "Confluence", self.text("confluence"), "between 0 and 100 %"
            )
        return confluence

    def _plausible(self, nodes: list[VesselNode], harvested: float) -> bool:
        """The domain's ceiling on cells per cm² of the vessels harvested (their catalogue
        entries); a count above it is a typing error, refused by the service too."""
        types = [self._types.get(n.vessel_type) for n in nodes]
        if all(t is not None for t in types):
            area = sum(n.growth_area_cm2 for n in nodes)
            ceiling = sum(
                n.growth_area_cm2 * t.max_cells_per_cm2  # type: ignore[union-attr]
                for n, t in zip(nodes, types, strict=True)
            )
            check_harvest_plausible(harvested, area, ceiling / area)
        return True

    def save(self) -> Saved:
        codes = self.vessels.codes()
        if not codes:
            raise FieldError("vessels", self.tr("Scan at least one vessel of this lot."))
        count = self.count.count_input()
        assert count is not None
        try:
            result = culture.record_harvest(
                self.ctx.db,
                self.ctx.actor,
                self.din,
                vessel_codes=codes,
                harvested_at=edited_datetime(self.harvested_at),
                confluence_percent=self.number("confluence", required=False),
                count=count,
                notes=self.notes.text().strip(),
            )
        except VesselOfAnotherLotError as error:
            show_hard_stop(self, self.tr("wrong lot"), str(error))
            raise
        dt = (
            self.tr("no doubling time (no growth)")
            if result.doubling_time_hours is None
            else self.tr("doubling time {h} h").format(h=f"{result.doubling_time_hours:.1f}")
        )
        summary = self.tr(
            "P{p} of lot {din}, vessels {codes}; {total} live cells ({viability} % viable); "
            "PD {pd}, {dt}"
        ).format(
            p=result.passage,
            din=self.lot.din_display,
            codes=", ".join(result.vessel_codes),
            total=format_cells(result.cells_harvested),
            viability=f"{result.count.viability_percent:.1f}",
            pd=f"{result.population_doublings:.2f}",
            dt=dt,
        )
        return Saved(summary, "harvest", result.harvest_id, result.din, result)
