"""One entry of a batch record as it is printed: its fields, each with the corrections made to
it (old → new, who, when, why), and the e-signatures on it. `EntryReader` turns a stored
record into such an entry, inside the caller's transaction; the sections are built in
`batch_record_steps.py` and put in order in `batch_record.py`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from labtracker.db.models import AuditEntry, Base, ESignature, Lot, UserAccount
from labtracker.services.signatures import Meaning, signatures_on

RecordKey = tuple[str, int]
EMPTY = "—"
OTHER_CORRECTIONS = "Other corrected values"  # corrected columns the entry does not print


def local_text(moment: datetime) -> str:
    """A site-local time as the record prints it, zone included: '2026-03-09 16:00 CST'."""
    return f"{moment:%Y-%m-%d %H:%M %Z}"


@dataclass(frozen=True)
class Correction:
    """A recorded value changed after entry; the original stays visible (21 CFR 11.10(e))."""

    record: str  # the entry it belongs to, as titled in the record ("Harvest P0")
    field: str  # the printed label of the value, or its column when it is not printed
    table: str
    record_id: int | None
    column: str
    old_value: str
    new_value: str
    corrected_by: str  # "Li Wang (lwang)"
    corrected_at: datetime  # site-local
    reason: str

    @property
    def summary(self) -> str:
        """'80.0 → 75.0, by Li Wang (lwang), 2026-03-09 17:00 CST, reason: …'."""
        return (
            f"{self.old_value} → {self.new_value}, by {self.corrected_by}, "
            f"{local_text(self.corrected_at)}, reason: {self.reason}"
        )


@dataclass(frozen=True)
class Field:
    label: str
    value: str  # the value as it stands now
    corrections: tuple[Correction, ...] = ()  # oldest first; empty when never corrected

    @property
    def corrected(self) -> bool:
        return bool(self.corrections)


@dataclass(frozen=True)
class SignatureLine:
    """An e-signature as shown with its step: printed name, time, meaning, and its state."""

    meaning: str  # "Performed", "Verified", "Approved for release", …
    printed_name: str
    username: str
    signed_at: datetime  # site-local
    state: str  # valid, superseded or invalid
    note: str = ""  # when and why it was superseded, or why it is invalid

    @property
    def when(self) -> str:
        return local_text(self.signed_at)

    @property
    def manifestation(self) -> str:
        """'Verified by Zhang Liu (zliu), 2026-03-09 16:12 CST' and its state when not valid."""
        text = f"{self.meaning} by {self.printed_name} ({self.username}), {self.when}"
        return f"{text} — {self.state.upper()}: {self.note}" if self.state != "valid" else text


@dataclass(frozen=True)
class Entry:
    """One step or record of the lot, with its fields in the order a reviewer reads them."""

    title: str
    at: datetime | None  # site-local; when the step happened
    fields: tuple[Field, ...]
    signatures: tuple[SignatureLine, ...] = ()
    corrections: tuple[Correction, ...] = ()  # every correction of the records shown here
    void: str = ""  # "VOIDED … by …: reason" when the entry was made in error
    table: str = ""
    record_id: int | None = None

    @property
    def corrected(self) -> bool:
        return bool(self.corrections)


class Row(NamedTuple):
    """A field to print: its label, its value, and the stored column(s) it shows, so that a
    correction of that column is flagged on it. ``record`` defaults to the entry's record."""

    label: str
    value: str
    column: str | tuple[str, ...] | None = None
    record: Any = None


def key_of(record: Any) -> RecordKey:
    return record.__table__.name, record.id


TABLE_NAMES = {"qc_sample": "QC sample", "qc_result": "QC result", "e_signature": "E-signature"}


def describe(record: Any) -> str:
    """A record as a reviewer names it: 'Material lot RL000002', 'Cell count #3'."""
    table, record_id = key_of(record)
    name = TABLE_NAMES.get(table, words(table).capitalize())
    code = getattr(record, "code", None) or getattr(record, "asset_tag", None)
    return f"{name} {code}" if code else f"{name} #{record_id}"


class EntryReader:
    """Reads one lot's records into entries, in one transaction, with every correction and
    signature of the lot found up front so that none can be missed."""

    def __init__(self, session: Session, lot: Lot, tz: ZoneInfo, related: Iterable[RecordKey]):
        self.session = session
        self.lot = lot
        self.tz = tz
        self.people = {
            uid: (name, username)
            for uid, name, username in session.execute(
                select(UserAccount.id, UserAccount.full_name, UserAccount.username)
            )
        }
        self._corrections: dict[RecordKey, list[AuditEntry]] = {}
        for entry in self._correction_entries(related):
            assert entry.record_id is not None
            self._corrections.setdefault((entry.table_name, entry.record_id), []).append(entry)
        self._signed = {
            (table, record_id)
            for table, record_id in session.execute(
                select(ESignature.record_table, ESignature.record_id).where(
                    ESignature.lot_id == lot.id
                )
            )
        }
        self._made: dict[int, Correction] = {}  # audit entry id → its correction, once shown
        self._signed_shown: set[RecordKey] = set()

    def _correction_entries(self, related: Iterable[RecordKey]) -> Sequence[AuditEntry]:
        """Corrections of the lot's records, and of the records it shares with other lots
        (the patient, material and scaffold lots, equipment). Superseding a signature is part
        of a correction's transaction; it shows as the signature's state, not as a value."""
        by_table: dict[str, set[int]] = {}
        for table, record_id in related:
            by_table.setdefault(table, set()).add(record_id)
        shared = [
            (AuditEntry.table_name == table) & AuditEntry.record_id.in_(sorted(ids))
            for table, ids in by_table.items()
        ]
        return self.session.scalars(
            select(AuditEntry)
            .where(
                AuditEntry.action == "correct",
                AuditEntry.table_name != "e_signature",
                AuditEntry.record_id.is_not(None),
                or_(AuditEntry.lot_id == self.lot.id, *shared),
            )
            .order_by(AuditEntry.occurred_at, AuditEntry.id)
        ).all()

    # --- values ------------------------------------------------------------------------------

    def local(self, moment: datetime | None) -> datetime | None:
        return moment.astimezone(self.tz) if moment is not None else None

    def when(self, moment: datetime | None) -> str:
        return local_text(moment.astimezone(self.tz)) if moment is not None else EMPTY

    def name(self, user_id: int | None) -> str:
        return self.people[user_id][0] if user_id in self.people else EMPTY

    def who(self, user_id: int | None) -> str:
        """'Li Wang (lwang)': the printed name and the unique user ID behind it."""
        if user_id not in self.people:
            return EMPTY
        name, username = self.people[user_id]
        return f"{name} ({username})"

    def audit_value(self, value: str | None) -> str:
        """A value as the audit trail stores it, readable: UTC instants shown site-local."""
        if value is None or value == "":
            return "(empty)"
        if "T" in value and value.endswith("+00:00"):
            try:
                return self.when(datetime.fromisoformat(value).astimezone(UTC))
            except ValueError:
                return value
        return value

    # --- entries -----------------------------------------------------------------------------

    def entry(
        self,
        title: str,
        record: Any,
        at: datetime | None,
        rows: Sequence[Row],
        *,
        also: Iterable[Any] = (),
    ) -> Entry:
        """The entry for ``record`` (None for a line with nothing stored, e.g. a missing
        test), with the corrections and signatures of it and of the records in ``also``."""
        records = {key_of(r): r for r in (record, *also) if r is not None}

        def where(source: Any) -> str:
            """The entry, or the shared record a field of it shows (a material lot, …)."""
            if record is not None and key_of(source) == key_of(record):
                return title
            return describe(source)

        fields = []
        for row in rows:
            source = row.record if row.record is not None else record
            columns = (row.column,) if isinstance(row.column, str) else row.column or ()
            found: list[Correction] = []
            if source is not None:
                records.setdefault(key_of(source), source)
                own = record is not None and key_of(source) == key_of(record)
                for column in columns:  # a shared record's value is named by its column
                    label = row.label if own else words(column)
                    found += self._take(where(source), label, key_of(source), column)
            found.sort(key=lambda c: c.corrected_at)
            fields.append(Field(row.label, row.value or EMPTY, tuple(found)))
        for key, source in records.items():  # corrected columns that are not printed above
            found = self._take(where(source), None, key, None)
            if found:
                fields.append(
                    Field(
                        OTHER_CORRECTIONS,
                        "; ".join(f"{c.field}: {c.new_value}" for c in found),
                        tuple(found),
                    )
                )
        signatures = [line for r in records.values() for line in self.signatures(r)]
        # A correction shown on two fields of the entry is one correction of it.
        corrections = sorted(
            dict.fromkeys(c for f in fields for c in f.corrections), key=lambda c: c.corrected_at
        )
        return Entry(
            title,
            self.local(at),
            tuple(fields),
            tuple(signatures),
            tuple(corrections),
            self.void_text(record),
            key_of(record)[0] if record is not None else "",
            record.id if record is not None else None,
        )

    def _take(
        self, title: str, label: str | None, key: RecordKey, column: str | None
    ) -> list[Correction]:
        """The corrections of one column of a record (a value shown in several places is
        flagged in each), or with no column those of the record not yet shown anywhere."""
        found = []
        for audit in self._corrections.get(key, []):
            if column is None and audit.id in self._made:
                continue
            if column is not None and audit.field != column:
                continue
            if audit.id in self._made:
                found.append(self._made[audit.id])
                continue
            correction = Correction(
                title,
                label or (audit.field or "").replace("_", " "),
                audit.table_name,
                audit.record_id,
                audit.field or "",
                self.audit_value(audit.old_value),
                self.audit_value(audit.new_value),
                self.who(audit.user_id) if audit.user_id in self.people else audit.username,
                audit.occurred_at.astimezone(self.tz),
                audit.reason or "",
            )
            self._made[audit.id] = correction
            found.append(correction)
        return found

    def signatures(self, record: Any) -> list[SignatureLine]:
        key = key_of(record)
        if key not in self._signed and key[0] != "eligibility_assessment":
            return []  # nothing signed it (signatures of the lot's records are known up front)
        self._signed_shown.add(key)
        lines = []
        for view in signatures_on(self.session, record):
            if view.superseded_at is not None:
                state = "superseded"
                note = f"{self.when(view.superseded_at)}, {view.superseded_reason}"
            elif not view.content_matches:
                state, note = "invalid", "the record no longer matches what was signed"
            else:
                state, note = "valid", ""
            lines.append(
                SignatureLine(
                    Meaning(view.meaning).label.capitalize(),
                    view.printed_name,
                    view.username,
                    view.signed_at.astimezone(self.tz),
                    state,
                    note,
                )
            )
        return lines

    def void_text(self, record: Any) -> str:
        if record is None or getattr(record, "voided_at", None) is None:
            return ""
        return (
            f"VOIDED {self.when(record.voided_at)} by {self.who(record.voided_by_id)}: "
            f"{record.void_reason}"
        )

    def other_signed_entries(self) -> list[Entry]:
        """An entry for each record of the lot that carries signatures but that no section
        printed: every signature of the lot is in its record."""
        entries = []
        for table, record_id in sorted(self._signed - self._signed_shown):
            record = self.session.get(_model(table), record_id)
            entries.append(self.entry(describe(record), record, None, []))
        return entries

    def all_corrections(self) -> list[Correction]:
        """Every correction of the lot's records, oldest first, shown in an entry or not."""
        for (table, record_id), audits in self._corrections.items():
            if any(a.id not in self._made for a in audits):
                model = _model(table)
                record = self.session.get(model, record_id) if model else None
                name = describe(record) if record is not None else f"{words(table)} #{record_id}"
                self._take(name, None, (table, record_id), None)
        return sorted(self._made.values(), key=lambda c: c.corrected_at)


# --- value formats ----------------------------------------------------------------------------


def qty(value: float | None, unit: str = "") -> str:
    """A measured quantity as entered: '15 mL', '8 °C'; '—' when not recorded."""
    if value is None:
        return EMPTY
    return f"{value:g} {unit}".strip()


def cells(value: float | None) -> str:
    return EMPTY if value is None else f"{value:,.0f}"


def day(value: date | None) -> str:
    return EMPTY if value is None else value.isoformat()


def words(value: str | None) -> str:
    """A stored code as words: 'density_gradient' → 'density gradient'."""
    return (value or "").replace("_", " ") or EMPTY


Builder = Callable[[EntryReader, Lot], list[Entry]]  # one section's entries, in order


def _model(table: str) -> Any:
    return next((m.class_ for m in Base.registry.mappers if m.local_table.name == table), None)
