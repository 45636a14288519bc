"""Sign-in at a bench PC: user ID and password, and the new password an account must choose
at its first sign-in (or after a reset or expiry). A panel, not a modal dialog, so it sits in
the main window (and on the lock screen) and tests drive it directly."""

from __future__ import annotations

import socket
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

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


def station_name() -> str:
    """How login attempts name this bench PC in the record."""
    return socket.gethostname()


class LoginPanel(QWidget):
    """User ID and password, centred at a readable width; emits `signed_in(Actor)`."""

    signed_in = Signal(object)  # labtracker.services.context.Actor

    def __init__(
        self,
        database: Database,
        *,
        heading: str | None = None,
        button_text: str | None = None,
        station: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("loginPanel")
        self.database = database
        self.station = station if station is not None else station_name()
        self.setStyleSheet(FORM_STYLE)

        self.card = QFrame()
        self.card.setObjectName("formCard")
        self.card.setFixedWidth(FORM_WIDTH)
        card_layout = QVBoxLayout(self.card)
        card_layout.setContentsMargins(28, 20, 28, 20)
        # Shown one at a time (not a QStackedWidget, which would size the card for the
        # taller change-password form and leave the sign-in form floating in white space).
        self.sign_in_form = self._build_sign_in_form(
            self.tr("Sign in") if heading is None else heading,
            self.tr("Sign in") if button_text is None else button_text,
        )
        self.change_form = self._build_change_form()
        card_layout.addWidget(self.sign_in_form)
        card_layout.addWidget(self.change_form)
        self.change_form.hide()

        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.card)
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(row)
        self.setFocusProxy(self.user_id)

    # --- building --------------------------------------------------------------------------

    def _build_sign_in_form(self, heading: str, button_text: str) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        title = QLabel(heading)
        title.setObjectName("formHeading")
        layout.addWidget(title)
        layout.addSpacing(4)

        self.user_id = QLineEdit()
        self.user_id.setObjectName("userId")
        self.user_id.setMaxLength(64)
        self.password = password_field()
        self.password.setObjectName("password")
        form = QFormLayout()
        form.setSpacing(10)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.addRow(self._label(self.tr("&User ID"), self.user_id), self.user_id)
        form.addRow(self._label(self.tr("&Password"), self.password), self.password)
        layout.addLayout(form)

        self.error = error_label()
        layout.addWidget(self.error)
        layout.addSpacing(4)
        self.sign_in_button = primary_button(button_text)
        layout.addWidget(self.sign_in_button)

        # A badge scanner types the user ID and presses Enter: go on to the password
        # rather than spend one of the account's attempts on an empty one.
        self.user_id.returnPressed.connect(self.submit)
        self.password.returnPressed.connect(self.submit)
        self.sign_in_button.clicked.connect(self.submit)
        return page

    def _build_change_form(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        title = QLabel(self.tr("Choose a new password"))
        title.setObjectName("formHeading")
        layout.addWidget(title)
        self.change_reason = QLabel()
        self.change_reason.setWordWrap(True)
        layout.addWidget(self.change_reason)
        hint = QLabel(
            self.tr(
                "Use a long password that mixes lower-case letters, capitals, digits and "
                "symbols, and does not contain your user ID."
            )
        )
        hint.setObjectName("formHint")
        hint.setWordWrap(True)
        layout.addWidget(hint)

        self.current_password = password_field()
        self.new_password = password_field()
        self.repeat_password = password_field()
        form = QFormLayout()
        form.setSpacing(10)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.addRow(
            self._label(self.tr("&Current password"), self.current_password),
            self.current_password,
        )
        form.addRow(self._label(self.tr("&New password"), self.new_password), self.new_password)
        form.addRow(
            self._label(self.tr("&Repeat new password"), self.repeat_password),
            self.repeat_password,
        )
        layout.addLayout(form)

        self.change_error = error_label()
        layout.addWidget(self.change_error)
        layout.addSpacing(4)
        self.change_button = primary_button(self.tr("Change password and sign in"))
        self.cancel_change_button = QPushButton(self.tr("Cancel"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.change_button, 1)
        buttons.addWidget(self.cancel_change_button)
        layout.addLayout(buttons)

        self.current_password.returnPressed.connect(self.new_password.setFocus)
        self.new_password.returnPressed.connect(self.repeat_password.setFocus)
        self.repeat_password.returnPressed.connect(self.submit_new_password)
        self.change_button.clicked.connect(self.submit_new_password)
        self.cancel_change_button.clicked.connect(self.reset)
        return page

    @staticmethod
    def _label(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    # --- state -----------------------------------------------------------------------------

    @property
    def changing_password(self) -> bool:
        return not self.change_form.isHidden()

    def reset(self) -> None:
        """Back to an empty sign-in form, ready for the next person."""
        for field in (
            self.user_id,
            self.password,
            self.current_password,
            self.new_password,
            self.repeat_password,
        ):
            field.clear()
        show_error(self.error, "")
        show_error(self.change_error, "")
        self._show_form(self.sign_in_form)
        self.user_id.setFocus()

    def _show_form(self, form: QWidget) -> None:
        other = self.change_form if form is self.sign_in_form else self.sign_in_form
        other.hide()
        form.show()

    # --- actions ---------------------------------------------------------------------------

    def submit(self) -> None:
        """Sign in with what is in the form; say what is wrong beside it otherwise."""
        from labtracker.services import auth

        username = self.user_id.text().strip()
        password = self.password.text()
        if not username:
            show_error(self.error, self.tr("Enter your user ID."))
            self.user_id.setFocus()
            return
        if not password:
            if self.sender() is not self.user_id:
                show_error(self.error, self.tr("Enter your password."))
            self.password.setFocus()
            return
        try:
            actor = auth.login(self.database, username, password, station=self.station)
        except auth.PasswordChangeRequiredError as required:
            self._start_change(required.username, str(required), password)
            return
        except auth.AuthenticationError as error:
            self._failed(str(error))
            return
        self._succeeded(actor)

    def _start_change(self, username: str, reason: str, current: str) -> None:
        from html import escape  # not at start-up: the sign-in form is painted without it

        self.user_id.setText(username)
        self.password.clear()
        show_error(self.error, "")
        self.change_reason.setText(f"<b>{escape(username)}</b>: {escape(reason)}")
        # They have just typed it correctly; asking again only adds a chance to mistype.
        self.current_password.setText(current)
        self.new_password.clear()
        self.repeat_password.clear()
        show_error(self.change_error, "")
        self._show_form(self.change_form)
        self.new_password.setFocus()

    def submit_new_password(self) -> None:
        from labtracker.domain.errors import LabtrackerError
        from labtracker.services import auth, users

        username = self.user_id.text().strip()
        current = self.current_password.text()
        new = self.new_password.text()
        if not current:
            show_error(self.change_error, self.tr("Enter your current password."))
            self.current_password.setFocus()
            return
        if not new:
            show_error(self.change_error, self.tr("Enter the new password."))
            self.new_password.setFocus()
            return
        if new != self.repeat_password.text():
            self._change_failed(
                self.tr(
                    "The two new passwords are not the same. Type the new password in both "
                    "fields again."
                ),
                keep_new=False,
            )
            return
        try:
            users.change_password(self.database, username, current, new, station=self.station)
        except auth.AuthenticationError as error:
            # The current password was refused (and counted): it has to be typed again.
            self.current_password.clear()
            self._change_failed(str(error), keep_new=True)
            self.current_password.setFocus()
            return
        except LabtrackerError as error:
            self._change_failed(str(error), keep_new=False)
            return
        try:
            actor = auth.login(self.database, username, new, station=self.station)
        except auth.AuthenticationError as error:
            self.reset()
            self.user_id.setText(username)
            self._failed(
                self.tr("The password was changed, but signing in failed: {error}").format(
                    error=error
                )
            )
            return
        self._succeeded(actor)

    def _change_failed(self, message: str, *, keep_new: bool) -> None:
        show_error(self.change_error, message)
        if not keep_new:
            self.new_password.clear()
            self.repeat_password.clear()
            self.new_password.setFocus()

    def _failed(self, message: str) -> None:
        show_error(self.error, message)
        self.password.clear()
        self.password.setFocus()

    def _succeeded(self, actor: Actor) -> None:
        for field in (self.password, self.current_password, self.new_password):
            field.clear()
        self.repeat_password.clear()
        show_error(self.error, "")
        show_error(self.change_error, "")
        self._show_form(self.sign_in_form)
        self.signed_in.emit(actor)
