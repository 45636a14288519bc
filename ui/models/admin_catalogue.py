"""The vessel catalogue table."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject

from labtracker.services.catalogue import VesselTypeEntry
from ui.models.admin_tables import QUIET, AdminTableModel, Column, Tone, number


class VesselTypesModel(AdminTableModel):
    """One row per kind of vessel, retired kinds included (grey, and saying so)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(key=lambda t: t.code, parent=parent)
        self.set_columns(
            [
                Column("code", self.tr("Code"), lambda t: t.code, monospace=True),
                Column("name", self.tr("Name"), lambda t: t.name),
                Column(
                    "area",
                    self.tr("Area\n(cm²)"),
                    lambda t: number(t.growth_area_cm2),
                    align_right=True,
                ),
                Column(
                    "units",
                    self.tr("Wells or\nlayers"),
                    lambda t: str(t.wells_or_layers),
                    align_right=True,
                ),
                Column(
                    "per_unit",
                    self.tr("Per well or\nlayer (cm²)"),
                    lambda t: number(t.area_per_unit_cm2),
                    align_right=True,
                ),
                Column(
                    "medium",
                    self.tr("Medium\n(mL)"),
                    lambda t: number(t.medium_volume_ml) or "–",
                    align_right=True,
                ),
                Column(
                    "ceiling",
                    self.tr("Harvest max\n(cells/cm²)"),
                    lambda t: number(t.max_cells_per_cm2),
                    align_right=True,
                    tooltip=lambda t: self.tr(
                        "A harvest of more than {cells} cells from one {code} is refused as a "
                        "typing error."
                    ).format(cells=number(t.max_cells_per_cm2 * t.growth_area_cm2), code=t.code),
                ),
                Column(
                    "vessels",
                    self.tr("Vessels\nseeded"),
                    lambda t: f"{t.vessels_seeded:,}",
                    align_right=True,
                    tooltip=lambda t: self.tr(
                        "Each vessel keeps the growth area it was seeded with; a change here "
                        "applies to new vessels only."
                    ),
                ),
                Column("state", self.tr("Status"), self._state, self._tone),
            ]
        )

    def set_types(self, types: Sequence[VesselTypeEntry]) -> None:
        self.set_rows(types)

    def entry(self, row: int) -> VesselTypeEntry:
        return self.row_at(row)

    def _state(self, entry: VesselTypeEntry) -> str:
        return self.tr("In use") if entry.in_use else self.tr("Retired")

    @staticmethod
    def _tone(entry: VesselTypeEntry) -> Tone | None:
        return None if entry.in_use else QUIET  # the usual state plain; retired grey
