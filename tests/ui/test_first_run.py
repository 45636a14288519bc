"""A new database opens on the first-run set-up (site and first administrator), and
`labtracker-app --demo` opens a throwaway demonstration site."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from labtracker.services.demo import DEMO_PASSWORD
from labtracker.settings import load_settings
from ui.main_window import MainWindow
from ui.tasks import running_tasks


@pytest.fixture
def empty_station(tmp_path):
    return load_settings(
        {
            "LABTRACKER_DATA_DIR": str(tmp_path),
            "LABTRACKER_SETTINGS_FILE": str(tmp_path / "settings.toml"),
            "LABTRACKER_DATABASE_URL": f"sqlite:///{tmp_path / 'new.sqlite3'}",
        }
    )


def fill(qtbot, panel, **values):
    for name, value in values.items():
        widget = getattr(panel, name)
        widget.clear()
        qtbot.keyClicks(widget, value)


def test_a_new_database_asks_for_the_site_and_first_administrator(qtbot, empty_station):
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert window.open_station(empty_station)
    panel = window.first_run_panel
    assert panel is not None and panel.isVisible()
    assert not window.login_panel.isVisible()
    assert "set up the site" in window.statusBar().currentMessage()

    fill(
        qtbot,
        panel,
        site_name="Xinxiang Bone Lab",
        facility_code="A99",
        username="admin",
        full_name="Ada Admin",
        password="Adm1n-Passw0rd!",
        repeat="Adm1n-Passw0rd!",
    )
    qtbot.mouseClick(panel.set_up_button, Qt.MouseButton.LeftButton)
    assert "Facility" in panel.error.text() and "A99" in panel.error.text()
    assert window.actor is None

    fill(qtbot, panel, facility_code="A9999", password="Adm1n-Passw0rd!", repeat="different")
    qtbot.mouseClick(panel.set_up_button, Qt.MouseButton.LeftButton)
    assert panel.error.text() == "The two passwords differ; type them again."

    fill(qtbot, panel, password="Adm1n-Passw0rd!", repeat="Adm1n-Passw0rd!")
    qtbot.mouseClick(panel.set_up_button, Qt.MouseButton.LeftButton)
    assert window.actor is not None and window.actor.username == "admin"
    assert window.signed_in_label.text() == "Signed in as Ada Admin (Administrator)"

    window.sign_out()
    assert window.login_panel.isVisible()
    assert window.first_run_panel is None
    window.close_station()


def test_demo_opens_a_filled_throwaway_site(qtbot, empty_station):
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert window.open_station(empty_station, demo=True)
    assert "DEMONSTRATION" in window.windowTitle()
    qtbot.waitUntil(lambda: running_tasks() == 0, timeout=120_000)
    assert window.demo_hint.isVisible()
    assert DEMO_PASSWORD in window.demo_hint.text()
    assert "qa" in window.demo_hint.text()
    assert window.first_run_panel is None
    panel = window.login_panel
    assert panel.isEnabled()
    qtbot.keyClicks(panel.user_id, "qa")
    qtbot.keyClicks(panel.password, DEMO_PASSWORD)
    qtbot.keyClick(panel.password, Qt.Key.Key_Return)
    assert window.actor is not None and window.actor.full_name == "Mei Chen"
    window.close_station()
