"""The vessel catalogue: every kind of flask, plate and cell factory with its growth area and
the harvest ceiling that catches a mistyped count. Everyone reads it; QA adds, changes and
retires kinds, each change with its reason. A vessel keeps the area it was seeded with, so a
change here never rewrites a recorded density or doubling."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from labtracker.domain.errors import LabtrackerError
from labtracker.domain.permissions import Action
from labtracker.services import catalogue
from labtracker.services.catalogue import VesselTypeEntry
from ui.forms.base import FieldError, Saved, number_edit
from ui.models.admin_catalogue import VesselTypesModel
from ui.models.admin_tables import number
from ui.pages.admin.common import AdminForm, AdminPage, AdminTable, button_row, guard, may

if TYPE_CHECKING:
    from ui.context import Navigator, WorkContext

MANAGE = Action.MANAGE_CATALOGUE


class VesselTypeForm(AdminForm):
    """A new kind of vessel, or a change to one (only the values changed are sent)."""

    def __init__(
        self, ctx: WorkContext, entry: VesselTypeEntry | None = None, parent: QWidget | None = None
    ) -> None:
        heading = (
            self.tr("Add a vessel type")
            if entry is None
            else self.tr("Change vessel type {code}").format(code=entry.code)
        )
        save = self.tr("Add vessel type") if entry is None else self.tr("Save change")
        super().__init__(ctx, heading, parent, save_text=save)
        self.entry = entry
        if entry is None:
            code = QLineEdit()
            code.setMaxLength(32)
            code.setMaximumWidth(220)
            self.add_field(
                "code", self.tr("Code"), code, hint=self.tr("As staff say it, e.g. T225, 12WELL.")
            )
        else:
            self.add_notice(
                self.tr(
                    "{n} vessels already seeded as {code} keep the area they were seeded with "
                    "({area} cm²); a new area applies to vessels seeded from now on."
                ).format(
                    n=entry.vessels_seeded, code=entry.code, area=number(entry.growth_area_cm2)
                )
            )
        self.add_field("name", self.tr("Name"), QLineEdit())
        self.add_field(
            "area",
            self.tr("Growth area"),
            number_edit(),
            unit=self.tr("cm², whole vessel"),
            aliases=("Growth area",),
        )
        self.add_field(
            "units",
            self.tr("Wells or layers"),
            number_edit(),
            hint=self.tr("1 for a flask; 6 for a 6-well plate (area is then 6 × one well)."),
        )
        self.add_field(
            "medium",
            self.tr("Medium volume"),
            number_edit(self.tr("optional")),
            unit=self.tr("mL"),
        )
        self.add_field(
            "ceiling",
            self.tr("Plausible harvest ceiling"),
            number_edit(),
            unit=self.tr("cells/cm²"),
            hint=self.tr("A harvest above this is refused as a typing error (shipped: 100,000)."),
        )
        self.per_unit = self.add_computed("per_unit", self.tr("Area per well or layer"))
        self.ceiling_total = self.add_computed("ceiling_total", self.tr("Most cells per vessel"))
        self.add_reason()
        values = {
            "name": entry.name if entry else "",
            "area": number(entry.growth_area_cm2) if entry else "",
            "units": str(entry.wells_or_layers) if entry else "1",
            "medium": number(entry.medium_volume_ml) if entry else "",
            "ceiling": number(entry.max_cells_per_cm2).replace(",", "") if entry else "100000",
        }
        for key, text in values.items():
            widget = self.field(key)
            assert isinstance(widget, QLineEdit)
            widget.setText(text.replace(",", "") if key != "name" else text)

    def recompute(self) -> None:
        area = self.number("area", required=False)
        units = self.number("units", whole=True, required=False)
        ceiling = self.number("ceiling", required=False)
        if area and units and units > 0:
            self.per_unit.setText(self.tr("{area} cm²").format(area=number(area / units)))
        else:
            self.per_unit.setText("–")
        if area and ceiling:
            self.ceiling_total.setText(self.tr("{n} cells").format(n=number(area * ceiling)))
        else:
            self.ceiling_total.setText("–")

    def _values(self) -> dict[str, object]:
        return {
            "name": self.text("name"),
            "growth_area_cm2": self.number("area"),
            "wells_or_layers": int(self.number("units", whole=True)),
            "medium_volume_ml": self.number("medium", required=False),
            "max_cells_per_cm2": self.number("ceiling"),
        }

    def save(self) -> Saved:
        values = self._values()
        if self.entry is None:
            reason = self.reason()
            entry = catalogue.add_vessel_type(
                self.ctx.db, self.ctx.actor, code=self.text("code"), reason=reason, **values
            )
            return Saved(
                self.tr("{code} ({name}, {area} cm²) added to the vessel catalogue.").format(
                    code=entry.code, name=entry.name, area=number(entry.growth_area_cm2)
                ),
                result=entry,
            )
        changes = {key: value for key, value in values.items() if getattr(self.entry, key) != value}
        if not changes:
            raise FieldError("name", self.tr("Nothing to change: these are its values now."))
        reason = self.reason()
        entry = catalogue.change_vessel_type(
            self.ctx.db, self.ctx.actor, self.entry.code, reason=reason, **changes
        )
        return Saved(
            self.tr("{code} changed ({fields}).").format(
                code=entry.code, fields=", ".join(catalogue.LABELS[k].lower() for k in changes)
            ),
            result=entry,
        )


class RetireForm(AdminForm):
    """Retire a kind (no new vessels of it) or put it back in use."""

    def __init__(self, ctx: WorkContext, entry: VesselTypeEntry, parent: QWidget | None = None):
        retiring = entry.in_use
        heading = (
            self.tr("Retire vessel type {code}")
            if retiring
            else self.tr("Put vessel type {code} back in use")
        ).format(code=entry.code)
        save = self.tr("Retire") if retiring else self.tr("Put back in use")
        super().__init__(ctx, heading, parent, save_text=save)
        self.retiring = retiring
        self.entry = entry
        self.add_notice(
            self.tr(
                "No new vessel can be seeded as {code} once it is retired. The {n} vessels "
                "already recorded are not changed."
            ).format(code=entry.code, n=entry.vessels_seeded)
            if self.retiring
            else self.tr("Vessels can be seeded as {code} again.").format(code=entry.code),
            warning=self.retiring,
        )
        self.add_reason()

    def save(self) -> Saved:
        reason = self.reason()
        if self.retiring:
            entry = catalogue.retire_vessel_type(
                self.ctx.db, self.ctx.actor, self.entry.code, reason=reason
            )
            return Saved(self.tr("{code} retired.").format(code=entry.code), result=entry)
        entry = catalogue.reinstate_vessel_type(
            self.ctx.db, self.ctx.actor, self.entry.code, reason=reason
        )
        return Saved(self.tr("{code} is in use again.").format(code=entry.code), result=entry)


class CataloguePage(AdminPage):
    """The vessel catalogue; QA keeps it."""

    def __init__(
        self, ctx: WorkContext, navigator: Navigator, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, navigator, "", parent)
        self.heading.setText(self.tr("Vessel catalogue"))
        note = QLabel(
            self.tr(
                "The growth areas and harvest ceilings the culture forms use. Each vessel keeps "
                "the area it was seeded with: a change here applies to new vessels only."
            )
        )
        note.setObjectName("pageNote")
        note.setWordWrap(True)
        self.body.addWidget(note)
        self.manages = may(ctx, MANAGE)
        if not self.manages:
            self.set_access_note(self.tr("You can read the catalogue. Only QA may change it."))
        doing = self.tr("change the vessel catalogue")
        self.add_button = QPushButton(self.tr("&Add vessel type…"))
        self.add_button.setObjectName("addVesselType")
        self.change_button = QPushButton(self.tr("&Change…"))
        self.change_button.setObjectName("changeVesselType")
        self.retire_button = QPushButton(self.tr("&Retire…"))
        self.retire_button.setObjectName("retireVesselType")
        for button in (self.add_button, self.change_button, self.retire_button):
            guard(button, ctx, MANAGE, doing)
        self.add_button.clicked.connect(self.add_type)
        self.change_button.clicked.connect(self.change_type)
        self.retire_button.clicked.connect(self.retire_type)
        row = button_row(self.add_button, self.change_button, self.retire_button)
        self.show_retired = QCheckBox(self.tr("Show retired types"))
        self.show_retired.setObjectName("showRetired")
        self.show_retired.setChecked(True)
        self.show_retired.toggled.connect(lambda _on: self.refresh())
        row.addWidget(self.show_retired)
        self.body.addLayout(row)

        self.model = VesselTypesModel(self)
        self.view = AdminTable()
        self.view.setObjectName("vesselTypesTable")
        self.view.setModel(self.model)
        self.view.set_widths({0: 80, 1: 240, 2: 90, 3: 90, 4: 120, 5: 90, 6: 130, 7: 90})
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.body.addWidget(self.view, 1)
        counts = QHBoxLayout()
        self.count_label = QLabel()
        self.count_label.setObjectName("typeCount")
        counts.addWidget(self.count_label)
        self.body.addLayout(counts)
        self._update_buttons()

    def selected(self) -> VesselTypeEntry | None:
        row = self.view.selected_row()
        return self.model.entry(row) if row >= 0 else None

    def _update_buttons(self, *_: object) -> None:
        entry = self.selected()
        self.retire_button.setText(
            self.tr("Put back in &use…") if entry and not entry.in_use else self.tr("&Retire…")
        )
        if not self.manages:
            return
        for button in (self.change_button, self.retire_button):
            button.setEnabled(entry is not None)
            button.setToolTip("" if entry else self.tr("Select a vessel type first."))

    def add_type(self) -> VesselTypeForm:
        return self.open_form(VesselTypeForm(self.ctx, None, self))

    def change_type(self) -> VesselTypeForm | None:
        entry = self.selected()
        return None if entry is None else self.open_form(VesselTypeForm(self.ctx, entry, self))

    def retire_type(self) -> RetireForm | None:
        entry = self.selected()
        return None if entry is None else self.open_form(RetireForm(self.ctx, entry, self))

    def refresh(self) -> None:
        kept = self.selected()
        try:
            entries = catalogue.list_vessel_types(self.ctx.db, self.ctx.actor)
        except LabtrackerError as error:
            self.model.set_types([])
            self.show_problem(str(error))
            return
        self.show_problem("")
        shown = [e for e in entries if e.in_use or self.show_retired.isChecked()]
        self.model.set_types(shown)
        retired = sum(not e.in_use for e in entries)
        self.count_label.setText(
            self.tr("{n} vessel types in use, {r} retired.").format(
                n=len(entries) - retired, r=retired
            )
        )
        if kept is not None:
            self.view.select_row(self.model.row_of_key(kept.code))
        self._update_buttons()
