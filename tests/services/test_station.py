"""Opening a station's database: created on first start, migrated, described, and refused
when a newer labtracker has already upgraded it."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from labtracker.cli import main as cli
from labtracker.db.engine import make_engine
from labtracker.db.migrate import head_revision
from labtracker.services.station import DatabaseTooNewError, describe_url, open_station
from labtracker.settings import StationSettings


def settings_for(url: str, tmp_path) -> StationSettings:
    return StationSettings(
        database_url=url,
        database_url_source="environment",
        data_dir=tmp_path,
        settings_file=tmp_path / "settings.toml",
    )


def test_first_start_creates_and_migrates(empty_db_url, tmp_path):
    station = open_station(settings_for(empty_db_url, tmp_path))
    try:
        assert station.info.revision == head_revision() == station.info.head
        with station.database.reading() as session:
            assert session.execute(text("SELECT count(*) FROM lot")).scalar() == 0
    finally:
        station.close()


def test_database_from_a_newer_version_is_left_alone(db_url, tmp_path):
    engine = make_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    engine.dispose()
    with pytest.raises(DatabaseTooNewError, match=r"9999_future.*nothing was changed"):
        open_station(settings_for(db_url, tmp_path))
    engine = make_engine(db_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
            "9999_future"
        )
    engine.dispose()


def test_describe_url_never_shows_the_password():
    assert describe_url("postgresql+psycopg://lab:pw@db.local:5433/lt") == (
        "PostgreSQL",
        "lab@db.local:5433/lt",
    )
    assert describe_url("sqlite:////var/lib/lt.sqlite3") == ("SQLite", "/var/lib/lt.sqlite3")


def test_cli_db_upgrade_and_info(empty_db_url, monkeypatch, capsys):
    monkeypatch.setenv("LABTRACKER_DATABASE_URL", empty_db_url)
    assert cli(["db", "info"]) == 0
    assert "empty (run: labtracker db upgrade)" in capsys.readouterr().out
    assert cli(["db", "upgrade"]) == 0
    assert f"is at schema {head_revision()}" in capsys.readouterr().out
    assert cli(["db", "info"]) == 0
    out = capsys.readouterr().out
    assert f"schema:    {head_revision()}" in out
    assert "chosen by: environment" in out


def test_cli_din_check(capsys):
    assert cli(["din", "check", "=A99982612345600"]) == 0
    assert "A9998 26 123456" in capsys.readouterr().out
    assert cli(["din", "check", "A999826123456X"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("labtracker: ")
