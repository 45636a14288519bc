"""The one way slow work (PDFs, printing, backup, big queries) runs: on a worker thread,
with a progress dialog when it takes more than a moment, and its result or error delivered
back on the GUI thread. Like Anki's background operations: the window stays responsive and
every failure reaches the user.

    run_task(self, "Making the batch record", lambda progress: render(...),
             on_done=self.show_pdf)

`work` receives a `Progress` it may call with (percent, text); it must not touch widgets.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QObject,
    QRunnable,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import QProgressBar, QProgressDialog, QWidget
from shiboken6 import isValid

from ui import messages

log = logging.getLogger("labtracker.ui")

# A dialog for work that takes longer than this; quick work just happens.
PROGRESS_DELAY_MS = 400

Progress = Callable[[int, str], None]

_running: set[Task] = set()


class _Signals(QObject):
    progress = Signal(int, str)
    done = Signal(object)
    failed = Signal(object, str)


class _Runnable(QRunnable):
    def __init__(self, work: Callable[[Progress], Any], signals: _Signals) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._work = work
        self._signals = signals

    def run(self) -> None:
        try:
            result = self._work(lambda percent, text="": self._signals.progress.emit(percent, text))
        except BaseException as error:
            self._signals.failed.emit(error, traceback.format_exc())
        else:
            self._signals.done.emit(result)


class Task(QObject):
    """A piece of background work in flight; `finished` fires after its callback ran."""

    finished = Signal()

    def __init__(
        self,
        parent: QWidget,
        title: str,
        work: Callable[[Progress], Any],
        on_done: Callable[[Any], None] | None,
        on_error: Callable[[BaseException], None] | None,
    ) -> None:
        # Not a child of the window: kept alive by _running until its result is delivered,
        # even if the window closes first.
        super().__init__()
        self.title = title
        self._parent = parent
        self._on_done = on_done
        self._on_error = on_error
        self.result: Any = None
        self.error: BaseException | None = None
        self.signals = _Signals()
        self.signals.progress.connect(self._progress, Qt.ConnectionType.QueuedConnection)
        self.signals.done.connect(self._done, Qt.ConnectionType.QueuedConnection)
        self.signals.failed.connect(self._failed, Qt.ConnectionType.QueuedConnection)
        self.dialog = QProgressDialog(title, "", 0, 0, parent)
        self.dialog.setObjectName("taskProgress")
        self.dialog.setWindowTitle(title)
        self.dialog.setCancelButton(None)  # started work finishes; half-done records are worse
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        # Our own bar: QProgressDialog.setValue would show the dialog at once (before the
        # delay) and run a nested event loop, delivering the result inside a progress report.
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.dialog.setBar(self.bar)
        self.dialog.setMinimumDuration(0)
        self.dialog.reset()
        self._show_timer = QTimer(self, singleShot=True, interval=PROGRESS_DELAY_MS)
        self._show_timer.timeout.connect(self.dialog.show)
        self._work = work

    def start(self) -> None:
        _running.add(self)
        self._show_timer.start()
        QThreadPool.globalInstance().start(_Runnable(self._work, self.signals))

    def _progress(self, percent: int, text: str) -> None:
        if not isValid(self.dialog):  # its window has closed
            return
        if self.bar.maximum() == 0 and percent > 0:
            self.bar.setRange(0, 100)
        self.bar.setValue(max(0, min(100, percent)))
        if text:
            self.dialog.setLabelText(text)

    def _close(self) -> None:
        self._show_timer.stop()
        if isValid(self.dialog):
            self.dialog.hide()
            self.dialog.deleteLater()
        _running.discard(self)
        self.deleteLater()

    def _done(self, result: Any) -> None:
        self._close()
        self.result = result
        try:
            if self._on_done is not None and isValid(self._parent):
                self._on_done(result)
        finally:
            self.finished.emit()

    def _failed(self, error: BaseException, details: str) -> None:
        self._close()
        self.error = error
        try:
            if self._on_error is not None and isValid(self._parent):
                self._on_error(error)
            else:
                parent = self._parent if isValid(self._parent) else None
                report_failure(parent, self.title, error, details)
        finally:
            self.finished.emit()


def report_failure(parent: QWidget | None, title: str, error: BaseException, details: str) -> None:
    """Our refusals are shown as they are; anything else also goes to the log."""
    from labtracker.domain.errors import LabtrackerError

    if isinstance(error, LabtrackerError):
        messages.error(parent, title, str(error))
        return
    log.error("%s failed\n%s", title, details)
    messages.error(
        parent,
        title,
        QCoreApplication.translate(
            "Tasks",
            "{title} did not finish: {error}\n\nNothing was saved half-way. Try again; if it "
            "happens again, tell the system administrator (the details are in the log).",
        ).format(title=title, error=f"{type(error).__name__}: {error}"),
        details=details,
    )


def run_task(
    parent: QWidget,
    title: str,
    work: Callable[[Progress], Any],
    *,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
) -> Task:
    """Run `work` off the GUI thread; `on_done(result)` / `on_error(error)` run on it."""
    task = Task(parent, title, work, on_done, on_error)
    task.start()
    return task


def running_tasks() -> int:
    """How many background tasks have not delivered their result yet (tests wait on it)."""
    return len(_running)
