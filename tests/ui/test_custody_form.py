"""The custody hand-over form on the demo site: the released lot dispatched against its
scanned label, the chain's last holder shown, another lot's label stopped in red."""

from __future__ import annotations

from PySide6.QtCore import Qt

from labtracker.domain.lot_states import LotStatus
from labtracker.services import custody
from labtracker.services.queries import lot_row
from ui.forms.custody import HandoverForm
from ui.hard_stop import open_stop

LEFT = Qt.MouseButton.LeftButton


def _fill(qtbot, form, to_name="Courier Wu", to_place="Transport box T-3"):
    qtbot.keyClicks(form.to_name, to_name)
    qtbot.keyClicks(form.to_location, to_place)
    qtbot.keyClicks(form.temperature, "6")
    qtbot.keyClicks(form.logger, "TL-0042")
    qtbot.keyClicks(form.seal, "S-778")


def test_dispatch_the_released_lot_then_hand_it_over(qtbot, demo):
    ctx = demo.ctx("tech")
    din = demo.din("released")
    lot = lot_row(demo.db, ctx.actor, din)
    form = HandoverForm(ctx, din)
    qtbot.addWidget(form)
    form.show()
    assert (
        form.computed("holder")
        .text()
        .startswith("Xinxiang Bone Tissue Lab (demo) — Manufacturing lab, since")
    )
    assert form.computed("expires").text() == "2026-03-04 05:00 (in 37 h)"
    # Before the first hand-over the construct is the lab's: the person here hands it on.
    assert (form.from_name.text(), form.from_location.text()) == ("Li Wang", "Manufacturing lab")
    # Typed without its check character: not an identity check.
    qtbot.keyClicks(form.label, din)
    assert "check character" in form.field_error("label")
    assert form.verdict.text() == "CHECK CHARACTER MISSING"
    qtbot.keyClicks(form.label, lot.check_character)
    assert form.verdict.text().startswith("LABEL MATCHES") and form.field_error("label") == ""
    form.label.clear()
    assert form.handle_scan(f"={din}00")
    assert form.label.text() == f"={din}00"
    assert form.verdict.property("state") == "pass"
    form.from_name.clear()
    qtbot.keyClicks(form.from_name, "Li Wang")
    form.from_location.clear()
    qtbot.keyClicks(form.from_location, "Cell lab")
    _fill(qtbot, form)
    qtbot.mouseClick(form.save_button, LEFT)
    assert form.field_error("event") == "Choose what happened."
    qtbot.mouseClick(form.event.buttons["dispatched"], LEFT)
    qtbot.mouseClick(form.save_button, LEFT)
    assert not form.isVisible()
    assert form.result.summary == "Dispatched: Li Wang → Courier Wu (Transport box T-3)"
    assert lot_row(demo.db, ctx.actor, din).status is LotStatus.DISPATCHED
    (event,) = custody.custody_chain(demo.db, ctx.actor, din)
    assert (event.temperature_c, event.temperature_logger, event.seal_number) == (
        6,
        "TL-0042",
        "S-778",
    )

    # The next hand-over starts from the courier; dispatch is done.
    surgeon = demo.ctx("surgeon")
    again = HandoverForm(surgeon, din)
    qtbot.addWidget(again)
    again.show()
    assert again.computed("holder").text().startswith("Courier Wu — Transport box T-3, since")
    assert (again.from_name.text(), again.from_location.text()) == (
        "Courier Wu",
        "Transport box T-3",
    )
    assert not again.event.buttons["dispatched"].isEnabled()
    assert again.handle_scan(f"={din}00")
    qtbot.mouseClick(again.event.buttons["received"], LEFT)
    _fill(qtbot, again, to_name="Dr Zhao Ming", to_place="Operating theatre 4")
    qtbot.mouseClick(again.save_button, LEFT)
    assert not again.isVisible()
    where = custody.whereabouts(demo.db, surgeon.actor, din)
    assert (where.holder, where.location) == ("Dr Zhao Ming", "Operating theatre 4")


def test_another_lots_label_is_a_red_stop_and_records_nothing(qtbot, demo):
    ctx = demo.ctx("tech")
    din = demo.din("released")
    other = lot_row(demo.db, ctx.actor, demo.din("seeded"))
    form = HandoverForm(ctx, din)
    qtbot.addWidget(form)
    form.show()
    assert form.handle_scan(f"={other.din}00")
    stop = open_stop(form)
    assert stop is not None and "wrong lot" in stop.title_label.text()
    qtbot.mouseClick(stop.acknowledge_button, LEFT)
    # Typed with its check character: flagged, and Save stops in red.
    qtbot.keyClicks(form.label, other.din + other.check_character)
    assert form.field_error("label").startswith(f"This label is lot {other.din}")
    assert form.verdict.text() == "WRONG LABEL: not this lot's construct."
    qtbot.mouseClick(form.event.buttons["dispatched"], LEFT)
    _fill(qtbot, form)
    qtbot.mouseClick(form.save_button, LEFT)
    stop = open_stop(form)
    assert stop is not None and other.din in stop.message_label.text()
    assert custody.custody_chain(demo.db, ctx.actor, din) == []
    assert lot_row(demo.db, ctx.actor, din).status is LotStatus.RELEASED
