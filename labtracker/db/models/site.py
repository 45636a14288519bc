"""The site: facility identity, DIN sequences, regulated settings, the product code list."""

from __future__ import annotations

from sqlalchemy import Boolean, CheckConstraint, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from labtracker.db.base import Base, Regulated


class Site(Regulated, Base):
    """The manufacturing facility; its ISBT 128 facility code starts every DIN it issues."""

    __tablename__ = "site"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    facility_code: Mapped[str] = mapped_column(String(5), unique=True)
    address: Mapped[str] = mapped_column(Text, default="")
    licence_number: Mapped[str] = mapped_column(String(80), default="")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")


class DinSequence(Base):
    """The last DIN sequence number issued per facility and year.

    Versioned rows would be overkill: the service takes the row ``FOR UPDATE`` (or relies on the
    unique DIN) so two stations can never issue the same DIN.
    """

    __tablename__ = "din_sequence"
    __table_args__ = (
        UniqueConstraint("facility_code", "year"),
        CheckConstraint("last_sequence BETWEEN 0 AND 999999", name="sequence_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    facility_code: Mapped[str] = mapped_column(String(5))
    year: Mapped[int] = mapped_column(Integer)
    last_sequence: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class SiteSetting(Regulated, Base):
    """A site-wide setting that is a GMP choice (expiry hours, lockout, ...): audited, versioned."""

    __tablename__ = "site_setting"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    value: Mapped[str] = mapped_column(Text)  # JSON text; the typed settings object parses it
    description: Mapped[str] = mapped_column(Text, default="")


class ProductCode(Regulated, Base):
    """The site's own product code list (the ICCBBA tables are licensed)."""

    __tablename__ = "product_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    description: Mapped[str] = mapped_column(String(300))
    storage_temperature: Mapped[str] = mapped_column(String(80), default="")
    shelf_life_hours: Mapped[int | None] = mapped_column(Integer)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
