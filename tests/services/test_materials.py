"""Reagents, scaffolds and equipment: quarantined until QA releases them, refused at the
bench when expired, rejected or out of calibration."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from labtracker.db.models import MaterialUse
from labtracker.domain.errors import InvalidValueError
from labtracker.domain.permissions import PermissionDeniedError
from labtracker.services import lots, materials
from labtracker.services.records import lot_by_din
from tests.services.conftest import enrol


def started(lab) -> str:
    enrol(lab)
    return lots.start_lot(lab.db, lab.tech, "MRN0012345").din


def aspirate(lab, din, clock, code):
    lots.record_aspirate(
        lab.db,
        lab.tech,
        din,
        collection_site="iliac crest",
        volume_ml=15,
        anticoagulant="heparin",
        anticoagulant_lot=code,
        collected_at=clock.now(),
        collected_by_name="Dr Zhao",
    )


def test_received_lot_is_quarantined_until_qa_releases_it(lab, clock):
    din = started(lab)
    received = materials.receive_material_lot(
        lab.db,
        lab.tech,
        name="Heparin sodium",
        kind="anticoagulant",
        manufacturer="Pfizer",
        catalogue_number="HEP-5000",
        lot_number="HX2291",
        expiry_date=date(2027, 1, 31),
    )
    assert received.state == "quarantine" and received.code.startswith("RL")
    with pytest.raises(materials.MaterialRefusedError, match="still in quarantine"):
        aspirate(lab, din, clock, received.code)
    with pytest.raises(PermissionDeniedError):
        materials.decide_material_lot(lab.db, lab.tech, received.code, release=True, reason="ok")
    materials.decide_material_lot(lab.db, lab.qa, received.code, release=True, reason="CoA ok")
    aspirate(lab, din, clock, received.code)
    with lab.db.reading() as session:
        lot = lot_by_din(session, din)
        uses = session.scalar(
            select(func.count()).select_from(MaterialUse).where(MaterialUse.lot_id == lot.id)
        )
        assert uses == 1


def test_rejected_lot_is_refused(lab, clock):
    din = started(lab)
    received = materials.receive_material_lot(
        lab.db,
        lab.tech,
        name="Heparin sodium",
        kind="anticoagulant",
        manufacturer="Pfizer",
        catalogue_number="HEP-5000",
        lot_number="HX2292",
        expiry_date=date(2027, 1, 31),
    )
    materials.decide_material_lot(
        lab.db, lab.qa, received.code, release=False, reason="CoA missing"
    )
    with pytest.raises(materials.MaterialRefusedError, match="rejected"):
        aspirate(lab, din, clock, received.code)


def test_wrong_kind_of_material_is_refused(lab, clock):
    din = started(lab)
    with pytest.raises(InvalidValueError) as err:
        aspirate(lab, din, clock, lab.materials["Dexamethasone"])
    assert err.value.field == "Anticoagulant lot"
    assert "a lot of anticoagulant" in str(err.value)


def test_already_expired_lot_cannot_be_received(lab, clock):
    with pytest.raises(materials.MaterialRefusedError, match="expired on 2026-01-01"):
        materials.receive_material_lot(
            lab.db,
            lab.tech,
            name="Trypsin",
            kind="enzyme",
            manufacturer="Gibco",
            catalogue_number="25200",
            lot_number="T1",
            expiry_date=date(2026, 1, 1),
        )


def test_duplicate_lot_number_is_refused(lab):
    with pytest.raises(InvalidValueError, match="already received"):
        materials.receive_material_lot(
            lab.db,
            lab.tech,
            name="Heparin sodium",
            kind="anticoagulant",
            manufacturer="Sigma",
            catalogue_number="H3393",
            lot_number="LH3393",
            expiry_date=date(2027, 6, 30),
        )


def test_equipment_out_of_calibration_is_refused(lab, clock):
    din = started(lab)
    today = clock.now().date()
    materials.register_equipment(
        lab.db,
        lab.qa,
        asset_tag="inc-07",
        name="CO2 incubator 7",
        kind="incubator",
        calibrated_on=today - timedelta(days=365),
        calibration_due_on=today - timedelta(days=1),
    )
    with lab.db.writing(lab.tech, "test") as session:
        lot = lot_by_din(session, din)
        with pytest.raises(materials.MaterialRefusedError, match="due for calibration"):
            materials.use_equipment(session, lab.tech, lot, "INC-07", used_at=clock.now())
    materials.record_calibration(
        lab.db,
        lab.qa,
        "INC-07",
        calibrated_on=today,
        calibration_due_on=today + timedelta(days=365),
    )
    with lab.db.writing(lab.tech, "test") as session:
        lot = lot_by_din(session, din)
        assert (
            materials.use_equipment(session, lab.tech, lot, "inc-07", used_at=clock.now()).asset_tag
            == "INC-07"
        )


def test_scaffold_lot_rules(lab, clock):
    received = materials.receive_scaffold_lot(
        lab.db,
        lab.tech,
        product="Demineralized bone matrix block",
        manufacturer="Aorui",
        catalogue_number="DBM-25",
        manufacturer_lot="DBM2601",
        expiry_date=date(2026, 6, 30),
        volume_ml=1.5,
        size_description="25 × 10 × 6 mm",
    )
    assert received.code == "SC000001"
    with (
        lab.db.reading() as session,
        pytest.raises(materials.MaterialRefusedError, match="quarantine"),
    ):
        materials.usable_scaffold_lot(session, received.code, clock.now())
    materials.decide_scaffold_lot(lab.db, lab.qa, received.code, release=True, reason="ok")
    with lab.db.reading() as session:
        assert materials.usable_scaffold_lot(session, "sc000001", clock.now()).id
        with pytest.raises(materials.MaterialRefusedError, match="expired on 2026-06-30"):
            materials.usable_scaffold_lot(
                session, received.code, clock.now().replace(month=7, day=1)
            )


def test_usable_list(lab):
    usable = materials.list_material_lots(lab.db, lab.tech, usable_only=True)
    assert {m.material for m in usable} >= {"Heparin sodium", "Dexamethasone"}
