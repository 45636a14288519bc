"""The step-form base every form is built on: the lot shown at the top, a wrong lot's scan
stops everything, errors go beside their field, the signature follows the save."""

from __future__ import annotations

from PySide6.QtCore import Qt

from labtracker.services.scan import ScanResolution
from ui.forms.base import FieldError, Saved, StepForm, number_edit
from ui.hard_stop import open_stop


class _CountForm(StepForm):
    title = "Test count"

    def __init__(self, ctx, din, parent=None):
        super().__init__(ctx, din, parent)
        self.add_field("cells", "Viable cells", number_edit(), unit="cells/mL")
        self.total = self.add_computed("total", "Total cells")
        self.scans: list[ScanResolution] = []
        self.saves = 0

    def recompute(self):
        cells = self.number("cells", required=False)
        self.total.setText("–" if cells is None else f"{cells * 10:,.0f}")

    def take_scan(self, resolution):
        self.scans.append(resolution)
        return True

    def save(self):
        value = self.number("cells")
        if value <= 0:
            raise FieldError("cells", "Viable cells must be more than 0.")
        self.saves += 1
        return Saved(f"{value:g} cells/mL")


def test_form_shows_its_lot_computes_live_and_flags_bad_values(qtbot, demo):
    ctx = demo.ctx("tech")
    din = demo.din("in culture")
    form = _CountForm(ctx, din)
    qtbot.addWidget(form)
    form.show()
    assert "MRN0010004" in form.header_patient.text()
    assert "刘" in form.header_patient.text()
    qtbot.keyClicks(form.field("cells"), "1.5e5")
    assert form.total.text() == "1,500,000"
    form.field("cells").clear()
    qtbot.keyClicks(form.field("cells"), "abc")
    assert form.field_error("cells") == "Viable cells must be a number; you entered abc."
    form.field("cells").setText("-1")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.field_error("cells") == "Viable cells must be more than 0."
    assert form.saves == 0 and form.isVisible()
    form.field("cells").setText("2")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.saves == 1 and not form.isVisible()


def test_another_lots_code_raises_the_red_stop(qtbot, demo):
    ctx = demo.ctx("tech")
    form = _CountForm(ctx, demo.din("in culture"))
    qtbot.addWidget(form)
    form.show()
    other = demo.din("received")
    assert form.handle_scan(f"={other}00")
    stop = open_stop(form)
    assert stop is not None
    assert "wrong lot" in stop.title_label.text()
    assert "MRN0010004" in stop.message_label.text()
    assert form.scans == []
    # Enter (a scanner's) does not acknowledge it; a click does.
    qtbot.keyClick(stop.acknowledge_button, Qt.Key.Key_Return)
    assert stop.isVisible()
    qtbot.mouseClick(stop.acknowledge_button, Qt.MouseButton.LeftButton)
    assert open_stop(form) is None
    # Its own lot's code is taken.
    assert form.handle_scan(f"={demo.din('in culture')}00")
    assert len(form.scans) == 1


def test_another_patients_wristband_raises_the_red_stop(qtbot, demo):
    form = _CountForm(demo.ctx("tech"), demo.din("in culture"))
    qtbot.addWidget(form)
    form.show()
    assert form.handle_scan("MRN:MRN0010001")
    stop = open_stop(form)
    assert stop is not None and "wrong patient" in stop.title_label.text()
    qtbot.mouseClick(stop.acknowledge_button, Qt.MouseButton.LeftButton)


def test_enter_in_a_field_never_saves_the_form(qtbot, demo):
    """A scanner ends every code with Enter: that must not press Save."""
    form = _CountForm(demo.ctx("tech"), demo.din("in culture"))
    qtbot.addWidget(form)
    form.show()
    qtbot.keyClicks(form.field("cells"), "5")
    qtbot.keyClick(form.field("cells"), Qt.Key.Key_Return)
    assert form.saves == 0 and form.isVisible()
    assert not form.save_button.isDefault()
