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


class _Watch:
    """Paint events of two widgets only (an application-wide filter would run Python for
    every event of the start-up and slow the app more than the bare window)."""

    def __init__(self) -> None:
        from PySide6.QtCore import QEvent, QObject, QTimer

        seen: dict[str, float] = {}
        self.seen = seen

        class Frames(QObject):
            def __init__(self, ready) -> None:  # type: ignore[no-untyped-def]
                super().__init__()
                self.ready = ready

            def eventFilter(self, watched, event):  # type: ignore[no-untyped-def]
                if event.type() == QEvent.Type.Paint:
                    seen.setdefault("paint", time.monotonic())
                    if "usable" not in seen and self.ready(watched):
                        seen["usable"] = time.monotonic()

                        def free() -> None:
                            seen["input"] = time.monotonic()
                            _report(**seen)

                        QTimer.singleShot(0, free)
                return False

        self.frames = Frames

    def window(self, widget) -> None:  # type: ignore[no-untyped-def]
        """The window's first paint."""
        self._keep(widget, lambda _w: False)

    def field(self, widget, ready) -> None:  # type: ignore[no-untyped-def]
        """The sign-in field: usable when painted and ``ready()``."""
        self._keep(widget, lambda _w: ready())

    def _keep(self, widget, ready) -> None:  # type: ignore[no-untyped-def]
        frames = self.frames(ready)
        frames.setParent(widget)
        widget.installEventFilter(frames)


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
    watch = _Watch()
    window = QMainWindow()
    window.resize(1100, 720)
    central = QWidget()
    layout = QVBoxLayout(central)
    layout.addWidget(QLabel("labtracker"))
    field = QLineEdit()
    field.setObjectName("userId")
    layout.addWidget(field)
    window.setCentralWidget(central)
    watch.window(window)
    watch.field(field, lambda: True)
    window.show()
    field.setFocus()
    app.exec()


def app() -> None:
    import ui.main_window
    from ui.__main__ import main

    watch_holder: list[_Watch] = []

    class Window(ui.main_window.MainWindow):  # type: ignore[misc, name-defined]
        def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            super().__init__(*args, **kwargs)
            watch_holder.append(_Watch())
            watch_holder[0].window(self)

    class Panel(ui.main_window.LoginPanel):  # type: ignore[misc, name-defined]
        def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            super().__init__(*args, **kwargs)
            if watch_holder:
                watch_holder[0].field(
                    self.user_id, lambda: self.isVisible() and self.user_id.isEnabled()
                )

    ui.main_window.MainWindow = Window
    ui.main_window.LoginPanel = Panel
    main(["labtracker-app"])


if __name__ == "__main__":
    {"app": app, "bare": bare}[sys.argv[1]]()
    sys.exit("the window never became usable")
