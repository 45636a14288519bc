"""A lot built through the real services, once per backend, copied into each test's own
database: what the tampering and concurrency suites start from.

Building a released lot runs ~40 transactions and ~30 password checks and is the same every
time (the clock starts at the same moment), so it is built once per backend and stage, and
each test gets a copy: a file copy on SQLite, ``CREATE DATABASE … TEMPLATE`` on PostgreSQL.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, replace
from datetime import datetime

import pytest
from sqlalchemy.engine import make_url

from labtracker.clock import ManualClock
from labtracker.db.engine import make_engine
from labtracker.domain.identifiers import din_check_character
from labtracker.services import culture
from labtracker.services.context import Database
from labtracker.services.culture import CountInput
from tests.services.builders import JourneyLot, build_lot, start_and_isolate
from tests.support.lab import Lab, enrol


@dataclass(frozen=True)
class CultureLot:
    """A lot in culture: P0 harvested from two vessels (pooled), more P0 vessels growing."""

    din: str
    check_character: str
    p0_harvest_id: int
    cells_harvested: float
    vessels_in_culture: tuple[str, ...]


@dataclass(frozen=True)
class BuiltLot:
    lab: Lab
    lot: JourneyLot | CultureLot
    mrn: str
    url: str  # of this test's database, for more stations (engines) on it

    @property
    def db(self) -> Database:
        return self.lab.db


_TEMPLATES: dict[tuple[str, str], tuple[str, BuiltLot, datetime]] = {}


def built_lot(
    request: pytest.FixtureRequest,
    backend: str,
    clock: ManualClock,
    tmp_path_factory: pytest.TempPathFactory,
    *,
    until: str = "released",
    mrn: str = "MRN0012345",
) -> BuiltLot:
    """The lab with one lot built ``until`` a stage, in a database of this test's own, the
    clock where the build left it."""
    key = (backend, until)
    cached = _TEMPLATES.get(key)
    if cached is None:
        lab: Lab = request.getfixturevalue("lab")
        url = request.getfixturevalue("db_url")
        lot = (
            build_culture(lab, clock, mrn)
            if until == "in_culture"
            else build_lot(lab, clock, mrn, until=until)
        )
        lab.db.engine.dispose()
        if backend == "sqlite":
            template = str(tmp_path_factory.mktemp("built") / "built.sqlite3")
            shutil.copyfile(make_url(url).database, template)
        else:
            databases = request.getfixturevalue("postgres_databases")
            template = databases.create(template=make_url(url).database)
        built = BuiltLot(lab, lot, mrn, url)
        _TEMPLATES[key] = (template, built, clock.now())
        return built
    template, built, moment = cached
    if backend == "sqlite":
        path = tmp_path_factory.mktemp("copy") / "labtracker.sqlite3"
        shutil.copyfile(template, path)
        url = f"sqlite:///{path}"
        drop = None
    else:
        databases = request.getfixturevalue("postgres_databases")
        name = databases.create(template=template)
        url = databases.url_for(name)
        drop = name
    engine = make_engine(url)

    def finish() -> None:
        engine.dispose()
        if drop is not None:
            databases.drop(drop)

    request.addfinalizer(finish)
    clock.set(moment)
    return BuiltLot(replace(built.lab, db=Database(engine)), built.lot, built.mrn, url)


def build_culture(lab: Lab, clock: ManualClock, mrn: str, *, vessels: int = 8) -> CultureLot:
    """Through the services, as at the bench: eligibility, a lot, aspirate, receipt,
    isolation into ``vessels`` T75 flasks, and a week later the first two harvested together."""
    db, tech = lab.db, lab.tech
    enrol(lab, mrn)
    din, isolation = start_and_isolate(lab, clock, mrn, vessels=vessels)
    codes = [v.code for v in isolation.vessels]
    clock.advance(days=7)
    harvest = culture.record_harvest(
        db,
        tech,
        din,
        vessel_codes=codes[:2],
        harvested_at=clock.now(),
        confluence_percent=80,
        count=CountInput.automated(
            cells_per_ml=1.2e6,
            viability_percent=96,
            suspension_volume_ml=10,
            counted_at=clock.now(),
        ),
    )
    clock.advance(minutes=30)
    return CultureLot(
        din, din_check_character(din), harvest.harvest_id, harvest.cells_harvested, tuple(codes[2:])
    )
