"""P8: several stations recording counts at once on one PostgreSQL database.

A throwaway PostgreSQL server (`tests.support.pgserver.TemporaryPostgres`, as the test suite
starts it: fsync off) holds a site whose lots have thousands of flasks in culture. Each
station is its own process, signed in as its own technician, and for the whole run scans a
flask picked at random from the same shared pool and records its harvest with a cell count
(`culture.record_harvest`: the count, the harvest, the flask's state, the audit entries). Two
stations picking the same flask is what a busy lab does; one of them must be told so,
cleanly, and nothing may be lost.

Runs with 1, 2, 4 and 8 stations. Reported: harvests (counts) saved a second for each; after
each run the database is checked — every harvest a station was told was saved is there with
its count, no flask is harvested twice, every harvested flask has its harvest, the audit
chain verifies — and every refusal a station met is classified: a clean refusal (a
LabtrackerError a technician reads: "already harvested", "changed by another station") or an
error (anything else).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import time
from datetime import timedelta
from typing import Any

from benchmarks.common import Result, emit

PASSWORD = "Station-Bench-1!"
FLASKS_PER_LOT = 50
# Lots (of FLASKS_PER_LOT flasks) each run gets to itself, so no run inherits lots that
# earlier runs filled with harvests: enough for ~220 harvests a second for 20 s (60 s with
# 8 stations). A pool harvested to its last flask would measure its own size, not the
# stations: the run is then timed to its last harvest and `pool_harvested` says so.
LOTS_PER_RUN = {1: 90, 2: 90, 4: 90, 8: 260}


def set_up(url: str, lots: int, stations: int) -> list[list[str]]:
    """The site, a technician per station, and ``lots`` lots with FLASKS_PER_LOT flasks
    each in culture; returns each lot's flasks' codes."""
    from argon2 import PasswordHasher

    from labtracker.clock import ManualClock, set_clock
    from labtracker.db.engine import make_engine
    from labtracker.db.migrate import upgrade
    from labtracker.domain.permissions import Role
    from labtracker.services import auth, culture, materials, patients, setup, users
    from labtracker.services import lots as lot_service
    from labtracker.services.context import Database
    from labtracker.services.culture import CountInput, VesselSeeding

    engine = make_engine(url)
    upgrade(engine)
    db = Database(engine)
    real = auth.HASHER
    auth.HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    # Every lot's steps a couple of minutes apart, a week of culture, and all of it in the
    # past: the stations harvest "now" (the real clock), after every seeding.
    clock = ManualClock(_now() - timedelta(days=10))
    previous = set_clock(clock)
    try:
        setup.set_up_site(
            db,
            username="admin",
            full_name="Ada Admin",
            password=PASSWORD,
            site_name="Station benchmark",
            facility_code="A9999",
            timezone="Asia/Shanghai",
        )
        admin = auth.login(db, "admin", PASSWORD)
        people = {}
        for n in range(1, stations + 1):
            users.add_user(
                db, admin, f"tech{n}", f"Technician {n}", [Role.TECHNICIAN], "Temp-0000-Xy!"
            )
            users.change_password(db, f"tech{n}", "Temp-0000-Xy!", PASSWORD)
        users.add_user(db, admin, "surgeon", "Dr Zhao Ming", [Role.SURGEON], "Temp-0000-Xy!")
        users.add_user(db, admin, "qa", "Mei Chen", [Role.QA], "Temp-0000-Xy!")
        for name in ("surgeon", "qa"):
            users.change_password(db, name, "Temp-0000-Xy!", PASSWORD)
        for name in ("tech1", "surgeon", "qa"):
            people[name] = auth.login(db, name, PASSWORD)
        tech, qa = people["tech1"], people["qa"]
        codes = {}
        for name, kind, catalogue in (("Heparin sodium", "anticoagulant", "H3393"),):
            lot = materials.receive_material_lot(
                db,
                tech,
                name=name,
                kind=kind,
                manufacturer="Sigma-Aldrich",
                catalogue_number=catalogue,
                lot_number="SL1",
                expiry_date=(clock.now() + timedelta(days=300)).date(),
            )
            materials.decide_material_lot(db, qa, lot.code, release=True, reason="checked")
            codes[name] = lot.code
        flasks: list[list[str]] = []
        started: list[tuple[str, Any]] = []
        for n in range(lots):
            mrn = f"MRN{n:07d}"
            patients.register_patient(
                db,
                tech,
                mrn=mrn,
                family_name="王",
                given_name="建国",
                date_of_birth=_now().date().replace(year=1980),
                sex="male",
            )
            view = patients.assess_eligibility(
                db,
                tech,
                mrn,
                assessed_at=clock.now(),
                defect_length_cm=2.4,
                defect_cross_section_percent=45,
                bmd_t_score=-0.8,
                answers={
                    code: ("no", "history and records")
                    for code in ("I3", *(f"E{k}" for k in (1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13)))
                },
            )
            patients.sign_eligibility(
                db, people["surgeon"], view.assessment_id, username="surgeon", password=PASSWORD
            )
            patients.record_consent(
                db,
                tech,
                mrn,
                consent_date=clock.now().date(),
                form_version="ICF v2.0",
                obtained_by_username="surgeon",
            )
            din = lot_service.start_lot(db, tech, mrn).din
            clock.advance(minutes=2)
            lot_service.record_aspirate(
                db,
                tech,
                din,
                collection_site="iliac crest",
                volume_ml=16,
                anticoagulant="heparin",
                anticoagulant_lot=codes["Heparin sodium"],
                collected_at=clock.now(),
                collected_by_name="Dr Zhao Ming",
            )
            clock.advance(minutes=2)
            lot_service.receive_aspirate(
                db, tech, din, received_at=clock.now(), condition="acceptable", temperature_c=8
            )
            started.append(
                (
                    din,
                    culture.record_isolation(
                        db,
                        tech,
                        din,
                        method="density_gradient",
                        started_at=clock.now(),
                        aspirate_volume_used_ml=16,
                        count=CountInput.hemocytometer(
                            live_cells=118,
                            dead_cells=12,
                            squares_counted=4,
                            dilution_factor=2,
                            suspension_volume_ml=5,
                            counted_at=clock.now(),
                        ),
                        vessels=[VesselSeeding("T75", 150_000)] * 2,
                    ),
                )
            )
            clock.advance(minutes=2)
        # A week later, every lot's primary culture is harvested and split into flasks.
        clock.advance(days=7)
        for din, isolation in started:
            harvest = culture.record_harvest(
                db,
                tech,
                din,
                vessel_codes=[v.code for v in isolation.vessels],
                harvested_at=clock.now(),
                confluence_percent=80,
                count=CountInput.automated(
                    cells_per_ml=1.2e6,
                    viability_percent=95,
                    suspension_volume_ml=12,
                    counted_at=clock.now(),
                ),
            )
            seeded = culture.seed_vessels(
                db,
                tech,
                din,
                harvest_id=harvest.harvest_id,
                vessels=[VesselSeeding("T175", 60_000)] * FLASKS_PER_LOT,
                seeded_at=clock.now(),
            )
            flasks.append([v.code for v in seeded.vessels])
            clock.advance(minutes=2)
    finally:
        set_clock(previous)
        auth.HASHER = real
        engine.dispose()
    return flasks


def _now():  # type: ignore[no-untyped-def]
    from labtracker.clock import get_clock

    return get_clock().now()


def station(
    url: str, username: str, flasks: list[str], start_at: float, seconds: float, seed: int, out: Any
) -> None:
    """One station's run (in its own process): harvest random flasks until the time is up."""
    from labtracker.db.engine import make_engine
    from labtracker.domain.errors import LabtrackerError
    from labtracker.services import auth, culture
    from labtracker.services.context import Database
    from labtracker.services.culture import CountInput

    db = Database(make_engine(url, pool_size=1))
    person = auth.login(db, username, PASSWORD, station=f"BENCH-{username}")
    rng = random.Random(seed)
    pool = list(flasks)
    saved: list[str] = []
    refusals: dict[str, int] = {}
    errors: list[str] = []
    while time.time() < start_at:
        time.sleep(0.001)
    end = start_at + seconds
    last = start_at
    while time.time() < end and pool:
        code = pool.pop(rng.randrange(len(pool)))
        try:
            culture.record_harvest(
                db,
                person,
                code.rsplit("-P", 1)[0],
                vessel_codes=[code],
                harvested_at=_now() - timedelta(minutes=1),
                confluence_percent=85,
                count=CountInput.automated(
                    cells_per_ml=2.0e5,
                    viability_percent=96,
                    suspension_volume_ml=10,
                    counted_at=_now() - timedelta(minutes=1),
                ),
            )
            saved.append(code)
            last = time.time()
        except LabtrackerError as refusal:
            kind = type(refusal).__name__
            text = str(refusal)
            if "already harvested" in text:
                kind += ": already harvested"
            else:  # one entry per kind of message, not per flask
                kind += ": " + text.split(" of ")[0].split("(")[0][:60].strip()
            refusals[kind] = refusals.get(kind, 0) + 1
        except Exception as error:
            errors.append(f"{type(error).__name__}: {str(error)[:300]}")
    db.dispose()
    out.put(
        {
            "username": username,
            "saved": saved,
            "refusals": refusals,
            "errors": errors,
            "ran_out": not pool and time.time() < end,
            "last": last - start_at,
        }
    )


def check(url: str, saved: list[str]) -> dict[str, Any]:
    """Everything a station was told was saved is there, once; the chain verifies."""
    from sqlalchemy import text

    from labtracker.db.audit import verify_chain
    from labtracker.db.engine import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT v.code, count(hv.id) FROM vessel v "
                    "LEFT JOIN harvest_vessel hv ON hv.vessel_id = v.id "
                    "WHERE v.state = 'harvested' OR hv.id IS NOT NULL GROUP BY v.code, v.state"
                )
            ).all()
            harvested = {code: n for code, n in rows}
            missing = [code for code in saved if harvested.get(code, 0) != 1]
            twice = [code for code, n in harvested.items() if n > 1]
            orphans = connection.execute(
                text(
                    "SELECT count(*) FROM vessel v WHERE v.state = 'harvested' AND NOT EXISTS "
                    "(SELECT 1 FROM harvest_vessel hv WHERE hv.vessel_id = v.id)"
                )
            ).scalar()
            harvests_without_count = connection.execute(
                text(
                    "SELECT count(*) FROM harvest h LEFT JOIN cell_count c "
                    "ON c.id = h.cell_count_id WHERE c.id IS NULL"
                )
            ).scalar()
            report = verify_chain(connection)
    finally:
        engine.dispose()
    return {
        "lost": len(missing),
        "harvested_twice": len(twice),
        "harvested_without_harvest": orphans,
        "harvests_without_count": harvests_without_count,
        "chain_intact": report.intact,
        "chain_entries": report.entries_checked,
    }


def run_phase(url: str, stations: int, flasks: list[str], seconds: float) -> dict[str, Any]:
    context = multiprocessing.get_context("spawn")
    out = context.Queue()
    start_at = time.time() + 6.0  # every station signed in and waiting
    workers = [
        context.Process(
            target=station,
            args=(url, f"tech{n}", flasks, start_at, seconds, 1000 * stations + n, out),
        )
        for n in range(1, stations + 1)
    ]
    for worker in workers:
        worker.start()
    reports = [out.get(timeout=seconds + 300) for _ in workers]
    for worker in workers:
        worker.join()
    saved = [code for report in reports for code in report["saved"]]
    # Every station keeps its own list of the shared pool: the pool is spent when every
    # flask is harvested, though each station still has (others') flasks left to refuse.
    ran_out = any(report["ran_out"] for report in reports) or len(set(saved)) == len(flasks)
    active = max(report["last"] for report in reports) if ran_out else seconds
    refusals: dict[str, int] = {}
    for report in reports:
        for kind, n in report["refusals"].items():
            refusals[kind] = refusals.get(kind, 0) + n
    errors = [error for report in reports for error in report["errors"]]
    return {
        "stations": stations,
        "seconds": seconds,
        "saved": len(saved),
        "per_second": len(saved) / max(active, 0.001),
        "refusals": refusals,
        "errors": errors[:10],
        "pool_ran_out": ran_out,
        "error_count": len(errors),
        "saved_codes": saved,
    }


def measure(seconds: float, longest: float) -> list[Result]:
    from sqlalchemy import text

    from labtracker.db.engine import make_engine
    from tests.support.pgserver import TemporaryPostgres

    server = TemporaryPostgres.start()
    try:
        admin = make_engine(server.admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text("CREATE DATABASE stations"))
        admin.dispose()
        url = server.url("stations")
        started = time.perf_counter()
        lots = set_up(url, sum(LOTS_PER_RUN.values()), 8)
        setup_seconds = time.perf_counter() - started
        phases = []
        all_saved: list[str] = []
        for count in (1, 2, 4, 8):
            mine, lots = lots[: LOTS_PER_RUN[count]], lots[LOTS_PER_RUN[count] :]
            flasks = [code for lot in mine for code in lot]
            phase = run_phase(url, count, flasks, longest if count == 8 else seconds)
            all_saved += phase.pop("saved_codes")
            phase["check"] = check(url, all_saved)
            phases.append(phase)
    finally:
        server.stop()
    one = phases[0]["per_second"]
    clean = all(
        p["saved"] > 0
        and p["error_count"] == 0
        and p["check"]["lost"] == 0
        and p["check"]["harvested_twice"] == 0
        and p["check"]["harvested_without_harvest"] == 0
        and p["check"]["harvests_without_count"] == 0
        and p["check"]["chain_intact"]
        for p in phases
    )
    results = []
    for phase in phases:
        results.append(
            Result(
                f"P8.{phase['stations']}",
                f"{phase['stations']} station(s) on PostgreSQL, {phase['seconds']:.0f} s "
                "harvest + count",
                phase["per_second"],
                "counts/s",
                one,
                "1 station",
                "0 lost, 0 errors",
                phase["saved"] > 0
                and phase["error_count"] == 0
                and phase["check"]["lost"] == 0
                and phase["check"]["harvested_twice"] == 0
                and phase["check"]["chain_intact"],
                None,
                None,
                phase["stations"],
                {
                    "saved": phase["saved"],
                    "pool_ran_out": phase["pool_ran_out"],
                    "refusals": phase["refusals"],
                    "errors": phase["errors"],
                    "check": phase["check"],
                },
            )
        )
    results[-1].details["all_runs_clean"] = clean
    results[-1].details["set_up_seconds"] = round(setup_seconds, 1)
    results[-1].details["flasks"] = FLASKS_PER_LOT * sum(LOTS_PER_RUN.values())
    results[-1].details["server"] = "TemporaryPostgres (fsync=off, synchronous_commit=off)"
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=20, help="runs of 1, 2 and 4 stations")
    parser.add_argument("--longest", type=float, default=60, help="the run of 8 stations")
    args = parser.parse_args()
    os.environ.pop("LABTRACKER_DATABASE_URL", None)
    emit(measure(args.seconds, args.longest))


if __name__ == "__main__":
    main()
