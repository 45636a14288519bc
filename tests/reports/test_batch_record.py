"""The printed batch record, read back the way a reviewer meets it: pdftotext for the words on
each page (identity band, page numbers, corrections, signatures, release summary), their
boxes for anything running off the page, and pdftoppm for the amber behind a correction."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date, datetime
from html import unescape
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from sqlalchemy import select

from labtracker.db.models import CustodyEvent
from labtracker.reports import fonts
from labtracker.reports.batch_record import MARGIN, build_batch_record_pdf, render_batch_record
from labtracker.services import corrections
from labtracker.services.batch_record import (
    BatchRecord,
    Correction,
    Entry,
    Field,
    Header,
    ReleaseSummary,
    Section,
    SignatureLine,
    batch_record,
)
from tests.services.builders import CONFLUENCE_REASON, build_lot

pytestmark = pytest.mark.skipif(
    not (shutil.which("pdftoppm") and shutil.which("pdftotext")),
    reason="poppler-utils (pdftoppm, pdftotext) is needed to read printed records back",
)

TZ = ZoneInfo("Asia/Shanghai")
GENERATED_AT = datetime(2026, 4, 1, 6, 15, tzinfo=ZoneInfo("UTC"))
_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)


def pdf_pages(pdf: bytes, tmp_path: Path, *, layout: bool) -> list[str]:
    """The text of each page: laid out as printed (rows on one line), or in reading order."""
    path = tmp_path / "record.pdf"
    path.write_bytes(pdf)
    options = ["-layout"] if layout else []
    text = subprocess.run(
        ["pdftotext", *options, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    return text.split("\f")[:-1]  # pdftotext ends every page with a form feed


def words(page: str) -> str:
    return " ".join(page.split())


def word_boxes(pdf: bytes, tmp_path: Path) -> list[tuple[int, str, tuple[float, ...]]]:
    """(page, word, (left, top, right, bottom) in points) for every word of the PDF."""
    path = tmp_path / "boxes.pdf"
    path.write_bytes(pdf)
    html = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    found = []
    for number, page in enumerate(html.split("<page ")[1:], start=1):
        for m in _WORD.finditer(page):
            found.append(
                (number, unescape(m.group(5)), tuple(float(m.group(i)) for i in (1, 2, 3, 4)))
            )
    return found


def assert_inside_the_page(pdf: bytes, tmp_path: Path) -> None:
    """No word runs off the printable area: the margins left and right, 5 mm top and bottom."""
    width, height = A4
    slack = 0.6  # points: rounding in the text extraction
    for page, word, (left, top, right, bottom) in word_boxes(pdf, tmp_path):
        where = f"{word!r} on page {page}"
        assert MARGIN - slack <= left and right <= width - MARGIN + slack, (
            f"{where} runs off the side"
        )
        assert 5 * mm <= top and bottom <= height - 5 * mm, f"{where} runs off the edge"


def test_a_real_lot_with_a_correction_prints_whole(lab, clock, tmp_path):
    built = build_lot(lab, clock)
    with lab.db.reading() as session:
        dispatch = session.scalar(select(CustodyEvent.id).where(CustodyEvent.event == "dispatched"))
    clock.advance(minutes=30)
    corrections.correct_record(
        lab.db,
        lab.tech,
        "custody_event",
        dispatch,
        {"to_name": "Courier Wu Lei"},
        "courier's full name",
    )
    record = batch_record(lab.db, lab.qa, built.din)
    rendered = build_batch_record_pdf(
        record, generated_by="Mei Chen (mchen)", generated_at=GENERATED_AT
    )
    pdf = rendered.pdf

    pages = pdf_pages(pdf, tmp_path, layout=False)
    laid_out = pdf_pages(pdf, tmp_path, layout=True)
    total = len(pages)
    assert total == rendered.pages > 5
    cjk = fonts.register_fonts().cjk
    patient = "张伟 (Zhang Wei)" if cjk else "(Zhang Wei)"
    for number, page in enumerate(pages, start=1):
        text = words(page)
        assert f"Page {number} of {total}" in text
        assert re.search(rf"A9999 26 000001 ?{built.check_character}\b", text), number
        assert patient in text and "MRN MRN0012345" in text, number
        assert "Generated 2026-04-01 14:15 CST by Mei Chen (mchen)" in text, number

    everything = words(" ".join(pages))
    # The corrected confluence: flagged where it stands, with both values, who, when and why.
    change = record.corrections[0]
    assert (change.old_value, change.new_value) == ("80.0", "85.0")
    assert "Confluence [CORRECTED] 85 %" in everything
    assert (
        f"CORRECTED Confluence: 80.0 → 85.0, by Li Wang (lwang), "
        f"{change.corrected_at:%Y-%m-%d %H:%M} CST. Reason: {CONFLUENCE_REASON}"
    ) in everything
    # In a table (the chain of custody) the cell is flagged and the change follows the row.
    assert "Courier Wu Lei, Transport box T-3 [CORRECTED]" in everything
    assert "CORRECTED To: Courier Wu → Courier Wu Lei, by Li Wang (lwang)" in everything
    assert "Reason: courier's full name" in everything
    assert "Corrected values (2)" in everything

    # Every e-signature: meaning, printed name with user ID, site-local time, on one row.
    rows = "\n".join(laid_out)
    assert len(record.signatures) >= 15
    for s in record.signatures:
        pattern = rf"{s.meaning}\s+{re.escape(s.printed_name)} \({s.username}\)\s+{s.when}\s+"
        assert re.search(pattern + (r"valid" if s.state == "valid" else s.state.upper()), rows), s
    assert sum(1 for s in record.signatures if s.state == "superseded") == 2

    last = words(pages[-1])
    assert "Release summary RELEASED BY QA" in last
    decided = record.release.decided_at
    assert f"Approved for release by Mei Chen (mchen), {decided:%Y-%m-%d %H:%M} CST" in last
    assert f"Expires at {record.release.expires_at:%Y-%m-%d %H:%M} CST" in last
    assert "Viability 92 % ≥ 70 % pass" in last and "End of batch record." in last

    assert_inside_the_page(pdf, tmp_path)
    assert_amber_behind(pdf, tmp_path, "CORRECTED")


def assert_amber_behind(pdf: bytes, tmp_path: Path, flag: str) -> None:
    """The first full-width correction line is printed on amber, not on white."""
    page, _, (left, top, _, bottom) = next(w for w in word_boxes(pdf, tmp_path) if w[1] == flag)
    source = tmp_path / "amber.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "100",
            "-png",
            "-f",
            str(page),
            "-l",
            str(page),
            str(source),
            str(tmp_path / "p"),
        ],
        check=True,
        capture_output=True,
    )
    (png,) = tmp_path.glob("p*.png")
    image = Image.open(png).convert("RGB")
    scale = 100 / 72
    pixel = image.getpixel((int((left - 1.5) * scale), int((top + bottom) / 2 * scale)))
    assert pixel[0] > 230 and 200 < pixel[1] < 245 and pixel[2] < 200, pixel


# --- a record made by hand: what the layout does with awkward content ---------------------------


def at(day: int, hour: int = 9) -> datetime:
    return datetime(2026, 3, day, hour, 0, tzinfo=TZ)


def hand_made(*, name: str, description: str) -> BatchRecord:
    correction = Correction(
        "Deviation DEV-2026-0001",
        "Description",
        "deviation",
        1,
        "description",
        "short",
        description[:300],
        "Li Wang (lwang)",
        at(5),
        "more detail " * 30,
    )
    signature = SignatureLine("Verified", "Zhang Liu", "zliu", at(4), "superseded", "changed " * 20)
    deviation = Entry(
        "Deviation DEV-2026-0001: " + "long title " * 12,
        at(3),
        (
            Field("Description", description, (correction,)),
            Field("Scanned text", "X" * 400),
        ),
        (signature, SignatureLine("Approved", "Mei Chen", "mchen", at(6), "valid")),
        (correction,),
    )
    rows = tuple(
        Entry(
            f"Material lot RL{n:06d}",
            at(2),
            (
                Field("Label", f"RL{n:06d}"),
                Field("Material", "Fetal bovine serum, qualified, heat inactivated " * 2),
                Field("Lot", "L" + "9" * 60),
                Field("Expiry", "2027-06-30"),
            ),
            void="VOIDED 2026-03-02 10:00 CST by Li Wang (lwang): wrong lot scanned"
            if n == 3
            else "",
        )
        for n in range(1, 60)
    )
    header = Header(
        "A999926000001",
        "A9999 26 000001",
        "8",
        "TEB01 Tissue-engineered bone",
        "2–8 °C",
        "Seeded on scaffold (quarantine)",
        name,
        "MRN0012345",
        date(1985, 5, 17),
        "male",
        None,
        "Xinxiang Bone Lab (A9999)",
        "Asia/Shanghai",
        at(1),
        None,
    )
    summary = ReleaseSummary(
        "Seeded on scaffold (quarantine)",
        None,
        None,
        None,
        "RELEASE v1",
        None,
        "",
        None,
        (
            "Deviation DEV-2026-0001 is open",
            "Endotoxin: sample A999926000001-QC06 has no result yet",
        ),
        (("Endotoxin", "—", "< 0.5 EU/mL", "pending"),),
        "1 raised, 1 open",
        "none printed",
    )
    return BatchRecord(
        header,
        (
            Section(1, "Deviations", (deviation,)),
            Section(2, "Materials and scaffold lots used", rows, tabular=True),
            Section(3, "Implantation", (), empty="Not implanted."),
        ),
        (correction,),
        summary,
        at(7),
    )


def test_long_text_wraps_inside_the_page_and_pages_are_numbered(tmp_path):
    long_name = "欧阳娜娜娜娜娜娜娜娜 (Ouyang Nananananananana Nanananananana-Nananana Nanana)" * 2
    record = hand_made(name=long_name, description="The door was open. " * 400)
    rendered = build_batch_record_pdf(record, generated_by="Mei Chen (mchen)", generated_at=at(8))
    pages = pdf_pages(rendered.pdf, tmp_path, layout=False)
    assert len(pages) == rendered.pages > 3
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in words(page)
        assert "MRN MRN0012345" in words(page)
    everything = words(" ".join(pages))
    assert "VOIDED 2026-03-02 10:00 CST by Li Wang (lwang): wrong lot scanned" in everything
    assert "Not implanted." in everything
    last = words(pages[-1])
    assert "NOT RELEASED" in last and "Why the lot cannot be released now:" in last
    assert "• Deviation DEV-2026-0001 is open" in last
    assert_inside_the_page(rendered.pdf, tmp_path)


def test_a_time_without_a_zone_is_refused():
    record = hand_made(name="Zhang Wei", description="x")
    with pytest.raises(ValueError, match="no time zone"):
        render_batch_record(record, generated_by="qa", generated_at=datetime(2026, 4, 1, 6, 15))
