"""A laboratory with lots at every stage, built once per backend and copied for each test
module of the hostile-input and access suites (tests/reliability/test_hostile_input.py,
test_access.py).

Building it through the real services takes ~20 s per backend (six full lots, ~30 password
checks); a PostgreSQL database copied from a template takes ~1.5 s. So the world is built
once per test session and backend, and each *module* gets its own copy: a refused action
changes nothing (every test asserts it), so the cases of a module can share one copy, and
a case that must succeed makes its own lot, patient or record first.

The world's clock is a ManualClock that only moves forward, by minutes within a test, so the
two dispatched constructs stay in date (48 h) for the whole module.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from labtracker.clock import ManualClock, set_clock
from labtracker.db.engine import make_engine
from labtracker.domain.permissions import Role
from labtracker.services import (
    auth,
    culture,
    custody,
    induction,
    labels,
    lots,
    materials,
    quality,
    release,
    users,
)
from labtracker.services.context import Actor, Database
from labtracker.services.culture import CountInput, VesselSeeding
from tests.reliability.support import full_dump
from tests.services.builders import MARKERS, RESULTS, sign_step
from tests.support.lab import ADMIN_PASSWORD, PASSWORD, Lab, _build_lab, enrol

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
WORLD_START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
MRN = "MRN0000001"  # the patient of every lot
OTHER_MRN = "MRN0000002"  # another registered, consented patient (the wrong wristband)


@dataclass
class World:
    """The lab, its people and its lots (name → DIN), on one database."""

    db: Database
    clock: ManualClock
    lab: Lab
    backend: str
    multi: Actor  # supervisor / verifier and surgeon at once
    nobody: Actor  # signed in, then every role revoked
    qa2: Actor  # a second QA person
    lots: dict[str, str] = field(default_factory=dict)
    checks: dict[str, str] = field(default_factory=dict)  # DIN → check character
    codes: dict[str, str] = field(default_factory=dict)  # material / scaffold label codes
    vessels: dict[str, list[str]] = field(default_factory=dict)  # lot name → vessels in culture
    harvests: dict[str, int] = field(default_factory=dict)  # lot name → a harvest id
    records: dict[str, int] = field(default_factory=dict)  # e.g. "culture.isolation" → id
    counter: int = 0

    def din(self, name: str) -> str:
        return self.lots[name]

    def typed(self, name: str) -> str:
        """The DIN as typed from the label: 13 characters and the check character."""
        din = self.lots[name]
        return din + self.checks[din]

    def barcode(self, name: str) -> str:
        return "=" + self.lots[name] + "00"

    def tick(self, **delta: float) -> datetime:
        """Move the clock on (a minute unless told), as time passes at the bench."""
        return self.clock.advance(timedelta(**(delta or {"minutes": 1})))

    def unique(self, prefix: str = "") -> str:
        self.counter += 1
        return f"{prefix}{self.counter:04d}"

    def dump(self) -> dict:
        return full_dump(self.db.engine)


# --- building -----------------------------------------------------------------------------------


def _make_user(db: Database, admin: Actor, username: str, name: str, *roles: Role) -> Actor:
    users.add_user(db, admin, username, name, roles, "Temp-Passw0rd!")
    users.change_password(db, username, "Temp-Passw0rd!", PASSWORD, station="bench-1")
    return auth.login(db, username, PASSWORD, station="bench-1")


def start_lot(w: World, mrn: str = MRN) -> str:
    started = lots.start_lot(w.db, w.lab.tech, mrn)
    w.checks[started.din] = started.check_character
    return started.din


def collect(w: World, din: str) -> None:
    w.tick()
    lots.record_aspirate(
        w.db,
        w.lab.tech,
        din,
        collection_site="left posterior iliac crest",
        volume_ml=15,
        anticoagulant="heparin",
        anticoagulant_lot=w.lab.materials["Heparin sodium"],
        collected_at=w.clock.now(),
        collected_by_name="Dr Zhao Ming",
        transport_temperature_c=8,
    )


def receive(w: World, din: str) -> None:
    w.tick()
    lots.receive_aspirate(
        w.db, w.lab.tech, din, received_at=w.clock.now(), condition="acceptable", temperature_c=8
    )


def isolate(w: World, din: str, vessels: int = 2) -> culture.IsolationResult:
    w.tick()
    return culture.record_isolation(
        w.db,
        w.lab.tech,
        din,
        method="density_gradient",
        started_at=w.clock.now(),
        aspirate_volume_used_ml=15,
        count=CountInput.hemocytometer(
            live_cells=120,
            dead_cells=30,
            squares_counted=4,
            dilution_factor=2,
            suspension_volume_ml=5,
            counted_at=w.clock.now(),
        ),
        vessels=[VesselSeeding("T75", 150_000)] * vessels,
        reagent_lots=[w.lab.materials["Ficoll-Paque"]],
    )


def harvest(w: World, din: str, codes: list[str], **advance: float) -> culture.HarvestResult:
    w.tick(**(advance or {"minutes": 5}))
    return culture.record_harvest(
        w.db,
        w.lab.tech,
        din,
        vessel_codes=codes,
        harvested_at=w.clock.now(),
        confluence_percent=80,
        count=CountInput.automated(
            cells_per_ml=1.2e6,
            viability_percent=96,
            suspension_volume_ml=10,
            counted_at=w.clock.now(),
        ),
    )


def seed(w: World, din: str, harvest_id: int, n: int = 4) -> list[str]:
    w.tick()
    seeded = culture.seed_vessels(
        w.db,
        w.lab.tech,
        din,
        harvest_id=harvest_id,
        vessels=[VesselSeeding("T175", 350_000)] * n,
        seeded_at=w.clock.now(),
    )
    return [v.code for v in seeded.vessels]


def start_induction(w: World, din: str) -> int:
    w.tick()
    m = w.lab.materials
    return induction.start_induction(
        w.db,
        w.lab.tech,
        din,
        started_at=w.clock.now(),
        base_medium_lot=m["α-MEM"],
        dexamethasone_lot=m["Dexamethasone"],
        ascorbate_lot=m["Ascorbate-2-phosphate"],
        glycerophosphate_lot=m["β-Glycerophosphate"],
    ).induction_id


def end_induction(w: World, din: str, **advance: float) -> None:
    w.tick(**(advance or {"minutes": 5}))
    induction.end_induction(
        w.db,
        w.lab.tech,
        din,
        ended_at=w.clock.now(),
        alp_result="positive",
        alizarin_red_result="positive",
    )


def seed_scaffold(w: World, din: str) -> int:
    w.tick()
    return induction.seed_scaffold(
        w.db,
        w.lab.tech,
        din,
        scaffold_lot=w.codes["scaffold"],
        seeded_at=w.clock.now(),
        scaffold_volume_ml=1.5,
        cells_seeded=3e7,
        suspension_volume_ml=1.5,
        incubation_started_at=w.clock.now(),
    ).seeding_id


def lot_in_culture(w: World, mrn: str = MRN, vessels: int = 2) -> tuple[str, list[str]]:
    """A new lot with P0 vessels in culture (cheap: no password, minutes of clock)."""
    din = start_lot(w, mrn)
    collect(w, din)
    receive(w, din)
    iso = isolate(w, din, vessels)
    return din, [v.code for v in iso.vessels]


def seeded_lot(w: World, *, qc: bool = False, signed: bool = False) -> str:
    """A lot seeded on its scaffold; with ``qc`` and ``signed`` ready for QA release."""
    din, p0 = lot_in_culture(w)
    iso_id = _isolation_id(w, din)
    h0 = harvest(w, din, p0, days=7 if qc else 0, minutes=5)
    p1 = seed(w, din, h0.harvest_id)
    h1 = harvest(w, din, p1, days=6 if qc else 0, minutes=5)
    if qc:
        sampled = w.clock.now()
        w.tick(hours=2)
        quality.record_immunophenotype(
            w.db,
            w.lab.tech,
            din,
            sampled_at=sampled,
            analysed_at=w.clock.now(),
            passage_number=1,
            markers=MARKERS,
        )
    seed(w, din, h1.harvest_id, n=6)
    induction_id = start_induction(w, din)
    end_induction(w, din, days=14 if qc else 0, minutes=5)
    seeding_id = seed_scaffold(w, din)
    if signed:
        sign_step(w.lab, "isolation", iso_id)
        sign_step(w.lab, "harvest", h0.harvest_id)
        sign_step(w.lab, "harvest", h1.harvest_id)
        sign_step(w.lab, "osteogenic_induction", induction_id)
        sign_step(w.lab, "scaffold_seeding", seeding_id)
    if qc:
        printed = labels.print_labels(
            w.db, w.lab.tech, din + w.checks[din], "quarantine", copies=1, stock="4x2in"
        )
        labels.reconcile(w.db, w.lab.tech, printed.label_print_id, applied=1, destroyed=0)
        w.tick(hours=1)
        samples = {
            code: quality.take_qc_sample(
                w.db, w.lab.tech, din, test_code=code, stage="final construct", taken_at=w.tick()
            ).code
            for code in RESULTS
        }
        w.tick(hours=20)
        for code, result in RESULTS.items():
            quality.record_qc_result(
                w.db,
                w.lab.tech,
                samples[code],
                value=result.get("value"),  # type: ignore[arg-type]
                text=result.get("text"),  # type: ignore[arg-type]
                unit=str(result.get("unit", "")),
                tested_at=w.tick(),
                laboratory="Hospital micro lab",
            )
    return din


def _isolation_id(w: World, din: str) -> int:
    from sqlalchemy import select

    from labtracker.db.models import Isolation, Lot

    with w.db.reading() as session:
        return session.scalar(
            select(Isolation.id).join(Lot, Lot.id == Isolation.lot_id).where(Lot.din == din)
        )


def release_and_dispatch(w: World, din: str) -> None:
    w.tick()
    release.release_lot(w.db, w.lab.qa, din, username="mchen", password=PASSWORD)
    w.tick(minutes=30)
    custody.record_handover(
        w.db,
        w.lab.tech,
        "=" + din + "00",
        event="dispatched",
        from_name="Li Wang",
        to_name="Courier Wu",
        from_location="Cell lab",
        to_location="Transport box T-3",
        temperature_c=6,
        occurred_at=w.clock.now(),
    )


def _build(w: World) -> None:
    lab, db = w.lab, w.db
    for tag, name, kind in (
        ("BSC-1", "Biosafety cabinet, class II", "biosafety_cabinet"),
        ("INC-1", "CO2 incubator", "incubator"),
        ("CC-1", "Automated cell counter", "cell_counter"),
        ("FC-1", "Flow cytometer", "flow_cytometer"),
    ):
        materials.register_equipment(
            db,
            lab.qa,
            asset_tag=tag,
            name=name,
            kind=kind,
            calibrated_on=date(2026, 1, 5),
            calibration_due_on=date(2027, 1, 5),
        )
    today = w.clock.now().date()  # 2026-03-02 (UTC 08:00 is 16:00 in Shanghai: same day)
    for key, name, kind, expiry, decision in (
        ("quarantined_medium", "α-MEM", "medium", date(2027, 6, 30), None),
        ("rejected_medium", "α-MEM", "medium", date(2027, 6, 30), False),
        ("expired_medium", "α-MEM", "medium", today, True),
        ("expired_heparin", "Heparin sodium", "anticoagulant", today, True),
    ):
        row = materials.receive_material_lot(
            db,
            lab.tech,
            name=name,
            kind=kind,
            manufacturer="Sigma",
            catalogue_number={"α-MEM": "M0894", "Heparin sodium": "H3393"}[name],
            lot_number=f"L-{key}",
            expiry_date=expiry,
        )
        if decision is not None:
            materials.decide_material_lot(db, lab.qa, row.code, release=decision, reason="CoA")
        w.codes[key] = row.code
    for key, expiry, release_it in (
        ("scaffold", date(2027, 6, 30), True),
        ("quarantined_scaffold", date(2027, 6, 30), False),
        ("expired_scaffold", today, True),
    ):
        row = materials.receive_scaffold_lot(
            db,
            lab.tech,
            product="Demineralized bone matrix",
            manufacturer="Aorui",
            catalogue_number="DBM-25",
            manufacturer_lot=f"DBM-{key}",
            expiry_date=expiry,
            volume_ml=1.5,
            size_description="25 × 10 × 6 mm",
        )
        if release_it:
            materials.decide_scaffold_lot(db, lab.qa, row.code, release=True, reason="CoA ok")
        w.codes[key] = row.code
    enrol(lab, MRN)
    enrol(lab, OTHER_MRN, family_name="李", given_name="娜")
    # The long lots first (weeks of culture), so what must stay in date is made last.
    for name in ("dispatched", "dispatched_spare", "ready", "qa_worked"):
        w.lots[name] = seeded_lot(w, qc=True, signed=True)
    w.tick(days=1)
    w.lots["unreleasable"] = seeded_lot(w)  # seeded; no QC, nothing signed
    w.lots["created"] = start_lot(w)
    w.lots["collected"] = start_lot(w)
    collect(w, w.lots["collected"])
    w.lots["received"] = start_lot(w)
    collect(w, w.lots["received"])
    receive(w, w.lots["received"])
    for name in ("culture", "other_culture"):
        din, p0 = lot_in_culture(w, vessels=2)
        h0 = harvest(w, din, p0, days=2)
        w.lots[name] = din
        w.harvests[name] = h0.harvest_id
        w.vessels[name] = seed(w, din, h0.harvest_id, n=6)
        w.records[f"{name}.isolation"] = _isolation_id(w, din)
    din, p0 = lot_in_culture(w)
    h0 = harvest(w, din, p0, days=1)
    seed(w, din, h0.harvest_id)
    start_induction(w, din)
    w.lots["in_induction"] = din
    din, p0 = lot_in_culture(w)
    h0 = harvest(w, din, p0, days=1)
    seed(w, din, h0.harvest_id)
    start_induction(w, din)
    end_induction(w, din, days=1)
    w.lots["induced"] = din
    # QA records a QC result on this lot: QA has worked on it and may not release it.
    qa_lot = w.lots["qa_worked"]
    w.tick()
    sample = quality.take_qc_sample(
        db, lab.qa, qa_lot, test_code="viability", stage="retest", taken_at=w.clock.now()
    )
    quality.record_qc_result(
        db, lab.qa, sample.code, value=93.0, unit="%", tested_at=w.tick(), laboratory="QC lab"
    )
    for name in ("dispatched", "dispatched_spare"):
        release_and_dispatch(w, w.lots[name])
    w.tick(minutes=30)


# --- one world per backend per session, a copy per module ---------------------------------------

_TEMPLATES: dict[str, tuple[str, World, datetime]] = {}


def _fresh_url(backend: str, request: pytest.FixtureRequest, tmp: Path) -> str:
    if backend == "sqlite":
        path = tmp / "world.sqlite3"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    databases = request.getfixturevalue("postgres_databases")
    name = databases.create(template=request.getfixturevalue("postgres_template"))
    return databases.url_for(name)


def _copy(backend: str, request: pytest.FixtureRequest, template: str, tmp: Path) -> str:
    if backend == "sqlite":
        path = tmp / "world.sqlite3"
        shutil.copyfile(template, path)
        return f"sqlite:///{path}"
    databases = request.getfixturevalue("postgres_databases")
    name = databases.create(template=template)
    return databases.url_for(name)


def _drop(backend: str, request: pytest.FixtureRequest, url: str) -> None:
    if backend == "postgres":
        request.getfixturevalue("postgres_databases").drop(make_url(url).database)


@contextlib.contextmanager
def world_for(
    backend: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    """A private copy of the world on ``backend``, its clock installed as the process clock."""
    clock = ManualClock(WORLD_START)
    previous = set_clock(clock)
    url = ""
    try:
        cached = _TEMPLATES.get(backend)
        if cached is None:
            url = _fresh_url(backend, request, tmp_path_factory.mktemp("world-build"))
            db = Database(make_engine(url))
            users.initialise(db, "admin", "Ada Admin", ADMIN_PASSWORD, station="bench-1")
            admin = auth.login(db, "admin", ADMIN_PASSWORD, station="bench-1")
            lab = _build_lab(db, admin, lambda u, n, *r: _make_user(db, admin, u, n, *r))
            multi = _make_user(db, admin, "vsun", "Sun Wei", Role.VERIFIER, Role.SURGEON)
            nobody = _make_user(db, admin, "nrole", "No Role", Role.TECHNICIAN)
            users.set_roles(db, admin, "nrole", [], "every role revoked (access tests)")
            qa2 = _make_user(db, admin, "qhe", "He Qing", Role.QA)
            world = World(db, clock, lab, backend, multi, nobody, qa2)
            _build(world)
            db.dispose()
            if backend == "sqlite":
                template = str(tmp_path_factory.mktemp("world") / "world.sqlite3")
                shutil.copyfile(make_url(url).database, template)
                _remove_sidecars(make_url(url).database)
            else:
                template = make_url(url).database
            _TEMPLATES[backend] = (template, world, clock.now())
            url = ""  # the template itself is never handed out
            cached = _TEMPLATES[backend]
        template, built, at = cached
        url = _copy(backend, request, template, tmp_path_factory.mktemp("world-copy"))
        clock.set(at)
        world = World(
            Database(make_engine(url)),
            clock,
            Lab(
                None,  # type: ignore[arg-type]  # replaced below
                built.lab.admin,
                built.lab.tech,
                built.lab.verifier,
                built.lab.qa,
                built.lab.surgeon,
                built.lab.materials,
            ),
            backend,
            built.multi,
            built.nobody,
            built.qa2,
            dict(built.lots),
            dict(built.checks),
            dict(built.codes),
            {k: list(v) for k, v in built.vessels.items()},
            dict(built.harvests),
            dict(built.records),
        )
        world.lab.db = world.db
        yield world
        world.db.dispose()
    finally:
        set_clock(previous)
        if url:
            with contextlib.suppress(Exception):
                _drop(backend, request, url)


def _remove_sidecars(path: str) -> None:
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.remove(path + suffix)
