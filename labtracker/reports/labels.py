"""Printed labels (domain.md §5): what each container carries, drawn to PDF with reportlab.

`render_label(kind, data, stock)` takes one of the frozen dataclasses below (plain values, no
database) and returns the PDF to send to the printer. The service that prints records what
was encoded (`symbols`) and which approved template layout was used (`label_definition`).

Stocks are the site's choices: ``2x1in`` and ``4x2in`` thermal-transfer rolls (one label a
page, 203 dpi) and ``A4-24``, an A4 sheet of 3 × 8 labels of 70 × 37 mm for an office laser
printer (600 dpi), filled with the copies asked for.

What each label carries, and what the small 2 × 1 in label leaves out:

==========  ===========================================  ===================================
kind        every stock                                  2 × 1 in
==========  ===========================================  ===================================
aspirate    FOR AUTOLOGOUS USE ONLY, DIN + check box,    all of it; no "bone marrow
            patient name, MRN, collection date/time,     aspirate" line
            Code 128 of the DIN
vessel      DIN + check box, vessel ID, passage, vessel  no Code 128 (a vessel ID is ~52 mm
            type, seeded date, DataMatrix of the         of bars at 0.25 mm: it does not
            vessel ID, Code 128 of the vessel ID         fit 50.8 mm)
custody     DIN + check box, from, to, date/time,        refused: six lines of text and a
            storage temperature, handler, Code 128 of    scannable DIN do not fit
            the DIN (scanned at each hand-over)
quarantine  QUARANTINE – NOT FOR IMPLANTATION (inverted  all of it; product line left out
            band), DIN + check box, seeded date, Code
            128 of the DIN
release     FOR AUTOLOGOUS USE ONLY, DIN + check box,    refused, and on A4-24 too: two
            product, patient name, MRN, date of birth,   symbols and ten fields cannot be
            expiry (text and ``&>`` Code 128), storage   set at a readable size
            temperature, released by QA name and time,
            scaffold lot, facility, Code 128 of the DIN
==========  ===========================================  ===================================

A reprint carries a black REPRINT tag in its top right corner. Text that is too long is set
smaller, down to a floor, then cut with an ellipsis; identifiers (DIN, vessel ID, MRN,
expiry) are never cut: a label they do not fit is refused. Nothing is drawn over a barcode
or its quiet zone.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from io import BytesIO
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from labtracker.domain.errors import InvalidValueError, LabtrackerError
from labtracker.domain.identifiers import Din, din_barcode_data, expiry_data_structure
from labtracker.domain.scan import ScanKind, classify
from labtracker.reports.barcodes import (
    CODE128_QUIET_MODULES,
    DATAMATRIX_MIN_MODULE_MM,
    code128_width,
    datamatrix_size,
    din_width,
    dot,
    draw_code128,
    draw_datamatrix,
    draw_din,
    module_for,
    snap,
)
from labtracker.reports.fonts import DEJAVU, FontSet, register_fonts

__all__ = [
    "LAYOUT_REVISION",
    "MAX_COPIES",
    "STOCKS",
    "SUPPORTED",
    "AspirateLabel",
    "CustodyLabel",
    "LabelKind",
    "LabelRefusedError",
    "QuarantineLabel",
    "ReleaseLabel",
    "Stock",
    "Symbol",
    "VesselLabel",
    "check_stock",
    "label_definition",
    "render_label",
    "symbols",
]

LAYOUT_REVISION = 1
"""Bumped whenever a layout below changes what or where it prints: a template approved for
an older revision no longer matches and QA must approve the new layout before it prints."""

MAX_COPIES = 240  # ten A4 sheets; more in one go is a typing error
AUTOLOGOUS = "FOR AUTOLOGOUS USE ONLY"
QUARANTINE = "QUARANTINE – NOT FOR IMPLANTATION"
REPRINT = "REPRINT"


class LabelRefusedError(LabtrackerError):
    """The label cannot be printed as asked (a stock it does not fit, data it cannot carry)."""


class LabelKind(StrEnum):
    ASPIRATE = "aspirate"
    VESSEL = "vessel"
    CUSTODY = "custody"
    QUARANTINE = "quarantine"
    RELEASE = "release"


# --- what a label carries ----------------------------------------------------------------------


def _aware(field: str, value: object) -> datetime:
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise InvalidValueError(field, value, "a date and time in the site's time zone")
    return value


def _din(value: object) -> Din:
    if not isinstance(value, Din):
        raise InvalidValueError("DIN", value, "a Din")
    return value


@dataclass(frozen=True)
class AspirateLabel:
    """The tube at collection. Times are the site's local wall-clock time."""

    din: Din
    collected_at: datetime
    patient_name: str
    mrn: str

    def __post_init__(self) -> None:
        _din(self.din)
        _aware("Collected at", self.collected_at)


@dataclass(frozen=True)
class VesselLabel:
    """Every flask or plate; its 2-D code carries the vessel ID (``{DIN}-P{passage}-{n}``)."""

    din: Din
    vessel_code: str
    passage: int
    seeded_at: datetime
    vessel_type: str = ""  # "T75"

    def __post_init__(self) -> None:
        _din(self.din)
        _aware("Seeded at", self.seeded_at)
        scanned = classify(self.vessel_code)
        # The 2-D code must name this lot and this passage: anything else is a mislabel.
        if (
            scanned.kind != ScanKind.VESSEL
            or scanned.din != self.din
            or scanned.passage != self.passage
            or scanned.code != self.vessel_code
        ):
            raise InvalidValueError(
                "Vessel ID",
                self.vessel_code,
                f"the ID of a passage-{self.passage} vessel of lot {self.din.code} "
                f"({self.din.code}-P{self.passage}-n)",
            )


@dataclass(frozen=True)
class CustodyLabel:
    """The outer package of a hand-over: from whom/where, to whom/where, when, how cold."""

    din: Din
    from_text: str  # "Cell lab, cleanroom B (Li Wang)"
    to_text: str
    handed_over_at: datetime
    storage_temperature: str  # "2–8 °C, do not freeze"
    handler: str  # who carries the package
    event: str = "Handed over"

    def __post_init__(self) -> None:
        _din(self.din)
        _aware("Handed over at", self.handed_over_at)


@dataclass(frozen=True)
class QuarantineLabel:
    """The construct awaiting its results."""

    din: Din
    seeded_at: datetime | None = None
    product: str = ""

    def __post_init__(self) -> None:
        _din(self.din)
        if self.seeded_at is not None:
            _aware("Seeded at", self.seeded_at)


@dataclass(frozen=True)
class ReleaseLabel:
    """The released construct. ``expires_at`` is the local wall-clock expiry: the ``&>``
    symbol carries its wall-clock fields (domain.md §4)."""

    din: Din
    product: str
    patient_name: str
    mrn: str
    date_of_birth: date
    expires_at: datetime
    storage_temperature: str
    released_by: str
    released_at: datetime
    scaffold_lot: str  # "220945 (SC000001)": manufacturer's lot and the lab's label code
    facility: str

    def __post_init__(self) -> None:
        _din(self.din)
        _aware("Expires at", self.expires_at)
        _aware("Released at", self.released_at)
        expiry_data_structure(self.expires_at)  # refuses what cannot be encoded, early


LABEL_DATA: dict[LabelKind, type] = {
    LabelKind.ASPIRATE: AspirateLabel,
    LabelKind.VESSEL: VesselLabel,
    LabelKind.CUSTODY: CustodyLabel,
    LabelKind.QUARANTINE: QuarantineLabel,
    LabelKind.RELEASE: ReleaseLabel,
}


# --- stocks and styles --------------------------------------------------------------------------


@dataclass(frozen=True)
class Sheet:
    columns: int
    rows: int
    left_mm: float
    top_mm: float
    page: tuple[float, float]  # points


@dataclass(frozen=True)
class Stock:
    code: str
    description: str
    width_mm: float
    height_mm: float
    margin_mm: float  # kept clear at every edge: printer registration and die-cut tolerance
    dpi: int  # the printer it is made for, unless the template says otherwise
    sheet: Sheet | None = None

    @property
    def size(self) -> tuple[float, float]:
        return self.width_mm * mm, self.height_mm * mm


STOCKS: dict[str, Stock] = {
    "2x1in": Stock("2x1in", "2 × 1 in roll label (50.8 × 25.4 mm)", 50.8, 25.4, 1.5, 203),
    "4x2in": Stock("4x2in", "4 × 2 in roll label (101.6 × 50.8 mm)", 101.6, 50.8, 2.5, 203),
    "A4-24": Stock(
        "A4-24",
        "A4 sheet of 24 labels, 3 × 8, each 70 × 37 mm",
        70.0,
        37.0,
        2.5,
        600,
        Sheet(3, 8, 0.0, 0.5, A4),
    ),
}


@dataclass(frozen=True)
class Style:
    """Type sizes (points) and symbol sizes of one stock."""

    banner: float
    din: float
    strong: float
    body: float
    small: float
    floor: float  # text is never set smaller than this
    bar_height_mm: float
    matrix_module_mm: float
    gap_mm: float


STYLES: dict[str, Style] = {
    "2x1in": Style(6.5, 9, 7, 6.5, 6, 5, 5.5, 0.5, 0.35),
    "A4-24": Style(8, 11, 8, 7, 6.5, 5, 7.0, 0.5, 0.6),
    "4x2in": Style(11, 14, 11, 9, 8, 6, 10.0, 0.625, 1.0),
}

SUPPORTED: dict[LabelKind, tuple[str, ...]] = {
    LabelKind.ASPIRATE: ("2x1in", "4x2in", "A4-24"),
    LabelKind.VESSEL: ("2x1in", "4x2in", "A4-24"),
    LabelKind.CUSTODY: ("4x2in", "A4-24"),
    LabelKind.QUARANTINE: ("2x1in", "4x2in", "A4-24"),
    LabelKind.RELEASE: ("4x2in",),
}
_REFUSALS = {
    (LabelKind.CUSTODY, "2x1in"): (
        "a custody label (DIN barcode, from, to, date/time, storage temperature and handler) "
        "cannot be printed readably on 50.8 × 25.4 mm"
    ),
    (LabelKind.RELEASE, "2x1in"): (
        "a release label (two barcodes and ten fields) cannot be printed readably on 50.8 × 25.4 mm"
    ),
    (LabelKind.RELEASE, "A4-24"): (
        "a release label (two barcodes and ten fields) cannot be printed readably on 70 × 37 mm"
    ),
}


def _kind(kind: str | LabelKind) -> LabelKind:
    try:
        return LabelKind(kind)
    except ValueError:
        raise InvalidValueError(
            "Label kind", kind, "one of " + ", ".join(k.value for k in LabelKind)
        ) from None


def check_stock(kind: str | LabelKind, stock: str) -> Stock:
    """The stock, if this kind of label is printed on it; otherwise a clear refusal."""
    kind = _kind(kind)
    if stock not in STOCKS:
        raise InvalidValueError("Label stock", stock, "one of " + ", ".join(STOCKS))
    if stock not in SUPPORTED[kind]:
        why = _REFUSALS.get((kind, stock), "it does not fit")
        raise LabelRefusedError(
            f"A {kind.value} label cannot be printed on {STOCKS[stock].description}: {why}. "
            f"Use {' or '.join(SUPPORTED[kind])}."
        )
    return STOCKS[stock]


def _vessel_code128(stock: str) -> bool:
    return stock != "2x1in"


# --- symbols and the template definition --------------------------------------------------------


@dataclass(frozen=True)
class Symbol:
    """One barcode on the label: its symbology and exactly the data it carries."""

    symbology: str  # "Code 128" or "DataMatrix"
    data: str

    def __str__(self) -> str:
        return f"{self.symbology}: {self.data}"


def symbols(kind: str | LabelKind, data: Any, stock: str) -> tuple[Symbol, ...]:
    """Every symbol the label carries, in the order printed (top to bottom, left to right)."""
    kind = _kind(kind)
    check_stock(kind, stock)
    _check_data(kind, data)
    if kind is LabelKind.VESSEL:
        found = [Symbol("DataMatrix", data.vessel_code)]
        if _vessel_code128(stock):
            found.append(Symbol("Code 128", data.vessel_code))
        return tuple(found)
    din_symbol = Symbol("Code 128", din_barcode_data(data.din))
    if kind is LabelKind.RELEASE:
        return din_symbol, Symbol("Code 128", expiry_data_structure(data.expires_at))
    return (din_symbol,)


_FIELDS: dict[LabelKind, tuple[str, ...]] = {
    LabelKind.ASPIRATE: (
        AUTOLOGOUS,
        "DIN with check character box",
        "patient name",
        "MRN",
        "collection date/time",
    ),
    LabelKind.VESSEL: (
        "DIN with check character box",
        "vessel ID",
        "passage",
        "vessel type",
        "seeded date",
    ),
    LabelKind.CUSTODY: (
        "DIN with check character box",
        "from",
        "to",
        "hand-over date/time",
        "storage temperature",
        "handler",
    ),
    LabelKind.QUARANTINE: (QUARANTINE, "DIN with check character box", "seeded date"),
    LabelKind.RELEASE: (
        AUTOLOGOUS,
        "DIN with check character box",
        "patient name",
        "MRN",
        "date of birth",
        "product description",
        "storage temperature",
        "scaffold lot",
        "released by QA name and date/time",
        "facility",
        "expiry date/time",
    ),
}
_SYMBOLS: dict[LabelKind, tuple[str, ...]] = {
    LabelKind.ASPIRATE: ("Code 128: = + DIN + 00",),
    LabelKind.VESSEL: ("DataMatrix: vessel ID", "Code 128: vessel ID"),
    LabelKind.CUSTODY: ("Code 128: = + DIN + 00",),
    LabelKind.QUARANTINE: ("Code 128: = + DIN + 00",),
    LabelKind.RELEASE: ("Code 128: = + DIN + 00", "Code 128: &> expiry (cyyjjjhhmm)"),
}


def label_definition(
    kind: str | LabelKind, stock: str, printer_dpi: int | None = None
) -> dict[str, Any]:
    """The layout this module draws for ``kind`` on ``stock``, as a template records it.

    A template's definition is this dictionary; printing compares the approved definition
    with what the installed code would draw and refuses a mismatch."""
    kind = _kind(kind)
    chosen = check_stock(kind, stock)
    dpi = printer_dpi if printer_dpi is not None else chosen.dpi
    dot(dpi)  # refuses an impossible resolution
    style = STYLES[stock]
    fields = list(_FIELDS[kind])
    barcode_list = list(_SYMBOLS[kind])
    if kind is LabelKind.VESSEL and not _vessel_code128(stock):
        barcode_list.remove("Code 128: vessel ID")
    if kind is LabelKind.ASPIRATE and stock != "2x1in":
        fields.append("Bone marrow aspirate")
    if kind in (LabelKind.QUARANTINE,) and stock == "4x2in":
        fields.append("product description")
    definition: dict[str, Any] = {
        "layout_revision": LAYOUT_REVISION,
        "kind": kind.value,
        "stock": chosen.code,
        "size_mm": [chosen.width_mm, chosen.height_mm],
        "margin_mm": chosen.margin_mm,
        "sheet": (
            {
                "columns": chosen.sheet.columns,
                "rows": chosen.sheet.rows,
                "left_mm": chosen.sheet.left_mm,
                "top_mm": chosen.sheet.top_mm,
            }
            if chosen.sheet
            else None
        ),
        "printer_dpi": dpi,
        "code128": {
            "module_mm": round(module_for(dpi) / mm, 4),
            "quiet_zone_modules": CODE128_QUIET_MODULES,
            "height_mm": style.bar_height_mm,
        },
        "datamatrix": (
            {"module_mm": round(module_for(dpi, style.matrix_module_mm) / mm, 4)}
            if kind is LabelKind.VESSEL
            else None
        ),
        "fields": fields,
        "symbols": barcode_list,
        "text_pt": {
            "banner": style.banner,
            "din": style.din,
            "body": style.body,
            "minimum": style.floor,
        },
        "reprint_mark": REPRINT,
    }
    return definition


def _check_data(kind: LabelKind, data: Any) -> None:
    expected = LABEL_DATA[kind]
    if not isinstance(data, expected):
        raise InvalidValueError(
            "Label data", type(data).__name__, f"a {expected.__name__} for a {kind.value} label"
        )


# --- rendering ----------------------------------------------------------------------------------


def render_label(
    kind: str | LabelKind,
    data: Any,
    stock: str,
    *,
    copies: int = 1,
    reprint: bool = False,
    printer_dpi: int | None = None,
) -> bytes:
    """The PDF for ``copies`` labels: one a page on a roll, filling A4 sheets on ``A4-24``."""
    kind = _kind(kind)
    chosen = check_stock(kind, stock)
    _check_data(kind, data)
    if isinstance(copies, bool) or not isinstance(copies, int) or not 1 <= copies <= MAX_COPIES:
        raise InvalidValueError("Copies", copies, f"a whole number from 1 to {MAX_COPIES}")
    dpi = printer_dpi if printer_dpi is not None else chosen.dpi
    dot(dpi)
    fonts = register_fonts()
    draw = _LAYOUTS[kind]
    buffer = BytesIO()
    page = chosen.sheet.page if chosen.sheet else chosen.size
    canvas = Canvas(buffer, pagesize=page, pageCompression=1, invariant=1)
    canvas.setTitle(f"{kind.value} label {data.din.code}{' REPRINT' if reprint else ''}")
    canvas.setCreator("labtracker")
    for index, origin in enumerate(_positions(chosen, copies)):
        if index and (
            chosen.sheet is None or index % (chosen.sheet.columns * chosen.sheet.rows) == 0
        ):
            canvas.showPage()
        area = _Area(canvas, chosen, STYLES[stock], fonts, dpi, origin, reprint)
        canvas.saveState()
        canvas.translate(*origin)
        draw(area, data)
        canvas.restoreState()
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _positions(stock: Stock, copies: int) -> list[tuple[float, float]]:
    if stock.sheet is None:
        return [(0.0, 0.0)] * copies
    sheet = stock.sheet
    per_page = sheet.columns * sheet.rows
    found = []
    for i in range(copies):
        slot = i % per_page
        row, column = divmod(slot, sheet.columns)
        x = (sheet.left_mm + column * stock.width_mm) * mm
        y = sheet.page[1] - (sheet.top_mm + (row + 1) * stock.height_mm) * mm
        found.append((x, y))
    return found


@dataclass(frozen=True)
class _Faces:
    regular: str
    bold: str

    @staticmethod
    def covers(font: str, text: str) -> bool:
        face = pdfmetrics.getFont(font)
        if isinstance(face, TTFont):
            glyphs = face.face.charToGlyph
            return all(ord(ch) in glyphs for ch in text if not ch.isspace())
        try:  # a standard PDF font prints cp1252 text
            text.encode("cp1252")
        except UnicodeEncodeError:
            return False
        return True


@functools.cache
def _latin_faces(fonts: FontSet) -> _Faces:
    """DejaVu Sans Condensed, embedded: narrow and legible at 5 pt, with a true bold (the
    Chinese face has none). Without it, the report fonts (or Helvetica) serve."""
    found = []
    for name in ("DejaVuSansCondensed", "DejaVuSansCondensed-Bold"):
        path = DEJAVU / f"{name}.ttf"
        try:
            pdfmetrics.getFont(name)
        except KeyError:
            if not path.is_file():
                break
            try:
                pdfmetrics.registerFont(TTFont(name, str(path)))
            except Exception:  # reportlab raises several kinds for a font it cannot embed
                break
        found.append(name)
    if len(found) == 2:
        return _Faces(*found)
    bold = fonts.bold if fonts.bold != fonts.regular else "Helvetica-Bold"
    return _Faces(fonts.regular, bold)


class _Area:
    """One label being drawn: its stock, style and fonts, in label coordinates (points from
    its bottom-left corner)."""

    def __init__(
        self,
        canvas: Canvas,
        stock: Stock,
        style: Style,
        fonts: FontSet,
        dpi: int,
        origin: tuple[float, float],
        reprint: bool,
    ) -> None:
        self.canvas = canvas
        self.stock = stock
        self.style = style
        self.fonts = fonts
        self.dpi = dpi
        self.origin = origin
        self.reprint = reprint
        self.faces = _latin_faces(fonts)
        width, height = stock.size
        margin = stock.margin_mm * mm
        self.left, self.right = margin, width - margin
        self.bottom, self.top = margin, height - margin
        self.gap = style.gap_mm * mm
        self.module = module_for(dpi)
        self.bar_height = style.bar_height_mm * mm

    # -- placement on the printer's dots

    def snap_x(self, x: float) -> float:
        return snap(self.origin[0] + x, self.dpi) - self.origin[0]

    def snap_y(self, y: float) -> float:
        return snap(self.origin[1] + y, self.dpi) - self.origin[1]

    # -- text

    def font(self, text: str, bold: bool) -> str:
        """The embedded Latin face when it has every character, else the CJK-capable one.

        Fonts are embedded, never left to the printer or viewer to substitute: the widths
        measured here are the widths printed, so fitted text cannot run into a barcode."""
        latin = self.faces.bold if bold else self.faces.regular
        if self.faces.covers(latin, text):
            return latin
        fallback = self.fonts.bold if bold else self.fonts.regular
        missing = self.fonts.unprintable(text)
        if missing:
            raise LabelRefusedError(
                f"This computer has no font for {missing!r} in {text!r}; the label would "
                "print empty boxes. Install a Chinese TrueType font (fonts-wqy-microhei)."
            )
        return fallback

    def fit(
        self,
        text: str,
        width: float,
        size: float,
        *,
        bold: bool = False,
        critical: str | None = None,
        font: str | None = None,
    ) -> tuple[str, float, str]:
        """(text, size, font) that fit ``width``: smaller type first, down to the floor, then
        an ellipsis. ``critical`` names an identifier, which is never cut: refused instead."""
        text = " ".join(text.split())
        font = font or self.font(text, bold)
        floor = min(self.style.floor, size)
        current = size
        while current >= floor:
            if stringWidth(text, font, current) <= width:
                return text, current, font
            current -= 0.25
        if critical:
            raise LabelRefusedError(
                f"The {critical} {text!r} does not fit on the {self.stock.code} label; "
                "it is never cut short. Use a larger stock."
            )
        cut = text
        while cut and stringWidth(cut + "…", font, floor) > width:
            cut = cut[:-1]
        return cut.rstrip() + "…", floor, font

    def text(
        self,
        text: str,
        x: float,
        baseline: float,
        width: float,
        size: float,
        *,
        bold: bool = False,
        critical: str | None = None,
        align: str = "left",
        white: bool = False,
        font: str | None = None,
    ) -> float:
        """Draw one line fitted to ``width``; returns the size used."""
        shown, used, font = self.fit(text, width, size, bold=bold, critical=critical, font=font)
        canvas = self.canvas
        canvas.saveState()
        canvas.setFillColorRGB(*((1, 1, 1) if white else (0, 0, 0)))
        canvas.setFont(font, used)
        if align == "center":
            canvas.drawCentredString(x + width / 2, baseline, shown)
        elif align == "right":
            canvas.drawRightString(x + width, baseline, shown)
        else:
            canvas.drawString(x, baseline, shown)
        canvas.restoreState()
        return used

    def wrap(
        self, text: str, width: float, size: float, max_lines: int, *, bold: bool = False
    ) -> list[str]:
        """Greedy word wrap at ``size``; the last line is cut with an ellipsis if need be."""
        font = self.font(text, bold)
        lines: list[str] = []
        words = text.split()
        while words and len(lines) < max_lines:
            line = words.pop(0)
            while words and stringWidth(f"{line} {words[0]}", font, size) <= width:
                line = f"{line} {words.pop(0)}"
            lines.append(line)
        if words:
            lines[-1] = lines[-1] + " " + " ".join(words)
        return lines

    # -- the REPRINT mark

    def reprint_tag(self, right: float, baseline: float, size: float) -> float:
        """Draw the black REPRINT tag ending at ``right``, on ``baseline``; returns its width
        (0 when this is not a reprint)."""
        if not self.reprint:
            return 0.0
        font = self.faces.bold
        pad = size * 0.3
        width = stringWidth(REPRINT, font, size) + 2 * pad
        x = right - width
        canvas = self.canvas
        canvas.saveState()
        canvas.setFillColorRGB(0, 0, 0)
        canvas.rect(x, baseline - size * 0.28, width, size * 1.08, stroke=0, fill=1)
        canvas.setFillColorRGB(1, 1, 1)
        canvas.setFont(font, size)
        canvas.drawString(x + pad, baseline, REPRINT)
        canvas.restoreState()
        return width


class _Flow:
    """Lines set from the top of a column down; refuses to run into what lies below."""

    def __init__(self, area: _Area, left: float, right: float, top: float, floor: float):
        self.area = area
        self.left = left
        self.right = right
        self.y = top
        self.floor = floor  # the column's lowest usable point (a barcode may sit below it)

    @property
    def width(self) -> float:
        return self.right - self.left

    def _baseline(self, size: float) -> float:
        baseline = self.y - size * 0.78
        if baseline - size * 0.24 < self.floor - 0.01:
            raise LabelRefusedError(
                f"The {self.area.stock.code} label has no room left for its text; "
                "this layout needs a larger stock."
            )
        return baseline

    def line(
        self,
        text: str,
        size: float,
        *,
        bold: bool = False,
        critical: str | None = None,
        align: str = "left",
        reserve_right: float = 0.0,
        font: str | None = None,
    ) -> float:
        baseline = self._baseline(size)
        used = self.area.text(
            text,
            self.left,
            baseline,
            self.width - reserve_right,
            size,
            bold=bold,
            critical=critical,
            align=align,
            font=font,
        )
        self.y = baseline - size * 0.24 - self.area.gap
        return used

    def name(self, text: str, size: float, small: float) -> None:
        """A name on one line at up to a fifth smaller, else on two lines at ``small``."""
        font = self.area.font(text, True)
        if stringWidth(" ".join(text.split()), font, size * 0.8) <= self.width:
            self.line(text, size, bold=True)
        else:
            self.lines(text, small, 2, bold=True)

    def lines(self, text: str, size: float, max_lines: int, *, bold: bool = False) -> None:
        font = self.area.font(text, bold)  # one face for every line of the text
        for line in self.area.wrap(text, self.width, size, max_lines, bold=bold):
            self.line(line, size, font=font)

    def din(self, din: Din, size: float, *, reserve_right: float = 0.0) -> None:
        font = self.area.faces.bold
        width = self.width - reserve_right
        while din_width(din, font, size) > width:
            size -= 0.25
            if size < self.area.style.floor:
                raise LabelRefusedError(
                    f"The DIN does not fit on the {self.area.stock.code} label; it is never cut."
                )
        # The check character's box reaches 0.95 × size above the baseline, 0.25 × below.
        baseline = self.y - size * 1.0
        if baseline - size * 0.25 < self.floor - 0.01:
            raise LabelRefusedError(
                f"The {self.area.stock.code} label has no room left for the DIN; "
                "this layout needs a larger stock."
            )
        draw_din(self.area.canvas, din, self.left, baseline, font=font, size=size)
        self.y = baseline - size * 0.25 - self.area.gap

    def banner(self, text: str, size: float, *, min_size: float | None = None) -> None:
        """White on black across the column, with the REPRINT tag (white) at its right."""
        self.banner_lines([text], size, min_size=min_size)

    def banner_lines(self, lines: list[str], size: float, *, min_size: float | None = None) -> None:
        area = self.area
        pad = size * 0.2
        height = len(lines) * size * 1.1 + 2 * pad
        top = self.y
        canvas = area.canvas
        canvas.saveState()
        canvas.setFillColorRGB(0, 0, 0)
        canvas.rect(self.left, top - height, self.width, height, stroke=0, fill=1)
        canvas.restoreState()
        tag = (
            _reprint_on_banner(area, self.right, top - pad - size * 0.85, size * 0.75)
            if area.reprint
            else 0
        )
        inner = self.width - 2 * pad - (tag + pad if tag else 0)
        baseline = top - pad - size * 0.85
        for line in lines:
            shown, used, font = area.fit(line, inner, size, bold=True)
            if min_size is not None and used < min_size:
                raise LabelRefusedError(
                    f"{line!r} would print smaller than {min_size:g} pt on the "
                    f"{area.stock.code} label; it must stand out."
                )
            canvas.saveState()
            canvas.setFillColorRGB(1, 1, 1)
            canvas.setFont(font, used)
            canvas.drawCentredString(self.left + pad + inner / 2, baseline, shown)
            canvas.restoreState()
            baseline -= size * 1.1
        self.y = top - height - area.gap * 1.5

    def header(self, text: str, size: float) -> None:
        """A plain bold heading with the REPRINT tag, if any, at the right."""
        baseline = self._baseline(size)
        tag = self.area.reprint_tag(self.right, baseline, size)
        self.area.text(
            text,
            self.left,
            baseline,
            self.width - (tag + size * 0.4 if tag else 0),
            size,
            bold=True,
        )
        self.y = baseline - size * 0.3 - self.area.gap


def _reprint_on_banner(area: _Area, right: float, baseline: float, size: float) -> float:
    """The REPRINT tag inside a black banner: black text on a white tag."""
    font = area.faces.bold
    pad = size * 0.3
    width = stringWidth(REPRINT, font, size) + 2 * pad
    x = right - width - size * 0.3
    canvas = area.canvas
    canvas.saveState()
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(x, baseline - size * 0.3, width, size * 1.1, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.setFont(font, size)
    canvas.drawString(x + pad, baseline, REPRINT)
    canvas.restoreState()
    return width


def _code128_at(
    area: _Area, data: str, left: float, right: float, bottom: float, *, align: str = "center"
) -> tuple[float, float]:
    """Draw a Code 128 within [left, right] (its quiet zones included) with its bars from
    ``bottom``; returns (x, width). Refused if it does not fit: symbols are never shrunk."""
    width = code128_width(data, area.module)
    room = right - left
    if width > room + 0.01:
        raise LabelRefusedError(
            f"The barcode {data!r} needs {width / mm:.1f} mm with its quiet zones; the "
            f"{area.stock.code} label has {room / mm:.1f} mm for it."
        )
    if align == "center":
        x = left + (room - width) / 2
    elif align == "right":
        x = right - width
    else:
        x = left
    # Stay inside [left, right] after moving onto the dot grid.
    x = area.snap_x(x)
    step = dot(area.dpi)
    while x < left - 1e-6:
        x += step
    while x + width > right + 1e-6:
        x -= step
    draw_code128(
        area.canvas, data, x, area.snap_y(bottom), module=area.module, height=area.bar_height
    )
    return x, width


def _local(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M}"


# --- the layouts --------------------------------------------------------------------------------


def _draw_aspirate(area: _Area, data: AspirateLabel) -> None:
    s = area.style
    bar_bottom = area.bottom
    flow = _Flow(area, area.left, area.right, area.top, bar_bottom + area.bar_height + area.gap)
    flow.banner(AUTOLOGOUS, s.banner)
    flow.din(data.din, s.din)
    flow.line(data.patient_name, s.strong, bold=True)
    flow.line(f"MRN {data.mrn}", s.body, critical="MRN")
    if area.stock.code != "2x1in":
        flow.line(f"Bone marrow aspirate · collected {_local(data.collected_at)}", s.body)
    else:
        flow.line(f"Collected {_local(data.collected_at)}", s.small)
    _code128_at(area, din_barcode_data(data.din), area.left, area.right, bar_bottom)


def _draw_vessel(area: _Area, data: VesselLabel) -> None:
    s = area.style
    matrix_module = module_for(area.dpi, max(s.matrix_module_mm, DATAMATRIX_MIN_MODULE_MM))
    side = datamatrix_size(data.vessel_code, matrix_module)
    with_code128 = _vessel_code128(area.stock.code)
    floor = area.bottom + (area.bar_height + area.gap if with_code128 else 0)
    # The 2-D code sits top right; the text column stops short of it.
    matrix_x = area.snap_x(area.right - side)
    matrix_y = area.snap_y(area.top - side)
    if matrix_y < floor - 0.01:
        raise LabelRefusedError(f"The vessel's 2-D code does not fit the {area.stock.code} label.")
    draw_datamatrix(area.canvas, data.vessel_code, matrix_x, matrix_y, module=matrix_module)
    flow = _Flow(area, area.left, matrix_x - area.gap, area.top, floor)
    flow.header("VESSEL", s.small)
    flow.din(data.din, s.din)
    flow.line(data.vessel_code, s.strong, bold=True, critical="vessel ID")
    kind = f" · {data.vessel_type}" if data.vessel_type else ""
    flow.line(f"Passage P{data.passage}{kind}", s.body)
    flow.line(f"Seeded {_local(data.seeded_at)}", s.small)
    if with_code128:
        _code128_at(area, data.vessel_code, area.left, area.right, area.bottom, align="left")


def _draw_custody(area: _Area, data: CustodyLabel) -> None:
    s = area.style
    bar_bottom = area.bottom
    symbol = din_barcode_data(data.din)
    bar_x, bar_width = _code128_at(area, symbol, area.left, area.right, bar_bottom, align="left")
    # Beside the barcode: the storage temperature, which matters to whoever holds the box.
    side_left = bar_x + bar_width
    side = _Flow(area, side_left, area.right, bar_bottom + area.bar_height, bar_bottom)
    side.line("Store at", s.small)
    side.line(data.storage_temperature, s.body, bold=True)
    flow = _Flow(area, area.left, area.right, area.top, bar_bottom + area.bar_height + area.gap)
    flow.header("CUSTODY – TRANSPORT", s.body)
    flow.din(data.din, s.din)
    flow.line(f"From: {data.from_text}", s.body)
    flow.line(f"To: {data.to_text}", s.body)
    flow.line(f"{data.event} {_local(data.handed_over_at)}", s.body)
    flow.line(f"Handler: {data.handler}", s.body)


def _draw_quarantine(area: _Area, data: QuarantineLabel) -> None:
    s = area.style
    bar_bottom = area.bottom
    flow = _Flow(area, area.left, area.right, area.top, bar_bottom + area.bar_height + area.gap)
    size = s.banner + 2
    one_line = stringWidth(QUARANTINE, area.faces.bold, size) + size <= flow.width - (
        stringWidth(REPRINT, area.faces.bold, size * 0.75) + size if area.reprint else 0
    )
    if one_line:
        flow.banner(QUARANTINE, size, min_size=size)
    else:
        head, tail = QUARANTINE.split(" – ")
        flow.banner_lines([f"{head} –", tail], size, min_size=s.banner)
    flow.din(data.din, s.din)
    if area.stock.code == "2x1in":
        if data.seeded_at:
            flow.line(f"Seeded {_local(data.seeded_at)}", s.small)
    else:
        if data.product and area.stock.code == "4x2in":
            flow.line(data.product, s.small)
        seeded = f" · seeded {_local(data.seeded_at)}" if data.seeded_at else ""
        flow.line(f"Awaiting QC results and QA release{seeded}", s.small)
    _code128_at(area, din_barcode_data(data.din), area.left, area.right, bar_bottom)


def _draw_release(area: _Area, data: ReleaseLabel) -> None:
    s = area.style
    top = _Flow(area, area.left, area.right, area.top, area.bottom)
    top.banner(AUTOLOGOUS, s.banner)
    # Right: the two symbols with their human-readable lines beneath (ISBT 128 style).
    din_symbol = din_barcode_data(data.din)
    expiry_symbol = expiry_data_structure(data.expires_at)
    column = max(code128_width(din_symbol, area.module), code128_width(expiry_symbol, area.module))
    right_left = area.right - column
    y = top.y
    din_bar_bottom = y - area.bar_height
    _code128_at(area, din_symbol, right_left, area.right, din_bar_bottom, align="left")
    under = _Flow(area, right_left, area.right, din_bar_bottom - area.gap, area.bottom)
    under.din(data.din, s.din)
    expiry_bar_bottom = area.bottom + s.din * 1.25
    if expiry_bar_bottom + area.bar_height > under.y - area.gap:
        raise LabelRefusedError(f"The release label's symbols do not fit {area.stock.code}.")
    _code128_at(area, expiry_symbol, right_left, area.right, expiry_bar_bottom, align="left")
    exp = _Flow(area, right_left, area.right, expiry_bar_bottom - area.gap * 0.5, area.bottom)
    exp.line(f"EXP {_local(data.expires_at)}", s.body + 1, bold=True, critical="expiry")
    # Left: who it is for and what it is.
    left = _Flow(area, area.left, right_left - 2 * area.gap, y, area.bottom)
    left.name(data.patient_name, s.strong, s.body)
    left.line(f"MRN {data.mrn} · DOB {data.date_of_birth:%Y-%m-%d}", s.body, critical="MRN")
    left.lines(data.product, s.small, 2)
    left.line(f"Store at {data.storage_temperature}", s.body, bold=True)
    left.line(f"Scaffold lot {data.scaffold_lot}", s.small, critical="scaffold lot")
    left.line(f"Released by QA {data.released_by} {_local(data.released_at)}", s.small)
    left.line(data.facility, s.small)


_LAYOUTS: dict[LabelKind, Callable[[_Area, Any], None]] = {
    LabelKind.ASPIRATE: _draw_aspirate,
    LabelKind.VESSEL: _draw_vessel,
    LabelKind.CUSTODY: _draw_custody,
    LabelKind.QUARANTINE: _draw_quarantine,
    LabelKind.RELEASE: _draw_release,
}
