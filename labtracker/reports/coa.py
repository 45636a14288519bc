"""The certificate of analysis (CoA) of a released construct, as a PDF.

`render_coa(data, generated_by=..., generated_at=...)` takes the frozen `CoaData` gathered by
labtracker.services.certificates and touches no database. A4 portrait: FOR AUTOLOGOUS USE ONLY,
the construct and the patient it belongs to (the DIN with its boxed check character, and the
DIN's Code 128 for a scanner), every release test with its specification version, result,
unit, verdict, method, laboratory and date, then the QA release with its e-signature and the
expiry. Every page repeats the DIN and the patient and says "Page n of m" (reports/pages.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from labtracker.domain.identifiers import din_barcode_data
from labtracker.reports.barcodes import code128_width, din_width, draw_code128, draw_din, module_for
from labtracker.reports.pages import (
    PageFrame,
    ReportFonts,
    ReportRefusedError,
    build_document,
    content_width,
    report_fonts,
)

if TYPE_CHECKING:  # typing only: reports never load the services or the database stack
    from labtracker.services.certificates import CoaData

__all__ = ["AUTOLOGOUS", "TITLE", "render_coa"]

TITLE = "Certificate of analysis"
AUTOLOGOUS = "FOR AUTOLOGOUS USE ONLY"
# Office laser printers: 8 dots at 600 dpi = 0.34 mm modules, comfortably above the minimum.
BARCODE_DPI = 600
BARCODE_MODULE_MM = 0.33
BARCODE_HEIGHT = 9 * mm
PASS_TINT = colors.HexColor("#E8F3E8")
HEAD_TINT = colors.HexColor("#DDDDDD")
COLUMNS = (  # relative widths (points on A4 portrait), scaled to the page
    ("Test", 90),
    ("Specification", 66),
    ("Limit", 62),
    ("Result", 62),
    ("Unit", 34),
    ("Verdict", 40),
    ("Method / laboratory", 96),
    ("Date", 54),
)


def render_coa(data: CoaData, *, generated_by: str, generated_at: datetime) -> bytes:
    """The certificate as a PDF (A4); ``generated_at`` is printed in the site's time zone."""
    if generated_at.tzinfo is None:
        raise ReportRefusedError("The certificate's generation time has no time zone.")
    fonts = report_fonts()
    fonts.require(data.patient_name, "patient name")
    styles = _Styles(fonts)
    tz = ZoneInfo(data.timezone)
    generated = (
        f"Generated {generated_at.astimezone(tz):%Y-%m-%d %H:%M} ({data.timezone}) by "
        f"{generated_by} · labtracker"
    )
    frame = PageFrame(
        TITLE,
        f"{data.site_name} · facility {data.facility_code}"
        + (f" · {' '.join(data.site_address.split())}" if data.site_address.strip() else ""),
        data.din,
        f"{data.patient_name} · MRN {data.mrn}",
        generated,
    )
    width = content_width()
    story: list[Flowable] = [
        _Banner(AUTOLOGOUS, width, fonts),
        Spacer(1, 4 * mm),
        _DinBlock(data, width, fonts),
        Spacer(1, 3 * mm),
        _identity_table(data, width, fonts, styles),
        Spacer(1, 5 * mm),
        Paragraph("Release testing", styles.heading),
        Paragraph(
            f"Judged against the release specification <b>{fonts.markup(data.specification)}"
            f"</b>, in force when QA released the lot. Each result shows the specification "
            f"version it was judged against. Dates are local ({fonts.markup(data.timezone)}).",
            styles.body,
        ),
        Spacer(1, 2 * mm),
        _results_table(data, width, fonts, styles),
        Spacer(1, 5 * mm),
        KeepTogether(_release_block(data, width, fonts, styles)),
    ]
    return build_document(
        story,
        frame,
        subject=f"{TITLE}, lot {data.din.code}, {data.product}",
        author=generated_by,
    )


class _Styles:
    def __init__(self, fonts: ReportFonts) -> None:
        base = ParagraphStyle("coa", fontName=fonts.regular, fontSize=9, leading=12)
        self.body = base
        self.heading = ParagraphStyle(
            "heading", base, fontName=fonts.bold, fontSize=11.5, leading=15, spaceAfter=2
        )
        self.label = ParagraphStyle(
            "label", base, fontSize=7.5, leading=9.5, textColor=colors.HexColor("#555555")
        )
        self.value = ParagraphStyle("value", base, fontSize=9.5, leading=12)
        self.cell = ParagraphStyle("cell", base, fontSize=7.8, leading=9.6)
        self.head = ParagraphStyle("head", self.cell, fontName=fonts.bold)
        self.small = ParagraphStyle("small", base, fontSize=7.8, leading=10)


class _Banner(Flowable):
    """White bold words on a black band across the page."""

    def __init__(self, text: str, width: float, fonts: ReportFonts) -> None:
        super().__init__()
        self.text, self.width, self.fonts = text, width, fonts
        self.height = 8 * mm

    def wrap(self, *_: Any) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(colors.black)
        canvas.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        canvas.setFillColor(colors.white)
        canvas.setFont(self.fonts.bold, 13)
        canvas.drawCentredString(self.width / 2, self.height / 2 - 4.5, self.text)
        canvas.restoreState()


class _DinBlock(Flowable):
    """The DIN as people read it (check character boxed) beside its Code 128 symbol."""

    def __init__(self, data: CoaData, width: float, fonts: ReportFonts) -> None:
        super().__init__()
        self.data, self.width, self.fonts = data, width, fonts
        self.module = module_for(BARCODE_DPI, BARCODE_MODULE_MM)
        self.symbol = din_barcode_data(data.din)
        self.height = BARCODE_HEIGHT + 5 * mm

    def wrap(self, *_: Any) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        fonts = self.fonts
        canvas.saveState()
        canvas.setFont(fonts.regular, 7.5)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(0, self.height - 8, "Donation identification number (DIN)")
        canvas.setFillColor(colors.black)
        size = 17
        draw_din(canvas, self.data.din, 0, self.height - 30, font=fonts.bold, size=size)
        shown = din_width(self.data.din, fonts.bold, size)
        canvas.setFont(fonts.regular, 7.5)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(
            0,
            self.height - 44,
            "The boxed check character verifies a DIN typed by hand; it is not in the barcode.",
        )
        # The symbol at the right, its quiet zones inside the column, bars on the dot grid.
        symbol_width = code128_width(self.symbol, self.module)
        x = max(shown + 10 * mm, self.width - symbol_width)
        draw_code128(canvas, self.symbol, x, 3 * mm, module=self.module, height=BARCODE_HEIGHT)
        canvas.setFont(fonts.regular, 7)
        canvas.drawCentredString(x + symbol_width / 2, 0, self.symbol)
        canvas.restoreState()


def _pairs_table(
    rows: Sequence[tuple[str, str, str, str]], width: float, styles: _Styles, fonts: ReportFonts
) -> Table:
    data = [
        [
            Paragraph(fonts.markup(a), styles.label),
            Paragraph(b, styles.value),
            Paragraph(fonts.markup(c), styles.label),
            Paragraph(d, styles.value),
        ]
        for a, b, c, d in rows
    ]
    table = Table(data, colWidths=[width * f for f in (0.15, 0.38, 0.15, 0.32)], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#CCCCCC")),
            ]
        )
    )
    return table


def _identity_table(data: CoaData, width: float, fonts: ReportFonts, styles: _Styles) -> Table:
    m = fonts.markup
    return _pairs_table(
        [
            ("Patient", f"<b>{m(data.patient_name)}</b>", "MRN", f"<b>{m(data.mrn)}</b>"),
            (
                "Date of birth",
                f"{data.date_of_birth:%Y-%m-%d}",
                "Trial subject",
                m(data.trial_subject or "—"),
            ),
            ("Product", f"{m(data.product)}", "Product code", m(data.product_code)),
            ("Scaffold", m(data.scaffold), "Storage", f"<b>{m(data.storage)}</b>"),
            (
                "Lot status",
                m(data.status),
                "Expiry",
                f"<b>{data.expires_at:%Y-%m-%d %H:%M}</b> ({m(data.timezone)})",
            ),
        ],
        width,
        styles,
        fonts,
    )


def _results_table(data: CoaData, width: float, fonts: ReportFonts, styles: _Styles) -> Table:
    m = fonts.markup
    total = sum(w for _, w in COLUMNS)
    rows = [[Paragraph(m(title), styles.head) for title, _ in COLUMNS]]
    commands: list[tuple[Any, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_TINT),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#999999")),
        ("BOX", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    for number, test in enumerate(data.tests, start=1):
        where = " · ".join(part for part in (test.method, test.laboratory) if part) or "—"
        sample = f'<br/><font size="6.5" color="#555555">{m(test.sample)}</font>'
        verdict = f"<b>{m(test.verdict)}</b>"
        rows.append(
            [
                Paragraph(f"<b>{m(test.test)}</b>" + (sample if test.sample else ""), styles.cell),
                Paragraph(m(test.specification or "—"), styles.cell),
                Paragraph(m(test.limit or "—"), styles.cell),
                Paragraph(m(test.result), styles.cell),
                Paragraph(m(test.unit or "—"), styles.cell),
                Paragraph(verdict, styles.cell),
                Paragraph(m(where), styles.cell),
                Paragraph(f"{test.tested_on:%Y-%m-%d}" if test.tested_on else "—", styles.cell),
            ]
        )
        if test.verdict == "pass":
            commands.append(("BACKGROUND", (5, number), (5, number), PASS_TINT))
    return Table(
        rows,
        colWidths=[w * width / total for _, w in COLUMNS],
        repeatRows=1,
        style=TableStyle(commands),
        hAlign="LEFT",
    )


def _release_block(
    data: CoaData, width: float, fonts: ReportFonts, styles: _Styles
) -> list[Flowable]:
    m = fonts.markup
    released = f"{data.released_at:%Y-%m-%d %H:%M} ({m(data.timezone)})"
    return [
        Paragraph("Release", styles.heading),
        _pairs_table(
            [
                ("Released by QA", f"<b>{m(data.released_by)}</b>", "Released at", released),
                (
                    "Expires",
                    f"<b>{data.expires_at:%Y-%m-%d %H:%M}</b> ({m(data.timezone)})",
                    "Specification",
                    m(data.specification),
                ),
            ],
            width,
            styles,
            fonts,
        ),
        Spacer(1, 2.5 * mm),
        Paragraph(f"E-signature: <b>{m(data.release_signature)}</b>", styles.body),
        Spacer(1, 2.5 * mm),
        Paragraph(
            "Every test listed met its specification when QA released this construct. This "
            "certificate is printed from the electronic batch record; the release signature is "
            "the electronic signature recorded there (21 CFR Part 11). The construct is for "
            "the patient named above only.",
            styles.small,
        ),
    ]
