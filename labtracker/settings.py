"""Station settings: where this bench PC keeps its data and which database it talks to.

One place holds the defaults. The database is chosen, in order, by the environment variable
``LABTRACKER_DATABASE_URL``, by ``database_url`` in the station's settings file, and otherwise is
an SQLite file in the user's data directory, so one bench PC works with no set-up.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from labtracker.domain.errors import InvalidValueError

APP_NAME = "labtracker"
DATABASE_URL_VARIABLE = "LABTRACKER_DATABASE_URL"
DATA_DIR_VARIABLE = "LABTRACKER_DATA_DIR"
SETTINGS_FILE_VARIABLE = "LABTRACKER_SETTINGS_FILE"
SQLITE_FILE_NAME = "labtracker.sqlite3"


@dataclass(frozen=True)
class StationSettings:
    """What this station needs before it can open the database."""

    database_url: str
    database_url_source: str  # "environment", "settings file" or "default"
    data_dir: Path
    settings_file: Path

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

    if env.get(DATABASE_URL_VARIABLE, "").strip():
        url, source = env[DATABASE_URL_VARIABLE], "environment"
        field = DATABASE_URL_VARIABLE
    elif str(file_values.get("database_url", "")).strip():
        url, source = str(file_values["database_url"]), "settings file"
        field = f"database_url in {settings_file}"
    else:
        url, source = f"sqlite:///{data_dir / SQLITE_FILE_NAME}", "default"
        field = "database_url"
    return StationSettings(
        database_url=normalise_database_url(url, field=field),
        database_url_source=source,
        data_dir=data_dir,
        settings_file=settings_file,
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
