"""Site settings on the demonstration site: the administrator changes the access policy,
process rules, wristband prefix and site details, each with a reason; a technician reads
them and may change nothing; the station's database URL goes into its settings file and is
read back by the settings loader, its password never shown."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from labtracker import settings
from labtracker.domain.errors import InvalidValueError
from labtracker.domain.permissions import PermissionDeniedError
from labtracker.services import auth, site
from labtracker.services.audit import AuditQuery, query_audit
from tests.ui.test_admin_users import Nav
from ui.pages.admin.site_settings import SiteSettingsPage, figure, range_text
from ui.pages.admin.station_file import write_database_url

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def station_file(tmp_path, monkeypatch):
    """This station's settings file: a temporary one, already holding other settings."""
    path = tmp_path / "station" / "settings.toml"
    path.parent.mkdir()
    path.write_text(
        '# bench PC 3\nzpl_printer = "zebra-3.lab.local:9100"\n\n[scanner]\nprefix = "]C1"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv(settings.SETTINGS_FILE_VARIABLE, str(path))
    monkeypatch.setenv(settings.DATA_DIR_VARIABLE, str(tmp_path / "data"))
    monkeypatch.delenv(settings.DATABASE_URL_VARIABLE, raising=False)
    monkeypatch.delenv(settings.ZPL_PRINTER_VARIABLE, raising=False)
    return path


def open_page(qtbot, demo, who="admin") -> SiteSettingsPage:
    page = SiteSettingsPage(demo.ctx(who), Nav())
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    page.refresh()
    return page


def test_the_settings_as_the_administrator_sees_them(qtbot, demo, station_file):
    page = open_page(qtbot, demo)
    assert page.facility_code.text() == "A9999"
    assert page.timezone.text() == "Asia/Shanghai"
    assert page.rule_values["release_expiry_hours"].text() == "48 h"
    assert page.rule_values["scaffold_cells_per_ml"].text() == "2 × 10⁷ cells/mL"
    assert page.access_values["max_failed_attempts"].text() == "5 failed attempts"
    assert page.access_values["idle_lock_minutes"].text() == "10 minutes"
    assert page.prefix_label.text() == "MRN:"
    assert page.db_now.text().startswith("SQLite · ")
    assert page.db_source.text() == "the default (an SQLite file on this PC)"
    assert page.settings_path.text() == str(station_file)
    assert page.site_button.isEnabled() and page.access_button.isEnabled()
    assert not page.access_note.isVisible() and not page.problem_line.isVisible()


def test_a_technician_reads_the_settings_and_changes_nothing(qtbot, demo, station_file):
    page = open_page(qtbot, demo, "tech")
    assert page.access_note.text() == (
        "You can read these settings. Only Administrator may change them."
    )
    buttons = (
        page.site_button,
        page.rules_button,
        page.access_button,
        page.prefix_button,
        page.db_button,
    )
    for button in buttons:
        assert not button.isEnabled()
        assert button.toolTip() == "Only Administrator may change site settings."
    assert page.rule_values["release_expiry_hours"].text() == "48 h"
    tech = demo.ctx("tech").actor
    with pytest.raises(PermissionDeniedError, match="only Administrator"):
        auth.set_access_policy(demo.db, tech, "mine", idle_lock_minutes=240)
    with pytest.raises(PermissionDeniedError):
        site.configure_site(
            demo.db, tech, name="x", facility_code="B1234", timezone="UTC", reason="mine"
        )
    assert auth.current_access_policy(demo.db).idle_lock_minutes == 10
    assert site.site_info(demo.db).facility_code == "A9999"


def test_lockout_and_idle_lock_change_with_a_reason(qtbot, demo, station_file):
    page = open_page(qtbot, demo)
    form = page.change_access()
    form.field("max_failed_attempts").setText("3")
    form.field("idle_lock_minutes").setText("5")
    qtbot.mouseClick(form.save_button, LEFT)
    assert form.field_error("reason").startswith("Give the reason")
    assert auth.current_access_policy(demo.db).max_failed_attempts == 5  # nothing saved

    form.field("max_failed_attempts").setText("0")
    qtbot.keyClicks(form.field("reason"), "SOP-IT-004 rev 3")
    qtbot.mouseClick(form.save_button, LEFT)
    assert form.field_error("max_failed_attempts") == (
        "Max failed attempts must be a whole number 1–20; you entered 0."
    )
    policy = auth.current_access_policy(demo.db)
    assert (policy.max_failed_attempts, policy.idle_lock_minutes) == (5, 10)

    form.field("max_failed_attempts").setText("3")
    qtbot.mouseClick(form.save_button, LEFT)
    assert not form.isVisible()
    policy = auth.current_access_policy(demo.db)
    assert (policy.max_failed_attempts, policy.idle_lock_minutes) == (3, 5)
    assert auth.idle_lock_minutes(demo.db) == 5
    assert page.access_values["max_failed_attempts"].text() == "3 failed attempts"
    assert page.access_values["idle_lock_minutes"].text() == "5 minutes"
    assert page.status_line.text() == (
        "Saved: access policy: Lock the account after 5 → 3 failed attempts; "
        "Lock an idle station after 10 → 5 minutes."
    )
    trail = query_audit(demo.db, demo.ctx("admin").actor, AuditQuery(table_name="site_setting"))
    assert trail[-1].reason == "SOP-IT-004 rev 3"
    for _ in range(2):
        with pytest.raises(auth.AuthenticationError):
            auth.login(demo.db, "tech2", "wrong")
    with pytest.raises(auth.AccountLockedError, match="after 3 failed attempts"):
        auth.login(demo.db, "tech2", "wrong")

    # Saving the values in force is refused, not recorded.
    form = page.change_access()
    qtbot.keyClicks(form.field("reason"), "again")
    qtbot.mouseClick(form.save_button, LEFT)
    assert form.banner.text() == "Nothing to change: these are the values in force."


def test_process_rules_change_with_units_and_ranges(qtbot, demo, station_file):
    page = open_page(qtbot, demo)
    form = page.change_rules()
    assert form.field("release_expiry_hours").text() == "48"
    assert form.field("scaffold_cells_per_ml").text() == "20000000"
    form.field("release_expiry_hours").setText("400")
    qtbot.keyClicks(form.field("reason"), "shipping study ST-12")
    qtbot.mouseClick(form.save_button, LEFT)
    assert "1–336 hours" in form.field_error("release_expiry_hours")
    assert site.current_process_rules(demo.db).release_expiry_hours == 48
    form.field("release_expiry_hours").setText("36")
    qtbot.mouseClick(form.save_button, LEFT)
    assert not form.isVisible()
    assert site.current_process_rules(demo.db).release_expiry_hours == 36
    assert page.rule_values["release_expiry_hours"].text() == "36 h"
    assert page.status_line.text() == "Saved: process rules: Expiry after QA release 48 → 36 h."


def test_wristband_prefix(qtbot, demo, station_file):
    page = open_page(qtbot, demo)
    form = page.change_prefix()
    form.field("prefix").setText("=bad")
    qtbot.keyClicks(form.field("reason"), "hospital changed bands")
    qtbot.mouseClick(form.save_button, LEFT)
    assert form.field_error("prefix").startswith("Wristband prefix must be")
    form.field("prefix").setText("PID#")
    qtbot.mouseClick(form.save_button, LEFT)
    assert not form.isVisible()
    assert site.current_wristband_prefix(demo.db) == "PID#"
    assert page.prefix_label.text() == "PID#"


def test_a_new_facility_code_is_warned_about_and_confirmed(qtbot, demo, station_file):
    page = open_page(qtbot, demo)
    form = page.change_site()
    assert not form.facility_warning.isVisible() and not form.confirm_box.isVisible()
    form.field("facility").setText("b1234")
    assert form.facility_warning.isVisible()
    assert "DINs beginning B1234 instead of A9999" in form.facility_warning.text()
    qtbot.keyClicks(form.field("reason"), "new ICCBBA facility ID (letter 2026-02)")
    qtbot.mouseClick(form.save_button, LEFT)
    assert form.field_error("confirm") == "Tick the box to confirm the new facility code."
    assert site.site_info(demo.db).facility_code == "A9999"
    qtbot.mouseClick(form.confirm_box, LEFT)
    qtbot.mouseClick(form.save_button, LEFT)
    assert not form.isVisible()
    assert site.site_info(demo.db).facility_code == "B1234"
    assert page.facility_code.text() == "B1234"
    trail = query_audit(demo.db, demo.ctx("admin").actor, AuditQuery(table_name="site"))
    assert trail[-1].reason == "new ICCBBA facility ID (letter 2026-02)"
    assert (trail[-1].old_value, trail[-1].new_value) == ("A9999", "B1234")


def test_database_url_is_written_to_the_settings_file_and_read_back(qtbot, demo, station_file):
    page = open_page(qtbot, demo)
    in_use = page.db_now.text()
    form = page.set_database_url()
    qtbot.keyClicks(form.field("url"), "mysql://lab@db/labtracker")
    qtbot.keyClicks(form.field("reason"), "moving to the hospital PostgreSQL")
    qtbot.mouseClick(form.save_button, LEFT)
    assert form.field_error("url").startswith("Database URL must be an sqlite:///path")
    assert "database_url" not in station_file.read_text(encoding="utf-8")

    form.field("url").setText("postgresql://lab@db.hospital.local:5433/labtracker")
    qtbot.keyClicks(form.field("password"), "s3cret/@x")
    qtbot.mouseClick(form.save_button, LEFT)
    assert not form.isVisible()

    loaded = settings.load_settings()
    assert loaded.database_url == (
        "postgresql+psycopg://lab:s3cret%2F%40x@db.hospital.local:5433/labtracker"
    )
    assert loaded.database_url_source == "settings file"
    assert str(loaded.zpl_printer) == "zebra-3.lab.local:9100"  # the rest is kept
    assert loaded.scanner.prefix == "]C1"
    assert "moving to the hospital PostgreSQL" in station_file.read_text(encoding="utf-8")
    # Never a password on screen; the session keeps its database until the next start.
    shown = " ".join(
        w.text() for w in (page.db_next, page.db_source, page.status_line, page.db_now)
    )
    assert "s3cret" not in shown
    assert page.db_next.text() == ("postgresql+psycopg://lab:***@db.hospital.local:5433/labtracker")
    assert page.db_source.text() == "database_url in the settings file"
    assert page.db_now.text() == in_use
    assert page.status_line.text().endswith("used from the next start.")


def test_an_environment_variable_wins_and_the_page_says_so(qtbot, demo, station_file, monkeypatch):
    monkeypatch.setenv(settings.DATABASE_URL_VARIABLE, "postgresql://lab:pw@db/lt")
    page = open_page(qtbot, demo)
    assert page.db_next.text() == "postgresql+psycopg://lab:***@db/lt"
    assert page.db_source.text() == "the LABTRACKER_DATABASE_URL environment variable"
    assert "wins over the settings file" in page.db_note.text()
    form = page.set_database_url()
    notices = [label.text() for label in form.findChildren(type(page.heading), "formNotice")]
    assert any("LABTRACKER_DATABASE_URL is set on this PC" in text for text in notices)


def test_settings_file_writer_keeps_the_file_whole(tmp_path):
    path = tmp_path / "settings.toml"
    assert write_database_url(path, "sqlite:///C:\\lab\\db.sqlite3", note="first") == (
        "sqlite:///C:\\lab\\db.sqlite3"
    )
    write_database_url(path, " sqlite:///srv/lab.sqlite3 ", note="second")
    text = path.read_text(encoding="utf-8")
    assert text.count("database_url =") == 1 and "first" not in text
    with pytest.raises(InvalidValueError, match="user name"):
        write_database_url(path, "postgresql://db/lt", password="pw")
    with pytest.raises(InvalidValueError, match="without a password"):
        write_database_url(path, "postgresql://lab:old@db/lt", password="pw")
    broken = tmp_path / "broken.toml"
    broken.write_text("database_url = [\n", encoding="utf-8")
    with pytest.raises(InvalidValueError, match="not valid TOML"):
        write_database_url(broken, "sqlite:///x")
    multiline = tmp_path / "multi.toml"
    multiline.write_text('database_url = """\nsqlite:///x"""\n', encoding="utf-8")
    with pytest.raises(InvalidValueError, match="could not be changed safely"):
        write_database_url(multiline, "sqlite:///y")
    assert multiline.read_text(encoding="utf-8") == 'database_url = """\nsqlite:///x"""\n'


def test_figures_as_the_lab_writes_them():
    assert [figure(v) for v in (48, 1_000, 2e7, 1e9, 2.5e7)] == [
        "48",
        "1,000",
        "2 × 10⁷",
        "10⁹",
        "2.5 × 10⁷",
    ]
    assert range_text(-5, 37, "°C") == "−5 to 37 °C"
