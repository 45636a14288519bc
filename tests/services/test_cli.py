"""`labtracker` administration commands, run as an administrator would, on both databases."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import text

from labtracker.cli import main as cli
from labtracker.cli import temporary_password
from labtracker.db.engine import make_engine

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
