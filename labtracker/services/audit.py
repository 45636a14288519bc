"""Audit trail review: query by lot, user, record and date range; verify the hash chain."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, select

from labtracker.db.audit import ChainReport, verify_chain
from labtracker.db.models import AuditEntry, Lot, Site
from labtracker.domain.errors import InvalidValueError
from labtracker.domain.permissions import Action
from labtracker.services.context import Actor, Database, authorise
from labtracker.services.record_check import (
    RecordCheckReport,
    check_records,
    check_signatures,
)

ACTION_WORDS = {
    "insert": "recorded",
    "update": "changed",
    "correct": "corrected",
    "void": "voided",
    "system": "event",
}


@dataclass(frozen=True)
class AuditRow:
    entry_id: int
    occurred_at: datetime
    username: str
    station: str
    action: str
    table_name: str
    record_id: int | None
    field: str | None
    old_value: str | None
    new_value: str | None
    reason: str | None
    lot_din: str | None

    @property
    def summary(self) -> str:
        """One line a reviewer reads, e.g. 'corrected volume_ml from 15.0 to 16.0'."""
        word = ACTION_WORDS.get(self.action, self.action)
        if self.field is None:
            return f"{word} {self.table_name} {self.record_id or ''}".strip()
        return f"{word} {self.field} from {self.old_value} to {self.new_value}"


@dataclass(frozen=True)
class AuditQuery:
    lot_din: str | None = None
    username: str | None = None
    table_name: str | None = None
    record_id: int | None = None
    start: datetime | None = None  # inclusive
    end: datetime | None = None  # exclusive

    def __post_init__(self) -> None:
        for name in ("start", "end"):
            value = getattr(self, name)
            if value is not None and value.tzinfo is None:
                raise InvalidValueError(name.capitalize(), value, "a date and time with its zone")
        if self.start and self.end and self.end <= self.start:
            raise InvalidValueError("End", self.end, f"after the start ({self.start})")


def query_audit(
    db: Database, actor: Actor, query: AuditQuery = AuditQuery(), limit: int | None = None
) -> list[AuditRow]:
    with db.reading() as session:
        authorise(session, actor, Action.REVIEW_AUDIT_TRAIL)
        statement = (
            select(AuditEntry, Lot.din)
            .outerjoin(Lot, Lot.id == AuditEntry.lot_id)
            .order_by(AuditEntry.id)
        )
        if query.lot_din:
            statement = statement.where(Lot.din == query.lot_din.strip().upper())
        if query.username:
            statement = statement.where(AuditEntry.username == query.username.strip().lower())
        if query.table_name:
            statement = statement.where(AuditEntry.table_name == query.table_name)
        if query.record_id is not None:
            statement = statement.where(AuditEntry.record_id == query.record_id)
        if query.start:
            statement = statement.where(AuditEntry.occurred_at >= query.start)
        if query.end:
            statement = statement.where(AuditEntry.occurred_at < query.end)
        if limit:
            statement = statement.limit(limit)
        return [
            AuditRow(
                e.id,
                e.occurred_at,
                e.username,
                e.station,
                e.action,
                e.table_name,
                e.record_id,
                e.field,
                e.old_value,
                e.new_value,
                e.reason,
                din,
            )
            for e, din in session.execute(statement)
        ]


def verify_audit_chain(db: Database) -> ChainReport:
    """Walk the whole chain. Needs no user: anyone may check that the record is intact."""
    with db.engine.connect() as connection:
        return verify_chain(connection)


def verify_records(db: Database) -> RecordCheckReport:
    """Check that every audited record holds what its audit trail last recorded, naming the
    table, record and field of each difference (`record_check.check_records`). Needs no
    user, like the chain check."""
    with _snapshot(db) as connection:
        return check_records(connection)


def verify_signatures(db: Database) -> RecordCheckReport:
    """Check every e-signature's seal, that its record exists, and that a signature in force
    still matches its record's content (`record_check.check_signatures`)."""
    with _snapshot(db) as connection:
        return check_signatures(connection)


@contextmanager
def _snapshot(db: Database) -> Iterator[Connection]:
    """One consistent view of the database for a check that reads it in many statements, so
    a save made meanwhile is either wholly in what is checked or not at all (SQLite: one read
    transaction in WAL mode; PostgreSQL: REPEATABLE READ)."""
    with db.engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            yield connection


def site_name(db: Database) -> str:
    """The facility's name for report headers."""
    with db.reading() as session:
        site = session.scalar(select(Site).order_by(Site.id).limit(1))
        return f"{site.name} ({site.facility_code})" if site else "Site not yet configured"
