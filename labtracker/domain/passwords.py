"""The site's password and session rules (21 CFR 11.300, Annex 11 §12), as data with
defaults; the site changes them through audited site settings."""

from __future__ import annotations

from dataclasses import dataclass

from labtracker.domain.errors import InvalidValueError


@dataclass(frozen=True)
class AccessPolicy:
    min_password_length: int = 10
    password_expiry_days: int = 90
    password_history: int = 5  # a new password may not be any of the last N
    max_failed_attempts: int = 5  # then the account locks until an administrator unlocks it
    idle_lock_minutes: int = 10

    def __post_init__(self) -> None:
        for name, low, high in (
            ("min_password_length", 8, 128),
            ("password_expiry_days", 1, 3650),
            ("password_history", 0, 50),
            ("max_failed_attempts", 1, 20),
            ("idle_lock_minutes", 1, 240),
        ):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise InvalidValueError(
                    name.replace("_", " ").capitalize(), value, f"a whole number {low}–{high}"
                )


def check_new_password(password: str, policy: AccessPolicy, *, username: str) -> None:
    """Refuse a password the site rules do not allow (reuse is checked against the hashes)."""
    field = "New password"
    if len(password) < policy.min_password_length:
        raise InvalidValueError(
            field,
            f"{len(password)} characters",
            f"at least {policy.min_password_length} characters",
            f"The new password must be at least {policy.min_password_length} characters long; "
            f"it has {len(password)}.",
        )
    if password.strip() != password:
        raise InvalidValueError(
            field,
            "…",
            "no spaces at the start or end",
            "The new password must not start or end with a space.",
        )
    if username and username.casefold() in password.casefold():
        raise InvalidValueError(
            field,
            "…",
            "not containing the user ID",
            "The new password must not contain the user ID.",
        )
    kinds = sum(
        (
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        )
    )
    if kinds < 3:
        raise InvalidValueError(
            field,
            "…",
            "three kinds of character",
            "The new password must mix at least three of: lower-case letters, capitals, "
            "digits, symbols.",
        )
