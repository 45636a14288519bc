"""Reagent lots, scaffold lots and equipment: each row's state as a coloured word
(quarantine, released, rejected, expired; calibration due or overdue), judged against the
site's calendar day."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from PySide6.QtCore import QObject

from labtracker.services.materials import EquipmentView, MaterialLotView, ScaffoldLotView
from ui.models.admin_tables import (
    BAD,
    GOOD,
    QUIET,
    WAITING,
    AdminTableModel,
    Column,
    Tone,
    day,
    number,
)

# Within this many days of its expiry (or calibration due date) a row is flagged amber.
DUE_SOON = timedelta(days=30)

# The words a lot's state is filtered and shown by.
QUARANTINE, RELEASED, REJECTED, EXPIRED = "quarantine", "released", "rejected", "expired"


def lot_state(state: str, expiry: date, today: date) -> str:
    """What a reagent or scaffold lot is now: rejected stays rejected; otherwise a lot past
    its expiry date is expired, whatever QA decided."""
    if state == REJECTED:
        return REJECTED
    if expiry < today:
        return EXPIRED
    return state


def calibration_state(due: date | None, today: date) -> str:
    """ "overdue", "due" (within DUE_SOON), "ok", or "none" (no calibration date)."""
    if due is None:
        return "none"
    if due < today:
        return "overdue"
    return "due" if due - today <= DUE_SOON else "ok"


class _LotModel(AdminTableModel):
    """What reagent and scaffold lots share: the state and expiry columns."""

    def __init__(self, parent: QObject | None) -> None:
        super().__init__(key=lambda r: r.code, parent=parent)
        self.today = date.min
        self._state_words = {
            QUARANTINE: self.tr("Quarantine"),
            RELEASED: self.tr("Released"),
            REJECTED: self.tr("Rejected"),
            EXPIRED: self.tr("Expired"),
        }

    def state_of(self, row: MaterialLotView | ScaffoldLotView) -> str:
        return lot_state(row.state, row.expiry_date, self.today)

    def _state(self, row: MaterialLotView | ScaffoldLotView) -> str:
        state = self.state_of(row)
        word = self._state_words.get(state, state)
        if state == EXPIRED and row.state == QUARANTINE:
            return self.tr("{word} (never released)").format(word=word)
        return word

    def _state_tone(self, row: MaterialLotView | ScaffoldLotView) -> Tone:
        state = self.state_of(row)
        if state == RELEASED:
            return GOOD
        if state == QUARANTINE:
            return WAITING
        return BAD

    def _expiry(self, row: MaterialLotView | ScaffoldLotView) -> str:
        left = (row.expiry_date - self.today).days
        if self.state_of(row) in (REJECTED, EXPIRED) or left > DUE_SOON.days:
            return day(row.expiry_date)
        if left == 0:
            return self.tr("{day} (today)").format(day=day(row.expiry_date))
        return self.tr("{day} (in {n} days)").format(day=day(row.expiry_date), n=left)

    def _expiry_tone(self, row: MaterialLotView | ScaffoldLotView) -> Tone | None:
        state = self.state_of(row)
        if state == EXPIRED:
            return BAD
        if state != REJECTED and row.expiry_date - self.today <= DUE_SOON:
            return WAITING
        return None

    def set_lots(self, rows: Sequence, *, today: date) -> None:
        self.today = today
        self.set_rows(rows)


class MaterialLotsModel(_LotModel):
    """Reagent, medium and consumable lots, by the code on the lab's label (RL……)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.set_columns(
            [
                Column("code", self.tr("Code"), lambda r: r.code, monospace=True),
                Column(
                    "material",
                    self.tr("Material"),
                    lambda r: r.material,
                    tooltip=lambda r: f"{r.material} ({r.kind.replace('_', ' ')})",
                ),
                Column(
                    "source",
                    self.tr("Manufacturer, cat. no."),
                    lambda r: f"{r.manufacturer} · {r.catalogue_number}",
                ),
                Column("lot", self.tr("Lot number"), lambda r: r.lot_number),
                Column("expiry", self.tr("Expiry"), self._expiry, self._expiry_tone),
                Column("state", self.tr("Status"), self._state, self._state_tone),
            ]
        )

    def lot(self, row: int) -> MaterialLotView:
        return self.row_at(row)


class ScaffoldLotsModel(_LotModel):
    """Scaffold lots, by the code on the lab's label (SC……)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.set_columns(
            [
                Column("code", self.tr("Code"), lambda r: r.code, monospace=True),
                Column("product", self.tr("Product"), lambda r: r.product),
                Column("manufacturer", self.tr("Manufacturer"), lambda r: r.manufacturer),
                Column("lot", self.tr("Lot number"), lambda r: r.manufacturer_lot),
                Column("size", self.tr("Size"), lambda r: r.size_description or "–"),
                Column(
                    "volume",
                    self.tr("Volume\n(mL)"),
                    lambda r: number(r.volume_ml) or "–",
                    align_right=True,
                ),
                Column("expiry", self.tr("Expiry"), self._expiry, self._expiry_tone),
                Column("state", self.tr("Status"), self._state, self._state_tone),
            ]
        )

    def lot(self, row: int) -> ScaffoldLotView:
        return self.row_at(row)


class EquipmentModel(AdminTableModel):
    """Equipment with its calibration: due soon amber, overdue red (use is then refused);
    equipment out of service (red) or retired (grey) says so instead."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(key=lambda e: e.asset_tag, parent=parent)
        self.today = date.min
        self.set_columns(
            [
                Column("tag", self.tr("Asset tag"), lambda e: e.asset_tag, monospace=True),
                Column("name", self.tr("Name"), lambda e: e.name),
                Column("kind", self.tr("Kind"), lambda e: e.kind.replace("_", " ")),
                Column("location", self.tr("Location"), lambda e: e.location or "–"),
                Column(
                    "calibrated", self.tr("Calibrated\non"), lambda e: day(e.calibrated_on) or "–"
                ),
                Column(
                    "due", self.tr("Calibration\ndue"), lambda e: day(e.calibration_due_on) or "–"
                ),
                Column("calibration", self.tr("Calibration"), self._calibration, self._tone),
            ]
        )

    def set_equipment(self, rows: Sequence[EquipmentView], *, today: date) -> None:
        self.today = today
        self.set_rows(rows)

    def item(self, row: int) -> EquipmentView:
        return self.row_at(row)

    def state_of(self, item: EquipmentView) -> str:
        return calibration_state(item.calibration_due_on, self.today)

    def _calibration(self, item: EquipmentView) -> str:
        if item.state == "out_of_service":
            return self.tr("Out of service: do not use")
        if item.state == "retired":
            return self.tr("Retired")
        state = self.state_of(item)
        if state == "none":
            return self.tr("No calibration date")
        if state == "overdue":
            return self.tr("Overdue: do not use")
        if state == "due":
            left = (item.calibration_due_on - self.today).days
            return self.tr("Due in {n} days").format(n=left) if left else self.tr("Due today")
        return self.tr("In calibration")

    def _tone(self, item: EquipmentView) -> Tone:
        if item.state == "out_of_service":
            return BAD
        if item.state == "retired":
            return QUIET
        return {"overdue": BAD, "due": WAITING, "ok": GOOD}.get(self.state_of(item), QUIET)
