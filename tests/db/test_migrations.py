"""The shipped migrations build exactly the schema the models describe, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from labtracker.db.engine import make_engine
from labtracker.db.migrate import current_revision, head_revision, is_current, upgrade
from labtracker.db.models import Base


def test_empty_database_is_not_current(empty_db_url):
    engine = make_engine(empty_db_url)
    try:
        assert current_revision(engine) is None
        assert not is_current(engine)
    finally:
        engine.dispose()


def test_upgrade_builds_the_model_schema(empty_db_url):
    engine = make_engine(empty_db_url)
    try:
        upgrade(engine)
        assert current_revision(engine) == head_revision()
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            differences = compare_metadata(context, Base.metadata)
        assert differences == []
        tables = set(inspect(engine).get_table_names())
        assert set(Base.metadata.tables) <= tables
    finally:
        engine.dispose()


def test_upgrade_twice_is_harmless(engine):
    upgrade(engine)
    assert is_current(engine)
