"""Print a lot's labels from its page: choose the kind, the stock and the number of copies,
see the label exactly as it will print, then print it through the operating system's printer
(any label printer with a driver) or, where the station has one, a Zebra printer over the
network (ZPL). Every print is recorded by the service: template version, who, when, how
many, which printer; a second print is a reprint and needs a reason."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from labtracker.settings import readable_settings
from ui.hard_stop import show_hard_stop
from ui.print_preview import paint_to_printer, render_pages
from ui.tasks import run_task
from ui.widgets import FORM_STYLE, error_label, primary_button, show_error

if TYPE_CHECKING:
    from labtracker.services.labels import LabelPreview, PrintedLabels
    from ui.context import WorkContext

KINDS = (
    ("aspirate", QT_TRANSLATE_NOOP("LabelPrintDialog", "Aspirate / sample")),
    ("vessel", QT_TRANSLATE_NOOP("LabelPrintDialog", "Culture vessel")),
    ("custody", QT_TRANSLATE_NOOP("LabelPrintDialog", "Custody / transport")),
    ("quarantine", QT_TRANSLATE_NOOP("LabelPrintDialog", "Quarantine (not for implantation)")),
    ("release", QT_TRANSLATE_NOOP("LabelPrintDialog", "Release (QA)")),
)
PREVIEW_DPI = 200


class LabelPrintDialog(QDialog):
    """Preview and print labels of one lot; `printed(PrintedLabels)` after each print."""

    printed = Signal(object)

    def __init__(self, ctx: WorkContext, din: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from labtracker.services.queries import lot_row

        self.setObjectName("labelPrintDialog")
        self.setStyleSheet(FORM_STYLE)
        self.ctx = ctx
        self.din = din
        self.lot = lot_row(ctx.db, ctx.actor, din)
        self.preview: LabelPreview | None = None
        self.setWindowTitle(self.tr("Print labels"))
        self.setMinimumWidth(820)

        layout = QVBoxLayout(self)
        heading = QLabel(self.tr("Print labels"))
        heading.setObjectName("formHeading")
        layout.addWidget(heading)
        who = QLabel(
            self.tr("Lot {din} {check} · {patient} · MRN {mrn}").format(
                din=self.lot.din_display,
                check=self.lot.check_character,
                patient=self.lot.patient_name,
                mrn=self.lot.mrn,
            )
        )
        who.setObjectName("labelLot")
        who.setStyleSheet("font-size: 14pt; font-weight: 700;")
        layout.addWidget(who)

        form = QFormLayout()
        self.kind = QComboBox()
        self.kind.setObjectName("labelKind")
        for code, text in KINDS:
            self.kind.addItem(self.tr(text), code)
        self.vessel = QLineEdit()
        self.vessel.setObjectName("labelVessel")
        self.vessel.setPlaceholderText(self.tr("Scan the vessel, or type its ID"))
        self.stock = QComboBox()
        self.stock.setObjectName("labelStock")
        self.copies = QSpinBox()
        self.copies.setObjectName("labelCopies")
        self.copies.setRange(1, 50)
        self.reason = QLineEdit()
        self.reason.setObjectName("reprintReason")
        self.reason.setPlaceholderText(self.tr("Why it is printed again (e.g. label damaged)"))
        self.output = QComboBox()
        self.output.setObjectName("labelOutput")
        self.output.addItem(self.tr("Printer on this computer"), "driver")
        station = readable_settings()
        self.zpl_address = station.zpl_printer if station else None
        self.station_stock = station.label_stock if station else ""
        self.station_printer = station.label_printer if station else ""
        if self.zpl_address is not None:
            self.output.addItem(
                self.tr("Zebra printer {address} (ZPL)").format(address=self.zpl_address), "zpl"
            )
        form.addRow(self.tr("Label:"), self.kind)
        form.addRow(self.tr("Vessel:"), self.vessel)
        form.addRow(self.tr("Label stock:"), self.stock)
        form.addRow(self.tr("Copies:"), self.copies)
        form.addRow(self.tr("Reprint reason:"), self.reason)
        form.addRow(self.tr("Print to:"), self.output)
        self.form = form
        layout.addLayout(form)

        self.notice = QLabel()
        self.notice.setObjectName("labelNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("color: #8a4b00; font-weight: 600;")
        layout.addWidget(self.notice)
        self.error = error_label()
        layout.addWidget(self.error)

        self.image = QLabel()
        self.image.setObjectName("labelImage")
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.setStyleSheet("background: #8a8f96; padding: 12px;")
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setMinimumHeight(280)
        scroll.setWidget(self.image)
        layout.addWidget(scroll, 1)

        buttons = QHBoxLayout()
        self.print_button = primary_button(self.tr("Print"))
        self.print_button.setObjectName("printLabelsButton")
        self.print_button.setAutoDefault(False)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setAutoDefault(False)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)

        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.stock.currentIndexChanged.connect(self.refresh_preview)
        self.vessel.editingFinished.connect(self.refresh_preview)
        self.print_button.clicked.connect(self.print_labels)
        self.close_button.clicked.connect(self.reject)
        self._kind_changed()

    # --- choosing --------------------------------------------------------------------------

    @property
    def kind_code(self) -> str:
        return self.kind.currentData()

    def _target(self) -> str:
        return self.vessel.text().strip() if self.kind_code == "vessel" else f"={self.din}00"

    def _kind_changed(self) -> None:
        from labtracker.services.labels import label_stocks

        is_vessel = self.kind_code == "vessel"
        self.vessel.setVisible(is_vessel)
        self.form.labelForField(self.vessel).setVisible(is_vessel)
        self.stock.blockSignals(True)
        self.stock.clear()
        for code, description in label_stocks(self.kind_code):
            self.stock.addItem(description, code)
        # The stock this station's printer is loaded with, where the kind may be printed on it.
        preferred = self.stock.findData(self.station_stock) if self.station_stock else -1
        if preferred >= 0:
            self.stock.setCurrentIndex(preferred)
        self.stock.blockSignals(False)
        self.refresh_preview()

    def refresh_preview(self) -> None:
        """Show the label as it would print now, or why it cannot be printed."""
        from labtracker.domain.errors import LabtrackerError
        from labtracker.services.labels import preview_label

        show_error(self.error, "")
        self.preview = None
        self.image.clear()
        if self.kind_code == "vessel" and not self.vessel.text().strip():
            self.notice.setText(self.tr("Scan the vessel whose label you print."))
            self.print_button.setEnabled(False)
            return
        try:
            self.preview = preview_label(
                self.ctx.db,
                self.ctx.actor,
                self._target(),
                self.kind_code,
                stock=self.stock.currentData(),
            )
        except LabtrackerError as error:
            self.notice.setText("")
            show_error(self.error, str(error))
            self.print_button.setEnabled(False)
            return
        image = render_pages(self.preview.pdf, PREVIEW_DPI)[0]
        self.image.setPixmap(QPixmap.fromImage(image))
        reprint = self.preview.reprint_needs_reason
        self.reason.setEnabled(reprint)
        self.form.labelForField(self.reason).setEnabled(reprint)
        self.notice.setText(
            self.tr("{earlier} It will be marked REPRINT.").format(earlier=self.preview.earlier)
            if reprint
            else self.tr("Template {template}. Check the label, then print.").format(
                template=self.preview.template
            )
        )
        self.print_button.setEnabled(True)

    # --- scans -----------------------------------------------------------------------------

    def handle_scan(self, text: str) -> bool:
        """A vessel of this lot fills the vessel field; another lot's code stops everything."""
        from labtracker.domain.scan import ScanKind
        from labtracker.services.scan import resolve_scan

        resolution = resolve_scan(self.ctx.db, self.ctx.actor, text)
        if resolution.din and resolution.din != self.lot.din:
            show_hard_stop(
                self,
                self.tr("wrong lot"),
                self.tr(
                    "You scanned {what}.\n\nThese labels are for lot {din} {check}, patient "
                    "{patient} (MRN {mrn})."
                ).format(
                    what=resolution.summary,
                    din=self.lot.din_display,
                    check=self.lot.check_character,
                    patient=self.lot.patient_name,
                    mrn=self.lot.mrn,
                ),
            )
            return True
        if resolution.kind is ScanKind.VESSEL and resolution.vessel_code:
            self.kind.setCurrentIndex(self.kind.findData("vessel"))
            self.vessel.setText(resolution.vessel_code)
            self.refresh_preview()
        return True

    # --- printing --------------------------------------------------------------------------

    def print_labels(self) -> None:
        if self.preview is None:
            return
        if self.preview.reprint_needs_reason and not self.reason.text().strip():
            show_error(
                self.error,
                self.tr("This label was printed before: give the reason for the reprint."),
            )
            self.reason.setFocus()
            return
        if self.output.currentData() == "zpl":
            self._print_zpl()
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if self.station_printer:  # the station's label printer, offered first
            printer.setPrinterName(self.station_printer)
        dialog = QPrintDialog(printer, self)
        dialog.setObjectName("printDialog")
        dialog.accepted.connect(lambda: self.print_to(printer))
        dialog.open()

    def _record(self, printer_name: str) -> PrintedLabels | None:
        """Record the print through the service; None (and the reason shown) if refused."""
        from labtracker.domain.errors import LabtrackerError
        from labtracker.services.labels import print_labels

        try:
            return print_labels(
                self.ctx.db,
                self.ctx.actor,
                self._target(),
                self.kind_code,
                copies=self.copies.value(),
                stock=self.stock.currentData(),
                printer=printer_name,
                reprint_reason=self.reason.text().strip() or None,
            )
        except LabtrackerError as error:
            show_error(self.error, str(error))
            return None

    def print_to(self, printer: QPrinter) -> None:
        """Record the print, then send its pages to `printer` as a background task."""
        name = printer.printerName() or printer.outputFileName() or "printer"
        printed = self._record(name)
        if printed is None:
            return
        dpi = min(printer.resolution(), 600)
        self.print_button.setEnabled(False)

        def done(images) -> None:
            self.print_button.setEnabled(True)
            paint_to_printer(printer, images)
            self._printed(printed)

        self.print_task = run_task(
            self,
            self.tr("Printing labels"),
            lambda progress: render_pages(printed.pdf, dpi, progress),
            on_done=done,
        )

    def _print_zpl(self) -> None:
        from labtracker.services.printers import print_zpl_labels

        address = self.zpl_address
        assert address is not None
        args = (self.ctx.db, self.ctx.actor, self._target(), self.kind_code)
        options = {
            "copies": self.copies.value(),
            "stock": self.stock.currentData(),
            "address": address,
            "reprint_reason": self.reason.text().strip() or None,
        }
        self.print_button.setEnabled(False)

        def failed(error: BaseException) -> None:
            self.print_button.setEnabled(True)
            show_error(self.error, str(error))

        self.print_task = run_task(
            self,
            self.tr("Sending labels to {address}").format(address=address),
            lambda progress: print_zpl_labels(*args, **options),
            on_done=lambda printed: (self.print_button.setEnabled(True), self._printed(printed)),
            on_error=failed,
        )

    def _printed(self, printed: PrintedLabels) -> None:
        self.reason.clear()
        self.notice.setText(
            self.tr("Printed {copies} × {template}{reprint}. Recorded as print #{number}.").format(
                copies=printed.copies,
                template=printed.template,
                reprint=self.tr(" (REPRINT)") if printed.is_reprint else "",
                number=printed.label_print_id,
            )
        )
        self.printed.emit(printed)
        self.refresh_preview_after_print()

    def refresh_preview_after_print(self) -> None:
        """The next print of this label is a reprint: show it so, keeping the notice."""
        notice = self.notice.text()
        self.refresh_preview()
        self.notice.setText(notice)
