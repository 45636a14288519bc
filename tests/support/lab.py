"""People for service and screen tests: an administrator and staff in each role, on a real
database. Loaded for every test directory by `pytest_plugins` in tests/conftest.py."""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

import pytest
from sqlalchemy import text

from labtracker.domain.permissions import Role
from labtracker.services import auth, users
from labtracker.services.context import Actor, Database

ADMIN_PASSWORD = "Adm1n-Passw0rd!"
PASSWORD = "Bench-Passw0rd!"


@pytest.fixture
def db(engine) -> Database:
    return Database(engine)


@pytest.fixture
def admin(db, clock) -> Actor:
    users.initialise(db, "admin", "Ada Admin", ADMIN_PASSWORD, station="bench-1")
    return auth.login(db, "admin", ADMIN_PASSWORD, station="bench-1")


@pytest.fixture
def make_user(db, admin) -> Callable[..., Actor]:
    """A signed-in user with the given roles and the password PASSWORD."""

    def make(username: str, full_name: str, *roles: Role) -> Actor:
        users.add_user(db, admin, username, full_name, roles, "Temp-Passw0rd!")
        users.change_password(db, username, "Temp-Passw0rd!", PASSWORD, station="bench-1")
        return auth.login(db, username, PASSWORD, station="bench-1")

    return make


@dataclass
class Lab:
    """A configured site with one person per role; what most lifecycle tests start from."""

    db: Database
    admin: Actor
    tech: Actor
    verifier: Actor
    qa: Actor
    surgeon: Actor  # also the trial investigator who signs eligibility
    materials: dict[str, str]  # name -> label code of a released, in-date lot


def _build_lab(db: Database, admin: Actor, make_user: Callable[..., Actor]) -> Lab:
    from labtracker.services import materials, site
    from labtracker.services.demo import STARTER_MATERIALS
    from labtracker.services.labels import seed_default_templates
    from labtracker.services.specifications import seed_default_specifications

    site.configure_site(
        db, admin, name="Xinxiang Bone Lab", facility_code="A9999", timezone="Asia/Shanghai"
    )
    tech = make_user("lwang", "Li Wang", Role.TECHNICIAN)
    verifier = make_user("zliu", "Zhang Liu", Role.VERIFIER)
    qa = make_user("mchen", "Mei Chen", Role.QA)
    surgeon = make_user("drzhao", "Dr Zhao Ming", Role.SURGEON)
    with db.writing(admin, "reference data") as session:
        site.seed_reference_data(session, admin)
        seed_default_specifications(session, admin)
        seed_default_templates(session, admin)
    codes = {}
    for name, kind, catalogue in STARTER_MATERIALS:
        received = materials.receive_material_lot(
            db,
            tech,
            name=name,
            kind=kind,
            manufacturer="Sigma",
            catalogue_number=catalogue,
            lot_number=f"L{catalogue}",
            expiry_date=date(2027, 6, 30),
        )
        materials.decide_material_lot(db, qa, received.code, release=True, reason="CoA checked")
        codes[name] = received.code
    return Lab(db, admin, tech, verifier, qa, surgeon, codes)


# One built lab per backend, copied into each test's database: building it runs ~30 password
# hashes and ~40 transactions, the same every time (the clock starts at the same moment).
_LAB_TEMPLATES: dict[str, tuple[str, Lab]] = {}


@pytest.fixture
def lab(db, admin, make_user, clock, backend, db_url, request, tmp_path_factory) -> Lab:
    from sqlalchemy.engine import make_url

    cached = _LAB_TEMPLATES.get(backend)
    if cached is None:
        built = _build_lab(db, admin, make_user)
        db.engine.dispose()
        if backend == "sqlite":
            template = str(tmp_path_factory.mktemp("lab") / "lab.sqlite3")
            shutil.copyfile(make_url(db_url).database, template)
        else:
            databases = request.getfixturevalue("postgres_databases")
            template = databases.create(template=make_url(db_url).database)
        _LAB_TEMPLATES[backend] = (template, built)
        return built
    template, built = cached
    db.engine.dispose()
    if backend == "sqlite":
        path = make_url(db_url).database
        for suffix in ("-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.remove(path + suffix)
        shutil.copyfile(template, path)
    else:
        databases = request.getfixturevalue("postgres_databases")
        name = make_url(db_url).database
        databases.drop(name)
        with databases.admin.connect() as conn:
            conn.execute(text(f"CREATE DATABASE {name} TEMPLATE {template}"))
    return replace(built, db=db)


def enrol(
    lab: Lab,
    mrn: str = "MRN0012345",
    *,
    family_name: str = "张",
    given_name: str = "伟",
    bmd_t_score: float = -1.1,
) -> str:
    """Register, assess (eligible unless told otherwise), sign and consent a patient."""
    from labtracker.services import patients

    patients.register_patient(
        lab.db,
        lab.tech,
        mrn=mrn,
        family_name=family_name,
        given_name=given_name,
        name_romanised="Zhang Wei",
        date_of_birth=date(1985, 5, 17),
        sex="male",
        weight_kg=70.0,
        trial_subject_number=f"S-{mrn[-4:]}",
    )
    answers = {
        code: ("no", "history and examination")
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
        lab.db,
        lab.tech,
        mrn,
        assessed_at=_now(),
        defect_length_cm=2.5,
        defect_cross_section_percent=40.0,
        bmd_t_score=bmd_t_score,
        answers=answers,
    )
    if view.outcome == "eligible":
        patients.sign_eligibility(
            lab.db, lab.surgeon, view.assessment_id, username="drzhao", password=PASSWORD
        )
    patients.record_consent(
        lab.db,
        lab.tech,
        mrn,
        consent_date=_now().date(),
        form_version="ICF v2.0",
        obtained_by_username="drzhao",
    )
    return mrn


def _now():
    from labtracker.clock import get_clock

    return get_clock().now()
