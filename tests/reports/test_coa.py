"""The certificate of analysis, read the way QA and the theatre read it: the text a person
sees (pdftotext), the DIN barcode a scanner reads (pdftoppm at 300 dpi, zxing-cpp), the lot and
the patient on every page, and refusals when the record does not support a certificate."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from labtracker.db.models import QcResult
from labtracker.domain.identifiers import din_check_character
from labtracker.domain.permissions import PermissionDeniedError
from labtracker.reports.coa import render_coa
from labtracker.services import corrections, quality, release
from labtracker.services.certificates import CertificateRefusedError, certificate_of_analysis
from tests.reports.test_labels import decode, pages, text_of
from tests.services.conftest import PASSWORD
from tests.services.test_release import ready_lot

pytestmark = pytest.mark.skipif(
    not (shutil.which("pdftoppm") and shutil.which("pdftotext")),
    reason="poppler-utils (pdftoppm, pdftotext) is needed to read printed records",
)

TZ = ZoneInfo("Asia/Shanghai")
TESTS = (
    ("Viability", "92", "%", "≥ 70 %"),
    ("Sterility (aerobic)", "No growth", "—", '"no growth"'),
    ("Sterility (anaerobic)", "no growth", "—", '"no growth"'),
    ("Gram stain", "No organisms seen", "—", '"no organisms seen"'),
    ("Mycoplasma", "Negative", "—", '"negative"'),
    ("Endotoxin", "0.1", "EU/mL", "< 0.5 EU/mL"),
    ("Cell count on construct", "20,000,000", "cells", "> 0 cells"),
)


def released_lot(lab, clock) -> tuple[str, release.ReleaseResult]:
    din = ready_lot(lab, clock)
    return din, release.release_lot(lab.db, lab.qa, din, username="mchen", password=PASSWORD)


def page_text(pdf: bytes, tmp_path, page: int) -> str:
    source = tmp_path / "page.pdf"
    source.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-f", str(page), "-l", str(page), str(source), "-"],
        check=True,
        capture_output=True,
    ).stdout.decode("utf-8")
    return " ".join(out.split())


def test_the_certificate_lists_every_test_and_the_release(lab, clock, tmp_path):
    din, released = released_lot(lab, clock)
    clock.advance(hours=1)
    data = certificate_of_analysis(lab.db, lab.qa, din)
    assert [(t.test, t.result, t.unit or "—", t.limit) for t in data.tests[:7]] == list(TESTS)
    assert {t.specification for t in data.tests[:7]} == {"RELEASE v1"}
    assert {t.laboratory for t in data.tests[:7]} == {"hospital microbiology"}
    assert data.tests[7].test.startswith("Identity and purity")
    assert data.tests[7].specification == "PHENOTYPE v1"
    assert {t.verdict for t in data.tests} == {"pass"}
    assert (data.released_by, data.specification) == ("Mei Chen", "RELEASE v1")
    assert data.expires_at == released.expires_at.astimezone(TZ)

    pdf = render_coa(data, generated_by="Mei Chen (mchen)", generated_at=clock.now())
    (image,) = pages(pdf, tmp_path)
    assert [d.data for d in decode(image)] == [f"={din}00"]  # the check character is not in it
    text = text_of(pdf, tmp_path)
    check = din_check_character(din)
    assert re.search(rf"A9999 26 000001 ?{check}\b", text), text
    for phrase in (
        "Certificate of analysis",
        "FOR AUTOLOGOUS USE ONLY",
        "张伟 (Zhang Wei)",
        "MRN0012345",
        "1985-05-17",
        "RELEASE v1",
        "PHENOTYPE v1",
        "hospital microbiology",
        "Released by QA",
        "Mei Chen",
        f"Approved for release by Mei Chen (mchen), {released.decided_at:%Y-%m-%d %H:%M} UTC",
        f"{released.expires_at.astimezone(TZ):%Y-%m-%d %H:%M}",
        "Page 1 of 1",
        f"Generated {clock.now().astimezone(TZ):%Y-%m-%d %H:%M} (Asia/Shanghai) by Mei Chen",
    ):
        assert phrase in text, phrase
    words = set(text.split())
    for row in TESTS:  # table cells wrap, so word by word
        for phrase in row:
            assert set(phrase.split()) <= words, phrase
    assert text.count("pass") >= 8


def test_the_lot_and_the_patient_are_on_every_page(lab, clock, tmp_path):
    din, _ = released_lot(lab, clock)
    data = certificate_of_analysis(lab.db, lab.qa, din)
    long = replace(data, tests=data.tests * 9)
    pdf = render_coa(long, generated_by="Mei Chen (mchen)", generated_at=clock.now())
    images = pages(pdf, tmp_path)
    assert len(images) >= 2
    total = len(images)
    check = din_check_character(din)
    for number in range(1, total + 1):
        text = page_text(pdf, tmp_path, number)
        assert re.search(rf"A9999 26 000001 ?{check}\b", text), text
        assert "张伟 (Zhang Wei) · MRN MRN0012345" in text
        assert f"Page {number} of {total}" in text
        assert "Generated" in text and "Mei Chen (mchen)" in text


def test_no_certificate_before_release_or_for_another_role(lab, clock):
    din = ready_lot(lab, clock)
    with pytest.raises(CertificateRefusedError, match="only for a lot released by QA"):
        certificate_of_analysis(lab.db, lab.qa, din)
    release.release_lot(lab.db, lab.qa, din, username="mchen", password=PASSWORD)
    for person in (lab.tech, lab.surgeon, lab.admin):
        with pytest.raises(PermissionDeniedError):
            certificate_of_analysis(lab.db, person, din)


def test_no_certificate_when_a_result_no_longer_meets_the_specification(lab, clock):
    din, _ = released_lot(lab, clock)
    with lab.db.reading() as session:
        endotoxin = session.scalar(select(QcResult).where(QcResult.test_code == "endotoxin"))
        result_id, sample = endotoxin.id, f"{din}-QC06"
    corrections.void_record(lab.db, lab.qa, "qc_result", result_id, "transcription error")
    with pytest.raises(CertificateRefusedError, match=r"Endotoxin: pending"):
        certificate_of_analysis(lab.db, lab.qa, din)
    clock.advance(minutes=5)
    quality.record_qc_result(
        lab.db, lab.tech, sample, value=0.8, tested_at=clock.now(), laboratory="micro lab"
    )
    with pytest.raises(CertificateRefusedError, match=r"Endotoxin: FAIL"):
        certificate_of_analysis(lab.db, lab.qa, din)
