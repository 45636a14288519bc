"""The chain-of-custody report of a lot, as a PDF (A4 landscape).

`render_custody_report(report, generated_by=..., generated_at=...)` takes the frozen
`CustodyReport` gathered by labtracker.services.custody_report and touches no database. One
row per hand-over, oldest first, from the aspirate's collection to the implantation: when,
the event, from whom and where, to whom and where, the temperature, the temperature logger,
seal and shipper, the label scanned, who recorded it and every e-signature on it. Every page
repeats the DIN (check character boxed) and the patient and says "Page n of m".
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from labtracker.reports.pages import (
    PageFrame,
    ReportFonts,
    ReportRefusedError,
    build_document,
    content_width,
    report_fonts,
)

if TYPE_CHECKING:  # typing only: reports never load the services or the database stack
    from labtracker.services.custody_report import CustodyReport, CustodyStep

__all__ = ["NO_STEPS", "TITLE", "render_custody_report"]

TITLE = "Chain of custody"
NO_STEPS = "No hand-over is recorded for this lot yet."
PAGE = landscape(A4)
COLUMNS = (  # relative widths (points on A4 landscape), scaled to the page
    ("#", 16),
    ("When", 56),
    ("Event", 84),
    ("From", 108),
    ("To", 108),
    ("Temp.", 38),
    ("Logger · seal · shipper", 90),
    ("Label scanned", 86),
    ("Recorded by · e-signatures", 170),
)
GREY = "#555555"


def render_custody_report(
    report: CustodyReport, *, generated_by: str, generated_at: datetime
) -> bytes:
    """The chain of custody as a PDF; ``generated_at`` is printed in the site's time zone."""
    if generated_at.tzinfo is None:
        raise ReportRefusedError("The report's generation time has no time zone.")
    fonts = report_fonts()
    fonts.require(report.patient_name, "patient name")
    styles = _Styles(fonts)
    tz = ZoneInfo(report.timezone)
    frame = PageFrame(
        TITLE,
        f"{report.site_name} · facility {report.facility_code}",
        report.din,
        f"{report.patient_name} · MRN {report.mrn} · DOB {report.date_of_birth:%Y-%m-%d}",
        f"Generated {generated_at.astimezone(tz):%Y-%m-%d %H:%M} ({report.timezone}) by "
        f"{generated_by} · labtracker",
    )
    width = content_width(PAGE)
    story: list[Flowable] = [_summary(report, width, fonts, styles), Spacer(1, 5 * mm)]
    if report.steps:
        story.append(_steps_table(report.steps, width, fonts, styles))
        count = len(report.steps)
        story += [
            Spacer(1, 3 * mm),
            Paragraph(
                f"End of the chain of custody: {count} {'entry' if count == 1 else 'entries'}. "
                f"Times are local ({fonts.markup(report.timezone)}); e-signature times are UTC.",
                styles.small,
            ),
        ]
    else:
        story.append(Paragraph(NO_STEPS, styles.body))
    return build_document(
        story,
        frame,
        pagesize=PAGE,
        subject=f"{TITLE}, lot {report.din.code}",
        author=generated_by,
    )


class _Styles:
    def __init__(self, fonts: ReportFonts) -> None:
        base = ParagraphStyle("custody", fontName=fonts.regular, fontSize=9, leading=12)
        self.body = base
        self.label = ParagraphStyle("label", base, fontSize=7.5, leading=9.5, textColor=GREY)
        self.value = ParagraphStyle("value", base, fontSize=9.5, leading=12)
        self.cell = ParagraphStyle("cell", base, fontSize=7.5, leading=9.2)
        self.head = ParagraphStyle("head", self.cell, fontName=fonts.bold)
        self.small = ParagraphStyle("small", base, fontSize=7.5, leading=10)


def _summary(report: CustodyReport, width: float, fonts: ReportFonts, styles: _Styles) -> Table:
    m = fonts.markup
    expiry = f"{report.expires_at:%Y-%m-%d %H:%M}" if report.expires_at else "— (not released)"
    now_at = f"<b>{m(report.location)}</b>" + (f" · {m(report.holder)}" if report.holder else "")
    rows = [
        ("Patient", f"<b>{m(report.patient_name)}</b>", "MRN", f"<b>{m(report.mrn)}</b>"),
        ("Product", m(report.product), "Date of birth", f"{report.date_of_birth:%Y-%m-%d}"),
        ("Lot status", m(report.status), "Expiry", expiry),
        ("Now", now_at, "Since", f"{report.since:%Y-%m-%d %H:%M}"),
    ]
    table = Table(
        [
            [
                Paragraph(a, styles.label),
                Paragraph(b, styles.value),
                Paragraph(c, styles.label),
                Paragraph(d, styles.value),
            ]
            for a, b, c, d in rows
        ],
        colWidths=[width * f for f in (0.1, 0.5, 0.1, 0.3)],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#CCCCCC")),
            ]
        )
    )
    return table


def _party(person: str, place: str, fonts: ReportFonts) -> str:
    parts = []
    if person:
        parts.append(f"<b>{fonts.markup(person)}</b>")
    if place:
        parts.append(f'<font color="{GREY}">{fonts.markup(place)}</font>')
    return "<br/>".join(parts) or "—"


def _steps_table(
    steps: tuple[CustodyStep, ...], width: float, fonts: ReportFonts, styles: _Styles
) -> Table:
    m = fonts.markup
    total = sum(w for _, w in COLUMNS)
    rows = [[Paragraph(m(title), styles.head) for title, _ in COLUMNS]]
    for number, step in enumerate(steps, start=1):
        event = f"<b>{m(step.event)}</b>"
        if step.notes:
            event += f'<br/><font color="{GREY}">{m(step.notes)}</font>'
        kit = [
            f"logger {m(step.logger)}" if step.logger else "",
            f"seal {m(step.seal)}" if step.seal else "",
            m(step.shipper),
        ]
        signed = "".join(f"<br/><b>{m(s)}</b>" for s in step.signatures)
        rows.append(
            [
                Paragraph(str(number), styles.cell),
                Paragraph(f"{step.at:%Y-%m-%d}<br/>{step.at:%H:%M}", styles.cell),
                Paragraph(event, styles.cell),
                Paragraph(_party(step.from_party, step.from_place, fonts), styles.cell),
                Paragraph(_party(step.to_party, step.to_place, fonts), styles.cell),
                Paragraph(m(step.temperature or "—"), styles.cell),
                Paragraph("<br/>".join(k for k in kit if k) or "—", styles.cell),
                Paragraph(m(step.scanned or "—"), styles.cell),
                Paragraph(f"{m(step.recorded_by)}{signed}", styles.cell),
            ]
        )
    commands: list[tuple[Any, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDDDDD")),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#999999")),
        ("BOX", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    return Table(
        rows,
        colWidths=[w * width / total for _, w in COLUMNS],
        repeatRows=1,
        splitInRow=1,
        style=TableStyle(commands),
        hAlign="LEFT",
    )
