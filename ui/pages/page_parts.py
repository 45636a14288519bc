"""Small pieces the QA pages (QA review, specifications, label templates) build with: a plain
label, a state badge (its word on its colour), the page banner, and a dialog's row of a
primary button and Cancel."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton

from ui.models.qa_common import badge_ink
from ui.widgets import primary_button


def plain_label(
    text: str = "", name: str = "", *, wrap: bool = True, selectable: bool = False
) -> QLabel:
    """A label that shows its text as written (a patient's name is never read as markup)."""
    label = QLabel(text)
    if name:
        label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def set_badge(label: QLabel, fill: str) -> None:
    """Colour a state badge: its word stays, the fill says it again."""
    label.setStyleSheet(f"background: {fill}; color: {badge_ink(fill)};")


def set_banner(banner: QLabel, text: str, *, done: bool = False) -> None:
    """The page's banner: red for a refusal, green (tone "done") once something is done;
    hidden when empty."""
    banner.setProperty("tone", "done" if done else "")
    banner.style().unpolish(banner)
    banner.style().polish(banner)
    banner.setText(text)
    banner.setVisible(bool(text))


def button_row(accept_text: str, cancel_text: str) -> tuple[QHBoxLayout, QPushButton, QPushButton]:
    """A dialog's buttons: the primary action on the left, Cancel on the right; neither is a
    default button (a scanner's Enter never presses one). Texts come translated."""
    row = QHBoxLayout()
    accept = primary_button(accept_text)
    accept.setAutoDefault(False)
    cancel = QPushButton(cancel_text)
    cancel.setAutoDefault(False)
    row.addWidget(accept)
    row.addStretch(1)
    row.addWidget(cancel)
    return row, accept, cancel
