"""Station settings choose the database; SQLite connections get the durability pragmas."""

from __future__ import annotations

import pytest

from labtracker.db.engine import make_engine
from labtracker.domain.errors import InvalidValueError
from labtracker.settings import ScannerSettings, load_settings, normalise_database_url, redact_url


def test_sqlite_connection_pragmas(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'sub' / 'db.sqlite3'}")
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10000
    finally:
        engine.dispose()
    assert (tmp_path / "sub" / "db.sqlite3").exists()


def test_default_is_sqlite_in_the_data_dir(tmp_path):
    settings = load_settings(
        {
            "LABTRACKER_DATA_DIR": str(tmp_path / "data"),
            "LABTRACKER_SETTINGS_FILE": str(tmp_path / "missing.toml"),
        }
    )
    assert settings.database_url == f"sqlite:///{tmp_path / 'data' / 'labtracker.sqlite3'}"
    assert settings.database_url_source == "default"
    assert settings.is_embedded


def test_settings_file_points_at_postgresql(tmp_path):
    file = tmp_path / "settings.toml"
    file.write_text('database_url = "postgresql://lab@db.hospital.local/labtracker"\n')
    settings = load_settings(
        {"LABTRACKER_SETTINGS_FILE": str(file), "LABTRACKER_DATA_DIR": str(tmp_path)}
    )
    assert settings.database_url == "postgresql+psycopg://lab@db.hospital.local/labtracker"
    assert settings.database_url_source == "settings file"
    assert not settings.is_embedded


def test_environment_wins_over_settings_file(tmp_path):
    file = tmp_path / "settings.toml"
    file.write_text('database_url = "postgresql://lab@file-host/labtracker"\n')
    settings = load_settings(
        {
            "LABTRACKER_SETTINGS_FILE": str(file),
            "LABTRACKER_DATA_DIR": str(tmp_path),
            "LABTRACKER_DATABASE_URL": "postgres://lab@env-host/labtracker",
        }
    )
    assert settings.database_url == "postgresql+psycopg://lab@env-host/labtracker"
    assert settings.database_url_source == "environment"


@pytest.mark.parametrize("url", ["mysql://db/lab", "labtracker.sqlite3", "oracle+cx://u:pw@h/db"])
def test_unsupported_database_url_is_refused(url):
    with pytest.raises(InvalidValueError) as err:
        normalise_database_url(url, field="LABTRACKER_DATABASE_URL")
    assert err.value.field == "LABTRACKER_DATABASE_URL"
    assert "sqlite:///" in str(err.value)
    assert "pw" not in str(err.value)


def test_broken_settings_file_is_reported(tmp_path):
    file = tmp_path / "settings.toml"
    file.write_text("database_url = \n")
    with pytest.raises(InvalidValueError, match="not valid TOML"):
        load_settings({"LABTRACKER_SETTINGS_FILE": str(file), "LABTRACKER_DATA_DIR": "x"})


def test_redact_url_hides_password():
    assert redact_url("postgresql://lab:s3cr%40t@h:5432/db") == "postgresql://lab:***@h:5432/db"
    assert redact_url("postgresql://lab@h/db") == "postgresql://lab@h/db"


# --- the barcode scanner ([scanner] table) ---------------------------------------------------


def _load(tmp_path, toml: str):
    file = tmp_path / "settings.toml"
    file.write_text(toml, encoding="utf-8")
    return load_settings({"LABTRACKER_SETTINGS_FILE": str(file), "LABTRACKER_DATA_DIR": "x"})


def test_scanner_defaults_suit_a_factory_set_scanner(tmp_path):
    scanner = _load(tmp_path, 'database_url = "sqlite:///x.sqlite3"\n').scanner
    assert scanner == ScannerSettings(key_interval_ms=35, min_length=4, prefix="", suffix="")


def test_scanner_settings_are_read_from_the_settings_file(tmp_path):
    scanner = _load(
        tmp_path,
        '[scanner]\nkey_interval_ms = 0\nmin_length = 8\nprefix = "\\u0002"\nsuffix = "\\u0003"\n',
    ).scanner
    assert scanner == ScannerSettings(key_interval_ms=0, min_length=8, prefix="\x02", suffix="\x03")


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        (
            "[scanner]\nkey_interval_ms = 35.5\n",
            "[scanner] key_interval_ms in {file} must be a whole number from 0 to 500; "
            "you entered 35.5.",
        ),
        (
            "[scanner]\nmin_length = 0\n",
            "[scanner] min_length in {file} must be a whole number from 1 to 100; you entered 0.",
        ),
        (
            "[scanner]\nmin_length = true\n",
            "[scanner] min_length in {file} must be a whole number from 1 to 100; "
            "you entered True.",
        ),
        (
            '[scanner]\nprefix = "\\t"\n',
            "[scanner] prefix in {file} must be up to 10 characters, without Enter or Tab "
            "(a control character is written like \"\\u0002\"); you entered '\\t'.",
        ),
        (
            '[scanner]\nsuffix = "#\\r"\n',
            "[scanner] suffix in {file} must be up to 10 characters, without Enter "
            "(a control character is written like \"\\u0002\"); you entered '#\\r'.",
        ),
        (
            "[scanner]\ninterval = 35\n",
            "The settings file {file} has an unknown scanner setting 'interval'; the scanner "
            "settings are key_interval_ms, min_length, prefix, suffix.",
        ),
        ('scanner = "fast"\n', "scanner in {file} must be a [scanner] table; you entered fast."),
    ],
)
def test_a_wrong_scanner_setting_names_the_setting_and_the_file(tmp_path, toml, message):
    with pytest.raises(InvalidValueError) as err:
        _load(tmp_path, toml)
    assert str(err.value) == message.format(file=tmp_path / "settings.toml")
