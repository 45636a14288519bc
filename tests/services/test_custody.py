"""Chain of custody: every hand-over against the scanned label; dispatch only of a released,
in-date construct; whereabouts always known."""

from __future__ import annotations

from datetime import timedelta

import pytest

from labtracker.clock import get_clock
from labtracker.domain.errors import InvalidValueError
from labtracker.domain.identifiers import din_check_character
from labtracker.domain.lot_states import LotStatus
from labtracker.domain.permissions import PermissionDeniedError
from labtracker.services import custody, lots
from labtracker.services.custody import CustodyRefusedError
from labtracker.services.records import lot_by_din
from tests.services.conftest import enrol


def label(din: str) -> str:
    """What a scanner reads from the DIN barcode on the construct's label."""
    return f"={din}00"


def released_lot(
    lab,
    mrn: str = "MRN0012345",
    *,
    expires_in: timedelta = timedelta(hours=48),
    enrol_patient: bool = True,
) -> str:
    """TEST SET-UP ONLY: a lot made RELEASED directly through the ORM, standing in for culture,
    QC and the QA release service (built elsewhere). Never do this outside tests."""
    if enrol_patient:
        enrol(lab, mrn)
    din = lots.start_lot(lab.db, lab.tech, mrn).din
    now = get_clock().now()
    with lab.db.writing(lab.qa, "test set-up: released without the release service") as session:
        lot = lot_by_din(session, din)
        lot.status = LotStatus.RELEASED
        lot.status_changed_at = now
        lot.expires_at = now + expires_in
    return din


def dispatch(lab, din: str, clock, **changes) -> custody.CustodyView:
    clock.advance(minutes=10)
    values = {
        "event": "dispatched",
        "from_name": "Li Wang",
        "to_name": "Courier Sun",
        "from_location": "Cell lab, cleanroom B",
        "to_location": "Transport box",
        "temperature_c": 6.0,
        "shipper": "Validated shipper TB-2",
        "temperature_logger": "LOG-17",
        "seal_number": "S-000321",
        "occurred_at": clock.now(),
    }
    values.update(changes)
    return custody.record_handover(lab.db, lab.tech, label(din), **values)


def status_of(lab, din: str) -> LotStatus:
    with lab.db.reading() as session:
        return lot_by_din(session, din).status


def test_hand_overs_make_the_chain_and_whereabouts_follow_them(lab, clock):
    din = released_lot(lab)
    place = custody.whereabouts(lab.db, lab.surgeon, din)
    assert (place.location, place.holder) == ("Manufacturing lab", "Xinxiang Bone Lab")

    clock.advance(minutes=5)
    custody.record_handover(
        lab.db,
        lab.tech,
        label(din),
        event="packed",
        from_name="Li Wang",
        to_name="Li Wang",
        from_location="Cell lab, cleanroom B",
        to_location="Cell lab, dispatch bench",
        temperature_c=5.5,
        occurred_at=clock.now(),
    )
    dispatched = dispatch(lab, din, clock)
    assert dispatched.event_label == "Dispatched"
    assert status_of(lab, din) == LotStatus.DISPATCHED

    clock.advance(minutes=40)
    custody.record_handover(
        lab.db,
        lab.surgeon,
        f"]C0{label(din)}\r\n",
        event="received",
        from_name="Courier Sun",
        to_name="Dr Zhao Ming",
        from_location="Transport box",
        to_location="Operating room 3",
        temperature_c=7.0,
        occurred_at=clock.now() - timedelta(minutes=2),
    )
    chain = custody.custody_chain(lab.db, lab.qa, din)
    assert [c.event for c in chain] == ["packed", "dispatched", "received"]
    assert chain[1].seal_number == "S-000321" and chain[1].temperature_logger == "LOG-17"
    assert chain[1].recorded_by == "Li Wang"
    assert chain[2].scanned_label == f"]C0={din}00"
    place = custody.whereabouts(lab.db, lab.tech, din)
    assert (place.location, place.holder) == ("Operating room 3", "Dr Zhao Ming")
    assert place.since == clock.now() - timedelta(minutes=2)


def test_a_lot_not_released_cannot_be_dispatched(lab, clock):
    enrol(lab)
    din = lots.start_lot(lab.db, lab.tech, "MRN0012345").din
    with pytest.raises(CustodyRefusedError, match="released by QA"):
        dispatch(lab, din, clock)
    assert status_of(lab, din) == LotStatus.CREATED
    assert custody.custody_chain(lab.db, lab.tech, din) == []


def test_an_expired_construct_cannot_be_dispatched(lab, clock):
    din = released_lot(lab, expires_in=timedelta(hours=1))
    clock.advance(minutes=61)
    with pytest.raises(CustodyRefusedError, match="expired at 2026-03-02 17:00"):
        dispatch(lab, din, clock, occurred_at=clock.now())
    assert status_of(lab, din) == LotStatus.RELEASED
    assert custody.custody_chain(lab.db, lab.tech, din) == []


def test_dispatch_exactly_at_expiry_is_refused(lab, clock):
    din = released_lot(lab, expires_in=timedelta(minutes=10))
    with pytest.raises(CustodyRefusedError, match="expired"):
        dispatch(lab, din, clock)  # the helper moves the clock 10 minutes


def test_an_expired_construct_can_still_be_returned(lab, clock):
    """Recording where it physically is must always be possible; only dispatch is refused."""
    din = released_lot(lab, expires_in=timedelta(hours=2))
    dispatch(lab, din, clock)
    clock.advance(hours=3)
    view = custody.record_handover(
        lab.db,
        lab.tech,
        label(din),
        event="returned",
        from_name="Courier Sun",
        to_name="Li Wang",
        from_location="Operating room 3",
        to_location="Cell lab, quarantine fridge",
        temperature_c=8.0,
        occurred_at=clock.now(),
    )
    assert view.event == "returned"
    assert custody.whereabouts(lab.db, lab.tech, din).location == "Cell lab, quarantine fridge"


def test_another_lots_label_is_a_hard_stop_and_nothing_is_saved(lab, clock):
    first = released_lot(lab)
    second = released_lot(lab, enrol_patient=False)
    with pytest.raises(CustodyRefusedError, match="WRONG LABEL") as err:
        dispatch(lab, first, clock, expected_din=second)
    assert "A9999 26 000001, not lot A9999 26 000002" in str(err.value)
    for din in (first, second):
        assert status_of(lab, din) == LotStatus.RELEASED
        assert custody.custody_chain(lab.db, lab.tech, din) == []
    assert dispatch(lab, second, clock, expected_din=second).din == second


def test_the_label_must_be_the_constructs_din(lab, clock):
    din = released_lot(lab)
    check = din_check_character(din)
    wrong = next(c for c in "ABCDEFGH" if c != check)
    base = {
        "event": "packed",
        "from_name": "Li Wang",
        "to_name": "Li Wang",
        "from_location": "Cell lab",
        "to_location": "Dispatch bench",
        "temperature_c": 5.0,
        "occurred_at": clock.now(),
    }
    with pytest.raises(CustodyRefusedError, match="vessel label"):
        custody.record_handover(lab.db, lab.tech, f"{din}-P2-1", **base)
    with pytest.raises(CustodyRefusedError, match="patient wristband"):
        custody.record_handover(lab.db, lab.tech, "MRN:MRN0012345", **base)
    with pytest.raises(InvalidValueError, match="check character printed in the box"):
        custody.record_handover(lab.db, lab.tech, din, **base)
    with pytest.raises(InvalidValueError, match="check character does not match"):
        custody.record_handover(lab.db, lab.tech, din + wrong, **base)
    with pytest.raises(InvalidValueError, match="no lot with DIN A9999 26 000009"):
        custody.record_handover(lab.db, lab.tech, "=A99992600000900", **base)
    assert custody.custody_chain(lab.db, lab.tech, din) == []
    typed = custody.record_handover(lab.db, lab.tech, din + check, **base)
    assert typed.scanned_label == din + check


def test_times_in_the_future_or_before_the_previous_hand_over_are_refused(lab, clock):
    din = released_lot(lab)
    dispatched = dispatch(lab, din, clock)
    clock.advance(hours=1)
    with pytest.raises(InvalidValueError) as err:
        dispatch(
            lab, din, clock, event="received", occurred_at=dispatched.occurred_at - timedelta(1)
        )
    assert err.value.field == "Occurred at"
    assert "previous hand-over (dispatched)" in str(err.value)
    with pytest.raises(InvalidValueError, match="not in the future"):
        dispatch(lab, din, clock, event="received", occurred_at=clock.now() + timedelta(hours=1))
    assert len(custody.custody_chain(lab.db, lab.tech, din)) == 1


def test_a_dispatched_lot_cannot_be_dispatched_twice(lab, clock):
    din = released_lot(lab)
    dispatch(lab, din, clock)
    with pytest.raises(CustodyRefusedError, match="only a lot released by QA can be dispatched"):
        dispatch(lab, din, clock)


def test_the_administrator_records_no_custody(lab, clock):
    din = released_lot(lab)
    with pytest.raises(PermissionDeniedError):
        custody.record_handover(
            lab.db,
            lab.admin,
            label(din),
            event="packed",
            from_name="A",
            to_name="B",
            from_location="Lab",
            to_location="Bench",
            temperature_c=None,
            occurred_at=clock.now(),
        )
