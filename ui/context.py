"""What every screen of a signed-in session is given: the station's database, the person
working, and the way to the other screens. Plain values; no database objects."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from labtracker.services.context import Actor, Database


@dataclass(frozen=True)
class WorkContext:
    """One person's session at one bench PC."""

    db: Database
    actor: Actor
    station: str

    def has_role(self, *names: str) -> bool:
        """True when the actor holds any of the roles named by value ("qa", "surgeon"…)."""
        return any(role.value in names for role in self.actor.roles)


class Navigator(Protocol):
    """How a screen sends the user elsewhere; the workspace implements it."""

    def open_lot(self, din: str) -> None: ...

    def show_page(self, key: str) -> None: ...

    def refresh(self) -> None: ...


class ScanTarget(Protocol):
    """A screen or form that takes barcode scans while it is in front.

    `handle_scan` returns True when it dealt with the scan (accepted it, or stopped it);
    False lets the workspace open what the scan names.
    """

    def handle_scan(self, text: str) -> bool: ...
