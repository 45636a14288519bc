"""`labtracker-app --selftest` as IT runs it after an install, from the source install (the
bundle's own run is in test_bundle.py): one line per check, exit 0 only when all passed, and
the station's database is looked at, never created or migrated."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

from labtracker import __version__
from labtracker.db.engine import make_engine
from labtracker.db.migrate import current_revision, head_revision, upgrade

CHECKS = ("database", "migrations", "label", "window")


def run_selftest(command: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*command, "--selftest"],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


def check_lines(stdout: str) -> dict[str, str]:
    """The check lines by check name: 'PASS  database    SQLite …' → {'database': 'PASS …'}."""
    lines = {}
    for line in stdout.splitlines():
        status, _, rest = line.partition("  ")
        if status in ("PASS", "FAIL"):
            name = rest.split()[0]
            lines[name] = line
    return lines


def assert_all_passed(result: subprocess.CompletedProcess, log_dir: Path) -> dict[str, str]:
    assert result.returncode == 0, result.stdout + result.stderr
    lines = check_lines(result.stdout)
    assert list(lines) == list(CHECKS), result.stdout
    assert all(line.startswith("PASS") for line in lines.values()), result.stdout
    assert result.stdout.rstrip().endswith("4 checks passed")
    assert f"labtracker {__version__}" in result.stdout
    assert f"Log file {log_dir / 'labtracker.log'}" in result.stdout
    assert "Qt 6." in result.stdout and "PySide6 6." in result.stdout
    log = (log_dir / "labtracker.log").read_text(encoding="utf-8")
    for name in CHECKS:
        assert f"selftest PASS  {name}" in log
    assert "self test: 4 checks passed" in log
    return lines


SOURCE = [sys.executable, "-m", "ui"]


def test_selftest_passes_on_a_new_station_and_creates_nothing(station_dirs, tmp_path):
    # No QT_QPA_PLATFORM and no DISPLAY: the self test goes offscreen by itself.
    result = run_selftest(SOURCE, station_dirs, tmp_path)
    lines = assert_all_passed(result, tmp_path / "log")
    database = tmp_path / "data" / "labtracker.sqlite3"
    assert lines["database"] == (
        f"PASS  database    SQLite {database} (chosen by default): not created yet; the app "
        "creates it at first start"
    )
    assert not database.exists()
    assert not (tmp_path / "data").exists()  # not even its directory
    assert "the schema matches the models" in lines["migrations"]
    assert f"to {head_revision()}" in lines["migrations"]
    assert "the DIN barcode read back as =A99992600000100" in lines["label"]
    assert "the first-run set-up shows in Chinese" in lines["window"]


def test_selftest_reports_an_old_database_without_upgrading_it(station_dirs, tmp_path):
    path = tmp_path / "data" / "labtracker.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    try:
        upgrade(engine, "0001")
    finally:
        engine.dispose()
    result = run_selftest(SOURCE, station_dirs, tmp_path)
    lines = assert_all_passed(result, tmp_path / "log")
    assert lines["database"] == (
        f"PASS  database    SQLite {path} (chosen by default): schema 0001, NEEDS UPGRADE to "
        f"this version's {head_revision()} (the app upgrades it at start-up; or run: "
        "labtracker db upgrade)"
    )
    engine = make_engine(f"sqlite:///{path}")
    try:
        assert current_revision(engine) == "0001"  # a self test never migrates
    finally:
        engine.dispose()


def test_selftest_fails_on_an_unreachable_server_and_hides_its_password(station_dirs, tmp_path):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **station_dirs,
        "LABTRACKER_DATABASE_URL": f"postgresql://lab:S3cret-Pw@127.0.0.1:{port}/labtracker",
    }
    result = run_selftest(SOURCE, env, tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = check_lines(result.stdout)
    assert lines["database"].startswith(
        f"FAIL  database    PostgreSQL lab@127.0.0.1:{port}/labtracker (chosen by environment): "
        "cannot be opened: OperationalError: "
    )
    assert all(lines[name].startswith("PASS") for name in CHECKS[1:]), result.stdout
    assert result.stdout.rstrip().endswith("1 of 4 checks FAILED: database")
    log = (tmp_path / "log" / "labtracker.log").read_text(encoding="utf-8")
    assert "selftest FAIL  database" in log
    for text in (result.stdout, result.stderr, log):
        assert "S3cret-Pw" not in text
