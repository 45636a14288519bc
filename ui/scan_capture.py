"""Barcode scans from a keyboard-wedge scanner, caught wherever the focus is.

A wedge scanner types: it sends its code as key presses, ended by Enter (or Tab), far
faster than anyone types. `ScanCapture` watches every key press of the application and
holds printable keys back while they come that fast. A burst of at least `min_length`
characters ended by Enter or Tab is a scan: `scanned(text)` fires and none of its keys
reach the focused widget (a notes field, a password field). Anything else is typing: the
held keys are handed on to the widget they were meant for, in order, at most one key
interval late (35 ms by default, too short to notice).

A scanner can also be programmed to send a prefix (and suffix) around its code. Once the
prefix has arrived, everything up to the suffix (or Enter) is the scan, at any speed.

Timing comes from the window system's timestamps on the key events, so a busy GUI thread
does not turn a scan into typing. Key events without a timestamp are made by code, not
by a keyboard (QTest's widget events, for one) and pass untouched, unless a `now_ms`
clock is given (tests), which then times every key. Input-method events (Chinese input)
are not key presses and are never touched; like a click, one arriving while keys are held
first hands the held keys on, so nothing is reordered.

    capture = ScanCapture(window, key_interval_ms=35, min_length=4)
    capture.scanned.connect(workspace.handle_scan)
    capture.set_enabled(False)  # while the lock screen is up
    capture.remove()  # at sign-out
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

if TYPE_CHECKING:
    from labtracker.settings import ScannerSettings

Key = Qt.Key
Mod = Qt.KeyboardModifier

# Keys that only change what other keys mean; a scanner presses Shift for capitals.
MODIFIER_KEYS = frozenset(
    {
        Key.Key_Shift,
        Key.Key_Control,
        Key.Key_Meta,
        Key.Key_Alt,
        Key.Key_AltGr,
        Key.Key_CapsLock,
        Key.Key_NumLock,
        Key.Key_ScrollLock,
        Key.Key_Super_L,
        Key.Key_Super_R,
        Key.Key_Hyper_L,
        Key.Key_Hyper_R,
        Key.Key_Mode_switch,
    }
)
ENTER_KEYS = frozenset({Key.Key_Return, Key.Key_Enter})

#: A person who types the prefix character and then goes on typing gets their keys back
#: after this long without a key (a scanner sends its whole code well within it).
PREFIX_TIMEOUT_MS = 1000
#: An Enter or Tab this soon after a scan ended by its suffix is the scanner's too.
TRAILING_TERMINATOR_MS = 100
#: How closely the characters of a prefix follow each other when recognition by speed is
#: off (`key_interval_ms=0`).
PREFIX_KEY_INTERVAL_MS = 35

# Input that must not overtake keys still held: a click on Save right after typing a
# digit must find the digit in its field.
_FLUSHING_EVENTS = frozenset(
    {
        QEvent.Type.InputMethod,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)
_KEY_EVENTS = frozenset({QEvent.Type.KeyPress, QEvent.Type.KeyRelease})
_WATCHED = _FLUSHING_EVENTS | _KEY_EVENTS | {QEvent.Type.ShortcutOverride}


@dataclass
class _Held:
    receiver: QWidget
    event: QKeyEvent  # a copy; Qt's own event object lives only while it is delivered


class ScanCapture(QObject):
    """Installs itself as an application-wide event filter; `scanned(text)` for each scan.

    The signal is emitted from the event loop just after the scan's last key, not from
    inside the key's delivery, so what a slot does (open a form, raise the red stop) never
    runs half-way through a key event.
    """

    scanned = Signal(str)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        key_interval_ms: int = 35,
        min_length: int = 4,
        prefix: str = "",
        suffix: str = "",
        prefix_timeout_ms: int = PREFIX_TIMEOUT_MS,
        now_ms: Callable[[], float] | None = None,
    ) -> None:
        super().__init__(parent)
        self.key_interval_ms = key_interval_ms
        self.min_length = max(1, min_length)
        self.prefix = prefix
        self.suffix = suffix
        self.prefix_timeout_ms = prefix_timeout_ms
        self._clock = now_ms
        self._enabled = True
        self._installed = False
        self._held: list[_Held] = []
        self._text = ""  # the text of the held key presses
        self._in_prefix = False
        self._last_key = 0.0  # when the last held key was pressed (gap clock)
        self._last_wall = 0.0  # when it was seen (wall clock; for the timer)
        self._scan_ended_at: float | None = None  # a scan ended by its suffix
        self._swallow_releases: Counter[int] = Counter()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._timed_out)
        self.install()

    @classmethod
    def from_settings(
        cls,
        settings: ScannerSettings,
        parent: QObject | None = None,
        *,
        now_ms: Callable[[], float] | None = None,
    ) -> ScanCapture:
        """A capture set up as the station's settings file says (`[scanner]`)."""
        return cls(
            parent,
            key_interval_ms=settings.key_interval_ms,
            min_length=settings.min_length,
            prefix=settings.prefix,
            suffix=settings.suffix,
            now_ms=now_ms,
        )

    # --- switching on and off ------------------------------------------------------------------

    def install(self) -> None:
        if not self._installed:
            QCoreApplication.instance().installEventFilter(self)
            self._installed = True

    def remove(self) -> None:
        """Stop watching the application; keys held at this moment still reach their widget."""
        self.set_enabled(False)
        if self._installed:
            QCoreApplication.instance().removeEventFilter(self)
            self._installed = False

    @property
    def enabled(self) -> bool:
        return self._enabled

    def set_enabled(self, enabled: bool) -> None:
        """While disabled (the lock screen is up) every key goes where it would without us."""
        if not enabled:
            self._flush()
            self._swallow_releases.clear()
            self._scan_ended_at = None
        self._enabled = enabled

    @property
    def is_holding(self) -> bool:
        """True while key presses are held back, waiting to see whether they are a scan."""
        return bool(self._held)

    # --- the filter ----------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in _WATCHED or not self._enabled:
            return False
        if kind in _FLUSHING_EVENTS:
            if self._held:
                self._flush()
            return False
        # Only a key's first delivery, to a widget, counts. Qt clears `spontaneous` as the
        # event propagates to parents, and on the events we hand back ourselves.
        if not (event.spontaneous() and isinstance(watched, QWidget)):
            return False
        assert isinstance(event, QKeyEvent)
        if event.key() in MODIFIER_KEYS:
            return False
        moment = self._moment(event)
        if moment is None:
            return False
        if kind == QEvent.Type.ShortcutOverride:
            return self._shortcut_override(event)
        if kind == QEvent.Type.KeyRelease:
            return self._release(watched, event)
        return self._press(watched, event, moment)

    def _shortcut_override(self, event: QKeyEvent) -> bool:
        """Before a key press, Qt asks whether the key is a shortcut. A scanner's prefix or
        suffix control character (Ctrl+B for STX) is claimed as a key press; a shortcut
        key (Alt+2, F2) first hands on what is held, so it acts on everything typed."""
        if self._continues_prefix(event.text()) or (
            self._in_prefix and self._continues_suffix(event.text())
        ):
            event.accept()
            return True
        if self._held and not (_printable(event) or self._is_terminator(event)):
            self._flush()
        return False

    def _moment(self, event: QKeyEvent) -> float | None:
        """When the key was pressed, for measuring the interval; None for a key made by code."""
        if self._clock is not None:
            return self._clock()
        stamp = event.timestamp()
        return float(stamp) if stamp else None

    def _wall(self) -> float:
        # Hardware timing, not the business clock (labtracker.clock is frozen in tests).
        return self._clock() if self._clock is not None else time.monotonic() * 1000

    def _press(self, receiver: QWidget, event: QKeyEvent, moment: float) -> bool:
        """True when the key is held back or swallowed; False lets it through."""
        key, text = event.key(), event.text()
        self._swallow_releases.pop(key, None)  # that key's last release never came
        if self._in_prefix:
            return self._press_in_prefix(receiver, event, moment)
        if self._held and not self._follows_fast(moment):
            self._flush()
        if self._is_terminator(event):
            return self._terminate(event, moment)
        self._scan_ended_at = None
        if event.isAutoRepeat() or not text:
            self._flush()
            return False
        if self._continues_prefix(text):
            self._hold(receiver, event, moment)
            if self._text == self.prefix:
                self._in_prefix = True
                self._restart_timer()
            return True
        if self.key_interval_ms <= 0:
            self._flush()
            return False
        if self.suffix and self._held and (self._text + text).endswith(self.suffix):
            code = (self._text + text)[: -len(self.suffix)]
            if len(code) >= self.min_length:
                self._hold(receiver, event, moment)
                self._finish(code, by_suffix=True)
                return True
        if _printable(event):
            self._hold(receiver, event, moment)
            return True
        self._flush()
        return False

    def _terminate(self, event: QKeyEvent, moment: float) -> bool:
        """Enter or Tab outside a prefix: the end of a fast burst, or a person's key."""
        if self._held and len(self._text) >= self.min_length:
            self._swallow_releases[event.key()] += 1
            self._finish(self._text)
            return True
        if (
            not self._held
            and self._scan_ended_at is not None
            and 0 <= moment - self._scan_ended_at <= TRAILING_TERMINATOR_MS
        ):
            self._scan_ended_at = None
            self._swallow_releases[event.key()] += 1
            return True
        self._scan_ended_at = None
        self._flush()
        return False

    def _press_in_prefix(self, receiver: QWidget, event: QKeyEvent, moment: float) -> bool:
        """After the prefix everything is the scan until its suffix or Enter; an editing key
        (Backspace, an arrow, Escape) means a person typed the prefix character."""
        text = self._text[len(self.prefix) :]
        ends_with_tab = event.key() == Key.Key_Tab and not self.suffix.startswith("\t")
        if event.key() in ENTER_KEYS or ends_with_tab:
            if text:
                self._swallow_releases[event.key()] += 1
                self._finish(text)
                return True
            self._flush()
            return False
        typed = event.text()
        if (
            event.isAutoRepeat()
            or not typed
            or not (_printable(event) or self._continues_suffix(typed))
        ):
            self._flush()
            return False
        self._hold(receiver, event, moment)
        text += typed
        if self.suffix and text.endswith(self.suffix):
            code = text[: -len(self.suffix)]
            if code:
                self._finish(code, by_suffix=True)
            else:
                self._flush()
        return True

    def _release(self, receiver: QWidget, event: QKeyEvent) -> bool:
        if self._held:
            # Kept in order with the presses, and handed on with them.
            self._held.append(_Held(receiver, QKeyEvent(event)))
            return True
        if self._swallow_releases[event.key()] > 0:
            self._swallow_releases[event.key()] -= 1
            return True
        return False

    # --- holding, handing on, finishing --------------------------------------------------------

    @property
    def _burst_ms(self) -> int:
        return self.key_interval_ms if self.key_interval_ms > 0 else PREFIX_KEY_INTERVAL_MS

    def _follows_fast(self, moment: float) -> bool:
        gap = moment - self._last_key  # negative when the window system's clock wrapped
        return 0 <= gap <= self._burst_ms

    def _continues_prefix(self, typed: str) -> bool:
        return (
            bool(self.prefix and typed)
            and not self._in_prefix
            and self.prefix.startswith(self._text + typed)
        )

    def _continues_suffix(self, typed: str) -> bool:
        """`typed` completes the suffix or starts (more of) it after the scan's text."""
        if not (self.suffix and typed):
            return False
        text = self._text[len(self.prefix) :] + typed
        return any(text.endswith(self.suffix[:n]) for n in range(1, len(self.suffix) + 1))

    def _is_terminator(self, event: QKeyEvent) -> bool:
        if event.isAutoRepeat() or event.modifiers() & (
            Mod.ControlModifier | Mod.AltModifier | Mod.MetaModifier
        ):
            return False
        return event.key() in ENTER_KEYS or event.key() == Key.Key_Tab

    def _hold(self, receiver: QWidget, event: QKeyEvent, moment: float) -> None:
        self._held.append(_Held(receiver, QKeyEvent(event)))
        self._text += event.text()
        self._last_key = moment
        self._last_wall = self._wall()
        self._restart_timer()

    def _restart_timer(self, remaining: float | None = None) -> None:
        limit = self.prefix_timeout_ms if self._in_prefix else self._burst_ms
        self._timer.start(max(1, round(limit if remaining is None else remaining)))

    def _timed_out(self) -> None:
        """No key for a key interval: what is held was typed by a person."""
        if not self._held:
            return
        limit = self.prefix_timeout_ms if self._in_prefix else self._burst_ms
        remaining = limit - (self._wall() - self._last_wall)
        if remaining > 0:  # the timer runs on its own clock; ours decides
            self._restart_timer(remaining)
            return
        self._flush()

    def _flush(self) -> None:
        """Hand every held key to the widget it was meant for, in the order it came."""
        held, self._held = self._held, []
        self._text = ""
        self._in_prefix = False
        self._timer.stop()
        for item in held:
            if isValid(item.receiver):
                # sendEvent makes it non-spontaneous, so this filter lets it pass.
                QCoreApplication.sendEvent(item.receiver, item.event)

    def _finish(self, code: str, *, by_suffix: bool = False) -> None:
        pressed: Counter[int] = Counter()
        for item in self._held:
            step = 1 if item.event.type() == QEvent.Type.KeyPress else -1
            pressed[item.event.key()] += step
        for key, count in pressed.items():
            if count > 0:
                self._swallow_releases[key] += count
        self._scan_ended_at = self._last_key if by_suffix else None
        self._held = []
        self._text = ""
        self._in_prefix = False
        self._timer.stop()
        QTimer.singleShot(0, self, partial(self.scanned.emit, code))


def _printable(event: QKeyEvent) -> bool:
    """A key that types text: not a shortcut (Ctrl, Alt, Meta), not a control character.
    Ctrl+Alt together is AltGr on Windows, which types @, € and { on many layouts."""
    text = event.text()
    if not text or not text.isprintable():
        return False
    mods = event.modifiers()
    if mods & Mod.MetaModifier:
        return False
    control_alt = mods & (Mod.ControlModifier | Mod.AltModifier)
    return control_alt in (Mod.NoModifier, Mod.ControlModifier | Mod.AltModifier)
