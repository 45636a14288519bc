"""The first window: titled labtracker, opens (creating) the embedded database, and says
plainly when the database cannot be opened."""

from __future__ import annotations

import subprocess
import sys

import pytest

from ui.main_window import MainWindow


@pytest.fixture
def station_env(tmp_path, monkeypatch):
    monkeypatch.setenv("LABTRACKER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("LABTRACKER_SETTINGS_FILE", str(tmp_path / "settings.toml"))
    monkeypatch.delenv("LABTRACKER_DATABASE_URL", raising=False)
    return tmp_path


def test_window_opens_embedded_sqlite_database(qtbot, station_env):
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert window.windowTitle() == "labtracker"
    assert window.open_station()
    panel = window.station_panel
    assert panel.backend.text() == "SQLite"
    assert panel.location.text() == str(station_env / "data" / "labtracker.sqlite3")
    assert (station_env / "data" / "labtracker.sqlite3").exists()
    assert panel.source.text().startswith("default")
    assert panel.state.text().startswith("Connected")
    assert "SQLite" in window.statusBar().currentMessage()
    window.close_station()


def test_unreachable_database_is_reported_in_the_window(qtbot, station_env, monkeypatch):
    monkeypatch.setenv("LABTRACKER_DATABASE_URL", "postgresql://lab:secret@127.0.0.1:1/labtracker")
    window = MainWindow()
    qtbot.addWidget(window)
    assert not window.open_station()
    text = window.station_panel.state.text()
    assert text.startswith("The database could not be opened")
    assert "secret" not in text
    assert window.statusBar().currentMessage() == "Database not available"


def test_bad_database_setting_names_the_setting(qtbot, station_env, monkeypatch):
    monkeypatch.setenv("LABTRACKER_DATABASE_URL", "mysql://db/lab")
    window = MainWindow()
    qtbot.addWidget(window)
    assert not window.open_station()
    assert "LABTRACKER_DATABASE_URL must be" in window.station_panel.state.text()


def test_app_entry_point_starts_and_exits(station_env, tmp_path):
    """What `make run` starts, end to end in a real process (offscreen)."""
    env = {
        "QT_QPA_PLATFORM": "offscreen",
        "LABTRACKER_DATA_DIR": str(tmp_path / "app-data"),
        "LABTRACKER_SETTINGS_FILE": str(tmp_path / "none.toml"),
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-m", "ui", "--smoke-test"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "app-data" / "labtracker.sqlite3").exists()


def test_the_window_comes_back_where_it_was_closed(qtbot, station_env):
    first = MainWindow()
    qtbot.addWidget(first)
    assert not first.restore_layout()  # the first time on this station: the default size
    first.show()
    first.setGeometry(40, 30, 700, 500)  # inside the offscreen 800 × 600 screen
    qtbot.waitUntil(lambda: first.width() == 700)
    closed = first.geometry()
    first.close()  # saves its geometry
    second = MainWindow()
    qtbot.addWidget(second)
    assert second.restore_layout()
    assert second.geometry().size() == closed.size()
