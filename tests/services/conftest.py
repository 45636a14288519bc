"""People for service tests: an administrator and staff in each role, on a real database."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest

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


@pytest.fixture
def lab(db, admin, make_user, clock) -> Lab:
    from labtracker.services import materials, site

    site.configure_site(
        db, admin, name="Xinxiang Bone Lab", facility_code="A9999", timezone="Asia/Shanghai"
    )
    tech = make_user("lwang", "Li Wang", Role.TECHNICIAN)
    verifier = make_user("zliu", "Zhang Liu", Role.VERIFIER)
    qa = make_user("mchen", "Mei Chen", Role.QA)
    surgeon = make_user("drzhao", "Dr Zhao Ming", Role.SURGEON)
    with db.writing(admin, "reference data") as session:
        site.seed_reference_data(session, admin)
    codes = {}
    for name, kind, catalogue in (
        ("Heparin sodium", "anticoagulant", "H3393"),
        ("α-MEM", "medium", "M0894"),
        ("Fetal bovine serum", "supplement", "F7524"),
        ("Dexamethasone", "supplement", "D4902"),
        ("Ascorbate-2-phosphate", "supplement", "A8960"),
        ("β-Glycerophosphate", "supplement", "G9422"),
        ("Trypsin-EDTA", "enzyme", "T4049"),
        ("Ficoll-Paque", "reagent", "17-1440"),
    ):
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
