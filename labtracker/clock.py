"""The one clock: every timestamp labtracker records comes from here, in UTC.

Tests replace it with a `ManualClock`; nothing else in the code calls `datetime.now()`.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current moment, timezone-aware, in UTC."""
        ...


class SystemClock:
    """The machine's clock, in UTC."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class ManualClock:
    """A clock that moves only when told to; for tests and demonstrations."""

    def __init__(self, start: datetime) -> None:
        self._now = _require_aware(start)

    def now(self) -> datetime:
        return self._now

    def set(self, moment: datetime) -> None:
        self._now = _require_aware(moment)

    def advance(self, delta: timedelta | None = None, **kwargs: float) -> datetime:
        self._now = self._now + (delta if delta is not None else timedelta(**kwargs))
        return self._now


def _require_aware(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("clock times must be timezone-aware")
    return moment.astimezone(UTC)


_clock: Clock = SystemClock()


def get_clock() -> Clock:
    """The clock in force for this process."""
    return _clock


def set_clock(clock: Clock) -> Clock:
    """Replace the process clock; returns the previous one so a test can put it back."""
    global _clock
    previous, _clock = _clock, clock
    return previous


def utcnow() -> datetime:
    """Now, from the clock in force, timezone-aware UTC."""
    return _clock.now()
