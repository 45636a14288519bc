"""Runs inside the process whose start-up P1 times; prints when it became usable, then exits.

    BENCH_T0=<time.monotonic() before the spawn> python -m benchmarks.p1_probe app|bare

``app``: the real `labtracker-app` entry point (`ui.__main__.main`) on the configured
station. Two moments are reported: the window's first frame, and the first frame with the
sign-in form on it (user ID field ready for typing), which is when a person can start.
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


def _watch(app, first, is_ready) -> None:  # type: ignore[no-untyped-def]
    """Call ``first()`` after the first frame, ``is_ready(widget)`` decides the usable one."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    seen: dict[str, float] = {}

    class Frames(QObject):
        def eventFilter(self, watched, event):  # type: ignore[no-untyped-def]
            if event.type() == QEvent.Type.Paint:
                if "frame" not in seen:
                    seen["paint"] = time.monotonic()
                    seen["frame"] = 0.0
                    # After the frame being painted now is finished.
                    QTimer.singleShot(0, lambda: seen.__setitem__("frame", time.monotonic()))
                if "usable" not in seen and is_ready(watched):
                    seen["usable"] = 0.0

                    def usable() -> None:
                        seen["usable"] = time.monotonic()
                        if not seen["frame"]:
                            seen["frame"] = seen["usable"]
                        _report(**seen)

                    QTimer.singleShot(0, usable)
            return False

    frames = Frames(app)
    app.installEventFilter(frames)
    first.append(frames)


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
