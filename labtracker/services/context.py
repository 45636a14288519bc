"""The unit of work: one transaction per user action, attributed to a person.

`Database.writing(actor, reason)` opens a write transaction whose every change is audited in
the actor's name (see labtracker.db.audit) and commits only if the whole action succeeds:
nothing is ever half-saved. `Database.reading()` is for queries.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from labtracker.db.audit import AuditContext
from labtracker.db.engine import make_session_factory, writer_engine
from labtracker.db.models import Role as RoleRow
from labtracker.db.models import UserAccount, UserRole
from labtracker.domain.errors import LabtrackerError
from labtracker.domain.permissions import Action, PermissionDeniedError, Role, require

SYSTEM_USERNAME = "system"


@dataclass(frozen=True)
class Actor:
    """The signed-in person on whose behalf a service acts."""

    user_id: int
    username: str
    full_name: str
    roles: frozenset[Role]
    station: str = ""

    def audit(self, reason: str | None = None, *, correction: bool = False) -> AuditContext:
        return AuditContext(self.user_id, self.username, self.station, reason, correction)


class Database:
    """This station's database, as services use it."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._read = make_session_factory(engine)
        self._write = make_session_factory(writer_engine(engine))

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self._read() as session:
            yield session

    @contextmanager
    def writing(
        self,
        who: Actor | AuditContext,
        reason: str | None = None,
        *,
        correction: bool = False,
    ) -> Iterator[Session]:
        """A write transaction in someone's name; committed only if the block completes."""
        context = who.audit(reason, correction=correction) if isinstance(who, Actor) else who
        with self._write() as session:
            session.info["audit"] = context
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def dispose(self) -> None:
        self.engine.dispose()


class InactiveAccountError(LabtrackerError):
    """The account behind a session was deactivated or locked since it signed in."""


def current_roles(session: Session, user_id: int) -> frozenset[Role]:
    """The roles a user holds now (granted and not revoked)."""
    codes = session.scalars(
        select(RoleRow.code)
        .join(UserRole, UserRole.role_id == RoleRow.id)
        .where(UserRole.user_id == user_id, UserRole.revoked_at.is_(None))
    ).all()
    return frozenset(Role(code) for code in codes)


def authorise(session: Session, actor: Actor, action: Action) -> UserAccount:
    """Check, against the database as it is now, that the actor may do this action.

    Roles are re-read rather than trusted from sign-in: a role revoked or an account locked
    a minute ago stops the next action.
    """
    user = session.get(UserAccount, actor.user_id)
    if user is None or not user.is_active:
        raise InactiveAccountError(
            f"The account {actor.username} is deactivated; sign in with your own account."
        )
    if user.locked_at is not None:
        raise InactiveAccountError(
            f"The account {actor.username} is locked; an administrator must unlock it."
        )
    require(current_roles(session, user.id), action, who=user.full_name)
    return user


__all__ = [
    "SYSTEM_USERNAME",
    "Actor",
    "Database",
    "InactiveAccountError",
    "PermissionDeniedError",
    "authorise",
    "current_roles",
]
