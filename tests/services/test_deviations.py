"""Deviations (numbered per year, assessed, closed by a second QA person with an
e-signature) and discards (reason, who, and a witness who re-enters their password)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from labtracker.clock import get_clock
from labtracker.db.models import Discard, Lot, Vessel, VesselType
from labtracker.domain.errors import InvalidTransitionError, InvalidValueError
from labtracker.domain.lot_states import LotStatus
from labtracker.domain.permissions import PermissionDeniedError, Role
from labtracker.services import deviations, lots
from labtracker.services.auth import AuthenticationError
from labtracker.services.deviations import DeviationRefusedError, DiscardRefusedError
from labtracker.services.records import lot_by_din, stamp
from labtracker.services.signatures import signatures_for
from tests.services.conftest import PASSWORD, enrol


def add_vessel(lab, din: str, passage: int = 0, n: int = 1) -> str:
    """TEST SET-UP ONLY: a vessel in culture put straight into the database, standing in for
    the culture service (built elsewhere)."""
    code = f"{din}-P{passage}-{n}"
    with lab.db.writing(lab.tech, "test set-up: vessel without the culture service") as session:
        lot = lot_by_din(session, din)
        t25 = session.scalar(select(VesselType).where(VesselType.code == "T25"))
        session.add(
            Vessel(
                code=code,
                lot_id=lot.id,
                vessel_type_id=t25.id,
                growth_area_cm2=25.0,
                passage_number=passage,
                seeded_at=get_clock().now(),
                seeded_by_id=lab.tech.user_id,
                cells_seeded=50_000,
                seeding_density_per_cm2=2_000.0,
                state="in_culture",
                **stamp(lab.tech),
            )
        )
    return code


def new_lot(lab, mrn: str = "MRN0012345", *, enrol_patient: bool = True) -> str:
    if enrol_patient:
        enrol(lab, mrn)
    return lots.start_lot(lab.db, lab.tech, mrn).din


def raise_one(lab, actor=None, din=None, **changes) -> str:
    values = {
        "din": din,
        "title": "Incubator door left open",
        "description": "Door of INC-02 found ajar at 07:40.\nAlarm had not sounded.",
        "occurred_at": get_clock().now() - timedelta(minutes=20),
        "classification": "minor",
    }
    values.update(changes)
    return deviations.raise_deviation(lab.db, actor or lab.tech, **values)


def assess(lab, number: str, **changes) -> deviations.DeviationView:
    values = {
        "impact_assessment": "Temperature stayed within 36–38 °C (logger LOG-2); no impact.",
        "root_cause": "Door latch worn.",
        "corrective_action": "Latch replaced on 2026-03-02.",
        "preventive_action": "Latch added to the quarterly maintenance list.",
    }
    values.update(changes)
    return deviations.assess_deviation(lab.db, lab.tech, number, **values)


def status_of(lab, din: str) -> LotStatus:
    with lab.db.reading() as session:
        return lot_by_din(session, din).status


# --- deviations ------------------------------------------------------------------------------


def test_numbers_are_sequential_per_site_year(lab, clock):
    din = new_lot(lab)
    assert raise_one(lab) == "DEV-2026-0001"
    assert raise_one(lab, din=din, classification="major") == "DEV-2026-0002"
    # 17:00 UTC on 31 December is already 1 January in Shanghai: the site's year counts.
    clock.set(datetime(2026, 12, 31, 17, 0, tzinfo=UTC))
    assert raise_one(lab, lab.surgeon) == "DEV-2027-0001"
    assert raise_one(lab) == "DEV-2027-0002"
    view = deviations.get_deviation(lab.db, lab.qa, "dev-2026-0002")
    assert (view.din, view.classification, view.state) == (din, "major", "open")
    assert view.description.splitlines()[1] == "Alarm had not sounded."
    assert view.raised_by == "Li Wang"


def test_bad_input_is_refused(lab, clock):
    with pytest.raises(InvalidValueError, match="Classification"):
        raise_one(lab, classification="catastrophic")
    with pytest.raises(InvalidValueError, match="not in the future"):
        raise_one(lab, occurred_at=clock.now() + timedelta(hours=1))
    with pytest.raises(InvalidValueError) as err:
        raise_one(lab, title="   ")
    assert err.value.field == "Title"
    with pytest.raises(PermissionDeniedError):
        raise_one(lab, lab.admin)
    assert deviations.open_deviations(lab.db, lab.qa) == []


def test_deviation_linked_to_receipt_unblocks_processing(lab, clock):
    din = new_lot(lab)
    lots.record_aspirate(
        lab.db,
        lab.tech,
        din,
        collection_site="iliac crest",
        volume_ml=15,
        anticoagulant="heparin",
        anticoagulant_lot=None,
        collected_at=clock.now(),
        collected_by_name="Dr Zhao Ming",
    )
    clock.advance(hours=30)
    lots.receive_aspirate(
        lab.db, lab.tech, din, received_at=clock.now(), condition="acceptable", temperature_c=8
    )
    with lab.db.reading() as session:
        assert "raise a deviation" in lots.receipt_blocks_processing(lot_by_din(session, din))

    number = raise_one(
        lab,
        din=din,
        title="Aspirate received 30 h after collection",
        occurred_at=clock.now(),
        classification="major",
        link_receipt=True,
    )
    with lab.db.reading() as session:
        lot = lot_by_din(session, din)
        assert lots.receipt_blocks_processing(lot) is None
    assert deviations.get_deviation(lab.db, lab.tech, number).linked_to_receipt
    with pytest.raises(DeviationRefusedError, match=f"already covered by {number}"):
        raise_one(lab, din=din, link_receipt=True)
    assert [d.number for d in deviations.open_deviations(lab.db, lab.tech, din)] == [number]


def test_linking_a_lot_without_receipt_saves_nothing(lab, clock):
    din = new_lot(lab)
    with pytest.raises(DeviationRefusedError, match="no aspirate receipt"):
        raise_one(lab, din=din, link_receipt=True)
    with pytest.raises(InvalidValueError, match="DIN"):
        raise_one(lab, link_receipt=True)
    assert deviations.open_deviations(lab.db, lab.qa) == []


def test_closure_rules(lab, make_user, clock):
    number = raise_one(lab)
    with pytest.raises(DeviationRefusedError, match="impact assessment and the corrective action"):
        deviations.close_deviation(lab.db, lab.qa, number, username="mchen", password=PASSWORD)
    assess(lab, number, corrective_action="  ")
    with pytest.raises(DeviationRefusedError, match="fill in the corrective action first"):
        deviations.close_deviation(lab.db, lab.qa, number, username="mchen", password=PASSWORD)
    assess(lab, number)
    with pytest.raises(PermissionDeniedError):
        deviations.close_deviation(lab.db, lab.verifier, number, username="zliu", password=PASSWORD)
    with pytest.raises(AuthenticationError):
        deviations.close_deviation(lab.db, lab.qa, number, username="mchen", password="wrong")
    assert deviations.get_deviation(lab.db, lab.qa, number).state == "open"

    clock.advance(hours=1)
    closed = deviations.close_deviation(lab.db, lab.qa, number, username="mchen", password=PASSWORD)
    assert (closed.state, closed.closed_by, closed.closed_at) == ("closed", "Mei Chen", clock.now())
    with lab.db.reading() as session:
        from labtracker.db.models import Deviation

        row = session.scalar(select(Deviation).where(Deviation.number == number))
        row_id, closure_signature_id = row.id, row.closure_signature_id
    [signature] = signatures_for(lab.db, "deviation", row_id)
    assert signature.signature_id == closure_signature_id
    assert signature.meaning == "approved" and signature.is_valid
    assert signature.printed_name == "Mei Chen"
    assert deviations.open_deviations(lab.db, lab.qa) == []
    with pytest.raises(DeviationRefusedError, match="closed"):
        assess(lab, number)
    with pytest.raises(DeviationRefusedError, match="already closed"):
        deviations.close_deviation(lab.db, lab.qa, number, username="mchen", password=PASSWORD)


def test_qa_cannot_close_a_deviation_they_raised(lab, make_user, clock):
    number = raise_one(lab, lab.qa)
    assess(lab, number)
    with pytest.raises(DeviationRefusedError, match="Mei Chen raised"):
        deviations.close_deviation(lab.db, lab.qa, number, username="mchen", password=PASSWORD)
    second_qa = make_user("qan", "Qiang An", Role.QA)
    closed = deviations.close_deviation(
        lab.db, second_qa, number, username="qan", password=PASSWORD
    )
    assert closed.closed_by == "Qiang An"


def test_open_deviations_by_lot(lab, clock):
    first = new_lot(lab)
    second = new_lot(lab, enrol_patient=False)
    a = raise_one(lab, din=first)
    b = raise_one(lab, din=second)
    c = raise_one(lab)
    assert [d.number for d in deviations.open_deviations(lab.db, lab.surgeon, first)] == [a]
    assert [d.number for d in deviations.open_deviations(lab.db, lab.surgeon)] == [a, b, c]


# --- discards --------------------------------------------------------------------------------


def discard(lab, din: str, **changes) -> deviations.DiscardView:
    values = {
        "scope": "lot",
        "vessel_code": None,
        "reason": "patient withdrew from the trial",
        "witness_username": "zliu",
        "witness_password": PASSWORD,
    }
    values.update(changes)
    return deviations.discard(lab.db, lab.tech, din, **values)


def test_lot_discard_is_witnessed_and_ends_the_lot(lab, clock):
    din = new_lot(lab)
    vessel = add_vessel(lab, din)
    number = raise_one(lab, din=din)
    view = discard(lab, din, deviation_number=number)
    assert (view.lot_status, view.discarded_by, view.witness) == (
        LotStatus.DISCARDED,
        "Li Wang",
        "Zhang Liu",
    )
    assert view.deviation_number == number
    with lab.db.reading() as session:
        row = session.scalar(select(Discard))
        assert (row.scope, row.witness_id, row.discarded_by_id) == (
            "lot",
            lab.verifier.user_id,
            lab.tech.user_id,
        )
        assert session.scalar(select(Vessel.state).where(Vessel.code == vessel)) == "discarded"
        row_id = row.id
    [witnessed] = signatures_for(lab.db, "discard", row_id)
    assert witnessed.printed_name == "Zhang Liu" and witnessed.meaning == "verified"
    assert witnessed.is_valid
    with pytest.raises(InvalidTransitionError, match="discarded; nothing more"):
        discard(lab, din)


def test_the_witness_must_be_another_person(lab, clock):
    din = new_lot(lab)
    with pytest.raises(DiscardRefusedError, match="different person"):
        discard(lab, din, witness_username="LWANG ")
    assert status_of(lab, din) == LotStatus.CREATED


def test_the_witness_must_re_enter_their_password(lab, clock):
    din = new_lot(lab)
    with pytest.raises(AuthenticationError, match="not correct"):
        discard(lab, din, witness_password="guess-Passw0rd!")
    assert status_of(lab, din) == LotStatus.CREATED
    with lab.db.reading() as session:
        assert session.scalar(select(Discard)) is None


@pytest.mark.parametrize(("username", "role"), [("drzhao", "surgeon"), ("admin", "admin")])
def test_the_witness_must_be_allowed_to_discard(lab, clock, username, role):
    from tests.services.conftest import ADMIN_PASSWORD

    din = new_lot(lab)
    password = ADMIN_PASSWORD if role == "admin" else PASSWORD
    with pytest.raises(PermissionDeniedError, match="may not witness a discard"):
        discard(lab, din, witness_username=username, witness_password=password)
    assert status_of(lab, din) == LotStatus.CREATED


def test_only_staff_allowed_to_discard_may_discard(lab, clock):
    din = new_lot(lab)
    with pytest.raises(PermissionDeniedError):
        deviations.discard(
            lab.db,
            lab.surgeon,
            din,
            scope="lot",
            vessel_code=None,
            reason="x",
            witness_username="zliu",
            witness_password=PASSWORD,
        )


def test_vessel_discard_leaves_the_lot_going(lab, clock):
    din = new_lot(lab)
    first = add_vessel(lab, din, 1, 1)
    second = add_vessel(lab, din, 1, 2)
    view = discard(
        lab, din, scope="vessel", vessel_code=f"]d2{first.lower()}\r\n", reason="contaminated"
    )
    assert (view.scope, view.vessel_code, view.lot_status) == ("vessel", first, LotStatus.CREATED)
    with lab.db.reading() as session:
        states = dict(session.execute(select(Vessel.code, Vessel.state)).all())
        assert states == {first: "discarded", second: "in_culture"}
        assert lot_by_din(session, din).status == LotStatus.CREATED
    with pytest.raises(DiscardRefusedError, match="already discarded"):
        discard(lab, din, scope="vessel", vessel_code=first, reason="again")


def test_a_vessel_of_another_lot_is_refused(lab, clock):
    din = new_lot(lab)
    other = new_lot(lab, enrol_patient=False)
    foreign = add_vessel(lab, other)
    with pytest.raises(InvalidValueError, match=f"not a vessel of lot {din}"):
        discard(lab, din, scope="vessel", vessel_code=foreign, reason="contaminated")
    with pytest.raises(InvalidValueError, match="Vessel"):
        discard(lab, din, scope="vessel", vessel_code=None, reason="contaminated")
    with lab.db.reading() as session:
        assert session.scalar(select(Vessel.state).where(Vessel.code == foreign)) == "in_culture"


def test_a_construct_needs_a_seeded_lot(lab, clock):
    din = new_lot(lab)
    with pytest.raises(DiscardRefusedError, match="no construct yet"):
        discard(lab, din, scope="construct")
    with lab.db.writing(lab.qa, "test set-up: lot seeded without the culture service") as session:
        session.scalar(select(Lot).where(Lot.din == din)).status = LotStatus.SEEDED
    assert discard(lab, din, scope="construct").lot_status == LotStatus.DISCARDED
