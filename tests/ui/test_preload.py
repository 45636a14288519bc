"""The work area's code is loaded while the sign-in form waits, one module per turn of the
event loop; the start-up objects are frozen once, when the first work area is built. Run in
a fresh process: in the test process everything is imported already."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

PROBE = textwrap.dedent(
    """
    import gc, json, sys, time
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from ui.main_window import MainWindow
    from ui.preload import WORK_AREA_MODULES

    def loaded():
        return [name for name in WORK_AREA_MODULES if name in sys.modules]

    window = MainWindow()
    window.show()
    report = {"before_open": loaded()}
    assert window.open_station(demo=True)
    report["right_after_open"] = loaded()
    turns = 0
    while len(loaded()) < len(WORK_AREA_MODULES) and turns < 200:
        app.processEvents()
        turns += 1
    report["after_idle"] = loaded()
    report["turns"] = turns
    from ui.tasks import running_tasks
    while running_tasks():  # the demonstration site is being filled
        app.processEvents()
        time.sleep(0.01)
    report["frozen_before_sign_in"] = gc.get_freeze_count()
    from sqlalchemy import select
    from labtracker.db.models import UserAccount
    from labtracker.services.context import Actor, current_roles
    with window.station.database.reading() as session:
        user = session.scalar(select(UserAccount).where(UserAccount.username == "tech"))
        actor = Actor(user.id, user.username, user.full_name,
                      current_roles(session, user.id), "TEST")
    window._start_session(actor)
    report["frozen_after_sign_in"] = gc.get_freeze_count()
    report["home"] = type(window.home_page).__name__
    print("PRELOAD " + json.dumps(report))
    """
)


def test_work_area_modules_load_while_the_sign_in_form_waits(tmp_path):
    env = {
        "QT_QPA_PLATFORM": "offscreen",
        "LABTRACKER_DATA_DIR": str(tmp_path / "data"),
        "LABTRACKER_SETTINGS_FILE": str(tmp_path / "none.toml"),
        "LABTRACKER_LOG_DIR": str(tmp_path / "logs"),
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=120
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("PRELOAD ")]
    assert lines, done.stderr
    report = json.loads(lines[0][len("PRELOAD ") :])
    from ui.preload import WORK_AREA_MODULES

    assert "ui.pages.home" not in report["before_open"]
    # Not all at once in open_station: one module per turn, the form stays responsive.
    assert len(report["right_after_open"]) < len(WORK_AREA_MODULES)
    assert report["after_idle"] == list(WORK_AREA_MODULES)
    assert report["turns"] >= len(WORK_AREA_MODULES) - len(report["right_after_open"])
    assert report["frozen_before_sign_in"] == 0
    assert report["frozen_after_sign_in"] > 10_000
    assert report["home"] == "HomePage"
