"""Message boxes, made in one place. They open window-modal without a nested event loop, so
the app (and a test) carries on; tests find them with `open_boxes(parent)` and press a
button, instead of patching QMessageBox."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

StandardButton = QMessageBox.StandardButton


def _box(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    buttons: QMessageBox.StandardButton,
    *,
    details: str = "",
    name: str,
) -> QMessageBox:
    box = QMessageBox(icon, title, text, buttons, parent)
    box.setObjectName(name)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if details:
        box.setDetailedText(details)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    return box


def error(parent: QWidget | None, title: str, text: str, *, details: str = "") -> QMessageBox:
    """Something the user asked for was refused or failed; `text` says why and what to do."""
    box = _box(
        parent,
        QMessageBox.Icon.Critical,
        title,
        text,
        StandardButton.Ok,
        details=details,
        name="errorBox",
    )
    box.open()
    return box


def information(parent: QWidget | None, title: str, text: str) -> QMessageBox:
    box = _box(parent, QMessageBox.Icon.Information, title, text, StandardButton.Ok, name="infoBox")
    box.open()
    return box


def confirm(
    parent: QWidget | None,
    title: str,
    text: str,
    on_yes: Callable[[], None],
    *,
    yes_text: str | None = None,
    no_text: str | None = None,
) -> QMessageBox:
    """Ask before something that cannot be undone; `on_yes` runs only on an explicit yes.
    The safe answer is the default, so a stray Enter (or a scanner's) does nothing."""
    box = _box(
        parent,
        QMessageBox.Icon.Question,
        title,
        text,
        StandardButton.Yes | StandardButton.Cancel,
        name="confirmBox",
    )
    box.button(StandardButton.Yes).setText(
        QCoreApplication.translate("Messages", "Yes") if yes_text is None else yes_text
    )
    box.button(StandardButton.Cancel).setText(
        QCoreApplication.translate("Messages", "Cancel") if no_text is None else no_text
    )
    box.setDefaultButton(StandardButton.Cancel)

    def finished(result: int) -> None:
        if result == StandardButton.Yes:
            on_yes()

    box.finished.connect(finished)
    box.open()
    return box


def open_boxes(parent: QWidget) -> list[QMessageBox]:
    """The message boxes currently open over `parent` (for tests and the idle lock)."""
    return [box for box in parent.findChildren(QMessageBox) if box.isVisible()]
