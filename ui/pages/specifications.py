"""Specifications: every version of the release criteria and of the immunophenotype panel, in
force, draft or superseded, with their criteria; QA drafts a new version and a second QA
person approves it with an e-signature (labtracker.services.specifications).

A result is judged against the version in force when its sample was taken, so an approval
changes nothing already judged; the page says so before anyone signs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from labtracker.domain.errors import LabtrackerError
from labtracker.domain.permissions import Action
from ui.models.qa_specifications import (
    COMPARATOR_TEXT,
    SpecItemsEditModel,
    SpecItemsModel,
    SpecVersionsModel,
    comparator_text,
    local,
    spec_state,
)
from ui.pages.page_parts import button_row, plain_label, set_badge
from ui.pages.versioned_documents import (
    ROW_HEIGHT,
    VersionedDocumentsPage,
    document_page_style,
    document_table,
)
from ui.widgets import FORM_STYLE, error_label, show_error

if TYPE_CHECKING:
    from labtracker.services.specifications import SpecificationView
    from ui.context import Navigator, WorkContext

PAGE_STYLE = document_page_style(
    "spec", "QComboBox, QLineEdit { font-size: 13pt; min-height: 40px; }\n"
)


class ComparatorDelegate(QStyledItemDelegate):
    """A list of comparators for the Comparator column (no free typing of '>=')."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex
    ) -> QWidget:
        combo = QComboBox(parent)
        for comparator in COMPARATOR_TEXT:
            combo.addItem(comparator_text(comparator), comparator.value)
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        position = editor.findData(index.data(Qt.ItemDataRole.EditRole))
        editor.setCurrentIndex(max(position, 0))

    def setModelData(self, editor: QWidget, model: Any, index: QModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class DraftSpecificationDialog(QDialog):
    """A new version of one specification, starting from the criteria of `base`; emits
    `drafted(SpecificationView)` once saved as a draft."""

    drafted = Signal(object)

    def __init__(
        self, ctx: WorkContext, base: SpecificationView, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("draftSpecificationDialog")
        self.setStyleSheet(FORM_STYLE + PAGE_STYLE)
        self.setWindowTitle(self.tr("New version of {code}").format(code=base.code))
        self.ctx = ctx
        self.code = base.code
        self.resize(1180, 720)
        layout = QVBoxLayout(self)
        layout.addWidget(
            plain_label(self.tr("New version of {code}").format(code=base.code), "formHeading")
        )
        layout.addWidget(
            plain_label(
                self.tr(
                    "Starts from {label}. Saved as a draft: nothing is judged against it until a "
                    "second QA person approves it with an e-signature. Double-click a cell (or "
                    "press F2) to change it."
                ).format(label=base.label),
                "formHint",
            )
        )
        title_row = QHBoxLayout()
        title_label = QLabel(self.tr("&Title:"))
        self.title = QLineEdit(base.title)
        self.title.setObjectName("specTitleEdit")
        title_label.setBuddy(self.title)
        title_row.addWidget(title_label)
        title_row.addWidget(self.title, 1)
        layout.addLayout(title_row)

        self.items_model = SpecItemsEditModel(base.items, self)
        self.items_view = document_table(self.items_model)
        self.items_view.setObjectName("draftItems")
        self.items_view.setAlternatingRowColors(False)
        self.items_view.verticalHeader().show()
        self.items_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.items_view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.items_view.setItemDelegateForColumn(
            SpecItemsEditModel.COMPARATOR, ComparatorDelegate(self.items_view)
        )
        header = self.items_view.horizontalHeader()
        for column, width in ((0, 190), (1, 230), (2, 150), (3, 90), (4, 230), (5, 90)):
            header.resizeSection(column, width)
        layout.addWidget(self.items_view, 1)
        rows = QHBoxLayout()
        self.add_button = QPushButton(self.tr("&Add criterion"))
        self.remove_button = QPushButton(self.tr("Re&move criterion"))
        for button in (self.add_button, self.remove_button):
            button.setAutoDefault(False)
            rows.addWidget(button)
        rows.addStretch(1)
        layout.addLayout(rows)
        self.add_button.clicked.connect(self.add_criterion)
        self.remove_button.clicked.connect(self.remove_criterion)

        reason_label = QLabel(self.tr("&Reason for the change:"))
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("specReason")
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(80)
        reason_label.setBuddy(self.reason)
        layout.addWidget(reason_label)
        layout.addWidget(self.reason)
        self.banner = error_label()
        self.banner.setObjectName("formError")
        layout.addWidget(self.banner)

        buttons, self.save_button, self.cancel_button = button_row(
            self.tr("&Save draft"), self.tr("Cancel")
        )
        layout.addLayout(buttons)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)

    def add_criterion(self) -> None:
        row = self.items_model.add_row()
        index = self.items_model.index(row, 0)
        self.items_view.setCurrentIndex(index)
        self.items_view.edit(index)

    def remove_criterion(self) -> None:
        self.items_model.remove_row(self.items_view.currentIndex().row())

    def _show_cell_errors(self) -> None:
        titles = [
            self.items_model.headerData(c, Qt.Orientation.Horizontal)
            for c in range(self.items_model.columnCount())
        ]
        lines = [
            self.tr("Row {row}, {column}: {message}").format(
                row=row + 1, column=titles[column], message=message
            )
            for row, column, message in self.items_model.errors()
        ]
        show_error(self.banner, "\n".join(lines))
        errors = self.items_model.errors()
        if errors:
            row, column, _message = errors[0]
            # The first refused cell becomes current, not selected: its red stays visible.
            self.items_view.clearSelection()
            self.items_view.selectionModel().setCurrentIndex(
                self.items_model.index(row, column), QItemSelectionModel.SelectionFlag.NoUpdate
            )
            self.items_view.setFocus()

    def save(self) -> None:
        from labtracker.services.specifications import draft_specification

        if self.items_view.state() == QAbstractItemView.State.EditingState:
            self.items_view.setFocus()  # commits the cell being edited
        items = self.items_model.items()
        if items is None:
            self._show_cell_errors()
            return
        try:
            view = draft_specification(
                self.ctx.db,
                self.ctx.actor,
                self.code,
                self.title.text(),
                items,
                self.reason.toPlainText(),
            )
        except LabtrackerError as error:
            if self.items_model.mark(error):
                self._show_cell_errors()
            else:
                show_error(self.banner, str(error))
            return
        show_error(self.banner, "")
        self.accept()
        self.drafted.emit(view)


class SpecificationsPage(VersionedDocumentsPage):
    """Every specification version and its criteria; drafting and approval for QA."""

    SIGN_DIALOG_WIDTH = 760

    def __init__(
        self, ctx: WorkContext, navigator: Navigator, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, navigator, Action.MANAGE_SPECIFICATIONS, parent)
        self.setObjectName("specificationsPage")
        self.setStyleSheet(PAGE_STYLE)
        self.draft_dialog: DraftSpecificationDialog | None = None

        layout = self.start_page(
            self.tr("Specifications"),
            self.tr(
                "Each result is judged against the version in force when its sample was "
                "taken. QA drafts a new version; a second QA person approves it with an "
                "e-signature, and it is in force from that moment."
            ),
        )
        versions_label = QLabel(self.tr("&Versions"))
        versions_label.setObjectName("specTitle")
        layout.addWidget(versions_label)
        self.versions_model = SpecVersionsModel(self.zone, self)
        self.versions_view = document_table(self.versions_model)
        self.versions_view.setObjectName("specVersions")
        self.versions_view.setMaximumHeight(ROW_HEIGHT * 6 + 40)
        versions_label.setBuddy(self.versions_view)
        self.versions_view.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._show_version(current.row())
        )
        layout.addWidget(self.versions_view)

        detail, detail_layout = self.detail_frame("spec")
        self.items_model = SpecItemsModel(self)
        self.items_view = document_table(self.items_model)
        self.items_view.setObjectName("specItems")
        detail_layout.addWidget(self.items_view, 1)
        layout.addWidget(detail, 1)
        self.finish_page(layout)

    # --- reading -------------------------------------------------------------------------------

    def list_versions(self) -> Sequence[SpecificationView]:
        from labtracker.services.specifications import list_specifications

        return list_specifications(self.ctx.db, self.ctx.actor)

    def fit_columns(self) -> None:
        super().fit_columns()
        view = self.versions_view
        view.setColumnWidth(
            SpecVersionsModel.TITLE, min(view.columnWidth(SpecVersionsModel.TITLE), 380)
        )

    def _show_version(self, row: int) -> None:
        if not 0 <= row < self.versions_model.rowCount():
            return
        view = self.versions_model.row_at(row)
        self.detail_title.setText(f"{view.label} — {view.title}")
        self.detail_state.setText(self.versions_model.state_word(view))
        set_badge(self.detail_state, spec_state(view)[1])
        meta = [
            self.tr("Drafted by {who}. Reason: {reason}").format(
                who=view.drafted_by or "—", reason=view.change_reason
            )
        ]
        if view.state != "draft":
            if view.approved_by:
                meta.append(
                    self.tr("Approved by {who}, {when}.").format(
                        who=view.approved_by, when=local(view.approved_at, self.zone)
                    )
                )
            else:
                meta.append(self.tr("Shipped default: in force from set-up, no approver."))
        if view.superseded_from is not None:
            meta.append(
                self.tr("Superseded from {when}.").format(
                    when=local(view.superseded_from, self.zone)
                )
            )
        self.detail_meta.setText("\n".join(meta))
        self.items_model.set_items(view.items)
        items = self.items_view
        items.resizeColumnsToContents()
        items.resizeRowsToContents()
        self._update_actions()

    # --- actions -------------------------------------------------------------------------------

    def only_qa_note(self) -> str:
        return self.tr("Only QA drafts and approves specifications.")

    def draft_note(self, label: str) -> str:
        return self.tr("{label} is a draft: approve it to put it in force.").format(label=label)

    def may_draft_from(self, view: SpecificationView | None) -> bool:
        return view is not None

    def start_draft(self) -> None:
        view = self.selected()
        if view is None or not self.may_change:
            return
        dialog = DraftSpecificationDialog(self.ctx, view, self)
        dialog.drafted.connect(self._drafted)
        self.draft_dialog = dialog
        dialog.open()

    def approve(self, key: int, username: str, password: str) -> SpecificationView:
        from labtracker.services.specifications import approve_specification

        return approve_specification(
            self.ctx.db, self.ctx.actor, key, username=username, password=password
        )

    def approval_text(self, view: SpecificationView) -> str:
        criteria = "\n".join(
            f"• {item.label}: {self.items_model.data(self.items_model.index(row, 2))}"
            for row, item in enumerate(view.items)
        )
        return self.tr(
            "{label} — {title}\n{criteria}\nIn force from the moment you sign; the version in "
            "force now is superseded. Results already judged keep their version."
        ).format(label=view.label, title=view.title, criteria=criteria)

    def approved_text(self, view: SpecificationView) -> str:
        return self.tr("{label} approved: in force from {when}.").format(
            label=view.label, when=local(view.effective_from, self.zone)
        )


__all__ = ["ComparatorDelegate", "DraftSpecificationDialog", "SpecificationsPage"]
