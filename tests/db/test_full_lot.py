"""A whole lot, patient to QC, stored and read back through its relationships, on both
databases; plus the storage guarantees every record relies on."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from labtracker.db import models as m
from labtracker.db.audit import AuditContext
from labtracker.db.engine import make_session_factory
from labtracker.domain.lot_states import LotStatus

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def audited_sessions(engine):
    """Sessions attributed to a test user: without one the audit hooks refuse every write."""
    factory = make_session_factory(engine)
    factory.configure(info={"audit": AuditContext(None, "pytest", "test", "test data")})
    return factory


def stamp(user: m.UserAccount, at: datetime = T0) -> dict:
    return {"recorded_at": at, "recorded_by_id": user.id}


def make_user(session: Session, username: str, name: str) -> m.UserAccount:
    user = m.UserAccount(username=username, full_name=name, created_at=T0)
    session.add(user)
    session.flush()
    return user


def build_full_lot(session: Session) -> int:
    tech = make_user(session, "lwang", "Li Wang")
    qa = make_user(session, "mchen", "Mei Chen")
    site = m.Site(name="Bone Lab", facility_code="A9999", **stamp(tech))
    patient = m.Patient(
        mrn="MRN0012345",
        family_name="张",
        given_name="伟",
        name_romanised="Zhang Wei",
        date_of_birth=date(1980, 5, 17),
        sex="male",
        weight_kg=72.5,
        trial_subject_number="NCT07066228-001",
        **stamp(tech),
    )
    session.add_all([site, patient])
    session.flush()
    assessment = m.EligibilityAssessment(
        patient=patient,
        criteria_version="NCT07066228 v1",
        assessed_at=T0,
        investigator_id=qa.id,
        outcome="eligible",
        age_years=45,
        defect_length_cm=2.5,
        bmd_t_score=-1.1,
        **stamp(qa),
    )
    assessment.answers.append(
        m.EligibilityAnswer(
            criterion_code="I1",
            criterion_kind="inclusion",
            criterion_text="Age 18–55",
            answer="yes",
            evidence="DOB on ID card",
            **stamp(qa),
        )
    )
    consent = m.Consent(
        patient=patient,
        consent_date=date(2026, 3, 1),
        form_version="ICF v2.0",
        obtained_by_id=qa.id,
        **stamp(qa),
    )
    session.add_all([assessment, consent])
    session.flush()
    lot = m.Lot(
        din="A999926000001",
        patient=patient,
        site_id=site.id,
        eligibility_assessment_id=assessment.id,
        consent_id=consent.id,
        status=LotStatus.IN_INDUCTION,
        status_changed_at=T0,
        created_at=T0,
        **stamp(tech),
    )
    session.add(lot)
    session.flush()
    material = m.Material(
        name="Dexamethasone",
        kind="supplement",
        manufacturer="Sigma",
        catalogue_number="D4902",
        **stamp(tech),
    )
    session.add(material)
    session.flush()
    dex = m.MaterialLot(
        material_id=material.id,
        code="RL000001",
        lot_number="SLCD1234",
        expiry_date=date(2027, 1, 1),
        received_at=T0,
        received_by_id=tech.id,
        state="released",
        **stamp(tech),
    )
    session.add(dex)
    session.flush()
    lot.aspirate = m.AspirateCollection(
        collection_site="left posterior iliac crest",
        volume_ml=15.0,
        anticoagulant="heparin",
        anticoagulant_lot_id=dex.id,
        collected_at=T0,
        collected_by_name="Dr Liu",
        transport_temperature_c=8.0,
        **stamp(tech),
    )
    lot.receipt = m.AspirateReceipt(
        received_at=T0 + timedelta(hours=3),
        received_by_id=tech.id,
        condition="acceptable",
        temperature_c=9.5,
        within_limits=True,
        **stamp(tech),
    )
    iso_count = m.CellCount(
        lot=lot,
        purpose="isolation",
        method="hemocytometer",
        counted_at=T0,
        counted_by_id=tech.id,
        cells_counted=120,
        squares_counted=4,
        dilution_factor=2,
        live_cells=114,
        dead_cells=6,
        suspension_volume_ml=10,
        cells_per_ml=6e5,
        total_cells=6e6,
        viability_percent=95.0,
        **stamp(tech),
    )
    isolation = m.Isolation(
        lot=lot,
        method="density_gradient",
        started_at=T0,
        performed_by_id=tech.id,
        nucleated_cell_count=iso_count,
        **stamp(tech),
    )
    t75 = m.VesselType(
        code="T75", name="T75 flask", growth_area_cm2=75, max_cells_per_cm2=1e5, **stamp(tech)
    )
    session.add_all([isolation, t75])
    session.flush()
    p0 = m.Vessel(
        code="A999926000001-P0-1",
        lot=lot,
        vessel_type=t75,
        growth_area_cm2=75,
        passage_number=0,
        source_isolation_id=isolation.id,
        seeded_at=T0,
        seeded_by_id=tech.id,
        cells_seeded=150_000,
        seeding_density_per_cm2=2000,
        state="harvested",
        **stamp(tech),
    )
    session.add(p0)
    session.flush()
    harvest_count = m.CellCount(
        lot=lot,
        purpose="harvest",
        method="automated",
        counted_at=T0 + timedelta(days=7),
        counted_by_id=tech.id,
        instrument_cells_per_ml=1.2e6,
        instrument_viability_percent=97,
        suspension_volume_ml=5,
        cells_per_ml=1.2e6,
        total_cells=6e6,
        viability_percent=97,
        **stamp(tech),
    )
    harvest = m.Harvest(
        lot=lot,
        passage_number=0,
        harvested_at=T0 + timedelta(days=7),
        performed_by_id=tech.id,
        confluence_percent=80,
        cell_count=harvest_count,
        cells_seeded=150_000,
        cells_harvested=6e6,
        population_doublings=5.32,
        doubling_time_hours=31.6,
        **stamp(tech),
    )
    harvest.vessels.append(m.HarvestVessel(vessel=p0))
    session.add(harvest)
    session.flush()
    for n in (1, 2):
        session.add(
            m.Vessel(
                code=f"A999926000001-P1-{n}",
                lot=lot,
                vessel_type=t75,
                growth_area_cm2=75,
                passage_number=1,
                parent=p0,
                source_harvest=harvest,
                seeded_at=harvest.harvested_at,
                seeded_by_id=tech.id,
                cells_seeded=200_000,
                seeding_density_per_cm2=2666.7,
                state="in_culture",
                **stamp(tech),
            )
        )
    session.add(
        m.OsteogenicInduction(
            lot=lot,
            started_at=T0 + timedelta(days=14),
            performed_by_id=tech.id,
            base_medium_lot_id=dex.id,
            dexamethasone_lot_id=dex.id,
            dexamethasone_nm=100,
            ascorbate_lot_id=dex.id,
            ascorbate_um=50,
            glycerophosphate_lot_id=dex.id,
            glycerophosphate_mm=10,
            alp_result="positive",
            alizarin_red_result="not_done",
            **stamp(tech),
        )
    )
    scaffold_product = m.ScaffoldProduct(
        name="DBM block", manufacturer="Acme Bio", catalogue_number="DBM-25", **stamp(tech)
    )
    scaffold_lot = m.ScaffoldLot(
        product=scaffold_product,
        code="SC000001",
        manufacturer_lot="DBM2601",
        expiry_date=date(2027, 6, 30),
        volume_ml=1.5,
        received_at=T0,
        received_by_id=tech.id,
        state="released",
        **stamp(tech),
    )
    session.add(
        m.ScaffoldSeeding(
            lot=lot,
            scaffold_lot=scaffold_lot,
            seeded_at=T0 + timedelta(days=30),
            performed_by_id=tech.id,
            scaffold_volume_ml=1.5,
            cells_seeded=3e7,
            suspension_volume_ml=1.5,
            cells_per_ml=2e7,
            incubation_started_at=T0 + timedelta(days=30),
            **stamp(tech),
        )
    )
    spec = m.Specification(
        code="RELEASE",
        version_number=1,
        title="Release specification",
        state="approved",
        **stamp(qa),
    )
    spec.items.append(
        m.SpecificationItem(
            position=1,
            test_code="viability",
            label="Viability",
            comparator=">=",
            limit_value=70,
            unit="%",
            **stamp(qa),
        )
    )
    session.add(spec)
    session.flush()
    session.add(
        m.QcSample(
            code="QC-0001",
            lot=lot,
            test_code="viability",
            stage="final construct",
            taken_at=T0 + timedelta(days=31),
            taken_by_id=tech.id,
            **stamp(tech),
        )
    )
    session.add(
        m.QcResult(
            lot=lot,
            specification_item=spec.items[0],
            test_code="viability",
            result_value=92.0,
            unit="%",
            outcome="pass",
            tested_at=T0 + timedelta(days=31),
            tested_by_id=tech.id,
            **stamp(tech),
        )
    )
    session.commit()
    return lot.id


def test_full_lot_round_trip(engine):
    factory = audited_sessions(engine)
    with factory() as session:
        lot_id = build_full_lot(session)

    with factory() as session:  # a fresh session reads only what the database holds
        lot = session.get(m.Lot, lot_id)
        assert lot.din == "A999926000001"
        assert lot.status is LotStatus.IN_INDUCTION
        assert lot.patient.family_name == "张"
        assert lot.patient.eligibility_assessments[0].answers[0].criterion_text == "Age 18–55"
        assert lot.patient.consents[0].form_version == "ICF v2.0"
        assert lot.aspirate.volume_ml == 15.0
        assert lot.receipt.received_at == T0 + timedelta(hours=3)
        assert lot.receipt.received_at.tzinfo is not None
        assert lot.isolations[0].nucleated_cell_count.total_cells == 6e6
        p0 = next(v for v in lot.vessels if v.passage_number == 0)
        assert [c.code for c in sorted(p0.children, key=lambda v: v.code)] == [
            "A999926000001-P1-1",
            "A999926000001-P1-2",
        ]
        assert lot.harvests[0].vessels[0].vessel is p0
        assert {v.code for v in lot.harvests[0].child_vessels} == {
            "A999926000001-P1-1",
            "A999926000001-P1-2",
        }
        assert lot.inductions[0].dexamethasone_nm == 100
        assert lot.scaffold_seedings[0].scaffold_lot.product.name == "DBM block"
        assert lot.qc_results[0].specification_item.specification.code == "RELEASE"
        assert lot.qc_results[0].outcome == "pass"
        assert all(v.version == 1 for v in lot.vessels)


def test_lot_status_outside_the_list_is_refused_by_the_database(engine):
    factory = audited_sessions(engine)
    with factory() as session:
        lot_id = build_full_lot(session)
    with engine.connect() as conn, pytest.raises(IntegrityError):
        conn.exec_driver_sql(f"UPDATE lot SET status = 'teleported' WHERE id = {lot_id}")
        conn.commit()


def test_foreign_keys_are_enforced(session):
    tech = make_user(session, "lwang", "Li Wang")
    session.add(
        m.Vessel(
            code="X",
            lot_id=999,
            vessel_type_id=999,
            growth_area_cm2=25,
            passage_number=0,
            seeded_at=T0,
            seeded_by_id=tech.id,
            cells_seeded=1,
            seeding_density_per_cm2=1,
            state="in_culture",
            **stamp(tech),
        )
    )
    with pytest.raises(IntegrityError):
        session.flush()


def test_duplicate_din_is_refused(engine):
    factory = audited_sessions(engine)
    with factory() as session:
        lot_id = build_full_lot(session)
    with factory() as session:
        original = session.get(m.Lot, lot_id)
        session.add(
            m.Lot(
                din=original.din,
                patient_id=original.patient_id,
                site_id=original.site_id,
                eligibility_assessment_id=original.eligibility_assessment_id,
                consent_id=original.consent_id,
                status=LotStatus.CREATED,
                status_changed_at=T0,
                created_at=T0,
                recorded_at=T0,
                recorded_by_id=original.recorded_by_id,
            )
        )
        with pytest.raises(IntegrityError):
            session.commit()
    with factory() as session:
        assert session.scalars(select(m.Lot)).all()[0].id == lot_id


def test_naive_datetime_is_refused(session):
    session.add(m.UserAccount(username="naive", full_name="N", created_at=datetime(2026, 3, 2)))
    with pytest.raises(StatementError, match="naive datetime"):
        session.flush()


def test_times_come_back_in_utc(session):
    cet = datetime(2026, 3, 2, 9, 0, tzinfo=UTC).astimezone()
    user = m.UserAccount(username="tz", full_name="T", created_at=cet)
    session.add(user)
    session.commit()
    session.expire_all()
    assert session.get(m.UserAccount, user.id).created_at == datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    assert session.get(m.UserAccount, user.id).created_at.utcoffset() == timedelta(0)


def test_concurrent_edit_fails_instead_of_overwriting(engine):
    """Two stations load the same record; the second save must not silently win."""
    factory = audited_sessions(engine)
    with factory() as session:
        user = make_user(session, "lwang", "Li Wang")
        session.commit()
        user_id = user.id
    first, second = factory(), factory()
    try:
        a = first.get(m.UserAccount, user_id)
        b = second.get(m.UserAccount, user_id)
        first.commit()  # end both reads (nothing expires: expire_on_commit=False)
        second.commit()
        a.full_name = "Li Wang (A)"
        first.commit()
        b.full_name = "Li Wang (B)"
        with pytest.raises(StaleDataError):
            second.commit()
    finally:
        first.close()
        second.close()
    with factory() as session:
        fresh = session.get(m.UserAccount, user_id)
        assert fresh.full_name == "Li Wang (A)"
        assert fresh.version == 2
