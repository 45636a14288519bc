"""Printing labels from the app: the label is previewed as it will print, printed through a
QPrinter (its PDF output here, rasterised and decoded like paper), recorded with the printer;
a second print is a reprint that needs a reason; a release label for an unreleased lot is
refused; another lot's vessel scanned into the dialog raises the red stop."""

from __future__ import annotations

import shutil
import subprocess

import pytest
import zxingcpp
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter

from labtracker.services import culture, labels
from ui.hard_stop import open_stop
from ui.label_print import LabelPrintDialog
from ui.tasks import running_tasks

pytestmark = pytest.mark.skipif(not shutil.which("pdftoppm"), reason="needs poppler-utils")


def pdf_printer(path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setResolution(300)
    printer.setOutputFileName(str(path))
    return printer


def decoded(pdf_path, tmp_path) -> set[str]:
    subprocess.run(
        ["pdftoppm", "-r", "300", "-png", str(pdf_path), str(tmp_path / "printed")], check=True
    )
    found = set()
    for page in sorted(tmp_path.glob("printed*.png")):
        found |= {result.text for result in zxingcpp.read_barcodes(Image.open(page))}
    return found


def nodes(tree):
    stack = list(tree.roots)
    while stack:
        node = stack.pop()
        yield node
        stack.extend(node.children)


def choose(dialog: LabelPrintDialog, kind: str) -> None:
    dialog.kind.setCurrentIndex(dialog.kind.findData(kind))


def test_a_label_is_previewed_printed_recorded_and_a_reprint_needs_a_reason(qtbot, demo, tmp_path):
    ctx = demo.ctx("tech")
    din = demo.din("in culture")
    dialog = LabelPrintDialog(ctx, din)
    qtbot.addWidget(dialog)
    dialog.show()
    choose(dialog, "aspirate")
    assert dialog.preview is not None and not dialog.preview.reprint_needs_reason
    assert not dialog.image.pixmap().isNull()
    assert dialog.print_button.isEnabled()

    first = tmp_path / "first.pdf"
    dialog.print_to(pdf_printer(first))
    qtbot.waitUntil(lambda: running_tasks() == 0, timeout=30_000)
    assert first.exists()
    assert f"={din}00" in decoded(first, tmp_path)  # the DIN's barcode, readable off "paper"
    rows = labels.label_reconciliation(ctx.db, ctx.actor, din)
    aspirate = [row for row in rows if row.kind == "aspirate"]
    assert len(aspirate) == 1 and not aspirate[0].is_reprint
    assert dialog.notice.text().startswith("Printed 1 × ")

    # Printed once: the next one is a reprint, marked so, and needs a reason.
    assert dialog.preview.reprint_needs_reason
    assert dialog.reason.isEnabled()
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert dialog.error.text() == "This label was printed before: give the reason for the reprint."
    second = tmp_path / "second.pdf"
    dialog.print_to(pdf_printer(second))  # straight to the printer: the service refuses too
    assert "already printed" in dialog.error.text()
    assert not second.exists()
    qtbot.keyClicks(dialog.reason, "label smudged by medium")
    dialog.print_to(pdf_printer(second))
    qtbot.waitUntil(lambda: running_tasks() == 0, timeout=30_000)
    assert second.exists()
    aspirate = [
        r for r in labels.label_reconciliation(ctx.db, ctx.actor, din) if r.kind == "aspirate"
    ]
    assert [r.is_reprint for r in aspirate] == [False, True]
    assert aspirate[1].reprint_reason == "label smudged by medium"
    assert "(REPRINT)" in dialog.notice.text()


def test_a_release_label_for_an_unreleased_lot_cannot_be_printed(qtbot, demo):
    dialog = LabelPrintDialog(demo.ctx("qa"), demo.din("seeded"))
    qtbot.addWidget(dialog)
    dialog.show()
    choose(dialog, "release")
    assert dialog.preview is None
    assert "release" in dialog.error.text().lower()
    assert not dialog.print_button.isEnabled()


def test_a_vessel_of_this_lot_fills_the_vessel_and_another_lots_stops(qtbot, demo):
    ctx = demo.ctx("tech")
    din = demo.din("in culture")
    dialog = LabelPrintDialog(ctx, din)
    qtbot.addWidget(dialog)
    dialog.show()
    code = next(
        node.code
        for node in nodes(culture.vessel_tree(ctx.db, ctx.actor, din))
        if node.state == "in_culture"
    )
    assert dialog.handle_scan(code)
    assert dialog.kind_code == "vessel" and dialog.vessel.text() == code
    assert dialog.preview is not None and dialog.preview.vessel_code == code

    other = culture.vessel_tree(ctx.db, ctx.actor, demo.din("implanted")).roots[0].code
    assert dialog.handle_scan(other)
    stop = open_stop(dialog)
    assert stop is not None and "wrong lot" in stop.title_label.text()
    assert dialog.vessel.text() == code
    qtbot.mouseClick(stop.acknowledge_button, Qt.MouseButton.LeftButton)


def test_the_stations_label_stock_is_offered_first_where_the_kind_allows_it(
    qtbot, demo, tmp_path, monkeypatch
):
    """A station whose printer takes A4 sheets says so once in its settings file; the
    dialog then starts on that stock, and keeps the kind's own stock where it cannot be used."""
    settings = tmp_path / "settings.toml"
    settings.write_text('label_stock = "A4-24"\nlabel_printer = "Bench-2 sheets"\n')
    monkeypatch.setenv("LABTRACKER_SETTINGS_FILE", str(settings))
    dialog = LabelPrintDialog(demo.ctx("tech"), demo.din("in culture"))
    qtbot.addWidget(dialog)
    dialog.show()
    choose(dialog, "custody")
    assert [dialog.stock.itemData(i) for i in range(dialog.stock.count())] == [
        code for code, _ in labels.label_stocks("custody")
    ]
    assert dialog.stock.currentData() == "A4-24"
    assert dialog.station_printer == "Bench-2 sheets"
    qtbot.waitUntil(lambda: not running_tasks())


def test_without_station_settings_each_kind_starts_on_its_default_stock(qtbot, demo):
    dialog = LabelPrintDialog(demo.ctx("tech"), demo.din("in culture"))
    qtbot.addWidget(dialog)
    dialog.show()
    choose(dialog, "custody")
    assert dialog.stock.currentData() == labels.label_stocks("custody")[0][0]
    qtbot.waitUntil(lambda: not running_tasks())
