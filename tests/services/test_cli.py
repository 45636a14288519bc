"""`labtracker` administration commands, run as an administrator would, on both databases."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import text

from labtracker.cli import main as cli
from labtracker.cli import temporary_password
from labtracker.db.engine import make_engine
from tests.services.conftest import PASSWORD

ADMIN_PW = "Adm1n-Passw0rd!"
SITE = ("--site-name", "Bone Lab", "--facility-code", "A9999", "--timezone", "Asia/Shanghai")


@pytest.fixture
def run(empty_db_url, monkeypatch, capsys, clock):
    monkeypatch.setenv("LABTRACKER_DATABASE_URL", empty_db_url)

    def run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = cli(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def admin(*argv: str) -> list[str]:
    return [*argv, "--user", "admin", "--password-stdin"]


def test_init_user_lifecycle_and_audit(run, empty_db_url, tmp_path):
    code, out, _ = run(
        "init",
        "--username",
        "admin",
        "--full-name",
        "Ada Admin",
        "--password-stdin",
        *SITE,
        stdin=ADMIN_PW + "\n",
    )
    assert code == 0 and "Administrator admin (Ada Admin) created." in out
    code, _, err = run(
        "init",
        "--username",
        "xavier",
        "--full-name",
        "X Y",
        "--password-stdin",
        *SITE,
        stdin=ADMIN_PW + "\n",
    )
    assert code == 2 and "already has users" in err

    code, out, _ = run(
        *admin("user", "add", "lwang", "--full-name", "Li Wang", "--role", "technician"),
        stdin=ADMIN_PW + "\n",
    )
    assert code == 0
    temp = re.search(r"first sign-in\): (\S+)", out).group(1)
    assert "roles: Technician" in out

    code, _, err = run(*admin("user", "list"), stdin="wrong\n")
    assert code == 2 and "not correct" in err

    code, out, _ = run(*admin("user", "list"), stdin=ADMIN_PW + "\n")
    assert re.search(r"lwang\s+Li Wang\s+active\s+Technician", out)
    assert "admin" in out

    from labtracker.services import auth
    from labtracker.services.context import Database

    engine = make_engine(empty_db_url)
    db = Database(engine)
    with pytest.raises(auth.PasswordChangeRequiredError):
        auth.login(db, "lwang", temp)
    for _ in range(5):
        with pytest.raises(auth.AuthenticationError):
            auth.login(db, "lwang", "bad")
    engine.dispose()
    code, out, _ = run(*admin("user", "list"), stdin=ADMIN_PW + "\n")
    assert re.search(r"lwang\s+Li Wang\s+LOCKED", out)
    code, out, _ = run(*admin("user", "failed-logins"), stdin=ADMIN_PW + "\n")
    assert "6 failed attempt(s)" in out  # five from lwang, one wrong admin password
    code, out, _ = run(
        *admin("user", "unlock", "lwang", "--reason", "called the lab"), stdin=ADMIN_PW + "\n"
    )
    assert code == 0
    code, out, _ = run(
        *admin("user", "reset-password", "lwang", "--reason", "forgotten"), stdin=ADMIN_PW + "\n"
    )
    assert "must be changed at next sign-in" in out
    code, out, _ = run(
        *admin(
            "user",
            "roles",
            "lwang",
            "--role",
            "technician",
            "--role",
            "verifier",
            "--reason",
            "promoted",
        ),
        stdin=ADMIN_PW + "\n",
    )
    assert out.strip() == "lwang: Technician, Supervisor / verifier"
    code, out, _ = run(
        *admin("user", "deactivate", "lwang", "--reason", "left"), stdin=ADMIN_PW + "\n"
    )
    assert code == 0
    code, out, _ = run(*admin("user", "list"), stdin=ADMIN_PW + "\n")
    assert re.search(r"lwang\s+Li Wang\s+deactivated", out)

    code, out, _ = run("audit", "verify")
    assert code == 0 and re.search(r"Audit trail intact: \d+ entries checked", out)

    csv_path = tmp_path / "audit.csv"
    code, out, _ = run(
        *admin(
            "audit",
            "export",
            "--format",
            "csv",
            "--output",
            str(csv_path),
            "--table",
            "user_account",
        ),
        stdin=ADMIN_PW + "\n",
    )
    assert code == 0
    content = csv_path.read_text(encoding="utf-8")
    assert "left" in content and "is_active" in content

    pdf_path = tmp_path / "audit.pdf"
    code, out, _ = run(
        *admin(
            "audit",
            "export",
            "--format",
            "pdf",
            "--output",
            str(pdf_path),
            "--from",
            "2026-03-01",
            "--to",
            "2026-03-02",
        ),
        stdin=ADMIN_PW + "\n",
    )
    assert code == 0 and pdf_path.read_bytes().startswith(b"%PDF")


def test_audit_verify_names_the_broken_entry(run, empty_db_url):
    run(
        "init",
        "--username",
        "admin",
        "--full-name",
        "Ada Admin",
        "--password-stdin",
        *SITE,
        stdin=ADMIN_PW + "\n",
    )
    run(
        *admin("user", "add", "lwang", "--full-name", "Li Wang", "--role", "technician"),
        stdin=ADMIN_PW + "\n",
    )
    engine = make_engine(empty_db_url)
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("ALTER TABLE audit_entry DISABLE TRIGGER USER"))
        else:
            conn.execute(text("DROP TRIGGER audit_entry_no_update"))
        victim = conn.execute(text("SELECT min(id) + 2 FROM audit_entry")).scalar()
        conn.execute(
            text("UPDATE audit_entry SET username = 'mallory' WHERE id = :id"), {"id": victim}
        )
    engine.dispose()
    code, _, err = run("audit", "verify")
    assert code == 1
    assert f"AUDIT TRAIL BROKEN at entry {victim}:" in err
    assert "altered" in err


def test_bad_dates_are_named(run):
    run(
        "init",
        "--username",
        "admin",
        "--full-name",
        "Ada Admin",
        "--password-stdin",
        *SITE,
        stdin=ADMIN_PW + "\n",
    )
    code, _, err = run(
        *admin(
            "audit", "export", "--format", "csv", "--output", "/tmp/x.csv", "--from", "03/02/2026"
        ),
        stdin=ADMIN_PW + "\n",
    )
    assert code == 2 and "--from must be a date as YYYY-MM-DD; you entered 03/02/2026." in err


def test_temporary_passwords_meet_the_rules():
    from labtracker.domain.passwords import AccessPolicy, check_new_password

    for _ in range(50):
        check_new_password(temporary_password(), AccessPolicy(), username="someone")


# --- printed lot records and ZPL labels --------------------------------------------------------


@pytest.fixture
def lab_cli(lab, db_url, monkeypatch, capsys, tmp_path):
    """The CLI against the lab's database (a site, people in each role, released reagents)."""
    monkeypatch.setenv("LABTRACKER_DATABASE_URL", db_url)
    monkeypatch.setenv("LABTRACKER_SETTINGS_FILE", str(tmp_path / "no-settings.toml"))
    monkeypatch.delenv("LABTRACKER_ZPL_PRINTER", raising=False)

    def run(*argv: str, user: str = "mchen") -> tuple[int, str, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
        code = cli([*argv, "--user", user, "--password-stdin"])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def released_din(lab, clock) -> str:
    from labtracker.services import release
    from tests.services.test_release import ready_lot

    din = ready_lot(lab, clock)
    release.release_lot(lab.db, lab.qa, din, username="mchen", password=PASSWORD)
    return din


def test_certificate_custody_report_and_zpl_labels(lab, clock, lab_cli, tmp_path):
    from labtracker.domain.identifiers import din_check_character
    from tests.reports.test_labels import text_of
    from tests.reports.test_zpl import RawPrinter, closed_port, scan

    din = released_din(lab, clock)
    typed = din + din_check_character(din)

    code, out, err = lab_cli("coa", typed, "-o", str(tmp_path / "coa.pdf"))
    assert code == 0, err
    assert f"Certificate of analysis of lot {din} written to" in out
    assert "Certificate of analysis" in text_of((tmp_path / "coa.pdf").read_bytes(), tmp_path)
    code, out, err = lab_cli("custody", typed, "-o", str(tmp_path / "custody.pdf"))
    assert code == 0 and "Chain of custody of lot" in out, err
    code, _, err = lab_cli("coa", typed, "-o", str(tmp_path / "x.pdf"), user="lwang")
    assert code == 2 and "may not print batch record" in err, err

    code, out, err = lab_cli("label", "release", typed, "--zpl", "-o", str(tmp_path / "r.zpl"))
    assert code == 0 and "(ZPL)" in out, err
    zpl = (tmp_path / "r.zpl").read_bytes()
    assert zpl.startswith(b"^XA\n^CI28") and scan(zpl)[0] == f"={din}00"

    printer = RawPrinter()
    try:
        code, out, err = lab_cli(
            "label",
            "release",
            typed,
            "--printer",
            str(printer.address),
            "--reprint-reason",
            "second copy for the transport box",
        )
    finally:
        printer.close()
    assert code == 0 and f"sent to the printer {printer.address}" in out, err
    assert b"REPRINT" in printer.received and scan(printer.received)[0] == f"={din}00"

    port = closed_port()
    code, out, err = lab_cli(
        "label",
        "release",
        typed,
        "--printer",
        f"127.0.0.1:{port}",
        "--timeout",
        "2",
        "--reprint-reason",
        "third copy",
    )
    assert code == 2 and f"127.0.0.1:{port} cannot be reached" in err and "voided" in err
    code, _, err = lab_cli("label", "release", typed, "--zpl", "--reprint-reason", "fourth")
    assert code == 2 and "No label printer given" in err


def test_batch_record_command(lab, clock, lab_cli, tmp_path):
    pytest.importorskip("labtracker.services.batch_record")
    pytest.importorskip("labtracker.reports.batch_record")
    din = released_din(lab, clock)
    code, out, err = lab_cli(
        "record", din, "-o", str(tmp_path / "record.pdf"), "--purpose", "QA review"
    )
    assert code == 0, err
    assert f"Batch record of lot {din} (" in out and "written to" in out
    assert (tmp_path / "record.pdf").read_bytes().startswith(b"%PDF")
    code, _, err = lab_cli("record", din, "-o", str(tmp_path / "x.pdf"), user="lwang")
    assert code == 2 and "may not print batch record" in err, err


def test_audit_verify_finds_a_record_changed_behind_labtrackers_back(run, empty_db_url):
    code, _, _ = run(
        "init",
        "--username",
        "admin",
        "--full-name",
        "Ada Admin",
        "--password-stdin",
        *SITE,
        stdin=ADMIN_PW + "\n",
    )
    assert code == 0
    code, out, _ = run("audit", "verify")
    assert code == 0
    assert "Records match their audit trail" in out
    assert "Signatures match their records" in out

    engine = make_engine(empty_db_url)
    with engine.begin() as conn:  # raw SQL: no audit entry, the chain itself still holds
        conn.execute(text("UPDATE site SET name = 'Somebody Else''s Lab'"))
    engine.dispose()
    code, out, err = run("audit", "verify")
    assert code == 1
    assert "Audit trail intact" in out
    assert "RECORDS MATCH THEIR AUDIT TRAIL: NO. 1 problem(s):" in err
    assert "site" in err and "Bone Lab" in err and "Somebody Else's Lab" in err
