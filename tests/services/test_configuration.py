"""One typed settings object: the station's own choices from its settings file (checked, typos
refused by name) and the site's regulated ones from the database, each row saying where it is
kept and whether it differs from the shipped default."""

from __future__ import annotations

import pytest

from labtracker.cli import main as cli
from labtracker.domain.errors import InvalidValueError
from labtracker.reports.labels import STOCKS
from labtracker.services import auth, site
from labtracker.services.configuration import (
    ENVIRONMENT,
    SITE,
    STATION,
    current_settings,
    setting_rows,
)
from labtracker.settings import LABEL_STOCKS, SETTINGS_FILE_KEYS, load_settings


def station(tmp_path, text: str, **env: str):
    file = tmp_path / "settings.toml"
    file.write_text(text, encoding="utf-8")
    return load_settings(
        {"LABTRACKER_SETTINGS_FILE": str(file), "LABTRACKER_DATA_DIR": str(tmp_path), **env}
    )


def test_every_station_setting_is_read_typed_from_the_file(tmp_path):
    settings = station(
        tmp_path,
        'language = "zh_CN"\nlabel_stock = "A4-24"\nlabel_printer = "Zebra ZD421 (bench 2)"\n'
        'document_printer = "HP_A4_Lab2"\nzpl_printer = "zebra-2.lab.local"\n'
        '[scanner]\nprefix = "\\u0002"\n',
    )
    assert settings.language == "zh_CN"
    assert settings.label_stock == "A4-24"
    assert settings.label_printer == "Zebra ZD421 (bench 2)"
    assert settings.document_printer == "HP_A4_Lab2"
    assert str(settings.zpl_printer) == "zebra-2.lab.local:9100"
    assert settings.scanner.prefix == "\x02"


def test_an_empty_file_gives_the_defaults(tmp_path):
    settings = station(tmp_path, "")
    assert (settings.language, settings.label_stock, settings.label_printer) == ("", "", "")
    assert settings.database_url_source == "default"


def test_the_stock_list_is_the_label_renderers():
    assert set(LABEL_STOCKS) == set(STOCKS)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('databse_url = "sqlite:///x"\n', r"unknown setting 'databse_url'.*database_url"),
        ('language = "fr"\n', r"language in .*settings.toml must be one of en, zh_CN; .* fr"),
        ('label_stock = "3x1in"\n', r"label_stock .* one of 2x1in, 4x2in, A4-24; .* 3x1in"),
        ("label_printer = 5\n", r"label_printer .* a printer name .*; you entered 5"),
        ('document_printer = "a\\nb"\n', r"document_printer .* on one line"),
    ],
)
def test_a_wrong_station_setting_names_the_setting_the_value_and_what_is_allowed(
    tmp_path, text, message
):
    with pytest.raises(InvalidValueError, match=message):
        station(tmp_path, text)


def test_site_and_station_rows_say_where_each_setting_is_kept(lab, tmp_path):
    site.set_process_rules(lab.db, lab.admin, "SOP-QA-017 rev 2", release_expiry_hours=36)
    auth.set_access_policy(lab.db, lab.admin, "SOP-IT-004 rev 3", max_failed_attempts=3)
    settings = current_settings(
        lab.db,
        station(
            tmp_path,
            'label_stock = "4x2in"\n',
            LABTRACKER_DATABASE_URL="postgresql://lab:secret@db.local/lt",
        ),
    )
    assert settings.site is not None
    assert settings.site.process_rules.release_expiry_hours == 36
    assert settings.site.access_policy.max_failed_attempts == 3
    rows = {row.name: row for row in setting_rows(settings)}

    expiry = rows["process_rules.release_expiry_hours"]
    assert (expiry.value, expiry.default, expiry.kept_in) == ("36", "48", SITE)
    assert not expiry.is_default
    lockout = rows["access_policy.max_failed_attempts"]
    assert (lockout.value, lockout.default, lockout.kept_in) == ("3", "5", SITE)
    assert rows["access_policy.idle_lock_minutes"].is_default
    assert rows["site.facility_code"].value == settings.site.facility_code
    assert rows["wristband_prefix"].value == "'MRN:'"
    assert rows["backup_interval_hours"].kept_in == SITE

    assert rows["label_stock"].value == "4x2in" and rows["label_stock"].kept_in == STATION
    assert rows["language"].is_default
    database = rows["database_url"]
    assert database.kept_in == ENVIRONMENT
    assert "secret" not in database.value and "***" in database.value
    assert {name.split(".")[0] for name in rows} >= set(SETTINGS_FILE_KEYS) - {"scanner"} | {
        "scanner"
    }


def test_before_set_up_there_are_only_station_settings(db, tmp_path):
    settings = current_settings(db, station(tmp_path, ""))
    assert settings.site is None
    assert all(row.kept_in != SITE for row in setting_rows(settings))


def test_cli_lists_every_setting_without_passwords(db_url, lab, monkeypatch, tmp_path, capsys):
    file = tmp_path / "settings.toml"
    file.write_text('document_printer = "HP_A4_Lab2"\n', encoding="utf-8")
    monkeypatch.setenv("LABTRACKER_SETTINGS_FILE", str(file))
    monkeypatch.setenv("LABTRACKER_DATABASE_URL", db_url)
    assert cli(["settings"]) == 0
    out = capsys.readouterr().out
    assert "document_printer" in out and "HP_A4_Lab2" in out
    assert "process_rules.release_expiry_hours" in out and "48" in out
    assert "site (database, audited)" in out
