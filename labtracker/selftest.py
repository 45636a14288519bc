"""Checks that an installation works, without Qt: the station's database, the migrations, and
printing a label whose barcode reads back. `labtracker-app --selftest` runs these and then
opens the window offscreen; each check gives one line, PASS or FAIL, what was checked and
what was found.

Nothing here changes the station's database: it is opened without migrating, and a
database that does not exist yet is not created. The migrations and the label are tried in
a temporary directory the caller gives and removes.
"""

from __future__ import annotations

import logging
import os
import platform
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from labtracker import __version__

log = logging.getLogger("labtracker.selftest")

#: Seconds a PostgreSQL server may take to answer before the database check gives up.
CONNECT_TIMEOUT_SECONDS = 10
# Sample label data: a test DIN of the example facility; no real patient.
SAMPLE_DIN = ("A9999", 26, 1)
SAMPLE_NAME = "张伟 (Zhang Wei)"
SAMPLE_MRN = "MRN0000000"


@dataclass(frozen=True)
class CheckResult:
    """One check: its name ("database", "migrations", "label", "window"), whether it
    passed, and what was found (never a password)."""

    name: str
    passed: bool
    detail: str

    @property
    def line(self) -> str:
        return f"{'PASS' if self.passed else 'FAIL'}  {self.name:<10}  {self.detail}"


def environment_lines(log_file: Path | None = None) -> list[str]:
    """What was checked: this version, the Python running it, and where the log is."""
    lines = [
        f"labtracker {__version__}",
        f"Python {platform.python_version()} ({sys.executable})",
        f"System {platform.platform()}",
    ]
    if getattr(sys, "frozen", False):
        lines.append(f"Bundle {Path(getattr(sys, '_MEIPASS', sys.executable))}")
    if log_file is not None:
        lines.append(f"Log file {log_file}")
    return lines


def run_checks(work_dir: Path) -> list[CheckResult]:
    """The Qt-free checks, in order; `work_dir` is an empty temporary directory."""
    return [
        run_check("database", check_database),
        run_check("migrations", lambda: check_migrations(work_dir / "migrations.sqlite3")),
        run_check("label", lambda: check_label(work_dir)),
    ]


def run_check(name: str, check: Callable[[], tuple[bool, str]]) -> CheckResult:
    """Run one check; an exception is a FAIL naming its type and message (redacted)."""
    from labtracker.settings import redact_url

    try:
        passed, detail = check()
    except Exception as error:
        message = redact_url(str(error).strip().splitlines()[0] if str(error).strip() else "")
        passed, detail = False, f"{type(error).__name__}: {message}".rstrip(": ")
    result = CheckResult(name, passed, detail)
    if passed:
        log.info("selftest %s", result.line)
    else:
        log.error("selftest %s", result.line)
    return result


# --- (a) the station's database ----------------------------------------------------------


def check_database() -> tuple[bool, str]:
    """The configured database opens (without migrating) and its schema is one this version
    knows. A database not created yet passes: the app creates it at first start."""
    from sqlalchemy.engine import make_url

    from labtracker.services.station import describe_url, open_station
    from labtracker.settings import load_settings

    settings = load_settings()
    backend, location = describe_url(settings.database_url)
    where = f"{backend} {location} (chosen by {settings.database_url_source})"
    url = make_url(settings.database_url)
    sqlite_file = backend == "SQLite" and url.database and url.database != ":memory:"
    if sqlite_file and not Path(url.database).expanduser().exists():
        return True, f"{where}: not created yet; the app creates it at first start"
    # An unreachable server otherwise keeps a self test waiting for minutes.
    os.environ.setdefault("PGCONNECT_TIMEOUT", str(CONNECT_TIMEOUT_SECONDS))
    try:
        station = open_station(settings, migrate=False)
    except Exception as error:
        text = str(error).strip().splitlines()[0] if str(error).strip() else ""
        if url.password:
            text = text.replace(url.password, "***")
        from labtracker.settings import redact_url

        return False, f"{where}: cannot be opened: {type(error).__name__}: {redact_url(text)}"
    try:
        info = station.info
    finally:
        station.close()
    if info.revision is None:
        return True, f"{where}: empty; the app sets it up at first start (schema {info.head})"
    if info.revision == info.head:
        return True, f"{where}: schema {info.revision}, this version's"
    return True, (
        f"{where}: schema {info.revision}, NEEDS UPGRADE to this version's {info.head} "
        "(the app upgrades it at start-up; or run: labtracker db upgrade)"
    )


# --- (b) the migrations ------------------------------------------------------------------


def check_migrations(path: Path) -> tuple[bool, str]:
    """Every shipped migration runs on a new SQLite database, and the result is exactly the
    schema the models describe (what Alembic's autogenerate would compare)."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from sqlalchemy import inspect

    from labtracker.db.engine import make_engine
    from labtracker.db.migrate import alembic_config, current_revision, head_revision, upgrade
    from labtracker.db.models import Base

    script = ScriptDirectory.from_config(alembic_config())
    count = sum(1 for _ in script.walk_revisions())
    engine = make_engine(f"sqlite:///{path}")
    try:
        upgrade(engine)
        revision = current_revision(engine)
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, Base.metadata)
        tables = set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
    missing = sorted(set(Base.metadata.tables) - tables)
    where = f"{count} migrations from {script.dir}"
    if revision != head_revision():
        return False, f"{where}: stopped at {revision}, not {head_revision()}"
    if missing or differences:
        what = f"tables missing: {', '.join(missing)}" if missing else f"{differences[0]}"
        return False, (
            f"{where}: the schema differs from the models ({len(differences)} "
            f"difference(s); {what})"
        )
    return True, (
        f"{where} ran on a temporary SQLite database to {revision}; the schema matches the "
        f"models ({len(Base.metadata.tables)} tables)"
    )


# --- (c) a label ---------------------------------------------------------------------------


def check_label(work_dir: Path) -> tuple[bool, str]:
    """A release label (sample data with a Chinese name) is rendered to PDF, rasterised at
    300 dpi with PDFium and its DIN barcode decoded with zxing-cpp, as a scanner reads it."""
    from datetime import UTC, date, timedelta

    import pypdfium2
    import zxingcpp

    from labtracker.clock import get_clock
    from labtracker.domain.identifiers import Din, din_barcode_data
    from labtracker.reports.fonts import register_fonts
    from labtracker.reports.labels import LabelKind, ReleaseLabel, render_label

    now = get_clock().now().astimezone(UTC).replace(second=0, microsecond=0)
    din = Din(*SAMPLE_DIN)
    data = ReleaseLabel(
        din,
        "Tissue-engineered bone (self test)",
        SAMPLE_NAME,
        SAMPLE_MRN,
        date(1985, 5, 17),
        now + timedelta(days=2),
        "2–8 °C, do not freeze",
        "Self Test",
        now,
        "SELFTEST",
        "labtracker self test",
    )
    pdf_path = work_dir / "selftest-label.pdf"
    pdf_path.write_bytes(render_label(LabelKind.RELEASE, data, "4x2in"))
    document = pypdfium2.PdfDocument(str(pdf_path))
    try:
        image = document[0].render(scale=300 / 72).to_pil().convert("L")
    finally:
        document.close()
    decoded = [result.text for result in zxingcpp.read_barcodes(image)]
    expected = din_barcode_data(din)
    fonts = register_fonts()
    what = (
        f"release label rendered to PDF ({pdf_path.stat().st_size // 1024} KB, fonts "
        f"{fonts.regular}), rasterised at 300 dpi"
    )
    if expected not in decoded:
        found = ", ".join(decoded) if decoded else "no barcode"
        return False, f"{what}: the DIN barcode {expected} did not read back (found {found})"
    return True, f"{what}; the DIN barcode read back as {expected} ({len(decoded)} symbols)"
