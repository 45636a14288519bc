"""The batch record as a service: the whole lot in order, every corrected value flagged with
old → new, who, when and why, every e-signature with printed name, time and meaning (the
superseded ones too), and a release summary; who may read it and who may print it."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from labtracker.db.models import AuditEntry, CustodyEvent, ESignature, Lot, MaterialLot, QcResult
from labtracker.domain.errors import InvalidValueError
from labtracker.domain.permissions import PermissionDeniedError
from labtracker.services import corrections, deviations
from labtracker.services.batch_record import BatchRecord, Entry, batch_record, print_batch_record
from tests.services.builders import CONFLUENCE_REASON, build_lot

TZ = ZoneInfo("Asia/Shanghai")


def section(record: BatchRecord, title: str):
    return next(s for s in record.sections if s.title == title)


def entry(record: BatchRecord, section_title: str, title: str) -> Entry:
    return next(e for e in section(record, section_title).entries if e.title == title)


def field(e: Entry, label: str):
    return next(f for f in e.fields if f.label == label)


def test_the_whole_lot_in_order_with_its_figures_and_signatures(lab, clock):
    built = build_lot(lab, clock)
    record = batch_record(lab.db, lab.qa, built.din)

    h = record.header
    assert (h.din, h.din_display, h.check_character) == (built.din, "A9999 26 000001", "8")
    assert (h.patient_name, h.mrn, h.status) == ("张伟 (Zhang Wei)", "MRN0012345", "Implanted")
    assert (h.site, h.timezone, h.trial_subject_number) == (
        "Xinxiang Bone Lab (A9999)",
        "Asia/Shanghai",
        "S-2345",
    )
    assert [s.title for s in record.sections] == [
        "Patient, eligibility and consent",
        "Aspirate collection and receipt",
        "Isolation",
        "Expansion: vessels, harvests and counts",
        "Identity and purity (immunophenotype)",
        "Osteogenic induction",
        "Scaffold seeding",
        "Materials and scaffold lots used",
        "Equipment used",
        "QC release testing against the specification",
        "Deviations",
        "Discards",
        "Labels printed and reconciliation",
        "QA decision",
        "Chain of custody",
        "Implantation",
    ]
    assert [s.number for s in record.sections] == list(range(1, 17))
    assert [
        e.title for e in section(record, "Expansion: vessels, harvests and counts").entries
    ] == [
        "P0 vessels seeded at isolation",
        "Harvest P0",
        "P1 vessels seeded from harvest P0",
        "Harvest P1",
        "P2 vessels seeded from harvest P1",
    ]

    # Computed figures as labtracker computed them (test_lot_journey works them by hand).
    isolation = entry(record, "Isolation", "Isolation")
    assert field(isolation, "Live cells/mL (computed)").value == "600,000"
    assert field(isolation, "Viability (computed)").value == "80.0 %"
    assert field(isolation, "Total live cells (computed)").value == "3,000,000"
    p1 = entry(record, "Expansion: vessels, harvests and counts", "Harvest P1")
    assert field(p1, "Population doublings (computed)").value == "4.00"
    assert field(p1, "Cumulative PD, this lineage (computed)").value == "9.32"
    assert field(p1, "Doubling time (computed)").value == "36.0 h"
    assert field(p1, "Time in culture (computed)").value == "144.0 h"
    scaffold = entry(record, "Scaffold seeding", "Scaffold seeding")
    assert field(scaffold, "Cells/mL in the suspension (computed)").value == "20,000,000"

    # Materials with lot and expiry, equipment with its calibration, QC against the spec.
    materials = section(record, "Materials and scaffold lots used").entries
    heparin = next(
        e for e in materials if field(e, "Label").value == lab.materials["Heparin sodium"]
    )
    assert field(heparin, "Expiry").value == "2027-06-30"
    assert field(heparin, "At use").value == "in date"
    assert field(materials[-1], "Label").value.startswith("SC")
    equipment = section(record, "Equipment used").entries
    assert [field(e, "Asset tag").value for e in equipment] == ["BSC-2345", "INC-2345", "CC-2345"]
    assert {field(e, "At use").value for e in equipment} == {"in calibration"}
    qc = section(record, "QC release testing against the specification").entries
    assert len(qc) == 7
    endotoxin = next(e for e in qc if field(e, "Test").value == "Endotoxin")
    assert field(endotoxin, "Limit").value == "< 0.5 EU/mL (RELEASE v1)"
    assert (field(endotoxin, "Result").value, field(endotoxin, "Verdict").value) == (
        "0.2 EU/mL",
        "pass",
    )
    custody = section(record, "Chain of custody").entries
    assert [field(e, "Event").value for e in custody] == ["Dispatched", "Received"]

    # Every signature of the lot, with printed name, site-local time and meaning.
    with lab.db.reading() as session:
        lot_id = session.scalar(select(Lot.id).where(Lot.din == built.din))
        on_lot = session.scalar(
            select(func.count(ESignature.id)).where(ESignature.lot_id == lot_id)
        )
    eligibility = entry(record, "Patient, eligibility and consent", "Eligibility (NCT07066228)")
    assert [(s.meaning, s.printed_name, s.username) for s in eligibility.signatures] == [
        ("Approved", "Dr Zhao Ming", "drzhao")
    ]
    assert len(record.signatures) == on_lot + 1  # + the investigator's, on the patient
    assert all(s.signed_at.tzinfo == TZ for s in record.signatures)
    implant = entry(record, "Implantation", "Implantation")
    assert [(s.meaning, s.printed_name, s.state) for s in implant.signatures] == [
        ("Implanted", "Dr Zhao Ming", "valid")
    ]

    summary = record.release
    assert (summary.decision, summary.decided_by, summary.specification) == (
        "released",
        "Mei Chen (mchen)",
        "RELEASE v1",
    )
    assert summary.expires_at == summary.decided_at + timedelta(hours=48)
    assert summary.signature.manifestation == (
        f"Approved for release by Mei Chen (mchen), {summary.decided_at:%Y-%m-%d %H:%M} CST"
    )
    assert summary.blockers == ()
    assert [r[3] for r in summary.results] == ["pass"] * 7


def test_a_corrected_value_is_flagged_with_both_values_who_when_and_why(lab, clock):
    built = build_lot(lab, clock)
    with lab.db.reading() as session:
        dispatch = session.scalar(select(CustodyEvent.id).where(CustodyEvent.event == "dispatched"))
        medium = session.scalar(
            select(MaterialLot.id).where(MaterialLot.code == lab.materials["α-MEM"])
        )
    clock.advance(hours=1)
    corrected_at = clock.now()
    corrections.correct_record(
        lab.db, lab.tech, "custody_event", dispatch, {"to_name": "Courier Wu Lei"}, "full name"
    )
    corrections.correct_record(
        lab.db, lab.qa, "material_lot", medium, {"lot_number": "LM0849"}, "digits transposed"
    )
    record = batch_record(lab.db, lab.verifier, built.din)

    harvest = entry(record, "Expansion: vessels, harvests and counts", "Harvest P0")
    confluence = field(harvest, "Confluence")
    assert confluence.value == "85 %" and confluence.corrected
    (change,) = confluence.corrections
    assert (change.old_value, change.new_value, change.reason) == (
        "80.0",
        "85.0",
        CONFLUENCE_REASON,
    )
    assert (change.corrected_by, change.record, change.field) == (
        "Li Wang (lwang)",
        "Harvest P0",
        "Confluence",
    )
    assert change.corrected_at.tzinfo == TZ
    assert change.summary.startswith("80.0 → 85.0, by Li Wang (lwang), ")
    assert harvest.corrected and not field(harvest, "Harvested at").corrected

    # The correction superseded the step's signatures; they stay in the record, marked so,
    # before the signatures given again.
    states = [(s.meaning, s.printed_name, s.state) for s in harvest.signatures]
    assert states == [
        ("Performed", "Li Wang", "superseded"),
        ("Verified", "Zhang Liu", "superseded"),
        ("Performed", "Li Wang", "valid"),
        ("Verified", "Zhang Liu", "valid"),
    ]
    superseded = harvest.signatures[0]
    assert "confluence_percent changed" in superseded.note and CONFLUENCE_REASON in superseded.note
    assert superseded.manifestation.startswith("Performed by Li Wang (lwang), ")
    assert "SUPERSEDED" in superseded.manifestation

    # A shared record (the medium lot) is flagged wherever the lot used it; a hand-over too.
    medium_rows = [
        e
        for e in section(record, "Materials and scaffold lots used").entries
        if field(e, "Label").value == lab.materials["α-MEM"]
    ]
    assert len(medium_rows) == 2
    for row in medium_rows:
        lot_number = field(row, "Lot")
        assert lot_number.value == "LM0849" and lot_number.corrected
        assert lot_number.corrections[0].old_value != "LM0849"
    medium = field(entry(record, "Osteogenic induction", "Osteogenic induction"), "Base medium")
    assert "lot LM0849" in medium.value and medium.corrected
    dispatched = section(record, "Chain of custody").entries[0]
    assert field(dispatched, "To").value == "Courier Wu Lei, Transport box T-3"
    assert field(dispatched, "To").corrections[0].old_value == "Courier Wu"

    # The record's list: every correction once, oldest first, with its place in the record.
    assert [(c.record, c.field, c.new_value, c.reason) for c in record.corrections] == [
        ("Harvest P0", "Confluence", "85.0", CONFLUENCE_REASON),
        ("Material lot " + lab.materials["α-MEM"], "lot number", "LM0849", "digits transposed"),
        ("Custody: Dispatched", "To", "Courier Wu Lei", "full name"),
    ]
    assert record.corrections[1].corrected_at == corrected_at.astimezone(TZ)


def test_a_lot_awaiting_release_lists_blockers_and_voided_results(lab, clock):
    built = build_lot(lab, clock, until="seeded", correct=False)
    with lab.db.reading() as session:
        endotoxin = session.scalar(select(QcResult.id).where(QcResult.test_code == "endotoxin"))
    corrections.void_record(lab.db, lab.tech, "qc_result", endotoxin, "wrong sample tested")
    number = deviations.raise_deviation(
        lab.db,
        lab.tech,
        din=built.din,
        title="Incubator door left open",
        description="Door open 10 minutes during the scaffold incubation.",
        occurred_at=clock.now(),
        classification="minor",
    )
    record = batch_record(lab.db, lab.tech, built.din)

    assert record.release.decision is None
    assert record.header.expires_at is None
    blockers = " | ".join(record.release.blockers)
    assert number in blockers and "Endotoxin" in blockers
    qc = section(record, "QC release testing against the specification").entries
    void = next(e for e in qc if field(e, "Verdict").value == "VOID")
    assert "wrong sample tested" in void.void and "Li Wang (lwang)" in void.void
    pending = next(e for e in qc if field(e, "Test").value == "Endotoxin" and not e.void)
    assert field(pending, "Verdict").value == "pending"
    (deviation,) = section(record, "Deviations").entries
    assert deviation.title == f"Deviation {number}: Incubator door left open"
    assert field(deviation, "State").value == "OPEN"
    assert [e.title for e in section(record, "Chain of custody").entries] == []
    assert section(record, "Implantation").empty == "Not implanted."


def test_who_may_read_and_who_may_print(lab, clock):
    built = build_lot(lab, clock, until="released", correct=False)
    for reader in (lab.tech, lab.verifier, lab.qa, lab.surgeon):
        assert batch_record(lab.db, reader, built.din).header.din == built.din
    with pytest.raises(PermissionDeniedError, match="Ada Admin may not"):
        batch_record(lab.db, lab.admin, built.din)
    for refused in (lab.tech, lab.surgeon, lab.verifier, lab.admin):
        with pytest.raises(PermissionDeniedError, match="only QA may"):
            print_batch_record(lab.db, refused, built.din)
    with pytest.raises(InvalidValueError, match="DIN"):
        batch_record(lab.db, lab.qa, built.din + ("0" if built.check_character != "0" else "1"))

    def prints() -> list[AuditEntry]:
        with lab.db.reading() as session:
            return list(
                session.scalars(
                    select(AuditEntry).where(
                        AuditEntry.action == "system",
                        AuditEntry.new_value.like("batch record of%"),
                    )
                )
            )

    assert prints() == []
    printed = print_batch_record(lab.db, lab.qa, built.din, purpose="QA review before dispatch")
    assert printed.pdf.startswith(b"%PDF") and printed.pages > 3
    assert printed.generated_by == "Mei Chen (mchen)"
    (event,) = prints()
    assert (event.username, event.table_name) == ("mchen", "lot")
    assert event.reason == "batch record printed: QA review before dispatch"
    assert f"{printed.pages} pages" in event.new_value and printed.sha256 in event.new_value
