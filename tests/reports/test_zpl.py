"""ZPL labels for Zebra printers: the same content as the PDF labels, read back from the ZPL.

The ZPL is parsed field by field. Each ``^BC`` field is read as a Zebra printer reads it (mode
N: start and subset invocation codes), drawn bar by bar at the printer's dots and decoded with
zxing-cpp, so a symbol must scan and carry exactly the lot's DIN (or expiry, or vessel ID).
Text fields are checked for the words a person must read, laid out inside the label's margins
and clear of every symbol and its quiet zone. Sending goes to a real socket server on the
loopback interface."""

from __future__ import annotations

import re
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace

import pytest
import zxingcpp
from PIL import Image, ImageDraw
from reportlab.graphics.barcode.code128 import _patterns
from sqlalchemy import select

from labtracker.db.models import LabelPrint
from labtracker.domain.errors import InvalidValueError
from labtracker.domain.identifiers import din_check_character, expiry_data_structure
from labtracker.reports.barcodes import CODE128_QUIET_MODULES, DATAMATRIX_QUIET_MODULES
from labtracker.reports.labels import (
    STOCKS,
    SUPPORTED,
    LabelKind,
    LabelRefusedError,
    Symbol,
    symbols,
)
from labtracker.reports.zpl import UNICODE_FONT, printable, render_zpl, text_width, zpl_code128
from labtracker.services import labels, release
from labtracker.services.printers import (
    PrinterUnreachableError,
    print_zpl_labels,
)
from labtracker.settings import PrinterAddress, load_settings, parse_printer_address
from tests.reports.test_labels import CHECK, LONG_NAME, REQUIRED_TEXT, SAMPLES
from tests.services.conftest import PASSWORD
from tests.services.test_release import ready_lot

ROLL = [(k, s) for k in LabelKind for s in SUPPORTED[k] if STOCKS[s].sheet is None]


# --- reading ZPL back ------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    kind: str  # text, code128, datamatrix, box
    x: int
    y: int
    data: str = ""
    height: int = 0  # text: font height; code128: bar height; box: box height
    width: int = 0  # box width; text block width (^FB)
    module: int = 0
    font: str = ""  # "0" or the ^A@ font file
    reverse: bool = False


def unhex(data: str) -> str:
    return re.sub(
        r"(?:_[0-9A-F]{2})+",
        lambda m: bytes.fromhex(m.group(0).replace("_", "")).decode("utf-8"),
        data,
    )


def parse(zpl: bytes) -> tuple[dict[str, str], list[Field]]:
    text = zpl.decode("utf-8")
    assert text.startswith("^XA\n^CI28\n") and text.rstrip().endswith("^XZ"), text[:40]
    settings: dict[str, str] = {}
    fields: list[Field] = []
    module = 2
    for line in text.splitlines():
        if m := re.fullmatch(r"\^(PW|LL|PQ)([\d,A-Z]+)", line):
            settings[m.group(1)] = m.group(2)
            continue
        if m := re.match(r"\^BY(\d+),[\d.]+,(\d+)", line):
            module = int(m.group(1))
        fo = re.search(r"\^FO(\d+),(\d+)", line)
        if not fo:
            continue
        x, y = int(fo.group(1)), int(fo.group(2))
        data_match = re.search(r"\^FD(.*)\^FS", line)
        data = data_match.group(1) if data_match else ""
        if "^FH_" in line:
            data = unhex(data)
        reverse = "^FR" in line
        if m := re.search(r"\^BCN,(\d+),N,N,N,N", line):
            fields.append(Field("code128", x, y, data, int(m.group(1)), module=module))
        elif m := re.search(r"\^BXN,(\d+),200", line):
            fields.append(Field("datamatrix", x, y, data, module=int(m.group(1))))
        elif m := re.search(r"\^GB(\d+),(\d+),(\d+)", line):
            fields.append(Field("box", x, y, "", int(m.group(2)), int(m.group(1)), reverse=reverse))
        elif m := re.search(r"\^A(0|@)N,(\d+),(\d+)(?:,([^\^]+))?", line):
            block = re.search(r"\^FB(\d+),", line)
            fields.append(
                Field(
                    "text",
                    x,
                    y,
                    data,
                    int(m.group(2)),
                    int(block.group(1)) if block else 0,
                    font=m.group(4) or "0",
                    reverse=reverse,
                )
            )
        else:
            raise AssertionError(f"unexpected ZPL field: {line}")
    return settings, fields


def code128_values(fd: str) -> tuple[list[int], str]:
    """The symbol values (start to last data value) and the data a scanner reads, from ^BC
    mode-N field data."""
    starts = {">9": (103, "A"), ">:": (104, "B"), ">;": (105, "C")}
    values, data = [], []
    if fd[:2] in starts:
        start, subset = starts[fd[:2]]
        i = 2
    else:
        start, subset, i = 104, "B", 0
    values.append(start)
    while i < len(fd):
        pair = fd[i : i + 2]
        if pair == "><":
            values.append(30)
            data.append(">")
            i += 2
            continue
        if pair in (">5", ">6", ">7"):
            value = {">5": 99, ">6": 100, ">7": 101}[pair]
            values.append(value)
            subset = {99: "C", 100: "B", 101: "A"}[value]
            i += 2
            continue
        assert fd[i] != ">", f"unexpected invocation {pair} in {fd}"
        if subset == "C":
            values.append(int(pair))
            data.append(pair)
            i += 2
        else:
            values.append(ord(fd[i]) - 32)
            data.append(fd[i])
            i += 1
    return values, "".join(data)


def draw_code128(image: ImageDraw.ImageDraw, field: Field) -> int:
    """Draw the symbol as the printer would, bar edges on dots; returns its width in dots."""
    values, _ = code128_values(field.data)
    check = (values[0] + sum(i * v for i, v in enumerate(values[1:], start=1))) % 103
    x = field.x
    for value in [*values, check, 106]:
        for ch in _patterns[value]:
            width = (ord(ch.lower()) - ord("a") + 1) * field.module
            if ch.isupper():
                image.rectangle([x, field.y, x + width - 1, field.y + field.height - 1], fill=0)
            x += width
    return x - field.x


def scan(zpl: bytes) -> list[str]:
    """Every Code 128 on the label, drawn at printer dots and decoded with zxing-cpp."""
    settings, fields = parse(zpl)
    image = Image.new("L", (int(settings["PW"]), int(settings["LL"])), 255)
    draw = ImageDraw.Draw(image)
    for field in fields:
        if field.kind == "code128":
            draw_code128(draw, field)
    big = image.resize((image.width * 2, image.height * 2), Image.NEAREST)
    found = sorted(
        zxingcpp.read_barcodes(big), key=lambda r: (r.position.top_left.y, r.position.top_left.x)
    )
    return [r.text for r in found]


def boxes(fields: list[Field]) -> Iterator[tuple[Field, tuple[int, int, int, int]]]:
    """(field, (left, top, right, bottom)) with symbols' quiet zones included."""
    for f in fields:
        if f.kind == "code128":
            values, _ = code128_values(f.data)
            modules = (
                sum(ord(ch.lower()) - ord("a") + 1 for v in [*values, 0] for ch in _patterns[v])
                + 13
            )  # check symbol (11 modules, measured with any value) and stop
            quiet = CODE128_QUIET_MODULES * f.module
            yield f, (f.x - quiet, f.y, f.x + modules * f.module + quiet, f.y + f.height)
        elif f.kind == "datamatrix":
            from labtracker.reports.barcodes import datamatrix_matrix

            side = len(datamatrix_matrix(f.data)) * f.module
            quiet = DATAMATRIX_QUIET_MODULES * f.module
            yield f, (f.x - quiet, f.y - quiet, f.x + side + quiet, f.y + side + quiet)
        elif f.kind == "text":
            width = f.width or text_width(f.data, f.height)
            yield f, (f.x, f.y, f.x + width, f.y + f.height)
        else:
            yield f, (f.x, f.y, f.x + f.width, f.y + f.height)


def overlaps(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5


def check_layout(zpl: bytes, stock: str, dpi: int) -> list[Field]:
    settings, fields = parse(zpl)
    info = STOCKS[stock]
    width, height = round(info.width_mm / 25.4 * dpi), round(info.height_mm / 25.4 * dpi)
    assert (int(settings["PW"]), int(settings["LL"])) == (width, height)
    margin = round(info.margin_mm / 25.4 * dpi)
    placed = list(boxes(fields))
    symbols_ = [b for f, b in placed if f.kind in ("code128", "datamatrix")]
    for field, box in placed:
        assert margin - 1 <= box[0] and box[2] <= width - margin + 1, f"{field} runs off the side"
        assert margin - 1 <= box[1] and box[3] <= height - margin + 1, f"{field} runs off the edge"
        if field.kind == "text":
            for symbol in symbols_:
                assert not overlaps(box, symbol), f"{field.data!r} sits on a barcode"
    texts = [(f, b) for f, b in placed if f.kind == "text"]
    for i, (a, box_a) in enumerate(texts):
        for b, box_b in texts[i + 1 :]:
            assert not overlaps(box_a, box_b), f"{a.data!r} runs into {b.data!r}"
    return fields


def text(fields: list[Field]) -> str:
    return " ".join(f.data for f in fields if f.kind == "text")


# --- rendering -------------------------------------------------------------------------------


@pytest.mark.parametrize("dpi", [203, 300])
@pytest.mark.parametrize(("kind", "stock"), ROLL, ids=lambda v: str(v))
def test_every_kind_carries_the_pdf_labels_content(kind, stock, dpi):
    data = SAMPLES[kind]
    zpl = render_zpl(kind, data, stock, copies=3, printer_dpi=dpi)
    settings, _ = parse(zpl)
    assert settings["PQ"].startswith("3,")
    fields = check_layout(zpl, stock, dpi)
    expected = symbols(kind, data, stock)
    found = [
        Symbol("Code 128", code128_values(f.data)[1])
        if f.kind == "code128"
        else Symbol("DataMatrix", f.data)
        for f in fields
        if f.kind in ("code128", "datamatrix")
    ]
    assert found == list(expected)
    assert sorted(scan(zpl)) == sorted(s.data for s in expected if s.symbology == "Code 128")
    words = text(fields)
    assert "A9999 26 000001" in words
    # The check character: its own field, centred in a box of its own, never in a barcode.
    (check,) = [f for f in fields if f.kind == "text" and f.data == CHECK]
    assert any(b.kind == "box" and b.x == check.x and b.width == check.width for b in fields), (
        "the check character is not boxed"
    )
    for phrase in REQUIRED_TEXT[kind]:  # dashes print as hyphens in the printer's font 0
        assert printable(phrase) in words, f"{phrase!r} missing from the {kind} ZPL: {words}"
    assert "REPRINT" not in words


@pytest.mark.parametrize(("kind", "stock"), ROLL, ids=lambda v: str(v))
def test_a_reprint_says_so_and_long_text_still_fits(kind, stock):
    data = SAMPLES[kind]
    if hasattr(data, "patient_name"):
        data = replace(data, patient_name=LONG_NAME)
    zpl = render_zpl(kind, data, stock, reprint=True)
    fields = check_layout(zpl, stock, 203)
    assert "REPRINT" in text(fields)
    assert sorted(scan(zpl)) == sorted(
        s.data for s in symbols(kind, data, stock) if s.symbology == "Code 128"
    )


def test_chinese_names_use_the_unicode_font_and_utf8():
    zpl = render_zpl("release", SAMPLES[LabelKind.RELEASE], "4x2in")
    assert zpl.startswith(b"^XA\n^CI28\n")
    assert "张伟 (Zhang Wei)".encode() in zpl
    _, fields = parse(zpl)
    name = next(f for f in fields if f.kind == "text" and "张伟" in f.data)
    assert name.font == UNICODE_FONT
    din = next(f for f in fields if f.kind == "text" and f.data == "A9999 26 000001")
    storage = next(f for f in fields if f.kind == "text" and f.data.startswith("Store at"))
    assert (din.font, storage.font, storage.data) == ("0", "0", "Store at 2-8 °C, do not freeze")
    quarantine = render_zpl("quarantine", SAMPLES[LabelKind.QUARANTINE], "2x1in")
    assert {f.font for f in parse(quarantine)[1] if f.kind == "text"} == {"0"}


def test_the_expiry_symbol_and_special_characters():
    assert zpl_code128("&>0260980930") == ">:&><>50260980930"
    assert zpl_code128("=A99992600000100") == ">:=A>599992600000100"
    zpl = render_zpl("release", SAMPLES[LabelKind.RELEASE], "4x2in")
    assert scan(zpl) == ["=A99992600000100", "&>0260980930"]
    custody = replace(SAMPLES[LabelKind.CUSTODY], handler="Sun_Li ^XZ ~JA")
    zpl = render_zpl("custody", custody, "4x2in")
    assert b"^XZ ~JA" not in zpl  # the printer would read these as commands
    assert "Handler: Sun_Li ^XZ ~JA" in text(parse(zpl)[1])


def test_what_zpl_cannot_print_is_refused():
    with pytest.raises(LabelRefusedError, match="office printer"):
        render_zpl("aspirate", SAMPLES[LabelKind.ASPIRATE], "A4-24")
    with pytest.raises(LabelRefusedError, match="cannot be printed on 2 × 1 in"):
        render_zpl("release", SAMPLES[LabelKind.RELEASE], "2x1in")
    with pytest.raises(InvalidValueError, match="Printer resolution"):
        render_zpl("aspirate", SAMPLES[LabelKind.ASPIRATE], "2x1in", printer_dpi=250)
    with pytest.raises(LabelRefusedError, match="never cut short"):
        render_zpl("aspirate", replace(SAMPLES[LabelKind.ASPIRATE], mrn="M" * 90), "2x1in")


# --- printer addresses -----------------------------------------------------------------------


def test_printer_addresses_and_the_station_setting(tmp_path):
    assert parse_printer_address("zebra-3.lab.local") == PrinterAddress("zebra-3.lab.local", 9100)
    assert str(parse_printer_address("10.20.0.15:6101")) == "10.20.0.15:6101"
    assert str(parse_printer_address("[::1]:9100")) == "[::1]:9100"
    for bad in ("", "host:0", "host:99999", "a b:9100", "host:port", "[::1"):
        with pytest.raises(InvalidValueError, match="host:port"):
            parse_printer_address(bad)
    settings_file = tmp_path / "settings.toml"
    settings_file.write_text('zpl_printer = "zebra-7:9101"\n', encoding="utf-8")
    env = {"LABTRACKER_SETTINGS_FILE": str(settings_file), "LABTRACKER_DATA_DIR": str(tmp_path)}
    loaded = load_settings(env)
    assert (loaded.zpl_printer, loaded.zpl_printer_source) == (
        PrinterAddress("zebra-7", 9101),
        "settings file",
    )
    loaded = load_settings({**env, "LABTRACKER_ZPL_PRINTER": "10.0.0.9"})
    assert (str(loaded.zpl_printer), loaded.zpl_printer_source) == ("10.0.0.9:9100", "environment")
    assert (
        load_settings(
            {
                "LABTRACKER_DATA_DIR": str(tmp_path),
                "LABTRACKER_SETTINGS_FILE": str(tmp_path / "none.toml"),
            }
        ).zpl_printer
        is None
    )
    with pytest.raises(InvalidValueError, match="LABTRACKER_ZPL_PRINTER"):
        load_settings({**env, "LABTRACKER_ZPL_PRINTER": "zebra 7"})


# --- printing through the service ------------------------------------------------------------


class RawPrinter:
    """A loopback TCP server standing in for a Zebra printer: takes one job, keeps its bytes."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(10)
        self.address = PrinterAddress("127.0.0.1", self.server.getsockname()[1])
        self.received = b""
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        connection, _ = self.server.accept()
        with connection:
            connection.settimeout(10)
            chunks = []
            while chunk := connection.recv(65536):
                chunks.append(chunk)
        self.received = b"".join(chunks)

    def close(self) -> None:
        self.thread.join(10)
        self.server.close()


def closed_port() -> int:
    """A loopback port nobody listens on (connection refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def typed(din: str) -> str:
    return din + din_check_character(din)


def test_zpl_print_is_recorded_like_a_pdf_print(lab, clock):
    din = ready_lot(lab, clock)
    released = release.release_lot(lab.db, lab.qa, din, username="mchen", password=PASSWORD)
    printed = labels.print_labels(
        lab.db,
        lab.qa,
        typed(din),
        "release",
        copies=2,
        stock="4x2in",
        printer="file release.zpl",
        output="zpl",
    )
    assert printed.pdf == b"" and printed.zpl.startswith(b"^XA")
    expiry = expiry_data_structure(released.expires_at.astimezone(lab_tz()))
    assert printed.encoded_data == (Symbol("Code 128", f"={din}00"), Symbol("Code 128", expiry))
    assert scan(printed.zpl) == [f"={din}00", expiry]
    assert parse(printed.zpl)[0]["PQ"].startswith("2,")
    with lab.db.reading() as session:
        row = session.get(LabelPrint, printed.label_print_id)
        assert (row.kind, row.copies, row.printer, row.printed_by_id, row.printed_at) == (
            "release",
            2,
            "file release.zpl",
            lab.qa.user_id,
            clock.now(),
        )
        assert row.encoded_data == f"Code 128: ={din}00\nCode 128: {expiry}"
    with pytest.raises(InvalidValueError, match="Output"):
        labels.print_labels(
            lab.db,
            lab.qa,
            typed(din),
            "release",
            copies=1,
            stock="4x2in",
            output="png",
            reprint_reason="torn",
        )


def lab_tz():
    from zoneinfo import ZoneInfo

    return ZoneInfo("Asia/Shanghai")


def test_zpl_goes_to_the_printer_byte_for_byte(lab, clock):
    din = ready_lot(lab, clock, quarantine_label=False)
    printer = RawPrinter()
    try:
        printed = print_zpl_labels(
            lab.db,
            lab.tech,
            typed(din),
            "quarantine",
            copies=1,
            stock="4x2in",
            address=printer.address,
        )
    finally:
        printer.close()
    assert printer.received == printed.zpl
    assert scan(printer.received) == [f"={din}00"]
    (row,) = labels.label_reconciliation(lab.db, lab.tech, din)
    assert (row.label_print_id, row.voided, row.state) == (
        printed.label_print_id,
        False,
        "not reconciled",
    )
    with lab.db.reading() as session:
        assert session.get(LabelPrint, row.label_print_id).printer == f"ZPL {printer.address}"


def test_an_unreachable_printer_prints_nothing_and_says_where(lab, clock):
    din = ready_lot(lab, clock, quarantine_label=False)
    address = PrinterAddress("127.0.0.1", closed_port())
    with pytest.raises(PrinterUnreachableError, match=rf"127\.0\.0\.1:{address.port}.*voided"):
        print_zpl_labels(
            lab.db,
            lab.tech,
            typed(din),
            "quarantine",
            copies=1,
            stock="4x2in",
            address=address,
            timeout=2,
        )
    (failed,) = labels.label_reconciliation(lab.db, lab.tech, din)
    assert failed.voided and failed.state == "voided"
    with lab.db.reading() as session:
        reason = session.scalar(select(LabelPrint.void_reason))
    assert reason.startswith(f"not printed: The label printer {address} cannot be reached")
    # Not printed, so printing again is a first print, not a reprint, and nothing waits for
    # reconciliation because of the failed attempt.
    printer = RawPrinter()
    try:
        again = print_zpl_labels(
            lab.db,
            lab.tech,
            typed(din),
            "quarantine",
            copies=1,
            stock="4x2in",
            address=printer.address,
        )
    finally:
        printer.close()
    assert not again.is_reprint and printer.received == again.zpl
