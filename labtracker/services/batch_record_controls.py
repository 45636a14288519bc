"""What surrounds the steps in a lot's batch record: the materials and equipment traced to
the lot, QC against the specification, deviations, discards, labels, the QA decision, the
chain of custody and the implantation. One section builder each (see `batch_record_steps.py`
for the manufacturing steps)."""

from __future__ import annotations

from sqlalchemy import select

from labtracker.db.models import (
    CustodyEvent,
    Deviation,
    EquipmentUse,
    Lot,
    MaterialUse,
    QcResult,
    QcSample,
    Specification,
    Vessel,
)
from labtracker.domain.specifications import describe_limit
from labtracker.services.batch_record_entries import (
    EMPTY,
    Entry,
    EntryReader,
    Row,
    day,
    qty,
    words,
)
from labtracker.services.custody import EVENT_LABELS
from labtracker.services.labels import lot_label_reconciliation
from labtracker.services.release import ReleaseCheck
from labtracker.services.specifications import RELEASE, spec_in_force, spec_item, spec_label

STEP_NAMES = {
    "aspirate_collection": "Aspirate collection",
    "isolation": "Isolation",
    "cell_count": "Cell count",
    "vessel": "Vessel seeding",
    "immunophenotype": "Immunophenotype",
    "osteogenic_induction": "Osteogenic induction",
    "scaffold_seeding": "Scaffold seeding",
}


def _step(table: str) -> str:
    return STEP_NAMES.get(table, words(table))


# --- tables: materials, equipment, QC ------------------------------------------------------------


def material_entries(r: EntryReader, lot: Lot) -> list[Entry]:
    """Every material lot used, and the scaffold lot: one row each, with its expiry at use."""
    entries = []
    uses = r.session.scalars(
        select(MaterialUse)
        .where(MaterialUse.lot_id == lot.id)
        .order_by(MaterialUse.used_at, MaterialUse.id)
    )
    for use in uses:
        m = use.material_lot
        used_on = use.used_at.astimezone(r.tz).date()
        entries.append(
            r.entry(
                f"Material lot {m.code}",
                use,
                use.used_at,
                [
                    Row("Label", m.code),
                    Row("Material", f"{m.material.name} ({m.material.manufacturer})"),
                    Row("Lot", m.lot_number, "lot_number", m),
                    Row("Expiry", day(m.expiry_date), "expiry_date", m),
                    Row("Used in", f"{_step(use.step)}, {r.when(use.used_at)}"),
                    Row("Used by", r.name(use.used_by_id)),
                    Row("At use", "in date" if m.expiry_date >= used_on else "EXPIRED"),
                ],
            )
        )
    for s in sorted(lot.scaffold_seedings, key=lambda s: (s.seeded_at, s.id)):
        sc = s.scaffold_lot
        seeded_on = s.seeded_at.astimezone(r.tz).date()
        entries.append(
            r.entry(
                f"Scaffold lot {sc.code}",
                sc,
                s.seeded_at,
                [
                    Row("Label", sc.code),
                    Row("Material", f"{sc.product.name} ({sc.product.manufacturer})"),
                    Row("Lot", sc.manufacturer_lot, "manufacturer_lot"),
                    Row("Expiry", day(sc.expiry_date), "expiry_date"),
                    Row("Used in", f"Scaffold seeding, {r.when(s.seeded_at)}"),
                    Row("Used by", r.name(s.performed_by_id)),
                    Row("At use", "in date" if sc.expiry_date >= seeded_on else "EXPIRED"),
                ],
            )
        )
    return entries


def equipment_entries(r: EntryReader, lot: Lot) -> list[Entry]:
    entries = []
    uses = r.session.scalars(
        select(EquipmentUse)
        .where(EquipmentUse.lot_id == lot.id)
        .order_by(EquipmentUse.used_at, EquipmentUse.id)
    )
    for use in uses:
        e = use.equipment
        used_on = use.used_at.astimezone(r.tz).date()
        if e.calibration_due_on is None:
            state = "no calibration recorded"
        else:
            state = "in calibration" if e.calibration_due_on >= used_on else "CALIBRATION OVERDUE"
        entries.append(
            r.entry(
                f"Equipment {e.asset_tag}",
                use,
                use.used_at,
                [
                    Row("Asset tag", e.asset_tag),
                    Row("Equipment", f"{e.name} ({words(e.kind)})", "name", e),
                    Row("Used in", f"{_step(use.step)}, {r.when(use.used_at)}"),
                    Row("Used by", r.name(use.used_by_id)),
                    Row("Calibrated", day(e.calibrated_on)),
                    Row("Calibration due", day(e.calibration_due_on)),
                    Row("At use", state),
                ],
            )
        )
    return entries


def qc_entries(r: EntryReader, lot: Lot, check: ReleaseCheck) -> list[Entry]:
    """The release tests in the specification's order, each judged as the release check
    judges it (against the version in force when its sample was taken); voided ones after."""
    samples = {s.code: s for s in lot.qc_samples}
    live_results = {
        res.qc_sample_id: res
        for res in lot.qc_results
        if res.voided_at is None and res.qc_sample_id
    }
    entries = []

    def line(
        test: str,
        sample: QcSample | None,
        result: QcResult | None,
        shown: str,
        limit: str,
        verdict: str,
    ) -> Entry:
        if result is not None:
            spec = spec_label(result.specification_item.specification)
        elif sample is not None:
            in_force = spec_in_force(r.session, RELEASE, sample.taken_at)
            spec = spec_label(in_force) if in_force else EMPTY
        else:
            spec = check.spec_version or EMPTY
        taken = (
            f"{sample.code}, {sample.stage}, {r.when(sample.taken_at)}" if sample else "no sample"
        )
        tested = (
            f"{r.when(result.tested_at)}, {result.laboratory or EMPTY}, "
            f"{r.name(result.tested_by_id)}"
            if result is not None
            else EMPTY
        )
        return r.entry(
            f"QC {test}",
            result or sample,
            result.tested_at if result else sample.taken_at if sample else None,
            [
                Row("Test", test),
                Row("Sample", taken, ("stage", "sent_to"), sample),
                Row("Result", shown),
                Row("Limit", f"{limit} ({spec})"),
                Row("Verdict", verdict),
                Row("Tested", tested, ("laboratory", "method")),
            ],
            also=[sample] if result is not None and sample is not None else [],
        )

    for row in check.results:
        sample = samples.get(row.sample)
        result = live_results.get(sample.id) if sample else None
        entries.append(line(row.test, sample, result, row.result, row.limit, row.verdict))
    for res in sorted(lot.qc_results, key=lambda res: res.id):
        if res.voided_at is not None:
            sample = next((s for s in lot.qc_samples if s.id == res.qc_sample_id), None)
            item = spec_item(res.specification_item)
            shown = (
                f"{res.result_value:g} {res.unit}"
                if res.result_value is not None
                else (res.result_text or EMPTY)
            )
            entries.append(line(item.label, sample, res, shown, describe_limit(item), "VOID"))
    for sample in sorted(lot.qc_samples, key=lambda s: s.id):
        if sample.voided_at is not None:
            entries.append(line(sample.test_code, sample, None, EMPTY, EMPTY, "VOID"))
    return entries


# --- deviations, discards, labels, decisions, custody, implantation ------------------------------


def deviation_entries(r: EntryReader, lot: Lot) -> list[Entry]:
    entries = []
    for d in sorted(lot.deviations, key=lambda d: (d.occurred_at, d.id)):
        closed = f"{r.when(d.closed_at)} by {r.who(d.closed_by_id)}" if d.closed_at else EMPTY
        entries.append(
            r.entry(
                f"Deviation {d.number}: {d.title}",
                d,
                d.occurred_at,
                [
                    Row("Title", d.title, "title"),
                    Row("Classification", d.classification),
                    Row("Occurred at", r.when(d.occurred_at)),
                    Row("Discovered at", r.when(d.discovered_at)),
                    Row("Raised by", r.who(d.raised_by_id)),
                    Row("Description", d.description, "description"),
                    Row("Impact assessment", d.impact_assessment, "impact_assessment"),
                    Row("Root cause", d.root_cause, "root_cause"),
                    Row("Corrective action", d.corrective_action, "corrective_action"),
                    Row("Preventive action", d.preventive_action, "preventive_action"),
                    Row("State", d.state.upper()),
                    Row("Closed", closed),
                ],
            )
        )
    return entries


def discard_entries(r: EntryReader, lot: Lot) -> list[Entry]:
    entries = []
    for x in sorted(lot.discards, key=lambda x: (x.discarded_at, x.id)):
        vessel = r.session.get(Vessel, x.vessel_id) if x.vessel_id else None
        deviation = r.session.get(Deviation, x.deviation_id) if x.deviation_id else None
        entries.append(
            r.entry(
                f"Discard ({x.scope})",
                x,
                x.discarded_at,
                [
                    Row("Scope", x.scope + (f" {vessel.code}" if vessel else "")),
                    Row("Reason", x.reason),
                    Row("Discarded at", r.when(x.discarded_at)),
                    Row("Discarded by", r.who(x.discarded_by_id)),
                    Row("Witness", r.who(x.witness_id)),
                    Row("Deviation", deviation.number if deviation else EMPTY),
                ],
            )
        )
    return entries


def label_entries(r: EntryReader, lot: Lot) -> list[Entry]:
    prints = {p.id: p for p in lot.label_prints}
    entries = []
    for row in lot_label_reconciliation(r.session, lot):
        p = prints[row.label_print_id]
        copies = f"{row.copies}" + (f", REPRINT: {row.reprint_reason}" if row.is_reprint else "")
        state = row.state + (f" ({r.when(row.reconciled_at)})" if row.reconciled_at else "")
        entries.append(
            r.entry(
                f"Label print #{row.label_print_id}",
                p,
                row.printed_at,
                [
                    Row("Label", f"#{row.label_print_id} {row.kind} {row.vessel_code or ''}"),
                    Row("Template", f"{p.template.code} v{p.template.version_number}"),
                    Row("Printed", f"{r.when(row.printed_at)}, {row.printed_by}"),
                    Row("Copies", copies),
                    Row("Applied / destroyed", f"{row.applied} / {row.destroyed}"),
                    Row("Outstanding", str(row.outstanding)),
                    Row("State", state + (f"; {row.notes}" if row.notes else "")),
                ],
            )
        )
    return entries


def decision_entries(r: EntryReader, lot: Lot) -> list[Entry]:
    entries = []
    for d in sorted(lot.release_decisions, key=lambda d: (d.decided_at, d.id)):
        spec = r.session.get(Specification, d.specification_id)
        entries.append(
            r.entry(
                "Released by QA" if d.decision == "released" else "Rejected by QA",
                d,
                d.decided_at,
                [
                    Row("Decision", d.decision.upper()),
                    Row("Decided at", r.when(d.decided_at)),
                    Row("Decided by", r.who(d.decided_by_id)),
                    Row("Specification", spec_label(spec) if spec else EMPTY),
                    Row("Expires at", r.when(d.expires_at)),
                    Row("Reason", d.reason),
                ],
            )
        )
    return entries


def custody_entries(r: EntryReader, lot: Lot) -> list[Entry]:
    entries = []
    events = r.session.scalars(
        select(CustodyEvent)
        .where(CustodyEvent.lot_id == lot.id)
        .order_by(CustodyEvent.occurred_at, CustodyEvent.id)
    )
    for e in events:
        transport = ", ".join(
            x
            for x in (
                e.shipper,
                e.temperature_logger and f"logger {e.temperature_logger}",
                e.seal_number and f"seal {e.seal_number}",
            )
            if x
        )
        entries.append(
            r.entry(
                f"Custody: {EVENT_LABELS.get(e.event, e.event)}",
                e,
                e.occurred_at,
                [
                    Row("Event", EVENT_LABELS.get(e.event, e.event)),
                    Row("Time", r.when(e.occurred_at)),
                    Row(
                        "From", f"{e.from_name}, {e.from_location}", ("from_name", "from_location")
                    ),
                    Row("To", f"{e.to_name}, {e.to_location}", ("to_name", "to_location")),
                    Row("Temperature", qty(e.temperature_c, "°C")),
                    Row(
                        "Transport",
                        transport or EMPTY,
                        ("shipper", "temperature_logger", "seal_number"),
                    ),
                    Row("Recorded by", r.name(e.recorded_by_id)),
                ],
            )
        )
    return entries


def implantation_entries(r: EntryReader, lot: Lot) -> list[Entry]:
    i = lot.implantation
    if i is None:
        return []
    return [
        r.entry(
            "Implantation",
            i,
            i.implanted_at,
            [
                Row("Implanted at", r.when(i.implanted_at)),
                Row("Identity confirmed at", r.when(i.confirmed_at)),
                Row("Surgeon", r.who(i.surgeon_id)),
                Row("Operating room", i.operating_room, "operating_room"),
                Row("Implant site", i.implant_site, "implant_site"),
                Row("Construct label scanned", i.construct_scan),
                Row("Wristband scanned", i.wristband_scan),
                Row("Notes", i.notes, "notes"),
            ],
        )
    ]
