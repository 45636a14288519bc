"""Declarative base and the columns every regulated record carries."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from enum import Enum as PyEnum
from typing import Any

from sqlalchemy import Enum, ForeignKey, Integer, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from labtracker.db.types import UTCDateTime

# Named constraints, so Alembic batch mode on SQLite and PostgreSQL agree on every name.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def choice(name: str, values: Iterable[str] | type[PyEnum]) -> Enum:
    """A closed list of text values, enforced by a CHECK constraint on both databases."""
    if isinstance(values, type) and issubclass(values, PyEnum):
        return Enum(
            values,
            name=name,
            native_enum=False,
            create_constraint=True,
            length=32,
            values_callable=lambda members: [member.value for member in members],
            validate_strings=True,
        )
    return Enum(
        *values,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        validate_strings=True,
    )


def user_fk(*, nullable: bool = False, index: bool = False) -> Any:
    return mapped_column(ForeignKey("user_account.id"), nullable=nullable, index=index)


class Versioned:
    """Optimistic locking: a stale write from another station fails instead of overwriting."""

    version: Mapped[int] = mapped_column(Integer, nullable=False)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


class Regulated(Versioned):
    """A GMP record: who entered it and when, never physically deleted.

    ``recorded_at`` is when the system received the entry (from the one clock); the moment the
    work happened is a separate, named column on each record. An entry made in error is voided
    with a reason, never deleted.
    """

    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)

    @declared_attr
    def recorded_by_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("user_account.id"), nullable=False)

    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @declared_attr
    def voided_by_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("user_account.id"))

    void_reason: Mapped[str | None] = mapped_column(Text)


def short_text(length: int = 120) -> String:
    return String(length)
