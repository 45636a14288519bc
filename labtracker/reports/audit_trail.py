"""Audit trail exports for review (21 CFR 11.10(b), (e)): CSV for a spreadsheet, PDF for paper.

Both take the rows `labtracker.services.audit.query_audit` returns; neither touches the
database. The CSV keeps every value exactly (see `spreadsheet_safe` for the one exception);
the PDF is what a reviewer prints, signs and files.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from io import BytesIO
from typing import TYPE_CHECKING, Any, TextIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from labtracker.reports.fonts import FontSet, register_fonts

if TYPE_CHECKING:  # typing only: reports never load the services or the database stack
    from labtracker.services.audit import AuditQuery, AuditRow

COLUMNS = (
    "Entry",
    "Time (UTC)",
    "User",
    "Station",
    "Action",
    "Table",
    "Record",
    "Field",
    "Old value",
    "New value",
    "Reason",
    "Lot DIN",
)
CHAIN_STATUS = {
    True: "Hash chain verified intact",
    False: "HASH CHAIN BROKEN – see labtracker audit verify",
    None: "not checked",
}
NO_ENTRIES = "No audit entries match this filter."

# A spreadsheet runs a cell starting with one of these as a formula (CSV injection). A leading
# quote makes it plain text; quoting values that already start with a quote keeps the rule
# reversible: remove one leading quote from any value that has one and the exact value is back.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")


# --- CSV ---------------------------------------------------------------------------------------


def spreadsheet_safe(value: str) -> str:
    """`value` with a leading ' when it starts with = + - @ tab, CR or ' itself, else unchanged.

    This changes values such as '-5.0' to "'-5.0" too: a spreadsheet cannot tell a negative
    number from a formula, and a reviewer's spreadsheet must never run an entry's content.
    """
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def write_audit_csv(rows: Iterable[AuditRow], stream: TextIO) -> int:
    """Write a header and one line per entry to `stream`; return the number of entries.

    Open the file with ``newline=""`` and ``encoding="utf-8"`` (``"utf-8-sig"`` if it is to be
    opened in Excel, which otherwise misreads Chinese names). Times are ISO 8601 in UTC with a
    Z. An absent value (None) and an empty text both come out as an empty cell.
    """
    writer = csv.writer(stream)
    writer.writerow(COLUMNS)
    count = 0
    for row in rows:
        writer.writerow([spreadsheet_safe(_text(value)) for value in _csv_values(row)])
        count += 1
    return count


def _csv_values(row: AuditRow) -> tuple[Any, ...]:
    occurred = _utc(row.occurred_at, f"Time of audit entry {row.entry_id}")
    return (
        row.entry_id,
        occurred.isoformat().replace("+00:00", "Z"),
        row.username,
        row.station,
        row.action,
        row.table_name,
        row.record_id,
        row.field,
        row.old_value,
        row.new_value,
        row.reason,
        row.lot_din,
    )


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _utc(moment: datetime, what: str) -> datetime:
    if moment.tzinfo is None:
        # A time without a zone cannot be placed on the record; printing a guess would be worse.
        raise ValueError(f"{what} has no time zone: {moment.isoformat()}")
    return moment.astimezone(UTC)


# --- PDF ---------------------------------------------------------------------------------------

PAGE = landscape(A4)
MARGIN = 12 * mm
EDGE = MARGIN + 6  # where text starts: reportlab's frames pad their content by 6 pt
CONTENT_WIDTH = PAGE[0] - 2 * EDGE
FOOTER_Y = 7 * mm
# Relative widths, scaled to the content width. "Old value → New value" shares one wide
# column: on paper the change reads as one phrase.
TABLE_COLUMNS = (
    ("Entry", 34),
    ("Time (UTC)", 50),
    ("User", 54),
    ("Station", 52),
    ("Action", 50),
    ("Table", 58),
    ("Record", 34),
    ("Field", 64),
    ("Old value → New value", 166),
    ("Reason", 134),
    ("Lot DIN", 77),
)
MARKED_ACTIONS = {  # shown in bold words, on a tinted row, so they stand out on paper
    "correct": ("correction", colors.HexColor("#FFF1CC")),
    "void": ("VOID", colors.HexColor("#F9DADA")),
}


def audit_trail_pdf(
    rows: Sequence[AuditRow],
    query: AuditQuery,
    *,
    generated_by: str,
    generated_at: datetime,
    site_name: str,
    chain_intact: bool | None,
) -> bytes:
    """The printable audit trail: A4 landscape, filter and chain status on top, one row per
    entry, 'Page N of M' and who generated it on every page."""
    fonts = register_fonts()
    styles = _Styles(fonts)
    generated = f"{_utc(generated_at, 'Generated at'):%Y-%m-%d %H:%M:%S} UTC by {generated_by}"
    story: list[Flowable] = [
        Paragraph("Audit trail", styles.title),
        _header_block(rows, query, generated, site_name, chain_intact, fonts, styles),
        Spacer(1, 4 * mm),
    ]
    if rows:
        story.append(_entries_table(rows, fonts, styles))
        end = f"End of audit trail: {len(rows)} {'entry' if len(rows) == 1 else 'entries'}."
        story += [Spacer(1, 3 * mm), Paragraph(end, styles.small)]
    else:
        story.append(Paragraph(NO_ENTRIES, styles.label))

    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 4 * mm,  # room for the footer
        title=f"Audit trail – {site_name}",
        author=generated_by,
        subject=f"Filter: {describe_filter(query)}",
        creator="labtracker",
    )
    footer = f"Audit trail – {site_name} – generated {generated}"
    document.build(story, canvasmaker=_numbered_canvas(footer, fonts.regular))
    return buffer.getvalue()


def describe_filter(query: AuditQuery) -> str:
    """The filter in words, each part 'all' when not set."""
    if query.table_name and query.record_id is not None:
        record = f"{query.table_name} #{query.record_id}"
    elif query.table_name:
        record = f"all in {query.table_name}"
    elif query.record_id is not None:
        record = f"#{query.record_id} in any table"
    else:
        record = "all"
    if query.start and query.end:
        time = f"from {_when(query.start)} to before {_when(query.end)}"
    elif query.start:
        time = f"from {_when(query.start)}"
    elif query.end:
        time = f"before {_when(query.end)}"
    else:
        time = "all"
    lot = query.lot_din.strip() if query.lot_din else "all"
    user = query.username.strip() if query.username else "all"
    return f"Lot: {lot} · User: {user} · Record: {record} · Time (UTC): {time}"


def _when(moment: datetime) -> str:
    return f"{_utc(moment, 'Filter time'):%Y-%m-%d %H:%M:%S}"


class _Styles:
    def __init__(self, fonts: FontSet) -> None:
        base = ParagraphStyle("base", fontName=fonts.regular, fontSize=9, leading=11.5)
        self.title = ParagraphStyle(
            "title", base, fontName=fonts.bold, fontSize=16, leading=20, spaceAfter=5
        )
        self.body = base
        self.label = ParagraphStyle("label", base, fontName=fonts.bold)
        self.small = ParagraphStyle("small", base, fontSize=7.5, leading=9.5)
        self.cell = ParagraphStyle("cell", base, fontSize=7, leading=8.6)
        self.head = ParagraphStyle("head", self.cell, fontName=fonts.bold)


def _header_block(
    rows: Sequence[AuditRow],
    query: AuditQuery,
    generated: str,
    site_name: str,
    chain_intact: bool | None,
    fonts: FontSet,
    styles: _Styles,
) -> Table:
    status = escape(CHAIN_STATUS[chain_intact])
    if chain_intact is False:
        status = f'<font color="#B00020"><b>{status}</b></font>'
    lines = [
        ("Site", escape(site_name)),
        ("Filter", escape(describe_filter(query))),
        ("Entries", str(len(rows))),
        ("Generated", escape(generated)),
        ("Hash chain", status),
    ]
    printed = [site_name, generated, *(_text(v) for row in rows for v in _csv_values(row))]
    unprintable = fonts.unprintable("".join(printed))
    if unprintable:
        lines.append(
            (
                "Warning",
                f"<b>Some characters cannot be printed on this computer and show as empty boxes "
                f"({len(unprintable)} distinct, e.g. U+{ord(unprintable[0]):04X}): "
                f"{escape(fonts.note or 'the font lacks them')}.</b> Use the CSV export for the "
                "exact values, or install a Chinese TrueType font (e.g. fonts-wqy-microhei).",
            )
        )
    table = Table(
        [[Paragraph(label, styles.label), Paragraph(value, styles.body)] for label, value in lines],
        colWidths=(28 * mm, None),
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return table


def _entries_table(rows: Sequence[AuditRow], fonts: FontSet, styles: _Styles) -> Table:
    arrow = "→" if not fonts.unprintable("→") else "->"
    total_width = sum(width for _, width in TABLE_COLUMNS)
    data = [[Paragraph(escape(title), styles.head) for title, _ in TABLE_COLUMNS]]
    commands: list[tuple[Any, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDDDDD")),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#999999")),
        ("BOX", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2.5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    for number, row in enumerate(rows, start=1):
        word, tint = MARKED_ACTIONS.get(row.action, (row.action, None))
        action = f"<b>{escape(word)}</b>" if tint else escape(word)
        if tint:
            commands.append(("BACKGROUND", (0, number), (-1, number), tint))
        when = _utc(row.occurred_at, f"Time of audit entry {row.entry_id}")
        cells = [
            str(row.entry_id),
            f"{when:%Y-%m-%d}<br/>{when:%H:%M:%S}",
            _markup(row.username),
            _markup(row.station),
            action,
            _markup(row.table_name),
            _markup(row.record_id),
            _markup(row.field),
            _change(row, arrow),
            _markup(row.reason),
            _markup(row.lot_din),
        ]
        data.append([Paragraph(cell, styles.cell) for cell in cells])
    # splitInRow: one entry with a very long value may run over a page instead of failing.
    return Table(
        data,
        colWidths=[width * CONTENT_WIDTH / total_width for _, width in TABLE_COLUMNS],
        repeatRows=1,
        splitInRow=1,
        style=TableStyle(commands),
        hAlign="LEFT",
    )


def _change(row: AuditRow, arrow: str) -> str:
    if row.field is None and row.old_value is None:  # a new record: its whole content
        return _markup(row.new_value)
    old = _markup(row.old_value) if row.old_value is not None else _EMPTY
    new = _markup(row.new_value) if row.new_value is not None else _EMPTY
    return f'{old} <font color="#555555">{arrow}</font> {new}'


_EMPTY = '<font color="#777777">(empty)</font>'


def _markup(value: Any) -> str:
    """A value as Paragraph markup that shows exactly its text (no tags, line breaks kept)."""
    return escape(_text(value)).replace("\r\n", "<br/>").replace("\n", "<br/>")


def _numbered_canvas(footer: str, font: str) -> type[Canvas]:
    """A canvas that holds every page until the end, then stamps 'Page N of M' and `footer`."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._stamp(number, total)
                super().showPage()
            super().save()

        def _stamp(self, number: int, total: int) -> None:
            width, _ = PAGE
            self.saveState()
            self.setStrokeColor(colors.HexColor("#999999"))
            self.setLineWidth(0.4)
            self.line(EDGE, FOOTER_Y + 9, width - EDGE, FOOTER_Y + 9)
            self.setFont(font, 7.5)
            self.setFillColor(colors.HexColor("#333333"))
            self.drawString(EDGE, FOOTER_Y, footer)
            self.drawRightString(width - EDGE, FOOTER_Y, f"Page {number} of {total}")
            self.restoreState()

    return NumberedCanvas
