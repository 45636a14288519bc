"""`labtracker demo` builds a living site through the real services, on both databases."""

from __future__ import annotations

import io

from labtracker.cli import main as cli
from labtracker.db.engine import make_engine
from labtracker.domain.lot_states import LotStatus
from labtracker.services import auth, queries, release
from labtracker.services.audit import verify_audit_chain
from labtracker.services.context import Database
from labtracker.services.demo import DEMO_PASSWORD


def test_demo_site(empty_db_url, monkeypatch, capsys):
    monkeypatch.setenv("LABTRACKER_DATABASE_URL", empty_db_url)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert cli(["demo"]) == 0
    out = capsys.readouterr().out
    assert f"password for all: {DEMO_PASSWORD}" in out
    engine = make_engine(empty_db_url)
    db = Database(engine)
    try:
        qa = auth.login(db, "qa", DEMO_PASSWORD)
        rows = {row.din: row for row in queries.list_lots(db, qa)}
        statuses = sorted(row.status.value for row in rows.values())
        assert statuses == sorted(
            [
                LotStatus.IMPLANTED,
                LotStatus.SEEDED,
                LotStatus.RELEASED,
                LotStatus.IN_CULTURE,
                LotStatus.RECEIVED,
            ]
        )
        released = next(r for r in rows.values() if r.status is LotStatus.RELEASED)
        assert released.waiting_for.startswith("Dispatch to theatre (expires in ")
        failed = next(r for r in rows.values() if r.status is LotStatus.SEEDED)
        blockers = [b.message for b in release.release_check(db, qa, failed.din).blockers]
        assert any("Endotoxin" in message for message in blockers)
        warm = next(r for r in rows.values() if r.status is LotStatus.RECEIVED)
        assert warm.open_deviations == 1
        assert verify_audit_chain(db).intact
        # It refuses a database that already has users.
        assert cli(["demo"]) == 2
        assert "needs an empty database" in capsys.readouterr().err
    finally:
        engine.dispose()


def test_label_command_prints_and_records(empty_db_url, monkeypatch, capsys, tmp_path):
    import subprocess

    monkeypatch.setenv("LABTRACKER_DATABASE_URL", empty_db_url)
    assert cli(["demo"]) == 0
    capsys.readouterr()
    engine = make_engine(empty_db_url)
    try:
        db = Database(engine)
        tech = auth.login(db, "tech", DEMO_PASSWORD)
        seeded = next(r for r in queries.list_lots(db, tech) if r.status is LotStatus.SEEDED)
    finally:
        engine.dispose()
    target = seeded.din + seeded.check_character
    out_file = tmp_path / "quarantine.pdf"
    argv = [
        "label",
        "quarantine",
        target,
        "-o",
        str(out_file),
        "--user",
        "tech",
        "--password-stdin",
    ]
    monkeypatch.setattr("sys.stdin", io.StringIO(DEMO_PASSWORD + "\n"))
    assert cli(argv) == 2  # the demo already printed this lot's quarantine label
    assert "reason" in capsys.readouterr().err.lower()
    monkeypatch.setattr("sys.stdin", io.StringIO(DEMO_PASSWORD + "\n"))
    assert cli([*argv, "--reprint-reason", "label smudged by medium"]) == 0
    assert "REPRINT of 1 quarantine label(s)" in capsys.readouterr().out
    text = subprocess.run(
        ["pdftotext", str(out_file), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "REPRINT" in text and "QUARANTINE" in text
    assert seeded.din_display in text
