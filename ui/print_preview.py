"""See a PDF before it is printed, then print it through the operating system's printer
(QPrinter, so any printer with a driver works) or save it as a file.

Pages are rasterised with PDFium (pypdfium2): Qt's own PDF module is not part of the PySide6
wheels on every platform. Rasterising for the printer runs as a background task with
progress; the pages are then painted to the printer on the GUI thread, as Qt requires.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QRectF, Qt, Signal
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from labtracker.settings import readable_settings
from ui import messages
from ui.tasks import Progress, run_task
from ui.widgets import primary_button

PREVIEW_DPI = 96
# PDFium is not thread-safe: one rendering at a time, whichever thread asks.
_PDFIUM = threading.Lock()


def render_pages(pdf: bytes, dpi: float, progress: Progress | None = None) -> list[QImage]:
    """Every page of `pdf` as an image at `dpi` (safe off the GUI thread)."""
    with _PDFIUM:
        return _render(pdf, dpi, progress)


def _render(pdf: bytes, dpi: float, progress: Progress | None) -> list[QImage]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        images = []
        count = len(document)
        for index in range(count):
            page = document[index]
            bitmap = page.render(scale=dpi / 72, rev_byteorder=True)
            array = bitmap.buffer
            image = QImage(
                array, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB888
            ).copy()  # own the pixels before PDFium frees its buffer
            images.append(image)
            page.close()
            if progress is not None:
                progress(
                    int(100 * (index + 1) / count),
                    QCoreApplication.translate("PdfPreview", "Page {page} of {count}").format(
                        page=index + 1, count=count
                    ),
                )
        return images
    finally:
        document.close()


def paint_to_printer(printer: QPrinter, images: list[QImage]) -> None:
    """Each image on its own page, fitted to the printable area without distortion."""
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError(
            QCoreApplication.translate(
                "PdfPreview", "The printer {printer} could not be opened."
            ).format(printer=printer.printerName() or printer.outputFileName())
        )
    try:
        for index, image in enumerate(images):
            if index:
                printer.newPage()
            area = painter.viewport()
            scale = min(area.width() / image.width(), area.height() / image.height())
            width, height = image.width() * scale, image.height() * scale
            painter.drawImage(QRectF(0, 0, width, height), image)
    finally:
        painter.end()


class PdfPreview(QDialog):
    """A PDF on screen, page by page, with Print… and Save as PDF….

    `prepare(printer_name)` runs when the user prints and returns the PDF to print: where
    printing is itself a recorded act (labels), it records the print and returns the
    document it recorded; by default the previewed PDF is printed as it is.
    `printed(printer_name)` fires once the pages went to the printer.
    """

    printed = Signal(str)

    def __init__(
        self,
        title: str,
        pdf: bytes,
        *,
        file_name: str = "document.pdf",
        prepare: Callable[[str], bytes] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("pdfPreview")
        self.setWindowTitle(title)
        self.pdf = pdf
        self.file_name = file_name
        self._prepare = prepare
        self.resize(900, 1000)
        layout = QVBoxLayout(self)
        heading = QLabel(title)
        heading.setObjectName("formHeading")
        heading.setStyleSheet("font-size: 16pt; font-weight: 700;")
        layout.addWidget(heading)
        self.page_count = QLabel()
        self.page_count.setObjectName("pageCount")
        layout.addWidget(self.page_count)

        self.pages = QWidget()
        self.pages.setStyleSheet("background: #8a8f96;")
        pages_layout = QVBoxLayout(self.pages)
        pages_layout.setSpacing(16)
        pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.page_labels: list[QLabel] = []
        for index, image in enumerate(render_pages(pdf, PREVIEW_DPI)):
            label = QLabel()
            label.setObjectName(f"page{index + 1}")
            label.setPixmap(QPixmap.fromImage(image))
            label.setStyleSheet("background: white; border: 1px solid #333;")
            pages_layout.addWidget(label)
            self.page_labels.append(label)
        self.page_count.setText(
            self.tr("{n} page(s) — check it before printing").format(n=len(self.page_labels))
        )
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.pages)
        layout.addWidget(scroll, 1)

        buttons = QHBoxLayout()
        self.print_button = primary_button(self.tr("Print…"))
        self.print_button.setAutoDefault(False)
        self.save_button = QPushButton(self.tr("Save as PDF…"))
        self.close_button = QPushButton(self.tr("Close"))
        for button in (self.save_button, self.close_button):
            button.setAutoDefault(False)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self.print_button.clicked.connect(self.choose_printer)
        self.save_button.clicked.connect(self.choose_file)
        self.close_button.clicked.connect(self.reject)
        self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        station = readable_settings()
        if station and station.document_printer:  # the station's document printer, first
            self.printer.setPrinterName(station.document_printer)

    # --- printing --------------------------------------------------------------------------

    def choose_printer(self) -> None:
        dialog = QPrintDialog(self.printer, self)
        dialog.setObjectName("printDialog")
        dialog.accepted.connect(lambda: self.print_to(self.printer))
        dialog.open()

    def print_to(self, printer: QPrinter) -> None:
        """Print to `printer` (chosen by the user, or a PDF-file printer in tests)."""
        from labtracker.domain.errors import LabtrackerError

        name = printer.printerName() or printer.outputFileName() or "printer"
        try:
            pdf = self._prepare(name) if self._prepare is not None else self.pdf
        except LabtrackerError as error:
            messages.error(self, self.tr("Not printed"), str(error))
            return
        dpi = min(printer.resolution(), 600)
        self.print_button.setEnabled(False)

        def done(images: list[QImage]) -> None:
            self.print_button.setEnabled(True)
            try:
                paint_to_printer(printer, images)
            except OSError as error:
                messages.error(self, self.tr("Not printed"), str(error))
                return
            self.printed.emit(name)

        def failed(error: BaseException) -> None:
            self.print_button.setEnabled(True)
            messages.error(self, self.tr("Not printed"), f"{type(error).__name__}: {error}")

        self.print_task = run_task(
            self,
            self.tr("Printing"),
            lambda progress: render_pages(pdf, dpi, progress),
            on_done=done,
            on_error=failed,
        )

    # --- saving ----------------------------------------------------------------------------

    def choose_file(self) -> None:
        dialog = QFileDialog(self, self.tr("Save as PDF"), self.file_name, "PDF (*.pdf)")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("pdf")
        dialog.fileSelected.connect(lambda path: self.save_to(Path(path)))
        dialog.open()

    def save_to(self, path: Path) -> None:
        try:
            path.write_bytes(self.pdf)
        except OSError as error:
            messages.error(self, self.tr("Not saved"), f"{path}: {error.strerror or error}")
            return
        messages.information(self, self.tr("Saved"), self.tr("Saved to {path}").format(path=path))
