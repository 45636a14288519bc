"""Specifications: every version of the release criteria and of the immunophenotype panel, in
force, draft or superseded, with their criteria; QA drafts a new version and a second QA
person approves it with an e-signature (labtracker.services.specifications).

A result is judged against the version in force when its sample was taken, so an approval
changes nothing already judged; the page says so before anyone signs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from labtracker.domain.errors import LabtrackerError
from labtracker.domain.permissions import Action, is_allowed
from ui.models.qa_specifications import (
    COMPARATOR_TEXT,
    PENDING_AMBER,
    SpecItemsEditModel,
    SpecItemsModel,
    SpecVersionsModel,
    comparator_text,
    local,
    spec_state,
)
from ui.widgets import FORM_STYLE, PRIMARY_BUTTON_STYLE, error_label, primary_button, show_error

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from labtracker.services.specifications import SpecificationView
    from ui.context import Navigator, WorkContext

PAGE_STYLE = """
QLabel { font-size: 12pt; }
QLabel#pageHeading { font-size: 20pt; font-weight: 700; }
QLabel#pageNote, QLabel#specMeta { color: #444; }
QLabel#specTitle { font-size: 16pt; font-weight: 800; }
QLabel#stateBadge { font-size: 13pt; font-weight: 700; border-radius: 6px; padding: 3px 10px; }
QLabel#pageBanner { color: white; background: #b71c1c; padding: 8px; border-radius: 4px;
                    font-weight: 600; }
QLabel#pageBanner[tone="done"] { background: #1b5e20; }
QFrame#specDetail { background: white; border: 1px solid #c8ccd2; border-radius: 8px; }
QTableView { font-size: 12pt; gridline-color: #d5d9de; alternate-background-color: #f6f8fa;
             selection-background-color: #1565c0; selection-color: white; }
QTableView:focus { border: 2px solid #1565c0; }
QHeaderView::section { font-size: 12pt; font-weight: 600; padding: 4px 6px; background: #eef1f5;
                       border: none; border-right: 1px solid #d5d9de;
                       border-bottom: 1px solid #c8ccd2; }
QPushButton { font-size: 13pt; min-height: 44px; padding: 0 18px; }
QComboBox, QLineEdit { font-size: 13pt; min-height: 40px; }
QPlainTextEdit { font-size: 13pt; }
"""
ROW_HEIGHT = 38
CELL_PADDING = 16  # room either side of a badge's word


def _table(model: Any) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)
    view.setAlternatingRowColors(True)
    view.setWordWrap(True)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
    header = view.horizontalHeader()
    header.setStretchLastSection(True)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setHighlightSections(False)
    return view


def _label(text: str = "", name: str = "", *, wrap: bool = True) -> QLabel:
    label = QLabel(text)
    if name:
        label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    return label


def _badge(label: QLabel, fill: str) -> None:
    ink = "#1a1a1a" if fill == PENDING_AMBER else "#ffffff"
    label.setStyleSheet(f"background: {fill}; color: {ink};")


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
            _label(self.tr("New version of {code}").format(code=base.code), "formHeading")
        )
        layout.addWidget(
            _label(
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
        self.items_view = _table(self.items_model)
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


class SpecificationsPage(QWidget):
    """Every specification version and its criteria; drafting and approval for QA."""

    def __init__(
        self, ctx: WorkContext, navigator: Navigator, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        from ui.forms.base import site_zone

        self.setObjectName("specificationsPage")
        self.setStyleSheet(PAGE_STYLE)
        self.ctx = ctx
        self.navigator = navigator
        self.zone: ZoneInfo = site_zone(ctx)
        self.may_change = is_allowed(ctx.actor.roles, Action.MANAGE_SPECIFICATIONS)
        self.draft_dialog: DraftSpecificationDialog | None = None
        self.sign_dialog: QDialog | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(8)
        layout.addWidget(_label(self.tr("Specifications"), "pageHeading"))
        layout.addWidget(
            _label(
                self.tr(
                    "Each result is judged against the version in force when its sample was "
                    "taken. QA drafts a new version; a second QA person approves it with an "
                    "e-signature, and it is in force from that moment."
                ),
                "pageNote",
            )
        )
        self.banner = _label("", "pageBanner")
        self.banner.hide()
        layout.addWidget(self.banner)

        versions_label = QLabel(self.tr("&Versions"))
        versions_label.setObjectName("specTitle")
        layout.addWidget(versions_label)
        self.versions_model = SpecVersionsModel(self.zone, self)
        self.versions_view = _table(self.versions_model)
        self.versions_view.setObjectName("specVersions")
        self.versions_view.setMaximumHeight(ROW_HEIGHT * 6 + 40)
        versions_label.setBuddy(self.versions_view)
        self.versions_view.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._show_version(current.row())
        )
        layout.addWidget(self.versions_view)

        detail = QFrame()
        detail.setObjectName("specDetail")
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(12, 8, 12, 8)
        title_row = QHBoxLayout()
        self.detail_title = _label("", "specTitle", wrap=False)
        self.detail_state = _label("", "stateBadge", wrap=False)
        title_row.addWidget(self.detail_title)
        title_row.addWidget(self.detail_state)
        title_row.addStretch(1)
        detail_layout.addLayout(title_row)
        self.detail_meta = _label("", "specMeta")
        detail_layout.addWidget(self.detail_meta)
        self.items_model = SpecItemsModel(self)
        self.items_view = _table(self.items_model)
        self.items_view.setObjectName("specItems")
        detail_layout.addWidget(self.items_view, 1)
        layout.addWidget(detail, 1)

        buttons = QHBoxLayout()
        self.draft_button = QPushButton(self.tr("&Draft new version…"))
        self.approve_button = primary_button(self.tr("&Approve…"))
        self.approve_button.setStyleSheet(
            PRIMARY_BUTTON_STYLE + "QPushButton { font-size: 13pt; min-height: 44px; "
            "padding: 0 22px; }"
        )
        self.refresh_button = QPushButton(self.tr("Refresh (F5)"))
        for button in (self.draft_button, self.approve_button, self.refresh_button):
            button.setAutoDefault(False)
        self.action_note = _label("", "pageNote")
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.action_note, 1)
        buttons.addWidget(self.draft_button)
        buttons.addWidget(self.approve_button)
        layout.addLayout(buttons)
        self.draft_button.clicked.connect(self.start_draft)
        self.approve_button.clicked.connect(self.start_approval)
        self.refresh_button.clicked.connect(lambda: self.refresh())
        QShortcut(
            QKeySequence("F5"),
            self,
            activated=self.refresh,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        self.refresh()

    # --- reading -------------------------------------------------------------------------------

    def refresh(self, select: int | None = None) -> None:
        """Read every version again; keep (or move to) the selected one."""
        from labtracker.services.specifications import list_specifications

        current = self.selected()
        try:
            views = list_specifications(self.ctx.db, self.ctx.actor)
        except LabtrackerError as error:
            self._set_banner(str(error))
            return
        self.versions_model.set_rows(views)
        view = self.versions_view
        view.resizeColumnsToContents()
        for column in range(self.versions_model.columnCount()):
            view.setColumnWidth(column, view.columnWidth(column) + CELL_PADDING)
        view.setColumnWidth(
            SpecVersionsModel.TITLE, min(view.columnWidth(SpecVersionsModel.TITLE), 380)
        )
        target = select if select is not None else (current.spec_id if current else None)
        row = self.versions_model.row_of(target) if target is not None else -1
        if row < 0 and views:
            row = 0
        if row >= 0:
            view.setCurrentIndex(self.versions_model.index(row, 0))
            self._show_version(row)
        self._update_actions()

    def selected(self) -> SpecificationView | None:
        row = self.versions_view.currentIndex().row()
        if 0 <= row < self.versions_model.rowCount():
            return self.versions_model.row_at(row)
        return None

    def _show_version(self, row: int) -> None:
        if not 0 <= row < self.versions_model.rowCount():
            return
        view = self.versions_model.row_at(row)
        self.detail_title.setText(f"{view.label} — {view.title}")
        self.detail_state.setText(self.versions_model.state_word(view))
        _badge(self.detail_state, spec_state(view)[1])
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

    def _set_banner(self, text: str, *, done: bool = False) -> None:
        self.banner.setProperty("tone", "done" if done else "")
        self.banner.style().unpolish(self.banner)
        self.banner.style().polish(self.banner)
        self.banner.setText(text)
        self.banner.setVisible(bool(text))

    def _update_actions(self) -> None:
        view = self.selected()
        draft = view is not None and view.state == "draft" and not view.voided
        self.draft_button.setEnabled(self.may_change and view is not None)
        self.approve_button.setEnabled(self.may_change and draft)
        if not self.may_change:
            note = self.tr("Only QA drafts and approves specifications.")
        elif draft and view is not None and view.drafted_by == self.ctx.actor.full_name:
            note = self.tr("You drafted {label}: a second QA person must approve it.").format(
                label=view.label
            )
        elif draft:
            note = self.tr("{label} is a draft: approve it to put it in force.").format(
                label=view.label  # type: ignore[union-attr]
            )
        else:
            note = ""
        self.action_note.setText(note)

    def start_draft(self) -> None:
        view = self.selected()
        if view is None or not self.may_change:
            return
        dialog = DraftSpecificationDialog(self.ctx, view, self)
        dialog.drafted.connect(self._drafted)
        self.draft_dialog = dialog
        dialog.open()

    def _drafted(self, view: SpecificationView) -> None:
        self._set_banner(
            self.tr("{label} saved as a draft. A second QA person must approve it.").format(
                label=view.label
            ),
            done=True,
        )
        self.refresh(select=view.spec_id)

    def start_approval(self) -> None:
        from labtracker.services.signatures import Meaning
        from labtracker.services.specifications import approve_specification
        from ui.sign_dialog import SignDialog

        view = self.selected()
        if view is None or view.state != "draft" or not self.may_change:
            return
        ctx, spec_id = self.ctx, view.spec_id

        def signer(username: str, password: str) -> SpecificationView:
            return approve_specification(
                ctx.db, ctx.actor, spec_id, username=username, password=password
            )

        criteria = "\n".join(
            f"• {item.label}: {self.items_model.data(self.items_model.index(row, 2))}"
            for row, item in enumerate(view.items)
        )
        record_text = self.tr(
            "{label} — {title}\n{criteria}\nIn force from the moment you sign; the version in "
            "force now is superseded. Results already judged keep their version."
        ).format(label=view.label, title=view.title, criteria=criteria)
        dialog = SignDialog(
            ctx, meaning=Meaning.APPROVED, record_text=record_text, signer=signer, parent=self
        )
        dialog.setMinimumWidth(760)
        dialog.adjustSize()
        dialog.signed.connect(self._approved)
        self.sign_dialog = dialog
        dialog.open()

    def _approved(self, view: SpecificationView) -> None:
        self._set_banner(
            self.tr("{label} approved: in force from {when}.").format(
                label=view.label, when=local(view.effective_from, self.zone)
            ),
            done=True,
        )
        self.refresh(select=view.spec_id)


__all__ = ["ComparatorDelegate", "DraftSpecificationDialog", "SpecificationsPage"]
