"""The schema of a retention export, described for a reader without labtracker: what each
exported table holds and what each column means, its type and value convention, what it
refers to, and the allowed values of a closed list (`retention.py` writes it into lot.json).

The words come from the models themselves (class docstrings, the comments on column lines),
from the notes below where a name does not say enough, and from the column's name and type.
"""

from __future__ import annotations

import inspect
import io
import tokenize
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Column, Enum, MetaData

from labtracker.db.base import Base
from labtracker.db.types import UTCDateTime
from labtracker.services.retention_records import (
    AUDIT_TABLE,
    Classification,
    exported_columns,
    value_kind,
)

COMMON_COLUMNS: dict[str, str] = {
    "id": "this record's number, unique within its table; other records refer to it by it",
    "version": "edit counter (optimistic locking): 1 when entered, +1 at every change",
    "recorded_at": (
        "when labtracker received the entry (UTC); when the work itself happened is a "
        "separate column of the record"
    ),
    "recorded_by_id": "who entered the record (user_account.id)",
    "voided_at": (
        "set when the entry was voided as made in error; a voided record is kept but no "
        "longer counts"
    ),
    "voided_by_id": "who voided it (user_account.id)",
    "void_reason": "why it was voided",
    "lot_id": "the lot this record belongs to (lot.id)",
}
AUDIT_COLUMNS: dict[str, str] = {
    "occurred_at": "when the change was saved (UTC)",
    "user_id": "who made it (user_account.id); null only for the system's first set-up",
    "username": "the user ID of who made it, as it was then",
    "action": (
        "insert (a record was entered: new_value is a JSON object of all its columns), update "
        "(a workflow change of one field), correct (a recorded value corrected, with a "
        "reason), void (voided_at set: made in error), system (an event that changes no row: "
        "a print, an export; new_value says what)"
    ),
    "table_name": "the table of the record concerned",
    "record_id": "the id of the record concerned in that table",
    "field": "the column changed (null for insert and system entries)",
    "old_value": "the value before, as audit text (see audit_chain.value_text)",
    "new_value": "the value after, as audit text; for an insert, a JSON object of every column",
    "reason": "the reason given (required for any change to an existing record)",
    "lot_id": "the lot the record belongs to, when it belongs to one",
    "station": "the computer it was made on",
    "previous_hash": "entry_hash of the entry before this one in the database's whole chain",
    "entry_hash": "SHA-256 of this entry (see audit_chain.entry_hash)",
}


def _source_comments(cls: type) -> dict[str, str]:
    """Trailing comments on a model's column lines (``name: Mapped[..] = ...  # comment``)."""
    try:
        source = inspect.getsource(cls)
    except (OSError, TypeError):  # a frozen bundle may ship no source: the docstring still goes
        return {}
    comments: dict[str, str] = {}
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError):
        return {}
    line_first: dict[int, str] = {}
    pending: str | None = None
    for token in tokens:
        row = token.start[0]
        if token.type == tokenize.NAME and row not in line_first and token.start[1] == 4:
            line_first[row] = token.string
        if token.type == tokenize.COMMENT:
            text = token.string.lstrip("#").strip()
            name = line_first.get(row)
            if name is not None and token.start[1] > 4:
                comments[name] = text
            elif token.start[1] == 4:
                pending = (pending + " " + text) if pending else text
        elif token.type == tokenize.NAME and token.start[1] == 4 and pending:
            comments.setdefault(token.string, pending)
            pending = None
        elif token.type == tokenize.NL:
            continue
    return comments


UNIT_SUFFIXES = (
    ("_per_cm2", "per cm²"),
    ("_cm2", "cm²"),
    ("_ml", "mL"),
    ("_percent", "%"),
    ("_hours", "hours"),
    ("_kg", "kg"),
    ("_cm", "cm"),
    ("_c", "°C"),
    ("_nm", "nmol/L"),
    ("_um", "µmol/L"),
)
# Where a column's name and comment do not say enough (or a suffix could mislead: _mm is
# millimetres on a scaffold, millimoles per litre in a medium).
COLUMN_NOTES: Mapping[str, str] = {
    "lot.din": "Donation Identification Number (ISBT 128): facility, 2-digit year, sequence",
    "lot.status": "where the lot stands now (see allowed_values); it only moves forward",
    "osteogenic_induction.glycerophosphate_mm": "β-glycerophosphate concentration, mmol/L",
    "scaffold_seeding.scaffold_length_mm": "scaffold length, millimetres",
    "scaffold_seeding.scaffold_width_mm": "scaffold width, millimetres",
    "scaffold_seeding.scaffold_height_mm": "scaffold height, millimetres",
    "scaffold_seeding.scaffold_volume_ml": "scaffold volume, mL (cm³)",
    "specification_item.comparator": (
        "how a result is judged: result >= limit_value, > , <=, <, == (within 1e-9), or "
        "'text': the result text must equal required_text, ignoring case and repeated spaces"
    ),
    "specification_item.limit_value": (
        "the limit; when method is 'K/M' it is K in EU/kg (5 when empty) and the limit is "
        "K × patient weight (kg) ÷ dose volume (mL)"
    ),
    "qc_result.outcome": "pass / fail / pending, judged by labtracker when the result was entered",
    "e_signature.record_table": "the table of the record signed",
    "e_signature.record_id": "the id of the record signed, in record_table",
    "material_use.step_record_id": "the id of the step's record, in the table named by step",
    "equipment_use.step": "table name of the step record the equipment was used in",
    "equipment_use.step_record_id": "the id of the step's record, in the table named by step",
    "e_signature.content_hash": "SHA-256 of the signed record's content (e_signature_hashes)",
    "e_signature.signature_hash": "SHA-256 binding the signature (e_signature_hashes)",
    "cell_count.cells_per_ml": "computed: cells per mL of the suspension",
    "cell_count.total_cells": "computed: cells_per_ml × suspension_volume_ml",
    "cell_count.viability_percent": (
        "computed: live ÷ (live + dead) cells counted, %, or the counter's reading"
    ),
    "harvest.population_doublings": "computed: log2(cells_harvested ÷ cells_seeded)",
    "harvest.doubling_time_hours": "computed: hours in culture ÷ population doublings",
    "vessel.seeding_density_per_cm2": "computed: cells_seeded ÷ growth_area_cm2",
}


def _column_meaning(table: str, column: Column[Any], comment: str | None) -> str:
    """What a column holds, from its comment, the notes above, and its name."""
    note = COLUMN_NOTES.get(f"{table}.{column.name}")
    if note:
        return note
    common = COMMON_COLUMNS.get(column.name)
    if common:
        return common
    name = column.name
    targets = [f"{fk.column.table.name}.{fk.column.name}" for fk in column.foreign_keys]
    if targets:
        words = name[:-3] if name.endswith("_id") else name
        text = f"{words.replace('_', ' ')} ({', '.join(targets)})"
    elif value_kind(column) == "date and time":
        text = f"{name.replace('_', ' ')}: date and time (UTC)"
    else:
        suffix, unit = next(
            ((suffix, u) for suffix, u in UNIT_SUFFIXES if name.endswith(suffix)), ("", "")
        )
        words = name[: -len(suffix)] if suffix else name
        text = words.replace("_", " ") + (f", {unit}" if unit else "")
    return f"{text}; {comment}" if comment else text


def _model_classes(metadata: MetaData) -> dict[str, type]:
    classes: dict[str, type] = {}
    if metadata is Base.metadata:
        for mapper in Base.registry.mappers:
            classes[mapper.local_table.name] = mapper.class_
    return classes


def describe_schema(
    tables: Iterable[str], kinds: Classification, metadata: MetaData = Base.metadata
) -> dict[str, Any]:
    """For each exported table: what it holds and, for each column, its type and meaning."""
    classes = _model_classes(metadata)
    described: dict[str, Any] = {}
    for name in tables:
        table = metadata.tables[name]
        cls = classes.get(name)
        doc = inspect.cleandoc(cls.__doc__) if cls is not None and cls.__doc__ else ""
        comments = _source_comments(cls) if cls is not None else {}
        columns = []
        for column in exported_columns(table):
            meaning = (
                AUDIT_COLUMNS.get(column.name)
                if name == AUDIT_TABLE and column.name in AUDIT_COLUMNS
                else _column_meaning(name, column, comments.get(column.name))
            )
            entry: dict[str, Any] = {
                "name": column.name,
                "value": value_kind(column),
                "sql_type": _sql_type(column),
                "nullable": bool(column.nullable),
                "primary_key": bool(column.primary_key),
                "references": [
                    f"{fk.column.table.name}.{fk.column.name}" for fk in column.foreign_keys
                ],
                "description": meaning or "",
            }
            if isinstance(column.type, Enum) and column.type.enums:
                entry["allowed_values"] = list(column.type.enums)
            if column.unique:
                entry["unique"] = True
            columns.append(entry)
        item: dict[str, Any] = {
            "description": doc,
            "kind": kinds.kind(name),
            "columns": columns,
        }
        omitted = [c.name for c in table.columns if c not in exported_columns(table)]
        if omitted:
            item["columns_not_exported"] = omitted
            item["why_columns_not_exported"] = (
                "only who acted is exported: the person's number, user ID and full name; never "
                "the password hash or the account's other details"
            )
        described[name] = item
    return described


def _sql_type(column: Column[Any]) -> str:
    kind = column.type
    if isinstance(kind, UTCDateTime):
        return "TIMESTAMP WITH TIME ZONE (stored in UTC)"
    try:
        return str(kind)
    except Exception:  # a type without a generic SQL name is still described
        return type(kind).__name__


__all__ = ["COLUMN_NOTES", "describe_schema"]
