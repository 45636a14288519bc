"""Every setting labtracker runs by, in one typed object, and where each one is kept.

Two kinds, kept apart on purpose:

- **Site settings** are GMP choices (release expiry, receipt limits, password and lockout
  rules, the wristband prefix, how often the database is backed up). They live in the
  database, the same for every station, and each change is an audited, signed-off record with
  its reason (``site.set_process_rules``, ``auth.set_access_policy``,
  ``scan.set_wristband_prefix``, ``backup.set_backup_interval``).
- **Station settings** are this bench PC's own (which database, its printers and label stock,
  its scanner, its language). They live in the station's settings file
  (``labtracker.settings``), or in ``LABTRACKER_*`` environment variables, which win.

The defaults of each are the defaults of its dataclass (``ProcessRules``, ``AccessPolicy``,
``StationSettings``, ``ScannerSettings``): one place each, and ``setting_rows`` compares
against them to show which values a site or station has changed.
"""

from __future__ import annotations

from dataclasses import MISSING, asdict, dataclass, fields

from labtracker.domain.passwords import AccessPolicy
from labtracker.domain.process_rules import ProcessRules
from labtracker.services.context import Database
from labtracker.settings import ScannerSettings, StationSettings, load_settings, redact_url

SITE = "site (database, audited)"
STATION = "station (settings file)"
ENVIRONMENT = "station (environment variable)"
DEFAULT = "station (default)"


@dataclass(frozen=True)
class SiteSettings:
    """The site's regulated settings in force now."""

    name: str
    facility_code: str
    timezone: str
    process_rules: ProcessRules
    access_policy: AccessPolicy
    wristband_prefix: str
    backup_interval_hours: int


@dataclass(frozen=True)
class Settings:
    """Everything labtracker runs by on this station: its own settings and the site's (None
    until the site has been set up)."""

    station: StationSettings
    site: SiteSettings | None


@dataclass(frozen=True)
class SettingRow:
    """One setting for display: its value, its default, and where it is kept."""

    name: str
    value: str
    default: str
    kept_in: str  # SITE, STATION, ENVIRONMENT or DEFAULT

    @property
    def is_default(self) -> bool:
        """Nothing chose another value: a station setting left unset, or a site value equal
        to the shipped default."""
        return self.kept_in == DEFAULT or self.value == self.default


def site_settings(db: Database) -> SiteSettings | None:
    """The site's settings in force now (read only; no actor); None before set-up."""
    from sqlalchemy import select

    from labtracker.db.models import Site
    from labtracker.services.auth import access_policy
    from labtracker.services.backup import backup_interval_hours
    from labtracker.services.scan import wristband_prefix
    from labtracker.services.site import process_rules

    with db.reading() as session:
        site = session.scalar(select(Site).order_by(Site.id).limit(1))
        if site is None:
            return None
        return SiteSettings(
            name=site.name,
            facility_code=site.facility_code,
            timezone=site.timezone,
            process_rules=process_rules(session),
            access_policy=access_policy(session),
            wristband_prefix=wristband_prefix(session),
            backup_interval_hours=backup_interval_hours(session),
        )


def current_settings(db: Database, station: StationSettings | None = None) -> Settings:
    """This station's settings (read again from its file unless given) and the site's."""
    return Settings(station=station or load_settings(), site=site_settings(db))


def setting_rows(settings: Settings) -> list[SettingRow]:
    """Every setting, station first, then the site's; for `labtracker settings` and the
    documentation of a validated installation (what this station ran with)."""
    from labtracker.services.backup import DEFAULT_BACKUP_INTERVAL_HOURS
    from labtracker.services.scan import DEFAULT_WRISTBAND_PREFIX

    station = settings.station
    rows = [
        SettingRow(
            "database_url",
            redact_url(station.database_url),
            "sqlite:///<data dir>/labtracker.sqlite3",
            _kept_in(station.database_url_source),
        ),
        SettingRow("data_dir", str(station.data_dir), "the user's data directory", DEFAULT),
        SettingRow("settings_file", str(station.settings_file), "the user's config dir", DEFAULT),
        SettingRow(
            "zpl_printer",
            str(station.zpl_printer or ""),
            "",
            _kept_in(station.zpl_printer_source),
        ),
    ]
    defaults = {f.name: f.default for f in fields(StationSettings) if f.default is not MISSING}
    for name in ("language", "label_stock", "label_printer", "document_printer"):
        value, default = getattr(station, name), defaults[name]
        rows.append(SettingRow(name, value, default, STATION if value != default else DEFAULT))
    scanner_defaults = asdict(ScannerSettings())
    for name, value in asdict(station.scanner).items():
        default = scanner_defaults[name]
        rows.append(
            SettingRow(
                f"scanner.{name}",
                repr(value) if isinstance(value, str) else str(value),
                repr(default) if isinstance(default, str) else str(default),
                STATION if value != default else DEFAULT,
            )
        )
    site = settings.site
    if site is None:
        return rows
    rows += [
        # The site's identity has no default: chosen at set-up, never "changed".
        SettingRow("site.name", site.name, site.name, SITE),
        SettingRow("site.facility_code", site.facility_code, site.facility_code, SITE),
        SettingRow("site.timezone", site.timezone, "UTC", SITE),
    ]
    for group, values, default_object in (
        ("process_rules", site.process_rules, ProcessRules()),
        ("access_policy", site.access_policy, AccessPolicy()),
    ):
        for field in fields(values):
            rows.append(
                SettingRow(
                    f"{group}.{field.name}",
                    f"{getattr(values, field.name):g}",
                    f"{getattr(default_object, field.name):g}",
                    SITE,
                )
            )
    rows += [
        SettingRow(
            "wristband_prefix", repr(site.wristband_prefix), repr(DEFAULT_WRISTBAND_PREFIX), SITE
        ),
        SettingRow(
            "backup_interval_hours",
            str(site.backup_interval_hours),
            str(DEFAULT_BACKUP_INTERVAL_HOURS),
            SITE,
        ),
    ]
    return rows


def _kept_in(source: str) -> str:
    return {"environment": ENVIRONMENT, "settings file": STATION}.get(source, DEFAULT)
