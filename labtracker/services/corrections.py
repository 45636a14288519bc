"""Correcting and voiding recorded values: always with a reason, the original stays visible
in the audit trail ("corrected from X to Y by Z, reason ..."), and any signature on the
record is superseded so the step is signed again."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import object_mapper

from labtracker.clock import get_clock
from labtracker.domain.errors import InvalidValueError, LabtrackerError
from labtracker.domain.permissions import Action
from labtracker.services.context import Actor, Database, authorise
from labtracker.services.signatures import _record

# Identity and bookkeeping columns: a correction never moves a record to another lot or
# patient, nor rewrites who recorded it; such an error is voided and recorded afresh.
PROTECTED = frozenset(
    {
        "id",
        "version",
        "lot_id",
        "patient_id",
        "din",
        "recorded_at",
        "recorded_by_id",
        "voided_at",
        "voided_by_id",
        "void_reason",
        "password_hash",
    }
)


class CorrectionRefusedError(LabtrackerError):
    pass


def _reason(reason: str | None) -> str:
    if not reason or not reason.strip():
        raise InvalidValueError(
            "Reason for change",
            reason or "",
            "a reason: recorded values are never changed silently",
            "A correction needs a reason; nothing was changed.",
        )
    return reason.strip()


def correct_record(
    db: Database,
    actor: Actor,
    record_table: str,
    record_id: int,
    changes: dict[str, Any],
    reason: str,
) -> None:
    """Change recorded values of one record, with a reason, in one transaction."""
    reason = _reason(reason)
    if not changes:
        raise InvalidValueError("Changes", "none", "at least one field to correct")
    with db.writing(actor, reason, correction=True) as session:
        authorise(session, actor, Action.CORRECT_RECORD)
        record = _record(session, record_table, record_id)
        if getattr(record, "voided_at", None) is not None:
            raise CorrectionRefusedError("This record was voided; it cannot be corrected.")
        columns = {c.key for c in object_mapper(record).column_attrs}
        for field, value in changes.items():
            if field not in columns:
                raise InvalidValueError("Field", field, f"a field of {record_table}")
            if field in PROTECTED:
                raise CorrectionRefusedError(
                    f"{field} cannot be corrected: void this {record_table} record with a reason "
                    "and record it again."
                )
            setattr(record, field, value)


def void_record(db: Database, actor: Actor, record_table: str, record_id: int, reason: str) -> None:
    """Mark an entry made in error as void. It stays in the record, struck through."""
    reason = _reason(reason)
    with db.writing(actor, reason) as session:
        authorise(session, actor, Action.CORRECT_RECORD)
        record = _record(session, record_table, record_id)
        if not hasattr(record, "voided_at"):
            raise CorrectionRefusedError(f"{record_table} records cannot be voided.")
        if record.voided_at is not None:
            raise CorrectionRefusedError("This record is already void.")
        record.voided_at = get_clock().now()
        record.voided_by_id = actor.user_id
        record.void_reason = reason
