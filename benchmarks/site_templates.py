"""Template lots for the synthetic site: whole lot journeys recorded through the real services,
photographed at every stage.

`record_templates` sets up a site (people, released reagents and scaffold, an incubator)
through the services, then records a lot from patient registration to implantation on a
clock that runs forward: isolation, ``passages`` pooled harvests of ``vessels`` flasks each
(every harvest counted and signed by the technician and the verifier, every new flask
labelled and its label reconciled), immunophenotype, osteogenic induction, scaffold seeding,
QC, QA release, dispatch and implantation. After each step the database file is copied: the
copy is the lot *at that stage* (`Template`). Two branches fork from the copies: a lot whose
endotoxin fails (rejected, then the construct discarded) and a lot contaminated in culture
(deviation, lot discarded); a second journey gives a receipt outside limits, with and
without its deviation.

Everything a template holds was written by the services, so its rows, signatures and audit
entries are exactly what a bench leaves behind; `benchmarks.make_site` copies them, many
times over, into a site of any size.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from sqlalchemy import event, func, select

from labtracker.clock import ManualClock, get_clock, set_clock
from labtracker.db.engine import make_engine
from labtracker.db.migrate import upgrade
from labtracker.db.models import AuditEntry
from labtracker.domain.lot_states import LotStatus
from labtracker.domain.permissions import Role
from labtracker.services import (
    auth,
    bedside,
    culture,
    custody,
    deviations,
    induction,
    labels,
    lots,
    materials,
    patients,
    quality,
    release,
    setup,
    users,
)
from labtracker.services.context import Actor, Database
from labtracker.services.culture import CountInput, VesselSeeding
from labtracker.services.signatures import Meaning, sign

PASSWORD = "Bench-Template-1!"
FACILITY = "A9999"
TIMEZONE = "Asia/Shanghai"
PEOPLE = (
    ("tech", "Li Wang", Role.TECHNICIAN, "CELL-LAB-1"),
    ("tech2", "Hua Sun", Role.TECHNICIAN, "CELL-LAB-2"),
    ("super", "Zhang Liu", Role.VERIFIER, "CELL-LAB-1"),
    ("qa", "Mei Chen", Role.QA, "QA-OFFICE"),
    ("surgeon", "Dr Zhao Ming", Role.SURGEON, "THEATRE-4"),
)
MATERIALS = (
    ("Heparin sodium", "anticoagulant", "H3393"),
    ("α-MEM", "medium", "M0894"),
    ("Fetal bovine serum", "supplement", "F7524"),
    ("Dexamethasone", "supplement", "D4902"),
    ("Ascorbate-2-phosphate", "supplement", "A8960"),
    ("β-Glycerophosphate", "supplement", "G9422"),
    ("Trypsin-EDTA", "enzyme", "T4049"),
    ("Ficoll-Paque", "reagent", "17-1440"),
)
EXCLUSIONS = ("I3", *(f"E{n}" for n in (1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13)))
PHENOTYPE = {
    "CD73": 99.0,
    "CD90": 98.4,
    "CD105": 96.9,
    "CD34": 0.5,
    "CD45": 0.7,
    "CD14": 0.2,
    "CD19": 0.1,
    "HLA-DR": 0.6,
}
QC_RESULTS: dict[str, tuple[float | None, str | None, str]] = {
    "viability": (91.5, None, "%"),
    "sterility_aerobic": (None, "no growth", ""),
    "sterility_anaerobic": (None, "no growth", ""),
    "gram_stain": (None, "no organisms seen", ""),
    "mycoplasma": (None, "negative", ""),
    "endotoxin": (0.1, None, "EU/mL"),
    "cell_count": (2.7e7, None, "cells"),
}
# Cells put into each T175 flask of a passage, and what a harvest of a flask yields (a
# population doubling or two a passage, varying from passage to passage).
CELLS_PER_FLASK = 350_000
DOUBLINGS = (1.6, 1.9, 1.4, 2.1, 1.7)


@dataclass(frozen=True)
class Template:
    """One lot as it stood at one stage, in a copy of the template database."""

    stage: str  # "created", "in_culture_p7", "implanted", ...
    status: LotStatus
    snapshot: Path
    lot_id: int
    din: str
    mrn: str
    first_audit_id: int  # the journey's audit entries in that copy: first..last
    last_audit_id: int
    started_at: datetime  # the journey's first step (registering the patient)
    taken_at: datetime  # the clock when the copy was taken


@dataclass(frozen=True)
class TemplateSet:
    base: Path  # the site as set up, before any lot: every generated site starts from it
    base_time: datetime
    templates: dict[str, Template]
    passages: int
    vessels: int


def _fast(engine: Any) -> Any:
    """A template database is scratch: no fsync while recording (the site's own engine keeps
    synchronous=FULL)."""

    @event.listens_for(engine, "connect")
    def _no_sync(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute("PRAGMA synchronous=OFF")

    return engine


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy of a SQLite database in WAL mode (the backup API, not a file copy)."""
    target.unlink(missing_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


class _Recorder:
    """Records journeys through the services on one template database."""

    def __init__(self, path: Path, clock: ManualClock) -> None:
        self.path = path
        self.engine = _fast(make_engine(f"sqlite:///{path}"))
        self.db = Database(self.engine)
        self.clock = clock
        self.people: dict[str, Actor] = {}
        self.codes: dict[str, str] = {}
        self.scaffold = ""
        self.patients = 0

    # --- plumbing ---------------------------------------------------------------------------

    def at(self, **delta: float) -> None:
        self.clock.advance(timedelta(**delta))

    def now(self) -> datetime:
        return self.clock.now()

    def last_audit_id(self) -> int:
        with self.engine.connect() as connection:
            return connection.execute(select(func.max(AuditEntry.id))).scalar() or 0

    def snapshot(self, target: Path) -> None:
        copy_database(self.path, target)

    def close(self) -> None:
        self.engine.dispose()

    def sign_step(self, table: str, record_id: int, maker: str = "tech") -> None:
        for who, meaning in ((maker, Meaning.PERFORMED), ("super", Meaning.VERIFIED)):
            sign(
                self.db,
                self.people[who],
                record_table=table,
                record_id=record_id,
                meaning=meaning,
                username=who,
                password=PASSWORD,
            )

    # --- the site ---------------------------------------------------------------------------

    def set_up(self) -> None:
        setup.set_up_site(
            self.db,
            username="admin",
            full_name="Ada Admin",
            password=PASSWORD,
            site_name="Xinxiang Bone Tissue Lab (synthetic benchmark site)",
            facility_code=FACILITY,
            timezone=TIMEZONE,
            station="ADMIN-PC",
        )
        admin = auth.login(self.db, "admin", PASSWORD, station="ADMIN-PC")
        self.people["admin"] = admin
        for username, name, role, station in PEOPLE:
            users.add_user(self.db, admin, username, name, [role], "Temp-Bench-0000!")
            users.change_password(self.db, username, "Temp-Bench-0000!", PASSWORD, station=station)
            self.people[username] = auth.login(self.db, username, PASSWORD, station=station)
        tech, qa = self.people["tech"], self.people["qa"]
        # In date for the whole history the generator spreads lots over.
        expiry = (self.now() + timedelta(days=3650)).date()
        for name, kind, catalogue in MATERIALS:
            lot = materials.receive_material_lot(
                self.db,
                tech,
                name=name,
                kind=kind,
                manufacturer="Sigma-Aldrich",
                catalogue_number=catalogue,
                lot_number=f"SL{catalogue.replace('-', '')}",
                expiry_date=expiry,
            )
            materials.decide_material_lot(
                self.db, qa, lot.code, release=True, reason="certificate of analysis checked"
            )
            self.codes[name] = lot.code
        scaffold = materials.receive_scaffold_lot(
            self.db,
            tech,
            product="Demineralized bone matrix block",
            manufacturer="Aorui",
            catalogue_number="DBM-25",
            manufacturer_lot="DBM2601",
            expiry_date=expiry,
            volume_ml=1.5,
            size_description="25 × 10 × 6 mm",
        )
        materials.decide_scaffold_lot(
            self.db, qa, scaffold.code, release=True, reason="certificate checked"
        )
        self.scaffold = scaffold.code
        materials.register_equipment(
            self.db,
            qa,
            asset_tag="INC-01",
            name="CO₂ incubator 1",
            kind="incubator",
            location="Cell lab",
            calibrated_on=self.now().date(),
            calibration_due_on=expiry,
        )

    # --- the steps of a lot -----------------------------------------------------------------

    def start(self) -> tuple[str, str]:
        self.patients += 1
        n = self.patients
        mrn = f"TPL{n:07d}"
        tech = self.people["tech"]
        patients.register_patient(
            self.db,
            tech,
            mrn=mrn,
            family_name="王",
            given_name="建国",
            name_romanised="Wang Jianguo",
            date_of_birth=date(1981, 4, 2),
            sex="male",
            weight_kg=72.0,
            trial_subject_number=f"TPL-{n:04d}",
        )
        view = patients.assess_eligibility(
            self.db,
            tech,
            mrn,
            assessed_at=self.now(),
            defect_length_cm=2.4,
            defect_cross_section_percent=45,
            bmd_t_score=-0.8,
            answers={code: ("no", "history, examination and records") for code in EXCLUSIONS},
        )
        patients.sign_eligibility(
            self.db,
            self.people["surgeon"],
            view.assessment_id,
            username="surgeon",
            password=PASSWORD,
        )
        patients.record_consent(
            self.db,
            tech,
            mrn,
            consent_date=self.now().date(),
            form_version="ICF v2.0",
            obtained_by_username="surgeon",
            witness_name="Nurse Sun",
        )
        self.at(minutes=30)
        return lots.start_lot(self.db, tech, mrn).din, mrn

    def aspirate(self, din: str) -> None:
        self.at(hours=2)
        lots.record_aspirate(
            self.db,
            self.people["tech"],
            din,
            collection_site="left posterior iliac crest",
            volume_ml=16,
            anticoagulant="heparin",
            anticoagulant_lot=self.codes["Heparin sodium"],
            collected_at=self.now(),
            collected_by_name="Dr Zhao Ming",
            transport_temperature_c=8,
        )

    def receive(self, din: str, temperature: float = 8) -> lots.ReceiptResult:
        self.at(hours=3)
        return lots.receive_aspirate(
            self.db,
            self.people["tech"],
            din,
            received_at=self.now(),
            condition="acceptable",
            temperature_c=temperature,
        )

    def isolate(self, din: str) -> list[str]:
        self.at(hours=1)
        result = culture.record_isolation(
            self.db,
            self.people["tech"],
            din,
            method="density_gradient",
            started_at=self.now(),
            aspirate_volume_used_ml=16,
            count=CountInput.hemocytometer(
                live_cells=118,
                dead_cells=12,
                squares_counted=4,
                dilution_factor=2,
                suspension_volume_ml=5,
                counted_at=self.now(),
            ),
            vessels=[VesselSeeding("T75", 150_000), VesselSeeding("T75", 150_000)],
            reagent_lots=[self.codes["Ficoll-Paque"], self.codes["α-MEM"]],
            incubator="INC-01",
        )
        self.sign_step("isolation", result.isolation_id)
        return [v.code for v in result.vessels]

    def harvest(self, din: str, codes: list[str], *, days: float, cells: float) -> int:
        """Harvest (pooled) about ``cells`` cells from ``codes``; returns the harvest id."""
        self.at(days=days)
        cells_per_ml = 1.2e6
        result = culture.record_harvest(
            self.db,
            self.people["tech"],
            din,
            vessel_codes=codes,
            harvested_at=self.now(),
            confluence_percent=80,
            count=CountInput.automated(
                cells_per_ml=cells_per_ml,
                viability_percent=95.5,
                suspension_volume_ml=round(cells / cells_per_ml, 1),
                counted_at=self.now(),
            ),
        )
        self.sign_step("harvest", result.harvest_id)
        return result.harvest_id

    def seed(self, din: str, harvest_id: int, flasks: int, cells: int, label: bool) -> list[str]:
        tech = self.people["tech"]
        seeded = culture.seed_vessels(
            self.db,
            tech,
            din,
            harvest_id=harvest_id,
            vessels=[VesselSeeding("T175", cells)] * flasks,
            seeded_at=self.now(),
            incubator="INC-01",
        )
        codes = [v.code for v in seeded.vessels]
        if label:  # each new flask gets its label, applied at once
            for code in codes:
                printed = labels.print_labels(
                    self.db, tech, code, "vessel", copies=1, stock="2x1in", printer="LAB-ZEBRA-1"
                )
                labels.reconcile(self.db, tech, printed.label_print_id, applied=1, destroyed=0)
        return codes

    def start_induction(self, din: str, harvest_id: int, passage: int, cells: float) -> int:
        tech = self.people["tech"]
        quality.record_immunophenotype(
            self.db,
            tech,
            din,
            sampled_at=self.now(),
            analysed_at=self.now(),
            passage_number=passage,
            markers=PHENOTYPE,
        )
        # Six T175 flasks for induction, as full as the last harvest allows.
        self.seed(din, harvest_id, 6, min(525_000, math.floor(cells * 0.9 / 6)), label=True)
        self.at(days=1)
        return induction.start_induction(
            self.db,
            tech,
            din,
            started_at=self.now(),
            base_medium_lot=self.codes["α-MEM"],
            dexamethasone_lot=self.codes["Dexamethasone"],
            ascorbate_lot=self.codes["Ascorbate-2-phosphate"],
            glycerophosphate_lot=self.codes["β-Glycerophosphate"],
        ).induction_id

    def finish_induction(self, din: str, induction_id: int) -> None:
        tech = self.people["tech"]
        self.at(days=14)
        induction.end_induction(
            self.db,
            tech,
            din,
            ended_at=self.now(),
            alp_result="positive",
            alizarin_red_result="positive",
        )
        self.sign_step("osteogenic_induction", induction_id)
        seeded = induction.seed_scaffold(
            self.db,
            tech,
            din,
            scaffold_lot=self.scaffold,
            seeded_at=self.now(),
            scaffold_volume_ml=1.5,
            cells_seeded=3e7,
            suspension_volume_ml=1.5,
            incubation_started_at=self.now(),
        )
        self.sign_step("scaffold_seeding", seeded.seeding_id)
        printed = labels.print_labels(
            self.db, tech, f"={din}00", "quarantine", copies=1, stock="4x2in"
        )
        labels.reconcile(
            self.db,
            tech,
            printed.label_print_id,
            applied=1,
            destroyed=0,
            notes="applied to the construct container",
        )

    def take_samples(self, din: str) -> dict[str, str]:
        self.at(hours=1)
        return {
            code: quality.take_qc_sample(
                self.db,
                self.people["tech"],
                din,
                test_code=code,
                stage="final construct",
                taken_at=self.now(),
                sent_to="Hospital microbiology",
            ).code
            for code in QC_RESULTS
        }

    def results(self, samples: dict[str, str], *, endotoxin: float) -> None:
        self.at(days=1)
        for code, (value, text, unit) in QC_RESULTS.items():
            quality.record_qc_result(
                self.db,
                self.people["tech2"],
                samples[code],
                value=endotoxin if code == "endotoxin" else value,
                text=text,
                unit=unit,
                tested_at=self.now(),
                laboratory="Hospital microbiology",
            )


def _cells_for(flasks: int, passage: int) -> float:
    """A pooled harvest of ``flasks`` T175 flasks at ``passage``: cells seeded × 2^PD."""
    return flasks * CELLS_PER_FLASK * 2 ** DOUBLINGS[passage % len(DOUBLINGS)]


def record_templates(
    workdir: Path,
    *,
    passages: int = 20,
    vessels: int = 20,
    start: datetime,
    progress: Callable[[str], None] = lambda _text: None,
) -> TemplateSet:
    """Record the template journeys in ``workdir`` (see module docstring)."""
    if not 1 <= passages <= 20:
        raise ValueError("passages: 1 to 20 (the immunophenotype is taken at P0–P19)")
    if not 1 <= vessels <= 60:
        raise ValueError("vessels: 1 to 60 flasks a passage")
    workdir.mkdir(parents=True, exist_ok=True)
    main = workdir / "templates.sqlite3"
    main.unlink(missing_ok=True)
    clock = ManualClock(start)
    previous = set_clock(clock)
    # argon2 at its shipped cost is ~0.1–0.3 s a check; a template signs hundreds of times.
    # Cheap parameters for the scratch recording (the hash carries its own parameters, so
    # the shipped hasher still verifies them); `make_site` sets real passwords at the end.
    shipped_hasher, auth.HASHER = (
        auth.HASHER,
        PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1),
    )
    try:
        upgrade(make_engine(f"sqlite:///{main}"))
        rec = _Recorder(main, clock)
        rec.set_up()
        base = workdir / "base.sqlite3"
        rec.snapshot(base)
        base_time = clock.now()
        templates: dict[str, Template] = {}

        def take(
            recorder: _Recorder,
            stage: str,
            status: LotStatus,
            lot: tuple[str, str],
            first: int,
            started: datetime,
        ) -> None:
            path = workdir / f"{stage}.sqlite3"
            recorder.snapshot(path)
            din, mrn = lot
            with recorder.engine.connect() as connection:
                lot_id = connection.exec_driver_sql(
                    "SELECT id FROM lot WHERE din = ?", (din,)
                ).scalar_one()
            templates[stage] = Template(
                stage,
                status,
                path,
                lot_id,
                din,
                mrn,
                first,
                recorder.last_audit_id(),
                started,
                recorder.clock.now(),
            )
            progress(f"template {stage}")

        # 1. The whole journey, photographed at every stage.
        rec.at(days=1)
        first, started = rec.last_audit_id() + 1, clock.now()
        lot = rec.start()
        din = lot[0]
        take(rec, "created", LotStatus.CREATED, lot, first, started)
        rec.aspirate(din)
        take(rec, "aspirate_collected", LotStatus.ASPIRATE_COLLECTED, lot, first, started)
        rec.receive(din)
        take(rec, "received", LotStatus.RECEIVED, lot, first, started)
        codes = rec.isolate(din)
        take(rec, "in_culture_p0", LotStatus.IN_CULTURE, lot, first, started)
        harvest_id = 0
        for passage in range(passages):
            flasks = len(codes)
            cells = (
                max(vessels * CELLS_PER_FLASK * 1.3, 1.2e7)
                if passage == 0
                else _cells_for(flasks, passage)
            )
            if passage == 0:  # two T75 flasks of primary culture: at most 15 million cells
                cells = min(cells, 1.4e7)
            harvest_id = rec.harvest(din, codes, days=7 if passage == 0 else 6, cells=cells)
            if passage == passages - 1:
                break
            take_cells = min(CELLS_PER_FLASK, math.floor(cells * 0.9 / vessels))
            codes = rec.seed(din, harvest_id, vessels, take_cells, label=True)
            take(rec, f"in_culture_p{passage + 1}", LotStatus.IN_CULTURE, lot, first, started)
        induction_id = rec.start_induction(din, harvest_id, passages - 1, cells)
        take(rec, "in_induction", LotStatus.IN_INDUCTION, lot, first, started)
        rec.finish_induction(din, induction_id)
        take(rec, "seeded", LotStatus.SEEDED, lot, first, started)
        samples = rec.take_samples(din)
        take(rec, "seeded_qc_pending", LotStatus.SEEDED, lot, first, started)
        pending = workdir / "seeded_qc_pending.sqlite3"
        pending_time = clock.now()
        rec.results(samples, endotoxin=0.1)
        take(rec, "seeded_qc_passed", LotStatus.SEEDED, lot, first, started)
        release.release_lot(rec.db, rec.people["qa"], din, username="qa", password=PASSWORD)
        take(rec, "released", LotStatus.RELEASED, lot, first, started)
        rec.at(hours=3)
        custody.record_handover(
            rec.db,
            rec.people["tech"],
            f"={din}00",
            event="dispatched",
            from_name="Li Wang",
            to_name="Courier Wu",
            from_location="Cell lab",
            to_location="Operating theatre 4",
            temperature_c=6,
            occurred_at=clock.now(),
        )
        take(rec, "dispatched", LotStatus.DISPATCHED, lot, first, started)
        rec.at(hours=1)
        bedside.record_implantation(
            rec.db,
            rec.people["surgeon"],
            construct_scan=f"={din}00",
            wristband_scan=f"MRN:{lot[1]}",
            implanted_at=clock.now(),
            operating_room="OR 4",
            implant_site="left tibia",
            username="surgeon",
            password=PASSWORD,
        )
        take(rec, "implanted", LotStatus.IMPLANTED, lot, first, started)

        # 2. A receipt outside limits: blocked, then with its deviation.
        rec.at(days=2)
        first2, started2 = rec.last_audit_id() + 1, clock.now()
        warm = rec.start()
        rec.aspirate(warm[0])
        receipt = rec.receive(warm[0], temperature=29)
        take(rec, "received_outside_limits", LotStatus.RECEIVED, warm, first2, started2)
        rec.at(minutes=20)
        deviations.raise_deviation(
            rec.db,
            rec.people["tech"],
            din=warm[0],
            title="Aspirate received above 25 °C",
            description="; ".join(receipt.problems),
            occurred_at=clock.now(),
            classification="major",
            link_receipt=True,
        )
        take(rec, "received_with_deviation", LotStatus.RECEIVED, warm, first2, started2)
        rec.close()

        # 3. Branches from the photographs: endotoxin fails; contamination in culture.
        failed_clock = ManualClock(pending_time)
        set_clock(failed_clock)
        branch = workdir / "branch_failed.sqlite3"
        copy_database(pending, branch)
        fork = _Recorder(branch, failed_clock)
        fork.people = rec.people
        fork.results(samples, endotoxin=0.8)
        take(fork, "seeded_qc_failed", LotStatus.SEEDED, lot, first, started)
        fork.at(hours=4)
        release.reject_lot(
            fork.db,
            fork.people["qa"],
            din,
            reason="endotoxin 0.8 EU/mL, above the 0.5 EU/mL limit",
            username="qa",
            password=PASSWORD,
        )
        take(fork, "rejected", LotStatus.REJECTED, lot, first, started)
        fork.at(hours=2)
        deviations.discard(
            fork.db,
            fork.people["tech"],
            din,
            scope="construct",
            vessel_code=None,
            reason="rejected by QA (endotoxin out of specification)",
            witness_username="super",
            witness_password=PASSWORD,
        )
        take(fork, "discarded_construct", LotStatus.DISCARDED, lot, first, started)
        fork.close()

        contaminated_at = min(3, passages - 1)
        source = templates[f"in_culture_p{contaminated_at}"]
        dirty_clock = ManualClock(source.taken_at)
        set_clock(dirty_clock)
        branch = workdir / "branch_contaminated.sqlite3"
        copy_database(source.snapshot, branch)
        fork = _Recorder(branch, dirty_clock)
        fork.people = rec.people
        fork.at(days=2)
        number = deviations.raise_deviation(
            fork.db,
            fork.people["tech"],
            din=din,
            title=f"Turbid medium in P{contaminated_at} flasks",
            description="Medium turbid and yellow in every flask at the daily check; "
            "Gram stain shows Gram-positive cocci.",
            occurred_at=dirty_clock.now(),
            classification="critical",
        )
        fork.at(hours=1)
        deviations.discard(
            fork.db,
            fork.people["tech"],
            din,
            scope="lot",
            vessel_code=None,
            reason="bacterial contamination in culture",
            witness_username="super",
            witness_password=PASSWORD,
            deviation_number=number,
        )
        take(fork, "discarded_in_culture", LotStatus.DISCARDED, lot, first, started)
        fork.close()
        return TemplateSet(base, base_time, templates, passages, vessels)
    finally:
        auth.HASHER = shipped_hasher
        set_clock(previous)


def default_start(years: float) -> datetime:
    """When the template site is set up: before the oldest lot the generator will place."""
    now = get_clock().now().astimezone(UTC)
    return (now - timedelta(days=365 * years + 400)).replace(microsecond=0)
