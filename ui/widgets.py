"""Widgets and styles every screen shares, so a form looks and behaves the same everywhere:
large type and targets for gloved hands, errors in red beside what they concern."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton

# Bench PCs are used with gloves, at arm's length: big text, big targets.
FORM_WIDTH = 520
FORM_STYLE = """
QLabel { font-size: 13pt; }
QLineEdit { font-size: 14pt; min-height: 40px; padding: 0 8px; }
QComboBox, QSpinBox, QDoubleSpinBox, QDateTimeEdit, QDateEdit {
    font-size: 13pt; min-height: 38px; padding: 0 6px; }
QPushButton { font-size: 13pt; min-height: 44px; padding: 0 18px; }
QLabel#formHeading { font-size: 20pt; font-weight: 700; }
QLabel#formHint { color: #444; }
QLabel#formError { color: #b71c1c; font-weight: 600; }
QFrame#formCard { background: #ffffff; border: 1px solid #c8ccd2; border-radius: 8px; }
"""
PRIMARY_BUTTON_STYLE = """
QPushButton { background: #1565c0; color: white; font-weight: 700; border: none;
              border-radius: 6px; }
QPushButton:focus { outline: none; border: 3px solid #0d2f5e; }
QPushButton:pressed { background: #0d47a1; }
QPushButton:disabled { background: #9aa7b8; }
"""


def primary_button(text: str) -> QPushButton:
    """The one action a form is for: filled, bold, and the default for Enter."""
    button = QPushButton(text)
    button.setObjectName("primaryButton")
    button.setStyleSheet(PRIMARY_BUTTON_STYLE)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    return button


def error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("formError")
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


def show_error(label: QLabel, message: str) -> None:
    label.setText(message)
    label.setVisible(bool(message))


def password_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field
