"""`labtracker demo`: a living demonstration site in an empty database.

Everything is recorded through the same services the app uses, on a clock that runs from 100
days ago to now, so the demo's records, signatures and audit trail are exactly what real use
leaves behind. Every account's password is DEMO_PASSWORD. Never run it on a production
database: it refuses any database that already has users.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from labtracker.clock import ManualClock, get_clock, set_clock
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

DEMO_PASSWORD = "Demo-Passw0rd!"
# The password the accounts carry while the demo's clock runs in the past; each account
# changes it to DEMO_PASSWORD at the end, "today", so no password has expired when the demo
# is opened (the site's expiry is 90 days and the demo's history starts 100 days ago).
_HISTORY_PASSWORD = "Demo-History-1!"
PEOPLE = (
    ("tech", "Li Wang", Role.TECHNICIAN),
    ("tech2", "Hua Sun", Role.TECHNICIAN),
    ("super", "Zhang Liu", Role.VERIFIER),
    ("qa", "Mei Chen", Role.QA),
    ("surgeon", "Dr Zhao Ming", Role.SURGEON),
)
# What a BMSC lab has on the shelf: (name, kind, catalogue number). Also the test lab's stock.
STARTER_MATERIALS = (
    ("Heparin sodium", "anticoagulant", "H3393"),
    ("α-MEM", "medium", "M0894"),
    ("Fetal bovine serum", "supplement", "F7524"),
    ("Dexamethasone", "supplement", "D4902"),
    ("Ascorbate-2-phosphate", "supplement", "A8960"),
    ("β-Glycerophosphate", "supplement", "G9422"),
    ("Trypsin-EDTA", "enzyme", "T4049"),
    ("Ficoll-Paque", "reagent", "17-1440"),
)
PATIENTS = (
    # mrn, family, given, romanised, dob, sex, weight
    ("MRN0010001", "王", "建国", "Wang Jianguo", date(1981, 4, 2), "male", 72.0),
    ("MRN0010002", "李", "娜", "Li Na", date(1990, 9, 14), "female", 58.0),
    ("MRN0010003", "张", "伟", "Zhang Wei", date(1976, 1, 30), "male", 80.0),
    ("MRN0010004", "刘", "洋", "Liu Yang", date(1995, 7, 8), "male", 66.0),
    ("MRN0010005", "陈", "静", "Chen Jing", date(1988, 12, 21), "female", 61.0),
)


@dataclass(frozen=True)
class DemoSite:
    usernames: tuple[str, ...]
    password: str
    lots: tuple[tuple[str, str], ...]  # (DIN, what stage it shows)


class _Demo:
    def __init__(self, db: Database, clock: ManualClock) -> None:
        self.db, self.clock = db, clock
        self.people: dict[str, Actor] = {}
        self.codes: dict[str, str] = {}
        self.scaffold = ""

    def at(self, **delta: float) -> None:
        self.clock.advance(timedelta(**delta))

    def now(self):  # type: ignore[no-untyped-def]
        return self.clock.now()

    def sign_step(self, table: str, record_id: int) -> None:
        sign(
            self.db,
            self.people["tech"],
            record_table=table,
            record_id=record_id,
            meaning=Meaning.PERFORMED,
            username="tech",
            password=_HISTORY_PASSWORD,
        )
        sign(
            self.db,
            self.people["super"],
            record_table=table,
            record_id=record_id,
            meaning=Meaning.VERIFIED,
            username="super",
            password=_HISTORY_PASSWORD,
        )

    # --- the site ---------------------------------------------------------------------------

    def set_up(self) -> None:
        setup.set_up_site(
            self.db,
            username="admin",
            full_name="Ada Admin",
            password=_HISTORY_PASSWORD,
            site_name="Xinxiang Bone Tissue Lab (demo)",
            facility_code="A9999",
            timezone="Asia/Shanghai",
            station="demo",
        )
        admin = auth.login(self.db, "admin", _HISTORY_PASSWORD, station="demo")
        for username, name, role in PEOPLE:
            users.add_user(self.db, admin, username, name, [role], "Temp-Demo-0000!")
            users.change_password(
                self.db, username, "Temp-Demo-0000!", _HISTORY_PASSWORD, station="demo"
            )
            self.people[username] = auth.login(self.db, username, _HISTORY_PASSWORD, station="demo")
        tech, qa = self.people["tech"], self.people["qa"]
        for name, kind, catalogue in STARTER_MATERIALS:
            lot = materials.receive_material_lot(
                self.db,
                tech,
                name=name,
                kind=kind,
                manufacturer="Sigma-Aldrich",
                catalogue_number=catalogue,
                lot_number=f"SL{catalogue.replace('-', '')}",
                expiry_date=(self.now() + timedelta(days=300)).date(),
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
            expiry_date=(self.now() + timedelta(days=400)).date(),
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
            calibrated_on=(self.now() - timedelta(days=100)).date(),
            calibration_due_on=(self.now() + timedelta(days=265)).date(),
        )

    # --- a lot, step by step ---------------------------------------------------------------

    def enrol(self, index: int) -> str:
        mrn, family, given, romanised, dob, sex, weight = PATIENTS[index]
        tech = self.people["tech"]
        patients.register_patient(
            self.db,
            tech,
            mrn=mrn,
            family_name=family,
            given_name=given,
            name_romanised=romanised,
            date_of_birth=dob,
            sex=sex,
            weight_kg=weight,
            trial_subject_number=f"TEB-{index + 1:03d}",
        )
        answers = {
            code: ("no", "history, examination and records")
            for code in (
                "I3",
                "E1",
                "E2",
                "E4",
                "E5",
                "E6",
                "E7",
                "E8",
                "E9",
                "E10",
                "E11",
                "E12",
                "E13",
            )
        }
        view = patients.assess_eligibility(
            self.db,
            tech,
            mrn,
            assessed_at=self.now(),
            defect_length_cm=2.4,
            defect_cross_section_percent=45,
            bmd_t_score=-0.8,
            answers=answers,
        )
        patients.sign_eligibility(
            self.db,
            self.people["surgeon"],
            view.assessment_id,
            username="surgeon",
            password=_HISTORY_PASSWORD,
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
        return mrn

    def start(self, index: int) -> str:
        mrn = self.enrol(index)
        tech = self.people["tech"]
        din = lots.start_lot(self.db, tech, mrn).din
        self.at(hours=2)
        lots.record_aspirate(
            self.db,
            tech,
            din,
            collection_site="left posterior iliac crest",
            volume_ml=16,
            anticoagulant="heparin",
            anticoagulant_lot=self.codes["Heparin sodium"],
            collected_at=self.now(),
            collected_by_name="Dr Zhao Ming",
            transport_temperature_c=8,
        )
        return din

    def receive(self, din: str, *, temperature: float = 8) -> lots.ReceiptResult:
        self.at(hours=3)
        return lots.receive_aspirate(
            self.db,
            self.people["tech"],
            din,
            received_at=self.now(),
            condition="acceptable",
            temperature_c=temperature,
        )

    def isolate(self, din: str) -> culture.IsolationResult:
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
        return result

    def harvest(
        self, din: str, codes: list[str], *, days: float, cells_per_ml: float, volume: float
    ) -> culture.HarvestResult:
        self.at(days=days)
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
                suspension_volume_ml=volume,
                counted_at=self.now(),
            ),
        )
        self.sign_step("harvest", result.harvest_id)
        return result

    def expand(self, din: str) -> culture.HarvestResult:
        iso = self.isolate(din)
        p0 = self.harvest(din, [v.code for v in iso.vessels], days=7, cells_per_ml=1.2e6, volume=10)
        seeded = culture.seed_vessels(
            self.db,
            self.people["tech"],
            din,
            harvest_id=p0.harvest_id,
            vessels=[VesselSeeding("T175", 350_000)] * 4,
            seeded_at=self.now(),
            incubator="INC-01",
        )
        return self.harvest(
            din, [v.code for v in seeded.vessels], days=6, cells_per_ml=1.1e6, volume=20
        )

    def induce_and_seed(self, din: str, p1: culture.HarvestResult) -> None:
        induction_id = self.start_inducing(din, p1)
        self.at(days=14)
        self.finish(din, induction_id)

    def start_inducing(self, din: str, p1: culture.HarvestResult) -> int:
        tech = self.people["tech"]
        quality.record_immunophenotype(
            self.db,
            tech,
            din,
            sampled_at=self.now(),
            analysed_at=self.now(),
            passage_number=1,
            markers={
                "CD73": 99.0,
                "CD90": 98.4,
                "CD105": 96.9,
                "CD34": 0.5,
                "CD45": 0.7,
                "CD14": 0.2,
                "CD19": 0.1,
                "HLA-DR": 0.6,
            },
        )
        culture.seed_vessels(
            self.db,
            tech,
            din,
            harvest_id=p1.harvest_id,
            vessels=[VesselSeeding("T175", 525_000)] * 6,
            seeded_at=self.now(),
        )
        self.at(days=1)
        started = induction.start_induction(
            self.db,
            tech,
            din,
            started_at=self.now(),
            base_medium_lot=self.codes["α-MEM"],
            dexamethasone_lot=self.codes["Dexamethasone"],
            ascorbate_lot=self.codes["Ascorbate-2-phosphate"],
            glycerophosphate_lot=self.codes["β-Glycerophosphate"],
        )
        return started.induction_id

    def finish(self, din: str, induction_id: int) -> None:
        """End induction, seed the scaffold, print and reconcile the quarantine label."""
        tech = self.people["tech"]
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

    def qc(self, din: str, *, endotoxin: float = 0.1) -> None:
        tech = self.people["tech"]
        results: dict[str, tuple[float | None, str | None, str]] = {
            "viability": (91.5, None, "%"),
            "sterility_aerobic": (None, "no growth", ""),
            "sterility_anaerobic": (None, "no growth", ""),
            "gram_stain": (None, "no organisms seen", ""),
            "mycoplasma": (None, "negative", ""),
            "endotoxin": (endotoxin, None, "EU/mL"),
            "cell_count": (2.7e7, None, "cells"),
        }
        self.at(hours=1)
        samples = {
            code: quality.take_qc_sample(
                self.db, tech, din, test_code=code, stage="final construct", taken_at=self.now()
            ).code
            for code in results
        }
        self.at(days=1)
        for code, (value, text, unit) in results.items():
            quality.record_qc_result(
                self.db,
                tech,
                samples[code],
                value=value,
                text=text,
                unit=unit,
                tested_at=self.now(),
                laboratory="Hospital microbiology",
            )


def create_demo(db: Database) -> DemoSite:
    """Fill an empty database with a demonstration site (see module docstring)."""
    if not setup.needs_set_up(db):
        raise users.UserError("The demo needs an empty database; this one already has users.")
    real = get_clock()
    now = real.now()
    clock = ManualClock(now - timedelta(days=100))
    set_clock(clock)
    try:
        demo = _Demo(db, clock)
        demo.set_up()
        made: list[tuple[str, str]] = []
        tech, qa = (demo.people[n] for n in ("tech", "qa"))

        # 1. Implanted: the whole journey (about a month, ending ten weeks ago).
        din = demo.start(0)
        demo.receive(din)
        demo.induce_and_seed(din, demo.expand(din))
        demo.qc(din)
        release.release_lot(db, qa, din, username="qa", password=_HISTORY_PASSWORD)
        demo.at(hours=3)
        custody.record_handover(
            db,
            tech,
            f"={din}00",
            event="dispatched",
            from_name="Li Wang",
            to_name="Courier Wu",
            from_location="Cell lab",
            to_location="Operating theatre 4",
            temperature_c=6,
            occurred_at=demo.now(),
        )
        demo.at(hours=1)
        bedside.record_implantation(
            db,
            demo.people["surgeon"],
            construct_scan=f"={din}00",
            wristband_scan=f"MRN:{PATIENTS[0][0]}",
            implanted_at=demo.now(),
            operating_room="OR 4",
            implant_site="left tibia",
            username="surgeon",
            password=_HISTORY_PASSWORD,
        )
        made.append((din, "implanted"))

        # 2. Failed QC: endotoxin out of specification, waiting for QA to reject it.
        demo.at(days=1)
        din = demo.start(1)
        demo.receive(din)
        demo.induce_and_seed(din, demo.expand(din))
        demo.qc(din, endotoxin=0.8)
        made.append((din, "seeded; endotoxin failed, QA to reject"))

        # 3. Released within the last day (expiry counting down), with lot 4 expanding
        #    while lot 3 is in induction, so the clock only ever moves forward.
        _forward(clock, now - timedelta(days=30))
        din3 = demo.start(2)
        demo.receive(din3)
        induction_id = demo.start_inducing(din3, demo.expand(din3))

        # 4. In expansion: P0 harvested, P1 growing.
        demo.at(hours=1)
        din = demo.start(3)
        demo.receive(din)
        iso = demo.isolate(din)
        p0 = demo.harvest(din, [v.code for v in iso.vessels], days=7, cells_per_ml=1.0e6, volume=10)
        culture.seed_vessels(
            db,
            tech,
            din,
            harvest_id=p0.harvest_id,
            vessels=[VesselSeeding("T175", 350_000)] * 4,
            seeded_at=demo.now(),
        )
        made.append((din, "in culture (P1)"))

        _forward(clock, now - timedelta(days=1, hours=12))
        demo.finish(din3, induction_id)
        demo.qc(din3)
        release.release_lot(db, qa, din3, username="qa", password=_HISTORY_PASSWORD)
        made.insert(2, (din3, "released, awaiting dispatch"))

        # 5. Received warm this morning: an open deviation before processing.
        _forward(clock, now - timedelta(hours=6))
        din = demo.start(4)
        receipt = demo.receive(din, temperature=29)
        deviations.raise_deviation(
            db,
            tech,
            din=din,
            title="Aspirate received above 25 °C",
            description="; ".join(receipt.problems),
            occurred_at=demo.now(),
            classification="major",
            link_receipt=True,
        )
        made.append((din, "received outside limits; open deviation"))
        usernames = ("admin", *(p[0] for p in PEOPLE))
        for username in usernames:
            users.change_password(db, username, _HISTORY_PASSWORD, DEMO_PASSWORD, station="demo")
        return DemoSite(usernames, DEMO_PASSWORD, tuple(made))
    finally:
        set_clock(real)


def _forward(clock: ManualClock, when: datetime) -> None:
    """Move the demo clock on to ``when``; it never runs backwards (the audit trail would)."""
    if when < clock.now():
        raise AssertionError(f"demo schedule runs backwards: {when} < {clock.now()}")
    clock.set(when)
