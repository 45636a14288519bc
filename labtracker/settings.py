"""Station settings: where this bench PC keeps its data and which database it talks to.

One place holds the defaults. The database is chosen, in order, by the environment variable
``LABTRACKER_DATABASE_URL``, by ``database_url`` in the station's settings file, and otherwise is
an SQLite file in the user's data directory, so one bench PC works with no set-up.

How the station's keyboard-wedge barcode scanner is told apart from typing is set in the
``[scanner]`` table of the settings file (see ``ScannerSettings``); the defaults suit a
scanner left at its factory settings.

The station's Zebra label printer, for ZPL sent over raw TCP (port 9100 unless given), is
``LABTRACKER_ZPL_PRINTER`` or ``zpl_printer = "host:port"`` in the settings file (the
environment wins); none by default, and labels are then written to files.

The rest of the station's local choices, each optional (``StationSettings`` holds the
defaults; ``labtracker settings`` lists every setting, station and site, with where it is kept):

    language         = "zh_CN"     # the sign-in screen's language until someone picks one
    label_stock      = "A4-24"     # the label stock this station's printer is loaded with
    label_printer    = "Zebra_ZD421"   # the system print queue offered first for labels
    document_printer = "HP_A4_Lab2"    # ... and for batch records and certificates

A key the file does not know is refused (naming it), so a typing slip is never silently
ignored. Regulated settings (process rules, expiry, access policy, wristband prefix, backup
interval) are the site's, kept in the database and audited: see
``labtracker.services.configuration``.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from labtracker.domain.errors import InvalidValueError

APP_NAME = "labtracker"
DATABASE_URL_VARIABLE = "LABTRACKER_DATABASE_URL"
DATA_DIR_VARIABLE = "LABTRACKER_DATA_DIR"
SETTINGS_FILE_VARIABLE = "LABTRACKER_SETTINGS_FILE"
ZPL_PRINTER_VARIABLE = "LABTRACKER_ZPL_PRINTER"
SQLITE_FILE_NAME = "labtracker.sqlite3"
RAW_PRINT_PORT = 9100  # the raw TCP port of Zebra (and most network label) printers
_HOST = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.-]{0,252}$")
LANGUAGES = ("en", "zh_CN")  # the app's languages (ui/i18n.py has their names)
LABEL_STOCKS = ("2x1in", "4x2in", "A4-24")  # labtracker.reports.labels.STOCKS (tested)
SETTINGS_FILE_KEYS = (
    "database_url",
    "zpl_printer",
    "language",
    "label_stock",
    "label_printer",
    "document_printer",
    "scanner",
)


@dataclass(frozen=True)
class PrinterAddress:
    """A network label printer taking raw ZPL: host name or IP address and TCP port."""

    host: str
    port: int = RAW_PRINT_PORT

    def __str__(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"


def parse_printer_address(text: str, *, field: str = "Printer") -> PrinterAddress:
    """``host``, ``host:port``, ``10.20.0.15:9100`` or ``[::1]:9100``; the port defaults to
    9100."""
    cleaned = str(text).strip()
    allowed = "host:port, e.g. zebra-3.lab.local:9100 or 10.20.0.15 (port 9100 if left out)"
    host, port_text = cleaned, ""
    if cleaned.startswith("["):
        host, sep, rest = cleaned[1:].partition("]")
        if not sep or (rest and not rest.startswith(":")):
            raise InvalidValueError(field, text, allowed)
        port_text = rest[1:]
        valid_host = bool(host) and all(c in "0123456789abcdefABCDEF:." for c in host)
    else:
        if cleaned.count(":") == 1:
            host, port_text = cleaned.split(":")
        valid_host = bool(_HOST.match(host))
    if not valid_host:
        raise InvalidValueError(field, text, allowed)
    if not port_text:
        return PrinterAddress(host)
    if not port_text.isdigit() or not 1 <= int(port_text) <= 65535:
        raise InvalidValueError(field, text, allowed)
    return PrinterAddress(host, int(port_text))


@dataclass(frozen=True)
class ScannerSettings:
    """How scans are recognised among key presses (the ``[scanner]`` table).

    A scan is a burst of at least ``min_length`` characters, each following the one before
    within ``key_interval_ms``, ended by Enter or Tab; or anything between ``prefix`` and
    ``suffix`` (or Enter), at any speed, when the scanner is programmed to send them.
    ``key_interval_ms = 0`` turns recognition by speed off (prefix only).
    """

    key_interval_ms: int = 35
    min_length: int = 4
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class StationSettings:
    """What this station needs before it can open the database."""

    database_url: str
    database_url_source: str  # "environment", "settings file" or "default"
    data_dir: Path
    settings_file: Path
    scanner: ScannerSettings = ScannerSettings()
    zpl_printer: PrinterAddress | None = None  # the station's Zebra printer, if it has one
    zpl_printer_source: str = "default"  # "environment", "settings file" or "default"
    language: str = ""  # "" = as chosen on the sign-in screen, else the system's
    label_stock: str = ""  # "" = each label kind's default stock
    label_printer: str = ""  # "" = the system's default printer
    document_printer: str = ""

    @property
    def is_embedded(self) -> bool:
        return self.database_url.startswith("sqlite")


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def default_settings_file() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False)) / "settings.toml"


def load_settings(environ: Mapping[str, str] | None = None) -> StationSettings:
    """Read the station settings from the environment and the settings file."""
    env = os.environ if environ is None else environ
    data_dir = Path(env[DATA_DIR_VARIABLE]) if env.get(DATA_DIR_VARIABLE) else default_data_dir()
    settings_file = (
        Path(env[SETTINGS_FILE_VARIABLE])
        if env.get(SETTINGS_FILE_VARIABLE)
        else default_settings_file()
    )
    file_values = _read_settings_file(settings_file)
    unknown = sorted(set(file_values) - set(SETTINGS_FILE_KEYS))
    if unknown:
        raise InvalidValueError(
            f"{unknown[0]} in {settings_file}",
            unknown[0],
            "one of " + ", ".join(SETTINGS_FILE_KEYS),
            f"The settings file {settings_file} has an unknown setting {unknown[0]!r}; "
            f"the settings a station file can hold are {', '.join(SETTINGS_FILE_KEYS)}. "
            "Correct or remove it.",
        )

    if env.get(DATABASE_URL_VARIABLE, "").strip():
        url, source = env[DATABASE_URL_VARIABLE], "environment"
        field = DATABASE_URL_VARIABLE
    elif str(file_values.get("database_url", "")).strip():
        url, source = str(file_values["database_url"]), "settings file"
        field = f"database_url in {settings_file}"
    else:
        url, source = f"sqlite:///{data_dir / SQLITE_FILE_NAME}", "default"
        field = "database_url"
    printer, printer_source = None, "default"
    if env.get(ZPL_PRINTER_VARIABLE, "").strip():
        printer = parse_printer_address(env[ZPL_PRINTER_VARIABLE], field=ZPL_PRINTER_VARIABLE)
        printer_source = "environment"
    elif str(file_values.get("zpl_printer", "")).strip():
        printer = parse_printer_address(
            str(file_values["zpl_printer"]), field=f"zpl_printer in {settings_file}"
        )
        printer_source = "settings file"
    return StationSettings(
        database_url=normalise_database_url(url, field=field),
        database_url_source=source,
        data_dir=data_dir,
        settings_file=settings_file,
        scanner=scanner_settings(file_values.get("scanner", {}), settings_file),
        zpl_printer=printer,
        zpl_printer_source=printer_source,
        language=_choice(file_values, "language", LANGUAGES, settings_file),
        label_stock=_choice(file_values, "label_stock", LABEL_STOCKS, settings_file),
        label_printer=_printer_name(file_values, "label_printer", settings_file),
        document_printer=_printer_name(file_values, "document_printer", settings_file),
    )


def _choice(values: Mapping[str, object], key: str, allowed: Sequence[str], file: Path) -> str:
    value = values.get(key, "")
    if value == "":
        return ""
    if not isinstance(value, str) or value not in allowed:
        raise InvalidValueError(f"{key} in {file}", value, "one of " + ", ".join(allowed))
    return value


def _printer_name(values: Mapping[str, object], key: str, file: Path) -> str:
    """A system print queue's name as the operating system shows it (not checked here: the
    printer may be switched off; the print dialog then offers the others)."""
    value = values.get(key, "")
    if not isinstance(value, str) or len(value) > 200 or any(ord(c) < 32 for c in value):
        raise InvalidValueError(
            f"{key} in {file}", value, "a printer name of up to 200 characters, on one line"
        )
    return value.strip()


def readable_settings() -> StationSettings | None:
    """The station settings, or None when the settings file cannot be read: for conveniences
    (preselected printer, stock, language) that fall back to defaults; opening the database
    reports the file's problem to the user."""
    try:
        return load_settings()
    except InvalidValueError:
        return None


_SCANNER_KEYS = ("key_interval_ms", "min_length", "prefix", "suffix")


def scanner_settings(values: object, settings_file: Path) -> ScannerSettings:
    """The ``[scanner]`` table of the settings file, checked; what it leaves out is default."""
    where = f"in {settings_file}"
    if not isinstance(values, Mapping):
        raise InvalidValueError(f"scanner {where}", values, "a [scanner] table")
    unknown = sorted(set(values) - set(_SCANNER_KEYS))
    if unknown:
        raise InvalidValueError(
            f"[scanner] {unknown[0]} {where}",
            unknown[0],
            "one of " + ", ".join(_SCANNER_KEYS),
            f"The settings file {settings_file} has an unknown scanner setting "
            f"{unknown[0]!r}; the scanner settings are {', '.join(_SCANNER_KEYS)}.",
        )
    defaults = ScannerSettings()

    def whole(name: str, low: int, high: int) -> int:
        value = values.get(name, getattr(defaults, name))
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise InvalidValueError(
                f"[scanner] {name} {where}", value, f"a whole number from {low} to {high}"
            )
        return value

    def characters(name: str, forbidden: str) -> str:
        # Enter ends every scan, so it cannot be part of one; nor can a prefix start with
        # Tab, which people press all the time.
        value = values.get(name, "")
        if not isinstance(value, str) or len(value) > 10 or set(forbidden) & set(value):
            raise InvalidValueError(
                f"[scanner] {name} {where}",
                value,
                "up to 10 characters, without Enter"
                + (" or Tab" if "\t" in forbidden else "")
                + ' (a control character is written like "\\u0002")',
            )
        return value

    return ScannerSettings(
        key_interval_ms=whole("key_interval_ms", 0, 500),
        min_length=whole("min_length", 1, 100),
        prefix=characters("prefix", "\r\n\t"),
        suffix=characters("suffix", "\r\n"),
    )


def normalise_database_url(url: str, *, field: str = "database_url") -> str:
    """Accept SQLite and PostgreSQL URLs; PostgreSQL always goes through psycopg 3."""
    url = url.strip()
    allowed = "an sqlite:///path or postgresql://user@host/database URL"
    scheme, sep, rest = url.partition("://")
    if not sep:
        raise InvalidValueError(field, redact_url(url), allowed)
    dialect = scheme.split("+", 1)[0].lower()
    if dialect == "sqlite":
        return url
    if dialect in ("postgresql", "postgres"):
        return f"postgresql+psycopg://{rest}"
    raise InvalidValueError(field, redact_url(url), allowed)


def redact_url(url: str) -> str:
    """The URL with any password replaced by ***, for messages and logs."""
    return re.sub(r"(://[^/:@]*:)[^/@]*@", r"\1***@", url)


def _read_settings_file(path: Path) -> dict[str, object]:
    if not path.is_file():
        return {}
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise InvalidValueError(
            "Settings file",
            str(path),
            "valid TOML",
            f"The settings file {path} is not valid TOML: {error}",
        ) from error
