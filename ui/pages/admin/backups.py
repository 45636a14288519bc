"""Backups, for administrators: when the database was last backed up and by whom, whether the
next backup is overdue, a backup made now (checked before it is kept, and recorded), and the
site's backup interval (a regulated setting, changed with a reason).

Scheduled backups run outside the app (`labtracker backup`, docs/backup-restore.md); this page
is where an administrator sees that they happened, and is reminded when they did not.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QFrame,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from labtracker.clock import get_clock
from labtracker.domain.errors import LabtrackerError
from labtracker.domain.permissions import Action
from labtracker.services import backup
from ui.forms.base import FieldError, Saved, number_edit
from ui.models.row_table import local_text
from ui.pages.admin.common import AdminForm, AdminPage, guard, may, only_text
from ui.pages.admin.site_settings import CARD_STYLE, Card, value_label
from ui.tasks import run_task

if TYPE_CHECKING:
    from labtracker.services.backup import BackupReport, BackupStatus
    from ui.context import Navigator, WorkContext

BACK_UP = Action.BACKUP_DATABASE
MANAGE = Action.MANAGE_SITE_SETTINGS
OVERDUE_STYLE = "color: white; background: #b71c1c; padding: 6px; border-radius: 4px;"
DUE_STYLE = "color: #1b5e20; font-weight: 600;"


def size_text(size: int) -> str:
    for unit in ("bytes", "kB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size:,.0f} {unit}" if unit == "bytes" else f"{size:,.1f} {unit}"
        size /= 1000
    return ""  # pragma: no cover


def overdue_text(status: BackupStatus, zone: ZoneInfo | None) -> str:
    """The reminder, in words; empty when a backup is not due yet."""
    from PySide6.QtCore import QCoreApplication

    if not status.overdue:
        return ""
    if status.last_backup_at is None:
        return QCoreApplication.translate(
            "Backups",
            "OVERDUE: this database has never been backed up. Make a backup now (Backups), "
            "and have IT schedule one every {hours} h.",
        ).format(hours=status.interval_hours)
    late = status.checked_at - status.last_backup_at
    return QCoreApplication.translate(
        "Backups",
        "OVERDUE: the last database backup was {days} day(s) {hours} h ago ({when}); the site "
        "asks for one every {interval} h. Make a backup now (Backups).",
    ).format(
        days=late.days,
        hours=late.seconds // 3600,
        when=local_text(status.last_backup_at, zone),
        interval=status.interval_hours,
    )


class BackupIntervalForm(AdminForm):
    """The site's backup interval: how often administrators expect a backup."""

    def __init__(self, ctx: WorkContext, hours: int, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx, self.tr("Change the backup interval"), parent, save_text=self.tr("Save interval")
        )
        self.hours = hours
        self.add_notice(
            self.tr(
                "Administrators are reminded on their home page when the last backup is older "
                "than this. Set it to match the backups IT schedules (daily: 24 h)."
            ),
            warning=False,
        )
        edit = number_edit()
        edit.setText(str(hours))
        self.add_field(
            "hours",
            self.tr("Backup interval"),
            edit,
            unit=self.tr("h"),
            hint=self.tr("Allowed: 1–{most} h").format(most=backup.MAX_BACKUP_INTERVAL_HOURS),
            aliases=("Backup interval",),
        )
        self.add_reason()

    def save(self) -> Saved:
        value = self.number("hours", whole=True)
        if int(value) == self.hours:
            raise FieldError("hours", self.tr("Nothing to change: this is the interval now."))
        reason = self.reason()
        hours = backup.set_backup_interval(self.ctx.db, self.ctx.actor, reason, int(value))
        return Saved(
            self.tr("backup interval {old} h → {new} h.").format(old=self.hours, new=hours)
        )


class BackupsPage(AdminPage):
    """The last backup, the reminder, a backup made now, and the interval."""

    def __init__(
        self, ctx: WorkContext, navigator: Navigator, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, navigator, "", parent)
        from labtracker.services.site import database_in_use, site_info

        self.setStyleSheet(self.styleSheet() + CARD_STYLE)
        self.heading.setText(self.tr("Backups"))
        if not may(ctx, BACK_UP):
            self.set_access_note(only_text(BACK_UP, self.tr("back up the database")))
        self.zone = ZoneInfo(site_info(ctx.db).timezone)
        self.backend, self.location = database_in_use(ctx.db)
        self.status: BackupStatus | None = None
        self.task = None

        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(12)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        self.body.addWidget(scroll, 1)

        card = Card(self.tr("Last backup"))
        self.overdue = QLabel()
        self.overdue.setObjectName("backupOverdue")
        self.overdue.setWordWrap(True)
        self.overdue.setTextFormat(Qt.TextFormat.PlainText)
        self.overdue.setStyleSheet(OVERDUE_STYLE)
        self.overdue.hide()
        card.layout_.addWidget(self.overdue)
        form = QFormLayout()
        self.values: dict[str, QLabel] = {}
        for key, label in (
            ("when", self.tr("Made:")),
            ("by", self.tr("By:")),
            ("file", self.tr("File:")),
            ("sha256", self.tr("SHA-256:")),
            ("due", self.tr("Next due:")),
            ("interval", self.tr("Interval:")),
        ):
            value = value_label()
            value.setObjectName(f"backup-{key}")
            self.values[key] = value
            form.addRow(label, value)
        card.layout_.addLayout(form)
        self.interval_button = QPushButton(self.tr("Change &interval…"))
        self.interval_button.setObjectName("changeBackupInterval")
        self.interval_button.setAutoDefault(False)
        guard(self.interval_button, ctx, MANAGE, self.tr("change the backup interval"))
        self.interval_button.clicked.connect(self.change_interval)
        card.layout_.addWidget(self.interval_button, 0, Qt.AlignmentFlag.AlignLeft)
        column.addWidget(card)

        now_card = Card(self.tr("Back up now"))
        now_card.hint(
            self.tr(
                "Copies the whole database ({backend} · {location}) while everyone keeps "
                "working, checks the copy (integrity and the audit trail's hash chain) before "
                "keeping it, and writes its SHA-256 beside it. Keep backups off this PC."
            ).format(backend=self.backend, location=self.location)
        )
        self.backup_button = QPushButton(self.tr("&Back up now…"))
        self.backup_button.setObjectName("backUpNow")
        self.backup_button.setAutoDefault(False)
        guard(self.backup_button, ctx, BACK_UP, self.tr("back up the database"))
        self.backup_button.clicked.connect(self.choose_file)
        now_card.layout_.addWidget(self.backup_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.result = value_label()
        self.result.setObjectName("backupResult")
        self.result.hide()
        now_card.layout_.addWidget(self.result)
        column.addWidget(now_card)

        how = Card(self.tr("Scheduled backups and restoring"))
        how.hint(
            self.tr(
                "IT schedules `labtracker backup -o FILE --user ADMIN --password-stdin` (daily "
                "at least); each scheduled backup appears here. `labtracker verify-backup FILE` "
                "checks a copy; `labtracker restore FILE` restores one into an empty database. "
                "The procedure: docs/backup-restore.md."
            )
        )
        column.addWidget(how)
        column.addStretch(1)

    # --- reading ------------------------------------------------------------------------------

    def refresh(self) -> None:
        status = self.status = backup.backup_status(self.ctx.db)
        values = self.values
        never = status.last_backup_at is None
        values["when"].setText(
            self.tr("never") if never else local_text(status.last_backup_at, self.zone)
        )
        by = status.last_backup_by or ""
        if status.last_backup_by_name:
            by = f"{by} ({status.last_backup_by_name})"
        if status.last_backup_station:
            by = self.tr("{who} on {station}").format(who=by, station=status.last_backup_station)
        values["by"].setText(by or "–")
        values["file"].setText(status.last_backup_path or "–")
        values["sha256"].setText(status.last_backup_sha256 or "–")
        values["interval"].setText(self.tr("every {hours} h").format(hours=status.interval_hours))
        if status.overdue:
            values["due"].setText(self.tr("OVERDUE"))
            values["due"].setStyleSheet("color: #b71c1c; font-weight: 700;")
        else:
            values["due"].setText(local_text(status.due_at, self.zone))
            values["due"].setStyleSheet(DUE_STYLE)
        text = overdue_text(status, self.zone)
        self.overdue.setText(text)
        self.overdue.setVisible(bool(text))

    # --- backing up ---------------------------------------------------------------------------

    def suggested_path(self) -> Path:
        """backups/labtracker-<date-time>.sqlite3 (or .dump) in the data directory."""
        from labtracker.settings import readable_settings

        settings = readable_settings()
        folder = (settings.data_dir if settings else Path.home()) / "backups"
        stamp = get_clock().now().astimezone(self.zone).strftime("%Y%m%d-%H%M")
        suffix = ".sqlite3" if self.backend == "SQLite" else ".dump"
        return folder / f"labtracker-{stamp}{suffix}"

    def choose_file(self) -> QFileDialog:
        suggested = self.suggested_path()
        suggested.parent.mkdir(parents=True, exist_ok=True)
        dialog = QFileDialog(self, self.tr("Back up the database to"), str(suggested))
        dialog.setObjectName("backupFileDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.fileSelected.connect(lambda path: self.back_up_to(Path(path)))
        dialog.open()
        return dialog

    def back_up_to(self, path: Path) -> None:
        """Make the backup in the background; the page shows the result or the refusal."""
        self.backup_button.setEnabled(False)
        self.result.setStyleSheet("")
        self.result.setText(self.tr("Backing up to {path}…").format(path=path))
        self.result.show()
        ctx = self.ctx

        def done(report: BackupReport) -> None:
            self.backup_button.setEnabled(True)
            self.result.setStyleSheet(DUE_STYLE)
            self.result.setText(
                self.tr(
                    "Backed up to {path}: {size}, SHA-256 {sha}; {entries} audit entries "
                    "verified in the copy."
                ).format(
                    path=report.path,
                    size=size_text(report.size_bytes),
                    sha=report.sha256,
                    entries=f"{report.audit_entries_checked:,}",
                )
            )
            self.refresh()

        def failed(error: BaseException) -> None:
            self.backup_button.setEnabled(True)
            self.result.setStyleSheet("color: #b71c1c; font-weight: 600;")
            self.result.setText(
                self.tr("NOT backed up: {error}").format(error=error)
                if isinstance(error, LabtrackerError | OSError)
                else self.tr("NOT backed up: {kind}: {error}").format(
                    kind=type(error).__name__, error=error
                )
            )

        self.task = run_task(
            self,
            self.tr("Backing up the database"),
            lambda progress: backup.backup_database(ctx.db, ctx.actor, path, station=ctx.station),
            on_done=done,
            on_error=failed,
        )

    def change_interval(self) -> BackupIntervalForm | None:
        if self.status is None:
            return None
        return self.open_form(BackupIntervalForm(self.ctx, self.status.interval_hours, self))


def last_backup_line(status: BackupStatus, zone: ZoneInfo | None) -> str:
    """One line for the administrator's home page."""
    from PySide6.QtCore import QCoreApplication

    if status.last_backup_at is None:
        return QCoreApplication.translate("Backups", "No backup on record.")
    return QCoreApplication.translate(
        "Backups", "Last backup {when} by {who}; next due {due}."
    ).format(
        when=local_text(status.last_backup_at, zone),
        who=status.last_backup_by or "?",
        due=local_text(status.due_at, zone),
    )
