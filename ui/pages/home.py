"""The home page: what each of the signed-in person's roles has waiting, one section per
concern, read again every minute while the page is in front.

* technician (and supervisor / verifier): the work list, every open lot with its next task,
  the pressing ones first and flagged in words;
* QA: lots awaiting review and release, open deviations, released constructs counting down;
* surgeon: released and dispatched constructs with the time left (every such construct; the
  system does not yet tie a surgeon to their patients);
* administrator: accounts, failed sign-ins of the last 7 days, the site's settings, the last
  database backup (a red reminder at the top when the next one is overdue).

Someone with several roles sees the sections of each. Enter or a double-click on a lot's row
opens the lot.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QHideEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from labtracker.clock import get_clock
from labtracker.domain.errors import LabtrackerError
from labtracker.domain.lot_states import LotStatus
from labtracker.domain.permissions import Action, is_allowed
from labtracker.domain.scan import classify
from ui.models.home_tables import (
    DeviationTableModel,
    LoginAttemptTableModel,
    ReviewQueueModel,
    UserTableModel,
    WorkListModel,
)
from ui.models.lot_table import LotTableModel, is_expired, time_left
from ui.models.row_table import EXPIRY_WARNING, RowTableModel
from ui.pages.lots import TABLE_STYLE, RowTableView

if TYPE_CHECKING:
    from ui.context import Navigator, WorkContext

REFRESH_INTERVAL_MS = 60_000
FAILED_LOGIN_DAYS = 7
# The workspace keys of the administrator's screens (built elsewhere).
ADMIN_USERS_PAGE = "admin-users"
ADMIN_SITE_PAGE = "admin-site"
BACKUPS_PAGE = "admin-backups"

HOME_STYLE = (
    TABLE_STYLE
    + """
QLabel { font-size: 12pt; }
QLabel#pageHeading { font-size: 20pt; font-weight: 700; }
QLabel#updatedAt { color: #555; }
QLabel#homeBanner { color: white; background: #b71c1c; padding: 8px; border-radius: 4px;
                    font-weight: 600; }
QLabel#homeNotice { background: #fff3e0; border: 1px solid #ff8f00; padding: 6px;
                    border-radius: 4px; }
QFrame#homeSection { background: #ffffff; border: 1px solid #c8ccd2; border-radius: 8px; }
QFrame#homeSection QLabel { border: none; background: transparent; }
QLabel#sectionHeading { font-size: 16pt; font-weight: 700; }
QLabel#sectionCount { font-size: 13pt; color: #333; }
QLabel#sectionHint { color: #555; font-size: 11pt; }
QLabel#emptyState { color: #1b5e20; font-size: 13pt; padding: 6px 0; }
QPushButton { font-size: 12pt; min-height: 40px; padding: 0 16px; }
"""
)


class Section(QFrame):
    """One block of the home page: a heading with its count, a table (or a line saying there
    is nothing), and the buttons that lead on."""

    def __init__(
        self,
        key: str,
        title: str,
        empty_text: str,
        *,
        hint: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.key = key
        self.setObjectName("homeSection")
        self.setProperty("sectionKey", key)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 12)
        layout.setSpacing(6)
        top = QHBoxLayout()
        self.heading = QLabel(title)
        self.heading.setObjectName("sectionHeading")
        self.count_label = QLabel()
        self.count_label.setObjectName("sectionCount")
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        top.addWidget(self.heading)
        top.addSpacing(12)
        top.addWidget(self.count_label, 1, Qt.AlignmentFlag.AlignBaseline)
        self._buttons = top
        layout.addLayout(top)
        self.hint_label = QLabel(hint, self)  # parented first: shown, it is never a window
        self.hint_label.setObjectName("sectionHint")
        self.hint_label.setWordWrap(True)
        layout.addWidget(self.hint_label)
        self.hint_label.setVisible(bool(hint))
        self.view = RowTableView()
        self.view.setObjectName(f"{key}Table")
        self.view.hide()
        layout.addWidget(self.view)
        self.empty_label = QLabel(empty_text)
        self.empty_label.setObjectName("emptyState")
        layout.addWidget(self.empty_label)
        self.body = layout
        self.model: RowTableModel | None = None

    def add_button(self, button: QPushButton) -> None:
        button.setAutoDefault(False)
        self._buttons.addWidget(button)

    def set_model(
        self,
        model: RowTableModel,
        widths: Sequence[int],
        *,
        stretch: int | None = None,
        two_lines: Sequence[int] = (),
    ) -> None:
        """Show `model`; the columns fit the page (no sideways scrolling), `stretch` taking
        the room left, long texts cut short with their whole text in the tooltip."""
        self.model = model
        self.view.setModel(model)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        if two_lines:
            self.view.use_two_lines(list(two_lines))
        self.view.set_widths(list(widths), stretch=stretch)

    def reload(self, load: Callable[[], None], count_text: Callable[[], str]) -> None:
        """Run `load` (it fills the model), keeping the selected row selected."""
        assert self.model is not None
        row = self.view.selected_row()
        key: Hashable | None = self.model.key_of(row) if row >= 0 else None
        load()
        if key is not None:
            again = self.model.row_of_key(key)
            if again >= 0 and again != self.view.selected_row():
                self.view.select_row(again)
        shown = self.model.rowCount()
        self.view.setVisible(shown > 0)
        self.empty_label.setVisible(shown == 0)
        self.count_label.setText(count_text() if shown else "")
        self.view.fit_rows(shown)


class HomePage(QWidget):
    """The signed-in person's home: a section per concern of each of their roles."""

    def __init__(
        self, ctx: WorkContext, navigator: Navigator, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        from labtracker.services.site import site_info

        self.setObjectName("homePage")
        self.setStyleSheet(HOME_STYLE)
        self.ctx = ctx
        self.navigator = navigator
        self.zone = ZoneInfo(site_info(ctx.db).timezone)
        self.sections: dict[str, Section] = {}
        self._loaders: list[Callable[[], None]] = []

        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 12)
        outer.setSpacing(8)
        top = QHBoxLayout()
        heading = QLabel(self.tr("Home"))
        heading.setObjectName("pageHeading")
        self.updated_label = QLabel()
        self.updated_label.setObjectName("updatedAt")
        self.refresh_button = QPushButton(self.tr("&Refresh (F5)"))
        self.refresh_button.setObjectName("refreshButton")
        self.refresh_button.setAutoDefault(False)
        self.refresh_button.clicked.connect(self.refresh)
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.updated_label)
        top.addWidget(self.refresh_button)
        outer.addLayout(top)
        self.banner = QLabel()
        self.banner.setObjectName("homeBanner")
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.hide()
        outer.addWidget(self.banner)
        self.notice = QLabel()
        self.notice.setObjectName("homeNotice")
        self.notice.setWordWrap(True)
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.hide()
        outer.addWidget(self.notice)

        body = QWidget()
        self.column = QVBoxLayout(body)
        self.column.setContentsMargins(0, 0, 4, 0)
        self.column.setSpacing(14)
        scroll = QScrollArea()
        scroll.setObjectName("homeScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        if ctx.has_role("technician", "verifier"):
            self._add_work_list()
        if ctx.has_role("qa"):
            self._add_review_queue()
            self._add_open_deviations()
        if ctx.has_role("qa", "surgeon"):
            self._add_released(for_surgeon=ctx.has_role("surgeon"))
        if ctx.has_role("administrator"):
            self._add_users()
            self._add_failed_logins()
            self._add_site()
        if is_allowed(ctx.actor.roles, Action.BACKUP_DATABASE):
            self._add_backups(outer)
        if not self.sections:
            nothing = QLabel(self.tr("Your roles have nothing to show here."))
            nothing.setObjectName("emptyState")
            self.column.addWidget(nothing)
        self.column.addStretch(1)

        self.refresh_timer = QTimer(self)
        self.refresh_timer.setInterval(REFRESH_INTERVAL_MS)
        self.refresh_timer.timeout.connect(self.refresh)
        QShortcut(QKeySequence("F5"), self, activated=self.refresh)
        self.refresh()

    # --- sections ------------------------------------------------------------------------------

    def _section(
        self,
        key: str,
        title: str,
        empty_text: str,
        model: RowTableModel,
        widths: Sequence[int],
        load: Callable[[], None],
        count_text: Callable[[], str],
        *,
        hint: str = "",
        open_row: Callable[[int], None] | None = None,
        stretch: int | None = None,
        two_lines: Sequence[int] = (),
    ) -> Section:
        section = Section(key, title, empty_text, hint=hint)
        section.set_model(model, widths, stretch=stretch, two_lines=two_lines)
        if open_row is not None:
            section.view.row_chosen.connect(open_row)
        section.view.text_entered.connect(self._typed_into_table)
        self.sections[key] = section
        self.column.addWidget(section)
        self._loaders.append(lambda: section.reload(load, count_text))
        return section

    def _add_work_list(self) -> None:
        from labtracker.services.queries import work_list

        model = WorkListModel(self)

        def count() -> str:
            items = model.rows()
            urgent = sum(i.urgency in ("blocked", "expired", "overdue") for i in items)
            due = sum(i.urgency == "due" for i in items)
            parts = [self.tr("{n} open lot(s)").format(n=len(items))]
            if urgent:
                parts.append(self.tr("{n} need action now").format(n=urgent))
            if due:
                parts.append(self.tr("{n} due today").format(n=due))
            return " · ".join(parts)

        self._section(
            "work",
            self.tr("Work today"),
            self.tr("Nothing waiting."),
            model,
            (100, 195, 195, 0, 115),
            lambda: model.set_rows(work_list(self.ctx.db, self.ctx.actor)),
            count,
            hint=self.tr(
                "BLOCKED / EXPIRED / OVERDUE: act now.   DUE: today.   later: waiting.   "
                "Enter or double-click opens a lot."
            ),
            open_row=lambda row: self.navigator.open_lot(model.din_at(row)),
            stretch=3,
            two_lines=(2, 3),
        )

    def _add_review_queue(self) -> None:
        from labtracker.services.queries import review_queue

        model = ReviewQueueModel(self)

        def count() -> str:
            items = model.rows()
            ready = sum(i.can_release for i in items)
            failed = sum(bool(i.failures) for i in items)
            parts = [self.tr("{n} lot(s)").format(n=len(items))]
            if ready:
                parts.append(self.tr("{n} ready for release").format(n=ready))
            if failed:
                parts.append(self.tr("{n} with a failed result").format(n=failed))
            return " · ".join(parts)

        self._section(
            "review",
            self.tr("Awaiting QA review and release"),
            self.tr("Nothing waiting."),
            model,
            (120, 200, 200, 110, 0),
            lambda: model.set_rows(review_queue(self.ctx.db, self.ctx.actor)),
            count,
            open_row=lambda row: self.navigator.open_lot(model.din_at(row)),
            stretch=4,
            two_lines=(2, 4),
        )

    def _add_open_deviations(self) -> None:
        from labtracker.services.deviations import open_deviations

        model = DeviationTableModel(self)

        def count() -> str:
            rows = model.rows()
            critical = sum(d.classification == "critical" for d in rows)
            major = sum(d.classification == "major" for d in rows)
            parts = [self.tr("{n} open").format(n=len(rows))]
            if critical:
                parts.append(self.tr("{n} critical").format(n=critical))
            if major:
                parts.append(self.tr("{n} major").format(n=major))
            return " · ".join(parts)

        def open_row(row: int) -> None:
            din = model.din_at(row)
            if din:
                self.navigator.open_lot(din)

        self._section(
            "deviations",
            self.tr("Open deviations"),
            self.tr("No open deviations."),
            model,
            (160, 200, 100, 0, 100, 180),
            lambda: model.set_rows(open_deviations(self.ctx.db, self.ctx.actor)),
            count,
            open_row=open_row,
            stretch=3,
            two_lines=(3,),
        )

    def _add_released(self, *, for_surgeon: bool) -> None:
        model = LotTableModel(
            self.ctx,
            columns=("din", "patient_mrn", "status", "expires_at", "time_left"),
            statuses=(LotStatus.RELEASED, LotStatus.DISPATCHED),
            parent=self,
        )

        def count() -> str:
            rows = model.rows()
            expired = sum(is_expired(r) for r in rows)
            soon = sum(
                not is_expired(r) and (time_left(r) or EXPIRY_WARNING) < EXPIRY_WARNING
                for r in rows
            )
            parts = [self.tr("{n} construct(s)").format(n=len(rows))]
            if soon:
                parts.append(self.tr("{n} expire within 6 h").format(n=soon))
            if expired:
                parts.append(self.tr("{n} EXPIRED").format(n=expired))
            return " · ".join(parts)

        title = (
            self.tr("Released constructs for implantation")
            if for_surgeon
            else self.tr("Released constructs")
        )
        self._section(
            "released",
            title,
            self.tr("No released construct is waiting."),
            model,
            (200, 220, 0, 200, 190),
            model.refresh,
            count,
            hint=self.tr(
                "Time left to expiry in hours:minutes, red under 6 hours. An EXPIRED "
                "construct must not be implanted."
            ),
            open_row=lambda row: self.navigator.open_lot(model.din_at(row)),
            stretch=2,
            two_lines=model.two_line_columns(),
        )

    def _add_users(self) -> None:
        from labtracker.services.users import list_users

        model = UserTableModel(self)

        def count() -> str:
            users = model.rows()
            locked = sum(u.is_active and u.is_locked for u in users)
            parts = [
                self.tr("{n} account(s)").format(n=len(users)),
                self.tr("{n} active").format(n=sum(u.is_active for u in users)),
            ]
            if locked:
                parts.append(self.tr("{n} LOCKED").format(n=locked))
            return " · ".join(parts)

        section = self._section(
            "users",
            self.tr("Users"),
            self.tr("No accounts."),
            model,
            (140, 240, 0, 220, 170),
            lambda: model.set_rows(list_users(self.ctx.db, self.ctx.actor)),
            count,
            open_row=lambda _row: self.navigator.show_page(ADMIN_USERS_PAGE),
            stretch=2,
        )
        self.manage_users_button = QPushButton(self.tr("Manage &users…"))
        self.manage_users_button.setObjectName("manageUsersButton")
        self.manage_users_button.clicked.connect(lambda: self.navigator.show_page(ADMIN_USERS_PAGE))
        section.add_button(self.manage_users_button)

    def _add_failed_logins(self) -> None:
        from labtracker.services.auth import login_attempts

        model = LoginAttemptTableModel(self.zone, self)

        def load() -> None:
            since = get_clock().now() - timedelta(days=FAILED_LOGIN_DAYS)
            model.set_rows(
                login_attempts(self.ctx.db, self.ctx.actor, failed_only=True, since=since)
            )

        self._section(
            "logins",
            self.tr("Failed sign-ins, last {days} days").format(days=FAILED_LOGIN_DAYS),
            self.tr("No failed sign-ins."),
            model,
            (190, 180, 130, 0, 150),
            load,
            lambda: self.tr("{n} failed").format(n=model.rowCount()),
            stretch=3,
        )

    def _add_site(self) -> None:
        section = QFrame()
        section.setObjectName("homeSection")
        section.setProperty("sectionKey", "site")
        layout = QVBoxLayout(section)
        layout.setContentsMargins(14, 10, 14, 12)
        top = QHBoxLayout()
        heading = QLabel(self.tr("Site settings"))
        heading.setObjectName("sectionHeading")
        top.addWidget(heading)
        top.addStretch(1)
        self.site_settings_button = QPushButton(self.tr("Site &settings…"))
        self.site_settings_button.setObjectName("siteSettingsButton")
        self.site_settings_button.setAutoDefault(False)
        self.site_settings_button.clicked.connect(lambda: self.navigator.show_page(ADMIN_SITE_PAGE))
        top.addWidget(self.site_settings_button)
        layout.addLayout(top)
        # Two columns of label and value: the site's identity, then its rules.
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.site_values: dict[str, QLabel] = {}
        for number, (key, label) in enumerate(
            (
                ("name", self.tr("Site:")),
                ("facility", self.tr("Facility code (DIN):")),
                ("timezone", self.tr("Time zone:")),
                ("expiry", self.tr("Constructs expire:")),
                ("idle_lock", self.tr("Idle lock after:")),
                ("lockout", self.tr("Accounts lock after:")),
            )
        ):
            name = QLabel(label)
            value = QLabel()
            value.setObjectName(f"site-{key}")
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            row, pair = number % 3, number // 3
            grid.addWidget(name, row, 2 * pair, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(value, row, 2 * pair + 1)
            self.site_values[key] = value
        layout.addLayout(grid)
        self.column.addWidget(section)

        def load() -> None:
            from labtracker.services.auth import current_access_policy
            from labtracker.services.site import current_process_rules, site_info

            info = site_info(self.ctx.db)
            policy = current_access_policy(self.ctx.db)
            rules = current_process_rules(self.ctx.db)
            values = self.site_values
            values["name"].setText(info.name)
            values["facility"].setText(info.facility_code)
            values["timezone"].setText(info.timezone)
            values["idle_lock"].setText(
                self.tr("{n} minutes without use").format(n=policy.idle_lock_minutes)
            )
            values["lockout"].setText(
                self.tr("{n} failed sign-ins").format(n=policy.max_failed_attempts)
            )
            values["expiry"].setText(
                self.tr("{n:g} h after QA release").format(n=rules.release_expiry_hours)
            )

        self._loaders.append(load)

    def _add_backups(self, outer: QVBoxLayout) -> None:
        """The last backup, and a red reminder at the top of the page when one is overdue."""
        from labtracker.services.backup import backup_status
        from ui.pages.admin.backups import last_backup_line, overdue_text

        self.backup_reminder = QLabel()
        self.backup_reminder.setObjectName("backupReminder")
        self.backup_reminder.setWordWrap(True)
        self.backup_reminder.setTextFormat(Qt.TextFormat.PlainText)
        self.backup_reminder.setStyleSheet(
            "color: white; background: #b71c1c; padding: 8px; border-radius: 4px; font-weight: 600;"
        )
        self.backup_reminder.hide()
        outer.insertWidget(outer.indexOf(self.notice) + 1, self.backup_reminder)

        section = QFrame()
        section.setObjectName("homeSection")
        section.setProperty("sectionKey", "backups")
        layout = QHBoxLayout(section)
        layout.setContentsMargins(14, 10, 14, 12)
        heading = QLabel(self.tr("Backups"))
        heading.setObjectName("sectionHeading")
        self.backup_line = QLabel()
        self.backup_line.setObjectName("backupLine")
        self.backup_line.setWordWrap(True)
        self.backup_line.setTextFormat(Qt.TextFormat.PlainText)
        self.backups_button = QPushButton(self.tr("&Backups…"))
        self.backups_button.setObjectName("backupsButton")
        self.backups_button.setAutoDefault(False)
        self.backups_button.clicked.connect(lambda: self.navigator.show_page(BACKUPS_PAGE))
        layout.addWidget(heading)
        layout.addSpacing(12)
        layout.addWidget(self.backup_line, 1)
        layout.addWidget(self.backups_button)
        self.column.addWidget(section)

        def load() -> None:
            status = backup_status(self.ctx.db)
            self.backup_line.setText(last_backup_line(status, self.zone))
            reminder = overdue_text(status, self.zone)
            self.backup_reminder.setText(reminder)
            self.backup_reminder.setVisible(bool(reminder))

        self._loaders.append(load)

    # --- reading -------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read every section again; the selected rows stay selected."""
        problems = []
        for load in self._loaders:
            try:
                load()
            except LabtrackerError as error:  # e.g. a role withdrawn since sign-in
                problems.append(str(error))
        self.banner.setText("\n".join(dict.fromkeys(problems)))
        self.banner.setVisible(bool(problems))
        now = get_clock().now().astimezone(self.zone)
        self.updated_label.setText(self.tr("Updated {time}").format(time=f"{now:%H:%M}"))

    def section(self, key: str) -> Section:
        return self.sections[key]

    def _typed_into_table(self, text: str) -> None:
        """A label scanned while a table had focus: open the lot it names."""
        scanned = classify(text)
        if scanned.din is not None:
            self.notice.hide()
            self.navigator.open_lot(scanned.din.code)
            return
        self.notice.setText(
            self.tr(
                "{text} is not a lot, vessel or QC sample label. To look something up, scan "
                "it into the scan field at the top (F2)."
            ).format(text=text)
        )
        self.notice.show()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh_timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        self.refresh_timer.stop()
        super().hideEvent(event)
