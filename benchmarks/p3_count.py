"""P3: one cell count saved through the service, against a raw insert + commit.

Measured: the unit of work a step form's count goes through —
`Database.writing` (BEGIN IMMEDIATE, the audit context), `authorise`, the lot found by its
DIN, the site's process rules, `culture.record_count` (the raw values checked, the figures
computed by the domain arithmetic, the row stored, its audit entry hashed onto the chain) and
the commit, with ``synchronous=FULL`` as every station runs — on a copy of the benchmark
site (a lot in culture, a million audit entries before it).

P3b: a whole harvest of one flask (`culture.record_harvest`: the count, the harvest, the
flask's state, population doublings, four audit entries), for scale.

Baseline: the same count row inserted with the `sqlite3` module and committed, on the same
file with the same pragmas (WAL, ``synchronous=FULL``): the disk's flush is in both.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from benchmarks.common import Result, actor, emit, median, spread


def measure(site: Path, runs: int) -> list[Result]:
    from labtracker.clock import get_clock
    from labtracker.db.engine import make_engine
    from labtracker.domain.permissions import Action
    from labtracker.services import culture
    from labtracker.services.context import Database, authorise
    from labtracker.services.culture import CountInput
    from labtracker.services.records import lot_by_din
    from labtracker.services.site import process_rules

    with tempfile.TemporaryDirectory(prefix="labtracker-p3-") as scratch:
        path = Path(scratch) / "site.sqlite3"
        shutil.copyfile(site, path)  # the site is left as it was
        db = Database(make_engine(f"sqlite:///{path}"))
        tech = actor(db, "tech")
        with db.reading() as session:
            from sqlalchemy import func, select

            from labtracker.db.models import Lot, Vessel

            busiest = (
                select(Vessel.lot_id)
                .join(Lot, Lot.id == Vessel.lot_id)
                .where(Lot.status == "in_culture", Vessel.state == "in_culture")
                .group_by(Vessel.lot_id)
                .order_by(func.count().desc(), Vessel.lot_id.desc())
                .limit(1)
            )
            lot = session.get(Lot, session.scalar(busiest))
            din = lot.din
            vessels = list(
                session.scalars(
                    select(Vessel.code).where(Vessel.state == "in_culture", Vessel.lot_id == lot.id)
                )
            )
        raw = sqlite3.connect(path, isolation_level=None)
        for pragma in ("journal_mode=WAL", "foreign_keys=ON", "synchronous=FULL"):
            raw.execute(f"PRAGMA {pragma}")
        lot_id = raw.execute("SELECT id FROM lot WHERE din = ?", (din,)).fetchone()[0]
        user_id = tech.user_id

        def count() -> CountInput:
            return CountInput.automated(
                cells_per_ml=5.0e5,
                viability_percent=96.0,
                suspension_volume_ml=10,
                counted_at=get_clock().now() - timedelta(minutes=1),
            )

        def service() -> float:
            start = time.perf_counter()
            with db.writing(tech, "cell count recorded") as session:
                authorise(session, tech, Action.RECORD_CULTURE_STEP)
                lot = lot_by_din(session, din)
                rules = process_rules(session)
                culture.record_count(
                    session,
                    tech,
                    lot,
                    count(),
                    purpose="harvest",
                    rules=rules,
                    after=lot.created_at,
                    after_label="the lot's start",
                )
            return time.perf_counter() - start

        def baseline() -> float:
            now = get_clock().now().strftime("%Y-%m-%d %H:%M:%S.%f")
            start = time.perf_counter()
            raw.execute("BEGIN IMMEDIATE")
            raw.execute(
                "INSERT INTO cell_count (lot_id, purpose, method, counted_at, counted_by_id, "
                "instrument_cells_per_ml, instrument_viability_percent, suspension_volume_ml, "
                "cells_per_ml, total_cells, viability_percent, recorded_at, recorded_by_id, "
                "version) VALUES (?, 'harvest', 'automated', ?, ?, 5.0e5, 96.0, 10, 5.0e5, "
                "5.0e6, 96.0, ?, ?, 1)",
                (lot_id, now, user_id, now, user_id),
            )
            raw.execute("COMMIT")
            return time.perf_counter() - start

        def floor() -> float:
            """The same two rows the service writes — the count and its audit entry, hashed
            onto the chain — with the bare driver: what any save with an audit trail costs."""
            from labtracker.db.audit import entry_hash

            moment = get_clock().now()
            now = moment.strftime("%Y-%m-%d %H:%M:%S.%f")
            start = time.perf_counter()
            raw.execute("BEGIN IMMEDIATE")
            cursor = raw.execute(
                "INSERT INTO cell_count (lot_id, purpose, method, counted_at, counted_by_id, "
                "instrument_cells_per_ml, instrument_viability_percent, suspension_volume_ml, "
                "cells_per_ml, total_cells, viability_percent, recorded_at, recorded_by_id, "
                "version) VALUES (?, 'harvest', 'automated', ?, ?, 5.0e5, 96.0, 10, 5.0e5, "
                "5.0e6, 96.0, ?, ?, 1)",
                (lot_id, now, user_id, now, user_id),
            )
            (previous,) = raw.execute(
                "SELECT entry_hash FROM audit_entry ORDER BY id DESC LIMIT 1"
            ).fetchone()
            entry = {
                "occurred_at": moment,
                "user_id": user_id,
                "username": "tech",
                "action": "insert",
                "table_name": "cell_count",
                "record_id": cursor.lastrowid,
                "field": None,
                "old_value": None,
                "new_value": '{"purpose": "harvest"}',
                "reason": "cell count recorded",
                "lot_id": lot_id,
                "station": "BENCH-1",
                "previous_hash": previous,
            }
            raw.execute(
                "INSERT INTO audit_entry (occurred_at, user_id, username, action, table_name, "
                "record_id, field, old_value, new_value, reason, lot_id, station, "
                "previous_hash, entry_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (now, *list(entry.values())[1:], entry_hash(entry)),
            )
            raw.execute("COMMIT")
            return time.perf_counter() - start

        for _ in range(3):  # warm-up
            service(), baseline(), floor()
        app: list[float] = []
        base: list[float] = []
        floors: list[float] = []
        for _ in range(runs):  # turn about, so a slow moment of the disk hits all three
            app.append(service())
            base.append(baseline())
            floors.append(floor())
        results = [
            Result(
                "P3",
                "record one count (validation + audit + commit, FULL)",
                median(app) * 1000,
                "ms",
                median(base) * 1000,
                "sqlite3 INSERT + COMMIT, same file and pragmas",
                "≤ 2×",
                median(app) / median(base) <= 2,
                spread(app),
                spread(base),
                runs,
                {
                    "lot": din,
                    "floor_ms": round(median(floors) * 1000, 2),
                    "floor_title": "sqlite3: the count and its hashed audit entry, one commit",
                },
            )
        ]

        harvests: list[float] = []
        flushes: list[float] = []
        for code in vessels[: max(3, min(len(vessels), runs // 4))]:
            start = time.perf_counter()
            culture.record_harvest(
                db,
                tech,
                din,
                vessel_codes=[code],
                harvested_at=get_clock().now() - timedelta(minutes=1),
                confluence_percent=85,
                count=count(),
            )
            harvests.append(time.perf_counter() - start)
            flushes.append(baseline())
        if harvests:
            results.append(
                Result(
                    "P3b",
                    "record a harvest of one flask (count + harvest + PD)",
                    median(harvests) * 1000,
                    "ms",
                    median(flushes) * 1000,
                    "sqlite3 INSERT + COMMIT",
                    "(information)",
                    None,
                    spread(harvests),
                    spread(flushes),
                    len(harvests),
                )
            )
        raw.close()
        db.dispose()
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--site", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    emit(measure(args.site, args.runs))


if __name__ == "__main__":
    main()
