"""P6: 100 vessel labels with a DataMatrix and a Code 128 each, against bare reportlab.

Measured: `reports.labels.render_label` for 100 different flasks on the 4 × 2 in roll (one
PDF a label, as each print goes to the printer): DIN with its boxed check character, vessel
ID, passage, vessel type, seeding date, the vessel ID as DataMatrix (zxing-cpp) and as
Code 128, every bar on the 203-dpi dot grid, quiet zones and minimum sizes checked.

Baseline: the same 100 PDFs drawn bare — one canvas a label, the same five lines of text in
the label's two embedded faces, reportlab's own Code 128 widget and zxing-cpp's DataMatrix
drawn module by module — with none of the checks.
"""

from __future__ import annotations

import argparse
import time
from datetime import UTC, datetime, timedelta
from io import BytesIO

from benchmarks.common import Result, alternate, emit, median, spread

LABELS = 100


def labels() -> list[object]:
    from labtracker.domain.identifiers import parse_din
    from labtracker.reports.labels import VesselLabel

    seeded = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    made = []
    for n in range(LABELS):
        din = parse_din(f"A999926{n // 20 + 1:06d}")
        passage = 1 + n % 5
        made.append(
            VesselLabel(
                din,
                f"{din.code}-P{passage}-{n % 20 + 1}",
                passage,
                seeded + timedelta(hours=n),
                "T175",
            )
        )
    return made


def app_labels(data: list[object]) -> None:
    from labtracker.reports.labels import render_label

    for label in data:
        render_label("vessel", label, "4x2in")


def bare_labels(data: list[object]) -> None:
    import zxingcpp
    from reportlab.graphics.barcode.code128 import Code128
    from reportlab.lib.units import inch, mm
    from reportlab.pdfgen.canvas import Canvas

    from labtracker.domain.identifiers import format_din
    from labtracker.reports.fonts import register_fonts

    regular, bold = _label_fonts(register_fonts())
    module = 0.25 * mm
    for label in data:
        buffer = BytesIO()
        canvas = Canvas(buffer, pagesize=(4 * inch, 2 * inch), pageCompression=1, invariant=1)
        canvas.setFont(bold, 14)
        canvas.drawString(8, 124, f"{format_din(label.din)} {label.din.check_character}")
        canvas.setFont(regular, 9)
        canvas.drawString(8, 110, label.vessel_code)
        canvas.drawString(8, 98, f"Passage P{label.passage}   {label.vessel_type}")
        canvas.drawString(8, 86, f"Seeded {label.seeded_at:%Y-%m-%d %H:%M}")
        Code128(label.vessel_code, barWidth=module, barHeight=10 * mm, quiet=1).drawOn(canvas, 8, 8)
        symbol = zxingcpp.create_barcode(label.vessel_code, zxingcpp.BarcodeFormat.DataMatrix)
        image = memoryview(symbol.to_image(scale=1, add_quiet_zones=False))
        rows, columns = image.shape
        pixels = image.tobytes()
        step = 0.625 * mm
        for r in range(rows):
            for c in range(columns):
                if pixels[r * columns + c] < 128:
                    canvas.rect(
                        200 + c * step, 60 + (rows - r) * step, step, step, stroke=0, fill=1
                    )
        canvas.showPage()
        canvas.save()


def _label_fonts(fonts: object) -> tuple[str, str]:
    """The faces labels print in — DejaVu Sans Condensed and its bold, each embedded — for
    the baseline to embed what the label embeds (the report font alone, one face for both
    weights, made the baseline's PDFs a font lighter than the labels it is compared with)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from labtracker.reports.fonts import DEJAVU

    names = ("DejaVuSansCondensed", "DejaVuSansCondensed-Bold")
    for name in names:
        path = DEJAVU / f"{name}.ttf"
        if not path.is_file():
            return fonts.regular, fonts.bold  # type: ignore[attr-defined]
        try:
            pdfmetrics.getFont(name)
        except KeyError:
            pdfmetrics.registerFont(TTFont(name, str(path)))
    return names


def measure(runs: int) -> list[Result]:
    data = labels()
    app, base = alternate(
        runs, lambda: _time(lambda: app_labels(data)), lambda: _time(lambda: bare_labels(data))
    )
    value, baseline = median(app) * 1000, median(base) * 1000
    return [
        Result(
            "P6",
            f"{LABELS} vessel labels, DataMatrix + Code 128 (4×2 in)",
            value,
            "ms",
            baseline,
            "bare reportlab + Code128 widget + zxing DataMatrix",
            "≤ 1.5×",
            value / baseline <= 1.5,
            spread(app),
            spread(base),
            runs,
        )
    ]


def _time(work) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    emit(measure(args.runs))


if __name__ == "__main__":
    main()
