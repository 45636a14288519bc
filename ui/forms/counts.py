"""The cell count part of a step form: what the technician read at the bench (hemocytometer
squares or the automated counter's screen) and, as it is typed, the figures labtracker
computes from it with the domain's own arithmetic (labtracker.domain.cell_counts):
live cells/mL, viability and total live cells.

One `CountSection` builds its fields into the form it is given, so its errors sit beside its
fields like every other field's, and the service's refusals ("Dead cells counted must be…")
find them by name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QComboBox, QLabel, QLayout, QLineEdit, QWidget

from labtracker.domain.cell_counts import (
    HEMOCYTOMETER_LARGE_SQUARES,
    hemocytometer_cells_per_ml,
    hemocytometer_count,
    total_cells,
    viability_percent,
)
from labtracker.domain.errors import InvalidValueError
from ui.forms.base import FieldError, datetime_edit, edited_datetime, number_edit, parse_number

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from labtracker.services.culture import CountInput
    from ui.forms.base import StepForm

HEMOCYTOMETER = "hemocytometer"
AUTOMATED = "automated"
NO_COUNT = "none"


@dataclass(frozen=True)
class LiveCount:
    """What a count gives, as far as it has been typed (None: not yet computable)."""

    cells_per_ml: float | None  # live cells/mL
    viability_percent: float | None
    total_cells: float | None  # live cells in the suspension


class FirstError:
    """Runs checks one after another, keeping the first refusal for later: a form shows all
    the figures the good values give, then the first problem beside its field."""

    def __init__(self) -> None:
        self.error: FieldError | InvalidValueError | None = None

    def run(self, check, *args, **kwargs):  # type: ignore[no-untyped-def]
        try:
            return check(*args, **kwargs)
        except (FieldError, InvalidValueError) as error:
            if self.error is None:
                self.error = error
            return None

    def refuse(self, error: FieldError | InvalidValueError) -> None:
        if self.error is None:
            self.error = error

    def raise_first(self) -> None:
        if self.error is not None:
            raise self.error


def refusal(key: str, label: str, value: object, allowed: str) -> FieldError:
    """A field's refusal in the words the services use ("X must be …; you entered …")."""
    return FieldError(key, str(InvalidValueError(label, value, allowed)))


def format_cells(value: float) -> str:
    """A cell number as a technician reads it: 15,000,000."""
    return f"{value:,.0f}"


def set_rows_visible(grid: QLayout, rows: range, visible: bool) -> None:
    """Show or hide every widget in some rows of a form's grid (a field, its unit, error line
    and hint); an error line is shown again only if it holds a message."""
    for index in range(grid.count()):
        row, _col, _rs, _cs = grid.getItemPosition(index)
        if row not in rows:
            continue
        item = grid.itemAt(index)
        widgets: list[QWidget] = []
        if item.widget() is not None:
            widgets.append(item.widget())
        elif item.layout() is not None:
            layout = item.layout()
            widgets.extend(
                layout.itemAt(i).widget()
                for i in range(layout.count())
                if layout.itemAt(i).widget() is not None
            )
        for widget in widgets:
            if widget.objectName() == "fieldError":
                widget.setVisible(visible and bool(widget.text()))
            else:
                widget.setVisible(visible)


class CountSection(QObject):
    """A cell count inside a step form: method, the raw values, and the live figures.

    The fields are the form's own (keys start with `prefix`); `recompute` is called from the
    form's `recompute`, `count_input` from its `save`. `volume_aliases`: the service's names
    for the volume field (a form with a second suspension volume keeps that name for it).
    """

    def __init__(
        self,
        form: StepForm,
        zone: ZoneInfo,
        *,
        heading: str,
        prefix: str = "count",
        optional: bool = False,
        volume_aliases: tuple[str, ...] = ("Suspension volume",),
    ) -> None:
        super().__init__(form)
        self.form = form
        self.prefix = prefix
        self._rows: dict[str, range] = {}
        self._labels: dict[str, str] = {}

        title = QLabel(heading)
        title.setObjectName(f"{prefix}Heading")
        title.setStyleSheet("font-size: 15pt; font-weight: 700; padding-top: 12px;")
        form.grid.addWidget(title, form.grid.rowCount(), 0, 1, 2)

        self.method = QComboBox()
        self.method.setMinimumHeight(40)
        self.method.setMinimumWidth(300)
        if optional:
            self.method.addItem(self.tr("No count at this step"), NO_COUNT)
        self.method.addItem(self.tr("Hemocytometer (trypan blue)"), HEMOCYTOMETER)
        self.method.addItem(self.tr("Automated cell counter"), AUTOMATED)
        self._add(
            "method",
            self.tr("Count method"),
            self.method,
            hint=self.tr(
                "Hemocytometer: cells counted in the large squares. Counter: read its screen."
            ),
            aliases=("Count method", "Cell count"),
        )
        squares = HEMOCYTOMETER_LARGE_SQUARES
        self.live = self._number(
            "live",
            self.tr("Live cells counted"),
            unit=self.tr("cells"),
            hint=self.tr("Unstained cells, summed over the squares counted; at least 1"),
            aliases=("Live cells counted", "Cells counted"),
        )
        self.dead = self._number(
            "dead",
            self.tr("Dead cells counted"),
            unit=self.tr("cells"),
            hint=self.tr("Blue (stained) cells over the same squares; 0 or more"),
            aliases=("Dead cells counted",),
        )
        self.squares = self._number(
            "squares",
            self.tr("Squares counted"),
            unit=self.tr("large squares"),
            hint=self.tr("1 to {n}").format(n=squares),
            aliases=("Squares counted",),
        )
        self.dilution = self._number(
            "dilution",
            self.tr("Dilution factor"),
            unit="×",
            hint=self.tr("At least 1; 2 for cells mixed 1:1 with trypan blue"),
            aliases=("Dilution factor",),
        )
        self.dilution.setText("2")
        self.counter_cells = self._number(
            "counter_cells",
            self.tr("Live cells/mL (counter)"),
            unit=self.tr("cells/mL"),
            hint=self.tr("The viable cell concentration on the counter's screen"),
            aliases=("Cells per mL",),
        )
        self.counter_viability = self._number(
            "counter_viability",
            self.tr("Viability (counter)"),
            unit="%",
            hint=self.tr("0 to 100 %"),
            aliases=("Viability",),
        )
        self.volume = self._number(
            "volume",
            self.tr("Suspension volume"),
            unit=self.tr("mL"),
            hint=self.tr("The volume the counted cells are suspended in; more than 0 mL"),
            aliases=volume_aliases,
        )
        self.counted_at = datetime_edit(zone)
        self._add(
            "counted_at",
            self.tr("Counted at"),
            self.counted_at,
            hint=self.tr("Site time; not before the step it belongs to"),
            aliases=("Counted at",),
        )
        self.instrument = QLineEdit()
        self.instrument.setMaximumWidth(220)
        self._add(
            "instrument",
            self.tr("Microscope or counter"),
            self.instrument,
            hint=self.tr("Asset tag, optional (e.g. MIC-01)"),
        )

        self.shown_cells_per_ml = form.add_computed(
            f"{prefix}_cells_per_ml", self.tr("Live cells/mL")
        )
        self.shown_viability = form.add_computed(f"{prefix}_viability", self.tr("Viability"))
        self.shown_total = form.add_computed(f"{prefix}_total", self.tr("Total live cells"))
        self._method_changed()
        self.method.currentIndexChanged.connect(self._method_chosen)

    # --- building --------------------------------------------------------------------------------

    def key(self, name: str) -> str:
        return f"{self.prefix}_{name}"

    def _add(
        self,
        name: str,
        label: str,
        widget: QWidget,
        *,
        unit: str = "",
        hint: str = "",
        aliases: tuple[str, ...] = (),
    ) -> QWidget:
        first = self.form.grid.rowCount()
        self.form.add_field(self.key(name), label, widget, unit=unit, hint=hint, aliases=aliases)
        self._rows[name] = range(first, self.form.grid.rowCount())
        self._labels[name] = label
        return widget

    def _number(
        self, name: str, label: str, *, unit: str, hint: str, aliases: tuple[str, ...]
    ) -> QLineEdit:
        edit = number_edit()
        self._add(name, label, edit, unit=unit, hint=hint, aliases=aliases)
        return edit

    def _method_changed(self) -> None:
        method = self.current_method()
        shown = {
            HEMOCYTOMETER: {"live", "dead", "squares", "dilution"},
            AUTOMATED: {"counter_cells", "counter_viability"},
            NO_COUNT: set(),
        }[method]
        if method != NO_COUNT:
            shown |= {"volume", "counted_at", "instrument"}
        for name, rows in self._rows.items():
            if name != "method":
                set_rows_visible(self.form.grid, rows, name in shown)
        for label in (self.shown_cells_per_ml, self.shown_viability, self.shown_total):
            label.setEnabled(method != NO_COUNT)

    def _method_chosen(self) -> None:
        self._method_changed()
        self.form._changed()  # the base's live check: errors cleared, figures recomputed

    def current_method(self) -> str:
        return self.method.currentData()

    def set_method(self, method: str) -> None:
        self.method.setCurrentIndex(self.method.findData(method))

    # --- live figures ----------------------------------------------------------------------------

    def _value(self, name: str, *, whole: bool = False, required: bool = False) -> float | None:
        key, label = self.key(name), self._labels[name]
        value = parse_number(key, label, self.form.text(key), whole=whole)
        if value is None:
            if required:
                raise FieldError(key, self.tr("{label} is required.").format(label=label))
            return None
        if value < 0:
            raise refusal(key, label, self.form.text(key), "0 or more")
        return value

    def _volume(self, *, required: bool) -> float | None:
        volume = self._value("volume", required=required)
        if volume is not None and volume == 0:
            raise refusal(self.key("volume"), "Suspension volume", 0, "a number greater than 0 mL")
        return volume

    def recompute(self, *, required: bool = False) -> LiveCount | None:
        """Check what is typed and show every figure it already gives; None with no count
        chosen. The first refusal is raised after the figures the other values allow are
        shown. With `required`, a missing value is refused (saving); otherwise it only
        leaves its figures blank (typing)."""
        for label in (self.shown_cells_per_ml, self.shown_viability, self.shown_total):
            label.setText("–")
        method = self.current_method()
        if method == NO_COUNT:
            return None
        check = FirstError()
        per_ml = viability = total = None
        if method == HEMOCYTOMETER:
            live = check.run(self._value, "live", whole=True, required=required)
            dead = check.run(self._value, "dead", whole=True, required=required)
            squares = check.run(self._value, "squares", whole=True, required=required)
            dilution = check.run(self._value, "dilution", required=required)
            volume = check.run(self._volume, required=required)
            if check.error is None and None not in (live, dead, squares, dilution, volume):
                # Everything typed: exactly what the service computes and stores.
                figures = check.run(
                    hemocytometer_count, int(live), int(dead), int(squares), dilution, volume
                )
                if figures is not None:
                    per_ml = figures.live_cells_per_ml
                    viability = figures.viability_percent
                    total = figures.total_live_cells
            else:
                if live is not None and dead is not None:
                    viability = check.run(viability_percent, int(live), int(dead))
                if None not in (live, squares, dilution):
                    per_ml = check.run(
                        hemocytometer_cells_per_ml, int(live), int(squares), dilution
                    )
                if per_ml is not None and volume is not None:
                    total = check.run(total_cells, per_ml, volume)
        else:
            per_ml = check.run(self._value, "counter_cells", required=required)
            if per_ml == 0:
                check.refuse(
                    refusal(
                        self.key("counter_cells"), "Cells per mL", 0, "a number greater than 0"
                    ),
                )
                per_ml = None
            viability = check.run(self._value, "counter_viability", required=required)
            if viability is not None and viability > 100:
                text = self.form.text(self.key("counter_viability"))
                check.refuse(
                    refusal(
                        self.key("counter_viability"), "Viability", text, "between 0 and 100 %"
                    ),
                )
                viability = None
            volume = check.run(self._volume, required=required)
            if per_ml is not None and volume is not None:
                total = check.run(total_cells, per_ml, volume)
        if per_ml is not None:
            self.shown_cells_per_ml.setText(self.tr("{n} cells/mL").format(n=format_cells(per_ml)))
        if viability is not None:
            self.shown_viability.setText(self.tr("{v} %").format(v=f"{viability:.1f}"))
        if total is not None:
            self.shown_total.setText(self.tr("{n} cells").format(n=format_cells(total)))
        check.raise_first()
        return LiveCount(per_ml, viability, total)

    # --- saving ----------------------------------------------------------------------------------

    def count_input(self) -> CountInput | None:
        """The count as the services take it (raw values only); None with no count chosen."""
        from labtracker.services.culture import CountInput

        self.recompute(required=True)
        method = self.current_method()
        if method == NO_COUNT:
            return None
        counted_at = edited_datetime(self.counted_at)
        instrument = self.instrument.text().strip() or None
        volume = self._volume(required=True)
        assert volume is not None
        if method == HEMOCYTOMETER:
            return CountInput.hemocytometer(
                live_cells=int(self._value("live", whole=True, required=True)),  # type: ignore[arg-type]
                dead_cells=int(self._value("dead", whole=True, required=True)),  # type: ignore[arg-type]
                squares_counted=int(self._value("squares", whole=True, required=True)),  # type: ignore[arg-type]
                dilution_factor=self._value("dilution", required=True),  # type: ignore[arg-type]
                suspension_volume_ml=volume,
                counted_at=counted_at,
                instrument=instrument,
            )
        return CountInput.automated(
            cells_per_ml=self._value("counter_cells", required=True),  # type: ignore[arg-type]
            viability_percent=self._value("counter_viability", required=True),  # type: ignore[arg-type]
            suspension_volume_ml=volume,
            counted_at=counted_at,
            instrument=instrument,
        )
