"""Saves killed with SIGKILL at random moments: nothing reported saved is lost, nothing is left
half-written, and the database opens and verifies every time (SQLite).

Design. One lot in culture is built through the real services (tests/reliability/built_lots),
and its database file is the base of every trial. Each trial copies the base file, forks the
test process (every heavy import is already done, so a fork costs a few milliseconds, where a
fresh interpreter would spend a second importing SQLAlchemy and the services), and the child
creates its own engine on the copy and runs the fixed sequence of saves of
tests/reliability/crash_worker.py: a harvest with its count, a "performed" signature, a
seeding, a QC sample and its result, a deviation and its assessment, a correction of the
harvest, a "verified" signature, a pooled harvest (12 transactions, each committed with
``synchronous=FULL``). The child reports each save on a pipe only after the service returned.
The parent sleeps a random time (seeded RNG) and kills the child with SIGKILL. Half of the
trials draw the moment uniformly over the whole run, from the fork to the last commit; the
other half aim at one save in turn, anywhere within the time that save took in three
uninterrupted calibration runs, so every kind of save is killed in its middle many times.

After each kill the parent opens the copy (SQLite recovers from the WAL the dead writer left),
and checks: PRAGMA integrity_check is ok; the audit chain verifies; every record matches its
audit trail and every row has its insert entry (`audit.verify_records`); every signature
seals what it says and, in force, matches its record (`audit.verify_signatures`); every save
the child reported is there with its values; and nothing is half-written: no count without
its harvest, no harvest without its vessels, no harvested vessel outside a harvest, and the
database holds exactly the reported saves plus, at most, the one in flight, whole.

Bounded: 200 trials (2,000 with LABTRACKER_SOAK=1), each a file copy, at most ~0.6 s of
saves and ~0.1 s of checks; about 60-90 s on a 2-core machine.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import statistics
import time
import traceback
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from labtracker.db.engine import make_engine
from labtracker.services.audit import verify_audit_chain, verify_records, verify_signatures
from labtracker.services.context import Database
from tests.reliability.built_lots import built_lot
from tests.reliability.crash_worker import STEPS, Plan, run_saves
from tests.support.lab import PASSWORD

TRIALS = 2000 if os.environ.get("LABTRACKER_SOAK") == "1" else 200
SEED = 7_066_228


def _fork_child(plan: Plan) -> tuple[int, int, float]:
    """Start the child; returns (pid, the pipe's read end, the moment of the fork)."""
    read, write = os.pipe()
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 0
        try:
            os.close(read)
            run_saves(plan, write)
        except BaseException:
            code = 3
        finally:
            os._exit(code)
    os.close(write)
    return pid, read, started


class _Reports:
    """The child's report lines as they arrive on the pipe."""

    def __init__(self, fd: int, started: float) -> None:
        self.fd, self.started, self.buffer, self.closed = fd, started, b"", False

    def read_until(self, wanted: dict[str, str] | None = None) -> bool:
        """Read until a line containing ``wanted`` arrives (True) or the pipe closes."""
        while not self.closed:
            if wanted is not None and any(
                json.loads(line).items() >= wanted.items() for line in self.buffer.split(b"\n")[:-1]
            ):
                return True
            chunk = os.read(self.fd, 65536)
            if not chunk:
                self.closed = True
                os.close(self.fd)
            self.buffer += chunk
        return False

    def lines(self) -> list[dict[str, Any]]:
        # A line cut by the kill has no newline after it: it was never reported.
        lines = [json.loads(line) for line in self.buffer.split(b"\n")[:-1]]
        for line in lines:
            for key in ("t", "started", "finished"):
                if key in line:
                    line[key] -= self.started
        return lines


def _run(
    plan: Plan, kill_after: float | None = None, *, during: tuple[str, float] | None = None
) -> list[dict[str, Any]]:
    """One child: killed ``kill_after`` seconds after the fork, or ``during=(step, s)``: that
    many seconds after it reported beginning that save; neither: runs to the end."""
    pid, fd, started = _fork_child(plan)
    reports = _Reports(fd, started)
    if during is not None:
        step, offset = during
        reports.read_until({"begin": step})
        time.sleep(offset)
    elif kill_after is not None:
        time.sleep(max(0.0, kill_after - (time.monotonic() - started)))
    if during is not None or kill_after is not None:
        os.kill(pid, signal.SIGKILL)
    reports.read_until()
    _, status = os.waitpid(pid, 0)
    lines = reports.lines()
    errors = [line["error"] for line in lines if "error" in line]
    assert not errors, errors[0]
    if during is None and kill_after is None:
        assert os.waitstatus_to_exitcode(status) == 0
    return lines


def _calibrate(plan: Plan, copy: Path, base: Path) -> tuple[float, dict[str, float]]:
    """Three uninterrupted runs: the whole run's length, and how long each save takes."""
    totals, durations = [], {step: [] for step in STEPS}
    for _ in range(3):
        _fresh(copy, base)
        lines = _run(plan)
        totals.append(next(line["finished"] for line in lines if "finished" in line))
        begins = {line["begin"]: line["t"] for line in lines if "begin" in line}
        for line in lines:
            if "ok" in line:
                durations[line["ok"]].append(line["t"] - begins[line["ok"]])
    return statistics.median(totals), {
        step: statistics.median(times) for step, times in durations.items()
    }


def _fresh(copy: Path, base: Path) -> None:
    for suffix in ("-wal", "-shm"):
        Path(str(copy) + suffix).unlink(missing_ok=True)
    shutil.copyfile(base, copy)


def _counts(db: Database) -> dict[str, int]:
    queries = {
        "harvest": "SELECT count(*) FROM harvest",
        "cell_count": "SELECT count(*) FROM cell_count",
        "e_signature": "SELECT count(*) FROM e_signature",
        "vessel": "SELECT count(*) FROM vessel",
        "qc_sample": "SELECT count(*) FROM qc_sample",
        "qc_result": "SELECT count(*) FROM qc_result",
        "deviation": "SELECT count(*) FROM deviation",
        "corrections": (
            "SELECT count(*) FROM audit_entry WHERE action = 'correct' AND table_name = 'harvest'"
        ),
        "assessed": "SELECT count(*) FROM deviation WHERE impact_assessment <> ''",
    }
    with db.engine.connect() as connection:
        return {name: connection.execute(text(sql)).scalar_one() for name, sql in queries.items()}


# What each save adds, counted as _counts counts.
ADDS: dict[str, Counter[str]] = {
    "harvest": Counter(harvest=1, cell_count=1),
    "seed": Counter(vessel=2),
    "qc_sample": Counter(qc_sample=1),
    "qc_result": Counter(qc_result=1),
    "deviation": Counter(deviation=1),
    "assessment": Counter(assessed=1),
    "correction": Counter(corrections=1),
    "sign_verified": Counter(e_signature=1),
    "pooled_harvest": Counter(harvest=1, cell_count=1),
}


def _check(url: str, lines: list[dict[str, Any]], base: dict[str, int]) -> None:
    """Everything the module docstring promises, for one killed trial."""
    engine = make_engine(url)
    db = Database(engine)
    try:
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"
        chain = verify_audit_chain(db)
        assert chain.intact, chain
        for report in (verify_records(db), verify_signatures(db)):
            assert report.intact, report.summary
        saved = {line["ok"]: line for line in lines if "ok" in line}
        begun = [line["begin"] for line in lines if "begin" in line]
        in_flight = begun[-1] if begun and begun[-1] not in saved else None
        _saved_are_there(engine, saved, in_flight)
        _nothing_half_written(engine)
        # Exactly the reported saves, plus the one in flight wholly or not at all.
        counts = _counts(db)
        expected = Counter(base)
        for step in saved:
            expected.update(ADDS[step])
        extra = {k: counts[k] - expected[k] for k in counts if counts[k] != expected[k]}
        assert extra in ({}, dict(ADDS.get(in_flight or "", {}))), (in_flight, extra)
    finally:
        engine.dispose()


def _start_check(
    url: str, lines: list[dict[str, Any]], base: dict[str, int], trial: str
) -> tuple[int, int, str]:
    """`_check` in a forked process (the test process runs no threads, so forking is safe);
    the next trial runs meanwhile. Returns what `_finish_check` needs."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the checker: never returns into pytest
        code = 0
        try:
            os.close(read)
            _check(url, lines, base)
        except BaseException:
            os.write(write, traceback.format_exc().encode("utf-8"))
            code = 1
        finally:
            os._exit(code)
    os.close(write)
    return pid, read, trial


def _finish_check(pid: int, fd: int, trial: str) -> None:
    chunks = []
    while chunk := os.read(fd, 65536):
        chunks.append(chunk)
    os.close(fd)
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise AssertionError(f"{trial}:\n{b''.join(chunks).decode('utf-8')}")


def _one(engine, sql: str, **params: Any) -> Any:
    with engine.connect() as connection:
        return connection.execute(text(sql), params).one_or_none()


def _saved_are_there(engine, saved: dict[str, dict[str, Any]], in_flight: str | None) -> None:
    if "harvest" in saved:
        h = saved["harvest"]
        row = _one(
            engine,
            "SELECT h.confluence_percent, c.instrument_cells_per_ml, c.instrument_viability_percent"
            " FROM harvest h JOIN cell_count c ON c.id = h.cell_count_id WHERE h.id = :id "
            "AND c.id = :count",
            id=h["harvest_id"],
            count=h["count_id"],
        )
        assert row is not None, "a reported harvest is missing"
        confluence, cells, viability = row
        assert (cells, viability) == (h["cells_per_ml"], h["viability"])
        if "correction" in saved:
            assert confluence == saved["correction"]["confluence"]
        elif in_flight == "correction":
            assert abs(confluence - h["confluence"]) in (0.0, 5.0)
        else:
            assert confluence == h["confluence"]
        _harvested(engine, h["harvest_id"], h["harvest_vessels"])
    for step, meaning in (("sign_verified", "verified"),):
        if step in saved:
            row = _one(
                engine,
                "SELECT meaning, record_table, record_id FROM e_signature WHERE id = :id",
                id=saved[step][f"signature_{meaning}"],
            )
            assert tuple(row) == (meaning, "harvest", saved["harvest"]["harvest_id"])
    if "seed" in saved:
        for code in saved["seed"]["seeded"]:
            row = _one(engine, "SELECT cells_seeded, state FROM vessel WHERE code = :c", c=code)
            assert tuple(row) == (saved["seed"]["seeded_cells"], "in_culture")
    if "qc_sample" in saved:
        assert _one(
            engine, "SELECT id FROM qc_sample WHERE code = :c", c=saved["qc_sample"]["sample"]
        )
    if "qc_result" in saved:
        row = _one(
            engine,
            "SELECT r.result_value FROM qc_result r JOIN qc_sample s ON s.id = r.qc_sample_id "
            "WHERE s.code = :c",
            c=saved["qc_sample"]["sample"],
        )
        assert row is not None and row[0] == saved["qc_result"]["qc_value"]
    if "deviation" in saved:
        row = _one(
            engine,
            "SELECT title, impact_assessment FROM deviation WHERE number = :n",
            n=saved["deviation"]["deviation"],
        )
        assert row is not None and row[0] == saved["deviation"]["deviation_title"]
        if "assessment" in saved:
            assert row[1] == saved["assessment"]["impact"]
    if "pooled_harvest" in saved:
        p = saved["pooled_harvest"]
        row = _one(
            engine,
            "SELECT c.live_cells FROM harvest h JOIN cell_count c ON c.id = h.cell_count_id "
            "WHERE h.id = :id AND c.id = :count",
            id=p["pooled_harvest_id"],
            count=p["pooled_count_id"],
        )
        assert row is not None and row[0] == p["pooled_live_cells"]
        _harvested(engine, p["pooled_harvest_id"], p["pooled_vessels"])


def _harvested(engine, harvest_id: int, codes: list[str]) -> None:
    with engine.connect() as connection:
        found = connection.execute(
            text(
                "SELECT v.code, v.state FROM harvest_vessel hv JOIN vessel v ON v.id = hv.vessel_id"
                " WHERE hv.harvest_id = :id ORDER BY v.code"
            ),
            {"id": harvest_id},
        ).all()
    assert [tuple(r) for r in found] == [(code, "harvested") for code in sorted(codes)]


HALF_WRITTEN = {
    "a harvest count without its harvest": (
        "SELECT count(*) FROM cell_count c WHERE c.purpose = 'harvest' AND NOT EXISTS "
        "(SELECT 1 FROM harvest h WHERE h.cell_count_id = c.id)"
    ),
    "a harvest without its vessels": (
        "SELECT count(*) FROM harvest h WHERE NOT EXISTS "
        "(SELECT 1 FROM harvest_vessel hv WHERE hv.harvest_id = h.id)"
    ),
    "a harvested vessel outside any harvest": (
        "SELECT count(*) FROM vessel v WHERE v.state = 'harvested' AND NOT EXISTS "
        "(SELECT 1 FROM harvest_vessel hv WHERE hv.vessel_id = v.id)"
    ),
    "a vessel of a harvest still in culture": (
        "SELECT count(*) FROM harvest_vessel hv JOIN vessel v ON v.id = hv.vessel_id "
        "WHERE v.state <> 'harvested'"
    ),
    "a QC result without its sample": (
        "SELECT count(*) FROM qc_result r WHERE r.qc_sample_id IS NOT NULL AND NOT EXISTS "
        "(SELECT 1 FROM qc_sample s WHERE s.id = r.qc_sample_id)"
    ),
}


def _nothing_half_written(engine) -> None:
    with engine.connect() as connection:
        for what, sql in HALF_WRITTEN.items():
            assert connection.execute(text(sql)).scalar_one() == 0, what


@pytest.mark.parametrize("backend", ["sqlite"])
def test_saves_killed_at_random_moments_leave_nothing_lost_or_half_written(
    request, backend, clock, tmp_path_factory, tmp_path
):
    built = built_lot(request, backend, clock, tmp_path_factory, until="in_culture")
    lot, lab = built.lot, built.lab
    base = tmp_path / "base.sqlite3"
    built.db.dispose()  # checkpoints the WAL into the file; no connection crosses a fork
    shutil.copyfile(make_url(built.url).database, base)
    base_counts = _counts(built.db)
    built.db.dispose()
    # Two copies: the trial just killed is checked (in a forked checker) while the next one
    # runs on the other.
    copies = [tmp_path / "trial-a.sqlite3", tmp_path / "trial-b.sqlite3"]
    plan = Plan(
        url=f"sqlite:///{copies[0]}",
        din=lot.din,
        p0_harvest_id=lot.p0_harvest_id,
        vessels=lot.vessels_in_culture,
        tech=replace(lab.tech, station="bench-crash"),
        verifier=replace(lab.verifier, station="bench-crash"),
        tech_password=PASSWORD,
        verifier_password=PASSWORD,
        seed=0,
    )
    # Once in this process first: whatever the services import or build on first use is then
    # inherited by every child instead of being redone in each.
    _fresh(copies[0], base)
    sink = os.open(os.devnull, os.O_WRONLY)
    try:
        run_saves(plan, sink)
    finally:
        os.close(sink)
    total, durations = _calibrate(plan, copies[0], base)
    rng = random.Random(SEED)
    killed_in: Counter[str] = Counter()
    began = time.monotonic()
    checking: tuple[int, int, str] | None = None
    for trial in range(TRIALS):
        seed = rng.randrange(2**32)
        if trial % 2 == 0:
            moment = rng.uniform(0, total * 1.05)
            kill: dict[str, Any] = {"kill_after": moment}
            when = f"{moment:.3f} s after the fork"
        else:
            step = STEPS[(trial // 2) % len(STEPS)]
            offset = rng.uniform(0, durations[step])
            kill = {"during": (step, offset)}
            when = f"{offset:.3f} s into {step}"
        copy = copies[trial % 2]
        _fresh(copy, base)
        lines = _run(replace(plan, url=f"sqlite:///{copy}", seed=seed), **kill)
        begun = [line["begin"] for line in lines if "begin" in line]
        done = {line["ok"] for line in lines if "ok" in line}
        if any("finished" in line for line in lines):
            killed_in["after the last save"] += 1
        elif begun and begun[-1] not in done:
            killed_in[begun[-1]] += 1
        else:
            killed_in["between saves"] += 1
        if checking is not None:
            _finish_check(*checking)
        checking = _start_check(
            f"sqlite:///{copy}",
            lines,
            base_counts,
            f"trial {trial}: killed {when}, saves reported {sorted(done)}, in flight "
            f"{begun[-1] if begun and begun[-1] not in done else 'none'}",
        )
    assert checking is not None
    _finish_check(*checking)
    print(
        f"\n{TRIALS} trials in {time.monotonic() - began:.1f} s, uninterrupted run "
        f"{total:.2f} s; killed in: {dict(sorted(killed_in.items()))}"
    )
    # The kills really landed inside saves, every kind of save many times over.
    assert all(killed_in[step] > 0 for step in STEPS), killed_in
    assert sum(killed_in[step] for step in STEPS) >= TRIALS // 2
