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

# What a correction may change: values a person typed that nothing else is computed from.
# Identity (lot, patient, DIN), status, expiry, outcomes, computed figures and the measured
# values they come from are never "corrected" in place: that record is voided with a reason
# and recorded again through its own step, which recomputes and re-judges everything.
CORRECTABLE: dict[str, frozenset[str]] = {
    "patient": frozenset(
        {
            "family_name",
            "given_name",
            "name_romanised",
            "date_of_birth",
            "sex",
            "weight_kg",
            "trial_subject_number",
        }
    ),
    "aspirate_collection": frozenset(
        {
            "collection_site",
            "anticoagulant",
            "collected_by_name",
            "transport_temperature_c",
            "notes",
        }
    ),
    "aspirate_receipt": frozenset({"notes"}),
    "isolation": frozenset({"aspirate_volume_used_ml", "notes"}),
    "harvest": frozenset({"confluence_percent", "notes"}),
    "osteogenic_induction": frozenset({"notes"}),
    "scaffold_seeding": frozenset(
        {"scaffold_length_mm", "scaffold_width_mm", "scaffold_height_mm", "notes"}
    ),
    "material_lot": frozenset({"lot_number", "expiry_date", "certificate_reference"}),
    "scaffold_lot": frozenset({"manufacturer_lot", "expiry_date", "size_description"}),
    "equipment": frozenset({"name", "location", "serial_number"}),
    "qc_sample": frozenset({"stage", "sent_to"}),
    "qc_result": frozenset({"laboratory", "method"}),
    "custody_event": frozenset(
        {
            "from_name",
            "to_name",
            "from_location",
            "to_location",
            "shipper",
            "temperature_logger",
            "seal_number",
            "notes",
        }
    ),
    "deviation": frozenset(
        {
            "title",
            "description",
            "impact_assessment",
            "root_cause",
            "corrective_action",
            "preventive_action",
        }
    ),
    "implantation": frozenset({"operating_room", "implant_site", "notes"}),
}


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
        allowed = CORRECTABLE.get(record_table, frozenset())
        for field, value in changes.items():
            if field not in columns:
                raise InvalidValueError("Field", field, f"a field of {record_table}")
            if field not in allowed:
                raise CorrectionRefusedError(
                    f"{field} of a {record_table.replace('_', ' ')} cannot be corrected in "
                    f"place: void this record with a reason and record it again, so that "
                    "everything computed from it is recomputed."
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
