"""The packaging tests run the installed programs as IT does: in subprocesses, each with a
throwaway station (data directory, settings file, log directory, home)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture
def station_dirs(tmp_path: Path) -> dict[str, str]:
    """A bench PC's environment with nothing of this machine's: where the programs keep
    their data, settings, log and home, and no database set up (the default SQLite file)."""
    return {
        "LABTRACKER_DATA_DIR": str(tmp_path / "data"),
        "LABTRACKER_SETTINGS_FILE": str(tmp_path / "settings.toml"),
        "LABTRACKER_LOG_DIR": str(tmp_path / "log"),
        "HOME": str(tmp_path / "home"),
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8",
    }


@pytest.fixture
def logging_to(tmp_path: Path) -> Iterator[Path]:
    """This process logs to a fresh directory for the test, and stops afterwards."""
    from labtracker.logs import configure_logging, stop_logging

    path = configure_logging("app", log_dir=tmp_path / "log")
    yield path
    stop_logging()


@pytest.fixture
def own_preferences(tmp_path: Path) -> None:
    """Qt's per-station preferences (language, window geometry) in a throwaway directory."""
    from PySide6.QtCore import QSettings

    for kind in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(kind, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))
