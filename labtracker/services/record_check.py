"""Records match their audit trail; signatures match their records.

The hash chain (`labtracker.db.audit.verify_chain`) proves that no audit entry was changed,
removed or slipped in. It says nothing about the records themselves: a value changed with raw
SQL behind labtracker's back leaves the chain intact. These checks close that gap:

* `check_records`: every audited row must hold exactly what its audit trail last recorded
  for it (the insert entry's content, then each update, correction and void in order). A row
  with no insert entry was added outside labtracker; an insert entry whose row is gone was
  deleted outside labtracker.
* `check_signatures`: every e-signature's seal (`signatures.signature_hash`) must still
  cover its signer, printed name, time, meaning, record and content hash; the record it
  names must exist; and while the signature is in force, the record must still hash to the
  content that was signed. A signature row copied onto another record fails the last test
  (the other record's content is not what was signed), and, having no insert entry of its
  own, `check_records` too.

Both walk the tables in batches of ids, reading each batch's audit entries through the
``ix_audit_entry_record`` index, so memory stays bounded however large the database grows.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Boolean, Connection, Float, Integer, Table, select
from sqlalchemy.types import TypeEngine

from labtracker.db.audit import SECRET_COLUMNS, UNAUDITED, audit_text, content_digest, row_content
from labtracker.db.models import AuditEntry, Base, ESignature
from labtracker.db.types import UTCDateTime
from labtracker.services.signatures import SIGNED_FIELDS, signature_hash

BATCH = 500
# Stored in the row but never in the trail as such: the lock counter, and secrets (the trail
# records only that a password hash changed, never the hash).
NOT_COMPARED = frozenset({"version"}) | SECRET_COLUMNS


@dataclass(frozen=True)
class RecordFinding:
    """One thing that does not match: which table, which record, which field, and how."""

    table: str
    record_id: int | None
    field: str | None
    audited_value: str | None
    current_value: str | None
    problem: str

    def __str__(self) -> str:
        where = f"{self.table} {self.record_id}"
        if self.field is None:
            return f"{where}: {self.problem}"
        return (
            f"{where}, {self.field}: the audit trail records {_shown(self.audited_value)}, "
            f"the table holds {_shown(self.current_value)} ({self.problem})"
        )


@dataclass(frozen=True)
class RecordCheckReport:
    what: str  # "records" or "signatures"
    checked: int
    findings: tuple[RecordFinding, ...] = field(default=())

    @property
    def intact(self) -> bool:
        return not self.findings

    @property
    def summary(self) -> str:
        if self.intact:
            return f"{self.checked} {self.what} checked, every one matches."
        return (
            f"{len(self.findings)} problem(s) in {self.checked} {self.what} checked: "
            + "; ".join(str(f) for f in self.findings[:20])
            + (" …" if len(self.findings) > 20 else "")
        )


def _shown(value: str | None) -> str:
    return "nothing (NULL)" if value is None else repr(value)


def audited_tables() -> list[Table]:
    """Every table whose rows the audit trail records, in a stable order."""
    unaudited = {cls.__table__.name for cls in UNAUDITED}  # type: ignore[attr-defined]
    return [t for t in Base.metadata.sorted_tables if t.name not in unaudited]


def _canonical(kind: TypeEngine[Any], text: str | None) -> str | None:
    """The audit text a stored value reads back as, so that a value entered as ``5`` in a
    float column (audited "5", stored 5.0) or ``1`` in a flag compares equal."""
    if text is None:
        return None
    try:
        if isinstance(kind, Float):
            return audit_text(float(text))
        if isinstance(kind, Boolean):
            return {"1": "true", "0": "false"}.get(text, text)
        if isinstance(kind, Integer):
            return str(int(text)) if text.lstrip("-").isdigit() else str(int(float(text)))
        if isinstance(kind, UTCDateTime):
            return audit_text(datetime.fromisoformat(text).astimezone(UTC))
    except (ValueError, OverflowError):
        return text
    return text


def _batches(
    connection: Connection, table: Table
) -> Iterator[tuple[list[Any], int | None, int | None]]:
    """The table's rows in id order, a batch at a time, with the id range each batch covers:
    (after, up to]; ``None`` is open-ended, so the ranges together cover every possible id."""
    after: int | None = None
    while True:
        query = select(table).order_by(table.c.id).limit(BATCH)
        if after is not None:
            query = query.where(table.c.id > after)
        rows = list(connection.execute(query).mappings())
        upto = rows[-1]["id"] if len(rows) == BATCH else None
        yield rows, after, upto
        if upto is None:
            return
        after = upto


def _entries(
    connection: Connection, table: str, after: int | None, upto: int | None
) -> dict[int, dict[str, str | None] | None]:
    """What the trail last recorded for each record in the id range: field → audit text, or
    None for a record whose trail has changes but no insert entry."""
    query = (
        select(AuditEntry.record_id, AuditEntry.action, AuditEntry.field, AuditEntry.new_value)
        .where(
            AuditEntry.table_name == table,
            AuditEntry.record_id.is_not(None),
            AuditEntry.action != "system",
        )
        .order_by(AuditEntry.record_id, AuditEntry.id)
    )
    if after is not None:
        query = query.where(AuditEntry.record_id > after)
    if upto is not None:
        query = query.where(AuditEntry.record_id <= upto)
    trail: dict[int, dict[str, str | None] | None] = {}
    for record_id, action, name, new_value in connection.execute(query):
        if action == "insert":
            try:
                inserted = json.loads(new_value or "")
            except ValueError:
                inserted = None
            trail[record_id] = inserted if isinstance(inserted, dict) else None
            continue
        values = trail.setdefault(record_id, None)
        if values is not None and name is not None:
            values[name] = new_value
    return trail


def check_records(connection: Connection) -> RecordCheckReport:
    """Compare every audited row with what its audit trail last recorded (see the module)."""
    findings: list[RecordFinding] = []
    checked = 0
    for table in audited_tables():
        kinds = {c.name: c.type for c in table.columns}
        for rows, after, upto in _batches(connection, table):
            trail = _entries(connection, table.name, after, upto)
            for row in rows:
                checked += 1
                record_id = row["id"]
                audited = trail.pop(record_id, None)
                if audited is None:
                    findings.append(
                        RecordFinding(
                            table.name,
                            record_id,
                            None,
                            None,
                            None,
                            "no audit entry records its creation: it was added outside labtracker",
                        )
                    )
                    continue
                for name, current in row_content(table, row).items():
                    if name in NOT_COMPARED or name not in audited:
                        continue  # a column the trail never held (added by a later migration)
                    expected = _canonical(kinds[name], audited[name])
                    if expected != current:
                        findings.append(
                            RecordFinding(
                                table.name,
                                record_id,
                                name,
                                expected,
                                current,
                                "changed outside labtracker",
                            )
                        )
            for record_id in sorted(trail):
                findings.append(
                    RecordFinding(
                        table.name,
                        record_id,
                        None,
                        None,
                        None,
                        "the audit trail records it, but the table no longer has it: it was "
                        "deleted outside labtracker",
                    )
                )
    return RecordCheckReport("records", checked, tuple(findings))


def _signature_values(row: Any) -> dict[str, object]:
    return {k: row[k] for k in SIGNED_FIELDS}


def check_signatures(connection: Connection) -> RecordCheckReport:
    """Every signature still seals what it says, names a record that exists, and, while in
    force, that record still holds what was signed (see the module)."""
    tables = {t.name: t for t in Base.metadata.sorted_tables}
    signatures = ESignature.__table__
    findings: list[RecordFinding] = []
    checked = 0
    for rows, _after, _upto in _batches(connection, signatures):  # type: ignore[arg-type]
        targets: dict[str, set[int]] = {}
        for row in rows:
            targets.setdefault(row["record_table"], set()).add(row["record_id"])
        records: dict[tuple[str, int], Any] = {}
        for name, ids in targets.items():
            table = tables.get(name)
            if table is None:
                continue
            for record in connection.execute(select(table).where(table.c.id.in_(ids))).mappings():
                records[(name, record["id"])] = record
        for row in rows:
            checked += 1
            what = (
                f"its {row['meaning'].replace('_', ' ')} signature by {row['printed_name']} "
                f"of {audit_text(row['signed_at'])}"
            )
            if signature_hash(_signature_values(row)) != row["signature_hash"]:
                findings.append(
                    RecordFinding(
                        "e_signature",
                        row["id"],
                        "signature_hash",
                        row["signature_hash"],
                        signature_hash(_signature_values(row)),
                        f"the signature row was altered: its seal no longer covers its signer, "
                        f"printed name, time, meaning, record ({row['record_table']} "
                        f"{row['record_id']}) and content hash",
                    )
                )
            record = records.get((row["record_table"], row["record_id"]))
            if record is None:
                findings.append(
                    RecordFinding(
                        row["record_table"],
                        row["record_id"],
                        None,
                        None,
                        None,
                        f"e_signature {row['id']} ({what}) names this record, which does not exist",
                    )
                )
                continue
            if row["superseded_at"] is not None:
                continue  # the record was corrected since, through labtracker: signed again
            current = content_digest(
                row["record_table"], row_content(tables[row["record_table"]], record)
            )
            if current != row["content_hash"]:
                findings.append(
                    RecordFinding(
                        row["record_table"],
                        row["record_id"],
                        "content_hash",
                        row["content_hash"],
                        current,
                        f"e_signature {row['id']} ({what}) does not match the record: the "
                        "record was changed after signing, or the signature was copied from "
                        "another record",
                    )
                )
    return RecordCheckReport("signatures", checked, tuple(findings))
