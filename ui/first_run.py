"""First run on a new database: the site's name, facility code and time zone, and the first
administrator. Shown instead of the sign-in form while the database has no users; the
administrator is signed in as soon as the site exists."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import with_colon
from ui.widgets import FORM_STYLE, error_label, password_field, primary_button, show_error

if TYPE_CHECKING:
    from labtracker.services.context import Database

# Offered first; any IANA zone can be typed.
COMMON_ZONES = (
    "Asia/Shanghai",
    "Asia/Hong_Kong",
    "Asia/Singapore",
    "Europe/London",
    "Europe/Berlin",
    "America/New_York",
    "UTC",
)


class FirstRunPanel(QWidget):
    """Set up a new site; emits `signed_in(Actor)` with the new administrator."""

    signed_in = Signal(object)

    def __init__(self, database: Database, *, station: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("firstRunPanel")
        self.setStyleSheet(FORM_STYLE)
        self.database = database
        self.station = station

        card = QFrame()
        card.setObjectName("formCard")
        card.setFixedWidth(640)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(28, 20, 28, 20)
        heading = QLabel(self.tr("Set up this laboratory"))
        heading.setObjectName("formHeading")
        layout.addWidget(heading)
        hint = QLabel(
            self.tr(
                "This database is new. Name the site as it appears on labels and records, "
                "give its ISBT 128 facility identification number (5 characters, e.g. A9999) "
                "and its time zone, and create the first administrator. The administrator "
                "then adds the technicians, QA and surgeons."
            )
        )
        hint.setObjectName("formHint")
        hint.setWordWrap(True)
        layout.addWidget(hint)

        self.site_name = QLineEdit()
        self.facility_code = QLineEdit()
        self.facility_code.setMaxLength(5)
        self.facility_code.setPlaceholderText("A9999")
        self.timezone = QComboBox()
        self.timezone.setEditable(True)
        self.timezone.addItems(COMMON_ZONES)
        self.username = QLineEdit()
        self.full_name = QLineEdit()
        self.password = password_field()
        self.repeat = password_field()
        form = QFormLayout()
        form.setSpacing(10)
        for label, widget in (
            (self.tr("Site name"), self.site_name),
            (self.tr("Facility code"), self.facility_code),
            (self.tr("Time zone"), self.timezone),
            (self.tr("Administrator user ID"), self.username),
            (self.tr("Administrator full name"), self.full_name),
            (self.tr("Password"), self.password),
            (self.tr("Repeat password"), self.repeat),
        ):
            form.addRow(with_colon(label), widget)
        layout.addLayout(form)
        self.error = error_label()
        layout.addWidget(self.error)
        self.set_up_button = primary_button(self.tr("Set up the site"))
        self.set_up_button.setObjectName("setUpButton")
        self.set_up_button.clicked.connect(self.submit)
        layout.addWidget(self.set_up_button)

        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card)
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(row)
        self.setFocusProxy(self.site_name)

    def submit(self) -> None:
        from labtracker.domain.errors import LabtrackerError
        from labtracker.services import auth, setup

        if self.password.text() != self.repeat.text():
            show_error(self.error, self.tr("The two passwords differ; type them again."))
            self.password.clear()
            self.repeat.clear()
            self.password.setFocus()
            return
        try:
            setup.set_up_site(
                self.database,
                username=self.username.text().strip(),
                full_name=self.full_name.text().strip(),
                password=self.password.text(),
                site_name=self.site_name.text().strip(),
                facility_code=self.facility_code.text().strip().upper(),
                timezone=self.timezone.currentText().strip(),
                station=self.station,
            )
            actor = auth.login(
                self.database,
                self.username.text().strip(),
                self.password.text(),
                station=self.station,
            )
        except LabtrackerError as error:
            show_error(self.error, str(error))
            return
        self.password.clear()
        self.repeat.clear()
        show_error(self.error, "")
        self.signed_in.emit(actor)
