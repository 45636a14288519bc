"""The idle auto-lock (21 CFR 11.300, Annex 11 §12): a station left alone for the site's
idle time locks itself. Only the signed-in user can unlock it, and then finds everything
as they left it; anyone else signs in to their own session, and the first user's unsaved
input is discarded rather than saved under the wrong name."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui.login import LoginPanel
from ui.widgets import (
    FORM_STYLE,
    FORM_WIDTH,
    error_label,
    password_field,
    primary_button,
    show_error,
)

if TYPE_CHECKING:
    from labtracker.services.context import Actor, Database

# What counts as someone at the bench. Window activation, paint and timer events do not.
ACTIVITY_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.ShortcutOverride,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TouchEnd,
        QEvent.Type.TabletPress,
        QEvent.Type.TabletMove,
    }
)


class IdleWatcher(QObject):
    """Emits `idle` once no key, mouse, wheel or touch input has reached the application
    for `timeout_ms`. Watches the whole application while started."""

    idle = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(timeout_ms)
        self._timer.timeout.connect(self._expired)
        self._watching = False

    @property
    def timeout_ms(self) -> int:
        return self._timer.interval()

    def set_timeout_ms(self, timeout_ms: int) -> None:
        self._timer.setInterval(timeout_ms)
        if self._watching:
            self._timer.start()

    @property
    def is_watching(self) -> bool:
        return self._watching

    def start(self) -> None:
        """Start counting from now."""
        if not self._watching:
            QApplication.instance().installEventFilter(self)
            self._watching = True
        self._timer.start()

    def stop(self) -> None:
        if self._watching:
            QApplication.instance().removeEventFilter(self)
            self._watching = False
        self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY_EVENTS:
            self._timer.start()
        return False

    def _expired(self) -> None:
        self.stop()
        self.idle.emit()


class LockScreen(QWidget):
    """Covers the work area while the station is locked.

    The work underneath stays alive (hidden and disabled by the window), so unlocking
    returns to it exactly; `unlocked` asks the window to do that. `switched_user(Actor)`
    means someone else signed in and the locked session's input must be discarded.
    """

    unlocked = Signal()
    switched_user = Signal(object)  # labtracker.services.context.Actor

    def __init__(
        self, database: Database, *, station: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self.database = database
        self.actor: Actor | None = None
        self.setStyleSheet(FORM_STYLE + "QWidget#lockScreen { background: #eef1f5; }")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)

        self.pages = QStackedWidget()
        self.unlock_page = self._build_unlock_page()
        self.switch_page = self._build_switch_page(station)
        self.pages.addWidget(self.unlock_page)
        self.pages.addWidget(self.switch_page)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addStretch(1)
        layout.addWidget(self.pages)
        layout.addStretch(2)

    # --- building --------------------------------------------------------------------------

    def _build_unlock_page(self) -> QWidget:
        page = QWidget()
        outer = QVBoxLayout(page)
        outer.setSpacing(16)
        self.headline = QLabel()
        self.headline.setObjectName("lockHeadline")
        self.headline.setWordWrap(True)
        self.headline.setTextFormat(Qt.TextFormat.PlainText)
        self.headline.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.headline.setStyleSheet("font-size: 22pt; font-weight: 700; color: #0d2f5e;")
        outer.addWidget(self.headline)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.explanation.setTextFormat(Qt.TextFormat.PlainText)
        self.explanation.setAlignment(Qt.AlignmentFlag.AlignCenter)
        outer.addWidget(self.explanation)

        card = QFrame()
        card.setObjectName("formCard")
        card.setFixedWidth(FORM_WIDTH)
        form = QVBoxLayout(card)
        form.setContentsMargins(28, 24, 28, 24)
        form.setSpacing(12)
        self.password_label = QLabel()
        self.password = password_field()
        self.password.setObjectName("unlockPassword")
        self.password_label.setBuddy(self.password)
        form.addWidget(self.password_label)
        form.addWidget(self.password)
        self.error = error_label()
        form.addWidget(self.error)
        self.unlock_button = primary_button(self.tr("Unlock"))
        form.addWidget(self.unlock_button)

        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setStyleSheet("color: #c8ccd2;")
        form.addSpacing(8)
        form.addWidget(rule)
        self.someone_else_button = QPushButton(self.tr("Sign in as someone else…"))
        self.someone_else_button.setObjectName("someoneElseButton")
        form.addWidget(self.someone_else_button)

        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card)
        row.addStretch(1)
        outer.addLayout(row)

        self.password.returnPressed.connect(self.submit)
        self.unlock_button.clicked.connect(self.submit)
        self.someone_else_button.clicked.connect(self.show_switch_user)
        return page

    def _build_switch_page(self, station: str | None) -> QWidget:
        page = QWidget()
        outer = QVBoxLayout(page)
        outer.setSpacing(16)
        self.discard_warning = QLabel()
        self.discard_warning.setObjectName("discardWarning")
        self.discard_warning.setWordWrap(True)
        self.discard_warning.setFixedWidth(FORM_WIDTH)
        self.discard_warning.setStyleSheet(
            "QLabel { background: #fff3cd; border: 1px solid #e0a800; border-radius: 6px;"
            " padding: 12px; color: #3d2c00; }"
        )
        warning_row = QHBoxLayout()
        warning_row.addStretch(1)
        warning_row.addWidget(self.discard_warning)
        warning_row.addStretch(1)
        outer.addLayout(warning_row)

        self.login = LoginPanel(
            self.database,
            heading=self.tr("Sign in as someone else"),
            button_text=self.tr("Discard unsaved input and sign in"),
            station=station,
        )
        outer.addWidget(self.login)

        self.back_button = QPushButton(self.tr("Back to unlock"))
        self.back_button.setObjectName("backToUnlock")
        self.back_button.setFixedWidth(FORM_WIDTH)
        back_row = QHBoxLayout()
        back_row.addStretch(1)
        back_row.addWidget(self.back_button)
        back_row.addStretch(1)
        outer.addLayout(back_row)

        self.login.signed_in.connect(self._someone_signed_in)
        self.back_button.clicked.connect(self.show_unlock)
        return page

    # --- state -----------------------------------------------------------------------------

    def lock(self, actor: Actor, *, idle_minutes: int | None) -> None:
        """Show the lock for this user; `idle_minutes` None means they locked it themselves."""
        from html import escape  # not at start-up: the sign-in form is painted without it

        self.actor = actor
        who = f"{actor.full_name} ({actor.username})"
        if idle_minutes is None:
            self.headline.setText(self.tr("Locked — {who} locked this station").format(who=who))
        elif idle_minutes == 1:
            self.headline.setText(
                self.tr("Locked — {who} was inactive for 1 minute").format(who=who)
            )
        else:
            self.headline.setText(
                self.tr("Locked — {who} was inactive for {minutes} minutes").format(
                    who=who, minutes=idle_minutes
                )
            )
        self.explanation.setText(
            self.tr(
                "Nothing typed is lost. {name} can unlock and carry on where they left off."
            ).format(name=actor.full_name)
        )
        self.password_label.setText(self.tr("&Password for {user}").format(user=actor.username))
        self.discard_warning.setText(
            self.tr(
                "<b>{name}'s unsaved input will be discarded.</b> It cannot be saved under "
                "another person's name. To keep it, go back and let {name} unlock."
            ).format(name=escape(actor.full_name))
        )
        self.show_unlock()

    def show_unlock(self) -> None:
        self.password.clear()
        show_error(self.error, "")
        self.login.reset()
        self.pages.setCurrentWidget(self.unlock_page)
        self.password.setFocus()

    def show_switch_user(self) -> None:
        self.password.clear()
        show_error(self.error, "")
        self.login.reset()
        self.pages.setCurrentWidget(self.switch_page)
        self.login.user_id.setFocus()

    # --- actions ---------------------------------------------------------------------------

    def submit(self) -> None:
        from labtracker.services import auth

        assert self.actor is not None
        password = self.password.text()
        if not password:
            show_error(self.error, self.tr("Enter your password."))
            self.password.setFocus()
            return
        try:
            auth.confirm_identity(
                self.database, self.actor, self.actor.username, password, purpose="unlock"
            )
        except auth.AuthenticationError as error:
            show_error(self.error, str(error))
            self.password.clear()
            self.password.setFocus()
            return
        self.password.clear()
        show_error(self.error, "")
        self.unlocked.emit()

    def _someone_signed_in(self, actor: Actor) -> None:
        self.switched_user.emit(actor)
