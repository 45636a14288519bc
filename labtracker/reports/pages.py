"""The page frame shared by printed lot records (certificate of analysis, chain of custody):
on every page a header naming the document, the site, the lot's DIN with its boxed check
character and the patient, and a footer with who generated it, when, and "Page n of m".

`build_document(story, frame)` lays out a reportlab story inside that frame and returns the
PDF. `report_fonts()` gives a Latin face with a true bold (DejaVu Sans) and the Chinese face
(labtracker.reports.fonts) for the characters the Latin face lacks; `ReportFonts.markup`
switches faces inside a Paragraph, `ReportFonts.face` chooses one for a canvas string.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate

from labtracker.domain.errors import LabtrackerError
from labtracker.domain.identifiers import Din
from labtracker.reports.barcodes import din_width, draw_din
from labtracker.reports.fonts import DEJAVU, register_fonts

__all__ = [
    "GREY",
    "PageFrame",
    "ReportFonts",
    "ReportRefusedError",
    "build_document",
    "content_width",
    "report_fonts",
]

GREY = colors.HexColor("#555555")
RULE = colors.HexColor("#999999")
MARGIN = 14 * mm
HEADER_HEIGHT = 17 * mm  # title and site left, DIN and patient right, then a rule
FOOTER_HEIGHT = 9 * mm


class ReportRefusedError(LabtrackerError):
    """A printed record cannot be made as asked (e.g. no font for the patient's name)."""


@dataclass(frozen=True)
class ReportFonts:
    """Registered font names: ``regular``/``bold`` for Latin text, ``cjk`` (or None) for the
    characters they lack, such as a Chinese patient name."""

    regular: str
    bold: str
    cjk: str | None

    def _has(self, font: str, ch: str) -> bool:
        face = pdfmetrics.getFont(font)
        if isinstance(face, TTFont):
            return ord(ch) in face.face.charToGlyph
        try:  # a standard PDF font prints cp1252 text
            ch.encode("cp1252")
        except UnicodeEncodeError:
            return False
        return True

    def missing(self, text: str) -> str:
        """The distinct characters of ``text`` no face here can print (they would be boxes)."""
        found = dict.fromkeys(
            ch
            for ch in text
            if not ch.isspace()
            and not self._has(self.regular, ch)
            and not (self.cjk and self._has(self.cjk, ch))
        )
        return "".join(found)

    def require(self, text: str, what: str) -> None:
        """Refuse a record that would print ``text`` (``what``) as empty boxes."""
        missing = self.missing(text)
        if missing:
            raise ReportRefusedError(
                f"This computer has no font for {missing!r} in the {what} {text!r}; the record "
                "would print empty boxes. Install a Chinese TrueType font (fonts-wqy-microhei)."
            )

    def face(self, text: str, *, bold: bool = False) -> str:
        """The Latin face when it has every character of ``text``, else the Chinese one."""
        latin = self.bold if bold else self.regular
        if self.cjk and any(not ch.isspace() and not self._has(latin, ch) for ch in text):
            return self.cjk
        return latin

    def markup(self, text: object) -> str:
        """``text`` as Paragraph markup: escaped, line breaks kept, and every run of
        characters the Latin face lacks set in the Chinese face."""
        raw = "" if text is None else str(text)
        if not self.cjk:
            return escape(raw).replace("\n", "<br/>")
        parts: list[str] = []
        run: list[str] = []
        run_cjk = False
        for ch in raw:
            is_cjk = not ch.isspace() and not self._has(self.regular, ch)
            if run and is_cjk != run_cjk:
                parts.append(self._run("".join(run), run_cjk))
                run = []
            run.append(ch)
            run_cjk = is_cjk
        if run:
            parts.append(self._run("".join(run), run_cjk))
        return "".join(parts).replace("\n", "<br/>")

    def _run(self, text: str, cjk: bool) -> str:
        return f'<font name="{self.cjk}">{escape(text)}</font>' if cjk else escape(text)


@functools.cache
def report_fonts() -> ReportFonts:
    """DejaVu Sans (regular and bold) for Latin text when installed, with the Chinese face
    found by `register_fonts`; otherwise that family alone."""
    base = register_fonts()
    names = []
    for name in ("DejaVuSans", "DejaVuSans-Bold"):
        try:
            pdfmetrics.getFont(name)
        except KeyError:
            path = DEJAVU / f"{name}.ttf"
            if not path.is_file():
                break
            try:
                pdfmetrics.registerFont(TTFont(name, str(path)))
            except Exception:  # reportlab raises several kinds for a font it cannot embed
                break
        names.append(name)
    if len(names) == 2:
        from reportlab.lib.fonts import addMapping

        # <b> inside a Paragraph set in DejaVuSans selects its true bold.
        addMapping("DejaVuSans", 0, 0, "DejaVuSans")
        addMapping("DejaVuSans", 1, 0, "DejaVuSans-Bold")
        addMapping("DejaVuSans", 0, 1, "DejaVuSans")
        addMapping("DejaVuSans", 1, 1, "DejaVuSans-Bold")
        return ReportFonts(names[0], names[1], base.regular if base.cjk else None)
    return ReportFonts(base.regular, base.bold, None)


@dataclass(frozen=True)
class PageFrame:
    """What every page of a lot record repeats."""

    title: str  # "Certificate of analysis"
    site: str  # "Xinxiang Bone Lab · facility A9999"
    din: Din | None  # printed with its check character in a box
    patient: str  # "张伟 (Zhang Wei) · MRN MRN0012345"
    generated: str  # "Generated 2026-03-26 18:10 Asia/Shanghai by Mei Chen (mchen)"


def build_document(
    story: Sequence[Flowable],
    frame: PageFrame,
    *,
    pagesize: tuple[float, float] = A4,
    subject: str = "",
    author: str = "",
) -> bytes:
    """The PDF of ``story`` with ``frame``'s header and footer on every page."""
    fonts = report_fonts()
    fonts.require(frame.patient, "patient line")
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + HEADER_HEIGHT,
        bottomMargin=MARGIN + FOOTER_HEIGHT,
        title=f"{frame.title} – {frame.din.code}" if frame.din else frame.title,
        author=author,
        subject=subject,
        creator="labtracker",
    )
    document.build(list(story), canvasmaker=_framed_canvas(frame, fonts, pagesize))
    return buffer.getvalue()


def content_width(pagesize: tuple[float, float] = A4) -> float:
    """Room between the margins for a table (reportlab's frame pads 6 pt each side)."""
    return pagesize[0] - 2 * MARGIN - 12


def _framed_canvas(frame: PageFrame, fonts: ReportFonts, page: tuple[float, float]) -> type:
    """A canvas that keeps every page until the end, then draws the frame with the total."""

    class FramedCanvas(Canvas):
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
                _draw_frame(self, frame, fonts, page, number, total)
                super().showPage()
            super().save()

    return FramedCanvas


def _draw_frame(
    canvas: Canvas,
    frame: PageFrame,
    fonts: ReportFonts,
    page: tuple[float, float],
    number: int,
    total: int,
) -> None:
    width, height = page
    left, right = MARGIN + 6, width - MARGIN - 6
    top = height - MARGIN
    canvas.saveState()
    # Header: the document and the site at the left ...
    canvas.setFillColor(colors.black)
    canvas.setFont(fonts.face(frame.title, bold=True), 14)
    canvas.drawString(left, top - 14, frame.title)
    canvas.setFont(fonts.face(frame.site), 8.5)
    canvas.setFillColor(GREY)
    canvas.drawString(left, top - 27, frame.site)
    # ... the lot and the patient at the right, on every page.
    canvas.setFillColor(colors.black)
    if frame.din is not None:
        size = 12
        din_font = fonts.bold
        din_x = right - din_width(frame.din, din_font, size)
        draw_din(canvas, frame.din, din_x, top - 14, font=din_font, size=size)
        canvas.setFont(fonts.regular, 7)
        canvas.setFillColor(GREY)
        canvas.drawRightString(din_x - 5, top - 13, "DIN")
        canvas.setFillColor(colors.black)
    patient_font = fonts.face(frame.patient)
    patient_size = 9
    while stringWidth(frame.patient, patient_font, patient_size) > (right - left) * 0.6:
        patient_size -= 0.25
        if patient_size < 6.5:
            break
    canvas.setFont(patient_font, patient_size)
    canvas.drawRightString(right, top - 28, frame.patient)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.6)
    rule_y = top - HEADER_HEIGHT + 5
    canvas.line(left, rule_y, right, rule_y)
    # Footer: who generated it and when; page n of m.
    footer_y = MARGIN
    canvas.line(left, footer_y + 10, right, footer_y + 10)
    page_text = f"Page {number} of {total}"
    canvas.setFillColor(colors.HexColor("#333333"))
    canvas.setFont(fonts.regular, 7.5)
    canvas.drawRightString(right, footer_y, page_text)
    room = right - left - stringWidth(page_text, fonts.regular, 7.5) - 12
    font = fonts.face(frame.generated)
    size = 7.5
    while size > 5.5 and stringWidth(frame.generated, font, size) > room:
        size -= 0.25
    canvas.setFont(font, size)
    canvas.drawString(left, footer_y, frame.generated)
    canvas.restoreState()
