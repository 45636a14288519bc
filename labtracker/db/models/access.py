"""People and their access: accounts, roles, password history, login attempts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from labtracker.db.base import Base, Versioned, choice
from labtracker.db.types import UTCDateTime

ROLE_CODES = ("technician", "verifier", "qa", "surgeon", "administrator")


class UserAccount(Versioned, Base):
    """A person's unique account. Never deleted and never reused: only deactivated."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))  # the printed name on signatures
    email: Mapped[str | None] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    deactivated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deactivated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    deactivation_reason: Mapped[str | None] = mapped_column(Text)

    roles: Mapped[list[UserRole]] = relationship(
        back_populates="user", foreign_keys="UserRole.user_id"
    )


class Role(Base):
    """One of the five roles of domain.md §7; permissions hang off the code."""

    __tablename__ = "role"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(choice("role_code", ROLE_CODES), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    description: Mapped[str] = mapped_column(Text, default="")


class UserRole(Versioned, Base):
    """A role granted to a user; revoked, not deleted, so who could do what stays on record."""

    __tablename__ = "user_role"
    __table_args__ = (UniqueConstraint("user_id", "role_id", "granted_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    role_id: Mapped[int] = mapped_column(ForeignKey("role.id"))
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    user: Mapped[UserAccount] = relationship(back_populates="roles", foreign_keys=[user_id])
    role: Mapped[Role] = relationship()


class PasswordHistory(Base):
    """Earlier password hashes, so the site rule "no reuse of the last N" can be checked."""

    __tablename__ = "password_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    set_at: Mapped[datetime] = mapped_column(UTCDateTime)


class LoginEvent(Base):
    """Every attempt to log in, unlock or sign, successful or not (failed-login report)."""

    __tablename__ = "login_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    username_entered: Mapped[str] = mapped_column(String(200))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    purpose: Mapped[str] = mapped_column(choice("login_purpose", ("login", "unlock", "signature")))
    succeeded: Mapped[bool] = mapped_column(Boolean)
    failure_reason: Mapped[str | None] = mapped_column(String(200))
    station: Mapped[str] = mapped_column(String(120), default="")
