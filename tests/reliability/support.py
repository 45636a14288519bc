"""Helpers of the reliability suites: a full dump of a database, to show that a refused
action changed nothing at all."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select

from labtracker.db.base import Base


def full_dump(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of the schema (and Alembic's version), in primary-key order."""
    import labtracker.db.models  # noqa: F401  (registers every table on Base.metadata)

    dump: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            order = list(table.primary_key.columns) or list(table.columns)
            dump[table.name] = [
                tuple(row) for row in connection.execute(select(table).order_by(*order))
            ]
        dump["alembic_version"] = [
            tuple(row)
            for row in connection.exec_driver_sql("SELECT version_num FROM alembic_version")
        ]
    return dump
