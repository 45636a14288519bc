"""Materials and equipment: reagent and medium lots, scaffold lots and equipment, each a table
whose state is a coloured word (quarantine, released, rejected, expired; calibration due or
overdue), with the forms to receive a lot (technicians, verifiers, QA), to release or reject
one with a reason (QA), and to register equipment and record its calibration (QA).

A lot arrives in quarantine and no step may use it until QA releases it; an expired or
rejected lot, or equipment past its calibration date, is refused at the bench by the services.
Scanning a lot's label (RL……, SC……) while this screen is in front selects it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from labtracker.domain.errors import LabtrackerError
from labtracker.domain.permissions import Action
from labtracker.services import materials
from labtracker.services.materials import (
    EQUIPMENT_KINDS,
    MATERIAL_KINDS,
    EquipmentView,
    MaterialLotView,
    ScaffoldLotView,
)
from ui.forms.base import FieldError, Saved, number_edit
from ui.models.admin_materials import (
    EXPIRED,
    QUARANTINE,
    REJECTED,
    RELEASED,
    EquipmentModel,
    MaterialLotsModel,
    ScaffoldLotsModel,
)
from ui.models.admin_tables import AdminTableModel, day
from ui.pages.admin.common import (
    AdminForm,
    AdminPage,
    AdminTable,
    button_row,
    day_edit,
    guard,
    may,
    only_text,
    site_today,
    site_zone,
)

if TYPE_CHECKING:
    from ui.context import Navigator, WorkContext


def _kind_combo(kinds: tuple[str, ...]) -> QComboBox:
    combo = QComboBox()
    for kind in kinds:
        combo.addItem(kind.replace("_", " ").capitalize(), kind)
    combo.setMaximumWidth(320)
    return combo


# --- forms -------------------------------------------------------------------------------------


class _ReceiveForm(AdminForm):
    """What receiving a reagent or a scaffold lot shares: the expiry is checked against the
    site's calendar day before the service is asked."""

    def _expiry(self):
        expiry = self.day("expiry")
        today = site_today(site_zone(self.ctx))
        if expiry < today:
            raise FieldError(
                "expiry",
                self.tr("Expired on {day}: an expired lot cannot be received.").format(
                    day=day(expiry)
                ),
            )
        return expiry


class ReceiveMaterialForm(_ReceiveForm):
    def __init__(self, ctx: WorkContext, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx,
            self.tr("Receive a reagent or medium lot"),
            parent,
            save_text=self.tr("Receive into quarantine"),
        )
        self.add_notice(
            self.tr(
                "The lot is quarantined: no step can use it until QA releases it. It gets the "
                "lab's own code (RL……) for its label."
            ),
            warning=False,
        )
        self.add_field("name", self.tr("Material"), QLineEdit(), aliases=("Material",))
        self.kind = _kind_combo(MATERIAL_KINDS)
        self.add_field("kind", self.tr("Kind"), self.kind)
        self.add_field("manufacturer", self.tr("Manufacturer"), QLineEdit())
        self.add_field("catalogue", self.tr("Catalogue number"), QLineEdit())
        self.add_field("lot", self.tr("Lot number"), QLineEdit())
        self.add_field("expiry", self.tr("Expiry date"), day_edit())
        self.add_field(
            "certificate",
            self.tr("Certificate of analysis"),
            QLineEdit(),
            hint=self.tr("Optional: the CoA's reference, for QA's review."),
        )

    def save(self) -> Saved:
        expiry = self._expiry()
        lot = materials.receive_material_lot(
            self.ctx.db,
            self.ctx.actor,
            name=self.text("name"),
            kind=str(self.kind.currentData()),
            manufacturer=self.text("manufacturer"),
            catalogue_number=self.text("catalogue"),
            lot_number=self.text("lot"),
            expiry_date=expiry,
            certificate_reference=self.text("certificate"),
        )
        return Saved(
            self.tr("{code}: {material} lot {lot} received into quarantine.").format(
                code=lot.code, material=lot.material, lot=lot.lot_number
            ),
            result=lot,
        )


class ReceiveScaffoldForm(_ReceiveForm):
    def __init__(self, ctx: WorkContext, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx,
            self.tr("Receive a scaffold lot"),
            parent,
            save_text=self.tr("Receive into quarantine"),
        )
        self.add_notice(
            self.tr(
                "The lot is quarantined until QA releases it, and gets the lab's own code "
                "(SC……) for its label."
            ),
            warning=False,
        )
        self.add_field("product", self.tr("Scaffold product"), QLineEdit())
        self.add_field("manufacturer", self.tr("Manufacturer"), QLineEdit())
        self.add_field("catalogue", self.tr("Catalogue number"), QLineEdit())
        self.add_field("lot", self.tr("Manufacturer lot"), QLineEdit())
        self.add_field("expiry", self.tr("Expiry date"), day_edit())
        self.add_field(
            "volume",
            self.tr("Volume"),
            number_edit(self.tr("optional")),
            unit=self.tr("mL per piece"),
            aliases=("Scaffold volume",),
        )
        self.add_field("size", self.tr("Size"), QLineEdit(), hint=self.tr("e.g. 25 × 10 × 6 mm"))

    def save(self) -> Saved:
        expiry = self._expiry()
        if not self.text("catalogue"):
            raise FieldError("catalogue", self.tr("Catalogue number is required."))
        lot = materials.receive_scaffold_lot(
            self.ctx.db,
            self.ctx.actor,
            product=self.text("product"),
            manufacturer=self.text("manufacturer"),
            catalogue_number=self.text("catalogue"),
            manufacturer_lot=self.text("lot"),
            expiry_date=expiry,
            volume_ml=self.number("volume", required=False),
            size_description=self.text("size"),
        )
        return Saved(
            self.tr("{code}: {product} lot {lot} received into quarantine.").format(
                code=lot.code, product=lot.product, lot=lot.manufacturer_lot
            ),
            result=lot,
        )


class DecideLotForm(AdminForm):
    """QA releases a quarantined reagent or scaffold lot for use, or rejects it."""

    def __init__(
        self,
        ctx: WorkContext,
        lot: MaterialLotView | ScaffoldLotView,
        *,
        release: bool,
        parent: QWidget | None = None,
    ) -> None:
        what = lot.material if isinstance(lot, MaterialLotView) else lot.product
        number = lot.lot_number if isinstance(lot, MaterialLotView) else lot.manufacturer_lot
        heading = (
            self.tr("Release {code} for use") if release else self.tr("Reject {code}")
        ).format(code=lot.code)
        save = self.tr("Release for use") if release else self.tr("Reject lot")
        super().__init__(ctx, heading, parent, save_text=save)
        self.lot = lot
        self.release = release
        self.add_notice(
            self.tr("{code}: {what}, lot {number}, expires {expiry}.").format(
                code=lot.code, what=what, number=number, expiry=day(lot.expiry_date)
            ),
            warning=False,
        )
        self.add_notice(
            self.tr(
                "Released, it can be used in any lot until it expires. Check its certificate "
                "of analysis and condition on receipt first."
            )
            if release
            else self.tr("Warning: a rejected lot can never be used, and this cannot be undone.")
        )
        self.add_reason()
        reason = self.field("reason")
        assert isinstance(reason, QLineEdit)
        reason.setPlaceholderText(
            self.tr("e.g. CoA checked, within specification")
            if release
            else self.tr("e.g. container damaged on receipt")
        )

    def save(self) -> Saved:
        reason = self.reason()
        decide = (
            materials.decide_material_lot
            if isinstance(self.lot, MaterialLotView)
            else materials.decide_scaffold_lot
        )
        lot = decide(
            self.ctx.db, self.ctx.actor, self.lot.code, release=self.release, reason=reason
        )
        word = self.tr("released for use") if self.release else self.tr("rejected")
        return Saved(self.tr("{code} {word}.").format(code=lot.code, word=word), result=lot)


class RegisterEquipmentForm(AdminForm):
    def __init__(self, ctx: WorkContext, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx, self.tr("Register equipment"), parent, save_text=self.tr("Register equipment")
        )
        tag = QLineEdit()
        tag.setMaxLength(40)
        tag.setMaximumWidth(260)
        self.add_field(
            "tag",
            self.tr("Asset tag"),
            tag,
            hint=self.tr("As on its label, e.g. INC-02."),
            aliases=("Asset tag",),
        )
        self.add_field("name", self.tr("Name"), QLineEdit(), aliases=("Equipment name",))
        self.kind = _kind_combo(EQUIPMENT_KINDS)
        self.add_field("kind", self.tr("Kind"), self.kind)
        self.add_field("location", self.tr("Location"), QLineEdit())
        self.add_field("serial", self.tr("Serial number"), QLineEdit())
        self.add_field("calibrated", self.tr("Calibrated on"), day_edit(self.tr("optional")))
        self.add_field(
            "due",
            self.tr("Calibration due"),
            day_edit(self.tr("optional")),
            hint=self.tr("From this day on it cannot be used until calibrated again."),
            aliases=("Calibration due",),
        )

    def save(self) -> Saved:
        item = materials.register_equipment(
            self.ctx.db,
            self.ctx.actor,
            asset_tag=self.text("tag"),
            name=self.text("name"),
            kind=str(self.kind.currentData()),
            location=self.text("location"),
            serial_number=self.text("serial"),
            calibrated_on=self.day("calibrated", required=False),
            calibration_due_on=self.day("due", required=False),
        )
        return Saved(
            self.tr("{tag} ({name}) registered.").format(tag=item.asset_tag, name=item.name),
            result=item,
        )


class CalibrationForm(AdminForm):
    def __init__(self, ctx: WorkContext, item: EquipmentView, parent: QWidget | None = None):
        super().__init__(
            ctx,
            self.tr("Record the calibration of {tag}").format(tag=item.asset_tag),
            parent,
            save_text=self.tr("Record calibration"),
        )
        self.item = item
        self.add_notice(
            self.tr("{tag}: {name}; calibration due {due}.").format(
                tag=item.asset_tag, name=item.name, due=day(item.calibration_due_on) or "–"
            ),
            warning=False,
        )
        calibrated = day_edit()
        calibrated.setText(day(site_today(site_zone(ctx))))
        self.add_field("calibrated", self.tr("Calibrated on"), calibrated)
        self.add_field(
            "due", self.tr("Next calibration due"), day_edit(), aliases=("Calibration due",)
        )

    def save(self) -> Saved:
        calibrated = self.day("calibrated")
        due = self.day("due")
        if calibrated > site_today(site_zone(self.ctx)):
            raise FieldError("calibrated", self.tr("Calibrated on cannot be in the future."))
        item = materials.record_calibration(
            self.ctx.db,
            self.ctx.actor,
            self.item.asset_tag,
            calibrated_on=calibrated,
            calibration_due_on=due,
        )
        return Saved(
            self.tr("{tag} calibrated on {on}; next due {due}.").format(
                tag=item.asset_tag, on=day(calibrated), due=day(due)
            ),
            result=item,
        )


# --- the page ------------------------------------------------------------------------------


class _Tab(QWidget):
    """A table with its buttons, a state filter and a search box."""

    def __init__(
        self,
        model: AdminTableModel,
        states: list[tuple[str, str | None]],
        state_of: Callable[[object], str],
        texts: Callable[[object], str],
        placeholder: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self._state_of = state_of
        self._texts = texts
        self.rows: list = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        self.buttons = QHBoxLayout()
        layout.addLayout(self.buttons)
        filters = QHBoxLayout()
        state_label = QLabel(self.tr("S&tatus:"))
        self.state_filter = QComboBox()
        self.state_filter.setObjectName("stateFilter")
        for text, value in states:
            self.state_filter.addItem(text, value)
        state_label.setBuddy(self.state_filter)
        search_label = QLabel(self.tr("Searc&h:"))
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(placeholder)
        search_label.setBuddy(self.search)
        filters.addWidget(state_label)
        filters.addWidget(self.state_filter)
        filters.addSpacing(16)
        filters.addWidget(search_label)
        filters.addWidget(self.search, 1)
        layout.addLayout(filters)
        self.view = AdminTable()
        self.view.setModel(model)
        layout.addWidget(self.view, 1)
        self.count = QLabel()
        self.count.setObjectName("tabCount")
        layout.addWidget(self.count)
        self.state_filter.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.search.textChanged.connect(lambda _t: self.apply_filter())

    def set_rows(self, rows: list) -> None:
        self.rows = rows
        self.apply_filter()

    def apply_filter(self) -> None:
        kept = self.selected()
        wanted = self.state_filter.currentData()
        needle = self.search.text().strip().casefold()
        shown = [
            r
            for r in self.rows
            if (wanted is None or self._state_of(r) == wanted)
            and (not needle or needle in self._texts(r).casefold())
        ]
        self.model.set_rows(shown)
        self.count.setText(
            self.tr("{n} of {total} shown.").format(n=len(shown), total=len(self.rows))
        )
        if kept is not None:
            self.view.select_row(self.model.row_of_key(self.model.key_for(kept)))

    def selected(self):
        row = self.view.selected_row()
        return self.model.row_at(row) if row >= 0 else None


class MaterialsPage(AdminPage):
    """Reagent lots, scaffold lots and equipment."""

    def __init__(
        self, ctx: WorkContext, navigator: Navigator, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, navigator, "", parent)
        self.heading.setText(self.tr("Materials and equipment"))
        self.zone = site_zone(ctx)
        self.today = site_today(self.zone)
        self.readable = may(ctx, Action.VIEW_LOTS)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("materialTabs")
        self.body.addWidget(self.tabs, 1)
        lot_states = [
            (self.tr("All"), None),
            (self.tr("Quarantine"), QUARANTINE),
            (self.tr("Released"), RELEASED),
            (self.tr("Rejected"), REJECTED),
            (self.tr("Expired"), EXPIRED),
        ]

        self.reagent_model = MaterialLotsModel(self)
        self.reagents = _Tab(
            self.reagent_model,
            lot_states,
            self.reagent_model.state_of,
            lambda r: f"{r.code} {r.material} {r.manufacturer} {r.catalogue_number} {r.lot_number}",
            self.tr("code, material, manufacturer or lot number"),
        )
        self.reagents.view.setObjectName("reagentTable")
        self.reagents.view.set_widths({0: 100, 1: 210, 2: 210, 3: 120, 4: 245})
        self.receive_reagent_button = QPushButton(self.tr("Recei&ve lot…"))
        self.release_reagent_button = QPushButton(self.tr("R&elease…"))
        self.reject_reagent_button = QPushButton(self.tr("Re&ject…"))
        self._lot_buttons(
            self.reagents,
            self.receive_reagent_button,
            self.release_reagent_button,
            self.reject_reagent_button,
            receive=lambda: ReceiveMaterialForm(self.ctx, self),
        )
        self.tabs.addTab(self.reagents, self.tr("&Reagent lots"))

        self.scaffold_model = ScaffoldLotsModel(self)
        self.scaffolds = _Tab(
            self.scaffold_model,
            lot_states,
            self.scaffold_model.state_of,
            lambda r: f"{r.code} {r.product} {r.manufacturer} {r.manufacturer_lot}",
            self.tr("code, product, manufacturer or lot number"),
        )
        self.scaffolds.view.setObjectName("scaffoldTable")
        self.scaffolds.view.set_widths({0: 100, 1: 170, 2: 130, 3: 100, 4: 90, 5: 80, 6: 240})
        self.receive_scaffold_button = QPushButton(self.tr("Recei&ve lot…"))
        self.release_scaffold_button = QPushButton(self.tr("R&elease…"))
        self.reject_scaffold_button = QPushButton(self.tr("Re&ject…"))
        self._lot_buttons(
            self.scaffolds,
            self.receive_scaffold_button,
            self.release_scaffold_button,
            self.reject_scaffold_button,
            receive=lambda: ReceiveScaffoldForm(self.ctx, self),
        )
        self.tabs.addTab(self.scaffolds, self.tr("&Scaffold lots"))

        self.equipment_model = EquipmentModel(self)
        self.equipment = _Tab(
            self.equipment_model,
            [
                (self.tr("All"), None),
                (self.tr("Overdue"), "overdue"),
                (self.tr("Due within 30 days"), "due"),
                (self.tr("In calibration"), "ok"),
            ],
            self.equipment_model.state_of,
            lambda e: f"{e.asset_tag} {e.name} {e.kind} {e.location} {e.serial_number}",
            self.tr("asset tag, name, kind, location or serial number"),
        )
        self.equipment.view.setObjectName("equipmentTable")
        self.equipment.view.set_widths({0: 100, 1: 210, 2: 160, 3: 130, 4: 110, 5: 110})
        self.register_button = QPushButton(self.tr("Re&gister equipment…"))
        self.calibration_button = QPushButton(self.tr("Record &calibration…"))
        doing = self.tr("register equipment or record calibrations")
        for button in (self.register_button, self.calibration_button):
            guard(button, ctx, Action.MANAGE_CATALOGUE, doing)
        self.register_button.clicked.connect(self.register_equipment)
        self.calibration_button.clicked.connect(self.record_calibration)
        self.equipment.buttons.addLayout(button_row(self.register_button, self.calibration_button))
        self.equipment.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.tabs.addTab(self.equipment, self.tr("E&quipment"))

        if not self.readable:
            self.tabs.hide()
            self.set_access_note(
                only_text(Action.VIEW_LOTS, self.tr("see material lots and equipment"))
            )
        self._update_buttons()

    def _lot_buttons(
        self,
        tab: _Tab,
        receive_button: QPushButton,
        release_button: QPushButton,
        reject_button: QPushButton,
        *,
        receive: Callable[[], AdminForm],
    ) -> None:
        guard(receive_button, self.ctx, Action.RECEIVE_MATERIAL, self.tr("receive material lots"))
        decide = self.tr("release or reject material lots")
        guard(release_button, self.ctx, Action.RELEASE_MATERIAL, decide)
        guard(reject_button, self.ctx, Action.RELEASE_MATERIAL, decide)
        receive_button.clicked.connect(lambda: self.open_form(receive()))
        release_button.clicked.connect(lambda: self._decide(tab, release=True))
        reject_button.clicked.connect(lambda: self._decide(tab, release=False))
        tab.buttons.addLayout(button_row(receive_button, release_button, reject_button))
        tab.view.selectionModel().selectionChanged.connect(self._update_buttons)

    # --- actions -------------------------------------------------------------------------------

    def _decide(self, tab: _Tab, *, release: bool) -> DecideLotForm | None:
        lot = tab.selected()
        if lot is None:
            return None
        return self.open_form(DecideLotForm(self.ctx, lot, release=release, parent=self))

    def receive_reagent(self) -> AdminForm:
        return self.open_form(ReceiveMaterialForm(self.ctx, self))

    def receive_scaffold(self) -> AdminForm:
        return self.open_form(ReceiveScaffoldForm(self.ctx, self))

    def release_reagent(self) -> DecideLotForm | None:
        return self._decide(self.reagents, release=True)

    def reject_reagent(self) -> DecideLotForm | None:
        return self._decide(self.reagents, release=False)

    def release_scaffold(self) -> DecideLotForm | None:
        return self._decide(self.scaffolds, release=True)

    def reject_scaffold(self) -> DecideLotForm | None:
        return self._decide(self.scaffolds, release=False)

    def register_equipment(self) -> RegisterEquipmentForm:
        return self.open_form(RegisterEquipmentForm(self.ctx, self))

    def record_calibration(self) -> CalibrationForm | None:
        item = self.equipment.selected()
        return None if item is None else self.open_form(CalibrationForm(self.ctx, item, self))

    def _update_buttons(self, *_: object) -> None:
        choose = self.tr("Select a lot in the table first.")
        for tab, release, reject, model in (
            (
                self.reagents,
                self.release_reagent_button,
                self.reject_reagent_button,
                self.reagent_model,
            ),
            (
                self.scaffolds,
                self.release_scaffold_button,
                self.reject_scaffold_button,
                self.scaffold_model,
            ),
        ):
            if not may(self.ctx, Action.RELEASE_MATERIAL):
                continue
            lot = tab.selected()
            if lot is None:
                why = choose
            elif lot.state != QUARANTINE:
                why = self.tr("{code} is already {state}.").format(code=lot.code, state=lot.state)
            else:
                why = ""
            reject.setEnabled(not why)
            reject.setToolTip(why)
            if not why and model.state_of(lot) == EXPIRED:
                why = self.tr("{code} has expired; reject it instead.").format(code=lot.code)
            release.setEnabled(not why)
            release.setToolTip(why)
        if may(self.ctx, Action.MANAGE_CATALOGUE):
            item = self.equipment.selected()
            self.calibration_button.setEnabled(item is not None)
            self.calibration_button.setToolTip(
                "" if item else self.tr("Select a piece of equipment first.")
            )

    # --- reading -------------------------------------------------------------------------------

    def refresh(self) -> None:
        if not self.readable:
            return
        self.zone = site_zone(self.ctx)
        self.today = site_today(self.zone)
        try:
            reagents = materials.list_material_lots(self.ctx.db, self.ctx.actor)
            scaffolds = materials.list_scaffold_lots(self.ctx.db, self.ctx.actor)
            equipment = materials.list_equipment(self.ctx.db, self.ctx.actor)
        except LabtrackerError as error:
            self.show_problem(str(error))
            return
        self.show_problem("")
        self.reagent_model.today = self.scaffold_model.today = self.today
        self.equipment_model.today = self.today
        self.reagents.set_rows(reagents)
        self.scaffolds.set_rows(scaffolds)
        self.equipment.set_rows(equipment)
        self._update_buttons()

    def handle_scan(self, text: str) -> bool:
        """A reagent or scaffold lot's label selects its row; anything else goes on."""
        code = "".join(text.split()).upper()
        for tab, model in (
            (self.reagents, self.reagent_model),
            (self.scaffolds, self.scaffold_model),
        ):
            if not any(r.code == code for r in tab.rows):
                continue
            tab.state_filter.setCurrentIndex(0)
            tab.search.clear()
            self.tabs.setCurrentWidget(tab)
            tab.view.select_row(model.row_of_key(code))
            tab.view.setFocus()
            return True
        return False
