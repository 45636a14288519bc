"""Signing in at the bench: the right password opens the person's home page, a wrong one says
how many attempts are left and lets them type it again, too many lock the account, and a
password set by an administrator must be replaced before anything else."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from labtracker.domain.permissions import Role
from labtracker.services import auth, setup, users
from labtracker.services.station import open_station
from labtracker.settings import StationSettings
from ui.login import LoginPanel
from ui.main_window import MainWindow

ADMIN_PASSWORD = "Adm1n-Passw0rd!"
TECH_PASSWORD = "Cell-Culture-42"
NEWCOMER_TEMPORARY = "Temp0rary-Start!"


def station_settings(path: Path) -> StationSettings:
    return StationSettings(
        database_url=f"sqlite:///{path}",
        database_url_source="environment",
        data_dir=path.parent,
        settings_file=path.parent / "settings.toml",
    )


def make_lab_database(path: Path) -> None:
    """An SQLite lab database with an administrator (admin), a technician who has chosen
    her own password (tina), and one who has not yet signed in (nico)."""
    station = open_station(station_settings(path))
    try:
        db = station.database
        setup.set_up_site(
            db,
            username="admin",
            full_name="Ada Admin",
            password=ADMIN_PASSWORD,
            site_name="Xinxiang Bone Lab",
            facility_code="A9999",
            timezone="Asia/Shanghai",
        )
        admin = auth.login(db, "admin", ADMIN_PASSWORD)
        users.add_user(db, admin, "tina", "Tina Technician", [Role.TECHNICIAN], "Temp-Passw0rd-1")
        users.change_password(db, "tina", "Temp-Passw0rd-1", TECH_PASSWORD)
        users.add_user(db, admin, "nico", "Nico Newcomer", [Role.TECHNICIAN], NEWCOMER_TEMPORARY)
    finally:
        station.close()  # the last connection checkpoints the WAL into the file
    assert not path.with_name(path.name + "-wal").exists()


@pytest.fixture(scope="session")
def lab_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("lab") / "labtracker.sqlite3"
    make_lab_database(path)
    return path


@pytest.fixture
def lab_settings(lab_template, tmp_path) -> StationSettings:
    """A fresh copy of the lab database for each test (attempts and locks change it)."""
    path = tmp_path / "labtracker.sqlite3"
    shutil.copyfile(lab_template, path)
    return station_settings(path)


@pytest.fixture
def window(qtbot, lab_settings):
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert window.open_station(lab_settings)
    yield window
    window.close_station()


def sign_in(qtbot, panel: LoginPanel, username: str, password: str) -> None:
    """As at the bench: scan or type the user ID, Enter, type the password, Enter."""
    panel.user_id.clear()
    qtbot.keyClicks(panel.user_id, username)
    qtbot.keyClick(panel.user_id, Qt.Key.Key_Return)
    qtbot.keyClicks(panel.password, password)
    qtbot.keyClick(panel.password, Qt.Key.Key_Return)


def test_sign_in_shows_the_home_page_with_name_and_roles(qtbot, window):
    panel = window.login_panel
    assert panel.isVisible()
    assert window.focusWidget() is panel.user_id
    assert panel.password.echoMode() == panel.password.EchoMode.Password
    assert not window.lock_action.isEnabled()
    # The status bar names the database; the sign-in form has the page to itself.
    assert "SQLite" in window.statusBar().currentMessage()
    assert not window.station_panel.isVisible()

    sign_in(qtbot, panel, "tina", TECH_PASSWORD)

    assert window.home_page.isVisible()
    assert not panel.isVisible()
    assert window.signed_in_label.text() == "Signed in as Tina Technician (Technician)"
    assert window.actor.username == "tina"
    status = window.statusBar().currentMessage()
    assert "Tina Technician (tina)" in status
    assert "SQLite" in status
    window.workspace.show_page("station")  # the Station screen shows the station's database
    assert window.station_panel.isVisible()
    assert window.lock_action.isEnabled()
    assert window.sign_out_action.isEnabled()
    assert panel.password.text() == ""


def test_user_id_is_not_case_sensitive_and_roles_are_named(qtbot, window):
    sign_in(qtbot, window.login_panel, "  Admin ", ADMIN_PASSWORD)
    assert window.signed_in_label.text() == "Signed in as Ada Admin (Administrator)"


def test_wrong_password_says_attempts_left_and_clears_only_the_password(qtbot, window):
    panel = window.login_panel
    sign_in(qtbot, panel, "tina", "not-her-password")

    assert panel.error.isVisible()
    assert panel.error.text() == (
        "User ID or password is not correct. 4 attempts left before the account locks."
    )
    assert panel.user_id.text() == "tina"
    assert panel.password.text() == ""
    assert window.focusWidget() is panel.password
    assert window.pages.currentWidget() is window.start_page

    qtbot.keyClicks(panel.password, "still wrong")
    qtbot.keyClick(panel.password, Qt.Key.Key_Return)
    assert "3 attempts left" in panel.error.text()

    qtbot.keyClicks(panel.password, TECH_PASSWORD)
    qtbot.keyClick(panel.password, Qt.Key.Key_Return)
    assert window.home_page.isVisible()


def test_five_failures_lock_the_account(qtbot, window):
    panel = window.login_panel
    for left in (4, 3, 2, 1):
        sign_in(qtbot, panel, "tina", f"wrong-{left}")
        assert f"{left} attempt" in panel.error.text()
    sign_in(qtbot, panel, "tina", "wrong-again")
    assert panel.error.text() == (
        "User ID or password is not correct. The account is now locked after 5 failed "
        "attempts; an administrator must unlock it."
    )

    sign_in(qtbot, panel, "tina", TECH_PASSWORD)
    assert panel.error.text() == (
        "This account is locked after too many failed attempts. An administrator must unlock it."
    )
    assert window.actor is None
    assert panel.password.text() == ""


def test_empty_fields_are_asked_for_without_using_an_attempt(qtbot, window):
    panel = window.login_panel
    qtbot.mouseClick(panel.sign_in_button, Qt.MouseButton.LeftButton)
    assert panel.error.text() == "Enter your user ID."

    # A badge scan ends with Enter: that moves on to the password, with no complaint.
    qtbot.keyClicks(panel.user_id, "tina")
    qtbot.keyClick(panel.user_id, Qt.Key.Key_Return)
    assert window.focusWidget() is panel.password
    qtbot.keyClick(panel.password, Qt.Key.Key_Return)
    assert panel.error.text() == "Enter your password."

    qtbot.keyClicks(panel.password, "wrong")
    qtbot.keyClick(panel.password, Qt.Key.Key_Return)
    assert "4 attempts left" in panel.error.text()


def test_first_sign_in_asks_for_a_new_password(qtbot, window):
    panel = window.login_panel
    sign_in(qtbot, panel, "nico", NEWCOMER_TEMPORARY)

    assert panel.changing_password
    assert panel.change_form.isVisible()
    assert "set by an administrator; choose your own now" in panel.change_reason.text()
    assert window.actor is None
    assert window.focusWidget() is panel.new_password

    qtbot.keyClicks(panel.new_password, "Bone-Marrow-2026")
    qtbot.keyClick(panel.new_password, Qt.Key.Key_Return)
    assert window.focusWidget() is panel.repeat_password
    qtbot.keyClicks(panel.repeat_password, "Bone-Marrow-2062")
    qtbot.keyClick(panel.repeat_password, Qt.Key.Key_Return)
    assert panel.change_error.text() == (
        "The two new passwords are not the same. Type the new password in both fields again."
    )
    assert panel.new_password.text() == panel.repeat_password.text() == ""
    assert window.focusWidget() is panel.new_password

    # The site's rules are the service's: its message is shown as it is.
    qtbot.keyClicks(panel.new_password, "Short-1")
    qtbot.keyClicks(panel.repeat_password, "Short-1")
    qtbot.mouseClick(panel.change_button, Qt.MouseButton.LeftButton)
    assert panel.change_error.text() == (
        "The new password must be at least 10 characters long; it has 7."
    )
    assert window.actor is None

    qtbot.keyClicks(panel.new_password, "Bone-Marrow-2026")
    qtbot.keyClicks(panel.repeat_password, "Bone-Marrow-2026")
    qtbot.keyClick(panel.repeat_password, Qt.Key.Key_Return)

    assert window.home_page.isVisible()
    assert window.signed_in_label.text() == "Signed in as Nico Newcomer (Technician)"

    # The new password is the one that works from now on.
    window.sign_out_action.trigger()
    sign_in(qtbot, panel, "nico", NEWCOMER_TEMPORARY)
    assert "4 attempts left" in panel.error.text()
    sign_in(qtbot, panel, "nico", "Bone-Marrow-2026")
    assert window.signed_in_label.text() == "Signed in as Nico Newcomer (Technician)"


def test_cancelling_the_password_change_returns_to_an_empty_sign_in(qtbot, window):
    panel = window.login_panel
    sign_in(qtbot, panel, "nico", NEWCOMER_TEMPORARY)
    qtbot.mouseClick(panel.cancel_change_button, Qt.MouseButton.LeftButton)
    assert not panel.changing_password
    assert panel.user_id.text() == panel.password.text() == ""
    assert panel.current_password.text() == ""
    assert window.actor is None


def test_sign_out_returns_to_sign_in_for_the_next_person(qtbot, window):
    sign_in(qtbot, window.login_panel, "tina", TECH_PASSWORD)
    qtbot.mouseClick(window.sign_out_button, Qt.MouseButton.LeftButton)

    assert window.actor is None
    assert window.home_page is None
    assert window.login_panel.isVisible()
    assert window.login_panel.user_id.text() == ""
    assert "Tina" not in window.statusBar().currentMessage()
    assert "SQLite" in window.statusBar().currentMessage()
    assert not window.lock_action.isEnabled()

    sign_in(qtbot, window.login_panel, "admin", ADMIN_PASSWORD)
    assert window.signed_in_label.text() == "Signed in as Ada Admin (Administrator)"


def test_panel_emits_the_actor_and_records_this_station(qtbot, lab_settings):
    station = open_station(lab_settings)
    try:
        panel = LoginPanel(station.database)
        qtbot.addWidget(panel)
        panel.show()
        with qtbot.waitSignal(panel.signed_in, timeout=5000) as signal:
            sign_in(qtbot, panel, "tina", TECH_PASSWORD)
        actor = signal.args[0]
        assert (actor.username, actor.full_name) == ("tina", "Tina Technician")
        assert actor.station == socket.gethostname()

        admin = auth.login(station.database, "admin", ADMIN_PASSWORD)
        attempts = auth.login_attempts(station.database, admin, failed_only=False)
        latest = next(a for a in attempts if a.username_entered == "tina")  # newest first
        assert latest.succeeded
        assert latest.purpose == "login"
        assert latest.station == socket.gethostname()
    finally:
        station.close()
