"""First-run set-up of a new site: the first administrator, the site's identity and the
reference data it starts with (vessel catalogue, product code, default specifications and
label templates)."""

from __future__ import annotations

from dataclasses import dataclass

from labtracker.services import auth, site, users
from labtracker.services.context import Database


@dataclass(frozen=True)
class SetUpResult:
    administrator: str
    site: site.SiteInfo


def set_up_site(
    db: Database,
    *,
    username: str,
    full_name: str,
    password: str,
    site_name: str,
    facility_code: str,
    timezone: str,
    station: str = "",
    address: str = "",
) -> SetUpResult:
    """Everything a new database needs before the first lot, in the administrator's name."""
    from labtracker.services.labels import seed_default_templates
    from labtracker.services.specifications import seed_default_specifications

    site.validate_site_fields(site_name, facility_code, timezone)  # before anything is created
    summary = users.initialise(db, username, full_name, password, station=station)
    admin = auth.login(db, username, password, station=station)
    info = site.configure_site(
        db, admin, name=site_name, facility_code=facility_code, timezone=timezone, address=address
    )
    with db.writing(admin, "shipped reference data") as session:
        site.seed_reference_data(session, admin)
        seed_default_specifications(session, admin)
        seed_default_templates(session, admin)
    return SetUpResult(summary.username, info)


def needs_set_up(db: Database) -> bool:
    """True for a database without users: the app shows the first-run set-up."""
    from sqlalchemy import func, select

    from labtracker.db.models import UserAccount

    with db.reading() as session:
        return not session.scalar(select(func.count()).select_from(UserAccount))
