"""The manufacturing steps of a lot's batch record, one section builder each, in the order
the lot lives them: patient, aspirate, isolation, expansion, immunophenotype, induction and
scaffold seeding (what surrounds them is in `batch_record_controls.py`).

Each builder reads the stored records through an `EntryReader` (one transaction) and prints
the values as stored: computed figures are labtracker's own, marked "(computed)", never
recomputed here, except where a figure was never stored (time in culture, expansion fold).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import groupby
from typing import Any

from sqlalchemy import select

from labtracker.db.models import (
    CellCount,
    Consent,
    Deviation,
    EligibilityAssessment,
    Equipment,
    EquipmentUse,
    Lot,
    MaterialLot,
    MaterialUse,
    Specification,
    Vessel,
)
from labtracker.domain.specifications import describe_limit
from labtracker.services.batch_record_entries import (
    EMPTY,
    Entry,
    EntryReader,
    Row,
    cells,
    day,
    qty,
    words,
)
from labtracker.services.culture import HarvestInfo, VesselNode, lot_vessel_tree
from labtracker.services.specifications import spec_item, spec_label

LOT_COLUMNS = ("lot_number", "expiry_date")  # of a material lot, as `_material` shows them


def _material(lot: MaterialLot | None) -> str:
    if lot is None:
        return EMPTY
    return f"{lot.material.name}, lot {lot.lot_number} ({lot.code}), exp {lot.expiry_date}"


# --- patient, aspirate -------------------------------------------------------------------------


def patient_entries(r: EntryReader, lot: Lot) -> list[Entry]:
    p = lot.patient
    entries = [
        r.entry(
            "Patient",
            p,
            None,
            [
                Row("Family name", p.family_name, "family_name"),
                Row("Given name", p.given_name, "given_name"),
                Row("Name (romanised)", p.name_romanised, "name_romanised"),
                Row("MRN", p.mrn),
                Row("Date of birth", day(p.date_of_birth), "date_of_birth"),
                Row("Sex", p.sex, "sex"),
                Row("Weight", qty(p.weight_kg, "kg"), "weight_kg"),
                Row(
                    "Trial subject number", p.trial_subject_number or EMPTY, "trial_subject_number"
                ),
            ],
        )
    ]
    assessment = r.session.get(EligibilityAssessment, lot.eligibility_assessment_id)
    if assessment is not None:
        rows = [
            Row("Criteria version", assessment.criteria_version),
            Row("Assessed at", r.when(assessment.assessed_at)),
            Row("Investigator", r.who(assessment.investigator_id)),
            Row("Outcome (computed)", words(assessment.outcome).upper()),
            Row("Age at assessment (computed)", f"{assessment.age_years} years"),
            Row("Defect length", qty(assessment.defect_length_cm, "cm")),
            Row("Defect cross-section", qty(assessment.defect_cross_section_percent, "%")),
            Row("BMD T-score", qty(assessment.bmd_t_score)),
        ]
        rows += [
            Row(
                f"{a.criterion_code} {a.criterion_text}",
                f"{a.answer}" + (f": {a.evidence}" if a.evidence else ""),
                "answer",
                a,
            )
            for a in assessment.answers
        ]
        rows.append(Row("Notes", assessment.notes, "notes"))
        entries.append(
            r.entry("Eligibility (NCT07066228)", assessment, assessment.assessed_at, rows)
        )
    consent = r.session.get(Consent, lot.consent_id)
    if consent is not None:
        withdrawn = (
            f"{consent.withdrawn_on}: {consent.withdrawal_reason}" if consent.withdrawn_on else "no"
        )
        entries.append(
            r.entry(
                "Informed consent",
                consent,
                None,
                [
                    Row("Consent date", day(consent.consent_date), "consent_date"),
                    Row("Form version", consent.form_version, "form_version"),
                    Row("Obtained by", r.who(consent.obtained_by_id)),
                    Row("Witness", consent.witness_name, "witness_name"),
                    Row("Withdrawn", withdrawn, ("withdrawn_on", "withdrawal_reason")),
                ],
            )
        )
    return entries


def aspirate_entries(r: EntryReader, lot: Lot) -> list[Entry]:
    entries = []
    a = lot.aspirate
    if a is not None:
        anticoagulant = (
            r.session.get(MaterialLot, a.anticoagulant_lot_id)
            if a.anticoagulant_lot_id is not None
            else None
        )
        entries.append(
            r.entry(
                "Aspirate collection",
                a,
                a.collected_at,
                [
                    Row("Collected at", r.when(a.collected_at)),
                    Row("Collected by", a.collected_by_name, "collected_by_name"),
                    Row("Collection site", a.collection_site, "collection_site"),
                    Row("Volume", qty(a.volume_ml, "mL"), "volume_ml"),
                    Row("Anticoagulant", a.anticoagulant, "anticoagulant"),
                    Row("Anticoagulant lot", _material(anticoagulant), LOT_COLUMNS, anticoagulant),
                    Row(
                        "Transport temperature",
                        qty(a.transport_temperature_c, "°C"),
                        "transport_temperature_c",
                    ),
                    Row("Notes", a.notes, "notes"),
                    Row("Recorded by", f"{r.who(a.recorded_by_id)}, {r.when(a.recorded_at)}"),
                ],
            )
        )
    receipt = lot.receipt
    if receipt is not None:
        hours = (
            f"{(receipt.received_at - a.collected_at) / timedelta(hours=1):.1f} h"
            if a is not None
            else EMPTY
        )
        deviation = r.session.get(Deviation, receipt.deviation_id) if receipt.deviation_id else None
        entries.append(
            r.entry(
                "Receipt in the laboratory",
                receipt,
                receipt.received_at,
                [
                    Row("Received at", r.when(receipt.received_at)),
                    Row("Received by", r.who(receipt.received_by_id)),
                    Row("Time since collection (computed)", hours),
                    Row("Condition", words(receipt.condition)),
                    Row("Temperature on receipt", qty(receipt.temperature_c, "°C")),
                    Row(
                        "Within the site's limits (computed)",
                        "yes" if receipt.within_limits else "NO",
                    ),
                    Row("Deviation", deviation.number if deviation else EMPTY),
                    Row("Notes", receipt.notes, "notes"),
                ],
            )
        )
    return entries


# --- culture -----------------------------------------------------------------------------------


def _uses(r: EntryReader, model: Any, step: str, record_id: int) -> list[Any]:
    return list(
        r.session.scalars(
            select(model)
            .where(
                model.lot_id == r.lot.id,
                model.step == step,
                model.step_record_id == record_id,
                model.voided_at.is_(None),
            )
            .order_by(model.used_at, model.id)
        )
    )


def _equipment(item: Equipment | None) -> str:
    return f"{item.asset_tag} {item.name}" if item is not None else EMPTY


def count_rows(r: EntryReader, count: CellCount | None, what: str) -> list[Row]:
    """A cell count: the raw values as entered or read off the counter, then the figures."""
    if count is None:
        return [Row(what, "not recorded")]
    if count.method == "hemocytometer":
        dilution = (
            f"dilution ×{count.dilution_factor:g}"
            if count.dilution_factor is not None
            else "no dilution recorded"
        )
        raw = (
            f"{count.live_cells} live + {count.dead_cells} dead in {count.squares_counted} "
            f"squares, {dilution}"
        )
    else:
        raw = (
            f"{cells(count.instrument_cells_per_ml)} cells/mL, viability "
            f"{qty(count.instrument_viability_percent, '%')}"
        )
    instrument = r.session.get(Equipment, count.instrument_id) if count.instrument_id else None
    return [
        Row(
            what,
            f"{count.method}, {r.when(count.counted_at)}, by {r.who(count.counted_by_id)}"
            + (f", on {_equipment(instrument)}" if instrument else ""),
            record=count,
        ),
        Row("Count as read", raw, record=count),
        Row("Suspension volume", qty(count.suspension_volume_ml, "mL"), record=count),
        Row("Live cells/mL (computed)", cells(count.cells_per_ml), record=count),
        Row("Viability (computed)", f"{count.viability_percent:.1f} %", record=count),
        Row("Total live cells (computed)", cells(count.total_cells), record=count),
    ]


def isolation_entries(r: EntryReader, lot: Lot) -> list[Entry]:
    entries = []
    for iso in sorted(lot.isolations, key=lambda i: (i.started_at, i.id)):
        reagents = [u.material_lot for u in _uses(r, MaterialUse, "isolation", iso.id)]
        equipment = [u.equipment for u in _uses(r, EquipmentUse, "isolation", iso.id)]
        plated = [v for v in lot.vessels if v.source_isolation_id == iso.id]
        rows = [
            Row("Method", words(iso.method)),
            Row("Started at", r.when(iso.started_at)),
            Row("Performed by", r.who(iso.performed_by_id)),
            Row(
                "Aspirate volume used",
                qty(iso.aspirate_volume_used_ml, "mL"),
                "aspirate_volume_used_ml",
            ),
            *count_rows(r, iso.nucleated_cell_count, "Nucleated cell count"),
            *(
                [Row("Reagent lot", _material(m), LOT_COLUMNS, m) for m in reagents]
                or [Row("Reagent lot", EMPTY)]
            ),
            Row("Equipment", "; ".join(_equipment(e) for e in equipment) or EMPTY),
            Row("P0 vessels plated", f"{len(plated)} (see expansion)"),
            Row("Notes", iso.notes, "notes"),
        ]
        entries.append(r.entry("Isolation", iso, iso.started_at, rows))
    return entries


def _seeding_entry(r: EntryReader, vessels: list[Vessel]) -> Entry:
    first = vessels[0]
    if first.source_harvest is not None:
        source = f"from harvest P{first.source_harvest.passage_number}"
    else:
        source = "at isolation"
    incubator = r.session.get(Equipment, first.incubator_id) if first.incubator_id else None
    rows = [
        Row("Seeded at", r.when(first.seeded_at)),
        Row("Seeded by", r.who(first.seeded_by_id)),
        Row("Incubator", _equipment(incubator)),
    ]
    for v in vessels:
        void = f" — VOIDED: {v.void_reason}" if v.voided_at else ""
        rows.append(
            Row(
                v.code,
                f"{v.vessel_type.code}, {cells(v.cells_seeded)} cells on {v.growth_area_cm2:g} cm²"
                f" = {v.seeding_density_per_cm2:,.0f} cells/cm² (computed); {words(v.state)}"
                + void,
                record=v,
            )
        )
    total = sum(v.cells_seeded for v in vessels if v.voided_at is None)
    rows.append(Row("Total cells seeded", cells(total)))
    return r.entry(
        f"P{first.passage_number} vessels seeded {source}",
        first,
        first.seeded_at,
        rows,
        also=vessels[1:],
    )


def _harvest_infos(nodes: tuple[VesselNode, ...]) -> dict[int, HarvestInfo]:
    found: dict[int, HarvestInfo] = {}
    for node in nodes:
        if node.harvest is not None:
            found.setdefault(node.harvest.harvest_id, node.harvest)
        found.update(_harvest_infos(node.children))
    return found


def expansion_entries(r: EntryReader, lot: Lot) -> list[Entry]:
    """Each seeding of vessels and each harvest, in time order, with the computed figures."""
    infos = _harvest_infos(lot_vessel_tree(r.session, lot).roots)
    entries = []
    vessels = sorted(
        lot.vessels,
        key=lambda v: (v.seeded_at, v.source_isolation_id or 0, v.source_harvest_id or 0, v.id),
    )
    for _, group in groupby(
        vessels, key=lambda v: (v.seeded_at, v.source_isolation_id, v.source_harvest_id)
    ):
        entries.append(_seeding_entry(r, list(group)))
    for h in lot.harvests:
        pool = [hv.vessel for hv in h.vessels]
        seeded = min((v.seeded_at for v in pool), default=None)
        hours = (h.harvested_at - seeded) / timedelta(hours=1) if seeded else None
        info = infos.get(h.id)
        rows = [
            Row("Harvested at", r.when(h.harvested_at)),
            Row("Performed by", r.who(h.performed_by_id)),
            Row("Vessels harvested (pooled)", ", ".join(v.code for v in pool) or EMPTY),
            Row("Confluence", qty(h.confluence_percent, "%"), "confluence_percent"),
            *count_rows(r, h.cell_count, "Cell count"),
            Row("Cells seeded in these vessels", cells(h.cells_seeded)),
            Row("Cells harvested (computed)", cells(h.cells_harvested)),
            Row("Time in culture (computed)", f"{hours:.1f} h" if hours is not None else EMPTY),
            Row("Expansion fold (computed)", f"{h.cells_harvested / h.cells_seeded:.2f}"),
            Row("Population doublings (computed)", f"{h.population_doublings:.2f}"),
            Row(
                "Cumulative PD, this lineage (computed)",
                f"{info.cumulative_population_doublings:.2f}" if info else "— (voided)",
            ),
            Row(
                "Doubling time (computed)",
                f"{h.doubling_time_hours:.1f} h"
                if h.doubling_time_hours
                else "— (the cells did not grow)",
            ),
            Row("Notes", h.notes, "notes"),
        ]
        entries.append(r.entry(f"Harvest P{h.passage_number}", h, h.harvested_at, rows))
    return sorted(entries, key=lambda e: e.at or datetime.min.replace(tzinfo=r.tz))


# --- QC on the cells, induction, scaffold --------------------------------------------------------


def phenotype_entries(r: EntryReader, lot: Lot) -> list[Entry]:
    entries = []
    for panel in sorted(lot.immunophenotypes, key=lambda p: (p.analysed_at, p.id)):
        spec = r.session.get(Specification, panel.specification_id)
        assert spec is not None
        items = {row.test_code.upper(): spec_item(row) for row in spec.items}
        instrument = r.session.get(Equipment, panel.instrument_id) if panel.instrument_id else None
        rows = [
            Row("Judged against", spec_label(spec)),
            Row("Sampled at", r.when(panel.sampled_at)),
            Row("Analysed at", r.when(panel.analysed_at)),
            Row("Performed by", r.who(panel.performed_by_id)),
            Row(
                "Passage", f"P{panel.passage_number}" if panel.passage_number is not None else EMPTY
            ),
            Row("Events acquired", cells(panel.events_acquired)),
            Row("Flow cytometer", _equipment(instrument)),
        ]
        for marker in panel.markers:
            item = items.get(marker.marker.upper())
            limit = describe_limit(item) if item else "not in the specification"
            void = f" — VOIDED: {marker.void_reason}" if marker.voided_at else ""
            rows.append(
                Row(
                    f"{marker.marker} ({marker.expected})",
                    f"{marker.percent_positive:g} % (limit {limit}): {marker.outcome}{void}",
                    record=marker,
                )
            )
        rows.append(Row("Panel outcome (computed)", panel.outcome.upper()))
        entries.append(
            r.entry("Immunophenotype", panel, panel.analysed_at, rows, also=panel.markers)
        )
    return entries


def induction_entries(r: EntryReader, lot: Lot) -> list[Entry]:
    entries = []
    for ind in sorted(lot.inductions, key=lambda i: (i.started_at, i.id)):

        def supplement(label: str, amount: str, material_lot_id: int) -> Row:
            used = r.session.get(MaterialLot, material_lot_id)
            value = f"{amount}; {_material(used)}" if amount else _material(used)
            return Row(label, value, LOT_COLUMNS, used)

        days = (
            f"{(ind.ended_at - ind.started_at) / timedelta(days=1):.1f} days"
            if ind.ended_at
            else "in progress"
        )
        rows = [
            Row("Started at", r.when(ind.started_at)),
            Row("Ended at", r.when(ind.ended_at)),
            Row("Duration (computed)", days),
            Row("Performed by", r.who(ind.performed_by_id)),
            supplement("Base medium", "", ind.base_medium_lot_id),
            supplement("Dexamethasone", f"{ind.dexamethasone_nm:g} nM", ind.dexamethasone_lot_id),
            supplement("Ascorbate-2-phosphate", f"{ind.ascorbate_um:g} µM", ind.ascorbate_lot_id),
            supplement(
                "β-Glycerophosphate", f"{ind.glycerophosphate_mm:g} mM", ind.glycerophosphate_lot_id
            ),
            Row("ALP stain", words(ind.alp_result)),
            Row("Alizarin red stain", words(ind.alizarin_red_result)),
            Row("Notes", ind.notes, "notes"),
        ]
        entries.append(r.entry("Osteogenic induction", ind, ind.started_at, rows))
    return entries


def scaffold_entries(r: EntryReader, lot: Lot) -> list[Entry]:
    entries = []
    for s in sorted(lot.scaffold_seedings, key=lambda s: (s.seeded_at, s.id)):
        scaffold = s.scaffold_lot
        incubator = r.session.get(Equipment, s.incubator_id) if s.incubator_id else None
        count = r.session.get(CellCount, s.cell_count_id) if s.cell_count_id else None
        hours = (
            f"{(s.incubation_ended_at - s.incubation_started_at) / timedelta(hours=1):.1f} h"
            if s.incubation_ended_at
            else "in progress"
        )
        rows = [
            Row("Seeded at", r.when(s.seeded_at)),
            Row("Performed by", r.who(s.performed_by_id)),
            Row("Scaffold", f"{scaffold.product.name} ({scaffold.product.manufacturer})"),
            Row(
                "Scaffold lot",
                f"{scaffold.manufacturer_lot} ({scaffold.code})",
                "manufacturer_lot",
                scaffold,
            ),
            Row("Scaffold expiry", day(scaffold.expiry_date), "expiry_date", scaffold),
            Row("Scaffold size", scaffold.size_description, "size_description", scaffold),
            Row("Length", qty(s.scaffold_length_mm, "mm"), "scaffold_length_mm"),
            Row("Width", qty(s.scaffold_width_mm, "mm"), "scaffold_width_mm"),
            Row("Height", qty(s.scaffold_height_mm, "mm"), "scaffold_height_mm"),
            Row("Scaffold volume", qty(s.scaffold_volume_ml, "mL")),
            *(count_rows(r, count, "Cell count") if count else []),
            Row("Cells seeded", cells(s.cells_seeded)),
            Row("Suspension volume", qty(s.suspension_volume_ml, "mL")),
            Row("Cells/mL in the suspension (computed)", cells(s.cells_per_ml)),
            Row("Incubation started", r.when(s.incubation_started_at)),
            Row("Incubation ended", r.when(s.incubation_ended_at)),
            Row("Incubation (computed)", hours),
            Row("Incubator", _equipment(incubator)),
            Row("Notes", s.notes, "notes"),
        ]
        entries.append(r.entry("Scaffold seeding", s, s.seeded_at, rows))
    return entries
