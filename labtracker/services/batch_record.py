"""The batch record of a lot: the whole lot in order, from the patient's eligibility to the
implant, every value as it stands with its corrections (old → new, who, when, why), every
e-signature with printed name, time and meaning, and a release summary (21 CFR 11.10(b),
11.50; 21 CFR 1271.270; EU GMP Part I ch. 4).

`batch_record` reads it for the QA review screen (VIEW_LOTS). `print_batch_record` renders
the PDF (labtracker/reports/batch_record.py) for QA (PRINT_BATCH_RECORD) and leaves the print
in the audit trail with the PDF's SHA-256, so a paper copy can be matched to its print.
Everything is read in one transaction: the record is one consistent moment of the lot.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from labtracker.clock import get_clock
from labtracker.db.audit import record_system_event
from labtracker.db.models import (
    EquipmentUse,
    Lot,
    MaterialUse,
    OsteogenicInduction,
    ProductCode,
    ScaffoldSeeding,
)
from labtracker.domain.identifiers import din_check_character, format_din, parse_din
from labtracker.domain.permissions import Action
from labtracker.services import batch_record_controls as controls
from labtracker.services import batch_record_steps as steps
from labtracker.services.batch_record_entries import (
    Builder,
    Correction,
    Entry,
    EntryReader,
    Field,
    RecordKey,
    SignatureLine,
    local_text,
)
from labtracker.services.context import Actor, Database, authorise
from labtracker.services.labels import lot_label_reconciliation
from labtracker.services.patients import patient_view
from labtracker.services.records import lot_by_din, optional_text
from labtracker.services.release import ReleaseCheck, lot_release_check
from labtracker.services.site import the_site

__all__ = [
    "BatchRecord",
    "Correction",
    "Entry",
    "Field",
    "Header",
    "PrintedBatchRecord",
    "ReleaseSummary",
    "Section",
    "SignatureLine",
    "batch_record",
    "local_text",
    "print_batch_record",
]


@dataclass(frozen=True)
class Header:
    """What identifies the lot on every page."""

    din: str  # 13 characters, as in the barcode
    din_display: str  # "A9999 26 000001"
    check_character: str  # printed in a box beside the DIN, never in a barcode
    product: str
    storage: str
    status: str
    patient_name: str  # as written (Chinese included), romanised form in brackets
    mrn: str
    date_of_birth: date
    sex: str
    trial_subject_number: str | None
    site: str  # "Xinxiang Bone Lab (A9999)"
    timezone: str  # every time in the record is local to the site: "Asia/Shanghai"
    started_at: datetime  # site-local
    expires_at: datetime | None  # site-local; set at release


@dataclass(frozen=True)
class Section:
    number: int
    title: str
    entries: tuple[Entry, ...]
    tabular: bool = False  # one line per entry (materials, QC, labels, custody, …)
    empty: str = "None recorded."  # printed when there are no entries


@dataclass(frozen=True)
class ReleaseSummary:
    """The last page: the QA decision, or every reason the lot cannot be released yet."""

    status: str
    decision: str | None  # released, rejected; None while undecided
    decided_by: str | None
    decided_at: datetime | None  # site-local
    specification: str | None
    expires_at: datetime | None  # site-local
    reason: str
    signature: SignatureLine | None
    blockers: tuple[str, ...]  # the release check's reasons, while undecided
    results: tuple[tuple[str, str, str, str], ...]  # (test, result, limit, verdict)
    deviations: str
    labels: str


@dataclass(frozen=True)
class BatchRecord:
    header: Header
    sections: tuple[Section, ...]
    corrections: tuple[Correction, ...]  # every corrected value of the lot, oldest first
    release: ReleaseSummary
    read_at: datetime  # site-local: the moment the record shows

    @property
    def signatures(self) -> tuple[SignatureLine, ...]:
        """Every e-signature printed in the record, in the record's order."""
        return tuple(s for section in self.sections for e in section.entries for s in e.signatures)


@dataclass(frozen=True)
class PrintedBatchRecord:
    pdf: bytes
    din: str
    pages: int
    generated_at: datetime  # UTC
    generated_by: str  # "Mei Chen (mchen)"
    sha256: str  # of the PDF, as recorded in the audit trail


# (title, builder, one line per entry, what is printed when empty), in the lot's order.
SECTIONS: tuple[tuple[str, Builder, bool, str], ...] = (
    ("Patient, eligibility and consent", steps.patient_entries, False, "None recorded."),
    ("Aspirate collection and receipt", steps.aspirate_entries, False, "Not yet collected."),
    ("Isolation", steps.isolation_entries, False, "Not yet isolated."),
    ("Expansion: vessels, harvests and counts", steps.expansion_entries, False, "None yet."),
    ("Identity and purity (immunophenotype)", steps.phenotype_entries, False, "None recorded."),
    ("Osteogenic induction", steps.induction_entries, False, "Not yet started."),
    ("Scaffold seeding", steps.scaffold_entries, False, "Not yet seeded."),
    ("Materials and scaffold lots used", controls.material_entries, True, "None recorded."),
    ("Equipment used", controls.equipment_entries, True, "No equipment use recorded."),
)
LATER_SECTIONS: tuple[tuple[str, Builder, bool, str], ...] = (
    ("Deviations", controls.deviation_entries, False, "No deviation was raised for this lot."),
    ("Discards", controls.discard_entries, False, "Nothing of this lot was discarded."),
    ("Labels printed and reconciliation", controls.label_entries, True, "No label printed."),
    ("QA decision", controls.decision_entries, False, "No QA decision yet."),
    ("Chain of custody", controls.custody_entries, True, "No hand-over recorded."),
    ("Implantation", controls.implantation_entries, False, "Not implanted."),
)
QC_SECTION = ("QC release testing against the specification", True, "No release test yet.")


def _related(session: Session, lot: Lot) -> set[RecordKey]:
    """Records the lot shares with others, whose corrections belong in its record too."""
    keys: set[RecordKey] = {
        ("patient", lot.patient_id),
        ("eligibility_assessment", lot.eligibility_assessment_id),
        ("consent", lot.consent_id),
    }
    for (material_lot_id,) in session.execute(
        select(MaterialUse.material_lot_id).where(MaterialUse.lot_id == lot.id)
    ):
        keys.add(("material_lot", material_lot_id))
    for (equipment_id,) in session.execute(
        select(EquipmentUse.equipment_id).where(EquipmentUse.lot_id == lot.id)
    ):
        keys.add(("equipment", equipment_id))
    for s in session.scalars(select(ScaffoldSeeding).where(ScaffoldSeeding.lot_id == lot.id)):
        keys.add(("scaffold_lot", s.scaffold_lot_id))
    if lot.aspirate is not None and lot.aspirate.anticoagulant_lot_id is not None:
        keys.add(("material_lot", lot.aspirate.anticoagulant_lot_id))
    for ind in session.scalars(
        select(OsteogenicInduction).where(OsteogenicInduction.lot_id == lot.id)
    ):
        for material_lot_id in (
            ind.base_medium_lot_id,
            ind.dexamethasone_lot_id,
            ind.ascorbate_lot_id,
            ind.glycerophosphate_lot_id,
        ):
            keys.add(("material_lot", material_lot_id))
    return keys


def _header(session: Session, lot: Lot, tz: ZoneInfo) -> Header:
    site = the_site(session)
    product = session.get(ProductCode, lot.product_code_id) if lot.product_code_id else None
    patient = patient_view(lot.patient)
    return Header(
        lot.din,
        format_din(parse_din(lot.din)),
        din_check_character(lot.din),
        f"{product.code} {product.description}" if product else "—",
        product.storage_temperature if product and product.storage_temperature else "—",
        lot.status.label,
        patient.display_name,
        patient.mrn,
        patient.date_of_birth,
        patient.sex,
        patient.trial_subject_number,
        f"{site.name} ({site.facility_code})",
        site.timezone,
        lot.created_at.astimezone(tz),
        lot.expires_at.astimezone(tz) if lot.expires_at else None,
    )


def _release_summary(
    session: Session, lot: Lot, tz: ZoneInfo, check: ReleaseCheck, decisions: Section
) -> ReleaseSummary:
    results = tuple((r.test, r.result, r.limit, r.verdict) for r in check.results)
    deviations = [d for d in lot.deviations if d.voided_at is None]
    open_ = [d for d in deviations if d.state == "open"]
    deviation_text = f"{len(deviations)} raised, {len(open_)} open" if deviations else "none"
    prints = [p for p in lot_label_reconciliation(session, lot) if not p.voided]
    states = [p.state for p in prints]
    label_text = (
        f"{len(prints)} print(s): "
        + ", ".join(f"{states.count(s)} {s}" for s in sorted(set(states)))
        if prints
        else "none printed"
    )
    standing = [d for d in lot.release_decisions if d.voided_at is None]
    if not standing:
        return ReleaseSummary(
            lot.status.label,
            None,
            None,
            None,
            check.spec_version,
            None,
            "",
            None,
            tuple(b.message for b in check.blockers),
            results,
            deviation_text,
            label_text,
        )
    decision = max(standing, key=lambda d: (d.decided_at, d.id))
    entry = next(e for e in decisions.entries if e.record_id == decision.id)
    signature = next(
        (s for s in reversed(entry.signatures) if s.state == "valid"),
        None,
    )
    return ReleaseSummary(
        lot.status.label,
        decision.decision,
        _value(entry, "Decided by"),
        decision.decided_at.astimezone(tz),
        _value(entry, "Specification"),
        lot.expires_at.astimezone(tz) if lot.expires_at else None,
        decision.reason,
        signature,
        (),
        results,
        deviation_text,
        label_text,
    )


def _value(entry: Entry, label: str) -> str:
    return next((f.value for f in entry.fields if f.label == label), "")


def _assemble(session: Session, lot: Lot, now: datetime) -> BatchRecord:
    tz = ZoneInfo(the_site(session).timezone)
    reader = EntryReader(session, lot, tz, _related(session, lot))
    check = lot_release_check(session, lot, now)
    made: list[Section] = []

    def add(title: str, entries: list[Entry], tabular: bool, empty: str) -> Section:
        made.append(Section(len(made) + 1, title, tuple(entries), tabular, empty))
        return made[-1]

    for title, build, tabular, empty in SECTIONS:
        add(title, build(reader, lot), tabular, empty)
    qc_title, qc_tabular, qc_empty = QC_SECTION
    add(qc_title, controls.qc_entries(reader, lot, check), qc_tabular, qc_empty)
    later = {
        title: add(title, build(reader, lot), tabular, empty)
        for title, build, tabular, empty in LATER_SECTIONS
    }
    others = reader.other_signed_entries()
    if others:  # every signature is printed, even on a record no section shows
        add("Other signed records", others, False, "")
    summary = _release_summary(session, lot, tz, check, later["QA decision"])
    return BatchRecord(
        _header(session, lot, tz),
        tuple(made),
        tuple(reader.all_corrections()),
        summary,
        now.astimezone(tz),
    )


def batch_record(db: Database, actor: Actor, din: str) -> BatchRecord:
    """The lot's whole batch record as it stands now, for review on screen."""
    with db.reading() as session:
        authorise(session, actor, Action.VIEW_LOTS)
        return _assemble(session, lot_by_din(session, din), get_clock().now())


def print_batch_record(
    db: Database, actor: Actor, din: str, *, purpose: str = ""
) -> PrintedBatchRecord:
    """The batch record as a PDF for QA, its print recorded in the audit trail (who, when,
    pages, SHA-256 of the PDF, and the purpose when given)."""
    from labtracker.reports.batch_record import build_batch_record_pdf  # reportlab: on print only

    purpose = optional_text("Purpose", purpose, max_length=500)
    now = get_clock().now()
    generated_by = f"{actor.full_name} ({actor.username})"
    # Read and render outside the write transaction: on SQLite a writer holds the lock.
    with db.reading() as session:
        authorise(session, actor, Action.PRINT_BATCH_RECORD)
        record = _assemble(session, lot_by_din(session, din), now)
    rendered = build_batch_record_pdf(record, generated_by=generated_by, generated_at=now)
    digest = hashlib.sha256(rendered.pdf).hexdigest()
    reason = f"batch record printed: {purpose}" if purpose else "batch record printed"
    with db.writing(actor, reason) as session:
        authorise(session, actor, Action.PRINT_BATCH_RECORD)
        lot = lot_by_din(session, din)
        record_system_event(
            session,
            actor.audit(reason),
            "lot",
            lot.id,
            f"batch record of {lot.din} printed: {rendered.pages} pages, as of "
            f"{local_text(record.read_at)}, PDF SHA-256 {digest}",
            lot_id=lot.id,
        )
    return PrintedBatchRecord(
        rendered.pdf, record.header.din, rendered.pages, now, generated_by, digest
    )
