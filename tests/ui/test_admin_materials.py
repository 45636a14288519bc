"""Materials and equipment on the demonstration site: a technician receives a reagent lot into
quarantine, QA releases it (with a reason) and the bench may use it; states are coloured words;
only the right roles see working buttons; equipment calibration due and overdue."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from labtracker.domain.permissions import PermissionDeniedError
from labtracker.services import materials
from tests.ui.test_admin_users import Nav
from ui.pages.admin.materials import MaterialsPage

LEFT = Qt.MouseButton.LeftButton
ROLE = Qt.ItemDataRole


def open_page(qtbot, demo, who="qa") -> MaterialsPage:
    page = MaterialsPage(demo.ctx(who), Nav())
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    page.refresh()
    return page


def colour(model, row, key, role=ROLE.BackgroundRole) -> str | None:
    brush = model.cell(row, key, role)
    return brush.color().name() if brush is not None else None


def receive(demo, who="tech", *, lot="2491234", expiry=date(2027, 1, 31)):
    return materials.receive_material_lot(
        demo.db,
        demo.ctx(who).actor,
        name="Fetal bovine serum",
        kind="supplement",
        manufacturer="Gibco",
        catalogue_number="10270-106",
        lot_number=lot,
        expiry_date=expiry,
    )


def lot_state(demo, code) -> str:
    return next(
        m.state
        for m in materials.list_material_lots(demo.db, demo.ctx("qa").actor)
        if m.code == code
    )


def test_a_technician_receives_a_lot_into_quarantine(qtbot, demo):
    page = open_page(qtbot, demo, "tech")
    before = page.reagent_model.rowCount()
    assert not page.release_reagent_button.isEnabled()
    assert page.release_reagent_button.toolTip() == ("Only QA may release or reject material lots.")
    assert not page.register_button.isEnabled()
    form = page.receive_reagent()
    qtbot.keyClicks(form.field("name"), "Fetal bovine serum")
    form.kind.setCurrentIndex(form.kind.findData("supplement"))
    qtbot.keyClicks(form.field("manufacturer"), "Gibco")
    qtbot.keyClicks(form.field("catalogue"), "10270-106")
    qtbot.keyClicks(form.field("lot"), "2491234")
    qtbot.keyClicks(form.field("expiry"), "2026-02-30")
    qtbot.mouseClick(form.save_button, LEFT)
    assert form.field_error("expiry") == (
        "Expiry date must be a date written YYYY-MM-DD; you entered 2026-02-30."
    )
    form.field("expiry").setText("2026-02-01")
    qtbot.mouseClick(form.save_button, LEFT)
    assert form.field_error("expiry") == (
        "Expired on 2026-02-01: an expired lot cannot be received."
    )
    form.field("expiry").setText("2026-03-20")
    qtbot.mouseClick(form.save_button, LEFT)
    assert not form.isVisible()
    assert page.reagent_model.rowCount() == before + 1
    row = page.reagent_model.rowCount() - 1
    model = page.reagent_model
    assert model.cell(row, "material") == "Fetal bovine serum"
    assert model.cell(row, "state") == "Quarantine"
    assert colour(model, row, "state") == "#ff8f00"
    # Due within 30 days of the site's today (2 March 2026): flagged amber with the days left.
    assert model.cell(row, "expiry") == "2026-03-20 (in 18 days)"
    assert colour(model, row, "expiry") == "#ff8f00"
    assert page.status_line.text().endswith("lot 2491234 received into quarantine.")


def test_qa_releases_a_quarantined_reagent_lot_with_a_reason(qtbot, demo):
    code = receive(demo).code
    page = open_page(qtbot, demo)
    assert page.handle_scan(f" {code.lower()} ")  # a scanned label selects the lot
    model = page.reagent_model
    assert page.reagents.selected().code == code
    assert page.release_reagent_button.isEnabled()
    form = page.release_reagent()
    qtbot.mouseClick(form.save_button, LEFT)
    assert form.field_error("reason").startswith("Give the reason")
    assert lot_state(demo, code) == "quarantine"
    qtbot.keyClicks(form.field("reason"), "CoA checked, within specification")
    qtbot.mouseClick(form.save_button, LEFT)
    assert not form.isVisible()
    assert lot_state(demo, code) == "released"
    row = model.row_of_key(code)
    assert model.cell(row, "state") == "Released"
    assert colour(model, row, "state", ROLE.ForegroundRole) == "#1b5e20"
    assert page.status_line.text() == f"Saved: {code} released for use."
    # It is now usable at the bench, and cannot be decided twice.
    assert code in [
        m.code
        for m in materials.list_material_lots(demo.db, demo.ctx("tech").actor, usable_only=True)
    ]
    assert not page.release_reagent_button.isEnabled()
    assert page.release_reagent_button.toolTip() == f"{code} is already released."


def test_rejected_and_expired_lots_and_the_filters(qtbot, demo, clock):
    rejected = receive(demo, lot="R1").code
    materials.decide_material_lot(
        demo.db, demo.ctx("qa").actor, rejected, release=False, reason="cracked"
    )
    expiring = receive(demo, lot="E1", expiry=date(2026, 3, 3)).code
    clock.advance(days=3)  # 5 March: E1 expired in quarantine
    page = open_page(qtbot, demo)
    model = page.reagent_model
    assert model.cell(model.row_of_key(rejected), "state") == "Rejected"
    assert colour(model, model.row_of_key(rejected), "state") == "#b71c1c"
    assert model.cell(model.row_of_key(expiring), "state") == "Expired (never released)"
    assert colour(model, model.row_of_key(expiring), "state") == "#b71c1c"
    page.reagents.view.select_row(model.row_of_key(expiring))
    assert not page.release_reagent_button.isEnabled()
    assert page.release_reagent_button.toolTip() == f"{expiring} has expired; reject it instead."
    assert page.reject_reagent_button.isEnabled()

    page.reagents.state_filter.setCurrentIndex(page.reagents.state_filter.findData("expired"))
    assert [model.cell(r, "code") for r in range(model.rowCount())] == [expiring]
    page.reagents.state_filter.setCurrentIndex(0)
    qtbot.keyClicks(page.reagents.search, "gibco")
    assert {model.cell(r, "code") for r in range(model.rowCount())} == {rejected, expiring}
    assert page.reagents.count.text() == f"2 of {len(page.reagents.rows)} shown."


def test_scaffold_lots(qtbot, demo):
    page = open_page(qtbot, demo, "tech")
    form = page.receive_scaffold()
    qtbot.keyClicks(form.field("product"), "Demineralized bone matrix block")
    qtbot.keyClicks(form.field("manufacturer"), "Aorui")
    qtbot.keyClicks(form.field("catalogue"), "DBM-25")
    qtbot.keyClicks(form.field("lot"), "DBM2611")
    qtbot.keyClicks(form.field("expiry"), "2027-06-30")
    qtbot.keyClicks(form.field("volume"), "150")
    qtbot.mouseClick(form.save_button, LEFT)
    assert form.field_error("volume").startswith("Scaffold volume must be more than 0")
    form.field("volume").setText("1.5")
    qtbot.mouseClick(form.save_button, LEFT)
    assert not form.isVisible()
    model = page.scaffold_model
    row = model.row_of_key("SC000002")
    assert (model.cell(row, "lot"), model.cell(row, "volume"), model.cell(row, "state")) == (
        "DBM2611",
        "1.5",
        "Quarantine",
    )
    qa = open_page(qtbot, demo)
    qa.tabs.setCurrentWidget(qa.scaffolds)
    qa.scaffolds.view.select_row(qa.scaffold_model.row_of_key("SC000002"))
    form = qa.reject_scaffold()
    assert "can never be used" in form.findChild(type(qa.heading), "formNotice").text()
    qtbot.keyClicks(form.field("reason"), "packaging breached")
    qtbot.mouseClick(form.save_button, LEFT)
    assert qa.scaffold_model.cell(qa.scaffold_model.row_of_key("SC000002"), "state") == "Rejected"


def test_equipment_registration_and_calibration(qtbot, demo, clock):
    page = open_page(qtbot, demo)
    assert not page.calibration_button.isEnabled()
    form = page.register_equipment()
    qtbot.keyClicks(form.field("tag"), "cen-01")
    qtbot.keyClicks(form.field("name"), "Centrifuge")
    form.kind.setCurrentIndex(form.kind.findData("centrifuge"))
    qtbot.keyClicks(form.field("calibrated"), "2025-03-20")
    qtbot.keyClicks(form.field("due"), "2026-03-20")
    qtbot.mouseClick(form.save_button, LEFT)
    assert not form.isVisible()
    model = page.equipment_model
    row = model.row_of_key("CEN-01")
    assert model.cell(row, "calibration") == "Due in 18 days"
    assert colour(model, row, "calibration") == "#ff8f00"
    incubator = model.row_of_key("INC-01")
    assert model.cell(incubator, "calibration") == "In calibration"

    clock.advance(days=19)
    page.refresh()
    row = model.row_of_key("CEN-01")
    assert model.cell(row, "calibration") == "Overdue: do not use"
    assert colour(model, row, "calibration") == "#b71c1c"
    page.tabs.setCurrentWidget(page.equipment)
    page.equipment.view.select_row(row)
    form = page.record_calibration()
    assert form.field("calibrated").text() == "2026-03-21"
    qtbot.keyClicks(form.field("due"), "2026-03-01")
    qtbot.mouseClick(form.save_button, LEFT)
    assert "after the calibration date" in form.field_error("due")
    form.field("due").setText("2027-03-21")
    qtbot.mouseClick(form.save_button, LEFT)
    assert not form.isVisible()
    assert model.cell(model.row_of_key("CEN-01"), "calibration") == "In calibration"
    assert page.status_line.text() == (
        "Saved: CEN-01 calibrated on 2026-03-21; next due 2027-03-21."
    )


def test_the_administrator_has_no_say_in_materials(qtbot, demo):
    page = open_page(qtbot, demo, "admin")
    assert not page.tabs.isVisible()
    assert page.access_note.text() == (
        "Only Technician, Supervisor / verifier, QA or Surgeon may see material lots and equipment."
    )
    with pytest.raises(PermissionDeniedError):
        materials.decide_material_lot(
            demo.db, demo.ctx("admin").actor, "RL000001", release=False, reason="x"
        )


def test_many_lots_arrive_in_batches(qtbot, demo):
    """A long table is handed to the view a batch at a time."""
    page = open_page(qtbot, demo)
    model = page.reagent_model
    rows = [
        materials.MaterialLotView(
            n, f"RL{n:06d}", "Saline", "reagent", "B", "1", f"L{n}", date(2027, 1, 1), "released"
        )
        for n in range(1, 451)
    ]
    page.reagents.set_rows(rows)
    assert model.total() == 450 and model.rowCount() == 200 and model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 400
    assert model.row_of_key("RL000450") == 449 and model.rowCount() == 450
    assert not model.canFetchMore()
    assert date(2027, 1, 1) - timedelta(days=1) < rows[0].expiry_date
