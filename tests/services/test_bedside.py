"""The bedside check: the construct reaches its own patient, or nobody. Every attempt is on
record; a wrong-patient scan is refused, leaves the lot untouched and raises a deviation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from labtracker.db.models import Implantation
from labtracker.domain.lot_states import LotStatus
from labtracker.domain.permissions import PermissionDeniedError
from labtracker.services import bedside, custody, deviations, lots, patients
from labtracker.services.audit import AuditQuery, query_audit
from labtracker.services.auth import AuthenticationError
from labtracker.services.bedside import WRONG_PATIENT, BedsideRefusedError
from labtracker.services.records import lot_by_din
from labtracker.services.signatures import signatures_for
from tests.services.conftest import PASSWORD, enrol
from tests.services.test_custody import dispatch, label, released_lot

OTHER_MRN = "MRN0099999"


def band(mrn: str) -> str:
    """What a scanner reads from a patient's wristband (site prefix MRN:)."""
    return f"MRN:{mrn}"


@pytest.fixture
def theatre(lab, clock) -> str:
    """Two patients in the trial; the first one's construct dispatched to theatre."""
    din = released_lot(lab)
    enrol(lab, OTHER_MRN, family_name="李", given_name="娜")
    dispatch(lab, din, clock)
    clock.advance(minutes=30)
    return din


def implant(lab, clock, din: str, mrn: str = "MRN0012345", **changes):
    values = {
        "construct_scan": label(din),
        "wristband_scan": band(mrn),
        "implanted_at": clock.now(),
        "operating_room": "OR 3",
        "implant_site": "left tibia, mid-diaphysis",
        "username": "drzhao",
        "password": PASSWORD,
    }
    values.update(changes)
    return bedside.record_implantation(lab.db, lab.surgeon, **values)


def implantation_rows(lab) -> int:
    with lab.db.reading() as session:
        return session.scalar(select(func.count()).select_from(Implantation))


def status_of(lab, din: str) -> LotStatus:
    with lab.db.reading() as session:
        return lot_by_din(session, din).status


def bedside_events(lab, din: str) -> list[str]:
    return [
        e.new_value
        for e in query_audit(lab.db, lab.qa, AuditQuery(lot_din=din))
        if e.action == "system" and e.reason == "bedside identity check"
    ]


def test_right_patient_is_implanted_and_signed(lab, clock, theatre):
    check = bedside.confirm_match(
        lab.db, lab.surgeon, construct_scan=label(theatre), wristband_scan=band("MRN0012345")
    )
    assert check.ok and check.problems == ()
    assert (check.din, check.mrn, check.patient_name) == (theatre, "MRN0012345", "张伟 (Zhang Wei)")
    assert check.expires_at is not None

    view = implant(lab, clock, theatre, implanted_at=clock.now() - timedelta(minutes=5))
    assert view.din == theatre and view.mrn == "MRN0012345"
    assert view.signature.startswith("Implanted by Dr Zhao Ming (drzhao)")
    assert status_of(lab, theatre) == LotStatus.IMPLANTED
    with lab.db.reading() as session:
        row = session.scalar(select(Implantation))
        assert (row.construct_scan, row.wristband_scan) == (label(theatre), "MRN:MRN0012345")
        assert row.surgeon_id == lab.surgeon.user_id
        row_id = row.id
    [signature] = signatures_for(lab.db, "implantation", row_id)
    assert signature.meaning == "implanted" and signature.is_valid
    assert signature.printed_name == "Dr Zhao Ming"
    events = bedside_events(lab, theatre)
    assert len(events) == 2 and all(" passed: " in e for e in events)
    assert (
        custody.whereabouts(lab.db, lab.qa, theatre).location == "Implanted in the patient (OR 3)"
    )


def test_scanner_noise_does_not_matter(lab, clock, theatre):
    view = implant(
        lab,
        clock,
        theatre,
        construct_scan=f"]C0{label(theatre).lower()}\r\n",
        wristband_scan="]C0mrn:mrn0012345\r\n",
    )
    assert view.din == theatre


def test_wrong_patient_is_refused_recorded_and_changes_nothing_else(lab, clock, theatre):
    check = bedside.confirm_match(
        lab.db, lab.surgeon, construct_scan=label(theatre), wristband_scan=band(OTHER_MRN)
    )
    assert not check.ok and check.wrong_patient
    assert check.problems[0] == WRONG_PATIENT
    assert "Do not implant" in check.problems[0]
    # The screen names the patient on the table, never the construct's owner.
    assert check.mrn == OTHER_MRN and check.patient_name == "李娜 (Zhang Wei)"
    assert check.deviation_number == "DEV-2026-0001"

    with pytest.raises(BedsideRefusedError, match="WRONG PATIENT") as err:
        implant(lab, clock, theatre, mrn=OTHER_MRN)
    assert err.value.check.deviation_number == "DEV-2026-0002"

    assert status_of(lab, theatre) == LotStatus.DISPATCHED
    assert implantation_rows(lab) == 0
    events = bedside_events(lab, theatre)
    assert len(events) == 2
    assert all("REFUSED" in e and "WRONG PATIENT" in e and OTHER_MRN in e for e in events)
    raised = deviations.open_deviations(lab.db, lab.qa, theatre)
    assert [(d.number, d.classification) for d in raised] == [
        ("DEV-2026-0001", "critical"),
        ("DEV-2026-0002", "critical"),
    ]
    assert "Wrong-patient" in raised[0].title and raised[0].raised_by == "Dr Zhao Ming"

    # The right patient can still receive their construct afterwards.
    assert implant(lab, clock, theatre).din == theatre


def test_expired_construct_is_refused(lab, clock):
    din = released_lot(lab, expires_in=timedelta(hours=2))
    dispatch(lab, din, clock)
    clock.advance(hours=2)
    check = bedside.confirm_match(
        lab.db, lab.surgeon, construct_scan=label(din), wristband_scan=band("MRN0012345")
    )
    assert not check.ok and not check.wrong_patient
    assert check.problems == (
        "EXPIRED — this construct expired at 2026-03-02 18:00. Do not implant.",
    )
    with pytest.raises(BedsideRefusedError, match="EXPIRED"):
        implant(lab, clock, din)
    assert status_of(lab, din) == LotStatus.DISPATCHED
    assert implantation_rows(lab) == 0
    assert len(bedside_events(lab, din)) == 2


def test_lot_not_yet_released_is_refused(lab, clock):
    enrol(lab)
    din = lots.start_lot(lab.db, lab.tech, "MRN0012345").din
    check = bedside.confirm_match(
        lab.db, lab.surgeon, construct_scan=label(din), wristband_scan=band("MRN0012345")
    )
    assert not check.ok
    assert check.problems == (
        "NOT RELEASED — this lot is created (awaiting aspirate); it has not been released by "
        "QA. Do not implant.",
    )
    with pytest.raises(BedsideRefusedError, match="NOT RELEASED"):
        implant(lab, clock, din)
    assert status_of(lab, din) == LotStatus.CREATED and implantation_rows(lab) == 0


def test_released_but_not_dispatched_is_refused(lab, clock):
    din = released_lot(lab)
    check = bedside.confirm_match(
        lab.db, lab.surgeon, construct_scan=label(din), wristband_scan=band("MRN0012345")
    )
    assert not check.ok and "NOT DISPATCHED" in check.problems[0]


def test_already_implanted_is_refused(lab, clock, theatre):
    implant(lab, clock, theatre)
    clock.advance(minutes=5)
    check = bedside.confirm_match(
        lab.db, lab.surgeon, construct_scan=label(theatre), wristband_scan=band("MRN0012345")
    )
    assert not check.ok
    assert check.problems[0].startswith("ALREADY IMPLANTED — this construct was implanted on")
    with pytest.raises(BedsideRefusedError, match="ALREADY IMPLANTED"):
        implant(lab, clock, theatre)
    assert implantation_rows(lab) == 1


def test_discarded_construct_is_refused(lab, clock, theatre):
    deviations.discard(
        lab.db,
        lab.tech,
        theatre,
        scope="construct",
        vessel_code=None,
        reason="transport box dropped, seal broken",
        witness_username="zliu",
        witness_password=PASSWORD,
    )
    check = bedside.confirm_match(
        lab.db, lab.surgeon, construct_scan=label(theatre), wristband_scan=band("MRN0012345")
    )
    assert check.problems == ("DISCARDED — this construct was discarded. Do not implant.",)


def test_withdrawn_consent_is_refused(lab, clock, theatre):
    patients.withdraw_consent(
        lab.db, lab.tech, "MRN0012345", withdrawn_on=clock.now().date(), reason="patient's wish"
    )
    check = bedside.confirm_match(
        lab.db, lab.surgeon, construct_scan=label(theatre), wristband_scan=band("MRN0012345")
    )
    assert not check.ok and check.problems[0].startswith("CONSENT WITHDRAWN")


@pytest.mark.parametrize(
    ("construct", "wristband", "words"),
    [
        ("{band}", "{label}", "The scans are swapped"),
        ("{din}", "{band}", "typed without its check character"),
        ("{din}-P1-1", "{band}", "The construct scan is a vessel label"),
        ("=A99992600000900", "{band}", "no lot with DIN A9999 26 000009"),
        ("{label}", "MRN:MRN4444444", "no registered patient with MRN MRN4444444"),
        ("{label}", "MRN0012345", "Wristband: MRN0012345 is not a code labtracker knows"),
        ("{label}", "{label}", "The wristband scan is a DIN"),
        ("", "", "Nothing was scanned"),
    ],
)
def test_scans_that_cannot_be_checked_are_refused_and_recorded(
    lab, clock, theatre, construct, wristband, words
):
    fill = {"label": label(theatre), "band": band("MRN0012345"), "din": theatre}
    check = bedside.confirm_match(
        lab.db,
        lab.surgeon,
        construct_scan=construct.format(**fill),
        wristband_scan=wristband.format(**fill),
    )
    assert not check.ok and not check.wrong_patient
    assert any(words in p for p in check.problems), check.problems
    refused = [
        e.new_value
        for e in query_audit(lab.db, lab.qa, AuditQuery(table_name="lot"))
        if e.action == "system" and "REFUSED" in e.new_value
    ]
    assert len(refused) == 1
    assert status_of(lab, theatre) == LotStatus.DISPATCHED


def test_only_a_surgeon_confirms_or_implants(lab, clock, theatre):
    with pytest.raises(PermissionDeniedError):
        bedside.confirm_match(
            lab.db, lab.tech, construct_scan=label(theatre), wristband_scan=band("MRN0012345")
        )
    with pytest.raises(PermissionDeniedError):
        bedside.record_implantation(
            lab.db,
            lab.qa,
            construct_scan=label(theatre),
            wristband_scan=band("MRN0012345"),
            implanted_at=clock.now(),
            operating_room="OR 3",
            implant_site="tibia",
            username="mchen",
            password=PASSWORD,
        )
    assert status_of(lab, theatre) == LotStatus.DISPATCHED


def test_wrong_password_implants_nothing(lab, clock, theatre):
    with pytest.raises(AuthenticationError):
        implant(lab, clock, theatre, password="not-my-password")
    assert status_of(lab, theatre) == LotStatus.DISPATCHED and implantation_rows(lab) == 0


def test_implantation_time_before_dispatch_is_refused(lab, clock, theatre):
    from labtracker.domain.errors import InvalidValueError

    with pytest.raises(InvalidValueError, match="dispatch"):
        implant(lab, clock, theatre, implanted_at=clock.now() - timedelta(hours=2))
    assert status_of(lab, theatre) == LotStatus.DISPATCHED and implantation_rows(lab) == 0
