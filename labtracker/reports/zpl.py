"""Labels as ZPL II, for Zebra printers driven without a driver (raw TCP port 9100 or a file).

`render_zpl(kind, data, stock)` takes the same frozen label data as the PDF labels
(labtracker.reports.labels) and follows the same content rules: the DIN printed as text with
its check character in a box (never in a barcode), Code 128 (``^BC``) of ``=`` + DIN + flags,
a DataMatrix (``^BX``, ECC 200) of the vessel ID, the ISBT ``&>`` expiry symbol on release
labels, FOR AUTOLOGOUS USE ONLY, QUARANTINE – NOT FOR IMPLANTATION, and a REPRINT tag. The
symbols carry exactly what `labtracker.reports.labels.symbols` lists for the PDF.

Sizes: the label is laid out in printer dots for the stock (``^PW``/``^LL``) at the printer's
resolution (203, 300 or 600 dpi). Code 128 modules are a whole number of dots of at least
0.25 mm (2 dots at 203 dpi, 3 at 300), with 10-module quiet zones kept clear; the code sets are
the same as the PDF symbol's, given to the printer with ZPL's subset invocation codes (mode N),
so the printed symbol is exactly as wide as the one the PDF layout was checked with. A4 sheets
are for office printers and are refused here.

Text: the printer sets it in its own fonts. ``^CI28`` makes the field data UTF-8. Latin text
uses the resident scalable font 0, with typographic dashes and quotes in their plain forms
(QUARANTINE - NOT FOR IMPLANTATION prints with a hyphen, so no warning depends on an optional
font); text with other characters (a Chinese patient name) uses the TrueType font named by
``unicode_font`` (default ``E:ANMDS.TTF``, Zebra's Andale Mono Simplified Chinese), which must
be loaded on the printer: without it the printer prints those characters as blanks. Widths
are estimated from DejaVu Sans Condensed Bold (wider than font 0) with a full em per CJK
character, so fitted text errs on the short side; identifiers are never cut (a label they do
not fit is refused).
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from reportlab.graphics.barcode.code128 import Code128
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont

from labtracker.domain.errors import InvalidValueError
from labtracker.domain.identifiers import Din, din_barcode_data, expiry_data_structure, format_din
from labtracker.reports.barcodes import (
    CODE128_QUIET_MODULES,
    DATAMATRIX_MIN_MODULE_MM,
    DATAMATRIX_QUIET_MODULES,
    check_ascii,
    datamatrix_matrix,
    dot,
    module_for,
)
from labtracker.reports.fonts import DEJAVU
from labtracker.reports.labels import (
    AUTOLOGOUS,
    LABEL_DATA,
    MAX_COPIES,
    QUARANTINE,
    REPRINT,
    STYLES,
    LabelKind,
    LabelRefusedError,
    Stock,
    check_stock,
)

__all__ = [
    "UNICODE_FONT",
    "ZPL_DPIS",
    "printable",
    "render_zpl",
    "text_width",
    "zpl_code128",
]

ZPL_DPIS = (203, 300, 600)  # Zebra print heads: 8, 12 and 24 dots per mm
UNICODE_FONT = "E:ANMDS.TTF"
ELLIPSIS = "..."  # font 0 has no U+2026


# --- field data ---------------------------------------------------------------------------------

_START = {103: ">9", 104: ">:", 105: ">;"}


def zpl_code128(data: str) -> str:
    """``^BC`` field data (mode N) that encodes exactly ``data`` with the code sets the PDF
    symbol uses: ``>:`` start B, ``>;`` start C, ``>5`` to C, ``>6`` to B, ``>7`` to A, and
    ``><`` for a literal ``>``."""
    symbol = Code128(check_ascii(data), quiet=0, humanReadable=0)
    symbol.validate()
    symbol.encode()
    values = list(symbol.encoded)[:-2]  # the printer adds the check symbol and the stop
    out = [_START[values[0]]]
    current = {103: "A", 104: "B", 105: "C"}[values[0]]
    for value in values[1:]:
        if current == "C":
            if value == 100:
                out.append(">6")
                current = "B"
            elif value == 101:
                out.append(">7")
                current = "A"
            else:
                out.append(f"{value:02d}")
            continue
        if value == 99:
            out.append(">5")
            current = "C"
        elif current == "A" and value == 100:
            out.append(">6")
            current = "B"
        elif current == "B" and value == 101:
            out.append(">7")
            current = "A"
        elif value < 64 or (current == "B" and value < 95):
            char = chr(value + 32)
            out.append("><" if char == ">" else char)
        else:
            raise LabelRefusedError(f"Code 128 value {value} in {data!r} has no ZPL form here.")
    return "".join(out)


def _field(text: str) -> str:
    """``^FD`` … ``^FS`` for ``text``; the characters ZPL reads as commands are hex-escaped."""
    if any(ch in text for ch in "^~_"):
        escaped = "".join(
            "".join(f"_{byte:02X}" for byte in ch.encode("utf-8")) if ch in "^~_" else ch
            for ch in text
        )
        return f"^FH_^FD{escaped}^FS"
    return f"^FD{text}^FS"


# --- text widths --------------------------------------------------------------------------------


@functools.cache
def _metrics_font() -> str:
    name = "DejaVuSansCondensed-Bold"
    try:
        pdfmetrics.getFont(name)
        return name
    except KeyError:
        pass
    path = DEJAVU / f"{name}.ttf"
    try:
        pdfmetrics.registerFont(TTFont(name, str(path)))
        return name
    except Exception:  # missing or unreadable: Helvetica Bold is wider still
        return "Helvetica-Bold"


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def text_width(text: str, height: int) -> float:
    """Estimated width in dots of ``text`` set at ``height`` dots (an upper bound for font 0;
    a full em for each CJK character)."""
    font = _metrics_font()
    total = 0.0
    for ch in text:
        if _wide(ch):
            total += height
        else:
            try:
                total += stringWidth(ch, font, height)
            except Exception:  # a character the metrics font cannot measure
                total += height
    return total


def _latin1(text: str) -> bool:
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


# Typographic characters outside Latin-1 with a plain equivalent in font 0: the warnings
# ("QUARANTINE – NOT FOR IMPLANTATION") and storage lines then never depend on an optional font.
_PLAIN = str.maketrans(
    {"–": "-", "—": "-", "‐": "-", "…": "...", "‘": "'", "’": "'", "“": '"', "”": '"'}
)


def printable(text: str) -> str:
    """``text`` as the printer gets it: typographic dashes, quotes and the ellipsis in their
    plain forms when that leaves only Latin-1 (set in font 0); other text unchanged (set in
    the Unicode font)."""
    plain = text.translate(_PLAIN)
    return plain if _latin1(plain) else text


# --- the label being laid out ---------------------------------------------------------------------


@dataclass
class _Label:
    stock: Stock
    dpi: int
    reprint: bool
    unicode_font: str

    def __post_init__(self) -> None:
        self.commands: list[str] = []
        self.width = self.mm(self.stock.width_mm)
        self.height = self.mm(self.stock.height_mm)
        margin = self.mm(self.stock.margin_mm)
        self.left, self.right = margin, self.width - margin
        self.top, self.bottom = margin, self.height - margin
        style = STYLES[self.stock.code]
        self.style = style
        self.gap = max(1, self.mm(style.gap_mm))
        self.module = round(module_for(self.dpi) / dot(self.dpi))
        self.bar_height = self.mm(style.bar_height_mm)
        self.floor = self.pt(style.floor)

    def mm(self, value: float) -> int:
        return round(value / 25.4 * self.dpi)

    def pt(self, value: float) -> int:
        return round(value / 72 * self.dpi)

    # -- text

    def font(self, text: str, height: int) -> str:
        if _latin1(text):
            return f"^A0N,{height},{height}"
        return f"^A@N,{height},{height},{self.unicode_font}"

    def fit(self, text: str, width: int, height: int, critical: str | None) -> tuple[str, int]:
        text = printable(" ".join(text.split()))
        floor = min(self.floor, height)
        size = height
        while size >= floor:
            if text_width(text, size) <= width:
                return text, size
            size -= 1
        if critical:
            raise LabelRefusedError(
                f"The {critical} {text!r} does not fit on the {self.stock.code} label; "
                "it is never cut short. Use a larger stock."
            )
        cut = text
        while cut and text_width(cut + ELLIPSIS, floor) > width:
            cut = cut[:-1]
        return cut.rstrip() + ELLIPSIS, floor

    def text(
        self,
        x: int,
        y: int,
        text: str,
        height: int,
        *,
        reverse: bool = False,
        block: tuple[int, str] | None = None,
    ) -> None:
        text = printable(text)
        parts = [f"^FO{x},{y}", self.font(text, height)]
        if reverse:
            parts.append("^FR")
        if block is not None:
            parts.append(f"^FB{block[0]},1,0,{block[1]}")
        parts.append(_field(text))
        self.commands.append("".join(parts))

    def box(self, x: int, y: int, w: int, h: int, thickness: int, *, reverse: bool = False) -> None:
        fr = "^FR" if reverse else ""
        self.commands.append(f"^FO{x},{y}{fr}^GB{w},{h},{thickness}^FS")

    def reprint_tag(self, right: int, y: int, height: int, *, on_black: bool) -> int:
        """The REPRINT tag ending at ``right``; white on black, or black on white inside a
        black banner. Returns its width (0 when this is not a reprint)."""
        if not self.reprint:
            return 0
        pad = max(2, round(height * 0.3))
        w = round(text_width(REPRINT, height)) + 2 * pad
        h = height + pad
        x = right - w
        # Inside a banner the box reverses black to white; elsewhere it is drawn black.
        self.box(x, y, w, h, h, reverse=on_black)
        self.text(x + pad, y + pad // 2, REPRINT, height, reverse=True)
        return w

    # -- symbols

    def code128_width(self, data: str) -> int:
        from labtracker.reports.barcodes import code128_modules

        modules = sum(width for _, width in code128_modules(data))
        return (modules + 2 * CODE128_QUIET_MODULES) * self.module

    def code128(self, data: str, left: int, right: int, top: int, *, align: str = "center") -> int:
        """A Code 128 whose quiet zones lie within [left, right] and bars start at ``top``;
        returns the x of its left quiet zone."""
        width = self.code128_width(data)
        if width > right - left:
            raise LabelRefusedError(
                f"The barcode {data!r} needs {width} dots with its quiet zones; the "
                f"{self.stock.code} label has {right - left} at {self.dpi} dpi."
            )
        x = left + (right - left - width) // 2 if align == "center" else left
        bars = x + CODE128_QUIET_MODULES * self.module
        self.commands.append(
            f"^BY{self.module},3,{self.bar_height}^FO{bars},{top}"
            f"^BCN,{self.bar_height},N,N,N,N^FD{zpl_code128(data)}^FS"
        )
        return x

    def datamatrix(self, data: str, right: int, top: int) -> tuple[int, int]:
        """A DataMatrix at the top right; returns (x of its quiet zone, side in dots)."""
        module = round(
            module_for(self.dpi, max(self.style.matrix_module_mm, DATAMATRIX_MIN_MODULE_MM))
            / dot(self.dpi)
        )
        matrix = datamatrix_matrix(data)
        size = max(len(matrix), len(matrix[0]))
        quiet = DATAMATRIX_QUIET_MODULES * module
        side = size * module + 2 * quiet
        x = right - side
        self.commands.append(f"^FO{x + quiet},{top + quiet}^BXN,{module},200{_field(data)}")
        return x, side

    def zpl(self, copies: int) -> bytes:
        head = [
            "^XA",
            "^CI28",  # field data is UTF-8
            f"^PW{self.width}",
            f"^LL{self.height}",
            "^LH0,0",
            "^PON",
        ]
        tail = [f"^PQ{copies},0,1,Y", "^XZ", ""]
        return "\n".join(head + self.commands + tail).encode("utf-8")


class _Flow:
    """Lines set from the top of a column down; refuses to run into what lies below."""

    def __init__(self, label: _Label, left: int, right: int, top: int, floor: int) -> None:
        self.label = label
        self.left, self.right = left, right
        self.y = top
        self.floor = floor  # the lowest y text may reach

    @property
    def width(self) -> int:
        return self.right - self.left

    def _room(self, height: int) -> None:
        if self.y + height > self.floor:
            raise LabelRefusedError(
                f"The {self.label.stock.code} label has no room left for its text; "
                "this layout needs a larger stock."
            )

    def line(
        self, text: str, pt: float, *, critical: str | None = None, reserve_right: int = 0
    ) -> None:
        label = self.label
        shown, height = label.fit(text, self.width - reserve_right, label.pt(pt), critical)
        self._room(height)
        label.text(self.left, self.y, shown, height)
        self.y += height + label.gap

    def lines(self, text: str, pt: float, max_lines: int) -> None:
        """Word-wrapped onto at most ``max_lines`` lines, set smaller (down to the floor) when
        it does not fit at ``pt``; the last line is cut only at the floor."""
        label = self.label
        height = label.pt(pt)
        floor = min(label.floor, height)
        while True:
            rows = self._wrap(printable(text).split(), height)
            if len(rows) <= max_lines or height <= floor:
                break
            height -= 1
        if len(rows) > max_lines:
            rows = [*rows[: max_lines - 1], " ".join(rows[max_lines - 1 :])]
        for row in rows:
            shown, used = label.fit(row, self.width, height, None)
            self._room(used)
            label.text(self.left, self.y, shown, used)
            self.y += used + label.gap

    def _wrap(self, words: list[str], height: int) -> list[str]:
        rows: list[str] = []
        words = list(words)
        while words:
            row = words.pop(0)
            while words and text_width(f"{row} {words[0]}", height) <= self.width:
                row = f"{row} {words.pop(0)}"
            rows.append(row)
        return rows

    def name(self, text: str, pt: float, small: float) -> None:
        label = self.label
        if text_width(" ".join(text.split()), round(label.pt(pt) * 0.8)) <= self.width:
            self.line(text, pt)
        else:
            self.lines(text, small, 2)

    def din(self, din: Din, pt: float) -> None:
        label = self.label
        text = format_din(din)
        height = label.pt(pt)
        while self._din_width(text, height) > self.width:
            height -= 1
            if height < label.floor:
                raise LabelRefusedError(
                    f"The DIN does not fit on the {label.stock.code} label; it is never cut."
                )
        side = round(height * 1.2)
        self._room(side)
        label.text(self.left, self.y + round(height * 0.12), text, height)
        box_x = self.left + round(text_width(text, height) + height * 0.45)
        thickness = max(2, round(height * 0.08))
        label.box(box_x, self.y, side, side, thickness)
        label.text(
            box_x,
            self.y + round(height * 0.12),
            din.check_character,
            height,
            block=(side, "C"),
        )
        self.y += side + label.gap

    @staticmethod
    def _din_width(text: str, height: int) -> float:
        return text_width(text, height) + height * 0.45 + round(height * 1.2)

    def banner(self, lines: list[str], pt: float, *, min_pt: float | None = None) -> None:
        """White on black across the column, with the REPRINT tag at its right."""
        label = self.label
        height = label.pt(pt)
        pad = max(2, round(height * 0.2))
        total = len(lines) * round(height * 1.1) + 2 * pad
        self._room(total)
        label.box(self.left, self.y, self.width, total, total)
        tag = label.reprint_tag(self.right - pad, self.y + pad, round(height * 0.75), on_black=True)
        inner = self.width - 2 * pad - (tag + pad if tag else 0)
        y = self.y + pad
        for text in lines:
            shown, used = label.fit(text, inner, height, None)
            if min_pt is not None and used < label.pt(min_pt):
                raise LabelRefusedError(
                    f"{text!r} would print smaller than {min_pt:g} pt on the "
                    f"{label.stock.code} label; it must stand out."
                )
            label.text(self.left + pad, y, shown, used, reverse=True, block=(inner, "C"))
            y += round(height * 1.1)
        self.y += total + label.gap

    def header(self, text: str, pt: float) -> None:
        label = self.label
        height = label.pt(pt)
        self._room(height)
        tag = label.reprint_tag(self.right, self.y, height, on_black=False)
        shown, used = label.fit(text, self.width - (tag + height if tag else 0), height, None)
        label.text(self.left, self.y, shown, used)
        self.y += height + (max(2, round(height * 0.3)) if tag else 0) + label.gap


def _local(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M}"


# --- the layouts: the same content as labtracker.reports.labels ---------------------------------


def _aspirate(label: _Label, data: Any) -> None:
    s = label.style
    bars_top = label.bottom - label.bar_height
    flow = _Flow(label, label.left, label.right, label.top, bars_top - label.gap)
    flow.banner([AUTOLOGOUS], s.banner)
    flow.din(data.din, s.din)
    flow.line(data.patient_name, s.strong)
    flow.line(f"MRN {data.mrn}", s.body, critical="MRN")
    if label.stock.code != "2x1in":
        flow.line(f"Bone marrow aspirate · collected {_local(data.collected_at)}", s.body)
    else:
        flow.line(f"Collected {_local(data.collected_at)}", s.small)
    label.code128(din_barcode_data(data.din), label.left, label.right, bars_top)


def _vessel(label: _Label, data: Any) -> None:
    s = label.style
    with_code128 = label.stock.code != "2x1in"
    bars_top = label.bottom - label.bar_height
    floor = bars_top - label.gap if with_code128 else label.bottom
    matrix_x, side = label.datamatrix(data.vessel_code, label.right, label.top)
    if label.top + side > floor:
        raise LabelRefusedError(f"The vessel's 2-D code does not fit the {label.stock.code} label.")
    flow = _Flow(label, label.left, matrix_x - label.gap, label.top, floor)
    flow.header("VESSEL", s.small)
    flow.din(data.din, s.din)
    flow.line(data.vessel_code, s.strong, critical="vessel ID")
    kind = f" · {data.vessel_type}" if data.vessel_type else ""
    flow.line(f"Passage P{data.passage}{kind}", s.body)
    flow.line(f"Seeded {_local(data.seeded_at)}", s.small)
    if with_code128:
        label.code128(data.vessel_code, label.left, label.right, bars_top, align="left")


def _custody(label: _Label, data: Any) -> None:
    s = label.style
    bars_top = label.bottom - label.bar_height
    symbol = din_barcode_data(data.din)
    x = label.code128(symbol, label.left, label.right, bars_top, align="left")
    side = _Flow(label, x + label.code128_width(symbol), label.right, bars_top, label.bottom)
    side.line("Store at", s.small)
    side.line(data.storage_temperature, s.body)
    flow = _Flow(label, label.left, label.right, label.top, bars_top - label.gap)
    flow.header("CUSTODY – TRANSPORT", s.body)
    flow.din(data.din, s.din)
    flow.line(f"From: {data.from_text}", s.body)
    flow.line(f"To: {data.to_text}", s.body)
    flow.line(f"{data.event} {_local(data.handed_over_at)}", s.body)
    flow.line(f"Handler: {data.handler}", s.body)


def _quarantine(label: _Label, data: Any) -> None:
    s = label.style
    bars_top = label.bottom - label.bar_height
    flow = _Flow(label, label.left, label.right, label.top, bars_top - label.gap)
    pt = s.banner + 2
    height = label.pt(pt)
    tag = text_width(REPRINT, round(height * 0.75)) + height if label.reprint else 0
    if text_width(printable(QUARANTINE), height) + height <= flow.width - tag:
        flow.banner([QUARANTINE], pt, min_pt=pt)
    else:
        head, tail = QUARANTINE.split(" – ")
        flow.banner([f"{head} –", tail], pt, min_pt=s.banner)
    flow.din(data.din, s.din)
    if label.stock.code == "2x1in":
        if data.seeded_at:
            flow.line(f"Seeded {_local(data.seeded_at)}", s.small)
    else:
        if data.product and label.stock.code == "4x2in":
            flow.line(data.product, s.small)
        seeded = f" · seeded {_local(data.seeded_at)}" if data.seeded_at else ""
        flow.line(f"Awaiting QC results and QA release{seeded}", s.small)
    label.code128(din_barcode_data(data.din), label.left, label.right, bars_top)


def _release(label: _Label, data: Any) -> None:
    s = label.style
    top = _Flow(label, label.left, label.right, label.top, label.bottom)
    top.banner([AUTOLOGOUS], s.banner)
    # Right: the two symbols, each with its human-readable line beneath (ISBT 128 style).
    din_symbol = din_barcode_data(data.din)
    expiry_symbol = expiry_data_structure(data.expires_at)
    column = max(label.code128_width(din_symbol), label.code128_width(expiry_symbol))
    column_left = label.right - column
    y = top.y
    label.code128(din_symbol, column_left, label.right, y, align="left")
    under = _Flow(label, column_left, label.right, y + label.bar_height + label.gap, label.bottom)
    under.din(data.din, s.din)
    exp_height = label.pt(s.body + 1)
    expiry_top = label.bottom - exp_height - label.gap - label.bar_height
    if expiry_top < under.y:
        raise LabelRefusedError(f"The release label's symbols do not fit {label.stock.code}.")
    label.code128(expiry_symbol, column_left, label.right, expiry_top, align="left")
    exp = _Flow(
        label, column_left, label.right, expiry_top + label.bar_height + label.gap, label.bottom
    )
    exp.line(f"EXP {_local(data.expires_at)}", s.body + 1, critical="expiry")
    # Left: who it is for and what it is.
    left = _Flow(label, label.left, column_left - 2 * label.gap, y, label.bottom)
    left.name(data.patient_name, s.strong, s.body)
    left.line(f"MRN {data.mrn} · DOB {data.date_of_birth:%Y-%m-%d}", s.body, critical="MRN")
    left.lines(data.product, s.small, 2)
    left.line(f"Store at {data.storage_temperature}", s.body)
    left.line(f"Scaffold lot {data.scaffold_lot}", s.small, critical="scaffold lot")
    left.line(f"Released by QA {data.released_by} {_local(data.released_at)}", s.small)
    left.line(data.facility, s.small)


_LAYOUTS = {
    LabelKind.ASPIRATE: _aspirate,
    LabelKind.VESSEL: _vessel,
    LabelKind.CUSTODY: _custody,
    LabelKind.QUARANTINE: _quarantine,
    LabelKind.RELEASE: _release,
}


def render_zpl(
    kind: str | LabelKind,
    data: Any,
    stock: str,
    *,
    copies: int = 1,
    reprint: bool = False,
    printer_dpi: int | None = None,
    unicode_font: str = UNICODE_FONT,
) -> bytes:
    """One ZPL label format (UTF-8) printing ``copies`` labels of ``kind`` on a roll
    ``stock`` at ``printer_dpi`` (default: the stock's, 203 dpi)."""
    kind = LabelKind(kind) if isinstance(kind, LabelKind) else _kind(kind)
    chosen = check_stock(kind, stock)
    if chosen.sheet is not None:
        raise LabelRefusedError(
            f"{chosen.description} is printed as PDF on an office printer; ZPL is for roll "
            "labels on a Zebra printer (2x1in, 4x2in)."
        )
    expected = LABEL_DATA[kind]
    if not isinstance(data, expected):
        raise InvalidValueError(
            "Label data", type(data).__name__, f"a {expected.__name__} for a {kind.value} label"
        )
    if isinstance(copies, bool) or not isinstance(copies, int) or not 1 <= copies <= MAX_COPIES:
        raise InvalidValueError("Copies", copies, f"a whole number from 1 to {MAX_COPIES}")
    dpi = printer_dpi if printer_dpi is not None else chosen.dpi
    if dpi not in ZPL_DPIS:
        raise InvalidValueError(
            "Printer resolution", f"{dpi} dpi", " or ".join(f"{d} dpi" for d in ZPL_DPIS)
        )
    label = _Label(chosen, dpi, reprint, unicode_font)
    _LAYOUTS[kind](label, data)
    return label.zpl(copies)


def _kind(kind: str) -> LabelKind:
    try:
        return LabelKind(kind)
    except ValueError:
        raise InvalidValueError(
            "Label kind", kind, "one of " + ", ".join(k.value for k in LabelKind)
        ) from None
