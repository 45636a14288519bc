"""Correcting and voiding recorded values: always with a reason, the original stays visible
in the audit trail ("corrected from X to Y by Z, reason ..."), and any signature on the
record is superseded so the step is signed again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import String, Text
from sqlalchemy.orm import object_mapper

from labtracker.clock import get_clock
from labtracker.domain.eligibility import age_on
from labtracker.domain.errors import InvalidValueError, LabtrackerError
from labtracker.domain.permissions import Action
from labtracker.domain.values import number_in_range, text_line, text_paragraph
from labtracker.services.context import Actor, Database, authorise
from labtracker.services.records import require_version
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


# A corrected value meets the rules its step applied when it was first entered: a
# correction is never a way round a check. Numbers: (label, low, high, unit, low included).
NUMBER_RULES: dict[tuple[str, str], tuple[str, float, float, str, bool]] = {
    ("patient", "weight_kg"): ("Weight", 20, 300, "kg", True),
    ("aspirate_collection", "transport_temperature_c"): (
        "Transport temperature",
        -20,
        45,
        "°C",
        True,
    ),
    ("isolation", "aspirate_volume_used_ml"): ("Aspirate volume used", 0, 100, "mL", False),
    ("harvest", "confluence_percent"): ("Confluence", 0, 100, "%", True),
    ("scaffold_seeding", "scaffold_length_mm"): ("Scaffold length", 0, 200, "mm", False),
    ("scaffold_seeding", "scaffold_width_mm"): ("Scaffold width", 0, 200, "mm", False),
    ("scaffold_seeding", "scaffold_height_mm"): ("Scaffold height", 0, 200, "mm", False),
}
# Numbers a record may be left without (the step took None for them).
OPTIONAL_NUMBERS = frozenset(
    {
        "weight_kg",
        "transport_temperature_c",
        "confluence_percent",
        "scaffold_length_mm",
        "scaffold_width_mm",
        "scaffold_height_mm",
    }
)
# Text its step requires; every other text field may be emptied.
REQUIRED_TEXT = frozenset(
    {
        "family_name",
        "collection_site",
        "anticoagulant",
        "collected_by_name",
        "lot_number",
        "manufacturer_lot",
        "name",
        "stage",
        "from_name",
        "to_name",
        "from_location",
        "to_location",
        "title",
        "description",
        "operating_room",
        "implant_site",
    }
)


class CorrectionRefusedError(LabtrackerError):
    pass


def _checked(record: Any, table: str, field: str, value: Any) -> Any:
    """The corrected value, checked as its step checked it when first entered."""
    label = field.replace("_", " ").capitalize()
    if (table, field) in NUMBER_RULES:
        if value is None and field in OPTIONAL_NUMBERS:
            return None
        name, low, high, unit, low_included = NUMBER_RULES[(table, field)]
        return number_in_range(name, value, low, high, unit, low_inclusive=low_included)
    if field == "sex":
        from labtracker.services.patients import SEXES

        if value not in SEXES:
            raise InvalidValueError("Sex", value, "one of " + ", ".join(SEXES))
        return value
    if field in ("date_of_birth", "expiry_date"):
        if isinstance(value, datetime) or not isinstance(value, date):
            raise InvalidValueError(label, value, "a calendar date")
        if field == "date_of_birth":
            today = get_clock().now().date()
            if value > today or age_on(value, today) > 120:
                raise InvalidValueError(
                    "Date of birth", value, "a date not in the future, within the last 120 years"
                )
        return value
    column = object_mapper(record).columns[field]
    if isinstance(column.type, Text):
        return text_paragraph(label, value, required=field in REQUIRED_TEXT)
    if isinstance(column.type, String):
        cleaned = text_line(
            label, value, max_length=column.type.length or 200, required=field in REQUIRED_TEXT
        )
        if field == "trial_subject_number":
            return cleaned.upper() or None
        return cleaned
    return value


def _reason(reason: str | None) -> str:
    if not reason or not reason.strip():
        raise InvalidValueError(
            "Reason for change",
            reason or "",
            "a reason: recorded values are never changed silently",
            "A correction needs a reason; nothing was changed.",
        )
    return text_line("Reason for change", reason, max_length=2000)


@dataclass(frozen=True)
class CorrectableRecord:
    """What a correction form shows: the record's correctable values as stored, and the
    version they are from (hand it back to `correct_record`/`void_record`)."""

    record_table: str
    record_id: int
    version: int
    values: dict[str, Any]
    voided: bool


def correctable(db: Database, actor: Actor, record_table: str, record_id: int) -> CorrectableRecord:
    """The correctable fields of one record, for a correction form."""
    with db.reading() as session:
        authorise(session, actor, Action.CORRECT_RECORD)
        record = _record(session, record_table, record_id)
        fields = sorted(CORRECTABLE.get(record_table, frozenset()))
        return CorrectableRecord(
            record_table,
            record_id,
            record.version,  # type: ignore[attr-defined]
            {name: getattr(record, name) for name in fields},
            getattr(record, "voided_at", None) is not None,
        )


def correct_record(
    db: Database,
    actor: Actor,
    record_table: str,
    record_id: int,
    changes: dict[str, Any],
    reason: str,
    *,
    expected_version: int | None = None,
) -> None:
    """Change recorded values of one record, with a reason, in one transaction.

    ``expected_version`` is the version the correction form showed (`correctable`): when
    someone changed the record since, nothing is saved (`RecordChangedError`, naming who and
    when), so a correction never silently replaces a value its author did not see.
    """
    reason = _reason(reason)
    if not changes:
        raise InvalidValueError("Changes", "none", "at least one field to correct")
    with db.writing(actor, reason, correction=True) as session:
        authorise(session, actor, Action.CORRECT_RECORD)
        record = _record(session, record_table, record_id)
        require_version(session, record, expected_version)
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
            setattr(record, field, _checked(record, record_table, field, value))


def void_record(
    db: Database,
    actor: Actor,
    record_table: str,
    record_id: int,
    reason: str,
    *,
    expected_version: int | None = None,
) -> None:
    """Mark an entry made in error as void. It stays in the record, struck through.
    ``expected_version``: as for `correct_record`."""
    reason = _reason(reason)
    with db.writing(actor, reason) as session:
        authorise(session, actor, Action.CORRECT_RECORD)
        record = _record(session, record_table, record_id)
        require_version(session, record, expected_version)
        if not hasattr(record, "voided_at"):
            raise CorrectionRefusedError(f"{record_table} records cannot be voided.")
        if record.voided_at is not None:
            raise CorrectionRefusedError("This record is already void.")
        record.voided_at = get_clock().now()
        record.voided_by_id = actor.user_id
        record.void_reason = reason
