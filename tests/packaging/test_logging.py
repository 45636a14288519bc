"""The station's log file: where it is, how it rotates, what a line says, and that a patient's
name, MRN and date of birth never reach it, even when an error message quotes them."""

from __future__ import annotations

import logging
import logging.handlers
import re
import socket
import sys
from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from labtracker import logs
from labtracker.db.models import Patient
from labtracker.services import bedside, lots
from tests.support.lab import PASSWORD, enrol

MRN = "MRN0012345"
OTHER_MRN = "MRN0099999"
NAME_PARTS = ("张", "伟", "Zhang Wei", "ZHANG")
DOB = ("1985-05-17", "1985, 5, 17")


def handlers_to(path) -> list[logging.Handler]:
    return [
        h
        for h in logging.getLogger().handlers
        if isinstance(h, logging.FileHandler) and h.baseFilename == str(path)
    ]


def assert_no_patient(text: str) -> None:
    for secret in (MRN, OTHER_MRN, *NAME_PARTS, *DOB):
        assert secret not in text, f"{secret!r} reached the log:\n{text}"


def test_the_log_rotates_in_the_directory_it_is_given(tmp_path, monkeypatch):
    monkeypatch.setenv("LABTRACKER_LOG_DIR", str(tmp_path / "it-logs"))
    try:
        path = logs.configure_logging("app")
        assert path == tmp_path / "it-logs" / "labtracker.log"
        assert logs.log_file() == path
        assert logs.configure_logging("app") == path  # twice: still one handler
        (handler,) = handlers_to(path)
        assert isinstance(handler, logging.handlers.RotatingFileHandler)
        assert (handler.maxBytes, handler.backupCount) == (5 * 1024 * 1024, 10)
        assert handler.encoding == "utf-8"

        logging.getLogger("labtracker.test").info("hello from %s", "A999926000001")
        handler.flush()
        line = path.read_text(encoding="utf-8").splitlines()[-1]
        host = re.escape(socket.gethostname())
        assert re.fullmatch(
            rf"\d{{4}}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{{3}}Z INFO app {host} "
            r"labtracker\.test: hello from A999926000001",
            line,
        )
        stamp = datetime.strptime(line[:23], "%Y-%m-%dT%H:%M:%S.%f").replace(tzinfo=UTC)
        assert abs((datetime.now(UTC) - stamp).total_seconds()) < 60  # UTC, not local time

        chunk = "x" * 1000
        for _ in range(5300):  # a little over 5 MB
            logging.getLogger("labtracker.test").info(chunk)
        assert (tmp_path / "it-logs" / "labtracker.log.1").is_file()
        assert path.stat().st_size < 1024 * 1024
    finally:
        logs.stop_logging()
    assert not handlers_to(path)


def test_the_command_and_the_app_name_themselves_in_the_same_file(tmp_path):
    try:
        path = logs.configure_logging("cli", log_dir=tmp_path)
        logging.getLogger("labtracker.cli").info("backup")
        assert logs.configure_logging("app", log_dir=tmp_path) == path
        logging.getLogger("labtracker.app").info("started")
        assert len(handlers_to(path)) == 1
    finally:
        logs.stop_logging()
    text = path.read_text(encoding="utf-8")
    assert " INFO cli " in text and "labtracker.cli: backup" in text
    assert " INFO app " in text and "labtracker.app: started" in text


def test_an_unwritable_log_directory_does_not_stop_the_app(tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the log directory should be")
    try:
        path = logs.configure_logging("app", log_dir=blocker / "log")
        logging.getLogger("labtracker.test").info("still logging")
    finally:
        logs.stop_logging()
    assert path.parent != blocker / "log"
    text = path.read_text(encoding="utf-8")
    assert f"The log directory {blocker / 'log'} cannot be written" in text
    assert "still logging" in text


def test_the_error_dialog_names_the_log_file(qapp, logging_to, monkeypatch):
    import ui.crash

    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(ui.crash, "show_error_dialog", lambda p, s, d: shown.append((s, d)))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    ui.crash.install_exception_hook()
    scanned = "MRN:MRN0012345"
    try:
        raise ValueError(f"the scanner sent {scanned}")
    except ValueError:
        sys.excepthook(*sys.exc_info())
    (summary, details), *_ = shown
    assert str(logging_to) in summary
    assert "ValueError: the scanner sent MRN:MRN0012345" in summary  # the screen shows it all
    assert "Traceback" in details
    text = logging_to.read_text(encoding="utf-8")
    assert "ERROR app" in text and "unexpected error" in text
    assert "test_the_error_dialog_names_the_log_file" in text  # the frames are kept
    assert "ValueError: [message withheld from the log: it may name a patient]" in text
    assert_no_patient(text)  # a ValueError may quote anything


def test_a_refusal_naming_a_patient_is_logged_by_its_din(qapp, lab, clock, logging_to, monkeypatch):
    """A bedside refusal (a real service error) whose message names the DIN and a wristband's
    MRN reaches the exception hook: the screen shows the message, the log keeps the DIN."""
    import ui.crash

    enrol(lab, MRN)
    din = lots.start_lot(lab.db, lab.tech, MRN).din
    with pytest.raises(bedside.BedsideRefusedError) as refused:
        bedside.record_implantation(
            lab.db,
            lab.surgeon,
            construct_scan=din,  # typed, without its check character
            wristband_scan=f"MRN:{OTHER_MRN}",
            implanted_at=clock.now(),
            operating_room="OR 3",
            implant_site="left tibia",
            username="drzhao",
            password=PASSWORD,
        )
    message = str(refused.value)
    assert din in message and OTHER_MRN in message  # what a careless log would keep

    shown: list[str] = []
    monkeypatch.setattr(ui.crash, "show_error_dialog", lambda p, s, d: shown.append(s))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    ui.crash.install_exception_hook()
    error = refused.value
    sys.excepthook(type(error), error, error.__traceback__)
    assert OTHER_MRN in shown[0]

    text = logging_to.read_text(encoding="utf-8")
    assert "labtracker.services.bedside.BedsideRefusedError: [message withheld" in text
    assert f"it names DIN {din}" in text
    assert "in record_implantation" in text
    assert_no_patient(text)


def test_a_database_error_quoting_the_patient_is_logged_without_its_values(qtbot, lab, logging_to):
    """The worst case: an unexpected database error (a second registration of the same MRN
    racing the first) quotes every value of the row; a background task that fails with it
    is logged (ui.tasks) with its DIN and its constraint, never the patient."""
    import traceback

    from PySide6.QtWidgets import QWidget

    from ui import messages
    from ui.tasks import report_failure

    enrol(lab, MRN)
    din = lots.start_lot(lab.db, lab.tech, MRN).din
    table = Patient.__table__
    with lab.db.reading() as session:
        row = session.execute(select(table).where(table.c.mrn == MRN)).mappings().one()
    values = {key: value for key, value in row.items() if key != "id"}
    with pytest.raises(IntegrityError) as duplicate, lab.db.engine.begin() as connection:
        connection.execute(table.insert().values(**values))
    error = duplicate.value
    assert MRN in str(error) and "伟" in str(error)  # the parameters quote the row
    details = "".join(traceback.format_exception(error))

    parent = QWidget()
    qtbot.addWidget(parent)
    report_failure(parent, f"Making the batch record of {din}", error, details)
    for box in messages.open_boxes(parent):
        box.close()

    text = logging_to.read_text(encoding="utf-8")
    assert f"Making the batch record of {din} failed" in text
    assert "sqlalchemy.exc.IntegrityError: (" in text
    assert "Traceback (most recent call last):" in text
    assert_no_patient(text)


def test_sign_in_lock_and_sign_out_are_logged_by_user_id(
    qtbot, tmp_path, logging_to, own_preferences
):
    from labtracker.services import setup
    from labtracker.services.station import open_station
    from labtracker.settings import StationSettings
    from ui.main_window import MainWindow

    settings = StationSettings(
        database_url=f"sqlite:///{tmp_path / 'lab.sqlite3'}",
        database_url_source="environment",
        data_dir=tmp_path,
        settings_file=tmp_path / "settings.toml",
    )
    station = open_station(settings)
    setup.set_up_site(
        station.database,
        username="admin",
        full_name="Ada Admin",
        password="Adm1n-Passw0rd!",
        site_name="Xinxiang Bone Lab",
        facility_code="A9999",
        timezone="Asia/Shanghai",
    )
    station.close()

    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert window.open_station(settings)
    panel = window.login_panel
    panel.user_id.setText("admin")
    panel.password.setText("Adm1n-Passw0rd!")
    panel.submit()
    assert window.actor is not None
    window.lock()
    window.lock_screen.password.setText("Adm1n-Passw0rd!")
    window.lock_screen.submit()
    assert not window.is_locked
    window.sign_out()
    window.close_station()

    text = logging_to.read_text("utf-8")
    lines = [
        line.split(": ", 1)[1] for line in text.splitlines() if " labtracker.ui.session: " in line
    ]
    assert "Ada Admin" not in text
    assert lines == ["signed in: admin", "locked: admin", "unlocked: admin", "signed out: admin"]
