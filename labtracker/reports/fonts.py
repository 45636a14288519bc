"""Fonts for printed output: a TrueType family that can print Chinese names when the machine
has one, found once per process.

reportlab's built-in Helvetica covers Western European text only, and a TrueType font without
a glyph prints an empty box in its place without any error, so the choice is made here, once, and
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
        """The distinct characters of `text` these fonts cannot draw (they print as empty boxes)."""
        missing = dict.fromkeys(ch for ch in text if not ch.isspace() and not self._has(ch))
        return "".join(missing)

    def _has(self, ch: str) -> bool:
        font = pdfmetrics.getFont(self.regular)
        if isinstance(font, TTFont):
            return ord(ch) in font.face.charToGlyph
        try:  # reportlab's standard fonts print WinAnsi (cp1252) text
            ch.encode("cp1252")
        except UnicodeEncodeError:
            return False
        return True


@functools.cache
def register_fonts() -> FontSet:
    """Register the best available fonts with reportlab; never raises for a missing font."""
    for regular_face, bold_faces in _cjk_candidates():
        if (regular := _load(*regular_face)) is not None and _covers(regular, CJK_PROBE):
            bold = next((f for face in bold_faces if (f := _load(*face)) is not None), regular)
            return _family(regular, bold, cjk=True)
    dejavu = _load(DEJAVU / "DejaVuSans.ttf", 0)
    if dejavu is not None:
        note = "no font with Chinese characters is installed; Chinese text prints as empty boxes"
        log.warning("Printing with DejaVu Sans: %s.", note)
        return _family(dejavu, _load(DEJAVU / "DejaVuSans-Bold.ttf", 0) or dejavu, note=note)
    note = "neither DejaVu Sans nor a Chinese font is installed; only Western text prints"
    log.warning("Printing with Helvetica: %s.", note)
    return FontSet("Helvetica", "Helvetica-Bold", note=note)


Face = tuple[Path, int]  # a font file and the face's index in it (for .ttc collections)


def _cjk_candidates() -> list[tuple[Face, list[Face]]]:
    """Regular faces claiming Chinese coverage, each with its family's bold faces."""
    system: list[tuple[Face, list[Face]]] = [((path, 0), []) for path in SYSTEM_CJK]
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return system
    try:
        listing = subprocess.run(
            [fc_list, "--format", r"%{family[0]}\t%{style[0]}\t%{index}\t%{file}\n", ":lang=zh"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError) as error:
        log.warning("Could not list the installed fonts (%s).", error)
        return system
    faces: list[tuple[str, str, Face]] = []
    for line in sorted(listing.splitlines()):
        parts = line.split("\t", 3)
        if len(parts) == 4 and parts[2].isdigit():
            family, style, index, file = parts
            faces.append((family, style.lower(), (Path(file), int(index))))
    plain = {"regular", "book", "normal", "medium", "roman", ""}
    found = [
        (face, [f for fam, s, f in faces if fam == family and s == "bold"])
        for family, style, face in faces
        if style in plain
    ]
    return found + system


def _load(path: Path, index: int) -> TTFont | None:
    """The font at `path`, registered; None when it is absent or reportlab cannot embed it."""
    if not path.is_file():
        return None
    name = f"{path.stem}-{index}"
    try:
        return pdfmetrics.getFont(name)  # type: ignore[return-value]
    except KeyError:
        pass
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


def _family(
    regular: TTFont, bold: TTFont, *, cjk: bool = False, note: str | None = None
) -> FontSet:
    # Without the mapping, <b> in a Paragraph would fall back to Helvetica-Bold.
    for is_bold, is_italic, font in ((0, 0, regular), (1, 0, bold), (0, 1, regular), (1, 1, bold)):
        addMapping(regular.fontName, is_bold, is_italic, font.fontName)
    return FontSet(regular.fontName, bold.fontName, cjk=cjk, note=note)
