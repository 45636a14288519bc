"""Alembic environment: always run from labtracker.db.migrate with a connection supplied."""

from __future__ import annotations

from alembic import context

from labtracker.db.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through labtracker.db.migrate (labtracker db upgrade)")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite can only ALTER tables by copying them
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
