"""Label templates: one per kind × stock, each version with its status (approved and in use,
draft, retired), who approved it and when, and what its layout puts on a label. QA drafts a
new version; a second QA person approves it with an e-signature (labtracker.services.labels).

No picture of the label is drawn here: no service renders a template without a lot's data,
so the layout is shown in words (size, printer, fields, barcodes, type sizes).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from labtracker.domain.errors import LabtrackerError
from labtracker.domain.permissions import Action
from ui.models.qa_common import MUTED
from ui.models.qa_label_templates import (
    TemplatesModel,
    definition_summary,
    local,
    template_state,
)
from ui.pages.page_parts import button_row, plain_label, set_badge
from ui.pages.versioned_documents import (
    VersionedDocumentsPage,
    document_page_style,
    document_table,
)
from ui.widgets import FORM_STYLE, error_label, show_error

if TYPE_CHECKING:
    from labtracker.services.labels import TemplateView
    from ui.context import Navigator, WorkContext

PAGE_STYLE = document_page_style(
    "template",
    """QLabel#layoutName { font-weight: 700; }
QComboBox { font-size: 13pt; min-height: 40px; padding: 0 8px; }
""",
)
PRINTER_DPIS = ("", "203", "300", "600")


def _badge(label: QLabel, fill: str) -> None:
    if fill == MUTED:  # retired: grey on grey, not a filled badge
        label.setStyleSheet("background: #e0e0e0; color: #424242;")
        return
    set_badge(label, fill)


class DraftTemplateDialog(QDialog):
    """A new version of the template for one kind × stock (the layout labtracker draws for
    it, for a printer resolution when given); emits `drafted(TemplateView)` once saved."""

    drafted = Signal(object)

    def __init__(
        self,
        ctx: WorkContext,
        kinds: list[str],
        stocks: list[str],
        *,
        kind: str = "",
        stock: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("draftTemplateDialog")
        self.setWindowTitle(self.tr("New label template version"))
        self.setStyleSheet(FORM_STYLE + PAGE_STYLE)
        self.setMinimumWidth(640)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(self.tr("New label template version"), "formHeading"))
        layout.addWidget(
            plain_label(
                self.tr(
                    "The new version carries the layout this labtracker draws for the kind on "
                    "the stock. It is a draft until a second QA person approves it; the approved "
                    "version it replaces is then retired."
                ),
                "formHint",
            )
        )
        form = QFormLayout()
        self.kind = QComboBox()
        self.kind.setObjectName("templateKind")
        self.kind.addItems(kinds)
        if kind in kinds:
            self.kind.setCurrentText(kind)
        self.stock = QComboBox()
        self.stock.setObjectName("templateStock")
        self.stock.setEditable(True)
        self.stock.addItems(stocks)
        if stock:
            self.stock.setCurrentText(stock)
        self.dpi = QComboBox()
        self.dpi.setObjectName("templateDpi")
        self.dpi.setEditable(True)
        self.dpi.addItems(PRINTER_DPIS)
        self.dpi.setToolTip(self.tr("Empty: the stock's usual printer (203 dpi for roll labels)"))
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("templateReason")
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(90)
        form.addRow(self.tr("&Kind:"), self.kind)
        form.addRow(self.tr("&Stock:"), self.stock)
        form.addRow(self.tr("&Printer dpi:"), self.dpi)
        form.addRow(self.tr("&Reason:"), self.reason)
        layout.addLayout(form)
        self.error = error_label()
        layout.addWidget(self.error)
        buttons, self.save_button, self.cancel_button = button_row(
            self.tr("&Save draft"), self.tr("Cancel")
        )
        layout.addLayout(buttons)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)

    def save(self) -> None:
        from labtracker.services.labels import draft_template

        dpi_text = self.dpi.currentText().strip()
        dpi: int | None = None
        if dpi_text:
            if not dpi_text.isdigit():
                show_error(
                    self.error,
                    self.tr("Printer dpi must be a whole number; you entered {text}.").format(
                        text=dpi_text
                    ),
                )
                return
            dpi = int(dpi_text)
        try:
            view = draft_template(
                self.ctx.db,
                self.ctx.actor,
                self.kind.currentText(),
                self.stock.currentText().strip(),
                reason=self.reason.toPlainText(),
                printer_dpi=dpi,
            )
        except LabtrackerError as error:
            show_error(self.error, str(error))
            return
        show_error(self.error, "")
        self.accept()
        self.drafted.emit(view)


class LabelTemplatesPage(VersionedDocumentsPage):
    """Every label template version; drafting and approval for QA."""

    def __init__(
        self, ctx: WorkContext, navigator: Navigator, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, navigator, Action.MANAGE_LABEL_TEMPLATES, parent)
        self.setObjectName("labelTemplatesPage")
        self.setStyleSheet(PAGE_STYLE)
        self.draft_dialog: DraftTemplateDialog | None = None

        layout = self.start_page(
            self.tr("Label templates"),
            self.tr(
                "Labels are printed only from an approved template whose layout is "
                "unchanged. QA drafts a new version; a second QA person approves it with an "
                "e-signature, and the version it replaces is retired."
            ),
        )
        heading = QLabel(self.tr("&Templates"))
        heading.setObjectName("templateTitle")
        layout.addWidget(heading)
        self.model = self.versions_model = TemplatesModel(self.zone, self)
        self.view = self.versions_view = document_table(self.model, highlight_sections=True)
        self.view.setObjectName("templatesTable")
        heading.setBuddy(self.view)
        self.view.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._show_version(current.row())
        )
        layout.addWidget(self.view, 1)

        detail, detail_layout = self.detail_frame("template")
        self.layout_form = QFormLayout()
        self.layout_form.setHorizontalSpacing(16)
        detail_layout.addLayout(self.layout_form)
        self.preview_note = plain_label(
            self.tr(
                "No picture of the label here: labtracker draws a label only with a lot's data. "
                "Print one from a lot's page to see it."
            ),
            "pageNote",
        )
        detail_layout.addWidget(self.preview_note)
        layout.addWidget(detail)
        self.finish_page(layout)

    # --- reading -------------------------------------------------------------------------------

    def list_versions(self) -> Sequence[TemplateView]:
        from labtracker.services.labels import list_templates

        return list_templates(self.ctx.db, self.ctx.actor)

    def _show_version(self, row: int) -> None:
        if not 0 <= row < self.model.rowCount():
            return
        view = self.model.row_at(row)
        word, colour = template_state(view)
        self.detail_title.setText(view.label)
        self.detail_state.setText(word)
        _badge(self.detail_state, colour)
        meta = [self.tr("Drafted by {who}.").format(who=view.drafted_by or "—")]
        if view.state != "draft":
            meta.append(
                self.tr("Approved by {who}, {when}.").format(
                    who=view.approved_by, when=local(view.approved_at, self.zone)
                )
                if view.approved_by
                else self.tr("Shipped default: approved at set-up, no approver.")
            )
        integrity = (
            self.tr("layout unchanged since it was drafted")
            if view.intact
            else self.tr("LAYOUT CHANGED since it was drafted: it cannot be printed")
        )
        meta.append(
            self.tr("Definition SHA-256 {hash}…: {integrity}.").format(
                hash=view.definition_hash[:16], integrity=integrity
            )
        )
        self.detail_meta.setText("\n".join(meta))
        while self.layout_form.rowCount():
            self.layout_form.removeRow(0)
        for name, value in definition_summary(view.definition):
            value_label = plain_label(value)
            value_label.setObjectName("layoutValue")
            self.layout_form.addRow(plain_label(name + ":", "layoutName", wrap=False), value_label)
        self._update_actions()

    # --- actions -------------------------------------------------------------------------------

    def only_qa_note(self) -> str:
        return self.tr("Only QA drafts and approves label templates.")

    def draft_note(self, label: str) -> str:
        return self.tr("{label} is a draft: approve it to print from it.").format(label=label)

    def _choices(self) -> tuple[list[str], list[str]]:
        from labtracker.services.labels import DEFAULT_STOCKS

        kinds = [kind.value for kind in DEFAULT_STOCKS]
        stocks = sorted(
            {
                *DEFAULT_STOCKS.values(),
                *(self.model.row_at(r).stock for r in range(self.model.rowCount())),
            }
        )
        return kinds, stocks

    def start_draft(self) -> None:
        if not self.may_change:
            return
        kinds, stocks = self._choices()
        view = self.selected()
        dialog = DraftTemplateDialog(
            self.ctx,
            kinds,
            stocks,
            kind=view.kind if view else "",
            stock=view.stock if view else "",
            parent=self,
        )
        dialog.drafted.connect(self._drafted)
        self.draft_dialog = dialog
        dialog.open()

    def approve(self, key: int, username: str, password: str) -> TemplateView:
        from labtracker.services.labels import approve_template

        return approve_template(self.ctx.db, self.ctx.actor, key, username, password)

    def approval_text(self, view: TemplateView) -> str:
        return self.tr(
            "Label template {label} ({kind} label on {stock}).\nOnce approved, every {kind} "
            "label on {stock} is printed from it; the version in use now is retired."
        ).format(label=view.label, kind=view.kind, stock=view.stock)

    def approved_text(self, view: TemplateView) -> str:
        return self.tr("{label} approved by {who}: labels are now printed from it.").format(
            label=view.label, who=view.approved_by
        )


__all__ = ["DraftTemplateDialog", "LabelTemplatesPage"]
