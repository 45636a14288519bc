"""labtracker's own exception types, raised wherever a user can meet an error."""

from __future__ import annotations

from typing import Any


class LabtrackerError(Exception):
    """Base of every error labtracker reports to a user; its message is written for a technician."""


class InvalidValueError(LabtrackerError, ValueError):
    """A value a user entered or scanned is impossible or outside what is allowed.

    Carries the field, the value and what is allowed, so the UI can show the message beside
    the field and a test can check which field was refused.
    """

    def __init__(self, field: str, value: Any, allowed: str, message: str | None = None) -> None:
        self.field = field
        self.value = value
        self.allowed = allowed
        if message is None:
            message = f"{field} must be {allowed}; you entered {_shown(value)}."
        super().__init__(message)


class InvalidTransitionError(LabtrackerError):
    """A lot was asked to move to a status its current status does not allow."""


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return repr(value) if value.strip() != value or value == "" else value
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
