"""The signed-in work area: screens in a navigation list with Alt+n, a scan field that opens
what a code names, and scans going first to the form in front (which stops a wrong lot)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QLineEdit

from labtracker.services.culture import vessel_tree
from labtracker.services.materials import list_material_lots
from ui.forms.base import StepForm
from ui.hard_stop import open_stop
from ui.messages import open_boxes
from ui.scan_capture import ScanCapture
from ui.workspace import Workspace

Key = Qt.Key


class Page(QLabel):
    """A screen that counts how often it was brought up to date."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.refreshes = 0

    def refresh(self) -> None:
        self.refreshes += 1


class NotesForm(StepForm):
    """A step form for one lot with a notes field, recording the scans it takes."""

    title = "Culture notes"

    def __init__(self, ctx, din, parent=None):
        super().__init__(ctx, din, parent)
        self.notes = self.add_field("notes", "Notes", QLineEdit())
        self.taken: list[str] = []

    def take_scan(self, resolution):
        self.taken.append(resolution.summary)
        return True


@pytest.fixture(autouse=True)
def no_dialog_left_open(qtbot):
    """A form or red stop left open would be the modal window in front in the next test."""
    yield
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible():
            widget.done(QDialog.DialogCode.Rejected)  # the stop's reject() refuses; this not


@pytest.fixture
def workspace(qtbot, demo) -> Workspace:
    workspace = Workspace(demo.ctx("tech"))
    qtbot.addWidget(workspace)
    workspace.resize(1280, 800)
    workspace.show()
    qtbot.waitExposed(workspace)
    workspace.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWindow() is workspace.windowHandle())
    return workspace


@pytest.fixture
def lot_pages(workspace) -> list[str]:
    """Lots open as a plain label; the DINs the factory was asked for, in order."""
    asked: list[str] = []

    def factory(din: str) -> QLabel:
        asked.append(din)
        return Page(f"Lot page {din}")

    workspace.lot_page_factory = factory
    return asked


def scan_field_enter(qtbot, workspace: Workspace, text: str) -> None:
    qtbot.keyClicks(workspace.scan_field, text)
    qtbot.keyClick(workspace.scan_field, Key.Key_Return)


def test_pages_are_listed_with_alt_number_shortcuts(qtbot, workspace):
    built: list[str] = []
    home = Page("Home")

    def build_lots() -> Page:
        built.append("lots")
        return Page("All lots")

    workspace.add_page("home", "Home", home)
    workspace.add_page("lots", "Lots", build=build_lots)
    workspace.add_page("qa", "QA review", Page("QA queue"))
    assert workspace.page_keys() == ["home", "lots", "qa"]
    assert [workspace.navigation.item(i).text() for i in range(3)] == ["Home", "Lots", "QA review"]
    assert workspace.navigation.item(1).toolTip() == "Alt+2"
    assert built == []  # built the first time it is shown

    with qtbot.waitSignal(workspace.page_changed) as changed:
        qtbot.keyClick(workspace, Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert changed.args == ["lots"]
    assert workspace.current().text() == "All lots"
    assert workspace.navigation.currentRow() == 1
    assert built == ["lots"]

    qtbot.keyClick(workspace, Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert workspace.current().text() == "QA queue"
    qtbot.keyClick(workspace, Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert built == ["lots"]  # not built twice
    assert workspace.current().refreshes == 2  # brought up to date each time it is shown

    item = workspace.navigation.item(0)
    rect = workspace.navigation.visualItemRect(item)
    qtbot.mouseClick(workspace.navigation.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert workspace.current() is home


def test_f2_goes_to_the_scan_field(qtbot, workspace):
    workspace.add_page("home", "Home", Page("Home"))
    workspace.navigation.setFocus()
    qtbot.keyClick(workspace, Key.Key_F2)
    assert QApplication.focusWidget() is workspace.scan_field


def test_a_din_typed_in_the_scan_field_opens_the_lot(qtbot, demo, workspace, lot_pages):
    workspace.add_page("home", "Home", Page("Home"))
    workspace.show_page("home")
    din = demo.din("in culture")

    with qtbot.waitSignal(workspace.page_changed) as changed:
        scan_field_enter(qtbot, workspace, din)
    assert changed.args == [f"lot:{din}"]
    assert workspace.current().text() == f"Lot page {din}"
    assert workspace.scan_field.text() == ""
    assert workspace.navigation.currentRow() == -1
    assert workspace.scan_result.text().startswith("Lot A9999 26 ")
    assert "in culture" in workspace.scan_result.text().casefold()

    workspace.show_page("home")
    scan_field_enter(qtbot, workspace, f"={din}00")  # its barcode opens the same page
    assert workspace.current().text() == f"Lot page {din}"
    assert workspace.current().refreshes == 2
    assert lot_pages == [din]


def test_a_vessel_scan_opens_its_lot(qtbot, demo, workspace, lot_pages):
    din = demo.din("in culture")
    vessel = vessel_tree(demo.db, demo.ctx("tech").actor, din).roots[0].code
    workspace.handle_scan(vessel)
    assert lot_pages == [din]
    assert workspace.scan_result.text().startswith(f"Vessel {vessel} (")


def test_a_reagent_lot_scan_shows_its_summary_and_opens_nothing(qtbot, demo, workspace, lot_pages):
    workspace.add_page("home", "Home", Page("Home"))
    workspace.show_page("home")
    reagent = list_material_lots(demo.db, demo.ctx("tech").actor)[0]

    scan_field_enter(qtbot, workspace, reagent.code)
    assert workspace.scan_result.text() == (
        f"{reagent.code} ({reagent.material} lot {reagent.lot_number}) — released, "
        f"expires {reagent.expiry_date:%Y-%m-%d}"
    )
    assert workspace.current().text() == "Home"
    assert lot_pages == []


def test_an_unknown_code_says_so_and_opens_nothing(qtbot, workspace, lot_pages):
    scan_field_enter(qtbot, workspace, "RL999999")
    assert workspace.scan_result.text() == "There is no reagent lot RL999999 in this laboratory."
    assert lot_pages == []


def test_without_a_lot_screen_the_lot_is_named_in_a_box(qtbot, demo, workspace):
    din = demo.din("released")
    workspace.handle_scan(din)
    (box,) = open_boxes(workspace)
    assert box.text() == f"Lot {din}"


def test_the_current_screen_takes_scans_before_the_workspace(qtbot, demo, workspace, lot_pages):
    class Receiving(Page):
        def __init__(self) -> None:
            super().__init__("Receiving")
            self.scans: list[str] = []

        def handle_scan(self, text: str) -> bool:
            self.scans.append(text)
            return text.startswith("=")

    receiving = Receiving()
    workspace.add_page("receive", "Receive", receiving)
    workspace.show_page("receive")
    din = demo.din("received")
    workspace.handle_scan(f"={din}00")
    assert receiving.scans == [f"={din}00"]
    assert lot_pages == []  # taken by the screen
    workspace.handle_scan(din)  # declined by the screen: the workspace opens it
    assert lot_pages == [din]


def test_a_modal_step_form_in_front_gets_the_scan_first(qtbot, demo, workspace, lot_pages):
    din = demo.din("in culture")
    form = NotesForm(workspace.ctx, din, workspace)
    form.open()
    qtbot.waitExposed(form)
    assert QApplication.activeModalWidget() is form

    workspace.handle_scan(f"={din}00")  # its own lot: the form takes it
    assert len(form.taken) == 1
    assert open_stop(form) is None

    other = demo.din("received")
    workspace.handle_scan(f"={other}00")
    stop = open_stop(form)
    assert stop is not None
    assert "wrong lot" in stop.title_label.text()
    assert lot_pages == []  # nothing opened behind the form
    assert workspace.scan_result.text() == ""
    qtbot.mouseClick(stop.acknowledge_button, Qt.MouseButton.LeftButton)
    assert open_stop(form) is None
    form.reject()


def test_a_scanner_burst_into_a_forms_field_is_a_scan_not_typing(qtbot, demo, workspace, lot_pages):
    """The issue end to end: the scanner fires while the cursor is in the form's notes field.
    The other patient's wristband raises the red stop and nothing lands in the notes."""
    now = [50_000.0]
    capture = ScanCapture(now_ms=lambda: now[0])
    capture.scanned.connect(workspace.handle_scan)
    form = NotesForm(workspace.ctx, demo.din("in culture"), workspace)
    try:
        form.open()
        qtbot.waitExposed(form)
        form.activateWindow()
        qtbot.waitUntil(lambda: QApplication.focusWindow() is form.windowHandle())
        form.notes.setFocus()
        form.notes.setText("medium changed")
        for char in "MRN:MRN0010001\r":
            now[0] += 3
            code = Key.Key_Return if char == "\r" else ord(char)
            shift = char.isupper() or char == ":"
            mods = Qt.KeyboardModifier.ShiftModifier if shift else Qt.KeyboardModifier.NoModifier
            QTest.simulateEvent(form.windowHandle(), True, code, mods, char, False)
            QTest.simulateEvent(form.windowHandle(), False, code, mods, char, False)
        qtbot.waitUntil(lambda: open_stop(form) is not None, timeout=2000)
        stop = open_stop(form)
        assert "wrong patient" in stop.title_label.text()
        assert "MRN0010001" in stop.message_label.text()
        assert form.notes.text() == "medium changed"
        assert form.isVisible()  # the scanner's Enter saved nothing and closed nothing
        assert lot_pages == []
        qtbot.mouseClick(stop.acknowledge_button, Qt.MouseButton.LeftButton)
    finally:
        capture.remove()
        form.reject()


def test_a_scan_while_the_red_stop_is_up_opens_nothing_behind_it(qtbot, demo, workspace, lot_pages):
    workspace.add_page("home", "Home", Page("Home"))
    workspace.show_page("home")
    form = NotesForm(workspace.ctx, demo.din("in culture"), workspace)
    form.open()
    qtbot.waitExposed(form)
    wrong = f"={demo.din('received')}00"
    workspace.handle_scan(wrong)
    assert open_stop(form) is not None
    workspace.handle_scan(wrong)  # the technician tries the same container again
    assert lot_pages == []
    assert workspace.current().text() == "Home"


def test_a_scan_the_person_may_not_look_up_is_refused_in_the_result_line(qtbot, demo):
    workspace = Workspace(demo.ctx("admin"))
    qtbot.addWidget(workspace)
    opened: list[str] = []
    workspace.lot_page_factory = lambda din: opened.append(din) or Page(din)
    workspace.handle_scan(demo.din("released"))
    assert workspace.scan_result.text() == (
        "Ada Admin may not view lots: only Technician, Supervisor / verifier, QA, Surgeon "
        "may do that."
    )
    assert opened == []
