"""Lot-start forms on the demo site: a new DIN shown with its check character, the aspirate
with its anticoagulant lot scanned, and the receipt judged live against the site's limits."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from labtracker.domain.lot_states import LotStatus
from labtracker.services import lots, materials, patients
from labtracker.services.queries import lot_row
from ui.forms.deviations import RaiseDeviationForm
from ui.forms.lots import AspirateForm, ReceiptForm, StartLotForm
from ui.hard_stop import open_stop

LEFT = Qt.MouseButton.LeftButton


def _material(demo, name):
    actor = demo.ctx("tech").actor
    return next(m.code for m in materials.list_material_lots(demo.db, actor) if m.material == name)


def _new_lot(demo, mrn="MRN0010003"):
    return lots.start_lot(demo.db, demo.ctx("tech").actor, mrn).din


def _collected_lot(demo, clock):
    din = _new_lot(demo)
    lots.record_aspirate(
        demo.db,
        demo.ctx("tech").actor,
        din,
        collection_site="left posterior iliac crest",
        volume_ml=16,
        anticoagulant="heparin",
        anticoagulant_lot=None,
        collected_at=clock.now(),
        collected_by_name="Dr Zhao Ming",
    )
    return din


def test_start_a_lot_from_the_wristband_and_see_its_din(qtbot, demo):
    ctx = demo.ctx("tech")
    form = StartLotForm(ctx)
    qtbot.addWidget(form)
    form.show()
    assert form.verdict.text() == "Scan the patient's wristband."
    assert form.handle_scan("MRN:MRN0010003")
    assert form.mrn.text() == "MRN0010003" and "张伟" in form.patient_line.text()
    assert form.verdict.text().startswith("READY") and form.verdict.property("state") == "pass"
    assert "ICF v2.0" in form.consent_status.text()
    qtbot.mouseClick(form.save_button, LEFT)
    started = form.result.result
    assert started.din == "A999926000004"  # the demo's 2026 lots are …001 to …003
    # The DIN stays on screen, its check character boxed as on the labels.
    assert form.done_panel.findChild(QLabel, "doneCode").text() == "A9999 26 000004"
    check = form.done_panel.findChild(QLabel, "doneCheck")
    assert check.text() == started.check_character and check.isVisible()
    assert form.isVisible() and form.done_panel.isVisible()
    assert not form.save_button.isVisible() and not form.cancel_button.isVisible()
    assert lot_row(demo.db, ctx.actor, started.din).status is LotStatus.CREATED
    qtbot.mouseClick(form.close_button, LEFT)
    assert not form.isVisible()


def test_no_lot_for_a_patient_without_consent(qtbot, demo):
    ctx = demo.ctx("tech")
    patients.withdraw_consent(
        demo.db,
        ctx.actor,
        "MRN0010004",
        withdrawn_on=patients.enrolment(demo.db, ctx.actor, "MRN0010004").consent.consent_date,
        reason="changed their mind",
    )
    form = StartLotForm(ctx, "MRN0010004")
    qtbot.addWidget(form)
    form.show()
    assert form.verdict.text().startswith("BLOCKED: No lot can start for MRN0010004")
    assert form.verdict.property("state") == "fail"
    assert form.consent_status.text() == "none in force"
    qtbot.mouseClick(form.save_button, LEFT)
    assert "no informed consent in force" in form.banner.text()
    assert form.isVisible() and form.result is None


def test_aspirate_with_its_anticoagulant_lot_scanned(qtbot, demo):
    ctx = demo.ctx("tech")
    din = _new_lot(demo)
    form = AspirateForm(ctx, din)
    qtbot.addWidget(form)
    form.show()
    qtbot.keyClicks(form.volume, "150")
    assert (
        form.field_error("volume_ml")
        == "Volume must be more than 0, at most 100 mL; you entered 150."
    )
    form.volume.clear()
    qtbot.keyClicks(form.volume, "25")
    assert "outside the usual 12–20 mL" in form.status("volume_ml")
    form.volume.clear()
    qtbot.keyClicks(form.volume, "16")
    assert form.status("volume_ml").startswith("More than 0")
    qtbot.keyClicks(form.collected_by, "Dr Zhao Ming")
    # A medium's label is refused by the service, beside the field.
    assert form.handle_scan(_material(demo, "α-MEM"))
    assert "α-MEM" in form.status("anticoagulant_lot")
    qtbot.mouseClick(form.save_button, LEFT)
    assert "anticoagulant" in form.field_error("anticoagulant_lot")
    assert form.isVisible()
    heparin = _material(demo, "Heparin sodium")
    assert form.handle_scan(f"  {heparin.lower()}\r")
    assert form.anticoagulant_lot.text() == heparin
    assert form.status("anticoagulant_lot").startswith("✓ " + heparin)
    qtbot.keyClicks(form.transport, "8")
    qtbot.mouseClick(form.save_button, LEFT)
    assert not form.isVisible()
    assert lot_row(demo.db, ctx.actor, din).status is LotStatus.ASPIRATE_COLLECTED
    record = lots.collection_record(demo.db, ctx.actor, din)
    assert record.aspirate.anticoagulant_lot == heparin and record.aspirate.volume_ml == 16


def test_another_lots_label_stops_the_aspirate_form(qtbot, demo):
    form = AspirateForm(demo.ctx("tech"), _new_lot(demo))
    qtbot.addWidget(form)
    form.show()
    assert form.handle_scan(f"={demo.din('received')}00")
    assert open_stop(form) is not None


def test_a_warm_receipt_is_flagged_live_and_needs_a_deviation(qtbot, demo, clock):
    ctx = demo.ctx("tech")
    din = _collected_lot(demo, clock)
    form = ReceiptForm(ctx, din)
    qtbot.addWidget(form)
    form.show()
    assert form.since.text() == "0.0 h (limit 24 h)"
    assert form.status("temperature_c") == "Site limits 2–25 °C (the box's logger or probe)."
    qtbot.keyClicks(form.temperature, "29")
    qtbot.mouseClick(form.condition.buttons["acceptable"], LEFT)
    assert form.verdict.text() == (
        "OUTSIDE LIMITS: 29 °C on receipt (allowed 2–25 °C). The receipt can be saved, but a "
        "deviation is required before processing."
    )
    assert form.verdict.property("state") == "fail"
    form.temperature.clear()
    qtbot.keyClicks(form.temperature, "8")
    assert form.verdict.text().startswith("WITHIN LIMITS")
    assert form.verdict.property("state") == "pass"
    qtbot.mouseClick(form.condition.buttons["clotted"], LEFT)
    assert "condition on receipt: clotted" in form.verdict.text()
    qtbot.mouseClick(form.condition.buttons["acceptable"], LEFT)
    form.temperature.clear()
    qtbot.keyClicks(form.temperature, "29")
    qtbot.keyClicks(form.volume, "15")
    qtbot.mouseClick(form.save_button, LEFT)
    assert "OUTSIDE LIMITS" in form.done_text.text()
    assert lot_row(demo.db, ctx.actor, din).status is LotStatus.RECEIVED
    receipt = lots.collection_record(demo.db, ctx.actor, din).receipt
    assert receipt.temperature_c == 29 and receipt.needs_deviation

    # The deviation is raised from here, linked to the receipt.
    qtbot.mouseClick(form.raise_deviation_button, LEFT)
    deviation = form.deviation_form
    assert isinstance(deviation, RaiseDeviationForm) and deviation.isVisible()
    assert deviation.link.isChecked() and deviation.link.isEnabled()
    assert "29 °C on receipt" in deviation.description.toPlainText()
    qtbot.mouseClick(deviation.classification.buttons["major"], LEFT)
    assert deviation.status("classification").startswith("Major: could affect")
    qtbot.mouseClick(deviation.save_button, LEFT)
    number = deviation.result.result
    assert deviation.done_panel.findChild(QLabel, "doneCode").text() == number
    assert lots.collection_record(demo.db, ctx.actor, din).receipt.deviation_number == number
