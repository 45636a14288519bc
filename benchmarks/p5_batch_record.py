"""P5: a 20-page batch record PDF, against bare reportlab drawing the same text.

Measured: `services.batch_record.print_batch_record` for the newest finished lot of the wide
benchmark site (20 passages of 2 flasks: a record of about 20 pages) — read the lot,
assemble every section, lay it out with platypus (tables, wrapped paragraphs, signatures,
corrections, page n of m) and record the print in the audit trail.

Baseline: the text of that very PDF (``pdftotext -layout``), drawn line by line with
`Canvas.drawString` in the same TrueType font onto the same number of A4 pages: the cost of
putting those characters into a PDF at all.
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
            },
        )
    ]


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
