"""The main window: opens the station's database, asks who is working, and shows their home
page; it locks itself when left idle. The work screens (lots, culture, QA, bedside) are added
to the signed-in work area by later features."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from ui import i18n
from ui.idle_lock import IdleWatcher, LockScreen
from ui.login import LoginPanel, station_name

if TYPE_CHECKING:
    from labtracker.services.context import Actor
    from labtracker.services.station import Station
    from labtracker.settings import StationSettings

# Sign-in, sign-out and locking, by user ID only (the station log; labtracker/logs.py).
log = logging.getLogger("labtracker.ui.session")

APP_TITLE = "labtracker"
# Read at arm's length on a bench PC. A style sheet rather than setFont: Qt does not pass a
# parent's font on to children that have style sheets of their own.
WINDOW_STYLE = """
QWidget { font-size: 12pt; }
QPushButton { min-height: 40px; padding: 0 16px; }
"""


class StationPanel(QFrame):
    """Which database this station writes to: the first thing to check when two bench PCs
    disagree about a lot."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stationPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        heading = QLabel(self.tr("Station database"))
        heading.setObjectName("panelHeading")
        heading.setStyleSheet("font-size: 15pt; font-weight: 600;")
        layout.addWidget(heading)

        self.state = QLabel(self.tr("Opening the database…"))
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
        form.addRow(self.tr("Database:"), self.backend)
        form.addRow(self.tr("Location:"), self.location)
        form.addRow(self.tr("Chosen by:"), self.source)
        form.addRow(self.tr("Schema revision:"), self.schema)
        layout.addLayout(form)

    def show_opened(self, station: Station) -> None:
        info = station.info
        self.backend.setText(info.backend)
        self.location.setText(info.location)
        self.source.setText(
            {
                "environment": self.tr("LABTRACKER_DATABASE_URL (environment)"),
                "settings file": self.tr("settings file {path}").format(
                    path=station.settings.settings_file
                ),
                "default": self.tr("default (embedded, this PC only)"),
            }.get(info.source, info.source)
        )
        self.schema.setText(info.revision or "–")
        self.state.setText(self.tr("Connected. Records are saved to this database."))
        self.state.setStyleSheet("color: #1b5e20; font-weight: 600;")

    def show_failed(self, message: str) -> None:
        self.state.setText(
            self.tr(
                "The database could not be opened, so nothing can be recorded on this "
                "station.\n\n{message}"
            ).format(message=message)
        )
        self.state.setStyleSheet("color: #b71c1c; font-weight: 600;")


def roles_text(actor: Actor) -> str:
    """The actor's roles in the order the role list defines, by their display names."""
    if not actor.roles:
        return QCoreApplication.translate("MainWindow", "no role")
    order = {role: index for index, role in enumerate(type(next(iter(actor.roles))))}
    return ", ".join(i18n.role_name(role) for role in sorted(actor.roles, key=order.__getitem__))


class MainWindow(QMainWindow):
    def __init__(
        self, parent: QWidget | None = None, *, idle_timeout_ms: int | None = None
    ) -> None:
        """`idle_timeout_ms` overrides the site's idle-lock time (tests, demonstrations)."""
        super().__init__(parent)
        self.setWindowTitle(APP_TITLE)
        self.resize(1100, 720)
        self.setStyleSheet(WINDOW_STYLE)
        self.station: Station | None = None
        self.actor: Actor | None = None
        self.login_panel: LoginPanel | None = None
        self.lock_screen: LockScreen | None = None
        self.home_page: QWidget | None = None
        self.work_area: QWidget | None = None
        self.workspace = None
        self.scan_capture = None  # ui.scan_capture.ScanCapture while someone is signed in
        self.context = None
        self.first_run_panel = None
        self._dialogs_before_lock: list[QDialog] = []
        self.idle_minutes = 0
        self._idle_timeout_override = idle_timeout_ms
        self._focus_before_lock: QWidget | None = None
        self._selection_before_lock: tuple[int, int, int] | None = None
        self.idle_watcher = IdleWatcher(idle_timeout_ms or 60_000, self)
        self.idle_watcher.idle.connect(self._went_idle)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(24, 20, 24, 12)
        title = QLabel(APP_TITLE)
        title.setStyleSheet("font-size: 22pt; font-weight: 700;")
        self.subtitle = QLabel()
        self.subtitle.setStyleSheet("color: #555;")
        self.subtitle.setWordWrap(True)
        titles = QVBoxLayout()
        titles.addWidget(title)
        titles.addWidget(self.subtitle)
        # The title block greets whoever signs in; once someone is signed in, its room goes
        # to the work (the window title still names the app).
        self.title_block = QWidget()
        header = QHBoxLayout(self.title_block)
        header.setContentsMargins(0, 0, 0, 12)
        header.addLayout(titles, 1)
        header.addWidget(self._language_chooser(), 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.title_block)
        self.pages = QStackedWidget()
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        # Before anyone signs in: the station's database while it opens (and why, if it
        # cannot), then the sign-in form. Once connected, the status bar names the database
        # and the panel moves to the home page, leaving the sign-in form room to breathe.
        self.start_page = QWidget()
        start = QVBoxLayout(self.start_page)
        start.setContentsMargins(0, 0, 0, 0)
        self.station_panel = StationPanel()
        start.addWidget(self.station_panel)
        self.demo_hint = QLabel()
        self.demo_hint.setObjectName("demoHint")
        self.demo_hint.setWordWrap(True)
        self.demo_hint.setStyleSheet(
            "background: #fff3e0; border: 2px solid #ff8f00; padding: 10px; font-weight: 600;"
        )
        self.demo_hint.hide()
        start.addWidget(self.demo_hint)
        self._login_slot = QVBoxLayout()
        start.addStretch(1)
        start.addLayout(self._login_slot)
        start.addStretch(1)
        self.pages.addWidget(self.start_page)
        # The language is chosen before signing in; a session keeps the one it started in.
        self.pages.currentChanged.connect(
            lambda _index: self.language_row.setVisible(
                self.pages.currentWidget() is self.start_page
            )
        )

        self.lock_action = QAction(self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+Shift+L"))
        self.lock_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.lock_action.triggered.connect(self.lock)
        self.sign_out_action = QAction(self)
        self.sign_out_action.triggered.connect(self.sign_out)
        for action in (self.lock_action, self.sign_out_action):
            action.setEnabled(False)
            self.addAction(action)
        self._failure: str | None = None
        self._demo = False
        self._demo_users: tuple[str, ...] | None = None
        self._translate_texts()
        self.statusBar().showMessage(self.tr("Opening the database…"))

    # --- the language ------------------------------------------------------------------------

    def _language_chooser(self) -> QWidget:
        """English or Chinese, named so that either reader finds it."""
        self.language_row = QWidget()
        self.language_row.setObjectName("languageRow")
        row = QHBoxLayout(self.language_row)
        row.setContentsMargins(0, 0, 0, 0)
        label = QLabel("&Language / 语言")
        self.language_box = QComboBox()
        self.language_box.setObjectName("languageBox")
        self.language_box.setMinimumHeight(40)
        for code, name in i18n.LANGUAGES.items():
            self.language_box.addItem(name, code)
        self.language_box.setCurrentIndex(self.language_box.findData(i18n.current_language()))
        label.setBuddy(self.language_box)
        row.addWidget(label)
        row.addWidget(self.language_box)
        self.language_box.currentIndexChanged.connect(
            lambda index: self.set_language(self.language_box.itemData(index))
        )
        return self.language_row

    def set_language(self, code: str) -> None:
        """Switch the sign-in screen to `code` and remember it for this station; whoever
        signs in next gets their work area in it."""
        if code == i18n.current_language():
            return
        i18n.install_language(QApplication.instance(), code, remember=True)
        self.language_box.blockSignals(True)
        self.language_box.setCurrentIndex(self.language_box.findData(i18n.current_language()))
        self.language_box.blockSignals(False)
        choosing = self.focusWidget() is self.language_box  # arrow keys: stay in the chooser
        self._translate_texts()
        self._rebuild_start_panels()
        if choosing:
            self.language_box.setFocus()

    def _translate_texts(self) -> None:
        self.subtitle.setText(
            self.tr(
                "Autologous tissue-engineered bone: lot tracking from aspirate to implant "
                "(NCT07066228)"
            )
        )
        self.lock_action.setText(self.tr("Lock now"))
        self.sign_out_action.setText(self.tr("Sign out"))
        if self._demo:
            self.setWindowTitle(
                self.tr("{app} — DEMONSTRATION SITE (not for patients)").format(app=APP_TITLE)
            )
        if self._demo_users is not None:
            from labtracker.services.demo import DEMO_PASSWORD

            self.demo_hint.setText(
                self.tr(
                    "Demonstration site in a throwaway database. Sign in as {users} with the "
                    "password {password}."
                ).format(users=", ".join(self._demo_users), password=DEMO_PASSWORD)
            )

    def _rebuild_start_panels(self) -> None:
        """Panels already on screen keep the text they were made with: make them again."""
        start = self.start_page.layout()
        if start.indexOf(self.station_panel) >= 0:  # not on someone's home page
            panel = StationPanel()
            if self.station is not None:
                panel.show_opened(self.station)
            elif self._failure is not None:
                panel.show_failed(self._failure)
            start.replaceWidget(self.station_panel, panel)
            self.station_panel.hide()
            self.station_panel.deleteLater()
            panel.setVisible(self.station is None)  # once open, the status bar names it
            self.station_panel = panel
        if self.station is None:
            self.statusBar().showMessage(
                self.tr("Database not available")
                if self._failure is not None
                else self.tr("Opening the database…")
            )
            return
        station = station_name()
        if self.login_panel is not None:
            old = self.login_panel
            self.login_panel = self._make_login_panel(station)
            self._login_slot.replaceWidget(old, self.login_panel)
            self.login_panel.setVisible(self.first_run_panel is None)
            self.login_panel.setEnabled(old.isEnabled())
            old.hide()
            old.deleteLater()
        if self.lock_screen is not None and not self.is_locked:
            old = self.lock_screen
            index = self.pages.indexOf(old)
            self.pages.removeWidget(old)
            old.deleteLater()
            self.lock_screen = self._make_lock_screen(station)
            self.pages.insertWidget(index, self.lock_screen)
        if self.first_run_panel is not None:
            old = self.first_run_panel
            self.first_run_panel = self._make_first_run_panel(station)
            self._login_slot.replaceWidget(old, self.first_run_panel)
            self.first_run_panel.show()
            old.hide()
            old.deleteLater()
            self.first_run_panel.setFocus()
            self._show_set_up_status()
        else:
            self.statusBar().showMessage(self.station.info.summary)
            if self.login_panel is not None and self.login_panel.isEnabled():
                self.login_panel.reset()

    # --- the station ---------------------------------------------------------------------------

    def open_station(self, settings: StationSettings | None = None, *, demo: bool = False) -> bool:
        """Open (and if needed create or migrate) the configured database, then ask who is
        working: the first-run set-up on a new database, the sign-in form otherwise. With
        `demo`, an empty database is first filled with the demonstration site. True on
        success.

        The sign-in form is put up and painted first: importing the database stack
        (SQLAlchemy, Alembic) and opening the database take most of a second, and what is
        typed meanwhile waits for it in the queue (benchmarks, P1)."""
        station = station_name()
        early = self.login_panel is None and self.isVisible()
        if early:
            self.login_panel = self._make_login_panel(station)
            self._login_slot.addWidget(self.login_panel)
            self.login_panel.show()  # not left to the queued show of a widget added late
            self.login_panel.reset()
            # Paint now; keystrokes and clicks wait until the database is open.
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
            self.repaint()

        from labtracker.domain.errors import LabtrackerError
        from labtracker.services.station import open_station

        try:
            self.station = open_station(settings)
        except LabtrackerError as error:
            self._failed(str(error))
            return False
        except Exception as error:  # a database that cannot be reached: say so, keep running
            from labtracker.settings import redact_url

            self._failed(redact_url(f"{type(error).__name__}: {error}"))
            return False
        self.station_panel.show_opened(self.station)
        self.station_panel.hide()
        self.statusBar().showMessage(self.station.info.summary)

        if early:
            assert self.login_panel is not None
            self.login_panel.database = self.station.database
        else:
            self.login_panel = self._make_login_panel(station)
            self._login_slot.addWidget(self.login_panel)
        self.lock_screen = self._make_lock_screen(station)
        self.pages.addWidget(self.lock_screen)
        self.login_panel.reset()
        if demo:
            self._fill_demo()
        elif self._needs_set_up():
            self._show_first_run(station)
        from ui.preload import preload_work_area

        preload_work_area()  # while the person types their ID and password
        return True

    def _needs_set_up(self) -> bool:
        from labtracker.services.setup import needs_set_up

        assert self.station is not None
        return needs_set_up(self.station.database)

    def _show_first_run(self, station: str) -> None:
        assert self.station is not None and self.login_panel is not None
        self.login_panel.hide()
        self.first_run_panel = self._make_first_run_panel(station)
        self._login_slot.addWidget(self.first_run_panel)
        self.first_run_panel.show()
        self.first_run_panel.setFocus()
        self._show_set_up_status()

    def _show_set_up_status(self) -> None:
        assert self.station is not None
        self.statusBar().showMessage(
            self.tr("New database: set up the site  ·  {database}").format(
                database=self.station.info.summary
            )
        )

    def _make_login_panel(self, station: str) -> LoginPanel:
        # Made before the database is open at start-up (open_station attaches it then). Made
        # inside the start page: its style is worked out once, not again when it joins it.
        panel = LoginPanel(
            self.station.database if self.station is not None else None,  # type: ignore[arg-type]
            station=station,
            parent=self.start_page,
        )
        panel.signed_in.connect(self._start_session)
        return panel

    def _make_lock_screen(self, station: str) -> LockScreen:
        assert self.station is not None
        screen = LockScreen(self.station.database, station=station)
        screen.unlocked.connect(self._unlock)
        screen.switched_user.connect(self._switch_user)
        return screen

    def _make_first_run_panel(self, station: str) -> QWidget:
        from ui.first_run import FirstRunPanel

        assert self.station is not None
        panel = FirstRunPanel(self.station.database, station=station)
        panel.signed_in.connect(self._site_set_up)
        return panel

    def _site_set_up(self, actor: Actor) -> None:
        """The site exists: from now on this station signs people in as usual."""
        assert self.login_panel is not None
        self.first_run_panel.hide()
        self.first_run_panel.deleteLater()
        self.first_run_panel = None
        self.login_panel.show()
        self._start_session(actor)

    def _fill_demo(self) -> None:
        """A throwaway demonstration site, made through the real services (takes a while)."""
        from labtracker.services.demo import create_demo
        from ui.tasks import run_task

        assert self.station is not None and self.login_panel is not None
        database = self.station.database
        self._demo = True
        self._translate_texts()
        self.login_panel.setEnabled(False)

        def done(site) -> None:
            assert self.login_panel is not None
            self.login_panel.setEnabled(True)
            self._demo_users = tuple(site.usernames)
            self._translate_texts()
            self.demo_hint.show()
            self.login_panel.reset()

        def failed(error: BaseException) -> None:
            self._failed(
                self.tr("The demonstration site could not be made: {error}").format(error=error)
            )

        self.demo_task = run_task(
            self,
            self.tr("Making the demonstration site"),
            lambda progress: create_demo(database),
            on_done=done,
            on_error=failed,
        )

    def _failed(self, message: str) -> None:
        self._failure = message
        if self.station is None and self.login_panel is not None:  # put up before it failed
            self.login_panel.hide()
            self.login_panel.deleteLater()
            self.login_panel = None
        self.station_panel.show_failed(message)
        self.statusBar().showMessage(self.tr("Database not available"))

    def close_station(self) -> None:
        self._end_session()
        if self.station is not None:
            self.station.close()
            self.station = None

    def closeEvent(self, event: QCloseEvent) -> None:
        self.idle_watcher.stop()
        self.save_layout()
        super().closeEvent(event)

    # --- the window's size and place, remembered per station -------------------------------

    def save_layout(self) -> None:
        from PySide6.QtCore import QSettings

        QSettings("labtracker", "labtracker").setValue("window/geometry", self.saveGeometry())

    def restore_layout(self) -> bool:
        """Put the window where it was last closed on this station; False the first time."""
        from PySide6.QtCore import QSettings

        geometry = QSettings("labtracker", "labtracker").value("window/geometry")
        return bool(geometry) and self.restoreGeometry(geometry)

    # --- the session ---------------------------------------------------------------------------

    @property
    def is_locked(self) -> bool:
        return self.lock_screen is not None and self.pages.currentWidget() is self.lock_screen

    def _start_session(self, actor: Actor) -> None:
        """Give this person a fresh work area; everything they do is attributed to them."""
        from labtracker.services import auth

        assert self.station is not None
        before = self.actor.username if self.actor is not None else None
        self._end_session()
        if before is not None:  # someone else signed in at the lock screen
            log.info("session of %s ended: %s signed in at the lock screen", before, actor.username)
        log.info("signed in: %s", actor.username)
        self.actor = actor
        self._build_work_area(actor)
        self.title_block.hide()
        self.pages.setCurrentWidget(self.work_area)
        self.idle_minutes = auth.idle_lock_minutes(self.station.database)
        self.idle_watcher.set_timeout_ms(self._idle_timeout_override or self.idle_minutes * 60_000)
        self.idle_watcher.start()
        self._set_session_actions(True)
        self._show_status(
            self.tr("Signed in: {name} ({user})").format(name=actor.full_name, user=actor.username)
        )
        self.home_page.setFocus()

    def _build_work_area(self, actor: Actor) -> None:
        from ui.context import WorkContext
        from ui.heap import freeze_start_up
        from ui.navigation import build_pages
        from ui.scan_capture import ScanCapture
        from ui.workspace import Workspace

        assert self.station is not None
        freeze_start_up()
        self.work_area = QWidget()
        self.work_area.setObjectName("workArea")
        area = QVBoxLayout(self.work_area)
        area.setContentsMargins(0, 0, 0, 0)
        area.setSpacing(8)

        header = QHBoxLayout()
        self.signed_in_label = QLabel(
            self.tr("Signed in as {name} ({roles})").format(
                name=actor.full_name, roles=roles_text(actor)
            )
        )
        self.signed_in_label.setObjectName("signedInAs")
        self.signed_in_label.setTextFormat(Qt.TextFormat.PlainText)
        self.signed_in_label.setStyleSheet("font-size: 16pt; font-weight: 600;")
        header.addWidget(self.signed_in_label, 1)
        self.lock_button = QPushButton(self.tr("Lock now  (Ctrl+Shift+L)"))
        self.lock_button.clicked.connect(self.lock_action.trigger)
        self.sign_out_button = QPushButton(self.tr("Sign out"))
        self.sign_out_button.clicked.connect(self.sign_out_action.trigger)
        header.addWidget(self.lock_button)
        header.addWidget(self.sign_out_button)
        area.addLayout(header)

        self.context = WorkContext(self.station.database, actor, station_name())
        self.workspace = Workspace(self.context)
        area.addWidget(self.workspace, 1)
        # Scans are caught wherever the cursor is (a notes field, the sign dialog's password)
        # and go where the workspace routes them: the form in front first.
        self.scan_capture = ScanCapture.from_settings(self.station.settings.scanner, self.work_area)
        self.scan_capture.scanned.connect(self.workspace.handle_scan)

        self.station_page = QWidget()
        self.station_page.setObjectName("stationPage")
        station_layout = QVBoxLayout(self.station_page)
        station_layout.setContentsMargins(0, 0, 0, 0)
        station_layout.addWidget(self.station_panel)
        station_layout.addStretch(1)
        self.station_panel.show()
        build_pages(self.workspace, self.context)
        self.workspace.add_page("station", self.tr("Station"), self.station_page)
        first = self.workspace.page_keys()[0]
        self.workspace.show_page(first)
        # The first screen is the person's home. Focus rests on the page itself after
        # sign-in, so a stray Enter presses no button; Tab goes on to the first control.
        self.home_page = self.workspace.page(first)
        self.home_page.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.pages.addWidget(self.work_area)

    def _end_session(self) -> None:
        """Forget the signed-in person and everything they had on screen."""
        self.idle_watcher.stop()
        if self.scan_capture is not None:
            self.scan_capture.remove()
            self.scan_capture = None
        self._set_session_actions(False)
        self._focus_before_lock = None
        self._selection_before_lock = None
        # What the previous person left open is never shown to the next one.
        for dialog in self._dialogs_before_lock:
            if isValid(dialog):
                dialog.reject()
        self._dialogs_before_lock = []
        if self.work_area is not None:
            # The station panel outlives sessions: take it back before the work area goes.
            self.start_page.layout().insertWidget(0, self.station_panel)
            self.station_panel.hide()
            self.pages.removeWidget(self.work_area)
            self.work_area.deleteLater()
            self.work_area = None
            self.home_page = None
            self.workspace = None
            self.context = None
        self.actor = None

    def sign_out(self) -> None:
        if self.actor is not None:
            log.info("signed out: %s", self.actor.username)
        self._end_session()
        self.title_block.show()
        self.pages.setCurrentWidget(self.start_page)
        if self.login_panel is not None:
            self.login_panel.reset()
        if self.station is not None:
            self.statusBar().showMessage(self.station.info.summary)

    def _set_session_actions(self, enabled: bool) -> None:
        self.lock_action.setEnabled(enabled)
        self.sign_out_action.setEnabled(enabled)

    def _show_status(self, who: str) -> None:
        assert self.station is not None
        self.statusBar().showMessage(f"{who}  ·  {self.station.info.summary}")

    # --- locking -------------------------------------------------------------------------------

    def _went_idle(self) -> None:
        self.lock(idle=True)

    def lock(self, *, idle: bool = False) -> None:
        """Cover the work area; it stays as it is underneath, out of reach until unlocked."""
        if self.actor is None or self.is_locked or self.lock_screen is None:
            return
        assert self.work_area is not None
        self.idle_watcher.stop()
        # First, so keys typed a moment ago reach their field before anything is recorded;
        # then the lock's password field types as any field does.
        if self.scan_capture is not None:
            self.scan_capture.set_enabled(False)
        # Forms and messages open over the work area are separate windows: hide them too, or
        # the next person at the bench could carry on in the locked person's name.
        self._dialogs_before_lock = [
            dialog for dialog in self.work_area.findChildren(QDialog) if dialog.isVisible()
        ]
        focus = QApplication.focusWidget()
        inside = self.work_area.isAncestorOf(focus) if focus is not None else False
        self._focus_before_lock = focus if inside else None
        for dialog in self._dialogs_before_lock:
            dialog.hide()
        # A line edit drops its selection when it loses focus; keep it to put it back.
        self._selection_before_lock = (
            (focus.cursorPosition(), focus.selectionStart(), focus.selectionLength())
            if isinstance(focus, QLineEdit)
            else None
        )
        self.work_area.setEnabled(False)
        log.info("locked%s: %s", " (idle)" if idle else "", self.actor.username)
        self.lock_screen.lock(self.actor, idle_minutes=self.idle_minutes if idle else None)
        self.pages.setCurrentWidget(self.lock_screen)
        self.lock_screen.password.setFocus()
        self._set_session_actions(False)
        self._show_status(
            self.tr("Locked: {name} ({user})").format(
                name=self.actor.full_name, user=self.actor.username
            )
        )

    def _unlock(self) -> None:
        assert self.work_area is not None and self.actor is not None
        log.info("unlocked: %s", self.actor.username)
        self.work_area.setEnabled(True)
        self.pages.setCurrentWidget(self.work_area)
        dialogs, self._dialogs_before_lock = self._dialogs_before_lock, []
        for dialog in dialogs:
            if isValid(dialog):
                dialog.show()
        focus, selection = self._focus_before_lock, self._selection_before_lock
        self._focus_before_lock = self._selection_before_lock = None
        if focus is not None and isValid(focus):
            focus.setFocus(Qt.FocusReason.OtherFocusReason)
            if selection is not None and isinstance(focus, QLineEdit):
                cursor, start, length = selection
                if length <= 0:
                    focus.setCursorPosition(cursor)
                elif cursor == start:  # selected leftwards: the cursor is at the start
                    focus.setSelection(start + length, -length)
                else:
                    focus.setSelection(start, length)
        elif self.home_page is not None:
            self.home_page.setFocus()
        self._set_session_actions(True)
        if self.scan_capture is not None:
            self.scan_capture.set_enabled(True)
        self.idle_watcher.start()
        self._show_status(
            self.tr("Signed in: {name} ({user})").format(
                name=self.actor.full_name, user=self.actor.username
            )
        )

    def _switch_user(self, actor: Actor) -> None:
        """Someone signed in at the lock screen. The same person keeps their work; anyone
        else starts afresh, since the locked input must not be saved in their name."""
        if self.actor is not None and actor.user_id == self.actor.user_id:
            self._unlock()
            return
        self._start_session(actor)
