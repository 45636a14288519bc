"""A PDF is shown page by page before printing, printed through QPrinter (here its PDF-file
output, read back with pdftotext) as a background task, and saved as a file."""

from __future__ import annotations

import shutil
import subprocess
from io import BytesIO

import pytest
from PySide6.QtPrintSupport import QPrinter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from ui.print_preview import PdfPreview, render_pages
from ui.tasks import running_tasks

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")


def two_pages() -> bytes:
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    for number in (1, 2):
        canvas.setFont("Helvetica-Bold", 40)
        canvas.drawString(72, 700, f"BATCH RECORD PAGE {number}")
        canvas.rect(72, 72, 200, 200, fill=1)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_pages_render_with_their_content():
    images = render_pages(two_pages(), 72)
    assert len(images) == 2
    image = images[0]
    assert abs(image.width() - 595) <= 1 and abs(image.height() - 842) <= 1
    # The filled square is black, the margin white.
    assert image.pixelColor(150, 842 - 150).lightness() < 20
    assert image.pixelColor(10, 10).lightness() > 240


def test_preview_shows_every_page_and_prints_to_a_printer(qtbot, tmp_path):
    printed: list[str] = []
    preview = PdfPreview("Batch record", two_pages(), file_name="record.pdf")
    qtbot.addWidget(preview)
    preview.printed.connect(printed.append)
    preview.show()
    assert len(preview.page_labels) == 2
    assert preview.page_count.text().startswith("2 page(s)")
    assert not preview.page_labels[0].pixmap().isNull()

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setResolution(150)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    preview.print_to(printer)
    qtbot.waitUntil(lambda: running_tasks() == 0 and bool(printed), timeout=30_000)
    assert printed == [str(out)]
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True)
    pages = next(line for line in info.stdout.splitlines() if line.startswith("Pages:"))
    assert pages.split() == ["Pages:", "2"]
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert text.strip() == ""  # printed as images of the pages, exactly as previewed
    first = render_pages(out.read_bytes(), 36)[0]
    dark = sum(
        first.pixelColor(x, y).lightness() < 60
        for x in range(0, first.width(), 4)
        for y in range(0, first.height(), 4)
    )
    assert dark > 100  # the title and the filled square came out on paper


def test_a_refused_print_says_why_and_prints_nothing(qtbot, tmp_path):
    from labtracker.domain.errors import LabtrackerError
    from ui.messages import open_boxes

    def refuse(printer_name: str) -> bytes:
        raise LabtrackerError("A release label needs a released lot.")

    preview = PdfPreview("Label", two_pages(), prepare=refuse)
    qtbot.addWidget(preview)
    preview.show()
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "never.pdf"))
    preview.print_to(printer)
    boxes = open_boxes(preview)
    assert [b.text() for b in boxes] == ["A release label needs a released lot."]
    assert not (tmp_path / "never.pdf").exists()
    for box in boxes:
        box.close()


def test_save_writes_the_exact_pdf(qtbot, tmp_path):
    pdf = two_pages()
    preview = PdfPreview("Record", pdf)
    qtbot.addWidget(preview)
    preview.save_to(tmp_path / "copy.pdf")
    assert (tmp_path / "copy.pdf").read_bytes() == pdf
