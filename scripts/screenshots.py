"""Take the screenshots in docs/screenshots/ from the real app on a demonstration site.

    .venv/bin/python scripts/screenshots.py            # all of them, into docs/screenshots/
    .venv/bin/python scripts/screenshots.py --out DIR  # somewhere else

Runs offscreen (no display needed): a throwaway demo database is made through the real
services, each person signs in through the real services, and each screen is grabbed at
1280×800 exactly as the app shows it. Run it again whenever a screen changes.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SIZE = (1280, 800)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    options = parser.parse_args(argv)
    options.out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtWidgets import QApplication, QWidget

    from labtracker.services import auth
    from labtracker.services.demo import DEMO_PASSWORD
    from labtracker.settings import load_settings
    from ui.main_window import MainWindow
    from ui.tasks import running_tasks

    app = QApplication.instance() or QApplication(["labtracker"])
    folder = tempfile.TemporaryDirectory(prefix="labtracker-shots-")
    settings = load_settings(
        {
            "LABTRACKER_DATA_DIR": folder.name,
            "LABTRACKER_SETTINGS_FILE": f"{folder.name}/settings.toml",
            "LABTRACKER_DATABASE_URL": f"sqlite:///{folder.name}/demo.sqlite3",
        }
    )
    window = MainWindow()
    window.resize(*SIZE)
    window.show()
    if not window.open_station(settings, demo=True):
        print("could not open the demo database", file=sys.stderr)
        return 1
    while running_tasks():
        app.processEvents()
    assert window.station is not None
    db = window.station.database
    dins = {
        what.split(";")[0].split(",")[0].split(" (")[0]: din for din, what in _demo_lots(window)
    }

    def settle() -> None:
        for _ in range(20):
            app.processEvents()

    def grab(name: str, widget: QWidget | None = None) -> None:
        settle()
        target = widget or window
        path = options.out / f"{name}.png"
        target.grab().save(str(path))
        print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")

    grab("sign-in")
    window.sign_out()

    def signed_in(username: str) -> None:
        window.sign_out()
        window._start_session(auth.login(db, username, DEMO_PASSWORD, station="screenshots"))
        settle()

    workspace = lambda: window.workspace  # noqa: E731 - rebuilt at each sign-in

    def page(key: str) -> Callable[[], QWidget | None]:
        def show() -> None:
            workspace().show_page(key)

        return show

    def lot(stage: str, tab: str | None = None) -> Callable[[], QWidget | None]:
        def show() -> None:
            workspace().open_lot(dins[stage])
            if tab is not None:
                workspace().current().show_tab(tab)
            settle_tasks()

        return show

    def form(stage: str, action: str, scans: tuple[str, ...] = ()) -> Callable[[], QWidget]:
        def show() -> QWidget:
            workspace().open_lot(dins[stage])
            settle_tasks()
            lot_page = workspace().current()
            lot_page.action_button(action).click()
            dialog = lot_page.open_form
            for scan in scans:
                workspace().handle_scan(scan.format(din=dins[stage]))
            dialog.resize(960, 860)
            return dialog

        return show

    def review(stage: str) -> Callable[[], None]:
        def show() -> None:
            workspace().open_review(dins[stage])
            settle_tasks()

        return show

    def bedside(stage: str, wristband: str | None) -> Callable[[], QWidget | None]:
        def show() -> QWidget | None:
            from ui.hard_stop import open_stop

            workspace().show_page("bedside")
            page = workspace().current()
            page.handle_scan(f"={dins[stage]}00")
            if wristband is not None:
                page.handle_scan(wristband)
            settle()
            return open_stop(page)

        return show

    def settle_tasks() -> None:
        while running_tasks():
            app.processEvents()
        settle()

    shots = (
        ("tech", "home-technician", page("home")),
        ("tech", "lots", page("lots")),
        (
            "tech",
            "patients",
            lambda: (page("patients")(), workspace().current().show_patient("MRN0010004")),
        ),
        ("tech", "lot-in-culture-vessels", lot("in culture", "vessels")),
        ("tech", "lot-in-culture-growth", lot("in culture", "growth")),
        ("tech", "form-harvest", form("in culture", "HarvestForm", ("{din}-P1-1", "{din}-P1-2"))),
        ("qa", "home-qa", page("home")),
        ("qa", "lot-failed-qc", lot("seeded", "qc")),
        ("qa", "qa-review", review("seeded")),
        ("qa", "specifications", page("specifications")),
        ("qa", "deviations", page("deviations")),
        ("surgeon", "home-surgeon", page("home")),
        ("surgeon", "bedside-wrong-patient", bedside("released", "MRN:MRN0010001")),
        ("admin", "home-administrator", page("home")),
        ("admin", "admin-users", page("admin-users")),
        ("admin", "admin-site", page("admin-site")),
        ("admin", "admin-backups", page("admin-backups")),
    )
    current = None
    for username, name, action in shots:
        if username != current:
            signed_in(username)
            current = username
        try:
            shown = action()
        except KeyError as missing:
            print(f"skipped {name}: no screen {missing}", file=sys.stderr)
            continue
        target = shown if isinstance(shown, QWidget) else None
        grab(name, target)
        if target is not None:
            target.close()
    window.close_station()
    folder.cleanup()
    return 0


def _demo_lots(window) -> list[tuple[str, str]]:
    """(DIN, stage) of the demo's lots, read back through the lot list service."""
    from labtracker.services import auth, queries
    from labtracker.services.demo import DEMO_PASSWORD

    db = window.station.database
    actor = auth.login(db, "qa", DEMO_PASSWORD, station="screenshots")
    stages = {
        "implanted": "implanted",
        "in_culture": "in culture",
        "seeded": "seeded",
        "released": "released",
        "received": "received",
    }
    return [
        (row.din, stages.get(row.status.value, row.status.value))
        for row in queries.list_lots(db, actor)
    ]


if __name__ == "__main__":
    raise SystemExit(main())
