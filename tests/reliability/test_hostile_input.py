"""Hostile and mistaken input, through the real services (issue 10).

Table-driven: every case calls a real service (or the scan parser) on a laboratory with lots
at every stage (tests/reliability/bench.py), expects labtracker's own error, reads its
message as the person at the bench would (it must name the field, what was entered and what
is allowed), and compares a full dump of every table before and after: nothing half-saved,
not even an audit entry. Where a refusal is deliberately put on record (a failed sign-in or
signature attempt, a refused bedside check), the case says so and the test asserts exactly
what was added.

The free-text tables cover every free-text field the services take (found by reading their
signatures): control characters and oversized text are refused naming the field and the
limit; SQL-like text, Chinese, Arabic and Hebrew are stored verbatim, read back identical
through the services and found identical in the audit trail. The policy for each kind of
field (one line / a paragraph) is in labtracker/domain/values.py.

Bounded: a fixed table (no randomness, no loops over time); each backend builds its world
once (~20 s) and every case is one or a few service calls. Both backends: SQLite and the
PostgreSQL server of the fixtures (PostgreSQL is where NUL and over-long text used to crash
instead of being refused).
"""

from __future__ import annotations

import contextlib
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from labtracker.domain.errors import InvalidValueError, LabtrackerError
from labtracker.domain.identifiers import ALPHABET
from labtracker.domain.permissions import PermissionDeniedError
from labtracker.domain.scan import ScanKind, classify
from labtracker.services import (
    audit,
    auth,
    batch_record,
    bedside,
    catalogue,
    corrections,
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
    scan,
    site,
    specifications,
    users,
)
from labtracker.services.audit import AuditQuery
from labtracker.services.bedside import BedsideRefusedError
from labtracker.services.culture import CountInput, VesselOfAnotherLotError, VesselSeeding
from labtracker.services.custody import CustodyRefusedError
from labtracker.services.custody_report import custody_report
from labtracker.services.deviations import DiscardRefusedError
from labtracker.services.materials import MaterialRefusedError
from labtracker.services.release import ReleaseRefusedError
from labtracker.services.signatures import Meaning, SignatureRefusedError, sign
from labtracker.services.specifications import SpecItem
from tests.reliability.bench import (
    BACKENDS,
    MRN,
    OTHER_MRN,
    World,
    collect,
    harvest,
    lot_in_culture,
    receive,
    seed,
    start_induction,
    start_lot,
    world_for,
)
from tests.support.lab import PASSWORD


@pytest.fixture(scope="module", params=BACKENDS)
def world(request, tmp_path_factory):
    with world_for(request.param, request, tmp_path_factory) as w:
        yield w


# --- what a refusal may leave behind ------------------------------------------------------------


def _delta(before: dict, after: dict) -> dict[str, tuple[list, list]]:
    """Per table that differs: (rows gone, rows new)."""
    changed = {}
    for table in before.keys() | after.keys():
        old, new = before.get(table, []), after.get(table, [])
        if old != new:
            changed[table] = (
                [r for r in old if r not in new],
                [r for r in new if r not in old],
            )
    return changed


def nothing_recorded(before: dict, after: dict) -> None:
    assert after == before, f"a refused action changed {sorted(_delta(before, after))}"


def attempt_logged(before: dict, after: dict) -> None:
    """A signature's re-entered password was checked (and logged, on purpose, in its own
    transaction before the action): one new login_event row, nothing else."""
    changed = _delta(before, after)
    assert set(changed) == {"login_event"}, sorted(changed)
    gone, new = changed["login_event"]
    assert not gone and len(new) == 1


def failed_attempt_logged(before: dict, after: dict) -> None:
    """A wrong password: the attempt is logged and counted (the account's failed attempts
    go up, itself audited); nothing else."""
    changed = _delta(before, after)
    assert set(changed) <= {"login_event", "user_account", "audit_entry"}, sorted(changed)
    assert len(changed["login_event"][1]) == 1 and not changed["login_event"][0]
    assert "user_account" in changed  # failed_attempts + 1


def unknown_user_logged(before: dict, after: dict) -> None:
    changed = _delta(before, after)
    assert set(changed) == {"login_event"}, sorted(changed)
    assert len(changed["login_event"][1]) == 1


def bedside_refusal_logged(before: dict, after: dict) -> None:
    """A refused bedside check: the signature attempt and one audit event; no implantation."""
    changed = _delta(before, after)
    assert set(changed) == {"login_event", "audit_entry"}, sorted(changed)
    assert len(changed["login_event"][1]) == 1
    assert len(changed["audit_entry"][1]) == 1 and not changed["audit_entry"][0]
    entry = changed["audit_entry"][1][0]
    assert max(len(str(v)) for v in entry) < 2_000, "a scan is recorded shortened"


def wrong_patient_logged(before: dict, after: dict) -> None:
    """A wrong-patient scan: the attempt, the audit event and a critical deviation (with its
    own audit entries); no implantation, the lot unchanged."""
    changed = _delta(before, after)
    assert set(changed) == {"login_event", "audit_entry", "deviation"}, sorted(changed)
    gone, new = changed["deviation"]
    assert not gone and len(new) == 1
    assert "critical" in new[0] and "Wrong-patient scan at the bedside" in new[0]


def _compared_below(before: dict, after: dict) -> None:
    """The caller compares once, after several refusals."""


def refused(
    w: World,
    action: Callable[[], object],
    error: type[BaseException] = LabtrackerError,
    *,
    words: tuple[str, ...] = (),
    field: str | None = None,
    logged: Callable[[dict, dict], None] = nothing_recorded,
    before: dict | None = None,
) -> BaseException:
    """Run ``action``, expect ``error`` with these words (and this InvalidValueError field),
    then check what the refusal left: nothing, or exactly its deliberate record."""
    before = w.dump() if before is None else before
    with pytest.raises(error) as caught:
        action()
    message = str(caught.value)
    for word in words:
        assert word.casefold() in message.casefold(), f"{word!r} not in {message!r}"
    if field is not None:
        assert isinstance(caught.value, InvalidValueError), type(caught.value)
        assert caught.value.field == field, (caught.value.field, message)
        assert field.casefold() in message.casefold(), message
    if logged is not _compared_below:
        logged(before, w.dump())
    return caught.value


# --- valid calls, overridable one argument at a time ---------------------------------------------


def _at(w: World, **delta: float) -> datetime:
    return w.clock.now() + timedelta(**delta)


def _args(w: World, defaults: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    merged = {**defaults, **overrides}
    return {
        k: (v(w) if callable(v) and getattr(v, "__name__", "") == "<lambda>" else v)
        for k, v in merged.items()
    }


def aspirate(w: World, **kw: Any) -> None:
    args = _args(
        w,
        dict(
            collection_site="left posterior iliac crest",
            volume_ml=15,
            anticoagulant="heparin",
            anticoagulant_lot=w.lab.materials["Heparin sodium"],
            collected_at=w.clock.now(),
            collected_by_name="Dr Zhao Ming",
            transport_temperature_c=8,
            notes="",
        ),
        kw,
    )
    din = args.pop("din", w.din("created"))
    lots.record_aspirate(w.db, w.lab.tech, din, **args)


def receipt(w: World, **kw: Any) -> None:
    args = _args(
        w,
        dict(received_at=w.clock.now(), condition="acceptable", temperature_c=8, notes=""),
        kw,
    )
    din = args.pop("din", w.din("collected"))
    lots.receive_aspirate(w.db, w.lab.tech, din, **args)


def hemocytometer(w: World, **kw: Any) -> CountInput:
    return CountInput.hemocytometer(
        **{
            "live_cells": 120,
            "dead_cells": 30,
            "squares_counted": 4,
            "dilution_factor": 2,
            "suspension_volume_ml": 5,
            "counted_at": w.clock.now(),
            **kw,
        }
    )


def automated(w: World, **kw: Any) -> CountInput:
    return CountInput.automated(
        **{
            "cells_per_ml": 1.2e6,
            "viability_percent": 96,
            "suspension_volume_ml": 10,
            "counted_at": w.clock.now(),
            **kw,
        }
    )


def isolation(w: World, **kw: Any) -> None:
    args = _args(
        w,
        dict(
            method="density_gradient",
            started_at=w.clock.now(),
            aspirate_volume_used_ml=15,
            count=hemocytometer(w),
            vessels=[VesselSeeding("T75", 150_000)] * 2,
            reagent_lots=[w.lab.materials["Ficoll-Paque"]],
            notes="",
        ),
        kw,
    )
    din = args.pop("din", w.din("received"))
    culture.record_isolation(w.db, w.lab.tech, din, **args)


def harvest_p1(w: World, **kw: Any) -> None:
    args = _args(
        w,
        dict(
            vessel_codes=w.vessels["culture"][:1],
            harvested_at=w.clock.now(),
            confluence_percent=80,
            count=automated(w, cells_per_ml=1e6, suspension_volume_ml=5),
            notes="",
        ),
        kw,
    )
    culture.record_harvest(w.db, w.lab.tech, w.din("culture"), **args)


def seeding(w: World, **kw: Any) -> None:
    args = _args(
        w,
        dict(
            harvest_id=w.harvests["culture"],
            vessels=[VesselSeeding("T75", 150_000)],
            seeded_at=w.clock.now(),
        ),
        kw,
    )
    culture.seed_vessels(w.db, w.lab.tech, w.din("culture"), **args)


def induction_start(w: World, **kw: Any) -> None:
    m = w.lab.materials
    args = _args(
        w,
        dict(
            started_at=w.clock.now(),
            base_medium_lot=m["α-MEM"],
            dexamethasone_lot=m["Dexamethasone"],
            ascorbate_lot=m["Ascorbate-2-phosphate"],
            glycerophosphate_lot=m["β-Glycerophosphate"],
            notes="",
        ),
        kw,
    )
    din = args.pop("din", w.din("culture"))
    induction.start_induction(w.db, w.lab.tech, din, **args)


def induction_end(w: World, **kw: Any) -> None:
    args = _args(
        w,
        dict(ended_at=w.clock.now(), alp_result="positive", alizarin_red_result="positive"),
        kw,
    )
    induction.end_induction(w.db, w.lab.tech, w.din("in_induction"), **args)


def scaffold(w: World, **kw: Any) -> None:
    args = _args(
        w,
        dict(
            scaffold_lot=w.codes["scaffold"],
            seeded_at=w.clock.now(),
            scaffold_volume_ml=1.5,
            cells_seeded=3e7,
            suspension_volume_ml=1.5,
            incubation_started_at=w.clock.now(),
            notes="",
        ),
        kw,
    )
    din = args.pop("din", w.din("induced"))
    induction.seed_scaffold(w.db, w.lab.tech, din, **args)


def handover(w: World, **kw: Any) -> custody.CustodyView:
    args = _args(
        w,
        dict(
            din=w.barcode("dispatched"),
            event="handed_over",
            from_name="Courier Wu",
            to_name="Nurse Sun",
            from_location="Transport box T-3",
            to_location="OR 4",
            temperature_c=7,
            occurred_at=w.clock.now(),
            shipper="",
            temperature_logger="",
            seal_number="",
            notes="",
        ),
        kw,
    )
    din = args.pop("din")
    return custody.record_handover(w.db, w.lab.tech, din, **args)


def implant(w: World, **kw: Any) -> None:
    args = _args(
        w,
        dict(
            construct_scan=w.barcode("dispatched"),
            wristband_scan="MRN:" + MRN,
            implanted_at=w.clock.now(),
            operating_room="OR 4",
            implant_site="left tibia",
            username="drzhao",
            password=PASSWORD,
            notes="",
        ),
        kw,
    )
    bedside.record_implantation(w.db, w.lab.surgeon, **args)


def qc_sample(test_code: str) -> Callable[[World], None]:
    """A preparation: take a sample of the lot in culture for this test."""

    def take(w: World) -> None:
        w.records["sample"] = quality.take_qc_sample(  # type: ignore[assignment]
            w.db, w.lab.tech, w.din("culture"), test_code=test_code, stage="P1", taken_at=w.tick()
        ).code

    return take


def past_expiry(w: World) -> None:
    """The dispatched construct, scanned at the table after its expiry."""
    back = w.clock.now()
    w.clock.set(back + timedelta(hours=49))
    try:
        implant(w)
    finally:
        w.clock.set(back)


def dispatch_time(w: World) -> datetime:
    chain = custody.custody_chain(w.db, w.lab.tech, w.din("dispatched"))
    return max(c.occurred_at for c in chain)


def vessel_seeded_at(w: World) -> datetime:
    tree = culture.vessel_tree(w.db, w.lab.tech, w.din("culture"))
    nodes = list(tree.roots)
    while nodes:
        node = nodes.pop()
        if node.code == w.vessels["culture"][0]:
            return node.seeded_at
        nodes.extend(node.children)
    raise AssertionError("vessel not in the tree")


def released_at(w: World) -> datetime:
    """When QA released the dispatched construct (its expiry less the site's shelf life)."""
    expires_at = release.lot_expiry(w.db, w.lab.qa, w.din("dispatched")).expires_at
    assert expires_at is not None
    return expires_at - timedelta(hours=site.current_process_rules(w.db).release_expiry_hours)


def own_sample(w: World) -> None:
    """The supervisor takes a QC sample: the supervisor made that record."""
    code = quality.take_qc_sample(
        w.db,
        w.lab.verifier,
        w.din("culture"),
        test_code="endotoxin",
        stage="P1",
        taken_at=w.tick(),
    ).code
    w.records["own_sample"] = _sample_id(w, code)


def wrong_check(w: World, name: str) -> str:
    din = w.din(name)
    right = w.checks[din]
    return din + next(c for c in ALPHABET if c != right)


def _shared_user(w: World) -> None:
    w.tick()


# --- the catalogue: numbers, units, times, states, identity ---------------------------------------


@dataclass(frozen=True)
class Case:
    id: str
    act: Callable[[World], object]
    error: type[BaseException]
    words: tuple[str, ...] = ()
    field: str | None = None
    logged: Callable[[dict, dict], None] = nothing_recorded
    prepare: Callable[[World], None] | None = None  # done (and saved) before the "before" dump


IVE = InvalidValueError
NAN, INF = math.nan, math.inf

CASES = [
    # Counts: zero, negative, huge, non-numbers (isolation on a received lot)
    Case(
        "zero-live-cells",
        lambda w: isolation(w, count=hemocytometer(w, live_cells=0)),
        IVE,
        ("0", "at least 1"),
        "Live cells counted",
    ),
    Case(
        "negative-dead-cells",
        lambda w: isolation(w, count=hemocytometer(w, dead_cells=-30)),
        IVE,
        ("-30", "at least 0"),
        "Dead cells counted",
    ),
    Case(
        "cells-seeded-more-than-counted",
        lambda w: isolation(w, vessels=[VesselSeeding("T75", 10**9)] * 2),
        IVE,
        ("2,000,000,000", "3,000,000"),
        "Cells seeded",
    ),
    Case(
        "ten-squares",
        lambda w: isolation(w, count=hemocytometer(w, squares_counted=10)),
        IVE,
        ("10", "1 to 9"),
        "Squares counted",
    ),
    Case(
        "dilution-below-one",
        lambda w: isolation(w, count=hemocytometer(w, dilution_factor=0.5)),
        IVE,
        ("0.5", "at least 1"),
        "Dilution factor",
    ),
    Case(
        "live-cells-as-text",
        lambda w: isolation(w, count=hemocytometer(w, live_cells="120")),
        IVE,
        ("120", "whole number"),
        "Live cells counted",
    ),
    Case(
        "live-cells-fraction",
        lambda w: isolation(w, count=hemocytometer(w, live_cells=120.5)),
        IVE,
        ("120.5", "whole number"),
        "Live cells counted",
    ),
    Case(
        "viability-104-percent",
        lambda w: isolation(w, count=automated(w, viability_percent=104)),
        IVE,
        ("104", "between 0 and 100"),
        "Viability",
    ),
    Case(
        "viability-nan",
        lambda w: isolation(w, count=automated(w, viability_percent=NAN)),
        IVE,
        ("nan", "between 0 and 100"),
        "Viability",
    ),
    Case(
        "viability-bool",
        lambda w: isolation(w, count=automated(w, viability_percent=True)),
        IVE,
        ("True", "between 0 and 100"),
        "Viability",
    ),
    Case(
        "concentration-as-text",
        lambda w: isolation(w, count=automated(w, cells_per_ml="1.2e6")),
        IVE,
        ("1.2e6", "greater than 0"),
        "Cells per mL",
    ),
    Case(
        "concentration-infinite",
        lambda w: isolation(w, count=automated(w, cells_per_ml=INF)),
        IVE,
        ("inf", "greater than 0"),
        "Cells per mL",
    ),
    Case(
        "suspension-negative",
        lambda w: isolation(w, count=hemocytometer(w, suspension_volume_ml=-5)),
        IVE,
        ("-5", "greater than 0 mL"),
        "Suspension volume",
    ),
    Case(
        "aspirate-used-zero",
        lambda w: isolation(w, aspirate_volume_used_ml=0),
        IVE,
        ("0", "more than 0, at most 100 mL"),
        "Aspirate volume used",
    ),
    Case(
        "aspirate-used-more-than-collected",
        lambda w: isolation(w, aspirate_volume_used_ml=20),
        IVE,
        ("20 mL", "15 mL collected"),
        "Aspirate volume used",
    ),
    Case(
        "isolation-before-receipt",
        lambda w: isolation(w, started_at=lambda w: _at(w, days=-400)),
        IVE,
        ("not before receipt",),
        "Started at",
    ),
    Case(
        "quarantined-reagent-at-isolation",
        lambda w: isolation(w, reagent_lots=[w.codes["quarantined_medium"]]),
        MaterialRefusedError,
        ("Reagent lot", "quarantine", "QA must release"),
    ),
    Case(
        "rejected-reagent-at-isolation",
        lambda w: isolation(w, reagent_lots=[w.codes["rejected_medium"]]),
        MaterialRefusedError,
        ("Reagent lot", "rejected"),
    ),
    # The aspirate (a lot just created)
    Case(
        "aspirate-volume-zero",
        lambda w: aspirate(w, volume_ml=0),
        IVE,
        ("0 mL", "more than 0, at most 100 mL"),
        "Aspirate volume",
    ),
    Case(
        "aspirate-volume-negative",
        lambda w: aspirate(w, volume_ml=-15),
        IVE,
        ("-15 mL", "more than 0"),
        "Aspirate volume",
    ),
    Case(
        "aspirate-volume-in-microlitres",
        lambda w: aspirate(w, volume_ml=15_000),
        IVE,
        ("15000 mL", "at most 100 mL"),
        "Aspirate volume",
    ),
    Case(
        "aspirate-volume-nan",
        lambda w: aspirate(w, volume_ml=NAN),
        IVE,
        ("nan", "at most 100 mL"),
        "Aspirate volume",
    ),
    Case(
        "aspirate-volume-infinite",
        lambda w: aspirate(w, volume_ml=INF),
        IVE,
        ("inf", "at most 100 mL"),
        "Aspirate volume",
    ),
    Case(
        "aspirate-volume-as-text",
        lambda w: aspirate(w, volume_ml="15"),
        IVE,
        ("15", "a number"),
        "Aspirate volume",
    ),
    Case(
        "aspirate-volume-bool",
        lambda w: aspirate(w, volume_ml=True),
        IVE,
        ("True", "a number"),
        "Aspirate volume",
    ),
    Case(
        "transport-temperature-80",
        lambda w: aspirate(w, transport_temperature_c=80),
        IVE,
        ("80 °C", "45 °C"),
        "Transport temperature",
    ),
    Case(
        "collected-in-the-future",
        lambda w: aspirate(w, collected_at=lambda w: _at(w, hours=1)),
        IVE,
        ("not in the future",),
        "Collected at",
    ),
    Case(
        "collected-before-the-lot-existed",
        lambda w: aspirate(w, collected_at=lambda w: _at(w, days=-400)),
        IVE,
        ("not before the lot's creation",),
        "Collected at",
    ),
    Case(
        "collected-at-without-time-zone",
        lambda w: aspirate(w, collected_at=lambda w: w.clock.now().replace(tzinfo=None)),
        IVE,
        ("time zone",),
        "Collected at",
    ),
    Case(
        "expired-anticoagulant-lot",
        lambda w: aspirate(w, anticoagulant_lot=w.codes["expired_heparin"]),
        MaterialRefusedError,
        ("Anticoagulant lot", "expired on 2026-03-02"),
    ),
    Case(
        "anticoagulant-lot-of-a-medium",
        lambda w: aspirate(w, anticoagulant_lot=w.lab.materials["α-MEM"]),
        IVE,
        ("a lot of anticoagulant",),
        "Anticoagulant lot",
    ),
    Case(
        "anticoagulant-lot-unknown",
        lambda w: aspirate(w, anticoagulant_lot="RL999999"),
        IVE,
        ("RL999999", "received lot"),
        "Anticoagulant lot",
    ),
    # Receipt (an aspirate collected)
    Case(
        "receipt-before-collection",
        lambda w: receipt(w, received_at=lambda w: _at(w, days=-400)),
        IVE,
        ("not before collection",),
        "Received at",
    ),
    Case(
        "receipt-in-the-future",
        lambda w: receipt(w, received_at=lambda w: _at(w, minutes=10)),
        IVE,
        ("not in the future",),
        "Received at",
    ),
    Case(
        "receipt-temperature-as-text",
        lambda w: receipt(w, temperature_c="cold"),
        IVE,
        ("cold", "−20 to 45 °C"),
        "Temperature on receipt",
    ),
    Case(
        "receipt-condition-sql",
        lambda w: receipt(w, condition="'; DROP TABLE lot; --"),
        IVE,
        ("DROP TABLE lot", "acceptable"),
        "Condition",
    ),
    # Harvest (P1 vessels in culture)
    Case(
        "harvest-before-seeding",
        lambda w: harvest_p1(w, harvested_at=lambda w: vessel_seeded_at(w) - timedelta(hours=1)),
        IVE,
        ("not before the seeding of",),
        "Harvested at",
    ),
    Case(
        "harvest-implausibly-many-cells",
        lambda w: harvest_p1(w, count=automated(w, cells_per_ml=1e9, suspension_volume_ml=10)),
        IVE,
        ("1e+10", "at most", "175 cm²"),
        "Cells harvested",
    ),
    Case(
        "confluence-150",
        lambda w: harvest_p1(w, confluence_percent=150),
        IVE,
        ("150", "between 0 and 100"),
        "Confluence",
    ),
    Case(
        "vessel-of-another-lot",
        lambda w: harvest_p1(w, vessel_codes=w.vessels["other_culture"][:1]),
        VesselOfAnotherLotError,
        ("belongs to lot", "Stop"),
        "Vessel",
    ),
    Case(
        "vessel-code-truncated",
        lambda w: harvest_p1(w, vessel_codes=[w.vessels["culture"][0][:-2]]),
        IVE,
        ("vessel label",),
        "Vessel",
    ),
    Case(
        "vessel-scanned-twice",
        lambda w: harvest_p1(w, vessel_codes=[w.vessels["culture"][0]] * 2),
        IVE,
        ("scanned twice",),
        "Vessels",
    ),
    Case(
        "vessel-code-with-nul",
        lambda w: harvest_p1(w, vessel_codes=[w.vessels["culture"][0][:5] + "\x00" + "P1-1"]),
        IVE,
        ("\\x00", "code on a label"),
        "Vessel",
    ),
    Case(
        "count-before-the-harvest",
        lambda w: harvest_p1(w, count=automated(w, counted_at=_at(w, hours=-2))),
        IVE,
        ("not before the harvest",),
        "Counted at",
    ),
    # Passage (a harvest with cells left)
    Case(
        "seed-zero-cells",
        lambda w: seeding(w, vessels=[VesselSeeding("T75", 0)]),
        IVE,
        ("0", "greater than 0"),
        "Cells seeded",
    ),
    Case(
        "seed-fraction-of-a-cell",
        lambda w: seeding(w, vessels=[VesselSeeding("T75", 1.5)]),
        IVE,
        ("1.5", "whole number"),
        "Cells seeded",
    ),
    Case(
        "seed-more-than-harvested",
        lambda w: seeding(w, vessels=[VesselSeeding("T75", 10**10)]),
        IVE,
        ("10,000,000,000", "available"),
        "Cells seeded",
    ),
    Case(
        "seed-unknown-vessel-type",
        lambda w: seeding(w, vessels=[VesselSeeding("T999", 1000)]),
        IVE,
        ("T999", "catalogue"),
        "Vessel type",
    ),
    Case(
        "seed-before-the-harvest",
        lambda w: seeding(w, seeded_at=lambda w: _at(w, days=-30)),
        IVE,
        ("not before the harvest",),
        "Seeded at",
    ),
    # Induction: units, lots, times
    Case(
        "dexamethasone-in-micromolar",
        lambda w: induction_start(w, dexamethasone_nm=0.1),
        IVE,
        ("0.1", "between 1 and 1000 nM"),
        "Dexamethasone",
    ),
    Case(
        "glycerophosphate-in-micromolar",
        lambda w: induction_start(w, glycerophosphate_mm=10_000),
        IVE,
        ("10000", "between 0.1 and 100 mM"),
        "β-Glycerophosphate",
    ),
    Case(
        "expired-medium-lot",
        lambda w: induction_start(w, base_medium_lot=w.codes["expired_medium"]),
        MaterialRefusedError,
        ("Base medium lot", "expired on 2026-03-02"),
    ),
    Case(
        "quarantined-medium-lot",
        lambda w: induction_start(w, base_medium_lot=w.codes["quarantined_medium"]),
        MaterialRefusedError,
        ("Base medium lot", "quarantine"),
    ),
    Case(
        "same-lot-for-two-supplements",
        lambda w: induction_start(w, ascorbate_lot=w.lab.materials["Dexamethasone"]),
        IVE,
        ("already scanned",),
        "Ascorbate-2-phosphate lot",
    ),
    Case(
        "induction-before-last-seeding",
        lambda w: induction_start(w, started_at=lambda w: _at(w, days=-30)),
        IVE,
        ("not before the",),
        "Started at",
    ),
    Case(
        "induction-end-before-start",
        lambda w: induction_end(w, ended_at=lambda w: _at(w, days=-30)),
        IVE,
        ("not before the start of induction",),
        "Ended at",
    ),
    Case(
        "stain-result-unknown",
        lambda w: induction_end(w, alp_result="maybe"),
        IVE,
        ("maybe", "positive"),
        "ALP result",
    ),
    # Scaffold seeding (induction ended)
    Case(
        "quarantined-scaffold-lot",
        lambda w: scaffold(w, scaffold_lot=w.codes["quarantined_scaffold"]),
        MaterialRefusedError,
        ("quarantine",),
    ),
    Case(
        "expired-scaffold-lot",
        lambda w: scaffold(w, scaffold_lot=w.codes["expired_scaffold"]),
        MaterialRefusedError,
        ("expired on 2026-03-02",),
    ),
    Case(
        "scaffold-seeded-before-induction-end",
        lambda w: scaffold(w, seeded_at=lambda w: _at(w, days=-30)),
        IVE,
        ("not before the end of induction",),
        "Seeded at",
    ),
    Case(
        "scaffold-zero-cells",
        lambda w: scaffold(w, cells_seeded=0),
        IVE,
        ("0", "more than 0"),
        "Cells seeded",
    ),
    Case(
        "scaffold-huge-cell-number",
        lambda w: scaffold(w, cells_seeded=1e13),
        IVE,
        ("1e+13", "at most 1e+12"),
        "Cells seeded",
    ),
    Case(
        "scaffold-suspension-in-microlitres",
        lambda w: scaffold(w, suspension_volume_ml=1500),
        IVE,
        ("1500", "at most 1000 mL"),
        "Suspension volume",
    ),
    Case(
        "incubation-before-seeding",
        lambda w: scaffold(w, incubation_started_at=lambda w: _at(w, hours=-1)),
        IVE,
        ("not before seeding",),
        "Incubation started at",
    ),
    # QC results: units and impossible values
    Case(
        "endotoxin-in-wrong-unit",
        lambda w: quality.record_qc_result(
            w.db, w.lab.tech, w.records["sample"], value=0.2, unit="EU/L", tested_at=w.tick()
        ),
        IVE,
        ("EU/L", "EU/mL"),
        "Endotoxin unit",
        prepare=qc_sample("endotoxin"),
    ),
    Case(
        "qc-viability-above-100",
        lambda w: quality.record_qc_result(
            w.db, w.lab.tech, w.records["sample"], value=104, unit="%", tested_at=w.tick()
        ),
        IVE,
        ("104", "between 0 and 100"),
        None,
        prepare=qc_sample("viability"),
    ),
    Case(
        "marker-above-100-percent",
        lambda w: quality.record_immunophenotype(
            w.db,
            w.lab.tech,
            w.din("culture"),
            sampled_at=w.clock.now(),
            analysed_at=w.clock.now(),
            passage_number=1,
            markers={
                "CD73": 120.0,
                "CD90": 98.7,
                "CD105": 97.5,
                "CD34": 0.4,
                "CD45": 0.8,
                "CD14": 0.3,
                "CD19": 0.2,
                "HLA-DR": 0.5,
            },
        ),
        IVE,
        ("120", "100 %"),
        None,
    ),
    # Release
    Case(
        "release-by-qa-who-worked-on-the-lot",
        lambda w: release.release_lot(
            w.db, w.lab.qa, w.din("qa_worked"), username="mchen", password=PASSWORD
        ),
        ReleaseRefusedError,
        ("Mei Chen", "performed or recorded work", "QA person who did not"),
        logged=attempt_logged,
    ),
    Case(
        "release-with-missing-results",
        lambda w: release.release_lot(
            w.db, w.qa2, w.din("unreleasable"), username="qhe", password=PASSWORD
        ),
        ReleaseRefusedError,
        ("cannot be released", "Sterility", "signed"),
        logged=attempt_logged,
    ),
    Case(
        "release-by-the-technician",
        lambda w: release.release_lot(
            w.db, w.lab.tech, w.din("ready"), username="lwang", password=PASSWORD
        ),
        PermissionDeniedError,
        ("Li Wang", "only QA"),
    ),
    Case(
        "release-with-a-wrong-password",
        lambda w: release.release_lot(
            w.db, w.lab.qa, w.din("ready"), username="mchen", password="not-my-password"
        ),
        auth.AuthenticationError,
        ("not correct", "attempts left"),
        logged=failed_attempt_logged,
    ),
    Case(
        "reject-without-reason",
        lambda w: release.reject_lot(
            w.db, w.lab.qa, w.din("ready"), reason="  ", username="mchen", password=PASSWORD
        ),
        IVE,
        ("filled in",),
        "Reason for rejection",
    ),
    # Custody of the dispatched construct
    Case(
        "handover-before-the-previous",
        lambda w: handover(w, occurred_at=lambda w: dispatch_time(w) - timedelta(hours=1)),
        IVE,
        ("not before the previous hand-over",),
        "Occurred at",
    ),
    Case(
        "handover-in-the-future",
        lambda w: handover(w, occurred_at=lambda w: _at(w, days=1)),
        IVE,
        ("not in the future",),
        "Occurred at",
    ),
    Case(
        "handover-temperature-1000",
        lambda w: handover(w, temperature_c=1000),
        IVE,
        ("1000 °C", "-200 to 60 °C"),
        "Temperature",
    ),
    Case(
        "handover-din-wrong-check-character",
        lambda w: handover(w, din=wrong_check(w, "dispatched")),
        IVE,
        ("check character does not match",),
        "Label",
    ),
    Case(
        "handover-din-typed-without-check-character",
        lambda w: handover(w, din=w.din("dispatched")),
        IVE,
        ("check character",),
        "Label",
    ),
    Case(
        "handover-label-of-another-lot",
        lambda w: handover(w, din=w.barcode("dispatched_spare"), expected_din=w.din("dispatched")),
        CustodyRefusedError,
        ("WRONG LABEL",),
    ),
    Case(
        "handover-truncated-barcode",
        lambda w: handover(w, din=w.barcode("dispatched")[:-4]),
        IVE,
        ("DIN",),
        "Label",
    ),
    # The bedside
    Case(
        "wrong-patient-wristband",
        lambda w: implant(w, wristband_scan="MRN:" + OTHER_MRN),
        BedsideRefusedError,
        ("WRONG PATIENT", "Do not implant"),
        logged=wrong_patient_logged,
    ),
    Case(
        "scans-swapped",
        lambda w: implant(w, construct_scan="MRN:" + MRN, wristband_scan=w.barcode("dispatched")),
        BedsideRefusedError,
        ("swapped",),
        logged=bedside_refusal_logged,
    ),
    Case(
        "implant-after-expiry",
        past_expiry,
        BedsideRefusedError,
        ("EXPIRED", "Do not implant"),
        logged=bedside_refusal_logged,
    ),
    Case(
        "implant-before-dispatch",
        lambda w: implant(w, implanted_at=lambda w: dispatch_time(w) - timedelta(hours=1)),
        IVE,
        ("not before the construct's dispatch",),
        "Implanted at",
        logged=attempt_logged,
    ),
    Case(
        "one-megabyte-construct-scan",
        lambda w: implant(w, construct_scan="=" + ONE_MB),
        BedsideRefusedError,
        ("Construct label", "DIN must be"),
        logged=bedside_refusal_logged,
    ),
    Case(
        "implant-before-release",
        lambda w: implant(w, implanted_at=lambda w: released_at(w) - timedelta(hours=1)),
        IVE,
        ("not before the construct's dispatch",),
        "Implanted at",
        logged=attempt_logged,
    ),
    Case(
        "verify-a-step-one-recorded",
        lambda w: sign(
            w.db,
            w.lab.verifier,
            record_table="qc_sample",
            record_id=w.records["own_sample"],
            meaning=Meaning.VERIFIED,
            username="zliu",
            password=PASSWORD,
        ),
        SignatureRefusedError,
        ("Zhang Liu", "performed or entered this step", "second person"),
        logged=attempt_logged,
        prepare=own_sample,
    ),
    Case(
        "construct-typed-without-check-character",
        lambda w: implant(w, construct_scan=w.din("dispatched")),
        BedsideRefusedError,
        ("without its check character",),
        logged=bedside_refusal_logged,
    ),
    Case(
        "wristband-of-nobody-registered",
        lambda w: implant(w, wristband_scan="MRN:MRN9999999"),
        BedsideRefusedError,
        ("no registered patient",),
        logged=bedside_refusal_logged,
    ),
    # Signing in
    Case(
        "sign-in-wrong-password",
        lambda w: auth.login(w.db, "lwang", "Wrong-Passw0rd!", station="bench-2"),
        auth.AuthenticationError,
        ("not correct", "attempts left"),
        logged=failed_attempt_logged,
    ),
    Case(
        "sign-in-user-id-with-nul",
        lambda w: auth.login(w.db, "lw\x00ang", PASSWORD, station="bench-2"),
        auth.AuthenticationError,
        ("not correct",),
        logged=unknown_user_logged,
    ),
    Case(
        "sign-in-user-id-sql",
        lambda w: auth.login(w.db, "admin' OR '1'='1", "x' OR '1'='1", station="bench-2"),
        auth.AuthenticationError,
        ("not correct",),
        logged=unknown_user_logged,
    ),
    # People, patients, materials, settings
    Case(
        "user-id-sql",
        lambda w: users.add_user(
            w.db,
            w.lab.admin,
            "x'; DROP TABLE user_account; --",
            "Eve",
            ["technician"],
            "Temp-Passw0rd!",
        ),
        IVE,
        ("DROP TABLE", "a letter first"),
        "User ID",
    ),
    Case(
        "lockout-after-zero-attempts",
        lambda w: auth.set_access_policy(w.db, w.lab.admin, "test", max_failed_attempts=0),
        IVE,
        ("0", "1"),
        None,
    ),
    Case(
        "release-expiry-negative",
        lambda w: site.set_process_rules(w.db, w.lab.admin, "test", release_expiry_hours=-1),
        IVE,
        ("-1",),
        None,
    ),
    Case(
        "patient-weight-in-grams",
        lambda w: patients.register_patient(
            w.db,
            w.lab.tech,
            mrn="MRN0077001",
            family_name="王",
            date_of_birth=date(1980, 1, 1),
            sex="male",
            weight_kg=70_000,
        ),
        IVE,
        ("70000 kg", "20–300 kg"),
        "Weight",
    ),
    Case(
        "patient-weight-as-text",
        lambda w: patients.register_patient(
            w.db,
            w.lab.tech,
            mrn="MRN0077002",
            family_name="王",
            date_of_birth=date(1980, 1, 1),
            sex="male",
            weight_kg="70",
        ),
        IVE,
        ("70", "a number"),
        "Weight",
    ),
    Case(
        "patient-born-in-the-future",
        lambda w: patients.register_patient(
            w.db,
            w.lab.tech,
            mrn="MRN0077003",
            family_name="王",
            date_of_birth=date(2030, 1, 1),
            sex="male",
        ),
        IVE,
        ("2030-01-01", "not in the future"),
        "Date of birth",
    ),
    Case(
        "patient-mrn-sql",
        lambda w: patients.register_patient(
            w.db,
            w.lab.tech,
            mrn="1'; DROP TABLE patient;--",
            family_name="王",
            date_of_birth=date(1980, 1, 1),
            sex="male",
        ),
        IVE,
        ("DROP TABLE",),
        "MRN",
    ),
    Case(
        "defect-length-in-millimetres",
        lambda w: patients.assess_eligibility(
            w.db,
            w.lab.tech,
            MRN,
            assessed_at=w.clock.now(),
            defect_length_cm=25 * 10,
            defect_cross_section_percent=40,
            bmd_t_score=-1,
            answers={},
        ),
        IVE,
        ("250", "0.1–50"),
        "Defect length",
    ),
    Case(
        "material-expiry-as-text",
        lambda w: materials.receive_material_lot(
            w.db,
            w.lab.tech,
            name="PBS",
            kind="reagent",
            manufacturer="Gibco",
            catalogue_number="10010",
            lot_number="P1",
            expiry_date="2027-06-30",
        ),
        IVE,
        ("2027-06-30", "calendar date"),
        "Expiry date",
    ),
    Case(
        "material-decision-as-text",
        lambda w: materials.decide_material_lot(
            w.db, w.lab.qa, w.codes["quarantined_medium"], release="no", reason="CoA missing"
        ),
        IVE,
        ("no", "release (True) or reject (False)"),
        "Decision",
    ),
    Case(
        "material-already-expired",
        lambda w: materials.receive_material_lot(
            w.db,
            w.lab.tech,
            name="PBS",
            kind="reagent",
            manufacturer="Gibco",
            catalogue_number="10010",
            lot_number="P2",
            expiry_date=date(2026, 1, 1),
        ),
        MaterialRefusedError,
        ("expired on 2026-01-01",),
    ),
    Case(
        "scaffold-volume-in-microlitres",
        lambda w: materials.receive_scaffold_lot(
            w.db,
            w.lab.tech,
            product="DBM",
            manufacturer="Aorui",
            catalogue_number="D1",
            manufacturer_lot="X1",
            expiry_date=date(2027, 1, 1),
            volume_ml=1500,
        ),
        IVE,
        ("1500 mL", "up to 100 mL"),
        "Scaffold volume",
    ),
    Case(
        "deviation-in-the-future",
        lambda w: deviations.raise_deviation(
            w.db,
            w.lab.tech,
            din=None,
            title="t",
            description="d",
            occurred_at=_at(w, days=2),
            classification="minor",
        ),
        IVE,
        ("not in the future",),
        "Occurred at",
    ),
    Case(
        "deviation-classification-sql",
        lambda w: deviations.raise_deviation(
            w.db,
            w.lab.tech,
            din=None,
            title="t",
            description="d",
            occurred_at=w.clock.now(),
            classification="minor'; --",
        ),
        IVE,
        ("minor'; --", "critical"),
        "Classification",
    ),
    Case(
        "discard-witnessed-by-oneself",
        lambda w: deviations.discard(
            w.db,
            w.lab.tech,
            w.din("culture"),
            scope="vessel",
            vessel_code=w.vessels["culture"][-1],
            reason="contaminated",
            witness_username="lwang",
            witness_password=PASSWORD,
        ),
        DiscardRefusedError,
        ("different person",),
    ),
    Case(
        "label-copies-zero",
        lambda w: labels.print_labels(
            w.db, w.lab.tech, w.vessels["culture"][0], "vessel", copies=0, stock="2x1in"
        ),
        IVE,
        ("0", "1"),
        "Copies",
    ),
    Case(
        "label-copies-huge",
        lambda w: labels.print_labels(
            w.db, w.lab.tech, w.vessels["culture"][0], "vessel", copies=10**6, stock="2x1in"
        ),
        IVE,
        ("1000000",),
        "Copies",
    ),
    Case(
        "reconcile-negative",
        lambda w: labels.reconcile(w.db, w.lab.tech, 1, applied=-1, destroyed=0),
        IVE,
        ("-1", "0 or more"),
        "Applied",
    ),
    # Corrections must not get round the checks of the step they correct
    Case(
        "correct-confluence-to-150",
        lambda w: corrections.correct_record(
            w.db,
            w.lab.tech,
            "harvest",
            w.harvests["culture"],
            {"confluence_percent": 150.0},
            "typo",
        ),
        IVE,
        ("150", "0 to 100 %"),
        "Confluence",
    ),
    Case(
        "correct-weight-to-text",
        lambda w: corrections.correct_record(
            w.db, w.lab.tech, "patient", 1, {"weight_kg": "heavy"}, "typo"
        ),
        IVE,
        ("heavy", "a number"),
        "Weight",
    ),
    Case(
        "correct-birth-date-to-the-future",
        lambda w: corrections.correct_record(
            w.db, w.lab.tech, "patient", 1, {"date_of_birth": date(2031, 1, 1)}, "typo"
        ),
        IVE,
        ("2031-01-01", "not in the future"),
        "Date of birth",
    ),
    Case(
        "correct-notes-with-escape",
        lambda w: corrections.correct_record(
            w.db, w.lab.tech, "harvest", w.harvests["culture"], {"notes": "ok\x1b[2J"}, "typo"
        ),
        IVE,
        ("U+001B", "without control characters"),
        "Notes",
    ),
    Case(
        "correct-name-over-its-column",
        lambda w: corrections.correct_record(
            w.db, w.lab.tech, "patient", 1, {"family_name": "张" * 300}, "typo"
        ),
        IVE,
        ("300 characters", "at most 200"),
        "Family name",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_refused_naming_the_field_and_nothing_saved(world: World, case: Case) -> None:
    world.tick()
    if case.prepare is not None:
        case.prepare(world)
        world.tick()
    refused(
        world,
        lambda: case.act(world),
        case.error,
        words=case.words,
        field=case.field,
        logged=case.logged,
    )


# --- every free-text field ------------------------------------------------------------------------

LINE, PARAGRAPH = "line", "paragraph"
# Chinese (a patient's name, "bone-marrow mesenchymal stem cells"), Arabic and Hebrew (right to
# left), then SQL that must be stored as the text it is. The \r between them is a line break
# pasted into the field: one space in a line, one "\n" in a paragraph.
CJK_RTL = "张伟 骨髓间充质干细胞 مرحبا بالعالم שלום עולם"
SHORT_CJK_RTL = "张伟 مرحبا שלום"
SQL = "Robert'); DROP TABLE lot; --"
SHORT_SQL = "'; DROP TABLE lot;--"
ONE_MB = "x" * (1 << 20)
CONTROL = [
    ("nul", "Li\x00Wang", "U+0000"),
    ("escape-sequence", "\x1b[2J\x1b[31mOK", "U+001B"),
    ("delete", "OK\x7f\x7f\x7fNO", "U+007F"),
]


@dataclass(frozen=True)
class TextField:
    kw: str
    label: str  # as the error names it
    kind: str = LINE
    limit: int = 200
    stored_as: Callable[[str], str] | None = None  # an identifier labtracker normalises
    exact: bool = True  # False: read back only inside a longer audit reason ("new user x: …")


@dataclass(frozen=True)
class TextService:
    id: str
    fields: tuple[TextField, ...]
    prepare: Callable[[World], Any]
    call: Callable[[World, Any, dict[str, str]], Any]
    read: Callable[[World, Any, Any], set[str]]  # every value the services show back


def hostile(field: TextField, n: int) -> tuple[str, str]:
    """(what is typed, what must be stored) for one field; ``n`` keeps fields apart."""
    short = field.limit < 60
    first, second = (SHORT_CJK_RTL, SHORT_SQL) if short else (CJK_RTL, SQL)
    typed = f"F{n} {first}\r{second}"
    stored = f"F{n} {first}{' ' if field.kind == LINE else chr(10)}{second}"
    if field.stored_as is not None:
        stored = field.stored_as(stored)
    return typed, stored


def batch_values(w: World, din: str) -> set[str]:
    record = batch_record.batch_record(w.db, w.lab.qa, din)
    return {f.value for s in record.sections for e in s.entries for f in e.fields}


def audit_values(w: World, since: datetime) -> set[str]:
    """Every value and reason the audit trail shows since ``since`` (a new record's entry
    holds all its columns as JSON: each is read out)."""
    rows = audit.query_audit(w.db, w.lab.qa, AuditQuery(start=since))
    values = set()
    for row in rows:
        for value in (row.new_value, row.reason):
            if not value:
                continue
            values.add(value)
            if value.startswith("{"):
                with contextlib.suppress(ValueError):
                    values |= {v for v in json.loads(value).values() if isinstance(v, str)}
    return values


def _with(texts: dict[str, str], **defaults: str) -> dict[str, str]:
    return {**defaults, **texts}


def _new_lot(*steps: Callable[[World, str], object]) -> Callable[[World], str]:
    def prepare(w: World) -> str:
        din = start_lot(w)
        for step in steps:
            step(w, din)
        return din

    return prepare


def _culture_lot(w: World) -> tuple[str, list[str]]:
    return lot_in_culture(w)


def _induction_ready(w: World) -> str:
    din, p0 = lot_in_culture(w)
    h0 = harvest(w, din, p0)
    seed(w, din, h0.harvest_id)
    return din


def _induced(w: World) -> str:
    din = _induction_ready(w)
    start_induction(w, din)
    w.tick(minutes=5)
    induction.end_induction(
        w.db,
        w.lab.tech,
        din,
        ended_at=w.clock.now(),
        alp_result="positive",
        alizarin_red_result="positive",
    )
    return din


def _seeded(w: World) -> str:
    din = _induced(w)
    w.tick()
    scaffold(w, din=din)
    return din


def _patient(w: World) -> str:
    mrn = w.unique("MRN77")
    patients.register_patient(
        w.db,
        w.lab.tech,
        mrn=mrn,
        family_name="王",
        date_of_birth=date(1980, 1, 1),
        sex="male",
        weight_kg=70,
    )
    return mrn


def _consented(w: World) -> str:
    mrn = _patient(w)
    patients.record_consent(
        w.db,
        w.lab.tech,
        mrn,
        consent_date=w.clock.now().date(),
        form_version="ICF v2.0",
        obtained_by_username="drzhao",
    )
    return mrn


def _deviation(w: World) -> str:
    return deviations.raise_deviation(
        w.db,
        w.lab.tech,
        din=None,
        title="Incubator alarm",
        description="CO2 low for 20 min",
        occurred_at=w.clock.now(),
        classification="minor",
    )


def _printed(w: World) -> int:
    return labels.print_labels(
        w.db,
        w.lab.tech,
        w.vessels["culture"][1],
        "vessel",
        copies=2,
        stock="2x1in",
        reprint_reason="hostile input test",
    ).label_print_id


def _material(w: World) -> str:
    return materials.receive_material_lot(
        w.db,
        w.lab.tech,
        name="PBS",
        kind="reagent",
        manufacturer="Gibco",
        catalogue_number="10010",
        lot_number=w.unique("PBS"),
        expiry_date=date(2027, 1, 1),
    ).code


def _user(w: World) -> str:
    username = w.unique("temp")
    users.add_user(w.db, w.lab.admin, username, "Temp User", ["technician"], "Temp-Passw0rd!")
    return username


def _spec_items(w: World) -> tuple[SpecItem, ...]:
    spec = specifications.specification_in_force(w.db, w.lab.qa, "RELEASE")
    assert spec is not None
    return spec.items


def _release_spec_title(w: World, ctx: Any, result: Any) -> set[str]:
    return {result.title, result.change_reason}


TEXT_SERVICES = [
    TextService(
        "record_aspirate",
        (
            TextField("collection_site", "Collection site", limit=80),
            TextField("anticoagulant", "Anticoagulant", limit=80),
            TextField("collected_by_name", "Collected by"),
            TextField("notes", "Notes", PARAGRAPH, 10_000),
        ),
        _new_lot(),
        lambda w, din, t: aspirate(w, din=din, **t),
        lambda w, din, _: (
            batch_values(w, din)
            | set(vars(lots.collection_record(w.db, w.lab.tech, din).aspirate).values()) - {None}
        ),
    ),
    TextService(
        "receive_aspirate",
        (TextField("notes", "Notes", PARAGRAPH, 10_000),),
        _new_lot(collect),
        lambda w, din, t: receipt(w, din=din, **t),
        lambda w, din, _: batch_values(w, din),
    ),
    TextService(
        "record_isolation",
        (TextField("notes", "Notes", PARAGRAPH, 10_000),),
        _new_lot(collect, receive),
        lambda w, din, t: isolation(w, din=din, **t),
        lambda w, din, _: batch_values(w, din),
    ),
    TextService(
        "record_harvest",
        (TextField("notes", "Notes", PARAGRAPH, 10_000),),
        _culture_lot,
        lambda w, ctx, t: culture.record_harvest(
            w.db,
            w.lab.tech,
            ctx[0],
            vessel_codes=ctx[1],
            harvested_at=w.tick(),
            confluence_percent=80,
            count=automated(w),
            **t,
        ),
        lambda w, ctx, _: batch_values(w, ctx[0]),
    ),
    TextService(
        "start_induction",
        (TextField("notes", "Notes", PARAGRAPH, 10_000),),
        _induction_ready,
        lambda w, din, t: induction_start(w, din=din, **t),
        lambda w, din, _: batch_values(w, din),
    ),
    TextService(
        "seed_scaffold",
        (TextField("notes", "Notes", PARAGRAPH, 10_000),),
        _induced,
        lambda w, din, t: scaffold(w, din=din, **t),
        lambda w, din, _: batch_values(w, din),
    ),
    TextService(
        "record_handover",
        (
            TextField("from_name", "From (person)"),
            TextField("to_name", "To (person)"),
            TextField("from_location", "From (place)", limit=120),
            TextField("to_location", "To (place)", limit=120),
            TextField("shipper", "Shipper", limit=120),
            TextField("temperature_logger", "Temperature logger", limit=80),
            TextField("seal_number", "Seal number", limit=80),
            TextField("notes", "Notes", PARAGRAPH, 10_000),
        ),
        lambda w: None,
        lambda w, _, t: handover(w, **t),
        lambda w, _, view: (
            set(vars(view).values())
            | {s.notes for s in custody_report(w.db, w.lab.qa, w.din("dispatched")).steps}
            | audit_values(w, view.recorded_at)
        ),
    ),
    TextService(
        "record_implantation",
        (
            TextField("operating_room", "Operating room", limit=80),
            TextField("implant_site", "Implant site", limit=120),
            TextField("notes", "Notes", PARAGRAPH, 10_000),
        ),
        lambda w: None,
        lambda w, _, t: bedside.record_implantation(
            w.db,
            w.lab.surgeon,
            **_with(t, operating_room="OR 4", implant_site="left tibia"),
            construct_scan=w.barcode("dispatched_spare"),
            wristband_scan="MRN:" + MRN,
            implanted_at=w.clock.now(),
            username="drzhao",
            password=PASSWORD,
        ),
        lambda w, _, view: set(vars(view).values()) | batch_values(w, w.din("dispatched_spare")),
    ),
    TextService(
        "raise_deviation",
        (TextField("title", "Title"), TextField("description", "Description", PARAGRAPH, 10_000)),
        lambda w: None,
        lambda w, _, t: deviations.raise_deviation(
            w.db,
            w.lab.tech,
            din=None,
            occurred_at=w.clock.now(),
            classification="minor",
            **_with(t, title="Incubator alarm", description="CO2 low"),
        ),
        lambda w, _, number: set(vars(deviations.get_deviation(w.db, w.lab.tech, number)).values()),
    ),
    TextService(
        "assess_deviation",
        tuple(
            TextField(kw, kw.replace("_", " ").capitalize(), PARAGRAPH, 10_000)
            for kw in ("impact_assessment", "root_cause", "corrective_action", "preventive_action")
        ),
        _deviation,
        lambda w, number, t: deviations.assess_deviation(
            w.db,
            w.lab.tech,
            number,
            **_with(
                t,
                impact_assessment="none",
                root_cause="sensor",
                corrective_action="recalibrated",
                preventive_action="weekly check",
            ),
        ),
        lambda w, number, view: set(vars(view).values()),
    ),
    TextService(
        "discard",
        (TextField("reason", "Reason", limit=2000),),
        _culture_lot,
        lambda w, ctx, t: deviations.discard(
            w.db,
            w.lab.tech,
            ctx[0],
            scope="vessel",
            vessel_code=ctx[1][0],
            witness_username="zliu",
            witness_password=PASSWORD,
            **_with(t, reason="contaminated"),
        ),
        lambda w, ctx, view: {view.reason} | batch_values(w, ctx[0]),
    ),
    TextService(
        "reject_lot",
        (TextField("reason", "Reason for rejection", limit=2000),),
        _seeded,
        lambda w, din, t: release.reject_lot(
            w.db, w.lab.qa, din, username="mchen", password=PASSWORD, **_with(t, reason="failed")
        ),
        lambda w, din, result: {result.reason} | batch_values(w, din),
    ),
    TextService(
        "receive_material_lot",
        (
            TextField("name", "Material"),
            TextField("manufacturer", "Manufacturer"),
            TextField("catalogue_number", "Catalogue number", limit=80),
            TextField("lot_number", "Lot number", limit=80),
            TextField("certificate_reference", "Certificate reference"),
        ),
        lambda w: w.unique("C"),
        lambda w, tag, t: materials.receive_material_lot(
            w.db,
            w.lab.tech,
            kind="reagent",
            expiry_date=date(2027, 1, 1),
            **_with(t, name="PBS", manufacturer="Gibco", catalogue_number=tag, lot_number="L1"),
        ),
        lambda w, tag, view: set(vars(view).values()) | audit_values(w, w.clock.now()),
    ),
    TextService(
        "decide_material_lot",
        (TextField("reason", "Reason", limit=2000),),
        _material,
        lambda w, code, t: materials.decide_material_lot(
            w.db, w.lab.qa, code, release=True, **_with(t, reason="CoA checked")
        ),
        lambda w, code, view: audit_values(w, w.clock.now()),
    ),
    TextService(
        "receive_scaffold_lot",
        (
            TextField("product", "Scaffold product"),
            TextField("manufacturer", "Manufacturer"),
            TextField("catalogue_number", "Catalogue number", limit=80),
            TextField("manufacturer_lot", "Manufacturer lot", limit=80),
            TextField("size_description", "Size", limit=120),
        ),
        lambda w: w.unique("S"),
        lambda w, tag, t: materials.receive_scaffold_lot(
            w.db,
            w.lab.tech,
            expiry_date=date(2027, 1, 1),
            volume_ml=1.5,
            **_with(
                t, product="DBM", manufacturer="Aorui", catalogue_number=tag, manufacturer_lot="X1"
            ),
        ),
        lambda w, tag, view: set(vars(view).values()) | audit_values(w, w.clock.now()),
    ),
    TextService(
        "decide_scaffold_lot",
        (TextField("reason", "Reason", limit=2000),),
        lambda w: (
            materials.receive_scaffold_lot(
                w.db,
                w.lab.tech,
                product="DBM",
                manufacturer="Aorui",
                catalogue_number="D2",
                manufacturer_lot=w.unique("Y"),
                expiry_date=date(2027, 1, 1),
                volume_ml=1.5,
            ).code
        ),
        lambda w, code, t: materials.decide_scaffold_lot(
            w.db, w.lab.qa, code, release=False, **_with(t, reason="damaged")
        ),
        lambda w, code, view: audit_values(w, w.clock.now()),
    ),
    TextService(
        "register_equipment",
        (
            TextField("name", "Equipment name"),
            TextField("location", "Location", limit=120),
            TextField("serial_number", "Serial number", limit=80),
            TextField(
                "asset_tag", "Asset tag", limit=40, stored_as=lambda s: "".join(s.split()).upper()
            ),
        ),
        lambda w: None,
        lambda w, _, t: materials.register_equipment(
            w.db,
            w.lab.qa,
            kind="incubator",
            **_with(t, name="Incubator", asset_tag=w.unique("AT-")),
        ),
        lambda w, _, view: set(vars(view).values()),
    ),
    TextService(
        "register_patient",
        (
            TextField("family_name", "Family name"),
            TextField("given_name", "Given name"),
            TextField("name_romanised", "Romanised name", limit=400),
            TextField(
                "trial_subject_number", "Trial subject number", limit=40, stored_as=str.upper
            ),
        ),
        lambda w: w.unique("MRN88"),
        lambda w, mrn, t: patients.register_patient(
            w.db,
            w.lab.tech,
            mrn=mrn,
            date_of_birth=date(1980, 1, 1),
            sex="female",
            **_with(t, family_name="李"),
        ),
        lambda w, mrn, _: set(vars(patients.get_patient(w.db, w.lab.tech, mrn)).values()),
    ),
    TextService(
        "assess_eligibility",
        (
            TextField("notes", "Notes", PARAGRAPH, 10_000),
            TextField("evidence", "Evidence for E1", PARAGRAPH, 2000),
        ),
        _patient,
        lambda w, mrn, t: patients.assess_eligibility(
            w.db,
            w.lab.tech,
            mrn,
            assessed_at=w.clock.now(),
            defect_length_cm=2.5,
            defect_cross_section_percent=40,
            bmd_t_score=-1,
            answers={"E1": ("no", t.get("evidence", "history"))},
            notes=t.get("notes", ""),
        ),
        lambda w, mrn, view: {e for _, _, e in view.answers} | audit_values(w, w.clock.now()),
    ),
    TextService(
        "record_consent",
        (
            TextField("form_version", "Consent form version", limit=80),
            TextField("witness_name", "Witness"),
        ),
        _patient,
        lambda w, mrn, t: patients.record_consent(
            w.db,
            w.lab.tech,
            mrn,
            consent_date=w.clock.now().date(),
            obtained_by_username="drzhao",
            **_with(t, form_version="ICF v2.0"),
        ),
        lambda w, mrn, view: {view.form_version} | audit_values(w, w.clock.now()),
    ),
    TextService(
        "withdraw_consent",
        (TextField("reason", "Reason", limit=2000, exact=False),),
        _consented,
        lambda w, mrn, t: patients.withdraw_consent(
            w.db,
            w.lab.tech,
            mrn,
            withdrawn_on=w.clock.now().date(),
            **_with(t, reason="moved away"),
        ),
        lambda w, mrn, view: audit_values(w, w.clock.now()),
    ),
    TextService(
        "take_qc_sample",
        (TextField("stage", "Stage", limit=40), TextField("sent_to", "Sent to", limit=120)),
        lambda w: None,
        lambda w, _, t: quality.take_qc_sample(
            w.db,
            w.lab.tech,
            w.din("culture"),
            test_code="mycoplasma",
            taken_at=w.clock.now(),
            **_with(t, stage="P1"),
        ),
        lambda w, _, view: set(vars(view).values()),
    ),
    TextService(
        "record_qc_result",
        (
            TextField("text", "Result", limit=120),
            TextField("laboratory", "Laboratory", limit=120),
            TextField("method", "Method"),
        ),
        lambda w: (
            quality.take_qc_sample(
                w.db,
                w.lab.tech,
                w.din("culture"),
                test_code="sterility_aerobic",
                stage="P1",
                taken_at=w.tick(),
            ).code
        ),
        lambda w, code, t: quality.record_qc_result(
            w.db, w.lab.tech, code, tested_at=w.clock.now(), **_with(t, text="No growth")
        ),
        lambda w, code, view: set(vars(view).values()) | audit_values(w, view.tested_at),
    ),
    TextService(
        "print_labels",
        (TextField("reprint_reason", "Reason for the reprint", limit=2000),),
        lambda w: labels.print_labels(  # printed once: the call is a reprint
            w.db,
            w.lab.tech,
            w.vessels["culture"][2],
            "vessel",
            copies=1,
            stock="2x1in",
            reprint_reason="first print",
        ),
        lambda w, _, t: labels.print_labels(
            w.db,
            w.lab.tech,
            w.vessels["culture"][2],
            "vessel",
            copies=1,
            stock="2x1in",
            **_with(t, reprint_reason="torn"),
        ),
        lambda w, _, printed: (
            {
                r.reprint_reason
                for r in labels.label_reconciliation(w.db, w.lab.tech, w.din("culture"))
            }
            - {None}
        ),
    ),
    TextService(
        "reconcile",
        (TextField("notes", "Notes", limit=2000),),
        _printed,
        lambda w, print_id, t: labels.reconcile(
            w.db, w.lab.tech, print_id, applied=1, destroyed=1, **_with(t, notes="smudged")
        ),
        lambda w, print_id, row: {row.notes},
    ),
    TextService(
        "draft_template",
        (TextField("reason", "Reason for the change", limit=2000),),
        lambda w: None,
        lambda w, _, t: labels.draft_template(
            w.db, w.lab.qa, "custody", "4x2in", **_with(t, reason="new stock")
        ),
        lambda w, _, view: audit_values(w, w.clock.now()),
    ),
    TextService(
        "draft_specification",
        (
            TextField("title", "Title"),
            TextField("change_reason", "Reason for the change", limit=2000),
        ),
        _spec_items,
        lambda w, items, t: specifications.draft_specification(
            w.db,
            w.lab.qa,
            "RELEASE",
            t.get("title", "Release v2"),
            items,
            t.get("change_reason", "annual review"),
        ),
        _release_spec_title,
    ),
    TextService(
        "add_user",
        (
            TextField("full_name", "Full name"),
            TextField("reason", "Reason", limit=2000, exact=False),
        ),
        lambda w: w.unique("new"),
        lambda w, username, t: users.add_user(
            w.db,
            w.lab.admin,
            username,
            t.get("full_name", "New Person"),
            ["technician"],
            "Temp-Passw0rd!",
            reason=t.get("reason", ""),
        ),
        lambda w, username, summary: {summary.full_name} | audit_values(w, w.clock.now()),
    ),
    TextService(
        "deactivate_user",
        (TextField("reason", "Reason", limit=2000),),
        _user,
        lambda w, username, t: users.deactivate_user(
            w.db, w.lab.admin, username, t.get("reason", "left")
        ),
        lambda w, username, _: audit_values(w, w.clock.now()),
    ),
    TextService(
        "set_roles",
        (TextField("reason", "Reason", limit=2000),),
        _user,
        lambda w, username, t: users.set_roles(
            w.db, w.lab.admin, username, ["verifier"], t.get("reason", "promoted")
        ),
        lambda w, username, _: audit_values(w, w.clock.now()),
    ),
    TextService(
        "configure_site",
        (
            TextField("name", "Site name"),
            TextField("address", "Address", PARAGRAPH, 1000),
            TextField("reason", "Reason", limit=2000),
        ),
        lambda w: None,
        lambda w, _, t: site.configure_site(
            w.db,
            w.lab.admin,
            facility_code="A9999",
            timezone="Asia/Shanghai",
            **_with(t, name="Xinxiang Bone Lab", reason="renamed"),
        ),
        lambda w, _, info: (
            set(vars(site.site_info(w.db)).values()) | audit_values(w, w.clock.now())
        ),
    ),
    TextService(
        "set_process_rules",
        (TextField("reason", "Reason", limit=2000),),
        lambda w: None,
        lambda w, _, t: site.set_process_rules(
            w.db, w.lab.admin, t.get("reason", "review"), release_expiry_hours=48
        ),
        lambda w, _, __: audit_values(w, w.clock.now()),
    ),
    TextService(
        "set_access_policy",
        (TextField("reason", "Reason", limit=2000),),
        lambda w: None,
        lambda w, _, t: auth.set_access_policy(
            w.db, w.lab.admin, t.get("reason", "review"), idle_lock_minutes=10
        ),
        lambda w, _, __: audit_values(w, w.clock.now()),
    ),
    TextService(
        "set_wristband_prefix",
        (TextField("reason", "Reason", limit=2000),),
        lambda w: None,
        lambda w, _, t: scan.set_wristband_prefix(
            w.db, w.lab.admin, "MRN:", **_with(t, reason="hospital")
        ),
        lambda w, _, __: audit_values(w, w.clock.now()),
    ),
    TextService(
        "add_vessel_type",
        (TextField("name", "Name", limit=120), TextField("reason", "Reason", limit=2000)),
        lambda w: w.unique("VT"),
        lambda w, code, t: catalogue.add_vessel_type(
            w.db, w.lab.qa, code=code, growth_area_cm2=25, **_with(t, name="Flask", reason="new")
        ),
        lambda w, code, entry: {entry.name} | audit_values(w, w.clock.now()),
    ),
    TextService(
        "correct_record",
        (
            TextField("notes", "Notes", PARAGRAPH, 10_000),
            TextField("reason", "Reason for change", limit=2000),
        ),
        lambda w: w.harvests["culture"],
        lambda w, harvest_id, t: corrections.correct_record(
            w.db,
            w.lab.tech,
            "harvest",
            harvest_id,
            {"notes": t.get("notes", "ok")},
            t.get("reason", "typo"),
        ),
        lambda w, _, __: batch_values(w, w.din("culture")) | audit_values(w, w.clock.now()),
    ),
    TextService(
        "void_record",
        (TextField("reason", "Reason for change", limit=2000),),
        lambda w: (
            quality.take_qc_sample(
                w.db,
                w.lab.tech,
                w.din("culture"),
                test_code="gram_stain",
                stage="P1",
                taken_at=w.tick(),
            ).code
        ),
        lambda w, code, t: corrections.void_record(
            w.db, w.lab.tech, "qc_sample", _sample_id(w, code), t.get("reason", "wrong tube")
        ),
        lambda w, _, __: audit_values(w, w.clock.now()),
    ),
    TextService(
        "print_batch_record",
        (TextField("purpose", "Purpose", limit=500, exact=False),),
        lambda w: None,
        lambda w, _, t: batch_record.print_batch_record(
            w.db, w.lab.qa, w.din("dispatched"), **_with(t, purpose="QA review")
        ),
        lambda w, _, __: audit_values(w, w.clock.now()),
    ),
]


def _sample_id(w: World, code: str) -> int:
    from sqlalchemy import select

    from labtracker.db.models import QcSample

    with w.db.reading() as session:
        return session.scalar(select(QcSample.id).where(QcSample.code == code))


FIELDS = [(s, f) for s in TEXT_SERVICES for f in s.fields]


@pytest.mark.parametrize(("service", "field"), FIELDS, ids=[f"{s.id}.{f.kw}" for s, f in FIELDS])
def test_control_characters_and_oversized_text_are_refused(
    world: World, service: TextService, field: TextField
) -> None:
    """Per field: NUL, an escape sequence, DEL and 1 MB are each refused naming the field
    (and the character or the limit); nothing is saved."""
    world.tick()
    ctx = service.prepare(world)
    world.tick()
    before = world.dump()
    for _name, text, code in CONTROL:
        refused(
            world,
            lambda text=text: service.call(world, ctx, {field.kw: text}),
            InvalidValueError,
            words=(code, "without control characters"),
            field=field.label,
            logged=_compared_below,
            before=before,
        )
    refused(
        world,
        lambda: service.call(world, ctx, {field.kw: ONE_MB}),
        InvalidValueError,
        words=(f"at most {field.limit:,} characters", "1,048,576 characters"),
        field=field.label,
        logged=_compared_below,
        before=before,
    )
    # One comparison for the four refusals: a refusal only ever adds or changes rows, so if
    # the database is as it was before the first, none of the four saved anything.
    nothing_recorded(before, world.dump())


@pytest.mark.parametrize("service", TEXT_SERVICES, ids=[s.id for s in TEXT_SERVICES])
def test_sql_cjk_and_right_to_left_text_round_trips(world: World, service: TextService) -> None:
    """Every free-text field of the call at once: stored verbatim (a pasted line break as one
    space in a line, as "\\n" in a paragraph), read back identical through the services and
    identical in the audit trail; the tables are all still there."""
    world.tick()
    ctx = service.prepare(world)
    since = world.tick()
    typed = {}
    stored = {}
    for n, field in enumerate(service.fields):
        typed[field.kw], stored[field.kw] = hostile(field, n)
    result = service.call(world, ctx, typed)
    shown = service.read(world, ctx, result)
    trail = audit_values(world, since)
    for field in service.fields:
        if field.exact:
            assert stored[field.kw] in shown, (field.kw, stored[field.kw], shown)
        else:
            assert any(stored[field.kw] in v for v in shown if isinstance(v, str)), field.kw
        assert any(stored[field.kw] in value for value in trail), (field.kw, trail)
    dump = world.dump()
    assert {"lot", "patient", "user_account", "audit_entry"} <= set(dump)
    assert dump["lot"], "the lot table still holds its lots"


# --- scans: the parser and the services that take a scanned or typed code ------------------------


@dataclass(frozen=True)
class ScanCase:
    id: str
    text: Callable[[World], str]
    kind: ScanKind
    words: tuple[str, ...]


def _barcode_with(w: World, inside: str, at: int = 7) -> str:
    code = w.barcode("dispatched")
    return code[:at] + inside + code[at:]


SCANS = [
    ScanCase(
        "din-wrong-check-character",
        lambda w: wrong_check(w, "dispatched"),
        ScanKind.INVALID,
        ("check character does not match", "Re-type"),
    ),
    ScanCase(
        "din-truncated",
        lambda w: w.din("dispatched")[:-1],
        ScanKind.UNKNOWN,
        ("not a code labtracker knows", "12 characters"),
    ),
    ScanCase(
        "barcode-truncated",
        lambda w: w.barcode("dispatched")[:-3],
        ScanKind.INVALID,
        ("DIN must be",),
    ),
    ScanCase(
        "barcode-over-long",
        lambda w: w.barcode("dispatched") + "0000",
        ScanKind.INVALID,
        ("DIN must be",),
    ),
    ScanCase(
        "typed-din-over-long",
        lambda w: w.typed("dispatched") + "7",
        ScanKind.UNKNOWN,
        ("15 characters",),
    ),
    ScanCase(
        "one-megabyte-scan",
        lambda w: ONE_MB,
        ScanKind.UNKNOWN,
        ("not a code labtracker knows", "1048576 characters"),
    ),
    ScanCase(
        "nul-inside-a-barcode",
        lambda w: _barcode_with(w, "\x00"),
        ScanKind.INVALID,
        ("\\x00", "control character inside"),
    ),
    ScanCase(
        "escape-sequence-inside",
        lambda w: _barcode_with(w, "\x1b[2K"),
        ScanKind.INVALID,
        ("\\x1b", "control character inside"),
    ),
    ScanCase(
        "carriage-return-in-the-middle",
        lambda w: _barcode_with(w, "\r"),
        ScanKind.INVALID,
        ("\\x0d", "not one clean read"),
    ),
    ScanCase("sql-text", lambda w: SQL, ScanKind.UNKNOWN, ("DROP TABLE", "not a code")),
    ScanCase(
        "wristband-with-sql",
        lambda w: "MRN:'; DROP TABLE patient;--",
        ScanKind.INVALID,
        ("wristband", "4–40 letters"),
    ),
    ScanCase("chinese-text", lambda w: "张伟", ScanKind.UNKNOWN, ("张伟", "not a code")),
    ScanCase("hebrew-and-arabic", lambda w: "שלום مرحبا", ScanKind.UNKNOWN, ("not a code",)),
    ScanCase("nothing-scanned", lambda w: "\r\n", ScanKind.INVALID, ("Nothing was scanned",)),
    ScanCase(
        "expiry-day-366-in-2026",
        lambda w: "&>0263660930",
        ScanKind.INVALID,
        ("366", "does not exist"),
    ),
    ScanCase(
        "vessel-label-with-a-bad-din",
        lambda w: "A9999260000X1-P1-1",
        ScanKind.UNKNOWN,
        ("not a code",),
    ),
]


@pytest.mark.parametrize("case", SCANS, ids=[c.id for c in SCANS])
def test_scans_that_are_not_a_clean_read_are_refused(world: World, case: ScanCase) -> None:
    """The scan line says what was read and why it is refused (never a traceback); a service
    that needs a DIN refuses it naming the DIN field; nothing is saved."""
    text = case.text(world)
    scanned = classify(text)
    assert scanned.kind == case.kind, (scanned.kind, scanned.problem)
    before = world.dump()
    resolution = scan.resolve_scan(world.db, world.lab.tech, text)
    assert not resolution.valid and resolution.kind == case.kind
    assert resolution.problem is not None and len(resolution.problem) < 400
    for word in case.words:
        assert word.casefold() in resolution.problem.casefold(), resolution.problem
    nothing_recorded(before, world.dump())
    refused(
        world,
        lambda: lots.collection_record(world.db, world.lab.tech, text),
        InvalidValueError,
        field="DIN",
    )
    if case.kind is ScanKind.INVALID and "wristband" not in case.id:
        refused(world, lambda: handover(world, din=text), InvalidValueError, field="Label")


def test_scanner_noise_at_the_ends_is_kept_visible_never_stored_raw(world: World) -> None:
    """A barcode read with NUL and CR LF around it is a good read (the reader drops noise at
    the ends), and the hand-over keeps what was scanned with that noise made visible: a
    record holds no control character (PostgreSQL would refuse the NUL)."""
    world.tick()
    view = handover(world, din="\x00" + world.barcode("dispatched") + "\x00\r\n")
    assert view.scanned_label == "\\x00" + world.barcode("dispatched") + "\\x00"
    chain = custody.custody_chain(world.db, world.lab.tech, world.din("dispatched"))
    assert chain[-1].scanned_label == view.scanned_label
