"""The multi-station set-up of docs/postgresql.md, run as written: an owner role creates the
schema, the stations' role does a whole site's work through the services, and cannot delete
rows, alter tables or switch off the audit trail's triggers."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from labtracker.db.engine import make_engine
from labtracker.db.migrate import head_revision
from labtracker.services.audit import verify_audit_chain
from labtracker.services.demo import create_demo
from labtracker.services.station import open_station
from labtracker.settings import StationSettings

pytestmark = pytest.mark.postgres

DOC = Path(__file__).resolve().parents[2] / "docs" / "postgresql.md"


def documented_grants() -> str:
    block = re.search(r"<!-- roles-sql.*?```sql\n(.*?)```", DOC.read_text(), re.S)
    assert block, "docs/postgresql.md lost its roles-sql block"
    return block.group(1)


@pytest.fixture
def site_roles(postgres_databases):
    """The documented database and roles, under names unique to this test."""
    suffix = uuid.uuid4().hex[:8]
    owner, app, database = f"lt_owner_{suffix}", f"lt_app_{suffix}", f"lt_site_{suffix}"
    admin = postgres_databases.admin
    with admin.connect() as conn:
        conn.execute(text(f"CREATE ROLE {owner} LOGIN"))
        conn.execute(text(f"CREATE ROLE {app} LOGIN"))
        conn.execute(
            text(f"CREATE DATABASE {database} OWNER {owner} ENCODING 'UTF8' TEMPLATE template0")
        )
    superuser = make_engine(postgres_databases.url_for(database), isolation_level="AUTOCOMMIT")
    grants = (
        documented_grants()
        .replace("labtracker_owner", owner)
        .replace("labtracker_app", app)
        .replace("DATABASE labtracker", f"DATABASE {database}")
    )
    with superuser.connect() as conn:
        for statement in filter(str.strip, grants.split(";")):
            conn.execute(text(statement))
    superuser.dispose()

    def url_as(role: str) -> str:
        return (
            make_url(postgres_databases.url_for(database))
            .set(username=role)
            .render_as_string(hide_password=False)
        )

    yield url_as(owner), url_as(app)
    postgres_databases.drop(database)
    with admin.connect() as conn:
        conn.execute(text(f"DROP ROLE {owner}"))
        conn.execute(text(f"DROP ROLE {app}"))


def station(url: str, tmp_path) -> StationSettings:
    return StationSettings(
        database_url=url,
        database_url_source="settings file",
        data_dir=tmp_path,
        settings_file=tmp_path / "settings.toml",
    )


def test_the_stations_role_runs_a_site_but_cannot_rewrite_it(site_roles, tmp_path):
    owner_url, app_url = site_roles
    created = open_station(station(owner_url, tmp_path))  # IT: `labtracker db upgrade`
    assert created.info.revision == head_revision()
    created.close()

    bench = open_station(station(app_url, tmp_path))
    try:
        demo = create_demo(bench.database)  # every kind of save, as the stations' role
        assert demo.lots
        assert verify_audit_chain(bench.database).intact
    finally:
        bench.close()

    engine = make_engine(app_url, isolation_level="AUTOCOMMIT")
    try:
        for statement, refusal in (
            ("UPDATE audit_entry SET new_value = 'x' WHERE id = 1", "append-only"),
            ("DELETE FROM audit_entry WHERE id = 1", "append-only|permission denied"),
            ("DELETE FROM lot", "permission denied"),
            ("TRUNCATE lot", "permission denied"),
            ("ALTER TABLE audit_entry DISABLE TRIGGER ALL", "must be owner"),
            ("DROP TABLE cell_count", "must be owner"),
            ("CREATE TABLE shadow (id int)", "permission denied"),
        ):
            with engine.connect() as conn, pytest.raises(DBAPIError, match=refusal):
                conn.execute(text(statement))
    finally:
        engine.dispose()
