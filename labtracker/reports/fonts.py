"""Fonts for printed output: a TrueType family that can print Chinese names when the machine
has one, found once per process.

reportlab's built-in Helvetica covers Western European text only, and a TrueType font without
a glyph prints a blank in its place without any error, so the choice is made here, once, and
every report can ask `FontSet.unprintable` before it prints something a reader would miss.
"""

from __future__ import annotations

import functools
import logging
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

log = logging.getLogger(__name__)

CJK_PROBE = "张伟"  # a patient name as the lab writes it
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
# Where there is no fontconfig (Windows): TrueType-outline CJK fonts that ship with the system.
SYSTEM_CJK = (Path("C:/Windows/Fonts/msyh.ttc"), Path("C:/Windows/Fonts/simhei.ttf"))


@dataclass(frozen=True)
class FontSet:
    """Registered reportlab font names; `<b>` in a Paragraph in `regular` selects `bold`."""

    regular: str
    bold: str
    cjk: bool = False
    note: str | None = None  # why printing is limited, when it is

    def unprintable(self, text: str) -> str:
        """The distinct characters of `text` these fonts would print as blanks, in order."""
        missing = dict.fromkeys(ch for ch in text if not ch.isspace() and not self._has(ch))
        return "".join(missing)

    def _has(self, ch: str) -> bool:
        font = pdfmetrics.getFont(self.regular)
        face = getattr(font, "face", None)
        if face is not None:  # TrueType
            return ord(ch) in face.charToGlyph
        try:  # reportlab's standard fonts print WinAnsi (cp1252) text
            ch.encode("cp1252")
        except UnicodeEncodeError:
            return False
        return True


@functools.cache
def register_fonts() -> FontSet:
    """Register the best available fonts with reportlab; never raises for a missing font."""
    regular, bold = _cjk_candidates()
    for path, index in regular:
        if (font := _load(path, index)) is not None and _covers(font, CJK_PROBE):
            bold_font = next((f for p, i in bold if (f := _load(p, i)) is not None), None)
            return _family(font, bold_font or font, cjk=True)
    note = "no font with Chinese characters is installed, so Chinese text prints as blanks"
    dejavu = _load(DEJAVU / "DejaVuSans.ttf", 0)
    if dejavu is not None:
        log.warning("Printing with DejaVu Sans: %s.", note)
        return _family(dejavu, _load(DEJAVU / "DejaVuSans-Bold.ttf", 0) or dejavu, note=note)
    log.warning("Printing with Helvetica: %s, nor DejaVu Sans.", note)
    return FontSet("Helvetica", "Helvetica-Bold", note=f"{note} (nor is DejaVu Sans)")


def _cjk_candidates() -> tuple[list[tuple[Path, int]], list[tuple[Path, int]]]:
    """(regular, bold) faces that claim Chinese coverage: fontconfig's list, else system files."""
    regular = [(path, 0) for path in SYSTEM_CJK]
    bold: list[tuple[Path, int]] = []
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return regular, bold
    try:
        listing = subprocess.run(
            [fc_list, "--format", r"%{file}\t%{index}\t%{style[0]}\n", ":lang=zh"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError) as error:
        log.warning("Could not list the installed fonts (%s).", error)
        return regular, bold
    found: list[tuple[str, Path, int]] = []
    for line in sorted(listing.splitlines()):
        file, _, rest = line.partition("\t")
        index, _, style = rest.partition("\t")
        if file and index.isdigit():
            found.append((style.lower(), Path(file), int(index)))
    plain = {"regular", "book", "normal", "medium", "roman", ""}
    regular = [(p, i) for s, p, i in found if s in plain] + regular
    bold = [(p, i) for s, p, i in found if s == "bold"]
    return regular, bold


def _load(path: Path, index: int) -> TTFont | None:
    """The font at `path`, registered; None when it is absent or reportlab cannot embed it."""
    name = f"{path.stem}-{index}"
    try:
        return pdfmetrics.getFont(name)  # type: ignore[return-value]
    except KeyError:
        pass
    if not path.is_file():
        return None
    try:
        # CFF-outline OpenType (e.g. Noto Sans CJK .ttc) is refused here; the next one is tried.
        font = TTFont(name, str(path), subfontIndex=index)
    except Exception as error:  # reportlab raises TTFError, struct.error, IndexError, ...
        log.info("Font %s (face %d) is not usable for PDF: %s", path, index, error)
        return None
    pdfmetrics.registerFont(font)
    return font


def _covers(font: TTFont, text: str) -> bool:
    return all(ord(ch) in font.face.charToGlyph for ch in text)


def _family(regular: TTFont, bold: TTFont, *, cjk: bool = False, note: str | None = None):
    # Without the mapping, <b> in a Paragraph would fall back to Helvetica-Bold.
    for is_bold, is_italic, font in ((0, 0, regular), (1, 0, bold), (0, 1, regular), (1, 1, bold)):
        addMapping(regular.fontName, is_bold, is_italic, font.fontName)
    return FontSet(regular.fontName, bold.fontName, cjk=cjk, note=note)
