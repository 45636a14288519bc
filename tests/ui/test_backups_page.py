"""Backups in the app: the administrator's home page shows a red reminder when the database
has not been backed up within the site's interval; the Backups page makes a checked backup
now (recorded, with its SHA-256), after which the reminder is gone until the interval runs
out again; the interval is changed with a reason; only an administrator may back up."""

from __future__ import annotations

import hashlib

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from labtracker.services import backup
from tests.ui.test_admin_users import Nav
from tests.ui.test_home import make_home
from ui.pages.admin.backups import BackupsPage
from ui.tasks import running_tasks

LEFT = Qt.MouseButton.LeftButton


def open_page(qtbot, demo, who="admin") -> BackupsPage:
    page = BackupsPage(demo.ctx(who), Nav())
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    page.refresh()
    return page


def back_up(qtbot, page: BackupsPage, path) -> None:
    page.back_up_to(path)
    qtbot.waitUntil(lambda: not running_tasks(), timeout=30_000)


def test_a_site_never_backed_up_is_flagged_on_the_administrators_home(qtbot, demo):
    home, navigator = make_home(qtbot, demo, "admin")
    assert home.backup_reminder.isVisible()
    assert home.backup_reminder.text().startswith(
        "OVERDUE: this database has never been backed up."
    )
    assert home.backup_line.text() == "No backup on record."
    qtbot.mouseClick(home.backups_button, LEFT)
    assert navigator.pages == ["admin-backups"]


def test_backing_up_now_records_a_checked_copy_and_clears_the_reminder(
    qtbot, demo, clock, tmp_path
):
    page = open_page(qtbot, demo)
    assert page.values["when"].text() == "never"
    assert page.values["due"].text() == "OVERDUE"
    assert page.overdue.isVisible()

    target = tmp_path / "labtracker-site.sqlite3"
    back_up(qtbot, page, target)
    assert page.result.text().startswith("Backed up"), page.result.text()
    sha = hashlib.sha256(target.read_bytes()).hexdigest()
    result = page.result.text()
    assert result.startswith(f"Backed up to {target}: ")
    assert f"SHA-256 {sha}" in result and "audit entries verified in the copy" in result
    assert (target.parent / (target.name + ".sha256")).read_text().startswith(sha)
    assert page.values["file"].text() == str(target)
    assert page.values["sha256"].text() == sha
    assert page.values["by"].text().startswith("admin (")
    assert page.values["due"].text() != "OVERDUE" and not page.overdue.isVisible()

    home, _ = make_home(qtbot, demo, "admin")
    assert not home.backup_reminder.isVisible()
    assert home.backup_line.text().startswith("Last backup ")
    assert "by admin" in home.backup_line.text()

    clock.advance(hours=25)  # the default interval is 24 h
    home.refresh()
    assert home.backup_reminder.isVisible()
    assert "the last database backup was 1 day(s) 1 h ago" in home.backup_reminder.text()
    assert "every 24 h" in home.backup_reminder.text()


def test_a_refused_backup_says_why_and_keeps_nothing(qtbot, demo, tmp_path):
    page = open_page(qtbot, demo)
    target = tmp_path / "already-there.sqlite3"
    target.write_bytes(b"an earlier backup")
    back_up(qtbot, page, target)
    assert page.result.text().startswith("NOT backed up: ")
    assert str(target) in page.result.text()
    assert target.read_bytes() == b"an earlier backup"
    assert page.values["when"].text() == "never"
    assert page.backup_button.isEnabled()


def test_back_up_now_suggests_a_dated_file_in_the_data_directory(qtbot, demo):
    page = open_page(qtbot, demo)
    dialog = page.choose_file()
    assert isinstance(dialog, QFileDialog) and dialog.isVisible()
    suggested = page.suggested_path()
    assert suggested.parent.name == "backups"
    assert suggested.name.startswith("labtracker-") and suggested.suffix == ".sqlite3"
    dialog.reject()


def test_the_interval_is_changed_with_a_reason_and_checked(qtbot, demo):
    page = open_page(qtbot, demo)
    assert page.values["interval"].text() == "every 24 h"
    form = page.change_interval()
    assert form is not None
    qtbot.waitExposed(form)
    form.field("hours").setText("0")
    form.field("reason").setText("SOP-IT-011 rev 2")
    qtbot.mouseClick(form.save_button, LEFT)
    assert form.field_error("hours").startswith("Backup interval")
    assert "from 1 to 720" in form.field_error("hours")
    assert backup.backup_status(demo.db).interval_hours == 24

    form.field("hours").setText("12")
    form.field("reason").setText("")
    qtbot.mouseClick(form.save_button, LEFT)
    assert form.field_error("reason").startswith("Give the reason")
    assert backup.backup_status(demo.db).interval_hours == 24

    form.field("reason").setText("SOP-IT-011 rev 2: twice a day")
    qtbot.mouseClick(form.save_button, LEFT)
    qtbot.waitUntil(lambda: not form.isVisible())
    assert backup.backup_status(demo.db).interval_hours == 12
    assert page.values["interval"].text() == "every 12 h"
    assert page.status_line.text() == "Saved: backup interval 24 h → 12 h."


@pytest.mark.parametrize("who", ["tech", "qa"])
def test_only_an_administrator_backs_up(qtbot, demo, who):
    page = open_page(qtbot, demo, who)
    assert not page.backup_button.isEnabled()
    assert page.backup_button.toolTip() == "Only Administrator may back up the database."
    assert not page.interval_button.isEnabled()
    home, _ = make_home(qtbot, demo, who)
    assert not hasattr(home, "backup_reminder")
