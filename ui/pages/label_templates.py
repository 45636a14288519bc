"""Label templates: one per kind × stock, each version with its status (approved and in use,
draft, retired), who approved it and when, and what its layout puts on a label. QA drafts a
new version; a second QA person approves it with an e-signature (labtracker.services.labels).

No picture of the label is drawn here: no service renders a template without a lot's data,
so the layout is shown in words (size, printer, fields, barcodes, type sizes).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from labtracker.domain.errors import LabtrackerError
from labtracker.domain.permissions import Action, is_allowed
from ui.models.qa_label_templates import (
    PENDING_AMBER,
    TemplatesModel,
    definition_summary,
    local,
    template_state,
)
from ui.widgets import FORM_STYLE, PRIMARY_BUTTON_STYLE, error_label, primary_button, show_error

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from labtracker.services.labels import TemplateView
    from ui.context import Navigator, WorkContext

PAGE_STYLE = """
QLabel { font-size: 12pt; }
QLabel#pageHeading { font-size: 20pt; font-weight: 700; }
QLabel#pageNote, QLabel#templateMeta { color: #444; }
QLabel#templateTitle { font-size: 16pt; font-weight: 800; }
QLabel#stateBadge { font-size: 13pt; font-weight: 700; border-radius: 6px; padding: 3px 10px; }
QLabel#layoutName { font-weight: 700; }
QLabel#pageBanner { color: white; background: #b71c1c; padding: 8px; border-radius: 4px;
                    font-weight: 600; }
QLabel#pageBanner[tone="done"] { background: #1b5e20; }
QFrame#templateDetail { background: white; border: 1px solid #c8ccd2; border-radius: 8px; }
QTableView { font-size: 12pt; gridline-color: #d5d9de; alternate-background-color: #f6f8fa;
             selection-background-color: #1565c0; selection-color: white; }
QTableView:focus { border: 2px solid #1565c0; }
QHeaderView::section { font-size: 12pt; font-weight: 600; padding: 4px 6px; background: #eef1f5;
                       border: none; border-right: 1px solid #d5d9de;
                       border-bottom: 1px solid #c8ccd2; }
QPushButton { font-size: 13pt; min-height: 44px; padding: 0 18px; }
QComboBox { font-size: 13pt; min-height: 40px; padding: 0 8px; }
QPlainTextEdit { font-size: 13pt; }
"""
ROW_HEIGHT = 38
CELL_PADDING = 16  # room either side of a badge's word
PRINTER_DPIS = ("", "203", "300", "600")


def _label(text: str = "", name: str = "", *, wrap: bool = True) -> QLabel:
    label = QLabel(text)
    if name:
        label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    return label


def _badge(label: QLabel, fill: str) -> None:
    ink = "#1a1a1a" if fill == PENDING_AMBER else "#ffffff"
    if fill == "#616161":
        label.setStyleSheet("background: #e0e0e0; color: #424242;")
        return
    label.setStyleSheet(f"background: {fill}; color: {ink};")


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
        layout.addWidget(_label(self.tr("New label template version"), "formHeading"))
        layout.addWidget(
            _label(
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
        buttons = QHBoxLayout()
        self.save_button = primary_button(self.tr("&Save draft"))
        self.save_button.setAutoDefault(False)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setAutoDefault(False)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
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


class LabelTemplatesPage(QWidget):
    """Every label template version; drafting and approval for QA."""

    def __init__(
        self, ctx: WorkContext, navigator: Navigator, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        from ui.forms.base import site_zone

        self.setObjectName("labelTemplatesPage")
        self.setStyleSheet(PAGE_STYLE)
        self.ctx = ctx
        self.navigator = navigator
        self.zone: ZoneInfo = site_zone(ctx)
        self.may_change = is_allowed(ctx.actor.roles, Action.MANAGE_LABEL_TEMPLATES)
        self.draft_dialog: DraftTemplateDialog | None = None
        self.sign_dialog: QDialog | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(8)
        layout.addWidget(_label(self.tr("Label templates"), "pageHeading"))
        layout.addWidget(
            _label(
                self.tr(
                    "Labels are printed only from an approved template whose layout is "
                    "unchanged. QA drafts a new version; a second QA person approves it with an "
                    "e-signature, and the version it replaces is retired."
                ),
                "pageNote",
            )
        )
        self.banner = _label("", "pageBanner")
        self.banner.hide()
        layout.addWidget(self.banner)

        heading = QLabel(self.tr("&Templates"))
        heading.setObjectName("templateTitle")
        layout.addWidget(heading)
        self.model = TemplatesModel(self.zone, self)
        self.view = QTableView()
        self.view.setObjectName("templatesTable")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setTabKeyNavigation(False)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.horizontalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        heading.setBuddy(self.view)
        self.view.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._show_template(current.row())
        )
        layout.addWidget(self.view, 1)

        detail = QFrame()
        detail.setObjectName("templateDetail")
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(12, 8, 12, 8)
        title_row = QHBoxLayout()
        self.detail_title = _label("", "templateTitle", wrap=False)
        self.detail_state = _label("", "stateBadge", wrap=False)
        title_row.addWidget(self.detail_title)
        title_row.addWidget(self.detail_state)
        title_row.addStretch(1)
        detail_layout.addLayout(title_row)
        self.detail_meta = _label("", "templateMeta")
        detail_layout.addWidget(self.detail_meta)
        self.layout_form = QFormLayout()
        self.layout_form.setHorizontalSpacing(16)
        detail_layout.addLayout(self.layout_form)
        self.preview_note = _label(
            self.tr(
                "No picture of the label here: labtracker draws a label only with a lot's data. "
                "Print one from a lot's page to see it."
            ),
            "pageNote",
        )
        detail_layout.addWidget(self.preview_note)
        layout.addWidget(detail)

        buttons = QHBoxLayout()
        self.refresh_button = QPushButton(self.tr("Refresh (F5)"))
        self.draft_button = QPushButton(self.tr("&Draft new version…"))
        self.approve_button = primary_button(self.tr("&Approve…"))
        self.approve_button.setStyleSheet(
            PRIMARY_BUTTON_STYLE + "QPushButton { font-size: 13pt; min-height: 44px; "
            "padding: 0 22px; }"
        )
        for button in (self.refresh_button, self.draft_button, self.approve_button):
            button.setAutoDefault(False)
        self.action_note = _label("", "pageNote")
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.action_note, 1)
        buttons.addWidget(self.draft_button)
        buttons.addWidget(self.approve_button)
        layout.addLayout(buttons)
        self.refresh_button.clicked.connect(lambda: self.refresh())
        self.draft_button.clicked.connect(self.start_draft)
        self.approve_button.clicked.connect(self.start_approval)
        QShortcut(
            QKeySequence("F5"),
            self,
            activated=self.refresh,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        self.refresh()

    # --- reading -------------------------------------------------------------------------------

    def refresh(self, select: int | None = None) -> None:
        from labtracker.services.labels import list_templates

        current = self.selected()
        try:
            views = list_templates(self.ctx.db, self.ctx.actor)
        except LabtrackerError as error:
            self._set_banner(str(error))
            return
        self.model.set_rows(views)
        self.view.resizeColumnsToContents()
        for column in range(self.model.columnCount()):
            self.view.setColumnWidth(column, self.view.columnWidth(column) + CELL_PADDING)
        target = select if select is not None else (current.template_id if current else None)
        row = self.model.row_of(target) if target is not None else -1
        if row < 0 and views:
            row = 0
        if row >= 0:
            self.view.setCurrentIndex(self.model.index(row, 0))
            self._show_template(row)
        self._update_actions()

    def selected(self) -> TemplateView | None:
        row = self.view.currentIndex().row()
        return self.model.row_at(row) if 0 <= row < self.model.rowCount() else None

    def _show_template(self, row: int) -> None:
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
            value_label = _label(value)
            value_label.setObjectName("layoutValue")
            self.layout_form.addRow(_label(name + ":", "layoutName", wrap=False), value_label)
        self._update_actions()

    # --- actions -------------------------------------------------------------------------------

    def _set_banner(self, text: str, *, done: bool = False) -> None:
        self.banner.setProperty("tone", "done" if done else "")
        self.banner.style().unpolish(self.banner)
        self.banner.style().polish(self.banner)
        self.banner.setText(text)
        self.banner.setVisible(bool(text))

    def _update_actions(self) -> None:
        view = self.selected()
        draft = view is not None and view.state == "draft" and not view.voided
        self.draft_button.setEnabled(self.may_change)
        self.approve_button.setEnabled(self.may_change and draft)
        if not self.may_change:
            note = self.tr("Only QA drafts and approves label templates.")
        elif draft and view is not None and view.drafted_by == self.ctx.actor.full_name:
            note = self.tr("You drafted {label}: a second QA person must approve it.").format(
                label=view.label
            )
        elif draft and view is not None:
            note = self.tr("{label} is a draft: approve it to print from it.").format(
                label=view.label
            )
        else:
            note = ""
        self.action_note.setText(note)

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

    def _drafted(self, view: TemplateView) -> None:
        self._set_banner(
            self.tr("{label} saved as a draft. A second QA person must approve it.").format(
                label=view.label
            ),
            done=True,
        )
        self.refresh(select=view.template_id)

    def start_approval(self) -> None:
        from labtracker.services.labels import approve_template
        from labtracker.services.signatures import Meaning
        from ui.sign_dialog import SignDialog

        view = self.selected()
        if view is None or view.state != "draft" or not self.may_change:
            return
        ctx, template_id = self.ctx, view.template_id

        def signer(username: str, password: str) -> Any:
            return approve_template(ctx.db, ctx.actor, template_id, username, password)

        record_text = self.tr(
            "Label template {label} ({kind} label on {stock}).\nOnce approved, every {kind} "
            "label on {stock} is printed from it; the version in use now is retired."
        ).format(label=view.label, kind=view.kind, stock=view.stock)
        dialog = SignDialog(
            ctx, meaning=Meaning.APPROVED, record_text=record_text, signer=signer, parent=self
        )
        dialog.setMinimumWidth(720)
        dialog.adjustSize()
        dialog.signed.connect(self._approved)
        self.sign_dialog = dialog
        dialog.open()

    def _approved(self, view: TemplateView) -> None:
        self._set_banner(
            self.tr("{label} approved by {who}: labels are now printed from it.").format(
                label=view.label, who=view.approved_by
            ),
            done=True,
        )
        self.refresh(select=view.template_id)


__all__ = ["DraftTemplateDialog", "LabelTemplatesPage"]
