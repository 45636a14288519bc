"""The printed batch record (A4 portrait, reportlab platypus).

Takes the `BatchRecord` that labtracker.services.batch_record assembles (plain values, no
database). Every page carries the DIN with its check character boxed, the patient's name and
MRN, who generated the record and when, and "Page n of m". A corrected value is flagged where
it stands (CORRECTED, on amber) with old → new, who, when and why beneath it; every step's
e-signatures follow it; the last page summarises the release.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from labtracker.domain.identifiers import parse_din
from labtracker.reports.barcodes import din_width, draw_din
from labtracker.reports.fonts import FontSet, register_fonts

if TYPE_CHECKING:  # typing only: reports never load the services or the database stack
    from labtracker.services.batch_record import BatchRecord, ReleaseSummary, Section
    from labtracker.services.batch_record_entries import Correction, Entry, Field, SignatureLine
PAGE = A4
MARGIN = 15 * mm
HEADER_HEIGHT = 15 * mm  # the identity band drawn on every page, above the frame
FOOTER_HEIGHT = 9 * mm
EDGE = MARGIN + 6  # where text starts: reportlab's frames pad their content by 6 pt
WIDTH = PAGE[0] - 2 * EDGE
CORRECTED = "CORRECTED"
AMBER = colors.HexColor("#FFE8B3")
AMBER_TEXT = "#7A4B00"
GREY = colors.HexColor("#E6E6E6")
RULE = colors.HexColor("#9A9A9A")
VOID_TEXT = "#A00020"
SECTION_START = 45 * mm  # room a section heading needs below it, or it starts a new page
SHORT = 10  # characters: a table cell this short is never broken over two lines
OTHER_CORRECTIONS = "Other corrected values"  # as batch_record_entries names that field


@dataclass(frozen=True)
class BatchRecordPdf:
    pdf: bytes
    pages: int


def render_batch_record(record: BatchRecord, *, generated_by: str, generated_at: datetime) -> bytes:
    """The batch record as a PDF; `generated_at` (any zone) is printed in the site's zone."""
    return build_batch_record_pdf(record, generated_by=generated_by, generated_at=generated_at).pdf


def build_batch_record_pdf(
    record: BatchRecord, *, generated_by: str, generated_at: datetime
) -> BatchRecordPdf:
    """`render_batch_record`, with the number of pages printed (for the audit trail)."""
    if generated_at.tzinfo is None:
        raise ValueError("Generated at has no time zone; the record cannot say when it was made.")
    fonts = register_fonts()
    styles = _Styles(fonts)
    arrow = "→" if not fonts.unprintable("→") else "->"
    generated = (
        f"{generated_at.astimezone(ZoneInfo(record.header.timezone)):%Y-%m-%d %H:%M %Z}"
        f" by {generated_by}"
    )
    story: list[Flowable] = [*_cover(record, generated, fonts, styles)]
    for section in record.sections:
        story += _section(section, styles, arrow)
    story += _corrections(record.corrections, styles, arrow)
    story += [PageBreak(), *_release(record.release, record, styles)]

    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + HEADER_HEIGHT,
        bottomMargin=MARGIN + FOOTER_HEIGHT,
        title=f"Batch record {record.header.din_display} {record.header.check_character}",
        author=generated_by,
        subject=f"{record.header.product}; patient MRN {record.header.mrn}",
        creator="labtracker",
    )
    pages: list[int] = []
    canvas = _numbered_canvas(record, f"Generated {generated}", fonts, pages)
    document.build(story, canvasmaker=canvas)
    return BatchRecordPdf(buffer.getvalue(), pages[0])


class _Styles:
    def __init__(self, fonts: FontSet) -> None:
        base = ParagraphStyle("base", fontName=fonts.regular, fontSize=8.5, leading=10.8)
        self.body = base
        self.title = ParagraphStyle(
            "title", base, fontName=fonts.bold, fontSize=17, leading=21, spaceAfter=4
        )
        self.section = ParagraphStyle(
            "section",
            base,
            fontName=fonts.bold,
            fontSize=11.5,
            leading=14,
            textColor=colors.white,
            backColor=colors.HexColor("#34495E"),
            borderPadding=(3, 4, 3, 4),
            spaceBefore=12,
            spaceAfter=7,
        )
        self.entry = ParagraphStyle("entry", base, fontName=fonts.bold, fontSize=9.5, leading=12)
        self.void = ParagraphStyle("void", base, textColor=colors.HexColor(VOID_TEXT))
        self.label = ParagraphStyle("label", base, fontName=fonts.bold)
        self.cell = ParagraphStyle("cell", base, fontSize=8, leading=10)
        self.head = ParagraphStyle("head", self.cell, fontName=fonts.bold)
        self.note = ParagraphStyle("note", base, fontSize=7.6, leading=9.6)
        self.big = ParagraphStyle("big", base, fontName=fonts.bold, fontSize=15, leading=19)
        self.muted = ParagraphStyle("muted", base, textColor=colors.HexColor("#555555"))


def _text(value: Any) -> str:
    """Paragraph markup that prints exactly the text (no tags), line breaks kept."""
    return escape("" if value is None else str(value)).replace("\n", "<br/>")


def _p(value: Any, style: ParagraphStyle) -> Paragraph:
    return Paragraph(_text(value), style)


def _when(moment: datetime | None) -> str:
    return "—" if moment is None else f"{moment:%Y-%m-%d %H:%M %Z}"


def _tag(text: str) -> str:
    return f' <font color="{AMBER_TEXT}"><b>[{text}]</b></font>'


def _change(c: Correction, arrow: str) -> str:
    """'CORRECTED: 80.0 → 75.0, by Li Wang (lwang), 2026-03-09 17:00 CST. Reason: …'."""
    return (
        f'<font color="{AMBER_TEXT}"><b>{CORRECTED}</b></font> {_text(c.field)}: '
        f"<b>{_text(c.old_value)}</b> {arrow} <b>{_text(c.new_value)}</b>, by "
        f"{_text(c.corrected_by)}, {_text(_when(c.corrected_at))}. Reason: {_text(c.reason)}"
    )


# --- the cover ---------------------------------------------------------------------------------


def _din_cell(record: BatchRecord, fonts: FontSet, styles: _Styles) -> Table:
    """The DIN with its check character in a box beside it, as on the labels."""
    h = record.header
    box = Table(
        [[_p(h.din_display, styles.label), _p(h.check_character, styles.label)]],
        colWidths=(stringWidth(h.din_display, fonts.bold, 8.5) + 8, 12),
        hAlign="LEFT",
    )
    box.setStyle(
        TableStyle(
            [
                ("BOX", (1, 0), (1, 0), 0.8, colors.black),
                ("ALIGN", (1, 0), (1, 0), "CENTER"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("LEFTPADDING", (1, 0), (1, 0), 2.5),
                ("TOPPADDING", (0, 0), (-1, -1), 0.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    return box


def _offset(record: BatchRecord) -> str:
    """The site's UTC offset as '+08:00'."""
    text = f"{record.read_at:%z}"
    return f"{text[:3]}:{text[3:]}"


def _cover(record: BatchRecord, generated: str, fonts: FontSet, styles: _Styles) -> list[Flowable]:
    h = record.header
    signatures = record.signatures
    superseded = sum(1 for s in signatures if s.state != "valid")
    rows: list[tuple[str, Any]] = [
        ("DIN", _din_cell(record, fonts, styles)),
        ("Product", h.product),
        ("Storage", h.storage),
        ("Status", h.status),
        ("Patient", h.patient_name),
        ("MRN", h.mrn),
        ("Date of birth", h.date_of_birth.isoformat()),
        ("Sex", h.sex),
        ("Trial subject", h.trial_subject_number or "—"),
        ("Site", h.site),
        ("Lot started", _when(h.started_at)),
        ("Expiry", _when(h.expires_at) if h.expires_at else "not released"),
        ("Record as of", _when(record.read_at)),
        ("Generated", generated),
        ("Times", f"local to the site: {h.timezone} ({record.read_at:%Z}, UTC{_offset(record)})"),
        (
            "Contents",
            f"{len(record.sections)} sections; {len(signatures)} e-signatures"
            f" ({superseded} superseded or invalid); {len(record.corrections)} corrected "
            f"value{'s' if len(record.corrections) != 1 else ''}; release summary on the "
            "last page",
        ),
    ]
    printed = (
        h.patient_name
        + h.product
        + "".join(f.value for s in record.sections for e in s.entries for f in e.fields)
    )
    unprintable = fonts.unprintable(printed)
    if unprintable:
        rows.append(
            (
                "Warning",
                f"Some characters cannot be printed on this computer and show as empty boxes "
                f"(e.g. U+{ord(unprintable[0]):04X}): {fonts.note or 'the font lacks them'}. "
                "Install a Chinese TrueType font (e.g. fonts-wqy-microhei) and print again.",
            )
        )
    table = Table(
        [
            [
                _p(label, styles.label),
                value if isinstance(value, Flowable) else _p(value, styles.body),
            ]
            for label, value in rows
        ],
        colWidths=(32 * mm, None),
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#D0D0D0")),
            ]
        )
    )
    return [Paragraph("Batch record", styles.title), table, Spacer(1, 2 * mm)]


# --- sections ----------------------------------------------------------------------------------


def _section(section: Section, styles: _Styles, arrow: str) -> list[Flowable]:
    # A heading starts a new page when a few lines of its section would not fit under it;
    # its entries then split between rows (keepWithNext would push a long one to a new page).
    flow: list[Flowable] = [
        CondPageBreak(SECTION_START),
        _p(f"{section.number}. {section.title}", styles.section),
    ]
    if not section.entries:
        return [*flow, _p(section.empty, styles.muted)]
    if section.tabular:
        return [*flow, *_tabular(section.entries, styles, arrow)]
    for entry in section.entries:
        flow += _entry(entry, styles, arrow)
    return flow


def _entry(entry: Entry, styles: _Styles, arrow: str) -> list[Flowable]:
    """One step as a two-column table: its title on top (repeated when the step runs over a
    page), a void notice, the fields with their corrections, and its e-signatures last."""
    title = _text(entry.title) + (f" — {_text(_when(entry.at))}" if entry.at else "")
    if entry.corrected:
        title += _tag(CORRECTED)
    data: list[list[Any]] = [[Paragraph(title, styles.entry), ""]]
    commands = [*_grid(), ("SPAN", (0, 0), (-1, 0)), ("BACKGROUND", (0, 0), (-1, 0), GREY)]

    def full_width(flowable: Flowable, tint: Any = None) -> None:
        data.append([flowable, ""])
        row = len(data) - 1
        commands.append(("SPAN", (0, row), (-1, row)))
        if tint is not None:
            commands.append(("BACKGROUND", (0, row), (-1, row), tint))

    if entry.void:
        full_width(_p(entry.void, styles.void))
    for f in entry.fields:
        label = _text(f.label) + (_tag(CORRECTED) if f.corrected else "")
        data.append([Paragraph(label, styles.label), _p(f.value, styles.cell)])
        if f.corrected:
            commands.append(("BACKGROUND", (0, len(data) - 1), (-1, len(data) - 1), AMBER))
            for c in f.corrections:
                full_width(Paragraph(_change(c, arrow), styles.note), AMBER)
    if entry.signatures:
        full_width(_signatures(entry.signatures, styles, WIDTH - 6))
        last = len(data) - 1
        commands += [
            ("LEFTPADDING", (0, last), (-1, last), 3),
            ("TOPPADDING", (0, last), (-1, last), 4),
            ("BOTTOMPADDING", (0, last), (-1, last), 3),
        ]
    table = Table(
        data,
        colWidths=(0.34 * WIDTH, 0.66 * WIDTH),
        repeatRows=1,
        splitInRow=1,
        hAlign="LEFT",
        style=TableStyle(commands),
    )
    table.spaceBefore = 6
    return [table]


def _grid() -> list[tuple[Any, ...]]:
    return [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#C8C8C8")),
        ("BOX", (0, 0), (-1, -1), 0.5, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 1.8),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.2),
    ]


def _signatures(lines: Sequence[SignatureLine], styles: _Styles, width: float) -> Table:
    """The step's e-signatures: meaning, printed name (user ID), date/time, state."""
    head = ("E-signature", "Printed name (user ID)", "Date and time", "State")
    data = [[_p(t, styles.head) for t in head]]
    commands = [*_grid(), ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEF2F6"))]
    for line in lines:
        state = _text(line.state)
        if line.state != "valid":
            state = (
                f'<font color="{VOID_TEXT}"><b>{_text(line.state.upper())}</b></font> '
                f"{_text(line.note)}"
            )
        data.append(
            [
                _p(line.meaning, styles.cell),
                _p(f"{line.printed_name} ({line.username})", styles.cell),
                _p(line.when, styles.cell),
                Paragraph(state, styles.cell),
            ]
        )
    widths = [w * width for w in (0.2, 0.28, 0.2, 0.32)]
    return Table(data, colWidths=widths, hAlign="LEFT", style=TableStyle(commands))


def _column_widths(columns: list[list[str]], font: str, size: float) -> list[float]:
    """Widths that never break a word: each column gets its longest word (a short value such
    as "in date" counts as one word), then the room left goes to the columns with the most
    text (what a browser's table layout does)."""
    pad = 6.5

    def unbroken(text: str) -> list[str]:
        return [text] if len(text) <= SHORT else text.split() or [""]

    least = [
        max(stringWidth(w, font, size) for t in col for w in unbroken(t)) + pad for col in columns
    ]
    most = [
        min(max(stringWidth(t, font, size) for t in col) + pad, WIDTH * 0.45) for col in columns
    ]
    most = [max(m, low) for m, low in zip(most, least, strict=True)]
    if sum(least) >= WIDTH:
        return [w * WIDTH / sum(least) for w in least]
    spare = WIDTH - sum(least)
    want = sum(m - low for m, low in zip(most, least, strict=True))
    if want <= spare:  # everything fits on one line: share out what is left evenly
        return [m + (spare - want) / len(columns) for m in most]
    return [low + (m - low) * spare / want for m, low in zip(most, least, strict=True)]


def _plain(f: Field | None) -> str:
    """A cell's text as printed, for measuring: the value and its CORRECTED tag."""
    if f is None:
        return "—"
    return f"{f.value} [{CORRECTED}]" if f.corrected else f.value


def _tabular(entries: Sequence[Entry], styles: _Styles, arrow: str) -> list[Flowable]:
    """One line per entry, the fields as columns; corrections, voids and signatures on a full
    width line beneath the entry they belong to."""
    labels = [f.label for f in entries[0].fields if f.label != OTHER_CORRECTIONS]
    values = [{f.label: f for f in e.fields} for e in entries]
    columns = [[label] + [_plain(v.get(label)) for v in values] for label in labels]
    widths = _column_widths(columns, styles.cell.fontName, styles.cell.fontSize)
    data: list[list[Any]] = [[_p(label, styles.head) for label in labels]]
    commands = [*_grid(), ("BACKGROUND", (0, 0), (-1, 0), GREY)]
    blank = [""] * (len(labels) - 1)
    for entry, fields in zip(entries, values, strict=True):
        row = len(data)
        cells = []
        for col, label in enumerate(labels):
            f = fields.get(label)
            text = _text(f.value if f else "—") + (_tag(CORRECTED) if f and f.corrected else "")
            cells.append(Paragraph(text, styles.cell))
            if f and f.corrected:
                commands.append(("BACKGROUND", (col, row), (col, row), AMBER))
        data.append(cells)
        extra: list[tuple[str, Any]] = []
        if entry.void:
            extra.append((f'<font color="{VOID_TEXT}">{_text(entry.void)}</font>', GREY))
        extra += [(_change(c, arrow), AMBER) for c in entry.corrections]
        extra += [(_text("E-signature: " + s.manifestation), None) for s in entry.signatures]
        for markup, tint in extra:
            data.append([Paragraph(markup, styles.note), *blank])
            at = len(data) - 1
            commands.append(("SPAN", (0, at), (-1, at)))
            if tint is not None:
                commands.append(("BACKGROUND", (0, at), (-1, at), tint))
    table = Table(data, colWidths=widths, repeatRows=1, splitInRow=1, hAlign="LEFT")
    table.setStyle(TableStyle(commands))
    return [table]


def _corrections(corrections: Sequence[Correction], styles: _Styles, arrow: str) -> list[Flowable]:
    flow: list[Flowable] = [
        CondPageBreak(SECTION_START),
        _p(f"Corrected values ({len(corrections)})", styles.section),
    ]
    if not corrections:
        return [*flow, _p("No recorded value of this lot was corrected.", styles.muted)]
    flow.append(
        _p(
            "Every value changed after it was recorded, from the audit trail: the original "
            "value stays on record.",
            styles.muted,
        )
    )
    head = ("Record and field", f"Old {arrow} new", "Corrected by", "When", "Reason")
    data: list[list[Any]] = [[Paragraph(_text(t), styles.head) for t in head]]
    for c in corrections:
        data.append(
            [
                _p(f"{c.record}: {c.field}", styles.cell),
                Paragraph(f"{_text(c.old_value)} {arrow} <b>{_text(c.new_value)}</b>", styles.cell),
                _p(c.corrected_by, styles.cell),
                _p(_when(c.corrected_at), styles.cell),
                _p(c.reason, styles.cell),
            ]
        )
    widths = [w * WIDTH for w in (0.22, 0.2, 0.17, 0.15, 0.26)]
    table = Table(data, colWidths=widths, repeatRows=1, splitInRow=1, hAlign="LEFT")
    table.setStyle(TableStyle([*_grid(), ("BACKGROUND", (0, 0), (-1, 0), AMBER)]))
    table.spaceBefore = 3
    return [*flow, table]


# --- the last page -------------------------------------------------------------------------------


def _release(summary: ReleaseSummary, record: BatchRecord, styles: _Styles) -> list[Flowable]:
    if summary.decision == "released":
        verdict, colour = "RELEASED BY QA", "#1E6B2E"
    elif summary.decision == "rejected":
        verdict, colour = "REJECTED BY QA", VOID_TEXT
    else:
        verdict, colour = "NOT RELEASED", VOID_TEXT
    flow: list[Flowable] = [
        _p("Release summary", styles.title),
        Paragraph(f'<font color="{colour}">{_text(verdict)}</font>', styles.big),
        Spacer(1, 3 * mm),
    ]
    rows = [
        ("Lot status", summary.status),
        ("Decision", summary.decision or "no QA decision yet"),
        ("Decided by", summary.decided_by or "—"),
        ("Decided at", _when(summary.decided_at)),
        ("Specification", summary.specification or "—"),
        ("Expires at", _when(summary.expires_at)),
    ]
    if summary.reason:
        rows.append(("Reason", summary.reason))
    rows += [
        ("E-signature", summary.signature.manifestation if summary.signature else "—"),
        ("Deviations", summary.deviations),
        ("Labels", summary.labels),
        ("Corrected values", str(len(record.corrections))),
        ("E-signatures", str(len(record.signatures))),
    ]
    table = Table(
        [[_p(label, styles.label), _p(value, styles.body)] for label, value in rows],
        colWidths=(34 * mm, None),
        hAlign="LEFT",
    )
    table.setStyle(TableStyle(_grid()))
    flow.append(table)
    if summary.blockers:
        flow += [Spacer(1, 3 * mm), _p("Why the lot cannot be released now:", styles.label)]
        flow += [_p(f"• {b}", styles.body) for b in summary.blockers]
    elif summary.decision is None:
        flow += [
            Spacer(1, 3 * mm),
            _p("The release check finds nothing in the way: the lot awaits QA.", styles.label),
        ]
    if summary.results:
        flow += [
            Spacer(1, 4 * mm),
            _p("Release tests (judged now)", styles.label),
            Spacer(1, 1 * mm),
        ]
        data = [[_p(t, styles.head) for t in ("Test", "Result", "Limit", "Verdict")]]
        commands = [*_grid(), ("BACKGROUND", (0, 0), (-1, 0), GREY)]
        for test, result, limit, verdict_text in summary.results:
            if verdict_text != "pass":
                commands.append(("BACKGROUND", (3, len(data)), (3, len(data)), AMBER))
            data.append([_p(v, styles.cell) for v in (test, result, limit, verdict_text)])
        results = Table(
            data, colWidths=[w * WIDTH for w in (0.34, 0.26, 0.26, 0.14)], hAlign="LEFT"
        )
        results.setStyle(TableStyle(commands))
        flow.append(results)
    flow += [Spacer(1, 6 * mm), _p("End of batch record.", styles.muted)]
    return flow


# --- every page ----------------------------------------------------------------------------------


def _fit(text: str, font: str, size: float, width: float) -> tuple[str, float]:
    """The text at `size`, smaller down to 6 pt to fit `width`, then cut with an ellipsis."""
    while size > 6 and stringWidth(text, font, size) > width:
        size -= 0.25
    while stringWidth(text, font, size) > width and len(text) > 1:
        text = text[:-2] + "…"
    return text, size


def _numbered_canvas(
    record: BatchRecord, footer: str, fonts: FontSet, pages: list[int]
) -> type[Canvas]:
    """A canvas that holds every page until the end, then draws the identity band and
    'Page n of m' on each; the page count is left in `pages`."""
    h = record.header
    din = parse_din(h.din)

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            pages.append(len(self._pages))
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._band(number, len(self._pages))
                super().showPage()
            super().save()

        def _band(self, number: int, total: int) -> None:
            width, height = PAGE
            left, right = EDGE, width - EDGE
            top = height - MARGIN
            self.saveState()
            self.setFillColor(colors.black)
            # Line 1: what this is, and the DIN with its boxed check character (right).
            din_size = 13
            din_x = right - din_width(din, fonts.bold, din_size)
            draw_din(self, din, din_x, top - 12, font=fonts.bold, size=din_size)
            self.setFont(fonts.bold, 11)
            self.drawString(left, top - 11, "BATCH RECORD")
            self.setFont(fonts.regular, 7.5)
            product, size = _fit(h.product, fonts.regular, 7.5, din_x - left - 95)
            self.setFont(fonts.regular, size)
            self.drawString(left + 88, top - 11, product)
            # Line 2: the patient, by name and MRN (an autologous product). The MRN and date of
            # birth are never cut: a long name is set smaller, then shortened, instead.
            ids = f"   MRN {h.mrn}   DOB {h.date_of_birth}"
            room = right - left - stringWidth(ids, fonts.bold, 9)
            name, size = _fit(f"Patient: {h.patient_name}", fonts.bold, 9, room)
            self.setFont(fonts.bold, size)
            self.drawString(left, top - 27, name)
            self.setFont(fonts.bold, 9)
            self.drawString(left + stringWidth(name, fonts.bold, size), top - 27, ids)
            self.setStrokeColor(RULE)
            self.setLineWidth(0.6)
            self.line(left, top - HEADER_HEIGHT + 8, right, top - HEADER_HEIGHT + 8)
            # Footer: who generated it and when, and the page.
            y = MARGIN - 2
            self.line(left, y + 10, right, y + 10)
            self.setFont(fonts.regular, 7.5)
            self.setFillColor(colors.HexColor("#333333"))
            page = f"Page {number} of {total}"
            text, size = _fit(
                f"{footer} · {h.site} · DIN {h.din_display} {h.check_character}",
                fonts.regular,
                7.5,
                right - left - stringWidth(page, fonts.regular, 7.5) - 12,
            )
            self.setFont(fonts.regular, size)
            self.drawString(left, y, text)
            self.setFont(fonts.regular, 7.5)
            self.drawRightString(right, y, page)
            self.restoreState()

    return NumberedCanvas
