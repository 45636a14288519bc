"""Induction and scaffold step forms: osteogenic induction started (each supplement's lot
scanned) and ended (with its stains), the induced cells seeded onto a scaffold lot, and the
end of the construct's incubation.

Figures shown while typing come from the same functions the services use: the scaffold's
volume and the cells it needs (labtracker.domain.cell_counts), the seeding suspension against
the site's target (services.induction.check_suspension).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from labtracker.domain.cell_counts import cells_needed_for_scaffold
from labtracker.domain.lot_states import LotStatus
from labtracker.domain.permissions import Action
from labtracker.domain.scan import ScanKind
from labtracker.services import induction
from labtracker.services.induction import (
    ASCORBATE_UM,
    DEXAMETHASONE_NM,
    GLYCEROPHOSPHATE_MM,
    STAIN_RESULTS,
)
from labtracker.services.signatures import Meaning
from ui.forms.base import (
    FieldError,
    Saved,
    datetime_edit,
    edited_datetime,
    number_edit,
)
from ui.forms.counts import CountSection, FirstError, format_cells, refusal
from ui.forms.culture import (
    BuiltForm,
    RemembersScanCode,
    add_noted_field,
    add_scan_row,
    local_time,
    show_verdict,
)

if TYPE_CHECKING:
    from labtracker.services.scan import ScanResolution
    from ui.context import WorkContext

STAIN_NAMES = {
    "not_done": QT_TRANSLATE_NOOP("EndInductionForm", "Not done"),
    "positive": QT_TRANSLATE_NOOP("EndInductionForm", "Positive"),
    "negative": QT_TRANSLATE_NOOP("EndInductionForm", "Negative"),
    "weak": QT_TRANSLATE_NOOP("EndInductionForm", "Weak"),
}


class LotFieldsForm(RemembersScanCode, BuiltForm):
    """A form with lot-code fields (reagent RL…, scaffold SC…): a code scanned into the scan
    field fills the first empty one, a code typed or scanned into a field itself is checked
    when the field is left; either way the label's description appears under the field, and
    another lot's or patient's code raises the red stop."""

    LOT_KIND = ScanKind.MATERIAL_LOT

    def __init__(self, ctx: WorkContext, din: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, din, parent)
        self._lot_notes: dict[str, tuple[QLabel, str]] = {}
        self._target: str | None = None

    def add_lot_field(self, key: str, label: str, hint: str, aliases: tuple[str, ...]) -> QLineEdit:
        edit = QLineEdit()
        edit.setMaximumWidth(260)
        note = add_noted_field(self, key, label, edit, hint=hint, aliases=aliases)
        note.setWordWrap(True)
        self._lot_notes[key] = (note, hint)
        edit.editingFinished.connect(lambda: self._lot_typed(key))
        edit.textEdited.connect(lambda _text: self._reset_note(key))
        return edit

    def _reset_note(self, key: str) -> None:
        note, hint = self._lot_notes[key]
        note.setText(hint)
        note.setStyleSheet("")

    def _lot_typed(self, key: str) -> None:
        edit = self.field(key)
        assert isinstance(edit, QLineEdit)
        text = edit.text().strip()
        if not text or edit.property("checked") == text:
            return
        self._target = key
        try:
            self.handle_scan(text)
        finally:
            self._target = None
        if edit.property("checked") != edit.text().strip():
            edit.clear()  # stopped (another lot's or patient's code) or not a lot label

    def take_scan(self, resolution: ScanResolution) -> bool:
        target = self._target
        if resolution.kind != self.LOT_KIND:
            return False
        if target is None:
            target = next((k for k in self._lot_notes if not self.text(k)), None)
            if target is None:
                self.banner.setText(
                    self.tr("Every lot field is filled; clear the one to replace, then scan again.")
                )
                self.banner.show()
                return True
        edit = self.field(target)
        assert isinstance(edit, QLineEdit)
        code = self.scanned_code or edit.text().strip()
        edit.setText(code)
        edit.setProperty("checked", code)
        note, _hint = self._lot_notes[target]
        if resolution.valid:
            show_verdict(note, resolution.summary, within=True)
        else:
            note.setText(resolution.summary)
            note.setStyleSheet("")
            self.show_field_error(target, resolution.problem or resolution.summary)
        return True


def ended_after_start(
    form: BuiltForm, started: datetime | None, shown_started: QLabel, label: str, what: str
) -> datetime | None:
    """The end typed into `form.ended_at` of a step that started at `started` (shown in
    `shown_started`), refused unless after the start; None when nothing has started."""
    shown_started.setText("–")
    if started is None:
        return None
    shown_started.setText(local_time(started, form.zone))
    ended = edited_datetime(form.ended_at)
    if ended <= started:
        raise refusal(
            "ended_at",
            label,
            local_time(ended, form.zone),
            f"after the start of {what} ({local_time(started, form.zone)})",
        )
    return ended


# --- induction ------------------------------------------------------------------------------------


class StartInductionForm(LotFieldsForm):
    """The culture switched to osteogenic medium: every supplement's lot and concentration."""

    title = QT_TRANSLATE_NOOP("StartInductionForm", "Start osteogenic induction")
    applies_to: tuple[LotStatus, ...] = (LotStatus.IN_CULTURE,)
    required_action = Action.RECORD_CULTURE_STEP
    # The induction record changes when it ends (end time, stains): it is signed then, by
    # EndInductionForm; a signature now would be superseded by that change.
    sign_meaning = None

    def __init__(self, ctx: WorkContext, din: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, din, parent)
        self.progress = induction.induction_progress(ctx.db, ctx.actor, din)
        self.scan_input = add_scan_row(
            self,
            self.tr("Scan"),
            self.tr("Scan each lot's label: it fills the first empty lot field below."),
        )
        self.started_at = datetime_edit(self.zone)
        self.add_field(
            "started_at",
            self.tr("Started at"),
            self.started_at,
            hint=self.tr("Site time; not before the last seeding or harvest"),
            aliases=("Started at",),
        )
        self.add_lot_field(
            "base_medium_lot",
            self.tr("Base medium lot"),
            self.tr("e.g. α-MEM; released, in date"),
            ("Base medium lot",),
        )
        self.concentrations: dict[str, tuple[str, tuple[float, float], str]] = {}
        for key, label, service_name, limits, unit, usual in (
            (
                "dexamethasone",
                self.tr("Dexamethasone"),
                "Dexamethasone",
                DEXAMETHASONE_NM,
                "nM",
                100,
            ),
            (
                "ascorbate",
                self.tr("Ascorbate-2-phosphate"),
                "Ascorbate-2-phosphate",
                ASCORBATE_UM,
                "µM",
                50,
            ),
            (
                "glycerophosphate",
                self.tr("β-Glycerophosphate"),
                "β-Glycerophosphate",
                GLYCEROPHOSPHATE_MM,
                "mM",
                10,
            ),
        ):
            self.add_lot_field(
                f"{key}_lot",
                self.tr("{name} lot").format(name=label),
                self.tr("Released, in date; not the same label as another supplement"),
                (f"{service_name} lot",),
            )
            edit = number_edit()
            edit.setText(f"{usual:g}")
            self.add_field(
                key,
                self.tr("{name} concentration").format(name=label),
                edit,
                unit=unit,
                hint=self.tr("Usual {usual} {unit}; accepted {low}–{high} {unit}").format(
                    usual=f"{usual:g}", unit=unit, low=f"{limits[0]:g}", high=f"{limits[1]:g}"
                ),
                aliases=(service_name,),
            )
            self.concentrations[key] = (service_name, limits, unit)
        self.notes = QLineEdit()
        self.add_field("notes", self.tr("Notes"), self.notes, hint=self.tr("Optional"))
        self.shown_end = self.add_computed("usual_end", self.tr("Usual end"))
        self.finish_building()
        self.scan_input.setFocus()

    def _concentration(self, key: str) -> float | None:
        name, (low, high), unit = self.concentrations[key]
        value = self.number(key, required=False)
        if value is not None and not low <= value <= high:
            raise refusal(key, name, self.text(key), f"between {low:g} and {high:g} {unit}")
        return value

    def recompute(self) -> None:
        self.shown_end.setText("–")
        check = FirstError()
        for key in self.concentrations:
            check.run(self._concentration, key)
        started = edited_datetime(self.started_at)
        low, high = self.progress.induction_min_days, self.progress.induction_max_days
        self.shown_end.setText(
            self.tr("{first} to {last} ({low}–{high} days)").format(
                first=f"{(started + timedelta(days=low)).astimezone(self.zone):%Y-%m-%d}",
                last=f"{(started + timedelta(days=high)).astimezone(self.zone):%Y-%m-%d}",
                low=f"{low:g}",
                high=f"{high:g}",
            )
        )
        check.raise_first()

    def save(self) -> Saved:
        values = {}
        for key in self.concentrations:
            value = self._concentration(key)
            if value is None:
                raise FieldError(key, self.tr("The concentration is required."))
            values[key] = value
        lots = {}
        for key in (
            "base_medium_lot",
            "dexamethasone_lot",
            "ascorbate_lot",
            "glycerophosphate_lot",
        ):
            if not self.text(key):
                raise FieldError(key, self.tr("Scan the lot's label."))
            lots[key] = self.text(key)
        result = induction.start_induction(
            self.ctx.db,
            self.ctx.actor,
            self.din,
            started_at=edited_datetime(self.started_at),
            base_medium_lot=lots["base_medium_lot"],
            dexamethasone_lot=lots["dexamethasone_lot"],
            dexamethasone_nm=values["dexamethasone"],
            ascorbate_lot=lots["ascorbate_lot"],
            ascorbate_um=values["ascorbate"],
            glycerophosphate_lot=lots["glycerophosphate_lot"],
            glycerophosphate_mm=values["glycerophosphate"],
            notes=self.notes.text().strip(),
        )
        summary = self.tr(
            "lot {din}: induction started {when}; dexamethasone {dex} nM ({dex_lot}), "
            "ascorbate-2-phosphate {aa} µM ({aa_lot}), β-glycerophosphate {bgp} mM ({bgp_lot}) "
            "in {medium}"
        ).format(
            din=self.lot.din_display,
            when=local_time(result.started_at, self.zone),
            dex=f"{result.dexamethasone_nm:g}",
            dex_lot=result.dexamethasone_lot,
            aa=f"{result.ascorbate_um:g}",
            aa_lot=result.ascorbate_lot,
            bgp=f"{result.glycerophosphate_mm:g}",
            bgp_lot=result.glycerophosphate_lot,
            medium=result.base_medium_lot,
        )
        return Saved(summary, "osteogenic_induction", result.induction_id, result.din, result)


class EndInductionForm(BuiltForm):
    """The end of induction and its stains; the induction record is then signed."""

    title = QT_TRANSLATE_NOOP("EndInductionForm", "End osteogenic induction")
    applies_to: tuple[LotStatus, ...] = (LotStatus.IN_INDUCTION,)
    required_action = Action.RECORD_CULTURE_STEP
    sign_meaning = Meaning.PERFORMED

    def __init__(self, ctx: WorkContext, din: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, din, parent)
        self.progress = induction.induction_progress(ctx.db, ctx.actor, din)
        self.ended_at = datetime_edit(self.zone)
        self.length_note = add_noted_field(
            self,
            "ended_at",
            self.tr("Ended at"),
            self.ended_at,
            hint=self.tr("Site time"),
            aliases=("Ended at",),
        )
        self.length_note.setWordWrap(True)
        self.stains: dict[str, QComboBox] = {}
        for key, label, alias in (
            ("alp", self.tr("ALP stain"), "ALP result"),
            ("alizarin", self.tr("Alizarin red stain"), "Alizarin red result"),
        ):
            box = QComboBox()
            box.setMinimumWidth(220)
            for value in STAIN_RESULTS:
                box.addItem(self.tr(STAIN_NAMES.get(value, value)), value)
            self.add_field(key, label, box, hint=self.tr("As read at the end"), aliases=(alias,))
            self.stains[key] = box
        self.shown_started = self.add_computed("started", self.tr("Induction started"))
        self.shown_days = self.add_computed("days", self.tr("Length of induction"))
        if self.progress.induction_started_at is None or self.progress.induction_ended_at:
            self.banner.setText(self.tr("This lot has no induction in progress to end."))
            self.banner.show()
        self.finish_building()

    def recompute(self) -> None:
        self.shown_days.setText("–")
        # Back to the hint until the length is judged below.
        self.length_note.setText(self.tr("Site time"))
        self.length_note.setStyleSheet("")
        started = self.progress.induction_started_at
        ended = ended_after_start(self, started, self.shown_started, "Ended at", "induction")
        if started is None or ended is None:
            return
        days = (ended - started) / timedelta(days=1)
        self.shown_days.setText(self.tr("{d} days").format(d=f"{days:.1f}"))
        low, high = self.progress.induction_min_days, self.progress.induction_max_days
        if low <= days <= high:
            show_verdict(
                self.length_note,
                self.tr("{d} days: within the usual {low}–{high} days").format(
                    d=f"{days:.1f}", low=f"{low:g}", high=f"{high:g}"
                ),
                within=True,
            )
        else:
            show_verdict(
                self.length_note,
                self.tr("Warning: {d} days; induction usually takes {low}–{high} days").format(
                    d=f"{days:.1f}", low=f"{low:g}", high=f"{high:g}"
                ),
                within=False,
            )

    def save(self) -> Saved:
        result = induction.end_induction(
            self.ctx.db,
            self.ctx.actor,
            self.din,
            ended_at=edited_datetime(self.ended_at),
            alp_result=self.stains["alp"].currentData(),
            alizarin_red_result=self.stains["alizarin"].currentData(),
        )
        summary = self.tr(
            "lot {din}: induction from {start} to {end} ({days} days); ALP {alp}, Alizarin red {ar}"
        ).format(
            din=self.lot.din_display,
            start=local_time(result.started_at, self.zone),
            end=local_time(result.ended_at, self.zone),
            days=f"{result.days:.1f}",
            alp=self.stains["alp"].currentText().lower(),
            ar=self.stains["alizarin"].currentText().lower(),
        )
        if result.warnings:
            summary += "\n" + self.tr("Warnings: {w}").format(w="; ".join(result.warnings))
        return Saved(summary, "osteogenic_induction", result.induction_id, result.din, result)


# --- scaffold -------------------------------------------------------------------------------------


class ScaffoldSeedingForm(LotFieldsForm):
    """The induced cells seeded onto a scaffold lot: the construct is made and waits in
    quarantine for release testing."""

    title = QT_TRANSLATE_NOOP("ScaffoldSeedingForm", "Seed the scaffold")
    applies_to: tuple[LotStatus, ...] = (LotStatus.IN_INDUCTION,)
    required_action = Action.RECORD_CULTURE_STEP
    # The seeding record changes when its incubation ends: it is signed then, by
    # EndScaffoldIncubationForm (docs/services.md §7); a signature now would be superseded.
    sign_meaning = None
    LOT_KIND = ScanKind.SCAFFOLD_LOT

    def __init__(self, ctx: WorkContext, din: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, din, parent)
        self.progress = induction.induction_progress(ctx.db, ctx.actor, din)
        target = self.progress.scaffold_cells_per_ml
        self.scan_input = add_scan_row(
            self, self.tr("Scan"), self.tr("Scan the scaffold lot's label (SC…).")
        )
        self.scaffold_lot = self.add_lot_field(
            "scaffold_lot",
            self.tr("Scaffold lot"),
            self.tr("Released and in date"),
            ("Scaffold lot", "Scaffold"),
        )
        self.seeded_at = datetime_edit(self.zone)
        self.add_field(
            "seeded_at",
            self.tr("Seeded at"),
            self.seeded_at,
            hint=self.tr("Site time; not before the end of induction"),
            aliases=("Seeded at",),
        )
        self.sizes = {}
        for key, label, alias in (
            ("length", self.tr("Scaffold length"), "Scaffold length"),
            ("width", self.tr("Scaffold width"), "Scaffold width"),
            ("height", self.tr("Scaffold height"), "Scaffold height"),
        ):
            self.sizes[key] = self.add_field(
                key,
                label,
                number_edit(),
                unit=self.tr("mm"),
                hint=self.tr("More than 0, at most 200 mm"),
                aliases=(alias,),
            )
        self.add_field(
            "volume",
            self.tr("Scaffold volume"),
            number_edit(),
            unit=self.tr("mL"),
            hint=self.tr(
                "Optional: wins over the sizes. Leave volume and sizes empty to use the "
                "volume on the scaffold lot's label."
            ),
            aliases=("Scaffold volume",),
        )
        self.add_field(
            "cells_seeded",
            self.tr("Cells seeded"),
            number_edit(),
            unit=self.tr("cells"),
            hint=self.tr("At most the cells counted, if counted"),
            aliases=("Cells seeded",),
        )
        self.suspension_note = add_noted_field(
            self,
            "suspension_volume",
            self.tr("Seeding suspension volume"),
            number_edit(),
            unit=self.tr("mL"),
            hint=self.tr("Site target {t} cells/mL").format(t=format_cells(target)),
            aliases=("Suspension volume",),
        )
        self.suspension_note.setWordWrap(True)
        self.count = CountSection(
            self,
            self.zone,
            heading=self.tr("Count of the cell suspension (optional)"),
            optional=True,
            volume_aliases=(),
        )
        self.incubation_started_at = datetime_edit(self.zone)
        self.add_field(
            "incubation_started_at",
            self.tr("Incubation started at"),
            self.incubation_started_at,
            hint=self.tr("Site time; not before seeding"),
            aliases=("Incubation started at",),
        )
        self.incubator = self.add_incubator_field()
        self.notes = QLineEdit()
        self.add_field("notes", self.tr("Notes"), self.notes, hint=self.tr("Optional"))
        self.shown_volume = self.add_computed("scaffold_volume", self.tr("Scaffold volume"))
        self.shown_needed = self.add_computed("cells_needed", self.tr("Cells needed"))
        self.shown_suspension = self.add_computed("suspension", self.tr("Seeding suspension"))
        self.finish_building()
        self.scan_input.setFocus()

    def _typed(self, key: str) -> float | None:
        value = self.number(key, required=False)
        if value is not None and value <= 0:
            raise refusal(key, self._label(key), self.text(key), "more than 0")
        return value

    def _label(self, key: str) -> str:
        return {
            "length": "Scaffold length",
            "width": "Scaffold width",
            "height": "Scaffold height",
            "volume": "Scaffold volume",
            "cells_seeded": "Cells seeded",
            "suspension_volume": "Suspension volume",
        }[key]

    def recompute(self) -> None:
        for label in (self.shown_volume, self.shown_needed, self.shown_suspension):
            label.setText("–")
        target = self.progress.scaffold_cells_per_ml
        self.suspension_note.setText(
            self.tr("Site target {t} cells/mL").format(t=format_cells(target))
        )
        self.suspension_note.setStyleSheet("")
        check = FirstError()
        sizes = [check.run(self._typed, k) for k in ("length", "width", "height")]
        volume_typed = check.run(self._typed, "volume")
        volume = None
        if check.error is None:
            volume = check.run(induction.scaffold_volume_ml, *sizes, volume_typed)
            if volume is None and check.error is None:
                self.shown_volume.setText(self.tr("from the scaffold lot's label"))
        if volume is not None:
            self.shown_volume.setText(self.tr("{v} mL").format(v=f"{volume:.2f}"))
            needed = check.run(cells_needed_for_scaffold, volume, target)
            if needed is not None:
                self.shown_needed.setText(
                    self.tr("{n} cells at {t} cells/mL").format(
                        n=format_cells(needed), t=format_cells(target)
                    )
                )
        count = check.run(self.count.recompute)
        cells = check.run(self._typed, "cells_seeded")
        suspension = check.run(self._typed, "suspension_volume")
        counted = count.total_cells if count is not None else None
        if cells is not None and counted is not None and cells > counted:
            check.refuse(
                refusal(
                    "cells_seeded",
                    "Cells seeded",
                    format_cells(cells),
                    f"at most the {format_cells(counted)} cells counted",
                )
            )
        if cells is not None and suspension is not None:
            figures = check.run(induction.check_suspension, cells, suspension, target)
            if figures is not None:
                self.shown_suspension.setText(
                    self.tr("{n} cells/mL").format(n=format_cells(figures.cells_per_ml))
                )
                if figures.warning:
                    show_verdict(
                        self.suspension_note,
                        self.tr("Warning: {w}").format(w=figures.warning),
                        within=False,
                    )
                else:
                    show_verdict(
                        self.suspension_note,
                        self.tr("{n} cells/mL: close to the site's {t} cells/mL").format(
                            n=format_cells(figures.cells_per_ml), t=format_cells(target)
                        ),
                        within=True,
                    )
        check.raise_first()

    def save(self) -> Saved:
        if not self.text("scaffold_lot"):
            raise FieldError("scaffold_lot", self.tr("Scan the scaffold lot's label."))
        cells = self._typed("cells_seeded")
        suspension = self._typed("suspension_volume")
        if cells is None:
            raise FieldError("cells_seeded", self.tr("Cells seeded is required."))
        if suspension is None:
            raise FieldError("suspension_volume", self.tr("Seeding suspension volume is required."))
        result = induction.seed_scaffold(
            self.ctx.db,
            self.ctx.actor,
            self.din,
            scaffold_lot=self.text("scaffold_lot"),
            seeded_at=edited_datetime(self.seeded_at),
            scaffold_length_mm=self._typed("length"),
            scaffold_width_mm=self._typed("width"),
            scaffold_height_mm=self._typed("height"),
            scaffold_volume_ml=self._typed("volume"),
            count=self.count.count_input(),
            cells_seeded=cells,
            suspension_volume_ml=suspension,
            incubation_started_at=edited_datetime(self.incubation_started_at),
            incubator=self.incubator.text().strip() or None,
            notes=self.notes.text().strip(),
        )
        summary = self.tr(
            "lot {din} on scaffold {scaffold} ({volume} mL): {cells} cells in {suspension} mL "
            "({per_ml} cells/mL), incubation from {when}"
        ).format(
            din=self.lot.din_display,
            scaffold=result.scaffold_lot,
            volume=f"{result.scaffold_volume_ml:.2f}",
            cells=format_cells(result.cells_seeded),
            suspension=f"{result.suspension_volume_ml:g}",
            per_ml=format_cells(result.cells_per_ml),
            when=local_time(result.incubation_started_at, self.zone),
        )
        if result.warnings:
            summary += "\n" + self.tr("Warnings: {w}").format(w="; ".join(result.warnings))
        return Saved(summary, "scaffold_seeding", result.seeding_id, result.din, result)


class EndScaffoldIncubationForm(BuiltForm):
    """The construct out of its post-seeding incubation; the scaffold seeding record, now
    complete, is signed as performed (a signature made before the end is superseded)."""

    title = QT_TRANSLATE_NOOP("EndScaffoldIncubationForm", "End scaffold incubation")
    applies_to: tuple[LotStatus, ...] = (LotStatus.SEEDED,)
    required_action = Action.RECORD_CULTURE_STEP
    sign_meaning = Meaning.PERFORMED

    def __init__(self, ctx: WorkContext, din: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, din, parent)
        self.progress = induction.induction_progress(ctx.db, ctx.actor, din)
        self.ended_at = datetime_edit(self.zone)
        self.add_field(
            "ended_at",
            self.tr("Incubation ended at"),
            self.ended_at,
            hint=self.tr("Site time; after the incubation started"),
            aliases=("Incubation ended at",),
        )
        note = QLabel(
            self.tr(
                "Recording the end completes the scaffold seeding record; you then sign it "
                "as performed. Any signature made on it before no longer applies."
            )
        )
        note.setObjectName("formHint")
        note.setWordWrap(True)
        self.grid.addWidget(note, self.grid.rowCount(), 0, 1, 2)
        self.shown_started = self.add_computed("started", self.tr("Incubation started"))
        self.shown_hours = self.add_computed("hours", self.tr("Incubation time"))
        if self.progress.incubation_started_at is None or self.progress.incubation_ended_at:
            self.banner.setText(self.tr("This lot has no scaffold incubation in progress."))
            self.banner.show()
        self.finish_building()

    def recompute(self) -> None:
        self.shown_hours.setText("–")
        started = self.progress.incubation_started_at
        ended = ended_after_start(
            self, started, self.shown_started, "Incubation ended at", "incubation"
        )
        if started is None or ended is None:
            return
        hours = (ended - started) / timedelta(hours=1)
        self.shown_hours.setText(
            self.tr("{h} h ({d} days)").format(h=f"{hours:.1f}", d=f"{hours / 24:.1f}")
        )

    def save(self) -> Saved:
        result = induction.end_scaffold_incubation(
            self.ctx.db, self.ctx.actor, self.din, ended_at=edited_datetime(self.ended_at)
        )
        summary = self.tr(
            "scaffold seeding of lot {din}, incubated from {start} to {end} ({hours} h)"
        ).format(
            din=self.lot.din_display,
            start=local_time(result.incubation_started_at, self.zone),
            end=local_time(result.incubation_ended_at, self.zone),
            hours=f"{result.hours:.1f}",
        )
        return Saved(summary, "scaffold_seeding", result.seeding_id, result.din, result)
