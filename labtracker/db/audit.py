"""The audit trail, written from the session's flush so no code path can change data without
leaving its trace (after SQLAlchemy's versioned-history example).

Every session that changes an audited record must carry an `AuditContext` in
``session.info["audit"]``: who is acting, at which station, and, for any change to an
existing record, why. Without it the flush is refused. Records are never deleted: a deletion
is refused too; an entry made in error is voided with a reason instead.

Each entry is chained: its SHA-256 covers its own content and the previous entry's hash, so
editing, removing or inserting an entry anywhere breaks the chain at that point
(`verify_chain`). On PostgreSQL an advisory lock (`take_write_lock`) keeps the chain linear
when several stations write at once; on SQLite the database's single writer does the same.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import (
    Connection,
    String,
    Table,
    bindparam,
    event,
    insert,
    inspect,
    select,
    text,
    type_coerce,
)
from sqlalchemy.orm import Session, object_mapper
from sqlalchemy.orm.attributes import get_history

from labtracker.clock import get_clock
from labtracker.db.models import AuditEntry, ESignature, LoginEvent, PasswordHistory
from labtracker.domain.errors import InvalidValueError, LabtrackerError

GENESIS_HASH = "0" * 64
SECRET_COLUMNS = frozenset({"password_hash"})
# Columns that point at a record's own signature: filled in after signing, they are not part
# of what was signed, and setting them must not supersede the signature they point to.
SIGNATURE_LINK_COLUMNS = frozenset({"signature_id", "closure_signature_id"})
UNAUDITED = (AuditEntry, LoginEvent, PasswordHistory)  # logs themselves / secrets only
ADVISORY_LOCK_KEY = 7_066_228  # the trial number: one chain per database
VERSIONED_UPDATES = "versioned_updates"  # session.info key, see _before_flush


class UnattributedChangeError(LabtrackerError):
    """A change reached the database layer without a user behind it."""


class DeletionRefusedError(LabtrackerError):
    """Someone tried to delete a regulated record."""


@dataclass(frozen=True)
class AuditContext:
    user_id: int | None  # None only for the system account's first set-up
    username: str
    station: str = ""
    reason: str | None = None
    correction: bool = False  # a change to a recorded value, not a workflow step


def audit_text(value: Any) -> str | None:
    """The one text form of a value, used both for the entry and for its hash."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return str(value)


def entry_hash(values: dict[str, Any]) -> str:
    """SHA-256 over an entry's content and its predecessor's hash."""
    payload = [
        audit_text(values["occurred_at"]),
        values["user_id"],
        values["username"],
        values["action"],
        values["table_name"],
        values["record_id"],
        values["field"],
        values["old_value"],
        values["new_value"],
        values["reason"],
        values["lot_id"],
        values["station"],
        values["previous_hash"],
    ]
    return _chain_digest(payload)


# One encoder for the whole chain: json.dumps with options builds a new encoder every call,
# which costs a verify over a million entries more than the hashing does.
_CHAIN_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _chain_digest(payload: list[Any]) -> str:
    return hashlib.sha256(_CHAIN_JSON.encode(payload).encode("utf-8")).hexdigest()


def record_content(obj: Any) -> dict[str, str | None]:
    """Every column of a record as audit text, except the lock counter and secrets."""
    mapper = object_mapper(obj)
    return {
        column.key: (
            "[secret]" if column.key in SECRET_COLUMNS else audit_text(getattr(obj, column.key))
        )
        for column in mapper.column_attrs
        if column.key != "version"
    }


def content_hash(obj: Any) -> str:
    """SHA-256 of a record's content: what an e-signature binds to."""
    return content_digest(object_mapper(obj).local_table.name, record_content(obj))


def row_content(table: Table, row: Mapping[str, Any]) -> dict[str, str | None]:
    """`record_content` of a row read with Core (``select(table)``), for checks that walk
    whole tables without loading ORM objects; the same text for the same stored values."""
    return {
        column.name: "[secret]" if column.name in SECRET_COLUMNS else audit_text(row[column.name])
        for column in table.columns
        if column.name != "version"
    }


def content_digest(table_name: str, content: Mapping[str, str | None]) -> str:
    """The content hash of a record given as its audit text (`record_content`/`row_content`)."""
    signed = {k: v for k, v in content.items() if k not in SIGNATURE_LINK_COLUMNS}
    payload = {"table": table_name, **signed}
    encoded = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()


def _audited(obj: Any) -> bool:
    return not isinstance(obj, UNAUDITED)


def _lot_id(obj: Any) -> int | None:
    if object_mapper(obj).local_table.name == "lot":
        return obj.id
    return getattr(obj, "lot_id", None)


def _changed_columns(obj: Any) -> Iterator[tuple[str, Any, Any]]:
    for column in object_mapper(obj).column_attrs:
        if column.key == "version":
            continue
        history = get_history(obj, column.key)
        if history.added or history.deleted:
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if audit_text(old) != audit_text(new):
                yield column.key, old, new


def _context(session: Session) -> AuditContext:
    context = session.info.get("audit")
    if context is None:
        raise UnattributedChangeError(
            "A change was about to be saved without a signed-in user; it was not saved."
        )
    return context


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _flush_context: Any, _instances: Any) -> None:
    for obj in session.deleted:
        if _audited(obj):
            raise DeletionRefusedError(
                f"Records are never deleted ({object_mapper(obj).local_table.name} "
                f"{obj.id}); void it with a reason instead."
            )
    changed = [
        obj
        for obj in session.dirty
        if _audited(obj) and session.is_modified(obj) and any(_changed_columns(obj))
    ]
    if any(_audited(obj) for obj in session.new) or changed:
        context = _context(session)
        if changed and not (context.reason and context.reason.strip()):
            first = changed[0]
            raise InvalidValueError(
                "Reason for change",
                "",
                "a reason, since recorded values are never changed silently",
                f"A reason is required to change {object_mapper(first).local_table.name} "
                f"{first.id}; nothing was saved.",
            )
        _supersede_signatures(session, changed, context)
    # What this flush updates under optimistic locking, with the version each row had when
    # read: if another station saved one of them first (StaleDataError), the unit of work
    # names it, and who changed it (services.context.record_changed). Kept in session.info
    # because a failed flush expires the objects themselves.
    session.info[VERSIONED_UPDATES] = [
        (object_mapper(obj).local_table.name, obj.id, inspect(obj).dict.get("version"))
        for obj in session.dirty
        if "version" in object_mapper(obj).local_table.c and session.is_modified(obj)
    ]


# Built once (composing a statement costs more than running it): a record's signatures in force.
_ACTIVE_SIGNATURES = select(ESignature).where(
    ESignature.record_table == bindparam("record_table"),
    ESignature.record_id == bindparam("record_id"),
    ESignature.superseded_at.is_(None),
)


def _supersede_signatures(session: Session, changed: list[Any], context: AuditContext) -> None:
    """A signed record that changes loses its signatures' force: the step is signed again."""
    for obj in changed:
        if isinstance(obj, ESignature):
            continue
        table = object_mapper(obj).local_table.name
        fields = ", ".join(
            key for key, _, _ in _changed_columns(obj) if key not in SIGNATURE_LINK_COLUMNS
        )
        if not fields:
            continue
        with session.no_autoflush:
            active = session.scalars(
                _ACTIVE_SIGNATURES, {"record_table": table, "record_id": obj.id}
            ).all()
        for signature in active:
            signature.superseded_at = get_clock().now()
            signature.superseded_reason = f"{fields} changed: {context.reason}"


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _flush_context: Any) -> None:
    rows: list[dict[str, Any]] = []
    context = session.info.get("audit")
    now = get_clock().now()
    for obj in session.new:
        if not _audited(obj):
            continue
        assert context is not None  # checked before the flush
        rows.append(
            _row(
                context,
                now,
                "insert",
                obj,
                None,
                None,
                json.dumps(record_content(obj), ensure_ascii=False, sort_keys=True),
            )
        )
    for obj in session.dirty:
        if not _audited(obj):
            continue
        for key, old, new in _changed_columns(obj):
            assert context is not None
            action = "correct" if context.correction else "update"
            if key == "voided_at" and old is None:
                action = "void"
            secret = key in SECRET_COLUMNS
            rows.append(
                _row(
                    context,
                    now,
                    action,
                    obj,
                    key,
                    "[secret]" if secret else audit_text(old),
                    "[secret changed]" if secret else audit_text(new),
                )
            )
    if rows:
        write_entries(session.connection(), rows)


def _row(
    context: AuditContext,
    now: datetime,
    action: str,
    obj: Any,
    field: str | None,
    old: str | None,
    new: str | None,
) -> dict[str, Any]:
    return {
        "occurred_at": now,
        "user_id": context.user_id,
        "username": context.username,
        "action": action,
        "table_name": object_mapper(obj).local_table.name,
        "record_id": object_mapper(obj).primary_key_from_instance(obj)[0],
        "field": field,
        "old_value": old,
        "new_value": new,
        "reason": context.reason if action != "insert" else (context.reason or None),
        "lot_id": _lot_id(obj),
        "station": context.station,
    }


_ADVISORY_LOCK = text("SELECT pg_advisory_xact_lock(:key)")


def take_write_lock(connection: Connection) -> None:
    """On PostgreSQL, wait for the database's one write lock (an advisory lock held until
    the transaction ends); on SQLite the writer's BEGIN IMMEDIATE already holds it.

    Taken when the chain is written, and by every write transaction as it starts
    (services.context.Database.writing): then a save reads what the save before it wrote,
    numbers (DIN, deviation, sample) and totals (cells left in a harvest) cannot be taken
    twice, and no two writers can wait for each other's rows (no deadlock).
    """
    if connection.dialect.name == "postgresql":
        connection.execute(_ADVISORY_LOCK, {"key": ADVISORY_LOCK_KEY})


# Built once: every save runs them, and composing a statement costs more than running it.
_LAST_HASH = select(AuditEntry.entry_hash).order_by(AuditEntry.id.desc()).limit(1)
_NEW_ENTRY = insert(AuditEntry)


def write_entries(connection: Connection, rows: list[dict[str, Any]]) -> None:
    """Append entries to the chain, in order, under the chain lock."""
    take_write_lock(connection)
    previous = connection.execute(_LAST_HASH).scalar()
    previous = previous or GENESIS_HASH
    for row in rows:
        row["previous_hash"] = previous
        row["entry_hash"] = previous = entry_hash(row)
        connection.execute(_NEW_ENTRY, row)


def record_system_event(
    session: Session,
    context: AuditContext,
    table: str,
    record_id: int | None,
    what: str,
    lot_id: int | None = None,
) -> None:
    """An audited event that changes no row (a print, an export, a verified chain)."""
    write_entries(
        session.connection(),
        [
            {
                "occurred_at": get_clock().now(),
                "user_id": context.user_id,
                "username": context.username,
                "action": "system",
                "table_name": table,
                "record_id": record_id,
                "field": None,
                "old_value": None,
                "new_value": what,
                "reason": context.reason,
                "lot_id": lot_id,
                "station": context.station,
            }
        ],
    )


@dataclass(frozen=True)
class ChainReport:
    entries_checked: int
    first_bad_entry_id: int | None
    problem: str | None

    @property
    def intact(self) -> bool:
        return self.first_bad_entry_id is None


def verify_chain(connection: Connection, batch: int = 20_000) -> ChainReport:
    """Walk the whole chain in id order and report the first entry that does not hold."""
    table = AuditEntry.__table__
    sqlite = connection.dialect.name == "sqlite"
    # The columns in the order `entry_hash` hashes them, then the id and the hash. On SQLite
    # the time is read as stored (UTC text) and put in its audit form by `_stored_time_text`:
    # making a datetime of it for every entry would cost more than the hash.
    occurred = type_coerce(table.c.occurred_at, String) if sqlite else table.c.occurred_at
    columns = [
        occurred,
        *(
            table.c[name]
            for name in (
                "user_id",
                "username",
                "action",
                "table_name",
                "record_id",
                "field",
                "old_value",
                "new_value",
                "reason",
                "lot_id",
                "station",
                "previous_hash",
                "id",
                "entry_hash",
            )
        ),
    ]
    when = _stored_time_text if sqlite else audit_text
    previous = GENESIS_HASH
    checked = 0
    last_id = 0
    while True:
        rows = connection.execute(
            select(*columns).where(table.c.id > last_id).order_by(table.c.id).limit(batch)
        ).all()
        if not rows:
            return ChainReport(checked, None, None)
        for row in rows:
            if row[12] != previous:
                return ChainReport(
                    checked,
                    row[13],
                    "its link to the entry before it is broken (an entry was removed or "
                    "inserted before it)",
                )
            if _chain_digest([when(row[0]), *row[1:13]]) != row[14]:
                return ChainReport(
                    checked, row[13], "its content does not match its hash (it was altered)"
                )
            previous = row[14]
            checked += 1
        last_id = rows[-1][13]


def _stored_time_text(stored: str) -> str:
    """`audit_text` of a time as SQLite holds it ("2026-03-02 08:00:00.000000", UTC)."""
    if len(stored) == 26 and stored[10] == " " and stored[19] == ".":
        micro = stored[20:]
        fraction = "" if micro == "000000" else "." + micro
        return f"{stored[:10]}T{stored[11:19]}{fraction}+00:00"
    return audit_text(datetime.fromisoformat(stored).replace(tzinfo=UTC))
