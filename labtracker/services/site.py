"""The site: its identity (facility code, time zone), its process rules, and the reference
data a new site starts with (vessel catalogue, product code). Administrators configure it;
every change is audited."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session

from labtracker.db.models import ProductCode, Site, VesselType
from labtracker.domain.errors import InvalidValueError, LabtrackerError
from labtracker.domain.identifiers import validate_facility_code
from labtracker.domain.permissions import Action
from labtracker.domain.process_rules import ProcessRules
from labtracker.services.context import Actor, Database, authorise
from labtracker.services.records import (
    notes_text,
    require_text,
    site_setting,
    stamp,
    store_site_setting,
)

PROCESS_RULES_KEY = "process_rules"
PRODUCT_CODE = "TEB01"
PRODUCT_DESCRIPTION = "Tissue-engineered bone (autologous BMSC on demineralized bone scaffold)"

# The shipped vessel catalogue (domain.md §3); sites edit it. Ceiling: a plausible harvest.
DEFAULT_VESSELS = (
    ("T25", "T25 flask", 25.0, 1, 5.0),
    ("T75", "T75 flask", 75.0, 1, 15.0),
    ("T175", "T175 flask", 175.0, 1, 35.0),
    ("6WELL", "6-well plate (per well 9.5 cm²)", 57.0, 6, 12.0),
    ("CF1", "Cell factory, 1 layer", 632.0, 1, 200.0),
    ("CF2", "Cell factory, 2 layers", 1264.0, 2, 400.0),
)
MAX_CELLS_PER_CM2 = 1e5


class SiteNotConfiguredError(LabtrackerError):
    pass


@dataclass(frozen=True)
class SiteInfo:
    name: str
    facility_code: str
    timezone: str
    address: str


def _check_timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidValueError("Time zone", name, "an IANA zone such as Asia/Shanghai") from None
    return name


def validate_site_fields(name: str, facility_code: str, timezone: str) -> tuple[str, str, str]:
    """Check the site's identity fields; returns them cleaned."""
    return (
        require_text("Site name", name),
        validate_facility_code(facility_code),
        _check_timezone(timezone),
    )


def configure_site(
    db: Database,
    actor: Actor,
    *,
    name: str,
    facility_code: str,
    timezone: str,
    address: str = "",
    reason: str = "site set-up",
) -> SiteInfo:
    name, code, timezone = validate_site_fields(name, facility_code, timezone)
    address = notes_text("Address", address, max_length=1000)
    reason = require_text("Reason", reason, max_length=2000)
    with db.writing(actor, reason) as session:
        authorise(session, actor, Action.MANAGE_SITE_SETTINGS)
        site = session.scalar(select(Site).order_by(Site.id).limit(1))
        if site is None:
            site = Site(
                name=name, facility_code=code, timezone=timezone, address=address, **stamp(actor)
            )
            session.add(site)
        else:
            site.name, site.facility_code, site.timezone = name, code, timezone
            site.address = address
        session.flush()
        return SiteInfo(site.name, site.facility_code, site.timezone, site.address)


# Built once: composing a statement costs more than running it.
_THE_SITE = select(Site).order_by(Site.id).limit(1)


def the_site(session: Session) -> Site:
    site = session.scalar(_THE_SITE)
    if site is None:
        raise SiteNotConfiguredError(
            "The site is not configured yet (name, facility code, time zone); "
            "an administrator sets it up first."
        )
    return site


def site_info(db: Database) -> SiteInfo:
    with db.reading() as session:
        site = the_site(session)
        return SiteInfo(site.name, site.facility_code, site.timezone, site.address)


def process_rules(session: Session) -> ProcessRules:
    """The site's process rules as this transaction sees them (the defaults while never set)."""
    return ProcessRules(**site_setting(session, PROCESS_RULES_KEY, {}))


def current_process_rules(db: Database) -> ProcessRules:
    """The site's process limits in force now (read only; no actor, like `site_info`): the
    receipt form judges a receipt live against them."""
    with db.reading() as session:
        return process_rules(session)


def set_process_rules(db: Database, actor: Actor, reason: str, **changes: float) -> ProcessRules:
    """Change some of the process rules (audited, with a reason)."""
    reason = require_text("Reason", reason, max_length=2000)
    with db.writing(actor, reason) as session:
        authorise(session, actor, Action.MANAGE_SITE_SETTINGS)
        current = process_rules(session).as_dict()
        unknown = set(changes) - set(current)
        if unknown:
            raise InvalidValueError("Setting", sorted(unknown)[0], "one of " + ", ".join(current))
        rules = ProcessRules(**{**current, **changes})
        store_site_setting(
            session,
            actor,
            PROCESS_RULES_KEY,
            rules.as_dict(),
            "Process limits (receipt, seeding, expiry)",
        )
        return rules


def seed_reference_data(session: Session, actor: Actor) -> None:
    """The shipped catalogue and product code, for a new database (idempotent)."""
    existing = set(session.scalars(select(VesselType.code)))
    for code, name, area, wells, medium in DEFAULT_VESSELS:
        if code not in existing:
            session.add(
                VesselType(
                    code=code,
                    name=name,
                    growth_area_cm2=area,
                    wells_or_layers=wells,
                    medium_volume_ml=medium,
                    max_cells_per_cm2=MAX_CELLS_PER_CM2,
                    is_active=True,
                    **stamp(actor),
                )
            )
    if session.scalar(select(ProductCode).where(ProductCode.code == PRODUCT_CODE)) is None:
        session.add(
            ProductCode(
                code=PRODUCT_CODE,
                description=PRODUCT_DESCRIPTION,
                storage_temperature="2–8 °C, do not freeze",
                shelf_life_hours=None,
                is_active=True,
                **stamp(actor),
            )
        )
    session.flush()


def current_wristband_prefix(db: Database) -> str:
    """The prefix before the MRN in wristband barcodes, in force now (read only; no actor).
    It is changed with `scan.set_wristband_prefix`."""
    from labtracker.services.scan import wristband_prefix  # scan reads the site from here

    with db.reading() as session:
        return wristband_prefix(session)


def database_in_use(db: Database) -> tuple[str, str]:
    """(backend, location) of the database this session is connected to, for the settings
    screen; never a password (see `station.describe_url`)."""
    from labtracker.services.station import describe_url

    return describe_url(db.engine.url.render_as_string(hide_password=False))
