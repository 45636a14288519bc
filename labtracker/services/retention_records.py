"""The records a lot holds, found from the schema itself, and how their values are written
for a reader without labtracker (the retention export, `retention.py`; the schema's
description is `retention_schema.py`).

Which rows belong to a lot is worked out from the foreign keys of the SQLAlchemy metadata, so
a table added later is exported without new code:

1. **Part of the lot**: the lot, every row whose foreign key points at the lot (``lot_id``),
   then every row pointing at one of those (a harvest's vessels, a print's reconciliation,
   a panel's markers), and so on. A row of such a table that names *another* lot is never
   taken.
2. **Referenced**: every row those rows point at (the patient, the consent, the material
   lots, the equipment, the specification version, the people who acted), and what *those*
   point at, plus the rows that are part of a referenced record (`COMPONENTS`: the
   eligibility answers of the assessment, every item of a specification version, a person's
   roles).
3. **About those rows**: the e-signatures on any exported record and the audit entries of any
   exported record (except the staff accounts' own history), found by their
   ``record_table``/``record_id`` (``table_name``/``record_id``) columns, which are not
   foreign keys.

`classify` sorts every table of the metadata into these kinds or into `EXCLUDED` (with the
reason); a table that fits none is *unclassified*, and a test fails until someone decides.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum as PyEnum
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    Enum,
    Float,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    and_,
    or_,
    select,
)
from sqlalchemy.orm import Session

from labtracker.db.base import Base
from labtracker.db.types import UTCDateTime

LOT_TABLE = "lot"
AUDIT_TABLE = "audit_entry"
SIGNATURE_TABLE = "e_signature"
# Rows that are part of a referenced record: exported whole with it (component -> its key).
COMPONENTS: Mapping[str, str] = {
    "eligibility_answer": "assessment_id",  # the answers of the assessment the lot started on
    "specification_item": "specification_id",  # every limit of a version a result was judged by
    "user_role": "user_id",  # the roles of each person who acted
}
# Tables never exported, with the reason a reader is given.
EXCLUDED: Mapping[str, str] = {
    "password_history": "earlier password hashes of staff accounts: secrets, never exported",
    "login_event": "staff sign-in attempts: about accounts, not about any lot",
    "din_sequence": "the counter that issues DINs; the lot's own DIN is in the lot table",
    "site_setting": (
        "site-wide settings as they are now (their history is in the database's audit trail); "
        "what a lot's steps were judged against is stored on its records (e.g. "
        "aspirate_receipt.within_limits, lot.expires_at, qc_result.outcome)"
    ),
}
# Staff accounts: who acted, never how they sign in.
RESTRICTED_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "user_account": ("id", "username", "full_name"),
}
# Records whose audit history stays out of the export: the staff accounts' own history
# (e-mail addresses, lock-outs, password changes) is not the lot's business.
PRIVATE_AUDIT_TABLES = frozenset({"user_account", "user_role"})


class UnclassifiedTableError(Exception):
    """A table could hold data of a lot but the export was not told what to do with it."""


@dataclass(frozen=True)
class Classification:
    """Every table of the schema, by what the export does with it."""

    part_of_lot: frozenset[str]
    referenced: frozenset[str]
    components: frozenset[str]
    excluded: Mapping[str, str]
    unclassified: frozenset[str]

    @property
    def exported(self) -> frozenset[str]:
        return self.part_of_lot | self.referenced | self.components

    def kind(self, table: str) -> str:
        if table == LOT_TABLE:
            return "the lot"
        if table in self.part_of_lot:
            return "part of the lot"
        if table in self.components:
            return "part of a record the lot refers to"
        return "referred to by the lot's records"


def classify(metadata: MetaData = Base.metadata) -> Classification:
    """Sort the schema's tables by how a lot reaches them through foreign keys."""
    tables = metadata.tables
    part: set[str] = {LOT_TABLE}
    changed = True
    while changed:
        changed = False
        for name, table in tables.items():
            if name in part or name in EXCLUDED:
                continue
            if any(fk.column.table.name in part for fk in table.foreign_keys):
                part.add(name)
                changed = True
    referenced: set[str] = set()
    components: set[str] = set()
    frontier = set(part)
    while frontier:
        found: set[str] = set()
        for name in frontier:
            for fk in tables[name].foreign_keys:
                target = fk.column.table.name
                if target not in part and target not in referenced and target not in EXCLUDED:
                    found.add(target)
        for component, key in COMPONENTS.items():
            if component in tables and component not in components:
                parent = next(
                    fk.column.table.name
                    for fk in tables[component].foreign_keys
                    if fk.parent.name == key
                )
                if parent in referenced | found:
                    components.add(component)
                    found.add(component)
        referenced |= found - components
        frontier = found
    known = part | referenced | components | set(EXCLUDED)
    return Classification(
        frozenset(part),
        frozenset(referenced),
        frozenset(components),
        {k: v for k, v in EXCLUDED.items() if k in tables},
        frozenset(set(tables) - known),
    )


# --- collecting the rows ----------------------------------------------------------------------


@dataclass
class LotRows:
    """The rows of one lot, table by table, each row keyed by its id."""

    lot_id: int
    rows: dict[str, dict[int, dict[str, Any]]] = field(default_factory=dict)
    # References the export deliberately did not follow: (table, id, column, target, target id)
    not_followed: list[tuple[str, int, str, str, int]] = field(default_factory=list)

    def ids(self, table: str) -> set[int]:
        return set(self.rows.get(table, {}))

    def add(self, table: str, row: Mapping[str, Any]) -> bool:
        bucket = self.rows.setdefault(table, {})
        if row["id"] in bucket:
            return False
        bucket[row["id"]] = dict(row)
        return True


def exported_columns(table: Table) -> list[Column[Any]]:
    keep = RESTRICTED_COLUMNS.get(table.name)
    return [c for c in table.columns if keep is None or c.name in keep]


def _select(table: Table) -> Any:
    return select(*exported_columns(table))


def _chunks(values: Iterable[int], size: int = 500) -> Iterable[list[int]]:
    values = sorted(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


def collect_lot_rows(session: Session, lot_id: int, metadata: MetaData = Base.metadata) -> LotRows:
    """Every row of every exported table that belongs to the lot (see the module docstring)."""
    kinds = classify(metadata)
    if kinds.unclassified:
        raise UnclassifiedTableError(
            "The retention export does not know whether these tables hold lot data: "
            + ", ".join(sorted(kinds.unclassified))
        )
    tables = metadata.tables
    found = LotRows(lot_id)
    lot = tables[LOT_TABLE]
    for row in session.execute(_select(lot).where(lot.c.id == lot_id)).mappings():
        found.add(LOT_TABLE, row)
    _children(session, tables, kinds, found)
    while True:
        before = sum(len(v) for v in found.rows.values())
        _parents(session, tables, kinds, found)
        _about(session, tables, kinds, found)
        if sum(len(v) for v in found.rows.values()) == before:
            break
    return found


def _children(
    session: Session, tables: Mapping[str, Table], kinds: Classification, found: LotRows
) -> None:
    changed = True
    while changed:
        changed = False
        for name in sorted(kinds.part_of_lot - {LOT_TABLE}):
            table = tables[name]
            for fk in table.foreign_keys:
                target = fk.column.table.name
                if target not in kinds.part_of_lot:
                    continue
                wanted = found.ids(target)
                if not wanted:
                    continue
                for chunk in _chunks(wanted):
                    condition = fk.parent.in_(chunk)
                    if "lot_id" in table.c and name != LOT_TABLE:
                        condition = and_(condition, table.c.lot_id == found.lot_id)
                    for row in session.execute(_select(table).where(condition)).mappings():
                        changed |= found.add(name, row)


def _parents(
    session: Session, tables: Mapping[str, Table], kinds: Classification, found: LotRows
) -> None:
    changed = True
    while changed:
        changed = False
        for name in list(found.rows):
            table = tables[name]
            for fk in table.foreign_keys:
                column, target = fk.parent.name, fk.column.table.name
                if target in EXCLUDED:
                    continue
                wanted = {
                    row[column]
                    for row in found.rows[name].values()
                    if column in row and row[column] is not None
                } - found.ids(target)
                if not wanted:
                    continue
                target_table = tables[target]
                for chunk in _chunks(wanted):
                    for row in session.execute(
                        _select(target_table).where(target_table.c.id.in_(chunk))
                    ).mappings():
                        if _belongs_elsewhere(target, row, found.lot_id):
                            for source in found.rows[name].values():
                                if source.get(column) == row["id"]:
                                    found.not_followed.append(
                                        (name, source["id"], column, target, row["id"])
                                    )
                            continue
                        changed |= found.add(target, row)
        for component, key in COMPONENTS.items():
            if component not in tables:
                continue
            table = tables[component]
            parent = next(fk.column.table.name for fk in table.c[key].foreign_keys)
            wanted = found.ids(parent)
            for chunk in _chunks(wanted):
                for row in session.execute(
                    _select(table).where(table.c[key].in_(chunk))
                ).mappings():
                    changed |= found.add(component, row)


def _belongs_elsewhere(table: str, row: Mapping[str, Any], lot_id: int) -> bool:
    """A referenced row of another lot (or another lot itself) is never exported with this one."""
    if table == LOT_TABLE:
        return row["id"] != lot_id
    owner = row.get("lot_id")
    return owner is not None and owner != lot_id


def _about(
    session: Session, tables: Mapping[str, Table], kinds: Classification, found: LotRows
) -> None:
    """E-signatures on, and audit entries of, every exported record."""
    for name, column_table, column_id in (
        (SIGNATURE_TABLE, "record_table", "record_id"),
        (AUDIT_TABLE, "table_name", "record_id"),
    ):
        if name not in tables:
            continue
        table = tables[name]
        for record_table in sorted(found.rows):
            if name == AUDIT_TABLE and record_table in PRIVATE_AUDIT_TABLES:
                continue
            for chunk in _chunks(found.ids(record_table)):
                condition = and_(
                    table.c[column_table] == record_table, table.c[column_id].in_(chunk)
                )
                if "lot_id" in table.c:
                    condition = and_(
                        condition,
                        or_(table.c.lot_id.is_(None), table.c.lot_id == found.lot_id),
                    )
                for row in session.execute(_select(table).where(condition)).mappings():
                    found.add(name, row)


# --- values -----------------------------------------------------------------------------------


def json_value(value: Any) -> Any:
    """A stored value as it is written to lot.json (see VALUE_CONVENTIONS)."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else repr(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        if value.tzinfo is None:  # never stored so (UTCDateTime); say UTC rather than guess
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, PyEnum):
        return json_value(value.value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return str(value)


def csv_text(value: Any) -> str:
    """A lot.json value as text for a CSV cell (null becomes an empty cell)."""
    value = json_value(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


VALUE_CONVENTIONS: dict[str, str] = {
    "null": 'JSON null: no value was recorded (an empty text is "", which is not null)',
    "integer": "JSON integer",
    "floating-point number": (
        "JSON number, written as the shortest decimal that reads back to exactly the stored "
        "IEEE 754 double (e.g. 1200000.0, 0.2)"
    ),
    "decimal": 'JSON string holding the decimal number exactly as stored (e.g. "12.50")',
    "boolean": "JSON true / false",
    "text": "JSON string, UTF-8 (Chinese and other scripts as themselves, never \\uXXXX escapes)",
    "date": "JSON string YYYY-MM-DD (a calendar date, no time zone)",
    "date and time": (
        "JSON string, ISO 8601 in UTC with its offset, e.g. 2026-03-09T08:12:00+00:00 "
        "(fractions of a second appear when recorded: 2026-03-09T08:12:00.250000+00:00); "
        "add the site's time zone offset for local time"
    ),
    "binary": "JSON string, base64",
    "not finite": "a float that is not a finite number is written as a string: 'nan', 'inf'",
}


def value_kind(column: Column[Any]) -> str:
    """The name of the column's value convention (a key of VALUE_CONVENTIONS)."""
    kind = column.type
    if isinstance(kind, UTCDateTime):
        return "date and time"
    if isinstance(kind, Boolean):
        return "boolean"
    if isinstance(kind, Date):
        return "date"
    if isinstance(kind, Integer | BigInteger):
        return "integer"
    if isinstance(kind, Float):
        return "floating-point number"
    if isinstance(kind, Numeric):
        return "decimal"
    if isinstance(kind, Enum | String | Text):
        return "text"
    return "text"


def ordered_tables(lot_rows: LotRows, metadata: MetaData = Base.metadata) -> list[str]:
    """The exported tables, parents before children (the schema's dependency order)."""
    present = set(lot_rows.rows)
    return [t.name for t in metadata.sorted_tables if t.name in present]


def sorted_rows(lot_rows: LotRows, table: str) -> list[dict[str, Any]]:
    return [lot_rows.rows[table][key] for key in sorted(lot_rows.rows[table])]


__all__ = [
    "AUDIT_TABLE",
    "COMPONENTS",
    "EXCLUDED",
    "LOT_TABLE",
    "PRIVATE_AUDIT_TABLES",
    "RESTRICTED_COLUMNS",
    "VALUE_CONVENTIONS",
    "Classification",
    "LotRows",
    "UnclassifiedTableError",
    "classify",
    "collect_lot_rows",
    "csv_text",
    "exported_columns",
    "json_value",
    "ordered_tables",
    "sorted_rows",
    "value_kind",
]
