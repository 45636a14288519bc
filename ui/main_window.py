"""The main window. For now it opens the station's database and shows where it is; the work
screens (lots, culture, QA, bedside) are added to its page stack by later features."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLabel,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from labtracker.services.station import Station

APP_TITLE = "labtracker"


class StationPanel(QFrame):
    """Which database this station writes to: the first thing to check when two bench PCs
    disagree about a lot."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stationPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        heading = QLabel("Station database")
        heading.setObjectName("panelHeading")
        heading.setStyleSheet("font-size: 15pt; font-weight: 600;")
        layout.addWidget(heading)

        self.state = QLabel("Opening the database…")
        self.state.setObjectName("stationState")
        self.state.setWordWrap(True)
        self.state.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.state)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.backend = QLabel("–")
        self.location = QLabel("–")
        self.location.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.location.setWordWrap(True)
        self.source = QLabel("–")
        self.schema = QLabel("–")
        form.addRow("Database:", self.backend)
        form.addRow("Location:", self.location)
        form.addRow("Chosen by:", self.source)
        form.addRow("Schema revision:", self.schema)
        layout.addLayout(form)

    def show_opened(self, station: Station) -> None:
        info = station.info
        self.backend.setText(info.backend)
        self.location.setText(info.location)
        self.source.setText(
            {
                "environment": "LABTRACKER_DATABASE_URL (environment)",
                "settings file": f"settings file {station.settings.settings_file}",
                "default": "default (embedded, this PC only)",
            }.get(info.source, info.source)
        )
        self.schema.setText(info.revision or "–")
        self.state.setText("Connected. Records are saved to this database.")
        self.state.setStyleSheet("color: #1b5e20; font-weight: 600;")

    def show_failed(self, message: str) -> None:
        self.state.setText(
            f"The database could not be opened, so nothing can be recorded on this station.\n\n"
            f"{message}"
        )
        self.state.setStyleSheet("color: #b71c1c; font-weight: 600;")


class MainWindow(QMainWindow):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(APP_TITLE)
        self.resize(1100, 720)
        self.station: Station | None = None

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(24, 24, 24, 24)
        title = QLabel(APP_TITLE)
        title.setStyleSheet("font-size: 22pt; font-weight: 700;")
        subtitle = QLabel(
            "Autologous tissue-engineered bone: lot tracking from aspirate to implant (NCT07066228)"
        )
        subtitle.setStyleSheet("color: #555;")
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addSpacing(16)
        self.station_panel = StationPanel()
        layout.addWidget(self.station_panel)
        layout.addStretch(1)
        self.setCentralWidget(central)
        self.statusBar().showMessage("Opening the database…")

    def open_station(self) -> bool:
        """Open (and if needed create or migrate) the configured database. True on success."""
        from labtracker.domain.errors import LabtrackerError
        from labtracker.services.station import open_station

        try:
            self.station = open_station()
        except LabtrackerError as error:
            self._failed(str(error))
            return False
        except Exception as error:  # a database that cannot be reached: say so, keep running
            from labtracker.settings import redact_url

            self._failed(redact_url(f"{type(error).__name__}: {error}"))
            return False
        self.station_panel.show_opened(self.station)
        self.statusBar().showMessage(self.station.info.summary)
        return True

    def _failed(self, message: str) -> None:
        self.station_panel.show_failed(message)
        self.statusBar().showMessage("Database not available")

    def close_station(self) -> None:
        if self.station is not None:
            self.station.close()
            self.station = None
