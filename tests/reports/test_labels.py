"""Printed labels, checked the way a scanner and a reader meet them: every kind on every
stock it supports is rendered to PDF, rasterised at 300 dpi (pdftoppm), every barcode is
decoded with zxing-cpp and compared with the data, the text is extracted (pdftotext), and no
word may sit on a barcode, its quiet zone, or outside the label's margins."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, datetime
from html import unescape
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import zxingcpp
from PIL import Image
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from labtracker.domain.errors import InvalidValueError
from labtracker.domain.identifiers import Din, din_check_character
from labtracker.reports import barcodes
from labtracker.reports.labels import (
    STOCKS,
    SUPPORTED,
    AspirateLabel,
    CustodyLabel,
    LabelKind,
    LabelRefusedError,
    QuarantineLabel,
    ReleaseLabel,
    Symbol,
    VesselLabel,
    label_definition,
    render_label,
    symbols,
)

pytestmark = pytest.mark.skipif(
    not (shutil.which("pdftoppm") and shutil.which("pdftotext")),
    reason="poppler-utils (pdftoppm, pdftotext) is needed to check printed labels",
)

DPI = 300
TZ = ZoneInfo("Asia/Shanghai")
DIN = Din("A9999", 26, 1)
CHECK = din_check_character(DIN.code)
PRODUCT = "Tissue-engineered bone (autologous BMSC on demineralized bone scaffold)"
NAME = "张伟 (Zhang Wei)"
LONG_NAME = "欧阳娜娜娜娜娜娜娜娜 (Ouyang Nananananananana Nanananananana-Nananana)"

SAMPLES: dict[LabelKind, object] = {
    LabelKind.ASPIRATE: AspirateLabel(
        DIN, datetime(2026, 3, 2, 17, 5, tzinfo=TZ), NAME, "MRN0012345"
    ),
    LabelKind.VESSEL: VesselLabel(
        DIN, "A999926000001-P1-2", 1, datetime(2026, 3, 9, 16, 0, tzinfo=TZ), "T75"
    ),
    LabelKind.CUSTODY: CustodyLabel(
        DIN,
        "Cell lab, cleanroom B (Li Wang)",
        "Operating theatre 3 (Dr Zhao Ming)",
        datetime(2026, 3, 26, 10, 10, tzinfo=TZ),
        "2–8 °C, do not freeze",
        "Courier Sun",
        "Dispatched",
    ),
    LabelKind.QUARANTINE: QuarantineLabel(DIN, datetime(2026, 3, 24, 9, 0, tzinfo=TZ), PRODUCT),
    LabelKind.RELEASE: ReleaseLabel(
        DIN,
        PRODUCT,
        NAME,
        "MRN0012345",
        date(1985, 5, 17),
        datetime(2026, 4, 8, 9, 30, tzinfo=TZ),
        "2–8 °C, do not freeze",
        "Mei Chen",
        datetime(2026, 4, 6, 9, 30, tzinfo=TZ),
        "220945 (SC000001)",
        "Xinxiang Bone Lab · A9999",
    ),
}

# What a person must be able to read on each kind (domain.md §5), on every stock.
REQUIRED_TEXT: dict[LabelKind, tuple[str, ...]] = {
    LabelKind.ASPIRATE: (
        "FOR AUTOLOGOUS USE ONLY",
        "张伟",
        "Zhang Wei",
        "MRN0012345",
        "2026-03-02 17:05",
    ),
    LabelKind.VESSEL: ("A999926000001-P1-2", "P1", "T75", "2026-03-09 16:00"),
    LabelKind.CUSTODY: (
        "Cell lab, cleanroom B (Li Wang)",
        "Operating theatre 3 (Dr Zhao Ming)",
        "2026-03-26 10:10",
        "2–8 °C, do not freeze",
        "Handler: Courier Sun",
    ),
    LabelKind.QUARANTINE: ("QUARANTINE – NOT FOR IMPLANTATION", "2026-03-24 09:00"),
    LabelKind.RELEASE: (
        "FOR AUTOLOGOUS USE ONLY",
        "张伟",
        "Zhang Wei",
        "MRN0012345",
        "DOB 1985-05-17",
        PRODUCT,
        "EXP 2026-04-08 09:30",
        "Store at 2–8 °C, do not freeze",
        "Released by QA Mei Chen 2026-04-06 09:30",
        "Scaffold lot 220945 (SC000001)",
        "Xinxiang Bone Lab · A9999",
    ),
}

COMBINATIONS = [(kind, stock) for kind in LabelKind for stock in SUPPORTED[kind]]
REFUSED = [(kind, stock) for kind in LabelKind for stock in STOCKS if stock not in SUPPORTED[kind]]


# --- reading a printed PDF back ---------------------------------------------------------------


@dataclass(frozen=True)
class Box:
    left: float  # points from the page's top-left corner
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box, tolerance: float = 0.3) -> bool:
        return (
            self.left < other.right - tolerance
            and other.left < self.right - tolerance
            and self.top < other.bottom - tolerance
            and other.top < self.bottom - tolerance
        )


@dataclass(frozen=True)
class Decoded:
    symbology: str
    data: str
    box: Box  # the bars or modules, in points


def pages(pdf: bytes, tmp_path: Path) -> list[Image.Image]:
    """Each page rasterised at 300 dpi, as a printer would draw it."""
    source = tmp_path / "label.pdf"
    source.write_bytes(pdf)
    for old in tmp_path.glob("page*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-png", str(source), str(tmp_path / "page")],
        check=True,
        capture_output=True,
    )
    return [Image.open(path).convert("L") for path in sorted(tmp_path.glob("page*.png"))]


def decode(image: Image.Image) -> list[Decoded]:
    scale = 72 / DPI
    found = []
    for result in zxingcpp.read_barcodes(image):
        p = result.position
        xs = [p.top_left.x, p.top_right.x, p.bottom_left.x, p.bottom_right.x]
        ys = [p.top_left.y, p.top_right.y, p.bottom_left.y, p.bottom_right.y]
        symbology = {"Code 128": "Code 128", "Data Matrix": "DataMatrix"}.get(
            str(result.format), str(result.format)
        )
        box = Box(min(xs) * scale, min(ys) * scale, max(xs) * scale, max(ys) * scale)
        found.append(Decoded(symbology, result.text, box))
    return found


def text_of(pdf: bytes, tmp_path: Path) -> str:
    """The text a reader sees, whitespace collapsed (line breaks become spaces)."""
    source = tmp_path / "text.pdf"
    source.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(source), "-"], check=True, capture_output=True
    ).stdout.decode("utf-8")
    return " ".join(out.split())


_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)


def words(pdf: bytes, tmp_path: Path, page: int = 1) -> list[tuple[str, Box]]:
    source = tmp_path / "words.pdf"
    source.write_bytes(pdf)
    html = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(source), "-"],
        check=True,
        capture_output=True,
    ).stdout.decode("utf-8")
    return [
        (unescape(m.group(5)), Box(*(float(m.group(i)) for i in range(1, 5))))
        for m in _WORD.finditer(html)
    ]


def quiet_zone(found: Decoded, stock: str) -> Box:
    """The symbol with the quiet zone it must keep clear."""
    dpi = STOCKS[stock].dpi
    if found.symbology == "Code 128":
        margin = barcodes.CODE128_QUIET_MODULES * barcodes.module_for(dpi)
        b = found.box
        return Box(b.left - margin, b.top, b.right + margin, b.bottom)
    margin = barcodes.DATAMATRIX_QUIET_MODULES * barcodes.module_for(dpi, 0.33)
    b = found.box
    return Box(b.left - margin, b.top - margin, b.right + margin, b.bottom + margin)


def check_label(pdf: bytes, kind: LabelKind, stock: str, data: object, tmp_path: Path) -> str:
    """Decode every symbol and check the layout; returns the label's text."""
    (image,) = pages(pdf, tmp_path)
    found = decode(image)
    expected = symbols(kind, data, stock)
    assert Counter(Symbol(d.symbology, d.data) for d in found) == Counter(expected), (
        f"{kind} on {stock}: decoded {found}, expected {expected}"
    )
    stock_info = STOCKS[stock]
    width, height = stock_info.width_mm * mm, stock_info.height_mm * mm
    top = (stock_info.sheet.top_mm * mm) if stock_info.sheet else 0.0
    margin = stock_info.margin_mm * mm
    slack = 0.5  # points: rounding in the text extraction
    inside = Box(
        margin - slack, top + margin - slack, width - margin + slack, top + height - margin + slack
    )
    for word, box in words(pdf, tmp_path):
        assert inside.left <= box.left and box.right <= inside.right, f"{word!r} runs off the side"
        assert inside.top <= box.top and box.bottom <= inside.bottom, f"{word!r} runs off the edge"
        for symbol in found:
            assert not box.overlaps(quiet_zone(symbol, stock)), (
                f"{word!r} at {box} sits on the {symbol.symbology} {symbol.data!r} at {symbol.box}"
            )
    for symbol in found:
        zone = quiet_zone(symbol, stock)
        assert inside.left <= zone.left + 0.5 and zone.right <= inside.right + 0.5, (
            f"the quiet zone of {symbol.data!r} runs off the label"
        )
    return text_of(pdf, tmp_path)


# --- every kind on every stock it supports ----------------------------------------------------


@pytest.mark.parametrize(("kind", "stock"), COMBINATIONS, ids=lambda v: str(v))
def test_every_symbol_decodes_and_every_required_text_is_there(kind, stock, tmp_path):
    data = SAMPLES[kind]
    text = check_label(render_label(kind, data, stock), kind, stock, data, tmp_path)
    assert re.search(rf"A9999 26 000001 ?{CHECK}\b", text), text  # DIN, check character beside
    for phrase in REQUIRED_TEXT[kind]:
        assert phrase in text, f"{phrase!r} missing from the {kind} label on {stock}: {text}"
    assert "REPRINT" not in text


@pytest.mark.parametrize(("kind", "stock"), COMBINATIONS, ids=lambda v: str(v))
def test_a_reprint_says_so_and_still_scans(kind, stock, tmp_path):
    data = SAMPLES[kind]
    text = check_label(render_label(kind, data, stock, reprint=True), kind, stock, data, tmp_path)
    assert "REPRINT" in text
    for phrase in REQUIRED_TEXT[kind]:
        assert phrase in text


@pytest.mark.parametrize(("kind", "stock"), COMBINATIONS, ids=lambda v: str(v))
def test_long_text_is_fitted_without_touching_a_barcode(kind, stock, tmp_path):
    data = SAMPLES[kind]
    if isinstance(data, AspirateLabel | ReleaseLabel):
        data = replace(data, patient_name=LONG_NAME)
    elif isinstance(data, CustodyLabel):
        data = replace(data, to_text="Operating theatre 3, West Wing, level 2 " * 3)
    elif isinstance(data, QuarantineLabel):
        data = replace(data, product=PRODUCT * 3)
    text = check_label(render_label(kind, data, stock, reprint=True), kind, stock, data, tmp_path)
    if isinstance(data, AspirateLabel | ReleaseLabel):
        assert "欧阳娜娜" in text and "MRN0012345" in text


def test_the_expiry_symbol_is_the_isbt_data_structure(tmp_path):
    (image,) = pages(render_label("release", SAMPLES[LabelKind.RELEASE], "4x2in"), tmp_path)
    assert sorted(d.data for d in decode(image)) == ["&>0260980930", "=A99992600000100"]


@pytest.mark.parametrize(("kind", "stock"), REFUSED, ids=lambda v: str(v))
def test_a_kind_that_does_not_fit_a_stock_is_refused(kind, stock):
    with pytest.raises(LabelRefusedError, match=f"cannot be printed on .*Use {SUPPORTED[kind][0]}"):
        render_label(kind, SAMPLES[kind], stock)
    with pytest.raises(LabelRefusedError):
        label_definition(kind, stock)


def test_unknown_kind_stock_or_data_is_refused():
    with pytest.raises(InvalidValueError, match="Label kind"):
        render_label("wristband", SAMPLES[LabelKind.ASPIRATE], "2x1in")
    with pytest.raises(InvalidValueError, match="Label stock"):
        render_label("aspirate", SAMPLES[LabelKind.ASPIRATE], "3x1in")
    with pytest.raises(InvalidValueError, match="a VesselLabel"):
        render_label("vessel", SAMPLES[LabelKind.ASPIRATE], "2x1in")
    with pytest.raises(InvalidValueError, match="Copies"):
        render_label("aspirate", SAMPLES[LabelKind.ASPIRATE], "2x1in", copies=0)


def test_an_identifier_that_does_not_fit_is_refused_never_cut():
    data = replace(SAMPLES[LabelKind.ASPIRATE], mrn="M" * 90)
    with pytest.raises(LabelRefusedError, match=r"MRN .* never cut short"):
        render_label("aspirate", data, "2x1in")


def test_a_vessel_id_of_another_lot_or_passage_is_refused():
    seeded = datetime(2026, 3, 9, 16, 0, tzinfo=TZ)
    with pytest.raises(InvalidValueError, match="passage-1 vessel of lot A999926000001"):
        VesselLabel(DIN, "A999926000002-P1-2", 1, seeded)
    with pytest.raises(InvalidValueError, match="Vessel ID"):
        VesselLabel(DIN, "A999926000001-P2-2", 1, seeded)
    with pytest.raises(InvalidValueError, match="time zone"):
        VesselLabel(DIN, "A999926000001-P1-2", 1, datetime(2026, 3, 9, 16, 0))


# --- copies and sheets ------------------------------------------------------------------------


def test_roll_copies_are_one_label_a_page(tmp_path):
    pdf = render_label("vessel", SAMPLES[LabelKind.VESSEL], "2x1in", copies=3)
    images = pages(pdf, tmp_path)
    assert len(images) == 3
    assert all(image.size == (600, 300) for image in images)  # 2 × 1 in at 300 dpi


def test_a4_copies_fill_the_sheet_then_start_another(tmp_path):
    pdf = render_label("aspirate", SAMPLES[LabelKind.ASPIRATE], "A4-24", copies=27)
    first, second = pages(pdf, tmp_path)
    assert [d.data for d in decode(first)] == ["=A99992600000100"] * 24
    assert [d.data for d in decode(second)] == ["=A99992600000100"] * 3
    # Each label stays in its own 70 × 37 mm cell: one DIN line per cell.
    assert text_of(pdf, tmp_path).count("FOR AUTOLOGOUS USE ONLY") == 27


# --- the barcode rules --------------------------------------------------------------------------


def test_code128_refuses_what_is_not_ascii():
    canvas = Canvas(BytesIO())
    with pytest.raises(barcodes.BarcodeError, match=r"printable ASCII.*'张' \(U\+5F20\)"):
        barcodes.draw_code128(canvas, "张伟", 0, 0, module=barcodes.module_for(203), height=6 * mm)
    with pytest.raises(barcodes.BarcodeError, match="ASCII"):
        barcodes.datamatrix_matrix("A9999é")
    with pytest.raises(barcodes.BarcodeError, match="needs some data"):
        barcodes.code128_width("", barcodes.module_for(203))


def test_code128_is_never_smaller_than_the_minimum():
    canvas = Canvas(BytesIO())
    with pytest.raises(barcodes.BarcodeError, match=r"below the 0\.25 mm minimum"):
        barcodes.draw_code128(canvas, "=A99992600000100", 0, 0, module=0.2 * mm, height=6 * mm)
    with pytest.raises(barcodes.BarcodeError, match="shorter than the 5 mm minimum"):
        barcodes.draw_code128(
            canvas, "=A99992600000100", 0, 0, module=barcodes.module_for(203), height=4 * mm
        )


def test_modules_are_whole_printer_dots_of_at_least_a_quarter_millimetre():
    for dpi, dots in ((203, 2), (300, 3), (600, 6)):
        module = barcodes.module_for(dpi)
        assert module == pytest.approx(dots * 72 / dpi)
        assert module >= 0.25 * mm
    # A DIN is 145 modules of bars (code set C packs its digits) plus 10 modules each side.
    assert barcodes.code128_width("=A99992600000100", 1.0) == 165


def test_datamatrix_carries_the_characters_reportlab_gets_wrong(tmp_path):
    data = "A999926000001-P1-2:;<=>?@"
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=(40 * mm, 40 * mm))
    module = barcodes.module_for(203, 0.5)
    side = barcodes.draw_datamatrix(canvas, data, 5 * mm, 5 * mm, module=module)
    canvas.showPage()
    canvas.save()
    (image,) = pages(buffer.getvalue(), tmp_path)
    assert [(d.symbology, d.data) for d in decode(image)] == [("DataMatrix", data)]
    assert side < 30 * mm


def test_the_din_prints_with_its_check_character_in_a_box(tmp_path):
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=(60 * mm, 15 * mm))
    din = Din("A9998", 18, 123456)
    width = barcodes.draw_din(canvas, din, 3 * mm, 5 * mm, font="Helvetica", size=12)
    canvas.showPage()
    canvas.save()
    assert text_of(buffer.getvalue(), tmp_path) == "A9998 18 123456 N"
    assert width == pytest.approx(barcodes.din_width(din, "Helvetica", 12))


def test_the_template_definition_describes_what_prints():
    definition = label_definition("vessel", "2x1in")
    assert definition["symbols"] == ["DataMatrix: vessel ID"]
    assert definition["code128"]["module_mm"] == pytest.approx(0.2502, abs=1e-4)
    assert definition["printer_dpi"] == 203
    assert label_definition("vessel", "4x2in")["symbols"] == [
        "DataMatrix: vessel ID",
        "Code 128: vessel ID",
    ]
    assert label_definition("aspirate", "A4-24", 300)["code128"]["module_mm"] == pytest.approx(
        0.254
    )
