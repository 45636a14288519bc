"""The child's side of the crash-safety trials (tests/reliability/test_crash_safety.py).

`run_saves` runs in a process forked from the test, on its own engine, and performs a fixed
sequence of real saves through the services on one lot in culture: a harvest with its count,
the verifier's signature on it (password re-entered), a seeding, a QC sample and its result,
a deviation and its assessment, a correction of the harvest (which supersedes the signature),
a pooled harvest. Before each save it writes ``{"begin": step}`` and, only after
the service has returned, ``{"ok": step, ...}`` with what was saved, one JSON line at a time
straight to a pipe (``os.write``: unbuffered, each line one atomic write), so whatever the
parent reads is exactly what the child knew was saved at the moment it was killed.
"""

from __future__ import annotations

import json
import os
import random
import time
import traceback
from dataclasses import dataclass
from typing import Any

from labtracker.clock import get_clock
from labtracker.db.engine import make_engine
from labtracker.services import corrections, culture, deviations, quality
from labtracker.services.context import Actor, Database
from labtracker.services.culture import CountInput, VesselSeeding
from labtracker.services.signatures import Meaning, sign

STEPS = (
    "harvest",
    "sign_verified",
    "seed",
    "qc_sample",
    "qc_result",
    "deviation",
    "assessment",
    "correction",
    "pooled_harvest",
)


@dataclass(frozen=True)
class Plan:
    """What one trial saves: the lot, its vessels in culture, the people, the seed."""

    url: str
    din: str
    p0_harvest_id: int
    vessels: tuple[str, ...]  # at least three P0 vessels in culture
    tech: Actor
    verifier: Actor
    tech_password: str
    verifier_password: str
    seed: int


def run_saves(plan: Plan, fd: int) -> None:
    """Perform every step of STEPS, reporting each on ``fd`` (see the module)."""

    def report(**line: Any) -> None:
        os.write(fd, (json.dumps(line, sort_keys=True) + "\n").encode("utf-8"))

    rng = random.Random(plan.seed)
    clock = get_clock()  # the parent's ManualClock, this process's own copy after the fork
    db = Database(make_engine(plan.url))
    report(started=time.monotonic())
    state: dict[str, Any] = {}
    try:
        for step in STEPS:
            clock.advance(minutes=rng.randint(1, 9))  # type: ignore[attr-defined]
            report(begin=step, t=time.monotonic())
            saved = SAVES[step](db, plan, rng, state)
            state.update(saved)
            report(ok=step, t=time.monotonic(), **saved)
        report(finished=time.monotonic())
    except Exception:
        report(error=traceback.format_exc())
        raise
    finally:
        db.dispose()


def _harvest(db: Database, plan: Plan, rng: random.Random, _state: dict) -> dict[str, Any]:
    cells_per_ml = float(rng.randrange(800_000, 1_200_000, 1_000))
    viability = round(rng.uniform(85, 99), 1)
    confluence = float(rng.randrange(70, 95))
    now = get_clock().now()
    result = culture.record_harvest(
        db,
        plan.tech,
        plan.din,
        vessel_codes=[plan.vessels[0]],
        harvested_at=now,
        confluence_percent=confluence,
        count=CountInput.automated(
            cells_per_ml=cells_per_ml,
            viability_percent=viability,
            suspension_volume_ml=5,
            counted_at=now,
        ),
    )
    return {
        "harvest_id": result.harvest_id,
        "count_id": result.count.count_id,
        "cells_per_ml": cells_per_ml,
        "viability": viability,
        "confluence": confluence,
        "harvest_vessels": [plan.vessels[0]],
    }


def _sign(meaning: Meaning) -> Any:
    def save(db: Database, plan: Plan, _rng: random.Random, state: dict) -> dict[str, Any]:
        signer, password = (
            (plan.tech, plan.tech_password)
            if meaning is Meaning.PERFORMED
            else (plan.verifier, plan.verifier_password)
        )
        view = sign(
            db,
            signer,
            record_table="harvest",
            record_id=state["harvest_id"],
            meaning=meaning,
            username=signer.username,
            password=password,
        )
        return {f"signature_{meaning.value}": view.signature_id}

    return save


def _seed(db: Database, plan: Plan, rng: random.Random, _state: dict) -> dict[str, Any]:
    cells = rng.randrange(300_000, 400_000, 1_000)
    result = culture.seed_vessels(
        db,
        plan.tech,
        plan.din,
        harvest_id=plan.p0_harvest_id,
        vessels=[VesselSeeding("T175", cells)] * 2,
        seeded_at=get_clock().now(),
    )
    return {"seeded": [v.code for v in result.vessels], "seeded_cells": cells}


def _qc_sample(db: Database, plan: Plan, _rng: random.Random, _state: dict) -> dict[str, Any]:
    sample = quality.take_qc_sample(
        db, plan.tech, plan.din, test_code="viability", stage="P1", taken_at=get_clock().now()
    )
    return {"sample": sample.code}


def _qc_result(db: Database, plan: Plan, rng: random.Random, state: dict) -> dict[str, Any]:
    value = round(rng.uniform(60, 99), 1)
    quality.record_qc_result(
        db,
        plan.tech,
        state["sample"],
        value=value,
        unit="%",
        tested_at=get_clock().now(),
        laboratory="QC lab",
    )
    return {"qc_value": value}


def _deviation(db: Database, plan: Plan, rng: random.Random, _state: dict) -> dict[str, Any]:
    title = f"Incubator alarm {rng.randrange(1000, 9999)}"
    number = deviations.raise_deviation(
        db,
        plan.tech,
        din=plan.din,
        title=title,
        description="Alarm sounded; door found closed; temperature within limits.",
        occurred_at=get_clock().now(),
        classification="minor",
    )
    return {"deviation": number, "deviation_title": title}


def _assessment(db: Database, plan: Plan, rng: random.Random, state: dict) -> dict[str, Any]:
    impact = f"None: excursion of {rng.randrange(2, 9)} minutes within limits."
    deviations.assess_deviation(
        db,
        plan.tech,
        state["deviation"],
        impact_assessment=impact,
        root_cause="Sensor drift.",
        corrective_action="Sensor recalibrated.",
        preventive_action="Sensor on the monthly check.",
    )
    return {"impact": impact}


def _correction(db: Database, plan: Plan, rng: random.Random, state: dict) -> dict[str, Any]:
    confluence = state["confluence"] + rng.choice((-5.0, 5.0))
    corrections.correct_record(
        db,
        plan.tech,
        "harvest",
        state["harvest_id"],
        {"confluence_percent": confluence},
        "transcription error: the worksheet reads otherwise",
    )
    return {"confluence": confluence}


def _pooled_harvest(db: Database, plan: Plan, rng: random.Random, _state: dict) -> dict[str, Any]:
    live = rng.randrange(150, 250)
    now = get_clock().now()
    result = culture.record_harvest(
        db,
        plan.tech,
        plan.din,
        vessel_codes=list(plan.vessels[1:3]),
        harvested_at=now,
        confluence_percent=None,
        count=CountInput.hemocytometer(
            live_cells=live,
            dead_cells=10,
            squares_counted=4,
            dilution_factor=2,
            suspension_volume_ml=10,
            counted_at=now,
        ),
    )
    return {
        "pooled_harvest_id": result.harvest_id,
        "pooled_count_id": result.count.count_id,
        "pooled_live_cells": live,
        "pooled_vessels": list(plan.vessels[1:3]),
    }


SAVES = {
    "harvest": _harvest,
    "seed": _seed,
    "qc_sample": _qc_sample,
    "qc_result": _qc_result,
    "deviation": _deviation,
    "assessment": _assessment,
    "correction": _correction,
    "sign_verified": _sign(Meaning.VERIFIED),
    "pooled_harvest": _pooled_harvest,
}
