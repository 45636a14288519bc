"""Slow work runs off the GUI thread; its result, its error and its progress come back on the
GUI thread, and every failure reaches the user."""

from __future__ import annotations

import logging
import threading

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QPushButton, QWidget
from shiboken6 import isValid

from labtracker.domain.errors import InvalidValueError
from ui import tasks
from ui.messages import open_boxes
from ui.tasks import PROGRESS_DELAY_MS, run_task, running_tasks

WAIT_MS = 5000


@pytest.fixture
def window(qtbot) -> QWidget:
    window = QWidget()
    window.resize(640, 400)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def gate() -> threading.Event:
    """Holds the work until the test lets it finish; never longer than the test."""
    event = threading.Event()
    yield event
    event.set()


class ShowCount(QObject):
    def __init__(self, widget: QWidget) -> None:
        super().__init__()
        self.shows = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show:
            self.shows += 1
        return False


def finish(qtbot) -> None:
    qtbot.waitUntil(lambda: running_tasks() == 0, timeout=WAIT_MS)


def visible_dialogs(window: QWidget) -> list[QProgressDialog]:
    return [d for d in window.findChildren(QProgressDialog) if d.isVisible()]


def test_the_result_comes_back_on_the_gui_thread(qtbot, window, gate):
    threads: dict[str, int] = {}
    results: list[object] = []

    def work(progress):
        threads["work"] = threading.get_ident()
        gate.wait(WAIT_MS / 1000)
        return {"pages": 12}

    def done(result):
        threads["done"] = threading.get_ident()
        results.append(result)

    task = run_task(window, "Making the batch record", work, on_done=done)
    assert running_tasks() == 1
    gate.set()
    with qtbot.waitSignal(task.finished, timeout=WAIT_MS):
        pass
    assert results == [{"pages": 12}]
    assert task.result == {"pages": 12}
    assert task.error is None
    assert threads["work"] != threading.get_ident()
    assert threads["done"] == threading.get_ident()
    assert running_tasks() == 0
    assert open_boxes(window) == []


def test_several_tasks_each_deliver_their_own_result(qtbot, window):
    results: list[int] = []
    for n in range(4):
        run_task(window, f"Label {n}", lambda progress, n=n: n * n, on_done=results.append)
    finish(qtbot)
    assert sorted(results) == [0, 1, 4, 9]


def test_quick_work_shows_no_dialog(qtbot, window):
    task = run_task(window, "Printing", lambda progress: "printed")
    shows = ShowCount(task.dialog)
    with qtbot.waitSignal(task.finished, timeout=WAIT_MS):
        pass
    assert task.result == "printed"
    assert shows.shows == 0


def test_slow_work_shows_a_progress_dialog_after_a_moment(qtbot, window, gate):
    task = run_task(window, "Backing up the database", lambda progress: gate.wait(WAIT_MS / 1000))
    dialog = task.dialog
    assert not dialog.isVisible()
    qtbot.waitUntil(dialog.isVisible, timeout=PROGRESS_DELAY_MS + WAIT_MS)
    assert dialog.windowTitle() == "Backing up the database"
    assert dialog.labelText() == "Backing up the database"
    assert dialog.findChildren(QPushButton) == []  # started work is not cancelled half-way
    assert dialog.windowModality() == Qt.WindowModality.WindowModal
    gate.set()
    finish(qtbot)
    assert visible_dialogs(window) == []


def test_progress_reports_update_the_dialog(qtbot, window):
    steps = [threading.Event() for _ in range(2)]

    def work(progress):
        progress(40, "Page 2 of 5")
        steps[0].wait(WAIT_MS / 1000)
        progress(80, "")
        steps[1].wait(WAIT_MS / 1000)
        return "done"

    try:
        task = run_task(window, "Making the batch record", work)
        dialog = task.dialog
        qtbot.waitUntil(lambda: dialog.value() == 40, timeout=WAIT_MS)
        assert (dialog.minimum(), dialog.maximum()) == (0, 100)
        assert dialog.labelText() == "Page 2 of 5"
        qtbot.waitUntil(dialog.isVisible, timeout=PROGRESS_DELAY_MS + WAIT_MS)
        steps[0].set()
        qtbot.waitUntil(lambda: dialog.value() == 80, timeout=WAIT_MS)
        assert dialog.labelText() == "Page 2 of 5"  # no new text: the last one stays
        steps[1].set()
        finish(qtbot)
    finally:
        for step in steps:
            step.set()
    assert task.result == "done"
    assert visible_dialogs(window) == []


def test_a_progress_report_does_not_show_the_dialog_before_the_delay(qtbot, window, gate):
    task = run_task(window, "Printing", lambda progress: (progress(5, "Sending"), gate.wait(5)))
    qtbot.waitUntil(lambda: task.dialog.value() == 5, timeout=WAIT_MS)
    assert not task.dialog.isVisible()


def test_an_error_goes_to_on_error_and_no_box_opens(qtbot, window):
    refusal = InvalidValueError("Viability", 104, "between 0 and 100 %")
    errors: list[BaseException] = []

    def work(progress):
        raise refusal

    task = run_task(window, "Saving the count", work, on_done=pytest.fail, on_error=errors.append)
    with qtbot.waitSignal(task.finished, timeout=WAIT_MS):
        pass
    assert errors == [refusal]
    assert task.error is refusal
    assert open_boxes(window) == []
    assert running_tasks() == 0


def test_a_refusal_without_on_error_is_shown_in_an_error_box(qtbot, window):
    refusal = InvalidValueError("Viability", 104, "between 0 and 100 %")

    def work(progress):
        raise refusal

    task = run_task(window, "Saving the count", work)
    with qtbot.waitSignal(task.finished, timeout=WAIT_MS):
        pass
    boxes = open_boxes(window)
    assert len(boxes) == 1
    box = boxes[0]
    assert box.objectName() == "errorBox"
    assert box.windowTitle() == "Saving the count"
    assert box.text() == "Viability must be between 0 and 100 %; you entered 104."
    assert box.icon() == QMessageBox.Icon.Critical
    assert box.detailedText() == ""
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: open_boxes(window) == [], timeout=WAIT_MS)


def test_an_unexpected_error_says_nothing_was_saved_and_is_logged(qtbot, window, caplog):
    def work(progress):
        return 1 / 0

    with caplog.at_level(logging.ERROR, logger="labtracker.ui"):
        task = run_task(window, "Printing the label", work, on_done=pytest.fail)
        with qtbot.waitSignal(task.finished, timeout=WAIT_MS):
            pass
    (box,) = open_boxes(window)
    assert box.objectName() == "errorBox"
    assert box.text().startswith(
        "Printing the label did not finish: ZeroDivisionError: division by zero"
    )
    assert "Nothing was saved half-way" in box.text()
    assert "Traceback" in box.detailedText()
    assert "1 / 0" in box.detailedText()
    assert any("Printing the label failed" in r.getMessage() for r in caplog.records)
    assert isinstance(task.error, ZeroDivisionError)


def test_work_that_outlives_its_window_is_not_counted_forever(qtbot, gate):
    window = QWidget()
    window.show()
    task = run_task(window, "Backing up", lambda progress: gate.wait(WAIT_MS / 1000))
    try:
        window.deleteLater()
        qtbot.waitUntil(lambda: not isValid(window), timeout=WAIT_MS)
        gate.set()
        finish(qtbot)
    finally:
        tasks._running.discard(task)  # do not leave the stuck task to the next test
