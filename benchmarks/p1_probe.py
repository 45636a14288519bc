"""Runs inside the process whose start-up P1 times; prints when it became usable, then exits.

    BENCH_T0=<time.monotonic() before the spawn> python -m benchmarks.p1_probe app|bare

``app``: the real `labtracker-app` entry point (`ui.__main__.main`) on the configured
station. Three moments are reported: the window's first paint (``paint``), the sign-in
form's user ID field painted, visible and enabled (``usable``: a person can start typing;
keystrokes wait in the queue until the event loop is free), and when the event loop next
runs (``input``: the database is open and what was typed appears).
``bare``: a bare PySide6 QMainWindow with a label and a line edit, shown the same way.

Both stop at once (`os._exit`) after reporting: tear-down is not start-up. Nothing here is
imported before the clock starts but this module and the standard library.
"""

from __future__ import annotations

import os
import sys
import time

T0 = float(os.environ.get("BENCH_T0", "0")) or time.monotonic()


def _report(**moments: float) -> None:
    text = " ".join(f"{name}={value - T0:.6f}" for name, value in moments.items())
    sys.stdout.write(f"BENCH-START {text}\n")
    sys.stdout.flush()
    os._exit(0)


def _watch(app, keep, is_ready) -> None:  # type: ignore[no-untyped-def]
    """Report the first frame, the first frame of the sign-in field (``is_ready(widget)``),
    and when the event loop is next free to take a keystroke."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    seen: dict[str, float] = {}

    class Frames(QObject):
        def eventFilter(self, watched, event):  # type: ignore[no-untyped-def]
            if event.type() == QEvent.Type.Paint:
                seen.setdefault("paint", time.monotonic())
                if "usable" not in seen and is_ready(watched):
                    seen["usable"] = time.monotonic()

                    def free() -> None:
                        seen["input"] = time.monotonic()
                        _report(**seen)

                    QTimer.singleShot(0, free)
            return False

    frames = Frames(app)
    app.installEventFilter(frames)
    keep.append(frames)


def bare() -> None:
    from PySide6.QtWidgets import (
        QApplication,
        QLabel,
        QLineEdit,
        QMainWindow,
        QVBoxLayout,
        QWidget,
    )

    app = QApplication([sys.argv[0]])
    window = QMainWindow()
    window.resize(1100, 720)
    central = QWidget()
    layout = QVBoxLayout(central)
    layout.addWidget(QLabel("labtracker"))
    field = QLineEdit()
    field.setObjectName("userId")
    layout.addWidget(field)
    window.setCentralWidget(central)
    keep: list[object] = []
    _watch(app, keep, lambda widget: widget is field)
    window.show()
    field.setFocus()
    app.exec()


def app() -> None:
    import ui.main_window
    from ui.__main__ import main

    original = ui.main_window.MainWindow

    class Probed(original):  # type: ignore[misc, valid-type]
        def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            super().__init__(*args, **kwargs)
            from PySide6.QtWidgets import QApplication, QLineEdit

            def ready(widget) -> bool:  # type: ignore[no-untyped-def]
                panel = self.login_panel
                return (
                    panel is not None
                    and isinstance(widget, QLineEdit)
                    and panel.isAncestorOf(widget)
                    and panel.isVisible()
                    and panel.isEnabled()
                )

            self._bench_keep: list[object] = []
            _watch(QApplication.instance(), self._bench_keep, ready)

    ui.main_window.MainWindow = Probed
    main(["labtracker-app"])


if __name__ == "__main__":
    {"app": app, "bare": bare}[sys.argv[1]]()
    sys.exit("the window never became usable")
