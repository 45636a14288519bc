"""No screen opens a stray window: a widget shown before it has a parent becomes a window of
its own, flashes on the bench PC's screen and takes the keyboard from the app (shortcuts
such as Ctrl+Shift+L stop working). Every role's screens are built and shown here while a
spy records every window that appears."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QDialog, QMenu, QWidget

from ui.navigation import build_pages
from ui.workspace import Workspace


class WindowSpy(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.windows: list[str] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Show
            and isinstance(watched, QWidget)
            and watched.isWindow()
            and not isinstance(watched, QDialog | QMenu)
        ):
            self.windows.append(f"{type(watched).__name__} {watched.objectName()!r}")
        return False


def test_every_screen_of_every_role_shows_without_stray_windows(qtbot, demo):
    spy = WindowSpy()
    QApplication.instance().installEventFilter(spy)
    try:
        for username in ("tech", "qa", "surgeon", "admin"):
            ctx = demo.ctx(username)
            workspace = Workspace(ctx)
            qtbot.addWidget(workspace)
            build_pages(workspace, ctx)
            workspace.show()
            for key in workspace.page_keys():
                workspace.show_page(key)
                qtbot.wait(5)
            if ctx.has_role("technician", "qa"):
                workspace.open_lot(demo.din("in culture"))
                qtbot.wait(5)
            workspace.close()
    finally:
        QApplication.instance().removeEventFilter(spy)
    assert spy.windows == [
        "Workspace 'workspace'",
        "Workspace 'workspace'",
        "Workspace 'workspace'",
        "Workspace 'workspace'",
    ]
