"""Bring a database to the schema this version of labtracker needs (Alembic, in-package)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text

from labtracker.domain.errors import LabtrackerError

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
UPGRADE_LOCK_KEY = 7_066_229  # next to the audit chain's lock key (db/audit.py)


def alembic_config(engine: Engine | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("version_table", "alembic_version")
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def head_revision() -> str:
    """The newest migration shipped with this version."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "labtracker ships at least one migration"
    return head


def known_revisions() -> frozenset[str]:
    """Every revision this version can upgrade from (and the head)."""
    script = ScriptDirectory.from_config(alembic_config())
    return frozenset(rev.revision for rev in script.walk_revisions())


def current_revision(engine: Engine) -> str | None:
    """The migration the database is at, or None for an empty database."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(
    engine: Engine,
    revision: str = "head",
    *,
    then: Callable[[Connection, str | None, str | None], None] | None = None,
) -> tuple[str | None, str | None]:
    """Run every pending migration in one transaction (both databases have transactional DDL).

    Returns (revision before, revision after). ``then(connection, before, after)`` runs in the
    same transaction when the schema changed, so what it writes (the upgrade's audit event)
    is committed with the upgrade or not at all. On PostgreSQL an advisory lock makes stations
    starting together upgrade one at a time; the later ones find the work done.

    SQLite alters a table by rebuilding it (Alembic's batch mode: copy, drop, rename), and
    with foreign keys enforced the drop fails as soon as another row points into the table.
    So, as SQLite's documentation prescribes for such changes, enforcement is switched off
    outside the transaction, every key is checked (``PRAGMA foreign_key_check``) before the
    commit, and enforcement is switched back on.
    """
    config = alembic_config(engine)
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:  # on the driver's connection: a PRAGMA inside a transaction is ignored
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                if not sqlite:
                    connection.execute(
                        text("SELECT pg_advisory_xact_lock(:key)"), {"key": UPGRADE_LOCK_KEY}
                    )
                before = MigrationContext.configure(connection).get_current_revision()
                config.attributes["connection"] = connection
                command.upgrade(config, revision)
                after = MigrationContext.configure(connection).get_current_revision()
                if sqlite:
                    _require_foreign_keys_hold(connection)
                if then is not None and after != before:
                    then(connection, before, after)
        finally:
            if sqlite:
                connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")
    return before, after


def _require_foreign_keys_hold(connection: Connection) -> None:
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        table, rowid, parent, _ = broken[0]
        raise LabtrackerError(
            f"The schema upgrade would leave {len(broken)} record(s) pointing at missing ones "
            f"(first: {table} row {rowid} → {parent}); it was not applied, nothing was changed."
        )


def is_current(engine: Engine) -> bool:
    return current_revision(engine) == head_revision()
