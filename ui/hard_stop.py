"""The red stop: a wrong-lot or wrong-patient scan covers the whole window in red, sounds,
and stays until the person acknowledges it with a deliberate click. Nothing was saved; the
message says what was scanned and what was expected.

Enter and Space do not acknowledge it: a barcode scanner ends every scan with Enter, and a
second scan must not wave the first stop away.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QPushButton, QVBoxLayout, QWidget

STOP_STYLE = """
QDialog#hardStop { background: #b71c1c; }
QLabel { color: white; }
QLabel#stopTitle { font-size: 34pt; font-weight: 800; }
QLabel#stopMessage { font-size: 18pt; }
QLabel#stopFooter { font-size: 13pt; }
QPushButton#acknowledgeButton { background: white; color: #b71c1c; font-size: 16pt;
    font-weight: 800; min-height: 64px; padding: 0 32px; border-radius: 8px;
    border: 4px solid transparent; }
QPushButton#acknowledgeButton:focus { border: 4px solid #000; }
"""

# How many times the alarm sounds: enough to be heard over a hood's fan.
BEEPS = 3
BEEP_INTERVAL_MS = 350
# Translated when shown (HardStop's context).
DEFAULT_FOOTER = QT_TRANSLATE_NOOP(
    "HardStop",
    "Nothing was recorded. Put the item aside, check it against the lot and the patient, "
    "and tell your supervisor.",
)


class _SwallowKeys(QObject):
    """Eats Enter, Return and Space on the acknowledge button (scanners send Enter)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease) and isinstance(
            event, QKeyEvent
        ):
            return event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)
        return False


class HardStop(QDialog):
    """A full-window red stop; `acknowledged` fires when the user clicks to go on."""

    acknowledged = Signal()

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        message: str,
        footer: str = DEFAULT_FOOTER,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("hardStop")
        if footer == DEFAULT_FOOTER:
            footer = QCoreApplication.translate("HardStop", DEFAULT_FOOTER)
        self.setWindowTitle(self.tr("STOP: {title}").format(title=title))
        self.setModal(True)
        self.setStyleSheet(STOP_STYLE)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 40, 48, 40)
        layout.setSpacing(24)
        self.title_label = QLabel(self.tr("STOP — {title}").format(title=title))
        self.title_label.setObjectName("stopTitle")
        self.title_label.setWordWrap(True)
        self.message_label = QLabel(message)
        self.message_label.setObjectName("stopMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        self.footer_label = QLabel(footer)
        self.footer_label.setObjectName("stopFooter")
        self.footer_label.setWordWrap(True)
        self.acknowledge_button = QPushButton(self.tr("I have set it aside — acknowledge"))
        self.acknowledge_button.setObjectName("acknowledgeButton")
        self.acknowledge_button.setAutoDefault(False)
        self.acknowledge_button.setDefault(False)
        self._keys = _SwallowKeys(self)
        self.acknowledge_button.installEventFilter(self._keys)
        self.acknowledge_button.clicked.connect(self._acknowledge)
        layout.addWidget(self.title_label)
        layout.addWidget(self.message_label, 1)
        layout.addWidget(self.footer_label)
        layout.addWidget(self.acknowledge_button, 0, Qt.AlignmentFlag.AlignLeft)
        self._beeps_left = BEEPS
        self._beeper = QTimer(self, interval=BEEP_INTERVAL_MS)
        self._beeper.timeout.connect(self._beep)

    def show_over(self, window: QWidget | None) -> None:
        """Cover the whole screen `window` is on, and sound the alarm."""
        screen = window.screen() if window is not None else QApplication.primaryScreen()
        if screen is not None:
            self.setGeometry(screen.geometry())
        self.open()
        self.raise_()
        self.activateWindow()
        self._beep()
        self._beeper.start()

    def _beep(self) -> None:
        if self._beeps_left <= 0:
            self._beeper.stop()
            return
        self._beeps_left -= 1
        QApplication.beep()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Escape must not dismiss it either: only the button does.
        event.accept()

    def reject(self) -> None:
        """Closing the window does not acknowledge the stop."""

    def _acknowledge(self) -> None:
        self._beeper.stop()
        self.acknowledged.emit()
        self.done(QDialog.DialogCode.Accepted)


def show_hard_stop(
    parent: QWidget | None, title: str, message: str, *, footer: str = DEFAULT_FOOTER
) -> HardStop:
    """Raise the red stop over `parent`'s window; it stays until acknowledged. `footer` says
    what happened to the record (by default: nothing was recorded)."""
    stop = HardStop(parent.window() if parent is not None else None, title, message, footer)
    stop.show_over(parent)
    return stop


def open_stop(parent: QWidget) -> HardStop | None:
    """The stop currently shown over `parent`'s window, if any (tests and scan routing)."""
    stops = [s for s in parent.window().findChildren(HardStop) if s.isVisible()]
    return stops[0] if stops else None
