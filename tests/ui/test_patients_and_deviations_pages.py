"""The Patients screen (find by wristband or MRN, enrolment, the patient's lots, register,
start a lot only when allowed) and the Deviations screen (open deviations with their next
step, assess, close, open the lot)."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt

from ui.pages.deviations import DeviationsPage
from ui.pages.patients import PatientsPage

LEFT = Qt.MouseButton.LeftButton


class Navigator:
    def __init__(self) -> None:
        self.opened: list[str] = []

    def open_lot(self, din: str) -> None:
        self.opened.append(din)

    def show_page(self, key: str) -> None:
        pass

    def refresh(self) -> None:
        pass


def test_a_wristband_scan_shows_the_patient_their_enrolment_and_lots(qtbot, demo):
    navigator = Navigator()
    page = PatientsPage(demo.ctx("tech"), navigator)
    qtbot.addWidget(page)
    page.show()
    assert not page.card.isVisible()
    assert page.handle_scan("MRN:MRN0010004")
    assert page.name.text() == "刘洋 (Liu Yang)"
    assert page.facts["mrn"].text() == "MRN0010004"
    assert "signed by Dr Zhao Ming" in page.facts["eligibility"].text()
    assert page.facts["consent"].text() != "none in force"
    assert page.lots_model.rowCount() == 1
    page.lots_view.row_chosen.emit(0)
    assert navigator.opened == [demo.din("in culture")]


def test_a_new_patient_cannot_start_a_lot_until_assessed_signed_and_consented(qtbot, demo):
    page = PatientsPage(demo.ctx("tech"), Navigator())
    qtbot.addWidget(page)
    page.show()
    qtbot.mouseClick(page.register_button, LEFT)
    form = page.open_form
    qtbot.keyClicks(form.mrn, "MRN0020002")
    form.family_name.setText("欧阳")
    form.given_name.setText("娜娜")
    qtbot.keyClicks(form.romanised, "Ouyang Nana")
    form.date_of_birth.setDate(QDate(1986, 5, 3))
    qtbot.keyClicks(form.weight, "58")
    qtbot.mouseClick(form.sex.buttons["female"], LEFT)
    qtbot.mouseClick(form.save_button, LEFT)
    assert page.name.text() == "欧阳娜娜 (Ouyang Nana)"
    assert page.facts["eligibility"].text() == "not assessed"
    assert page.state.text().startswith("No lot may start yet:")
    assert not page.start_button.isEnabled()
    assert page.lots_model.rowCount() == 0


def test_an_unknown_mrn_is_said_plainly(qtbot, demo):
    page = PatientsPage(demo.ctx("tech"), Navigator())
    qtbot.addWidget(page)
    page.show()
    qtbot.keyClicks(page.search, "MRN9999999")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert "MRN9999999" in page.error.text()
    assert not page.card.isVisible()


def test_open_deviations_with_their_next_step_and_the_lot(qtbot, demo):
    navigator = Navigator()
    page = DeviationsPage(demo.ctx("qa"), navigator)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    assert page.count.text() == "1 open deviation(s)"
    model = page.model
    titles = model.column_titles()
    row = {titles[c]: model.index(0, c).data() for c in range(model.columnCount())}
    assert row["Title"] == "Aspirate received above 25 °C"
    assert row["Next step"] == "Assessment needed"
    assert page.buttons["close"].isVisible()
    qtbot.mouseClick(page.buttons["lot"], LEFT)
    assert navigator.opened == [demo.din("received")]
    qtbot.mouseClick(page.buttons["assess"], LEFT)
    assert type(page.open_form).__name__ == "AssessDeviationForm"
    assert page.open_form.isVisible()


def test_a_technician_cannot_close_a_deviation(qtbot, demo):
    page = DeviationsPage(demo.ctx("tech"), Navigator())
    qtbot.addWidget(page)
    assert not page.buttons["close"].isVisibleTo(page)
    assert page.buttons["assess"].isVisibleTo(page)
