"""The surgeon's bedside screen on the demo site: the right wristband gives a green card that can
be signed "implanted"; a wrong wristband, an expired or an already implanted construct is the
red stop with nothing signable; only a surgeon checks and signs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from labtracker.domain.lot_states import LotStatus
from labtracker.services import custody, deviations, queries
from ui.hard_stop import open_stop
from ui.pages.bedside import BedsidePage, countdown

OTHER_MRN = "MRN0010001"  # the demo's first patient, whose own construct is implanted


class _Navigator:
    def __init__(self) -> None:
        self.opened: list[str] = []

    def open_lot(self, din: str) -> None:
        self.opened.append(din)

    def show_page(self, key: str) -> None:
        pass

    def refresh(self) -> None:
        pass


def label(din: str) -> str:
    """What a scanner reads from the construct's DIN barcode."""
    return f"={din}00"


def status(demo, din: str) -> LotStatus:
    return queries.lot_row(demo.db, demo.ctx("qa").actor, din).status


@pytest.fixture
def theatre(demo, clock) -> queries.LotRow:
    """The demo's released construct, dispatched to theatre 20 minutes ago."""
    din = demo.din("released")
    clock.advance(minutes=5)
    custody.record_handover(
        demo.db,
        demo.ctx("tech").actor,
        label(din),
        event="dispatched",
        from_name="Li Wang",
        to_name="Dr Zhao Ming",
        from_location="Cell lab",
        to_location="Operating theatre 4",
        temperature_c=6,
        occurred_at=clock.now(),
    )
    clock.advance(minutes=20)
    return queries.lot_row(demo.db, demo.ctx("qa").actor, din)


def page_for(qtbot, demo, username: str = "surgeon") -> BedsidePage:
    page = BedsidePage(demo.ctx(username), _Navigator())
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    qtbot.waitExposed(page)
    return page


def match(page: BedsidePage, lot: queries.LotRow) -> None:
    assert page.handle_scan(label(lot.din))
    assert page.handle_scan(f"MRN:{lot.mrn}")


def test_right_wristband_gives_the_green_card_and_signing_implants(qtbot, demo, clock, theatre):
    page = page_for(qtbot, demo)
    assert page.prompt.text() == "Scan the construct's label (the DIN barcode)"
    assert page.construct_step.state_label.text() == "SCAN NOW"
    assert not page.match_card.isVisible()

    assert page.handle_scan(label(theatre.din))
    assert page.prompt.text() == "Scan the patient's wristband"
    assert page.construct_step.state_label.text() == "\u2714 SCANNED"
    assert "Dispatched to theatre" in page.construct_step.value.text()

    assert page.handle_scan(f"MRN:{theatre.mrn}")
    assert page.match_card.isVisible()
    assert "MATCH" in page.match_header.text()
    assert page.patient_name.text() == "张伟 (Zhang Wei)"
    assert page.mrn_value.text() == theatre.mrn == "MRN0010003"
    assert page.dob_value.text() == "1976-01-30 (age 50)"
    assert page.din_value.text() == theatre.din_display
    assert page.check_value.text() == theatre.check_character
    assert page.product_value.text().startswith("Tissue-engineered bone")
    assert page.released_value.text().startswith("by QA Mei Chen, ")
    left = theatre.expires_at - clock.now()
    hours, minutes = divmod(int(left.total_seconds() // 60), 60)
    assert page.countdown_value.text() == f"expires in {hours} h {minutes} min"
    assert page.scans_value.text() == "Construct: scanned   ·   Wristband: scanned"
    assert page.sign_button.isVisible() and page.sign_button.isEnabled()
    # Gloved hands: big targets, big type.
    for button in (page.sign_button, page.start_again_button, page.typed_button):
        assert button.height() >= 64
    assert page.patient_name.font().pointSizeF() >= 30
    assert page.mrn_value.font().pointSizeF() >= 16

    qtbot.keyClicks(page.room_field, "OR 4")
    qtbot.keyClicks(page.site_field, "left tibia, mid-diaphysis")
    qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
    dialog = page.sign_dialog
    assert dialog is not None and dialog.isVisible()
    assert "张伟 (Zhang Wei)" in dialog.record_label.text()
    assert theatre.mrn in dialog.record_label.text()
    assert dialog.meaning_label.text() == "I implanted this construct into this patient."
    qtbot.keyClicks(dialog.password, demo.password)
    with qtbot.waitSignal(page.implanted) as signed:
        qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    view = signed.args[0]
    assert (view.din, view.mrn, view.operating_room) == (theatre.din, theatre.mrn, "OR 4")
    assert status(demo, theatre.din) == LotStatus.IMPLANTED
    assert page.implanted_panel.isVisible() and not page.match_card.isVisible()
    assert "Implanted by Dr Zhao Ming (surgeon)" in page.implanted_text.text()


def test_wrong_wristband_is_a_red_stop_with_a_deviation_and_nothing_to_sign(
    qtbot, demo, clock, theatre
):
    page = page_for(qtbot, demo)
    assert page.handle_scan(label(theatre.din))
    assert page.handle_scan(f"MRN:{OTHER_MRN}")
    stop = open_stop(page)
    assert stop is not None
    assert stop.title_label.text() == "STOP — WRONG PATIENT"
    message = stop.message_label.text()
    assert "WRONG PATIENT — this construct belongs to another patient" in message
    assert "王建国 (Wang Jianguo), MRN MRN0010001" in message
    assert "张伟" not in message and theatre.mrn not in message  # the other patient unnamed
    [deviation] = [
        d
        for d in deviations.open_deviations(demo.db, demo.ctx("qa").actor, theatre.din)
        if d.title == "Wrong-patient scan at the bedside"
    ]
    assert deviation.classification == "critical"
    assert f"Deviation {deviation.number} (critical) was raised" in message
    footer = stop.findChild(type(stop.title_label), "stopFooter")
    assert footer.text().startswith("Nothing was implanted. This check is on record.")
    # Nothing signable, nothing recorded.
    assert not page.match_card.isVisible() and not page.sign_button.isVisible()
    assert status(demo, theatre.din) == LotStatus.DISPATCHED
    # A scan behind the stop changes nothing: the right wristband cannot wave it away.
    assert page.handle_scan(label(theatre.din))
    assert page.handle_scan(f"MRN:{theatre.mrn}")
    assert page.check is None and open_stop(page) is stop
    qtbot.mouseClick(stop.acknowledge_button, Qt.MouseButton.LeftButton)
    assert open_stop(page) is None
    # The screen is back at step 1 and still says what happened.
    assert page.prompt.text() == "Scan the construct's label (the DIN barcode)"
    assert page.message.isVisible()
    assert page.message.text() == (
        f"STOP — WRONG PATIENT: do not implant. Deviation {deviation.number} was raised."
    )
    assert page.message.property("tone") == "error"
    # The next check starts at once.
    assert page.handle_scan(label(theatre.din))
    assert page.step == "wristband" and not page.message.isVisible()


def test_expired_construct_is_a_red_stop(qtbot, demo, clock, theatre):
    clock.set(theatre.expires_at + timedelta(minutes=1))
    page = page_for(qtbot, demo)
    match(page, theatre)
    stop = open_stop(page)
    assert stop is not None and stop.title_label.text() == "STOP — EXPIRED"
    assert "EXPIRED — this construct expired at" in stop.message_label.text()
    assert not page.match_card.isVisible()
    assert status(demo, theatre.din) == LotStatus.DISPATCHED


def test_already_implanted_construct_is_a_red_stop(qtbot, demo, clock):
    page = page_for(qtbot, demo)
    assert page.handle_scan(label(demo.din("implanted")))
    assert page.handle_scan(f"MRN:{OTHER_MRN}")  # its own patient
    stop = open_stop(page)
    assert stop is not None and stop.title_label.text() == "STOP — ALREADY IMPLANTED"
    assert "Do not implant again." in stop.message_label.text()


def test_card_left_open_past_expiry_cannot_be_signed(qtbot, demo, clock, theatre):
    page = page_for(qtbot, demo)
    match(page, theatre)
    clock.set(theatre.expires_at - timedelta(minutes=42))
    page.refresh()
    assert page.countdown_value.text() == "SOON — expires in 42 min"
    assert page.sign_button.isEnabled()
    clock.set(theatre.expires_at)
    page.refresh()
    stop = open_stop(page)
    assert stop is not None and stop.title_label.text() == "STOP — EXPIRED"
    assert not page.match_card.isVisible()


def test_expiry_between_card_and_signature_is_refused_at_signing(qtbot, demo, clock, theatre):
    page = page_for(qtbot, demo)
    match(page, theatre)
    page.room_field.setText("OR 4")
    page.site_field.setText("left tibia")
    qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
    dialog = page.sign_dialog
    clock.set(theatre.expires_at + timedelta(minutes=1))  # the countdown timer did not run yet
    qtbot.keyClicks(dialog.password, demo.password)
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    assert "EXPIRED" in dialog.error.text()
    qtbot.waitUntil(lambda: open_stop(page) is not None)
    assert not dialog.isVisible()
    assert open_stop(page).title_label.text() == "STOP — EXPIRED"
    assert status(demo, theatre.din) == LotStatus.DISPATCHED


def test_a_technician_can_neither_check_nor_sign(qtbot, demo, clock, theatre):
    page = page_for(qtbot, demo, "tech")
    assert page.role_notice.isVisible()
    assert "Only a surgeon can confirm" in page.role_notice.text()
    match(page, theatre)
    assert open_stop(page) is None and not page.match_card.isVisible()
    assert page.message.text().startswith("The check was not made: Li Wang may not confirm")
    assert page.message.property("tone") == "error"

    # On a surgeon's card, a technician's user ID and password do not sign either.
    surgeon = page_for(qtbot, demo)
    assert not surgeon.role_notice.isVisible()
    match(surgeon, theatre)
    surgeon.room_field.setText("OR 4")
    surgeon.site_field.setText("left tibia")
    qtbot.mouseClick(surgeon.sign_button, Qt.MouseButton.LeftButton)
    dialog = surgeon.sign_dialog
    dialog.username.setText("tech")
    qtbot.keyClicks(dialog.password, demo.password)
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.error.isVisible() and dialog.error.text()
    assert surgeon.result is None
    assert status(demo, theatre.din) == LotStatus.DISPATCHED


def test_the_construct_comes_first_and_stays_the_one_scanned(qtbot, demo, clock, theatre):
    page = page_for(qtbot, demo)
    assert page.handle_scan("NOT-A-CODE")
    assert page.message.text().startswith("That is not the construct's DIN label (unknown code)")
    assert page.handle_scan(f"MRN:{theatre.mrn}")
    assert page.step == "construct"
    assert "Scan the construct's label first" in page.message.text()
    assert page.message.property("tone") == "warning"
    assert page.handle_scan(label(theatre.din))
    other = demo.din("in culture")
    assert page.handle_scan(label(other))  # another construct: not swapped in
    assert "That is another construct" in page.message.text()
    assert page.construct_scan == label(theatre.din) and page.step == "wristband"
    assert page.handle_scan(label(theatre.din))
    assert page.message.text() == "That is the construct again. Now scan the patient's wristband."
    assert page.handle_scan(f"MRN:{theatre.mrn}")
    assert page.match_card.isVisible()
    # Scanning one of the two again keeps the match; another code starts a new check.
    assert page.handle_scan(f"MRN:{theatre.mrn}")
    assert page.match_card.isVisible()
    assert page.handle_scan(label(other))
    assert not page.match_card.isVisible() and page.step == "wristband"
    assert page.message.text().startswith("A new scan started a new check")
    assert page.construct_scan == label(other) and page.check is None
    qtbot.mouseClick(page.start_again_button, Qt.MouseButton.LeftButton)
    match(page, theatre)
    assert page.match_card.isVisible()
    qtbot.mouseClick(page.start_again_button, Qt.MouseButton.LeftButton)
    assert not page.match_card.isVisible() and page.step == "construct"
    assert page.construct_scan is None and page.check is None


def test_typed_din_needs_its_check_character_and_is_marked_typed(qtbot, demo, clock, theatre):
    page = page_for(qtbot, demo)
    qtbot.keyClicks(page.typed_field, theatre.din)
    qtbot.keyClick(page.typed_field, Qt.Key.Key_Return)
    assert page.step == "construct"
    assert "typed without its check character" in page.message.text()
    qtbot.keyClicks(page.typed_field, theatre.din + theatre.check_character)
    qtbot.keyClick(page.typed_field, Qt.Key.Key_Return)
    assert page.step == "wristband"
    assert page.construct_step.state_label.text() == "\u2714 TYPED, NOT SCANNED"
    qtbot.keyClicks(page.typed_field, f"MRN:{theatre.mrn}")
    qtbot.mouseClick(page.typed_button, Qt.MouseButton.LeftButton)
    assert page.match_card.isVisible()
    assert page.scans_value.text() == (
        "Construct: typed, not scanned   ·   Wristband: typed, not scanned"
    )


def test_enter_never_signs_and_missing_fields_are_named(qtbot, demo, clock, theatre):
    page = page_for(qtbot, demo)
    match(page, theatre)
    qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
    assert page.sign_dialog is None
    assert page.room_error.isVisible() and page.room_error.text() == "\u2716 required"
    assert page.site_error.isVisible()
    page.room_field.setText("OR 4")
    page.site_field.setText("left tibia")
    page.sign_button.setFocus()
    qtbot.keyClick(page.sign_button, Qt.Key.Key_Return)  # a scanner's Enter
    assert page.sign_dialog is None


def test_countdown_words():
    at = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    assert countdown(at + timedelta(hours=5, minutes=12, seconds=30), at) == "5 h 12 min"
    assert countdown(at + timedelta(minutes=42), at) == "42 min"
    assert countdown(at, at) == ""
