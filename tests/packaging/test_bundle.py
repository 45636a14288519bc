"""The one-folder bundle `make bundle` builds (dist/labtracker/), run as IT runs it after
copying the folder: its self test, and the administration command it carries.

Without a bundle these tests are skipped, unless LABTRACKER_REQUIRE_BUNDLE=1 (`make test`
builds it first and sets that): then a missing bundle fails them.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from labtracker import __version__
from labtracker.db.migrate import head_revision
from tests.packaging.test_selftest import assert_all_passed, run_selftest

BUNDLE = Path(__file__).resolve().parents[2] / "dist" / "labtracker"
APP = BUNDLE / "labtracker-app"
CLI = BUNDLE / "labtracker"


@pytest.fixture
def bundle() -> Path:
    if not APP.is_file():
        message = f"no bundle at {BUNDLE}: build it with `make bundle`"
        if os.environ.get("LABTRACKER_REQUIRE_BUNDLE") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return BUNDLE


def run(command: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, timeout=300)


def test_the_bundled_app_passes_its_self_test(bundle, station_dirs, tmp_path):
    result = run_selftest([str(APP)], station_dirs, tmp_path)
    lines = assert_all_passed(result, tmp_path / "log")
    # Everything came from inside the bundle, not from the source tree beside it.
    assert f"Bundle {bundle / '_internal'}" in result.stdout
    assert (
        f"from {bundle / '_internal' / 'labtracker' / 'db' / 'migrations'} ran"
        in (lines["migrations"])
    )
    assert not (tmp_path / "data" / "labtracker.sqlite3").exists()


def test_the_bundled_command_sets_up_and_describes_a_database(
    bundle, station_dirs, tmp_path, empty_db_url, backend
):
    """On SQLite and on PostgreSQL (the bundle's own libpq): `labtracker db info`, `db
    upgrade` (Alembic from the bundle's migrations), then the app's self test sees it."""
    from labtracker.services.station import describe_url

    env = {**station_dirs, "LABTRACKER_DATABASE_URL": empty_db_url}
    version = run([str(CLI), "--version"], env, tmp_path)
    assert version.returncode == 0, version.stderr
    assert version.stdout.strip() == f"labtracker {__version__}"

    name, location = describe_url(empty_db_url.replace("postgresql:", "postgresql+psycopg:"))
    before = run([str(CLI), "db", "info"], env, tmp_path)
    assert before.returncode == 0, before.stdout + before.stderr
    assert f"database:  {name} {location}" in before.stdout
    assert f"this version's schema: {head_revision()}" in before.stdout

    upgraded = run([str(CLI), "db", "upgrade"], env, tmp_path)
    assert upgraded.returncode == 0, upgraded.stdout + upgraded.stderr
    after = run([str(CLI), "db", "info"], env, tmp_path)
    assert f"schema:    {head_revision()}" in after.stdout

    checked = run_selftest([str(APP)], env, tmp_path)
    lines = assert_all_passed(checked, tmp_path / "log")
    assert lines["database"] == (
        f"PASS  database    {name} {location} (chosen by environment): schema "
        f"{head_revision()}, this version's"
    )

    log = (tmp_path / "log" / "labtracker.log").read_text(encoding="utf-8")
    assert " INFO cli " in log and f"labtracker {__version__}: db upgrade" in log
    assert "Running upgrade  -> 0001" in log  # Alembic ran from the bundle's migrations


def test_the_bundle_carries_only_the_qt_it_uses(bundle):
    names = [path.name for path in bundle.rglob("*")]
    for unwanted in ("WebEngine", "Qml", "Quick", "Qt63D", "Multimedia", "QtNetwork", "Pdf"):
        assert not [name for name in names if unwanted in name], unwanted
    for wanted in ("libQt6Widgets.so.6", "libQt6PrintSupport.so.6", "libqxcb.so"):
        assert wanted in names
    assert "labtracker_zh_CN.qm" in names and "qtbase_zh_CN.qm" in names
    assert "labtracker_zh_CN.ts" not in names
