"""The chain-of-custody report, read as QA reads it: every hand-over from the aspirate's
collection to the implantation with both parties, places, temperature, logger, seal and
signatures; the lot and the patient on every page; page n of m."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from zoneinfo import ZoneInfo

import pytest

from labtracker.domain.identifiers import din_check_character
from labtracker.domain.permissions import PermissionDeniedError
from labtracker.reports.custody_report import NO_STEPS, render_custody_report
from labtracker.services import bedside, custody, release
from labtracker.services.custody_report import custody_report
from tests.reports.test_coa import page_text
from tests.reports.test_labels import pages, text_of
from tests.services.conftest import PASSWORD
from tests.services.test_custody import dispatch, label
from tests.services.test_quality import start_received_lot
from tests.services.test_release import ready_lot

pytestmark = pytest.mark.skipif(
    not (shutil.which("pdftoppm") and shutil.which("pdftotext")),
    reason="poppler-utils (pdftoppm, pdftotext) is needed to read printed records",
)

TZ = ZoneInfo("Asia/Shanghai")


def implanted_lot(lab, clock) -> str:
    din = ready_lot(lab, clock)
    release.release_lot(lab.db, lab.qa, din, username="mchen", password=PASSWORD)
    dispatch(lab, din, clock)
    clock.advance(minutes=40)
    custody.record_handover(
        lab.db,
        lab.surgeon,
        label(din),
        event="received",
        from_name="Courier Sun",
        to_name="Nurse Sun Li",
        from_location="Transport box",
        to_location="Operating theatre 4",
        temperature_c=7.0,
        temperature_logger="LOG-17",
        seal_number="S-000321",
        occurred_at=clock.now(),
    )
    clock.advance(minutes=30)
    bedside.record_implantation(
        lab.db,
        lab.surgeon,
        construct_scan=label(din),
        wristband_scan="MRN:MRN0012345",
        implanted_at=clock.now(),
        operating_room="OR 4",
        implant_site="left tibia",
        username="drzhao",
        password=PASSWORD,
    )
    return din


def test_every_hand_over_from_collection_to_implantation(lab, clock, tmp_path):
    din = implanted_lot(lab, clock)
    report = custody_report(lab.db, lab.qa, din)
    assert [s.event for s in report.steps] == [
        "Aspirate collected",
        "Received in the lab",
        "Released by QA",
        "Dispatched",
        "Received",
        "Implanted",
    ]
    dispatched, received, implanted = report.steps[3:]
    assert (dispatched.from_party, dispatched.to_party, dispatched.temperature) == (
        "Li Wang",
        "Courier Sun",
        "6 °C",
    )
    assert (dispatched.logger, dispatched.seal, dispatched.scanned) == (
        "LOG-17",
        "S-000321",
        f"={din}00",
    )
    assert received.to_place == "Operating theatre 4"
    assert implanted.signatures[0].startswith("Implanted by Dr Zhao Ming (drzhao)")
    assert report.steps[2].signatures[0].startswith("Approved for release by Mei Chen (mchen)")
    assert report.location == "Implanted in the patient (OR 4)"

    pdf = render_custody_report(report, generated_by="Mei Chen (mchen)", generated_at=clock.now())
    text = text_of(pdf, tmp_path)
    check = din_check_character(din)
    assert re.search(rf"A9999 26 000001 ?{check}\b", text), text
    words = set(text.split())
    for phrase in (
        "Chain of custody",
        "张伟 (Zhang Wei)",
        "MRN0012345",
        "Aspirate collected",
        "Dr Zhao Ming",
        "Received in the lab",
        "Released by QA",
        "Dispatched",
        "Courier Sun",
        "Transport box",
        "Validated shipper TB-2",
        "LOG-17",
        "S-000321",
        f"={din}00",
        "Operating theatre 4",
        "Implanted",
        "left tibia",
        "Approved for release by Mei Chen (mchen)",
        "Implanted by Dr Zhao Ming (drzhao)",
        "6 °C",
        "Page 1 of",
        "Generated",
    ):
        assert phrase in text or set(phrase.split()) <= words, phrase


def test_the_lot_and_the_patient_on_every_page(lab, clock, tmp_path):
    din = implanted_lot(lab, clock)
    report = custody_report(lab.db, lab.qa, din)
    long = replace(report, steps=report.steps * 6)
    pdf = render_custody_report(long, generated_by="Mei Chen (mchen)", generated_at=clock.now())
    total = len(pages(pdf, tmp_path))
    assert total >= 2
    check = din_check_character(din)
    for number in range(1, total + 1):
        text = page_text(pdf, tmp_path, number)
        assert re.search(rf"A9999 26 000001 ?{check}\b", text), text
        assert "张伟 (Zhang Wei) · MRN MRN0012345 · DOB 1985-05-17" in text
        assert f"Page {number} of {total}" in text


def test_before_any_hand_over_and_who_may_print_it(lab, clock, tmp_path):
    din = start_received_lot(lab, clock)
    report = custody_report(lab.db, lab.qa, din)
    assert [s.event for s in report.steps] == ["Aspirate collected", "Received in the lab"]
    assert report.location == "Manufacturing lab"
    empty = replace(report, steps=())
    pdf = render_custody_report(empty, generated_by="Mei Chen (mchen)", generated_at=clock.now())
    assert NO_STEPS in text_of(pdf, tmp_path)
    for person in (lab.tech, lab.surgeon, lab.admin):
        with pytest.raises(PermissionDeniedError):
            custody_report(lab.db, person, din)
