"""Scans from a keyboard-wedge scanner are caught wherever the focus is, and never typed into
the focused field; a person's typing reaches the field as before.

Keys go through the window system's path (QTest.simulateEvent on the window: shortcut
check, then the focus widget), as a scanner's and a keyboard's do. The capture is given a
clock the test moves, so the interval between keys is exact and nothing sleeps.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QInputMethodEvent, QKeySequence, QShortcut
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QVBoxLayout, QWidget

from labtracker.settings import ScannerSettings
from ui.scan_capture import ScanCapture
from ui.widgets import password_field

Key = Qt.Key
Mod = Qt.KeyboardModifier
DIN_BARCODE = "=A99992600012300"
SCANNER_MS = 4  # a wedge scanner sends a key every few milliseconds
PERSON_MS = 120  # a quick typist


class FakeTime:
    """Milliseconds that pass only when the test says so."""

    def __init__(self) -> None:
        self.ms = 10_000.0

    def __call__(self) -> float:
        return self.ms

    def advance(self, ms: float) -> None:
        self.ms += ms


class KeysSeen(QObject):
    """What reached a widget: the text of each key press and release, in order."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.events: list[tuple[str, str]] = []
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease) and event.text():
            kind = "press" if event.type() == QEvent.Type.KeyPress else "release"
            self.events.append((kind, event.text()))
        return False

    def presses(self) -> str:
        return "".join(text for kind, text in self.events if kind == "press")


class Bench(QWidget):
    """A screen with a notes field, a password field and a button, a keyboard and a
    scanner attached to it."""

    def __init__(self, time: FakeTime) -> None:
        super().__init__()
        self.time = time
        layout = QVBoxLayout(self)
        self.notes = QLineEdit("abc")
        self.password = password_field()
        self.password.setText("secret")
        self.button = QPushButton("Save")
        for widget in (self.notes, self.password, self.button):
            layout.addWidget(widget)
        self.returns = 0
        self.notes.returnPressed.connect(self._returned)
        self.seen = KeysSeen(self.notes)

    def _returned(self) -> None:
        self.returns += 1

    # --- keys through the window system -------------------------------------------------------

    def key(
        self,
        code: int,
        text: str = "",
        mods: Qt.KeyboardModifier = Mod.NoModifier,
        *,
        press: bool = True,
        repeat: bool = False,
    ) -> None:
        QTest.simulateEvent(self.windowHandle(), press, code, mods, text, repeat)

    def stroke(self, char: str, after_ms: float) -> None:
        """One character, `after_ms` after the previous key, as a keyboard sends it."""
        self.time.advance(after_ms)
        code = _key_code(char)
        upper = char.isalpha() and char.isupper()
        if upper:
            self.key(Key.Key_Shift, mods=Mod.ShiftModifier)
        mods = Mod.ShiftModifier if upper else Mod.NoModifier
        self.key(code, char, mods)
        self.time.advance(1)
        self.key(code, char, mods, press=False)
        if upper:
            self.key(Key.Key_Shift, press=False)

    def enter(self, after_ms: float) -> None:
        self.time.advance(after_ms)
        self.key(Key.Key_Return, "\r")
        self.time.advance(1)
        self.key(Key.Key_Return, "\r", press=False)

    def scan(self, code: str, *, enter: bool = True) -> None:
        for char in code:
            self.stroke(char, SCANNER_MS)
        if enter:
            self.enter(SCANNER_MS)

    def type(self, text: str, interval_ms: float = PERSON_MS) -> None:
        for char in text:
            self.stroke(char, interval_ms)


def _key_code(char: str) -> int:
    if char == "§":
        return Key.Key_section
    return ord(char.upper()) if char.isascii() else Key.Key_unknown


@pytest.fixture
def time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def bench(qtbot, time) -> Bench:
    bench = Bench(time)
    qtbot.addWidget(bench)
    bench.show()
    qtbot.waitExposed(bench)
    bench.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWindow() is bench.windowHandle())
    bench.notes.setFocus()
    bench.notes.end(False)
    return bench


def make_capture(time: FakeTime | None = None, **options: object) -> ScanCapture:
    return ScanCapture(now_ms=time, **options)


@pytest.fixture
def capture(time) -> Iterator[ScanCapture]:
    capture = make_capture(time)
    yield capture
    capture.remove()
    capture.deleteLater()


@pytest.fixture
def scans(capture) -> list[str]:
    found: list[str] = []
    capture.scanned.connect(found.append)
    return found


# --- scans -----------------------------------------------------------------------------------


def test_a_scan_is_reported_and_never_typed_into_the_field(qtbot, bench, capture):
    with qtbot.waitSignal(capture.scanned, timeout=1000) as signal:
        bench.scan(DIN_BARCODE)
    assert signal.args == [DIN_BARCODE]
    assert bench.notes.text() == "abc"
    assert bench.seen.events == []  # not one key of it, not even the Enter's release
    assert bench.returns == 0
    assert not capture.is_holding


def test_a_scan_into_the_password_field_is_a_scan_and_leaves_the_password(qtbot, bench, capture):
    bench.password.setFocus()
    with qtbot.waitSignal(capture.scanned, timeout=1000) as signal:
        bench.scan("MRN:MRN0010004")
    assert signal.args == ["MRN:MRN0010004"]
    assert bench.password.text() == "secret"


def test_tab_ends_a_scan_too_and_focus_stays(qtbot, bench, capture):
    with qtbot.waitSignal(capture.scanned, timeout=1000) as signal:
        bench.scan("RL000042", enter=False)
        bench.time.advance(SCANNER_MS)
        bench.key(Key.Key_Tab, "\t")
        bench.key(Key.Key_Tab, "\t", press=False)
    assert signal.args == ["RL000042"]
    assert QApplication.focusWidget() is bench.notes
    assert bench.notes.text() == "abc"


def test_the_keypad_enter_ends_a_scan(qtbot, bench, capture):
    with qtbot.waitSignal(capture.scanned, timeout=1000) as signal:
        bench.scan("A999926000001-QC03", enter=False)
        bench.time.advance(SCANNER_MS)
        bench.key(Key.Key_Enter, "\r", Mod.KeypadModifier)
    assert signal.args == ["A999926000001-QC03"]
    assert bench.returns == 0


def test_two_scans_back_to_back_are_two_scans(qtbot, bench, capture, scans):
    bench.scan(DIN_BARCODE)
    bench.time.advance(300)
    bench.scan("A999926000001-P1-2")
    qtbot.waitUntil(lambda: len(scans) == 2, timeout=1000)
    assert scans == [DIN_BARCODE, "A999926000001-P1-2"]
    assert bench.notes.text() == "abc"


# --- a person typing -------------------------------------------------------------------------


def test_a_person_typing_reaches_the_field_in_order(qtbot, bench, capture, scans):
    bench.type("P-0042 passage 3")
    bench.enter(PERSON_MS)
    assert bench.notes.text() == "abcP-0042 passage 3"
    assert bench.seen.presses() == "P-0042 passage 3\r"
    assert bench.returns == 1
    bench.time.advance(PERSON_MS)
    bench.key(Key.Key_Tab, "\t")  # Tab still moves on to the next field
    assert QApplication.focusWidget() is bench.password
    qtbot.wait(20)
    assert scans == []


def test_a_quick_burst_then_enter_at_a_persons_pace_is_typing(qtbot, bench, capture, scans):
    """Someone rattles off "1.5e5" at 20 ms a key, then looks up and presses Enter."""
    bench.type("1.5e5", interval_ms=20)
    assert bench.notes.text() == "abc"  # held, a key interval at most
    bench.enter(150)
    assert bench.notes.text() == "abc1.5e5"
    assert bench.returns == 1
    qtbot.wait(20)
    assert scans == []


def test_a_burst_without_enter_is_typed_after_one_key_interval(qtbot, bench, capture, scans):
    bench.scan("=A9999260001", enter=False)
    assert capture.is_holding
    assert bench.notes.text() == "abc"
    qtbot.wait(80)  # the capture's clock decides how long a key interval is, not its timer
    assert capture.is_holding
    bench.time.advance(36)
    qtbot.waitUntil(lambda: bench.notes.text() == "abc=A9999260001", timeout=1000)
    assert bench.seen.presses() == "=A9999260001"
    assert not capture.is_holding
    assert scans == []


def test_a_short_burst_with_enter_is_typing(qtbot, bench, capture, scans):
    bench.scan("42")  # fewer than 4 characters
    assert bench.notes.text() == "abc42"
    assert bench.returns == 1
    qtbot.wait(20)
    assert scans == []


def test_editing_keys_and_shortcuts_are_never_held(qtbot, bench, capture):
    bench.notes.setCursorPosition(1)
    bench.key(Key.Key_Right)
    assert bench.notes.cursorPosition() == 2
    bench.key(Key.Key_Backspace, "\b")
    assert bench.notes.text() == "ac"
    bench.key(Key.Key_A, "\x01", Mod.ControlModifier)  # select all
    assert bench.notes.selectedText() == "ac"
    assert not capture.is_holding


def test_a_held_key_lands_before_the_next_editing_key(qtbot, bench, capture):
    bench.stroke("x", PERSON_MS)
    assert capture.is_holding
    bench.time.advance(10)
    bench.key(Key.Key_Backspace, "\b")
    assert bench.notes.text() == "abc"  # x typed, then rubbed out: in that order
    assert bench.seen.presses() == "x\b"


def test_auto_repeat_types_as_it_always_did(qtbot, bench, capture, scans):
    bench.time.advance(PERSON_MS)
    bench.key(Key.Key_X, "x")
    for _ in range(6):  # a held-down key repeats every 30 ms or so: as fast as a scanner
        bench.time.advance(30)
        bench.key(Key.Key_X, "x", press=False, repeat=True)
        bench.key(Key.Key_X, "x", repeat=True)
    bench.time.advance(30)
    bench.key(Key.Key_X, "x", press=False)
    bench.enter(5)
    assert bench.notes.text() == "abcxxxxxxx"
    assert bench.returns == 1
    qtbot.wait(20)
    assert scans == []


def test_a_click_right_after_typing_finds_the_typed_key(qtbot, bench, capture):
    """Typing a digit and clicking Save within a key interval must save the digit."""
    seen_by_save: list[str] = []
    bench.button.clicked.connect(lambda: seen_by_save.append(bench.notes.text()))
    bench.stroke("5", PERSON_MS)
    qtbot.mouseClick(bench.button, Qt.MouseButton.LeftButton)
    assert seen_by_save == ["abc5"]


def test_a_shortcut_right_after_typing_acts_on_the_typed_key(qtbot, bench, capture):
    seen_by_shortcut: list[str] = []
    QShortcut(
        QKeySequence("Alt+2"), bench, activated=lambda: seen_by_shortcut.append(bench.notes.text())
    )
    bench.stroke("7", PERSON_MS)
    bench.time.advance(10)
    bench.key(Key.Key_2, "2", Mod.AltModifier)
    assert seen_by_shortcut == ["abc7"]


def test_chinese_input_is_untouched_and_keeps_its_place(qtbot, bench, capture, scans):
    bench.notes.setText("")
    bench.stroke("x", PERSON_MS)  # held for a moment
    committed = QInputMethodEvent()
    committed.setCommitString("刘洋")
    QApplication.sendEvent(bench.notes, committed)
    assert bench.notes.text() == "x刘洋"
    assert not capture.is_holding
    committed = QInputMethodEvent()
    committed.setCommitString("王建国")
    QApplication.sendEvent(bench.notes, committed)
    assert bench.notes.text() == "x刘洋王建国"
    assert scans == []


# --- prefix and suffix -----------------------------------------------------------------------


@pytest.fixture
def stx_capture(time) -> Iterator[ScanCapture]:
    """A scanner programmed to send STX before and ETX after each code; speed is not used."""
    capture = make_capture(time, key_interval_ms=0, prefix="\x02", suffix="\x03")
    yield capture
    capture.remove()
    capture.deleteLater()


def test_prefix_and_suffix_mark_a_scan_at_any_speed(qtbot, bench, stx_capture):
    shortcuts: list[str] = []
    for keys in ("Ctrl+B", "Ctrl+C"):  # the prefix and suffix keys are not shortcuts then
        QShortcut(QKeySequence(keys), bench, activated=lambda k=keys: shortcuts.append(k))
    with qtbot.waitSignal(stx_capture.scanned, timeout=1000) as signal:
        bench.time.advance(PERSON_MS)
        bench.key(Key.Key_B, "\x02", Mod.ControlModifier)  # STX is Ctrl+B from a wedge
        bench.type("RL000042", interval_ms=200)  # slow: a scanner over a remote session
        bench.time.advance(200)
        bench.key(Key.Key_C, "\x03", Mod.ControlModifier)  # ETX is Ctrl+C
        bench.enter(SCANNER_MS)  # the scanner's Enter after its suffix is its own too
    assert signal.args == ["RL000042"]
    assert bench.notes.text() == "abc"
    assert bench.returns == 0
    assert shortcuts == []


def test_without_the_prefix_a_fast_burst_is_typing_when_speed_is_off(qtbot, bench, stx_capture):
    bench.scan("RL000042")
    assert bench.notes.text() == "abcRL000042"
    assert bench.returns == 1


def test_prefix_then_enter_ends_a_scan(qtbot, bench, time):
    capture = make_capture(time, prefix="§")
    try:
        with qtbot.waitSignal(capture.scanned, timeout=1000) as signal:
            bench.stroke("§", PERSON_MS)
            bench.type("MRN:MRN0010001", interval_ms=80)
            bench.enter(80)
        assert signal.args == ["MRN:MRN0010001"]
        assert bench.notes.text() == "abc"
    finally:
        capture.remove()


def test_a_person_typing_the_prefix_character_gets_it_back(qtbot, bench, time):
    capture = make_capture(time, prefix="§", prefix_timeout_ms=300)
    found: list[str] = []
    capture.scanned.connect(found.append)
    try:
        bench.stroke("§", PERSON_MS)
        bench.stroke("x", PERSON_MS)
        bench.key(Key.Key_Backspace, "\b")  # an editing key: this is a person
        assert bench.notes.text() == "abc§"
        bench.stroke("y", PERSON_MS)
        bench.stroke("§", PERSON_MS)
        bench.stroke("z", PERSON_MS)
        assert bench.notes.text() == "abc§y"
        bench.time.advance(301)  # nothing more: it was typing
        qtbot.waitUntil(lambda: bench.notes.text() == "abc§y§z", timeout=2000)
        assert found == []
    finally:
        capture.remove()


def test_settings_make_the_capture(qtbot, bench, time):
    settings = ScannerSettings(key_interval_ms=50, min_length=6, prefix="", suffix="#")
    capture = ScanCapture.from_settings(settings, now_ms=time)
    try:
        assert (capture.key_interval_ms, capture.min_length, capture.suffix) == (50, 6, "#")
        with qtbot.waitSignal(capture.scanned, timeout=1000) as signal:
            bench.type("RL000042#", interval_ms=45)
            bench.enter(5)
        assert signal.args == ["RL000042"]
        assert bench.notes.text() == "abc"
        assert bench.returns == 0
        bench.time.advance(300)
        bench.type("1234#", interval_ms=45)  # five characters in all: under min_length
        bench.enter(5)
        assert bench.notes.text() == "abc1234#"
        assert bench.returns == 1
    finally:
        capture.remove()


# --- switched off ----------------------------------------------------------------------------


def test_disabled_capture_passes_everything_through(qtbot, bench, capture, scans):
    capture.set_enabled(False)
    bench.scan(DIN_BARCODE)
    assert bench.notes.text() == "abc" + DIN_BARCODE
    assert bench.returns == 1
    qtbot.wait(20)
    assert scans == []

    capture.set_enabled(True)
    bench.time.advance(300)
    bench.scan(DIN_BARCODE)
    qtbot.waitUntil(lambda: scans == [DIN_BARCODE], timeout=1000)
    assert bench.notes.text() == "abc" + DIN_BARCODE


def test_disabling_hands_on_what_is_held(qtbot, bench, capture):
    """Locking the station a moment after a keystroke keeps the keystroke."""
    bench.stroke("q", PERSON_MS)
    assert capture.is_holding
    capture.set_enabled(False)
    assert bench.notes.text() == "abcq"
    assert not capture.is_holding


def test_removed_capture_sees_nothing(qtbot, bench, capture, scans):
    capture.remove()
    bench.scan(DIN_BARCODE)
    assert bench.notes.text() == "abc" + DIN_BARCODE
    qtbot.wait(20)
    assert scans == []


# --- the window system's own timing ----------------------------------------------------------


def test_keys_made_by_code_pass_untouched(qtbot, bench):
    """Key events without a window-system timestamp (QTest's widget events) are not from a
    keyboard: with the station's clock they are left alone, so other screens' tests type."""
    capture = ScanCapture()
    found: list[str] = []
    capture.scanned.connect(found.append)
    try:
        qtbot.keyClicks(bench.notes, DIN_BARCODE)
        assert bench.notes.text() == "abc" + DIN_BARCODE
        qtbot.keyClick(bench.notes, Qt.Key.Key_Return)
        assert bench.returns == 1
        qtbot.wait(20)
        assert found == []
    finally:
        capture.remove()


def test_window_system_timestamps_time_the_keys(qtbot, bench):
    """Without a test clock the keys' own timestamps decide (real time here, so the
    intervals are generous)."""
    capture = ScanCapture(key_interval_ms=150)
    found: list[str] = []
    capture.scanned.connect(found.append)
    try:
        bench.scan(DIN_BARCODE)
        qtbot.waitUntil(lambda: found == [DIN_BARCODE], timeout=1000)
        assert bench.notes.text() == "abc"
        for char in "ok":
            qtbot.wait(400)
            bench.stroke(char, 0)
        qtbot.waitUntil(lambda: bench.notes.text() == "abcok", timeout=1000)
        qtbot.wait(400)
        bench.enter(0)
        assert bench.returns == 1
        assert found == [DIN_BARCODE]
    finally:
        capture.remove()
