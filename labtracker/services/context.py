"""The unit of work: one transaction per user action, attributed to a person.

`Database.writing(actor, reason)` opens a write transaction whose every change is audited in
the actor's name (see labtracker.db.audit) and commits only if the whole action succeeds:
nothing is ever half-saved. `Database.reading()` is for queries.

Write transactions queue: SQLite's writer takes the file's lock at BEGIN IMMEDIATE, and on
PostgreSQL each takes the database's write lock first (`db.audit.take_write_lock`), so a save
always reads what the save before it wrote. A save based on what a person saw earlier (a form
opened before someone else saved the same record) passes the version it saw; when the record
has moved on it is refused with `RecordChangedError`, naming who changed it and when
(`records.require_version`). The same error replaces SQLAlchemy's StaleDataError should a
versioned row change under a transaction anyway.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, Table, and_, bindparam, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from labtracker.db.audit import VERSIONED_UPDATES, AuditContext, take_write_lock
from labtracker.db.engine import make_session_factory, writer_engine
from labtracker.db.models import AuditEntry, Base, UserAccount, UserRole
from labtracker.db.models import Role as RoleRow
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
                # Writers queue, on PostgreSQL as on SQLite (BEGIN IMMEDIATE): each reads
                # what the one before it saved (db.audit.take_write_lock).
                take_write_lock(session.connection())
                yield session
                session.commit()
            except StaleDataError as exc:
                # Another station saved the same record between our read and our write (the
                # version column, see db.base.Versioned): say who and when, save nothing.
                updating = session.info.get(VERSIONED_UPDATES, [])
                session.rollback()
                raise record_changed(self, _stale_first(updating, str(exc))) from exc
            except BaseException:
                session.rollback()
                raise

    def dispose(self) -> None:
        self.engine.dispose()


class RecordChangedError(LabtrackerError):
    """Another station changed a record while this action was saving it: nothing was saved.

    ``table``/``record_id`` name the record, ``changed_by`` (printed name and user ID),
    ``station`` and ``changed_at`` come from the audit trail's latest entry for it.
    """

    def __init__(
        self,
        message: str,
        *,
        table: str,
        record_id: int | None,
        changed_by: str | None,
        station: str | None,
        changed_at: datetime | None,
    ) -> None:
        super().__init__(message)
        self.table = table
        self.record_id = record_id
        self.changed_by = changed_by
        self.station = station
        self.changed_at = changed_at


def _stale_first(
    updating: list[tuple[str, int, int | None]], problem: str
) -> list[tuple[Table, int, int | None]]:
    """The versioned rows the failed flush was updating, (table, id, version read), those of
    the table SQLAlchemy names in ``problem`` ("UPDATE statement on table 'lot' …") first."""
    rows = [
        (Base.metadata.tables[name], record_id, version) for name, record_id, version in updating
    ]
    return sorted(rows, key=lambda row: f"table '{row[0].name}'" not in problem)


RELOAD = "nothing of yours was saved. Reload it and enter your change again if it is still needed."


def record_changed(
    db: Database, candidates: list[tuple[Table, int, int | None]]
) -> RecordChangedError:
    """The error for a save that came too late: which record (the one whose version moved on
    since it was read), who changed it and when, from the audit trail."""
    with db.reading() as session:
        for table, record_id, version in candidates:
            now = session.execute(select(table.c.version).where(table.c.id == record_id)).scalar()
            if now != version:
                return changed_error(session, table, record_id)
        if candidates:
            return changed_error(session, candidates[0][0], candidates[0][1])
    return RecordChangedError(
        f"Another station changed this record after you loaded it; {RELOAD}",
        table="",
        record_id=None,
        changed_by=None,
        station=None,
        changed_at=None,
    )


def changed_error(session: Session, table: Table, record_id: int) -> RecordChangedError:
    """`RecordChangedError` for a record that changed after it was loaded: the latest change
    the audit trail holds for it names who (printed name and user ID), where and when."""
    if table.name == "e_signature":
        # A signature is superseded because its record changed: name that record.
        signed = session.execute(
            select(table.c.record_table, table.c.record_id).where(table.c.id == record_id)
        ).one_or_none()
        if signed is not None:
            table, record_id = Base.metadata.tables[signed.record_table], signed.record_id
    entry = session.scalars(
        select(AuditEntry)
        .where(
            AuditEntry.table_name == table.name,
            AuditEntry.record_id == record_id,
            AuditEntry.action != "system",
        )
        .order_by(AuditEntry.id.desc())
        .limit(1)
    ).first()
    what = _describe(session, table, record_id)
    if entry is None:
        return RecordChangedError(
            f"{what} was changed by another station after you loaded it; {RELOAD}",
            table=table.name,
            record_id=record_id,
            changed_by=None,
            station=None,
            changed_at=None,
        )
    user = session.get(UserAccount, entry.user_id) if entry.user_id is not None else None
    who = f"{user.full_name} ({entry.username})" if user is not None else entry.username
    where = f" at station {entry.station}" if entry.station else ""
    when = f"{entry.occurred_at.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
    return RecordChangedError(
        f"{what} was changed by {who}{where} at {when}, after you loaded it; {RELOAD}",
        table=table.name,
        record_id=record_id,
        changed_by=who,
        station=entry.station or None,
        changed_at=entry.occurred_at,
    )


# How a person knows a record: its own code where it has one.
_NAMED_BY = {
    "lot": ("Lot", "din"),
    "deviation": ("Deviation", "number"),
    "vessel": ("Vessel", "code"),
    "qc_sample": ("QC sample", "code"),
    "material_lot": ("Material lot", "code"),
    "scaffold_lot": ("Scaffold lot", "code"),
    "user_account": ("The account", "username"),
}


def _describe(session: Session, table: Table, record_id: int) -> str:
    named = _NAMED_BY.get(table.name)
    if named is not None:
        code = session.execute(select(table.c[named[1]]).where(table.c.id == record_id)).scalar()
        if code is not None:
            return f"{named[0]} {code}"
    words = table.name.replace("_", " ")
    return f"The {words} record {record_id}"


class InactiveAccountError(LabtrackerError):
    """The account behind a session was deactivated or locked since it signed in."""


# Built once: composing a statement costs more than running it (≈0.1 ms a save, measured).
_CURRENT_ROLES = (
    select(RoleRow.code)
    .join(UserRole, UserRole.role_id == RoleRow.id)
    .where(UserRole.user_id == bindparam("user_id"), UserRole.revoked_at.is_(None))
)
# The account and its current roles in one statement (a row per role; one row, role None,
# for an account with none; no row for an unknown account).
_ACCOUNT_AND_ROLES = (
    select(UserAccount, RoleRow.code)
    .outerjoin(UserRole, and_(UserRole.user_id == UserAccount.id, UserRole.revoked_at.is_(None)))
    .outerjoin(RoleRow, RoleRow.id == UserRole.role_id)
    .where(UserAccount.id == bindparam("user_id"))
)


def current_roles(session: Session, user_id: int) -> frozenset[Role]:
    """The roles a user holds now (granted and not revoked)."""
    codes = session.scalars(_CURRENT_ROLES, {"user_id": user_id}).all()
    return frozenset(Role(code) for code in codes)


def authorise(session: Session, actor: Actor, action: Action) -> UserAccount:
    """Check, against the database as it is now, that the actor may do this action.

    Roles are re-read rather than trusted from sign-in: a role revoked or an account locked
    a minute ago stops the next action.
    """
    # One statement for the account and its current roles; an account this transaction has
    # loaded already comes back as the session holds it (the identity map), as `get` would.
    rows = session.execute(_ACCOUNT_AND_ROLES, {"user_id": actor.user_id}).all()
    user = rows[0][0] if rows else None
    if user is None or not user.is_active:
        raise InactiveAccountError(
            f"The account {actor.username} is deactivated; sign in with your own account."
        )
    if user.locked_at is not None:
        raise InactiveAccountError(
            f"The account {actor.username} is locked; an administrator must unlock it."
        )
    roles = frozenset(Role(code) for _, code in rows if code is not None)
    require(roles, action, who=user.full_name)
    return user


__all__ = [
    "SYSTEM_USERNAME",
    "Actor",
    "Database",
    "InactiveAccountError",
    "PermissionDeniedError",
    "RecordChangedError",
    "authorise",
    "current_roles",
]
