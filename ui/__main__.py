"""Start the desktop app: paint the window first, then open the database behind it.

The database stack (SQLAlchemy, Alembic) takes longer to import than Qt takes to show a
window, so it is imported only once the window is on screen.

`labtracker-app --selftest` checks an installation instead (the database, the migrations, a
printed label, the window offscreen) and exits 0 only when every check passed.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

log = logging.getLogger("labtracker.app")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    parser = argparse.ArgumentParser(prog="labtracker-app")
    parser.add_argument(
        "--selftest",
        action="store_true",
        help="check this installation (database, migrations, label printing, the window "
        "offscreen), print one line per check and exit: 0 when every check passed",
    )
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

    from labtracker.logs import configure_logging

    log_file = configure_logging("app")
    if options.selftest:
        return selftest(argv[0], qt_args, log_file)
    log.info("labtracker-app %s starting; %s", _version(), _qt_versions())

    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from ui.crash import install_exception_hook
    from ui.i18n import install_language, remembered_language

    _log_qt_messages()
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
    from ui.main_window import MainWindow

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
        _log_station(window, opened, demo=options.demo)
        if options.smoke_test:
            app.exit(0 if opened else 1)

    QTimer.singleShot(0, start)
    status = app.exec()
    window.close_station()
    if demo_dir is not None:
        demo_dir.cleanup()
    log.info("labtracker-app stopped (exit status %d)", status)
    return status


def _version() -> str:
    from labtracker import __version__

    return __version__


def _qt_versions() -> str:
    import PySide6
    from PySide6.QtCore import qVersion

    return f"Python {sys.version.split()[0]}, Qt {qVersion()}, PySide6 {PySide6.__version__}"


def _log_station(window, opened: bool, *, demo: bool) -> None:
    """The database the app works on (never a password), or why it could not open it."""
    if opened and window.station is not None:
        info = window.station.info
        log.info(
            "database%s: %s %s (chosen by %s), schema %s, this version's %s",
            " (demonstration)" if demo else "",
            info.backend,
            info.location,
            info.source,
            info.revision,
            info.head,
        )
    else:
        log.error("database not available: %s", window.station_panel.state.text())


def _log_qt_messages(*, echo: bool = True) -> None:
    """Qt's own warnings (a missing plugin, a font) go to the log, and with `echo` to stderr
    as well."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    levels = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
        QtMsgType.QtCriticalMsg: logging.ERROR,
        QtMsgType.QtFatalMsg: logging.CRITICAL,
    }
    qt_log = logging.getLogger("qt")

    def handler(kind, context, message: str) -> None:
        level = levels.get(kind, logging.WARNING)
        qt_log.log(level, "%s", message)
        if echo and level >= logging.WARNING:
            print(message, file=sys.stderr)

    qInstallMessageHandler(handler)


# --- the self test -----------------------------------------------------------------------------


def selftest(program: str, qt_args: list[str], log_file: Path) -> int:
    """Check this installation, one line per check; 0 only when every check passed."""
    import os
    import tempfile

    from labtracker.selftest import CheckResult, environment_lines, run_check, run_checks

    # Nothing is shown: the window is opened on Qt's offscreen screen unless told otherwise.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    log.info("labtracker-app %s self test", _version())
    for line in [*environment_lines(log_file), _qt_versions().split(", ", 1)[1]]:
        print(f"      {line}", flush=True)
    with tempfile.TemporaryDirectory(prefix="labtracker-selftest-") as work:
        results: list[CheckResult] = []
        for result in run_checks(Path(work)):
            print(result.line, flush=True)
            results.append(result)
        database = Path(work) / "migrations.sqlite3"
        result = run_check("window", lambda: _check_window(program, qt_args, database))
        print(result.line, flush=True)
        results.append(result)
    failed = [r.name for r in results if not r.passed]
    summary = (
        f"{len(results)} checks passed"
        if not failed
        else f"{len(failed)} of {len(results)} checks FAILED: {', '.join(failed)}"
    )
    print(summary, flush=True)
    log.log(logging.ERROR if failed else logging.INFO, "self test: %s", summary)
    return 1 if failed else 0


def _check_window(program: str, qt_args: list[str], database: Path) -> tuple[bool, str]:
    """The main window opens in Chinese on a new database (the first-run set-up), with a
    font for Chinese text, and closes; the station's remembered language and window
    geometry are left as they were."""
    from PySide6.QtCore import QCoreApplication, QLibraryInfo, QSettings
    from PySide6.QtGui import QFontDatabase
    from PySide6.QtWidgets import QApplication

    from labtracker.settings import load_settings
    from ui import i18n

    # The station's own preferences (QSettings) are not read or written by the test.
    preferences = database.parent / "preferences"
    for kind in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(kind, QSettings.Scope.UserScope, str(preferences))
    _log_qt_messages(echo=False)  # the offscreen screen's notes would clutter the report
    app = QApplication.instance() or QApplication([program, *qt_args])
    platform_name = QApplication.platformName()
    if not i18n.install_language(app, "zh_CN"):
        return False, f"the Chinese translation did not load from {i18n.catalogue('zh_CN')}"
    qt_catalogue = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    if not (qt_catalogue / "qtbase_zh_CN.qm").is_file():
        return False, f"Qt's own Chinese translation is missing from {qt_catalogue}"
    chinese_fonts = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    if not chinese_fonts:
        return False, "no font for Chinese text on screen (install fonts-wqy-microhei)"

    from ui.main_window import MainWindow

    window = MainWindow()
    try:
        window.show()
        app.processEvents()
        settings = load_settings(
            {
                "LABTRACKER_DATA_DIR": str(database.parent),
                "LABTRACKER_SETTINGS_FILE": str(database.parent / "settings.toml"),
                "LABTRACKER_DATABASE_URL": f"sqlite:///{database}",
            }
        )
        opened = window.open_station(settings)
        app.processEvents()
        status = window.statusBar().currentMessage()
        first_run = window.first_run_panel is not None and window.first_run_panel.isVisible()
        chinese = any("\u4e00" <= ch <= "\u9fff" for ch in status)
        title = QCoreApplication.translate("Crash", "labtracker: unexpected error")
    finally:
        window.close_station()
        window.idle_watcher.stop()
        window.hide()  # not close(): that would remember this window's size for the station
        window.deleteLater()
        app.processEvents()
        i18n.install_language(app, i18n.SOURCE_LANGUAGE)
    what = f"main window opened and closed ({platform_name}), Chinese translation loaded"
    if not opened:
        return False, f"{what}, but the window could not open a new database"
    if not first_run or not chinese:
        return False, f"{what}, but the first-run set-up did not show in Chinese ({status!r})"
    if title == "labtracker: unexpected error":
        return False, f"{what}, but the error dialog's text is not translated"
    return True, (
        f"{what}: the first-run set-up shows in Chinese; fonts for Chinese: {chinese_fonts[0]}"
        + (f" (+{len(chinese_fonts) - 1})" if len(chinese_fonts) > 1 else "")
    )


if __name__ == "__main__":
    raise SystemExit(main())
