"""P5: a 20-page batch record PDF, against bare reportlab drawing the same text.

Measured: `services.batch_record.print_batch_record` for a finished lot of the benchmark
site whose record runs to about 20 pages — read the lot, assemble every section, lay it out
with platypus (tables, wrapped paragraphs, signatures, corrections, page n of m) and record
the print in the audit trail.

Baseline: the text of that very PDF (``pdftotext -layout``), drawn line by line with
`Canvas.drawString` in the same TrueType font onto the same number of A4 pages: the cost of
putting those characters into a PDF at all.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
import time
from io import BytesIO
from pathlib import Path

from benchmarks.common import Result, actor, alternate, emit, median, spread

PAGES = 20


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


def choose_lot(db, person, dins: list[str]) -> tuple[str, int]:  # type: ignore[no-untyped-def]
    """The candidate whose record comes closest to PAGES pages."""
    from labtracker.services.batch_record import print_batch_record

    best: tuple[int, str, int] | None = None
    for din in dins:
        pages = print_batch_record(db, person, din).pages
        if best is None or abs(pages - PAGES) < best[0]:
            best = (abs(pages - PAGES), din, pages)
    assert best is not None
    return best[1], best[2]


def measure(sites: list[Path], runs: int) -> list[Result]:
    from labtracker.db.engine import make_engine
    from labtracker.services.batch_record import print_batch_record
    from labtracker.services.context import Database

    with tempfile.TemporaryDirectory(prefix="labtracker-p5-") as scratch:
        candidates = []
        for number, site in enumerate(sites):
            path = Path(scratch) / f"site{number}.sqlite3"
            shutil.copyfile(site, path)  # printing adds an audit entry: leave the site as it was
            db = Database(make_engine(f"sqlite:///{path}"))
            person = actor(db, "qa")
            with db.engine.connect() as connection:
                dins = [
                    row[0]
                    for row in connection.exec_driver_sql(
                        "SELECT din FROM lot WHERE status IN ('implanted', 'in_culture') "
                        "GROUP BY status, (SELECT count(*) FROM vessel WHERE lot_id = lot.id) "
                        "ORDER BY max(id) DESC"
                    )
                ]
            din, pages = choose_lot(db, person, dins[:12])
            candidates.append((abs(pages - PAGES), din, pages, db, person))
        candidates.sort(key=lambda c: c[0])
        _gap, din, pages, db, person = candidates[0]
        for other in candidates[1:]:
            other[3].dispose()
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
            f"batch record PDF, {pages} pages (read + layout + audit)",
            value,
            "ms",
            baseline,
            "reportlab drawString of the same text, same pages",
            "≤ 2× and < 1 s",
            value / baseline <= 2 and value < 1000,
            spread(app),
            spread(base),
            runs,
            {"lot": din, "pages": pages, "characters": sum(len(line) for p in text for line in p)},
        )
    ]


def _time(work) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--site", type=Path, action="append", required=True)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    emit(measure(args.site, args.runs))


if __name__ == "__main__":
    main()
