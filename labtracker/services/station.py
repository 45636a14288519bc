"""Open this station's database: find it from the settings, bring its schema up to date, and
describe it for the status bar and for `labtracker db info`."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import make_url

from labtracker.db.engine import make_engine
from labtracker.db.migrate import current_revision, head_revision, known_revisions, upgrade
from labtracker.domain.errors import LabtrackerError
from labtracker.services.context import Database
from labtracker.settings import StationSettings, load_settings


class DatabaseTooNewError(LabtrackerError):
    """The database was upgraded by a newer labtracker than the one on this station."""


@dataclass(frozen=True)
class DatabaseInfo:
    backend: str  # "SQLite" or "PostgreSQL"
    location: str  # file path, or host:port/database; never a password
    source: str  # where the setting came from
    revision: str | None  # schema revision after opening
    head: str  # the revision this version of labtracker ships

    @property
    def summary(self) -> str:
        return f"{self.backend} · {self.location} · schema {self.revision}"


@dataclass(frozen=True)
class Station:
    settings: StationSettings
    database: Database
    info: DatabaseInfo

    def close(self) -> None:
        self.database.dispose()


def describe_url(url: str) -> tuple[str, str]:
    """(backend name, location) for display; the password never leaves this function."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return "SQLite", parsed.database or ":memory:"
    host = parsed.host or "localhost"
    port = f":{parsed.port}" if parsed.port else ""
    user = f"{parsed.username}@" if parsed.username else ""
    return "PostgreSQL", f"{user}{host}{port}/{parsed.database}"


def open_station(settings: StationSettings | None = None, *, migrate: bool = True) -> Station:
    """Connect to the configured database and migrate it to this version's schema.

    A database already at a revision this version does not know was upgraded by newer
    software; it is left untouched and the station refuses to run against it.
    """
    settings = settings or load_settings()
    engine = make_engine(settings.database_url)
    try:
        revision = current_revision(engine)
        if revision is not None and revision not in known_revisions():
            raise DatabaseTooNewError(
                f"The database is at schema revision {revision}, written by a newer labtracker "
                f"than this station's. Install the same version as the other stations; nothing "
                f"was changed."
            )
        if migrate and revision != head_revision():
            upgrade(engine)
            revision = current_revision(engine)
    except BaseException:
        engine.dispose()
        raise
    backend, location = describe_url(settings.database_url)
    info = DatabaseInfo(
        backend=backend,
        location=location,
        source=settings.database_url_source,
        revision=revision,
        head=head_revision(),
    )
    return Station(settings=settings, database=Database(engine), info=info)
