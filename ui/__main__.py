"""Start the desktop app: paint the window first, then open the database behind it.

The database stack (SQLAlchemy, Alembic) takes longer to import than Qt takes to show a
window, so it is imported only once the window is on screen.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    parser = argparse.ArgumentParser(prog="labtracker-app")
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="open the window and the database, then exit: 0 when both worked",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open a throwaway demonstration site (a new temporary database, never a real one)",
    )
    options, qt_args = parser.parse_known_args(argv[1:])

    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from ui.crash import install_exception_hook
    from ui.i18n import install_language, remembered_language
    from ui.main_window import MainWindow

    # High-DPI: Qt 6 scales by the screen's factor; keep fractional factors (125 %, 150 %) as
    # they are instead of rounding, so text and touch targets keep their intended size.
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    app = QApplication([argv[0], *qt_args])
    app.setApplicationName("labtracker")
    app.setOrganizationName("labtracker")
    install_exception_hook()
    # Before any widget is made: they take their text from the language installed then.
    install_language(app, remembered_language())
    window = MainWindow()
    if window.restore_layout():
        window.show()
    else:  # first start on this bench PC: the whole screen, for large type and targets
        screen = app.primaryScreen()
        if screen is not None:
            window.setGeometry(screen.availableGeometry())
        window.showMaximized()

    demo_dir = None
    settings = None
    if options.demo:
        import tempfile

        from labtracker.settings import load_settings

        demo_dir = tempfile.TemporaryDirectory(prefix="labtracker-demo-")
        settings = load_settings(
            {
                "LABTRACKER_DATA_DIR": demo_dir.name,
                "LABTRACKER_SETTINGS_FILE": f"{demo_dir.name}/settings.toml",
                "LABTRACKER_DATABASE_URL": f"sqlite:///{demo_dir.name}/demo.sqlite3",
            }
        )

    def start() -> None:
        opened = window.open_station(settings, demo=options.demo)
        if options.smoke_test:
            app.exit(0 if opened else 1)

    QTimer.singleShot(0, start)
    status = app.exec()
    window.close_station()
    if demo_dir is not None:
        demo_dir.cleanup()
    return status


if __name__ == "__main__":
    raise SystemExit(main())
