"""The idle auto-lock: a station left alone locks; only the signed-in person unlocks it and
finds everything as they left it; anyone else gets their own fresh session, and the locked
person's unsaved input is discarded rather than saved under another name."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QLineEdit, QWidget
from shiboken6 import isValid

from labtracker.settings import StationSettings
from tests.ui.test_login import (
    ADMIN_PASSWORD,
    TECH_PASSWORD,
    make_lab_database,
    sign_in,
    station_settings,
)
from ui.idle_lock import IdleWatcher
from ui.main_window import MainWindow

SHORT_IDLE_MS = 100


@pytest.fixture(scope="session")
def lab_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("lab") / "labtracker.sqlite3"
    make_lab_database(path)
    return path


@pytest.fixture
def lab_settings(lab_template, tmp_path) -> StationSettings:
    path = tmp_path / "labtracker.sqlite3"
    shutil.copyfile(lab_template, path)
    return station_settings(path)


@pytest.fixture
def window(qtbot, lab_settings):
    """Signed in as Tina, with the idle time shortened to a fraction of a second."""
    window = MainWindow(idle_timeout_ms=SHORT_IDLE_MS)
    qtbot.addWidget(window)
    window.show()
    # Keyboard shortcuts (Ctrl+Shift+L) reach the active window only.
    assert QTest.qWaitForWindowActive(window, 5000)
    assert window.open_station(lab_settings)
    sign_in(qtbot, window.login_panel, "tina", TECH_PASSWORD)
    assert window.actor is not None
    yield window
    window.close_station()


def add_work_field(qtbot, window: MainWindow, text: str) -> QLineEdit:
    """What a work screen will hold: a field with something typed and not yet saved."""
    field = QLineEdit()
    window.workspace.show_page("station")
    window.station_page.layout().addWidget(field)
    field.show()  # a layout shows a new child only once events run; the test goes on first
    field.setFocus()
    assert window.focusWidget() is field
    qtbot.keyClicks(field, text)
    return field


def unlock_with(qtbot, window: MainWindow, password: str) -> None:
    lock = window.lock_screen
    qtbot.keyClicks(lock.password, password)
    qtbot.keyClick(lock.password, Qt.Key.Key_Return)


# --- the watcher -----------------------------------------------------------------------------


def test_watcher_reports_idle_after_the_timeout(qtbot):
    watcher = IdleWatcher(50)
    watcher.start()
    with qtbot.waitSignal(watcher.idle, timeout=2000):
        pass
    assert not watcher.is_watching


def test_input_restarts_the_count(qtbot):
    target = QWidget()
    qtbot.addWidget(target)
    watcher = IdleWatcher(500)
    started = time.monotonic()
    watcher.start()
    qtbot.wait(250)
    qtbot.keyClick(target, Qt.Key.Key_A)
    with qtbot.waitSignal(watcher.idle, timeout=3000):
        pass
    # Without the key press it would have fired at 500 ms; with it, 500 ms after the key.
    assert time.monotonic() - started >= 0.7


def test_stopped_watcher_stays_quiet(qtbot):
    watcher = IdleWatcher(30)
    watcher.start()
    watcher.stop()
    with qtbot.assertNotEmitted(watcher.idle, wait=150):
        pass


# --- locking and unlocking -------------------------------------------------------------------


def test_idle_station_locks_and_unlocks_with_everything_as_it_was(qtbot, window):
    field = add_work_field(qtbot, window, "P-0042 passage 3")
    field.setCursorPosition(6)

    qtbot.waitUntil(lambda: window.is_locked, timeout=5000)

    lock = window.lock_screen
    assert lock.isVisible()
    assert lock.headline.text() == "Locked — Tina Technician (tina) was inactive for 10 minutes"
    assert "Nothing typed is lost" in lock.explanation.text()
    assert window.focusWidget() is lock.password
    assert "Locked: Tina Technician (tina)" in window.statusBar().currentMessage()
    # The work underneath is out of reach: not shown, not enabled, not in the Tab chain.
    assert not field.isVisible()
    assert not field.isEnabled()
    for _ in range(12):
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
        assert window.focusWidget() is not field
        assert lock.isAncestorOf(window.focusWidget())
    assert not window.lock_action.isEnabled()
    assert not window.sign_out_action.isEnabled()

    lock.password.setFocus()
    unlock_with(qtbot, window, "not-my-password")
    assert window.is_locked
    assert lock.error.isVisible()
    assert lock.error.text() == (
        "User ID or password is not correct. 4 attempts left before the account locks."
    )
    assert lock.password.text() == ""
    assert not field.isVisible()

    unlock_with(qtbot, window, TECH_PASSWORD)
    assert not window.is_locked
    assert field.isVisible()
    assert field.isEnabled()
    assert field.text() == "P-0042 passage 3"
    assert field.cursorPosition() == 6
    assert window.focusWidget() is field
    assert window.actor.username == "tina"
    assert window.idle_watcher.is_watching
    assert "Signed in: Tina Technician (tina)" in window.statusBar().currentMessage()


def test_lock_now_keeps_the_selection_and_says_who_locked(qtbot, window):
    field = add_work_field(qtbot, window, "Viability 94 %")
    field.setSelection(10, 2)
    qtbot.keyClick(
        field, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )

    assert window.is_locked
    assert (
        window.lock_screen.headline.text() == "Locked — Tina Technician (tina) locked this station"
    )
    assert not window.idle_watcher.is_watching

    unlock_with(qtbot, window, TECH_PASSWORD)
    assert window.focusWidget() is field
    assert field.selectedText() == "94"


def test_unlock_is_only_for_the_signed_in_person(qtbot, window):
    window.lock_action.trigger()
    unlock_with(qtbot, window, ADMIN_PASSWORD)  # the administrator's password is not Tina's
    assert window.is_locked
    assert "attempts left" in window.lock_screen.error.text()


def test_someone_else_signs_in_to_a_fresh_session(qtbot, window):
    field = add_work_field(qtbot, window, "half-typed by Tina")
    window.lock_action.trigger()
    lock = window.lock_screen

    qtbot.mouseClick(lock.someone_else_button, Qt.MouseButton.LeftButton)
    assert lock.discard_warning.isVisible()
    assert "Tina Technician's unsaved input will be discarded" in lock.discard_warning.text()
    assert "cannot be saved under another person's name" in lock.discard_warning.text()
    assert lock.login.sign_in_button.text() == "Discard unsaved input and sign in"
    assert window.focusWidget() is lock.login.user_id
    assert not field.isVisible()

    sign_in(qtbot, lock.login, "admin", ADMIN_PASSWORD)

    assert not window.is_locked
    assert window.actor.username == "admin"
    assert window.signed_in_label.text() == "Signed in as Ada Admin (Administrator)"
    assert window.home_page.isVisible()
    assert window.home_page.findChildren(QLineEdit) == []
    assert "Ada Admin (admin)" in window.statusBar().currentMessage()
    assert window.idle_watcher.is_watching
    qtbot.waitUntil(lambda: not isValid(field))  # Tina's input is gone, not handed over

    # The new session locks in its own name.
    qtbot.waitUntil(lambda: window.is_locked, timeout=5000)
    assert lock.headline.text().startswith("Locked — Ada Admin (admin)")


def test_back_from_someone_else_keeps_the_work(qtbot, window):
    field = add_work_field(qtbot, window, "keep me")
    window.lock_action.trigger()
    lock = window.lock_screen
    qtbot.mouseClick(lock.someone_else_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(lock.login.user_id, "adm")
    qtbot.mouseClick(lock.back_button, Qt.MouseButton.LeftButton)

    assert lock.login.user_id.text() == ""
    assert window.focusWidget() is lock.password
    unlock_with(qtbot, window, TECH_PASSWORD)
    assert field.text() == "keep me"
    assert window.focusWidget() is field


def test_the_same_person_signing_in_again_keeps_their_work(qtbot, window):
    field = add_work_field(qtbot, window, "mine")
    window.lock_action.trigger()
    lock = window.lock_screen
    qtbot.mouseClick(lock.someone_else_button, Qt.MouseButton.LeftButton)
    sign_in(qtbot, lock.login, "tina", TECH_PASSWORD)

    assert not window.is_locked
    assert isValid(field)
    assert field.text() == "mine"


def test_nothing_locks_before_anyone_signs_in(qtbot, lab_settings):
    window = MainWindow(idle_timeout_ms=20)
    qtbot.addWidget(window)
    window.show()
    assert window.open_station(lab_settings)
    assert not window.idle_watcher.is_watching
    window.lock_action.trigger()
    assert not window.is_locked
    window.close_station()


def open_form(qtbot, window: MainWindow, text: str) -> tuple[QDialog, QLineEdit]:
    """A step form open over the work area, with something typed in it."""
    dialog = QDialog(window.home_page)
    field = QLineEdit(dialog)
    dialog.open()
    field.setFocus()
    qtbot.keyClicks(field, text)
    return dialog, field


def test_open_forms_are_hidden_while_locked_and_back_for_the_same_person(qtbot, window):
    dialog, field = open_form(qtbot, window, "count 1.2e6")
    window.lock_action.trigger()
    assert window.is_locked
    assert not dialog.isVisible()  # nobody else can type into it at the bench

    unlock_with(qtbot, window, TECH_PASSWORD)
    assert dialog.isVisible()
    assert field.text() == "count 1.2e6"


def test_open_forms_are_dropped_when_someone_else_signs_in(qtbot, window):
    dialog, _field = open_form(qtbot, window, "Tina's count")
    window.lock_action.trigger()
    qtbot.mouseClick(window.lock_screen.someone_else_button, Qt.MouseButton.LeftButton)
    sign_in(qtbot, window.lock_screen.login, "admin", ADMIN_PASSWORD)
    assert window.actor.username == "admin"
    qtbot.waitUntil(lambda: not isValid(dialog) or not dialog.isVisible())
    assert not isValid(dialog) or dialog.result() == QDialog.DialogCode.Rejected
