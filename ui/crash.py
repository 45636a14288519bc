"""An unexpected error shows a dialog with the details and where the log is, instead of the
app vanishing with a half-finished action on screen."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QWidget

log = logging.getLogger("labtracker.ui")

# Tests replace this to see the dialog's text without a modal loop.
show_error_dialog: Callable[[QWidget | None, str, str], None]


def _show_error_dialog(parent: QWidget | None, summary: str, details: str) -> None:
    # Qt's message box (its class and its many enums) is only set up the first time one is
    # needed, not before the first frame at start-up; QtWidgets itself is loaded by then.
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(
        QMessageBox.Icon.Critical,
        QCoreApplication.translate("Crash", "labtracker: unexpected error"),
        summary,
        QMessageBox.StandardButton.Close,
        parent,
    )
    box.setDetailedText(details)
    box.exec()


show_error_dialog = _show_error_dialog


def install_exception_hook() -> None:
    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        from labtracker.logs import log_file

        details = "".join(traceback.format_exception(kind, error, tb))
        # The log keeps the traceback, not the message: it may name a patient (labtracker.logs).
        log.error("unexpected error", exc_info=(kind, error, tb))
        parent = QApplication.activeWindow()
        show_error_dialog(
            parent,
            QCoreApplication.translate(
                "Crash",
                "Something went wrong and the last action may not have finished. Nothing was "
                "saved half-way: check the record before repeating the action, and tell the "
                "system administrator, who will find the details in the log file:\n{log}"
                "\n\n{error}",
            ).format(log=log_file(), error=f"{kind.__name__}: {error}"),
            details,
        )

    sys.excepthook = hook
