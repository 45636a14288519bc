"""Several stations saving the same lot at the same moment: nothing lost, nothing doubled, and
a station whose save rests on what it showed before someone else saved is told who changed
the record and when.

How labtracker behaves (services.context): write transactions queue, on PostgreSQL as on
SQLite, so a save always reads what the save before it wrote; a save that depends on what
the person saw carries the version they saw (``expected_version``) and is refused with
`RecordChangedError` ("… was changed by <name> (<user>) at station <station> at <time> UTC,
after you loaded it; nothing of yours was saved. Reload it …") when the record moved on.

PostgreSQL (marked ``postgres``): 2 and 8 stations, each a thread with its own engine (its own
connection pool, like separate bench PCs), released together by a ``threading.Barrier``:

* the same value corrected from the same form: exactly one correction is saved, every other
  station is told who saved first; without a form version every correction is saved, one
  after the other, and the trail holds each, in order (old value = the previous new value);
* the same lot released by every QA station, the same deviation closed, the same vessel
  harvested, cells seeded from one harvest by every station (any two together more than it
  holds): exactly one succeeds, every other station gets a clear labtracker refusal naming
  what stopped it, and the database holds exactly one release/closure/harvest/seeding with
  its signature and audit entries, nothing of the others;
* 8 stations start lots for 8 patients at once: 8 DINs, distinct and consecutive;
* (both backends) QA cannot close a deviation the technician revised after QA read it.

SQLite: two processes (fork) on one database file, released together by a process barrier:
correcting the same value (both saved in order; from the same form, the later refused),
releasing the same lot (released once), starting six lots (distinct consecutive DINs).

Every test ends with the audit chain, the records check and the signature check intact.
Bounded: 19 tests, each one database copy and at most 8 concurrent saves; 40-100 s here
depending on the machine's load (most of it copying PostgreSQL databases).
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import text

from labtracker.db.engine import make_engine
from labtracker.domain.errors import LabtrackerError
from labtracker.services import corrections, culture, deviations, lots, release
from labtracker.services.audit import verify_audit_chain, verify_records, verify_signatures
from labtracker.services.context import Actor, Database, RecordChangedError
from labtracker.services.culture import CountInput, VesselSeeding
from tests.reliability.built_lots import BuiltLot, built_lot
from tests.support.lab import PASSWORD, enrol

JOIN_SECONDS = 120  # a hang guard, not a timing assertion


# --- stations and races --------------------------------------------------------------------------


class Stations:
    """N stations on one database: a Database (own engine) and an actor at each."""

    def __init__(self, url: str, count: int) -> None:
        self.databases = [Database(make_engine(url)) for _ in range(count)]

    def dispose(self) -> None:
        for db in self.databases:
            db.dispose()


@pytest.fixture
def stations(request) -> Iterator[Callable[[BuiltLot, int], list[Database]]]:
    made: list[Stations] = []

    def make(built: BuiltLot, count: int) -> list[Database]:
        made.append(Stations(built.url, count))
        return made[-1].databases

    yield make
    for each in made:
        each.dispose()


def at(actor: Actor, station: str) -> Actor:
    return replace(actor, station=station)


Outcome = tuple[str, Any]  # ("ok", result) or ("error", exception)


def race(
    actions: list[Callable[[], Any]], *, ready: Callable[[], None] | None = None
) -> list[Outcome]:
    """Run the actions at once, one thread each, from a barrier; ``ready`` runs once they
    are all under way (it may wait for them to block, then let them go)."""
    barrier = threading.Barrier(len(actions) + 1)
    outcomes: list[Outcome | None] = [None] * len(actions)

    def run(index: int) -> None:
        barrier.wait()
        try:
            outcomes[index] = ("ok", actions[index]())
        except Exception as exc:  # every outcome is judged by the test
            outcomes[index] = ("error", exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(actions))]
    for thread in threads:
        thread.start()
    barrier.wait()
    if ready is not None:
        ready()
    for thread in threads:
        thread.join(JOIN_SECONDS)
    assert not any(t.is_alive() for t in threads), "a station never finished its save"
    return outcomes  # type: ignore[return-value]


def winners(outcomes: list[Outcome]) -> list[int]:
    return [i for i, (kind, _) in enumerate(outcomes) if kind == "ok"]


def refusals(outcomes: list[Outcome]) -> list[Exception]:
    errors = [value for kind, value in outcomes if kind == "error"]
    unclear = [e for e in errors if not isinstance(e, LabtrackerError)]
    assert not unclear, f"not a clear labtracker error: {unclear[0]!r}"
    return errors


def assert_intact(db: Database) -> None:
    assert verify_audit_chain(db).intact
    for report in (verify_records(db), verify_signatures(db)):
        assert report.intact, report.summary


def rows(db: Database, sql: str, **params: Any) -> list[Any]:
    with db.engine.connect() as connection:
        return list(connection.execute(text(sql), params))


def scalar(db: Database, sql: str, **params: Any) -> Any:
    with db.engine.connect() as connection:
        return connection.execute(text(sql), params).scalar_one()


# --- PostgreSQL: 2 and 8 stations ----------------------------------------------------------------

POSTGRES = [pytest.param("postgres", marks=pytest.mark.postgres)]
COUNTS = [2, 8]


@pytest.fixture
def seeded(request, backend, clock, tmp_path_factory) -> BuiltLot:
    return built_lot(request, backend, clock, tmp_path_factory, until="seeded")


@pytest.fixture
def growing(request, backend, clock, tmp_path_factory) -> BuiltLot:
    return built_lot(request, backend, clock, tmp_path_factory, until="in_culture")


def changed_by(actor: Actor, what: str) -> str:
    """The refusal a station gets when ``actor`` saved ``what`` after the station loaded it."""
    return (
        f"{what} was changed by {actor.full_name} ({actor.username}) at station "
        f"{actor.station} at {_now():%Y-%m-%d %H:%M} UTC, after you loaded it; nothing of "
        "yours was saved. Reload it and enter your change again if it is still needed."
    )


@pytest.mark.parametrize("backend", POSTGRES)
@pytest.mark.parametrize("count", COUNTS)
def test_correcting_the_same_value_tells_the_later_stations_who_was_first(seeded, stations, count):
    """Every station opened the correction form (version v), then all save at once: the
    first saved is kept, every other station is told who changed it and when."""
    lab, harvest = seeded.lab, seeded.lot.p0_harvest_id
    dbs = stations(seeded, count)
    people = [lab.tech, lab.verifier, lab.qa]
    actors = [at(people[i % 3], f"bench-{i + 1}") for i in range(count)]
    forms = [corrections.correctable(dbs[i], actors[i], "harvest", harvest) for i in range(count)]
    assert {form.values["confluence_percent"] for form in forms} == {85.0}
    values = [60.0 + i for i in range(count)]
    outcomes = race(
        [
            (
                lambda i=i: corrections.correct_record(
                    dbs[i],
                    actors[i],
                    "harvest",
                    harvest,
                    {"confluence_percent": values[i]},
                    f"re-read the worksheet at bench {i + 1}",
                    expected_version=forms[i].version,
                )
            )
            for i in range(count)
        ]
    )
    (first,) = winners(outcomes)
    errors = refusals(outcomes)
    assert len(errors) == count - 1
    for error in errors:
        assert isinstance(error, RecordChangedError)
        assert str(error) == changed_by(actors[first], f"The harvest record {harvest}")
        assert (error.table, error.record_id, error.station) == (
            "harvest",
            harvest,
            actors[first].station,
        )
    # No lost update: the value is the one saved, and the trail holds that one correction.
    assert (
        scalar(lab.db, "SELECT confluence_percent FROM harvest WHERE id = :id", id=harvest)
        == (values[first])
    )
    assert _corrections(lab.db, harvest) == [
        ("80.0", "85.0", "bench-1"),  # the builder's own correction, before the race
        ("85.0", str(values[first]), actors[first].station),
    ]
    assert_intact(lab.db)


def _corrections(db: Database, harvest: int) -> list[tuple[str, str, str]]:
    return [
        tuple(r)
        for r in rows(
            db,
            "SELECT old_value, new_value, station FROM audit_entry WHERE table_name = 'harvest' "
            "AND record_id = :id AND action = 'correct' ORDER BY id",
            id=harvest,
        )
    ]


@pytest.mark.parametrize("backend", POSTGRES)
@pytest.mark.parametrize("count", COUNTS)
def test_correcting_at_once_without_a_form_version_keeps_every_correction_in_order(
    seeded, stations, count
):
    """Saves that do not depend on what was shown queue: each starts from the value the one
    before it saved, and the trail holds every one of them, in order."""
    lab, harvest = seeded.lab, seeded.lot.p0_harvest_id
    dbs = stations(seeded, count)
    people = [lab.tech, lab.verifier, lab.qa]
    actors = [at(people[i % 3], f"bench-{i + 1}") for i in range(count)]
    values = {f"bench-{i + 1}": str(60.0 + i) for i in range(count)}
    outcomes = race(
        [
            (
                lambda i=i: corrections.correct_record(
                    dbs[i],
                    actors[i],
                    "harvest",
                    harvest,
                    {"confluence_percent": 60.0 + i},
                    f"re-read the worksheet at bench {i + 1}",
                )
            )
            for i in range(count)
        ]
    )
    assert winners(outcomes) == list(range(count)), refusals(outcomes)
    trail = _corrections(lab.db, harvest)[1:]
    assert sorted(station for _, _, station in trail) == sorted(values)
    previous = "85.0"
    for old, new, station in trail:
        assert (old, new) == (previous, values[station])
        previous = new
    assert (
        str(scalar(lab.db, "SELECT confluence_percent FROM harvest WHERE id = :id", id=harvest))
        == previous
    )
    assert_intact(lab.db)


@pytest.mark.parametrize("backend", POSTGRES)
@pytest.mark.parametrize("count", COUNTS)
def test_releasing_the_same_lot_at_once_releases_it_once(seeded, stations, count):
    lab, din = seeded.lab, seeded.lot.din
    dbs = stations(seeded, count)
    actors = [at(lab.qa, f"qa-{i + 1}") for i in range(count)]
    outcomes = race(
        [
            (
                lambda i=i: release.release_lot(
                    dbs[i], actors[i], din, username="mchen", password=PASSWORD
                )
            )
            for i in range(count)
        ]
    )
    (first,) = winners(outcomes)
    for error in refusals(outcomes):
        text_ = str(error)
        assert (
            isinstance(error, RecordChangedError)
            and text_.startswith(f"Lot {din} was changed by Mei Chen (mchen) at station ")
        ) or "released" in text_.lower(), text_
    (lot_id,) = rows(lab.db, "SELECT id FROM lot WHERE din = :din", din=din)[0]
    decisions = rows(lab.db, "SELECT decision FROM release_decision WHERE lot_id = :id", id=lot_id)
    assert [tuple(d) for d in decisions] == [("released",)]
    assert scalar(lab.db, "SELECT status FROM lot WHERE id = :id", id=lot_id) == "released"
    signed = rows(
        lab.db,
        "SELECT count(*) FROM e_signature WHERE lot_id = :id AND meaning = 'approved_for_release'",
        id=lot_id,
    )
    assert signed[0][0] == 1
    changes = rows(
        lab.db,
        "SELECT new_value, station FROM audit_entry WHERE table_name = 'lot' AND record_id = :id "
        "AND field = 'status' ORDER BY id",
        id=lot_id,
    )
    assert changes[-1][0] == "released" and changes[-1][1] == actors[first].station
    assert sum(1 for c in changes if c[0] == "released") == 1
    assert_intact(lab.db)


@pytest.mark.parametrize("backend", POSTGRES)
@pytest.mark.parametrize("count", COUNTS)
def test_closing_the_same_deviation_at_once_closes_it_once(seeded, stations, clock, count):
    lab = seeded.lab
    number = deviations.raise_deviation(
        lab.db,
        lab.tech,
        din=seeded.lot.din,
        title="Incubator door left ajar",
        description="Found ajar at 07:40; temperature logged 36.2 °C.",
        occurred_at=clock.now(),
        classification="minor",
    )
    deviations.assess_deviation(
        lab.db,
        lab.tech,
        number,
        impact_assessment="None: within 0.8 °C for under 10 minutes.",
        root_cause="Door latch worn.",
        corrective_action="Latch replaced.",
        preventive_action="Latch on the monthly check list.",
    )
    clock.advance(minutes=20)
    dbs = stations(seeded, count)
    actors = [at(lab.qa, f"qa-{i + 1}") for i in range(count)]
    outcomes = race(
        [
            (
                lambda i=i: deviations.close_deviation(
                    dbs[i], actors[i], number, username="mchen", password=PASSWORD
                )
            )
            for i in range(count)
        ]
    )
    (first,) = winners(outcomes)
    for error in refusals(outcomes):
        assert (
            isinstance(error, RecordChangedError)
            and str(error).startswith(f"Deviation {number} was changed by Mei Chen (mchen)")
        ) or str(error) == f"{number} is already closed.", str(error)
    state, closed_by = rows(
        lab.db, "SELECT state, closed_by_id FROM deviation WHERE number = :n", n=number
    )[0]
    assert (state, closed_by) == ("closed", lab.qa.user_id)
    (deviation_id,) = rows(lab.db, "SELECT id FROM deviation WHERE number = :n", n=number)[0]
    signatures = rows(
        lab.db,
        "SELECT meaning FROM e_signature WHERE record_table = 'deviation' AND record_id = :id",
        id=deviation_id,
    )
    assert [tuple(s) for s in signatures] == [("approved",)]
    closures = rows(
        lab.db,
        "SELECT station FROM audit_entry WHERE table_name = 'deviation' AND record_id = :id "
        "AND field = 'state'",
        id=deviation_id,
    )
    assert [tuple(c) for c in closures] == [(actors[first].station,)]
    assert_intact(lab.db)


def test_qa_cannot_close_a_deviation_changed_since_they_read_it(seeded, clock):
    """QA reads the investigation at one station; the technician revises it at another;
    QA's closure of the version they read is refused, naming who changed it and when."""
    lab = seeded.lab
    number = deviations.raise_deviation(
        lab.db,
        lab.tech,
        din=seeded.lot.din,
        title="Incubator door left ajar",
        description="Found ajar at 07:40; temperature logged 36.2 °C.",
        occurred_at=clock.now(),
        classification="minor",
    )
    texts = {
        "impact_assessment": "None: within 0.8 °C for under 10 minutes.",
        "root_cause": "Door latch worn.",
        "corrective_action": "Latch replaced.",
        "preventive_action": "Latch on the monthly check list.",
    }
    deviations.assess_deviation(lab.db, lab.tech, number, **texts)
    qa = at(lab.qa, "qa-1")
    read = deviations.get_deviation(lab.db, qa, number)
    clock.advance(minutes=5)
    tech = at(lab.tech, "bench-2")
    deviations.assess_deviation(
        lab.db,
        tech,
        number,
        **{**texts, "impact_assessment": "Cells in two flasks exposed; see DEV note."},
        expected_version=read.version,
    )
    clock.advance(minutes=5)
    before = rows(lab.db, "SELECT state, version FROM deviation WHERE number = :n", n=number)
    with pytest.raises(RecordChangedError) as refused:
        deviations.close_deviation(
            lab.db, qa, number, username="mchen", password=PASSWORD, expected_version=read.version
        )
    assert str(refused.value) == (
        f"Deviation {number} was changed by Li Wang (lwang) at station bench-2 at "
        f"{_now() - timedelta(minutes=5):%Y-%m-%d %H:%M} UTC, after you loaded it; nothing of "
        "yours was saved. Reload it and enter your change again if it is still needed."
    )
    assert (
        rows(lab.db, "SELECT state, version FROM deviation WHERE number = :n", n=number) == before
    )
    again = deviations.get_deviation(lab.db, qa, number)
    closed = deviations.close_deviation(
        lab.db, qa, number, username="mchen", password=PASSWORD, expected_version=again.version
    )
    assert closed.state == "closed"
    assert_intact(lab.db)


@pytest.mark.parametrize("backend", POSTGRES)
@pytest.mark.parametrize("count", COUNTS)
def test_harvesting_the_same_vessel_at_once_harvests_it_once(growing, stations, clock, count):
    lab, lot = growing.lab, growing.lot
    vessel = lot.vessels_in_culture[0]
    dbs = stations(growing, count)
    people = [lab.tech, lab.verifier]
    actors = [at(people[i % 2], f"bench-{i + 1}") for i in range(count)]
    concentrations = [1.0e6 + 1e4 * i for i in range(count)]
    outcomes = race(
        [
            (
                lambda i=i: culture.record_harvest(
                    dbs[i],
                    actors[i],
                    lot.din,
                    vessel_codes=[vessel],
                    harvested_at=clock.now(),
                    confluence_percent=80,
                    count=CountInput.automated(
                        cells_per_ml=concentrations[i],
                        viability_percent=95,
                        suspension_volume_ml=5,
                        counted_at=clock.now(),
                    ),
                )
            )
            for i in range(count)
        ]
    )
    (first,) = winners(outcomes)
    for error in refusals(outcomes):
        assert (
            isinstance(error, RecordChangedError)
            and str(error).startswith(f"Vessel {vessel} was changed by ")
        ) or f"Vessel {vessel} is already harvested" in str(error), str(error)
    harvested = rows(
        lab.db,
        "SELECT h.id, c.instrument_cells_per_ml FROM harvest_vessel hv JOIN vessel v ON "
        "v.id = hv.vessel_id JOIN harvest h ON h.id = hv.harvest_id JOIN cell_count c ON "
        "c.id = h.cell_count_id WHERE v.code = :code",
        code=vessel,
    )
    assert [r[1] for r in harvested] == [concentrations[first]]
    # Nothing half-written by the stations that lost: one count per harvest, no stray count.
    assert scalar(lab.db, "SELECT count(*) FROM harvest") == 2
    assert scalar(lab.db, "SELECT count(*) FROM cell_count WHERE purpose = 'harvest'") == 2
    assert scalar(lab.db, "SELECT state FROM vessel WHERE code = :c", c=vessel) == "harvested"
    assert_intact(lab.db)


@pytest.mark.parametrize("backend", POSTGRES)
@pytest.mark.parametrize("count", COUNTS)
def test_seeding_from_the_same_harvest_never_seeds_more_than_it_holds(
    growing, stations, clock, count
):
    """Each station seeds 2 × 3.5 million cells from a harvest of 12 million: any two
    together would seed more cells than the harvest holds."""
    lab, lot = growing.lab, growing.lot
    assert lot.cells_harvested == 12_000_000
    dbs = stations(growing, count)
    people = [lab.tech, lab.verifier]
    actors = [at(people[i % 2], f"bench-{i + 1}") for i in range(count)]
    outcomes = race(
        [
            (
                lambda i=i: culture.seed_vessels(
                    dbs[i],
                    actors[i],
                    lot.din,
                    harvest_id=lot.p0_harvest_id,
                    vessels=[VesselSeeding("T175", 3_500_000)] * 2,
                    seeded_at=clock.now(),
                )
            )
            for i in range(count)
        ]
    )
    (first,) = winners(outcomes)
    for error in refusals(outcomes):
        assert isinstance(error, RecordChangedError) or (
            "more than the 5,000,000 cells available" in str(error)
        ), str(error)
    seeded_rows = rows(
        lab.db,
        "SELECT code, cells_seeded, recorded_by_id FROM vessel WHERE source_harvest_id = :h "
        "ORDER BY code",
        h=lot.p0_harvest_id,
    )
    assert [(r[0], r[1]) for r in seeded_rows] == [
        (f"{lot.din}-P1-1", 3_500_000),
        (f"{lot.din}-P1-2", 3_500_000),
    ]
    assert {r[2] for r in seeded_rows} == {actors[first].user_id}
    assert_intact(lab.db)


@pytest.mark.parametrize("backend", POSTGRES)
def test_eight_stations_starting_lots_at_once_get_distinct_consecutive_dins(growing, stations):
    lab = growing.lab
    mrns = [f"MRN00200{i:02d}" for i in range(8)]
    for mrn in mrns:
        enrol(lab, mrn)
    dbs = stations(growing, 8)
    actors = [at(lab.tech, f"bench-{i + 1}") for i in range(8)]
    outcomes = race([(lambda i=i: lots.start_lot(dbs[i], actors[i], mrns[i])) for i in range(8)])
    assert winners(outcomes) == list(range(8)), refusals(outcomes)
    dins = sorted(result.din for _, result in outcomes)
    # The built lot has 000001; the eight new ones follow it without a gap or a repeat.
    assert dins == [f"A99992600000{n}" for n in range(2, 10)]
    assert scalar(lab.db, "SELECT last_sequence FROM din_sequence") == 9
    per_patient = rows(
        lab.db,
        "SELECT p.mrn, l.din FROM lot l JOIN patient p ON p.id = l.patient_id WHERE p.mrn LIKE "
        "'MRN00200%' ORDER BY p.mrn",
    )
    assert [r[0] for r in per_patient] == mrns
    assert {r[1] for r in per_patient} == set(dins)
    assert_intact(lab.db)


def _now():
    from labtracker.clock import get_clock

    return get_clock().now()


# --- SQLite: two processes on one file -----------------------------------------------------------

SQLITE = ["sqlite"]


def _child(url: str, barrier: Any, results: Any, index: int, work: Callable[[Database], Any]):
    """In a forked process: its own engine on the file, then the work at the barrier."""
    db = Database(make_engine(url))
    try:
        barrier.wait(JOIN_SECONDS)
        try:
            results.put((index, "ok", work(db)))
        except Exception as exc:
            results.put(
                (index, "error", (type(exc).__name__, str(exc), isinstance(exc, LabtrackerError)))
            )
    finally:
        db.dispose()


def two_processes(built: BuiltLot, works: list[Callable[[Database], Any]]) -> list[tuple[str, Any]]:
    """Run each work in its own process (fork) on the built database, released together."""
    built.db.dispose()  # no connection crosses a fork
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(len(works))
    results = context.Queue()
    processes = [
        context.Process(target=_child, args=(built.url, barrier, results, i, work))
        for i, work in enumerate(works)
    ]
    for process in processes:
        process.start()
    collected = dict(
        (i, (kind, value)) for i, kind, value in (results.get(timeout=JOIN_SECONDS) for _ in works)
    )
    for process in processes:
        process.join(JOIN_SECONDS)
        assert process.exitcode == 0
    return [collected[i] for i in range(len(works))]


@pytest.mark.parametrize("backend", SQLITE)
def test_two_processes_correcting_the_same_value_keep_both_in_order(seeded):
    lab, harvest = seeded.lab, seeded.lot.p0_harvest_id
    actors = [at(lab.tech, "bench-1"), at(lab.verifier, "bench-2")]

    def correct(i: int) -> Callable[[Database], None]:
        def work(db: Database) -> None:
            corrections.correct_record(
                db, actors[i], "harvest", harvest, {"confluence_percent": 70.0 + i}, "re-read"
            )

        return work

    outcomes = two_processes(seeded, [correct(0), correct(1)])
    assert [kind for kind, _ in outcomes] == ["ok", "ok"]
    trail = rows(
        lab.db,
        "SELECT old_value, new_value, station FROM audit_entry WHERE table_name = 'harvest' "
        "AND record_id = :id AND action = 'correct' ORDER BY id",
        id=harvest,
    )
    # Writers queue on SQLite: the second correction starts from the first one's value.
    first, second = (trail[1][2], trail[2][2])
    assert {first, second} == {"bench-1", "bench-2"}
    values = {"bench-1": "70.0", "bench-2": "71.0"}
    assert [tuple(r) for r in trail[1:]] == [
        ("85.0", values[first], first),
        (values[first], values[second], second),
    ]
    assert scalar(lab.db, "SELECT confluence_percent FROM harvest WHERE id = :id", id=harvest) == (
        float(values[second])
    )
    assert_intact(lab.db)


@pytest.mark.parametrize("backend", SQLITE)
def test_two_processes_correcting_from_the_same_form_keep_the_first(seeded):
    """Both stations opened the correction form on the same version: the later save is
    refused, naming the station that saved first."""
    lab, harvest = seeded.lab, seeded.lot.p0_harvest_id
    actors = [at(lab.tech, "bench-1"), at(lab.verifier, "bench-2")]
    version = corrections.correctable(lab.db, lab.tech, "harvest", harvest).version

    def correct(i: int) -> Callable[[Database], None]:
        def work(db: Database) -> None:
            corrections.correct_record(
                db,
                actors[i],
                "harvest",
                harvest,
                {"confluence_percent": 70.0 + i},
                "re-read",
                expected_version=version,
            )

        return work

    outcomes = two_processes(seeded, [correct(0), correct(1)])
    assert sorted(kind for kind, _ in outcomes) == ["error", "ok"]
    first = next(i for i, (kind, _) in enumerate(outcomes) if kind == "ok")
    (name, message, clear) = outcomes[1 - first][1]
    assert (name, clear) == ("RecordChangedError", True)
    assert message == changed_by(actors[first], f"The harvest record {harvest}")
    assert _corrections(lab.db, harvest)[1:] == [("85.0", str(70.0 + first), actors[first].station)]
    assert_intact(lab.db)


@pytest.mark.parametrize("backend", SQLITE)
def test_two_processes_releasing_the_same_lot_release_it_once(seeded):
    lab, din = seeded.lab, seeded.lot.din

    def release_at(station: str) -> Callable[[Database], str]:
        def work(db: Database) -> str:
            return release.release_lot(
                db, at(lab.qa, station), din, username="mchen", password=PASSWORD
            ).decision

        return work

    outcomes = two_processes(seeded, [release_at("qa-1"), release_at("qa-2")])
    assert sorted(kind for kind, _ in outcomes) == ["error", "ok"]
    (error,) = [value for kind, value in outcomes if kind == "error"]
    name, message, clear = error
    assert clear, f"{name}: {message}"
    assert "released" in message.lower()
    assert scalar(lab.db, "SELECT count(*) FROM release_decision") == 1
    assert_intact(lab.db)


@pytest.mark.parametrize("backend", SQLITE)
def test_two_processes_starting_lots_get_distinct_consecutive_dins(growing):
    lab = growing.lab
    mrns = [f"MRN00300{i:02d}" for i in range(6)]
    for mrn in mrns:
        enrol(lab, mrn)

    def start(batch: list[str], station: str) -> Callable[[Database], list[str]]:
        def work(db: Database) -> list[str]:
            return [lots.start_lot(db, at(lab.tech, station), mrn).din for mrn in batch]

        return work

    outcomes = two_processes(growing, [start(mrns[:3], "bench-1"), start(mrns[3:], "bench-2")])
    assert [kind for kind, _ in outcomes] == ["ok", "ok"]
    dins = sorted(outcomes[0][1] + outcomes[1][1])
    assert dins == [f"A99992600000{n}" for n in range(2, 8)]
    assert_intact(lab.db)
