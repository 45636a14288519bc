"""Audit trail exports, checked as a reviewer meets them: the CSV read back with the csv
module, the PDF read back with poppler's pdftotext."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from labtracker.reports import fonts
from labtracker.reports.audit_trail import (
    COLUMNS,
    audit_trail_pdf,
    spreadsheet_safe,
    write_audit_csv,
)
from labtracker.services.audit import AuditQuery, AuditRow

DIN = "A999926000123"
T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
GENERATED_AT = datetime(2026, 3, 9, 10, 15, 30, tzinfo=UTC)

needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed"
)


def entry(
    entry_id: int,
    after: timedelta,
    action: str,
    table: str,
    record: int | None,
    field: str | None = None,
    old: str | None = None,
    new: str | None = None,
    reason: str | None = None,
    *,
    user: str = "a.novak",
    station: str = "BENCH-01",
    din: str | None = DIN,
) -> AuditRow:
    return AuditRow(
        entry_id, T0 + after, user, station, action, table, record, field, old, new, reason, din
    )


def trail() -> list[AuditRow]:
    """A lot's first days as query_audit returns them."""
    patient = {"id": 7, "mrn": "MRN-0042", "name": "张伟", "name_romanised": "Zhang Wei"}
    lot = {"id": 12, "din": DIN, "patient_id": 7, "status": "created"}
    hours = lambda n: timedelta(hours=n)  # noqa: E731
    bench_2 = {"user": "m.chen", "station": "BENCH-02"}
    return [
        entry(101, hours(0), "insert", "patient", 7, new=json.dumps(patient, ensure_ascii=False),
              din=None),
        entry(102, hours(0.1), "insert", "lot", 12, new=json.dumps(lot)),
        entry(103, hours(3), "update", "lot", 12, "status", "created", "aspirate_collected",
              "Aspirate collected in theatre 3"),
        entry(104, hours(5), "correct", "aspirate", 31, "volume_ml", "15.0", "16.0",
              "Transcription error: syringe reads 16.0 mL", **bench_2),
        entry(105, hours(24), "void", "cell_count", 55, "voided_at", None,
              "2026-03-03T08:00:00+00:00", "Entered on the wrong vessel\n(T75-2, not T75-1)",
              **bench_2),
        entry(106, hours(25), "update", "cell_count", 56, "comment", "-5 °C fridge alarm",
              '=HYPERLINK("http://x.example","open")', "@reviewer asked for detail", **bench_2),
        entry(107, hours(26), "system", "station", None,
              new="database upgraded to revision 0007", user="system", station="", din=None),
    ]  # fmt: skip


def read_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


# --- CSV ---------------------------------------------------------------------------------------


def test_csv_round_trip_keeps_every_value(tmp_path):
    rows = trail()
    path = tmp_path / "audit.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        assert write_audit_csv(rows, stream) == len(rows)

    header, *lines = read_csv(path.read_text(encoding="utf-8"))
    assert header == [
        "Entry", "Time (UTC)", "User", "Station", "Action", "Table", "Record", "Field",
        "Old value", "New value", "Reason", "Lot DIN",
    ]  # fmt: skip
    assert list(COLUMNS) == header
    assert len(lines) == len(rows)
    assert lines[3] == [
        "104", "2026-03-02T13:00:00Z", "m.chen", "BENCH-02", "correct", "aspirate", "31",
        "volume_ml", "15.0", "16.0", "Transcription error: syringe reads 16.0 mL", DIN,
    ]  # fmt: skip
    assert json.loads(lines[0][9])["name"] == "张伟"  # unicode, byte for byte
    assert lines[4][8] == ""  # no old value
    assert lines[4][10] == "Entered on the wrong vessel\n(T75-2, not T75-1)"  # newline kept
    assert lines[6][6] == ""  # event without a record
    assert lines[6][3] == ""


def test_csv_neutralises_formulas_and_says_how_to_undo_it():
    stream = io.StringIO(newline="")
    write_audit_csv(trail(), stream)
    line = read_csv(stream.getvalue())[6]

    assert line[8] == "'-5 °C fridge alarm"
    assert line[9] == "'" + '=HYPERLINK("http://x.example","open")'
    assert line[10] == "'@reviewer asked for detail"


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+41 61 555 0101", "'+41 61 555 0101"),
        ("-5.0", "'-5.0"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("'already quoted", "''already quoted"),
        ("15.0", "15.0"),
        ("a=b+c", "a=b+c"),
        ("张伟", "张伟"),
        ("", ""),
    ],
)
def test_spreadsheet_guard_is_reversible(value, written):
    assert spreadsheet_safe(value) == written
    assert (written[1:] if written.startswith("'") else written) == value


def test_csv_times_are_utc_whatever_zone_they_arrive_in():
    shanghai = timezone(timedelta(hours=8))
    row = trail()[2]
    moved = AuditRow(
        **{**row.__dict__, "occurred_at": datetime(2026, 3, 2, 19, 0, 0, 250_000, shanghai)}
    )
    stream = io.StringIO(newline="")
    write_audit_csv([moved], stream)
    assert read_csv(stream.getvalue())[1][1] == "2026-03-02T11:00:00.250000Z"


# --- PDF ---------------------------------------------------------------------------------------


def pdf_pages(pdf: bytes, tmp_path: Path) -> list[str]:
    """The text of each page, laid out as printed."""
    path = tmp_path / "audit.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    return text.split("\f")[:-1]  # pdftotext ends every page with a form feed


def words(page: str) -> str:
    """The page's text with every run of white space as one space."""
    return " ".join(page.split())


def make_pdf(rows, query: AuditQuery | None = None, chain_intact: bool | None = True) -> bytes:
    return audit_trail_pdf(
        rows,
        query or AuditQuery(),
        generated_by="qa.lee",
        generated_at=GENERATED_AT,
        site_name="Cell Therapy Lab, Ward 4",
        chain_intact=chain_intact,
    )


@needs_pdftotext
def test_pdf_states_title_filter_author_and_chain(tmp_path):
    query = AuditQuery(
        lot_din=DIN, start=T0, end=datetime(2026, 3, 9, tzinfo=UTC), table_name="aspirate"
    )
    (page,) = pdf_pages(make_pdf(trail(), query), tmp_path)
    text = words(page)

    assert text.startswith("Audit trail Site Cell Therapy Lab, Ward 4")
    assert (
        f"Filter Lot: {DIN} · User: all · Record: all in aspirate · "
        "Time (UTC): from 2026-03-02 08:00:00 to before 2026-03-09 00:00:00"
    ) in text
    assert "Entries 7" in text
    assert "Generated 2026-03-09 10:15:30 UTC by qa.lee" in text
    assert "Hash chain Hash chain verified intact" in text
    assert "End of audit trail: 7 entries." in text
    assert text.endswith(
        "Audit trail – Cell Therapy Lab, Ward 4 – generated 2026-03-09 10:15:30 UTC by qa.lee "
        "Page 1 of 1"
    )


@needs_pdftotext
@pytest.mark.parametrize(
    ("chain_intact", "status"),
    [
        (True, "Hash chain verified intact"),
        (False, "HASH CHAIN BROKEN – see labtracker audit verify"),
        (None, "not checked"),
    ],
)
def test_pdf_chain_status(tmp_path, chain_intact, status):
    (page,) = pdf_pages(make_pdf(trail()[:2], chain_intact=chain_intact), tmp_path)
    assert f"Hash chain {status} " in words(page)


@needs_pdftotext
def test_pdf_filter_all(tmp_path):
    (page,) = pdf_pages(make_pdf(trail()), tmp_path)
    assert "Filter Lot: all · User: all · Record: all · Time (UTC): all" in words(page)


@needs_pdftotext
def test_pdf_shows_the_correction_and_the_void_on_their_rows(tmp_path):
    (page,) = pdf_pages(make_pdf(trail()), tmp_path)
    lines = page.splitlines()

    correction = next(line for line in lines if line.lstrip().startswith("104 "))
    for shown in ("m.chen", "BENCH-02", "correction", "aspirate", "31", "volume_ml"):
        assert shown in correction
    assert re.search(r"15\.0 → 16\.0\s+Transcription error: syringe reads", correction)
    assert f"{DIN}" in correction

    void = next(line for line in lines if line.lstrip().startswith("105 "))
    assert "VOID" in void
    assert re.search(r"voided_at\s+\(empty\) →", void)
    assert "Entered on the wrong vessel" in void


@needs_pdftotext
def test_pdf_of_200_entries_numbers_pages_and_repeats_the_header(tmp_path):
    base = trail()[3]
    rows = [
        AuditRow(
            **{
                **base.__dict__,
                "entry_id": 1000 + n,
                "occurred_at": T0 + timedelta(minutes=n),
                "old_value": f"{15 + n / 10:.1f}",
                "new_value": f"{16 + n / 10:.1f}",
            }
        )
        for n in range(200)
    ]
    pages = pdf_pages(make_pdf(rows), tmp_path)

    total = len(pages)
    assert total > 1
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {total}" in page
        assert re.search(r"Entry\s+Time \(UTC\)\s+User\s+Station\s+Action", page)
        assert "Old value → New value" in page
    text = "\n".join(pages)
    assert all(f"{1000 + n} " in text for n in range(200))
    assert "15.0 → 16.0" in text
    assert "34.9 → 35.9" in pages[-1]
    assert "End of audit trail: 200 entries." in pages[-1]


@needs_pdftotext
def test_empty_export_says_so(tmp_path):
    (page,) = pdf_pages(make_pdf([], AuditQuery(username="nobody")), tmp_path)
    text = words(page)
    assert "No audit entries match this filter." in text
    assert "User: nobody" in text
    assert "Entries 0" in text
    assert "Page 1 of 1" in text
    assert "Old value" not in text


@needs_pdftotext
def test_a_huge_value_runs_over_pages_instead_of_failing(tmp_path):
    row = trail()[2]
    huge = AuditRow(**{**row.__dict__, "new_value": "seeding note " * 1200})
    pages = pdf_pages(make_pdf([huge, *trail()]), tmp_path)
    assert len(pages) > 1
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]


@needs_pdftotext
def test_markup_in_values_is_printed_not_interpreted(tmp_path):
    row = trail()[2]
    odd = AuditRow(**{**row.__dict__, "reason": "<b>bold?</b> & <font size=40>big</font>"})
    (page,) = pdf_pages(make_pdf([odd]), tmp_path)
    assert "<b>bold?</b> &" in page


@needs_pdftotext
def test_chinese_names_print_or_the_page_warns(tmp_path):
    text = words("\n".join(pdf_pages(make_pdf(trail()), tmp_path)))
    if fonts.register_fonts().cjk:
        assert "张伟" in text
        assert "Warning" not in text
    else:
        assert "Some characters cannot be printed on this computer" in text
        assert "CSV export" in text


@needs_pdftotext
def test_without_any_font_file_the_export_still_prints(tmp_path, monkeypatch):
    monkeypatch.setattr(fonts, "DEJAVU", tmp_path / "no-fonts")
    monkeypatch.setattr(fonts, "SYSTEM_CJK", ())
    monkeypatch.setattr(fonts.shutil, "which", lambda _name: None)
    fonts.register_fonts.cache_clear()
    try:
        assert fonts.register_fonts().regular == "Helvetica"
        (page,) = pdf_pages(make_pdf(trail()), tmp_path)
    finally:
        fonts.register_fonts.cache_clear()
    text = words(page)
    assert "Page 1 of 1" in text
    assert "15.0 -> 16.0" in text
    assert "neither DejaVu Sans nor a Chinese font is installed" in text
