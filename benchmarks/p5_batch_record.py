"""P5: a 20-page batch record PDF, against bare reportlab drawing the same text.

Measured: `services.batch_record.print_batch_record` for the newest finished lot of the wide
benchmark site (20 passages of 2 flasks: a record of about 20 pages) — read the lot,
assemble every section, lay it out with platypus (tables, wrapped paragraphs, signatures,
corrections, page n of m) and record the print in the audit trail.

Baseline: the text of that very PDF (``pdftotext -layout``), drawn line by line with
`Canvas.drawString` in the same TrueType font onto the same number of A4 pages: the cost of
putting those characters into a PDF at all.

Also reported, to show where the time goes: the read (`_assemble`) and the layout
(`build_batch_record_pdf`) timed apart, and a platypus floor — the same lines as bare
platypus paragraphs (one per line, the same font, wrapped to the page width) in a
SimpleDocTemplate, with no labtracker code: what any wrapped, flowing layout of that text
costs before a table, a signature or a page count is drawn.
"""

from __future__ import annotations

import argparse
import subprocess
import time
from io import BytesIO
from pathlib import Path

from benchmarks.common import Result, actor, alternate, emit, median, spread


def pdf_lines(pdf: bytes) -> list[list[str]]:
    """The text of each page, line by line (poppler's pdftotext)."""
    done = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    )
    pages = done.stdout.decode("utf-8").split("\f")
    return [page.splitlines() for page in pages if page.strip()]


def bare_pdf(pages: list[list[str]]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from labtracker.reports.fonts import register_fonts

    font = register_fonts().regular
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1, invariant=1)
    for lines in pages:
        canvas.setFont(font, 7)
        y = A4[1] - 40
        for line in lines:
            canvas.drawString(30, y, line)
            y -= 8.5
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def platypus_pdf(pages: list[list[str]]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate
    from reportlab.platypus.flowables import Flowable

    from labtracker.reports.fonts import register_fonts

    style = ParagraphStyle("line", fontName=register_fonts().regular, fontSize=7, leading=8.5)
    story: list[Flowable] = []
    for lines in pages:
        story.extend(Paragraph(_escape(line) or "&nbsp;", style) for line in lines)
        story.append(PageBreak())
    buffer = BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, invariant=1).build(story)
    return buffer.getvalue()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def measure(site: Path, runs: int) -> list[Result]:
    from labtracker.db.engine import make_engine
    from labtracker.services.batch_record import print_batch_record
    from labtracker.services.context import Database

    # Printing adds its audit entry to the site, as a real print does (the site stays valid).
    db = Database(make_engine(f"sqlite:///{site}"))
    person = actor(db, "qa")
    with db.engine.connect() as connection:
        din = connection.exec_driver_sql(
            "SELECT din FROM lot WHERE status = 'implanted' ORDER BY id DESC LIMIT 1"
        ).scalar_one()
    printed = print_batch_record(db, person, din)
    text = pdf_lines(printed.pdf)
    app, base = alternate(
        runs,
        lambda: _time(lambda: print_batch_record(db, person, din)),
        lambda: _time(lambda: bare_pdf(text)),
    )
    reads, layouts, floors = _phases(db, din, text, runs)
    db.dispose()
    value = median(app) * 1000
    baseline = median(base) * 1000
    return [
        Result(
            "P5",
            f"batch record PDF, {printed.pages} pages (read + layout + audit)",
            value,
            "ms",
            baseline,
            "reportlab drawString of the same text, same pages",
            "≤ 2× and < 1 s",
            value / baseline <= 2 and value < 1000,
            spread(app),
            spread(base),
            runs,
            {
                "lot": din,
                "pages": printed.pages,
                "characters": sum(len(line) for page in text for line in page),
                "read_ms": round(median(reads) * 1000, 1),
                "layout_ms": round(median(layouts) * 1000, 1),
                "platypus_floor_ms": round(median(floors) * 1000, 1),
                "platypus_floor_title": "bare platypus: the same lines as paragraphs",
            },
        )
    ]


def _phases(
    db: object, din: str, text: list[list[str]], runs: int
) -> tuple[list[float], list[float], list[float]]:
    """The read and the layout of the record timed apart, and the platypus floor."""
    from labtracker.clock import get_clock
    from labtracker.reports.batch_record import build_batch_record_pdf
    from labtracker.services.batch_record import _assemble
    from labtracker.services.records import lot_by_din

    reads, layouts, floors = [], [], []
    for _ in range(runs):
        now = get_clock().now()
        start = time.perf_counter()
        with db.reading() as session:  # type: ignore[attr-defined]
            record = _assemble(session, lot_by_din(session, din), now)
        reads.append(time.perf_counter() - start)
        start = time.perf_counter()
        build_batch_record_pdf(record, generated_by="bench", generated_at=now)
        layouts.append(time.perf_counter() - start)
        floors.append(_time(lambda: platypus_pdf(text)))
    return reads, layouts, floors


def _time(work) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--site", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    emit(measure(args.site, args.runs))


if __name__ == "__main__":
    main()
