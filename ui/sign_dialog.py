"""The e-signature dialog (21 CFR 11.200): the signer re-enters user ID and password and sees,
before signing, exactly what the signature means and which record it is applied to."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import meaning_name
from ui.widgets import FORM_STYLE, error_label, password_field, primary_button, show_error

if TYPE_CHECKING:
    from labtracker.services.signatures import Meaning, SignatureView
    from ui.context import WorkContext

# Marked for translation here, translated where shown (self.tr in SignDialog).
MEANING_TEXT = {
    "performed": QT_TRANSLATE_NOOP("SignDialog", "I performed this step as recorded."),
    "verified": QT_TRANSLATE_NOOP("SignDialog", "I verified this step and its recorded values."),
    "reviewed": QT_TRANSLATE_NOOP("SignDialog", "I reviewed this record."),
    "approved_for_release": QT_TRANSLATE_NOOP(
        "SignDialog", "I approve this lot for release for its patient."
    ),
    "rejected": QT_TRANSLATE_NOOP("SignDialog", "I reject this lot: it must not be implanted."),
    "implanted": QT_TRANSLATE_NOOP("SignDialog", "I implanted this construct into this patient."),
    "approved": QT_TRANSLATE_NOOP("SignDialog", "I approve this document for use."),
}


class SignDialog(QDialog):
    """Signs one record through `signatures.sign`; emits `signed(SignatureView)`.

    `signer` overrides what is called on accept (services that sign as part of their own
    transaction, such as release, take the user ID and password themselves); it receives
    (username, password) and returns what `signed` carries.
    """

    signed = Signal(object)

    def __init__(
        self,
        ctx: WorkContext,
        *,
        meaning: Meaning,
        record_text: str,
        record_table: str | None = None,
        record_id: int | None = None,
        signer=None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("signDialog")
        name = meaning_name(meaning)
        self.setWindowTitle(self.tr("Sign: {meaning}").format(meaning=name))
        self.setStyleSheet(FORM_STYLE)
        self.ctx = ctx
        self.meaning = meaning
        self.record_table = record_table
        self.record_id = record_id
        self._signer = signer
        self.setMinimumWidth(560)

        layout = QVBoxLayout(self)
        heading = QLabel(self.tr("Electronic signature: {meaning}").format(meaning=name))
        heading.setObjectName("formHeading")
        layout.addWidget(heading)
        self.meaning_label = QLabel(
            self.tr(MEANING_TEXT[meaning.value]) if meaning.value in MEANING_TEXT else name
        )
        self.meaning_label.setObjectName("signMeaning")
        self.meaning_label.setWordWrap(True)
        self.meaning_label.setStyleSheet("font-weight: 700; font-size: 14pt;")
        layout.addWidget(self.meaning_label)
        self.record_label = QLabel(record_text)
        self.record_label.setObjectName("signRecord")
        self.record_label.setWordWrap(True)
        self.record_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.record_label)
        legal = QLabel(
            self.tr(
                "Your signature is the legally binding equivalent of your handwritten "
                "signature. It is recorded with your printed name, the date and time, and "
                "this meaning."
            )
        )
        legal.setObjectName("formHint")
        legal.setWordWrap(True)
        layout.addWidget(legal)

        form = QFormLayout()
        self.username = QLineEdit(ctx.actor.username)
        self.username.setObjectName("signUsername")
        self.password = password_field()
        self.password.setObjectName("signPassword")
        form.addRow(self.tr("User ID:"), self.username)
        form.addRow(self.tr("Password:"), self.password)
        layout.addLayout(form)
        self.error = error_label()
        layout.addWidget(self.error)

        buttons = QDialogButtonBox()
        self.sign_button = primary_button(self.tr("Sign: {meaning}").format(meaning=name))
        buttons.addButton(self.sign_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(
            self.tr("Not now"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.sign_button.clicked.connect(self.sign)
        self.cancel_button.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.password.setFocus()

    def sign(self) -> None:
        from labtracker.domain.errors import LabtrackerError
        from labtracker.services import signatures

        username, password = self.username.text().strip(), self.password.text()
        if not username or not password:
            show_error(self.error, self.tr("Enter your user ID and password to sign."))
            return
        try:
            if self._signer is not None:
                result = self._signer(username, password)
            else:
                assert self.record_table is not None and self.record_id is not None
                result: SignatureView | object = signatures.sign(
                    self.ctx.db,
                    self.ctx.actor,
                    record_table=self.record_table,
                    record_id=self.record_id,
                    meaning=self.meaning,
                    username=username,
                    password=password,
                )
        except LabtrackerError as error:
            self.password.clear()
            self.password.setFocus()
            show_error(self.error, str(error))
            return
        self.password.clear()
        self.signed.emit(result)
        self.accept()
