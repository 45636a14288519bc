"""The scaffolding of a page of versioned, approved documents (specifications, label templates):
every version in a table, the selected one's details below, and QA's actions: draft a new
version, approve a draft with an e-signature (a second QA person), refresh with F5.

A subclass builds its own table and details between `start_page` and `finish_page`, sets
`versions_model` (a TitledTableModel whose KEY names a version's id) and `versions_view`,
and supplies what differs: reading the versions, showing one, the notes beside the buttons,
drafting, and the approval itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from labtracker.domain.errors import LabtrackerError
from labtracker.domain.permissions import Action, is_allowed
from ui.pages.page_parts import plain_label, set_banner
from ui.widgets import PRIMARY_BUTTON_STYLE, primary_button

if TYPE_CHECKING:
    from collections.abc import Sequence
    from zoneinfo import ZoneInfo

    from ui.context import Navigator, WorkContext
    from ui.models.qa_common import TitledTableModel

ROW_HEIGHT = 38
CELL_PADDING = 16  # room either side of a badge's word


def document_page_style(prefix: str, extra: str = "") -> str:
    """The page's style sheet; `prefix` names its title, details and meta labels
    ("spec" → specTitle, specDetail, specMeta); `extra` adds the page's own rules."""
    return f"""
QLabel {{ font-size: 12pt; }}
QLabel#pageHeading {{ font-size: 20pt; font-weight: 700; }}
QLabel#pageNote, QLabel#{prefix}Meta {{ color: #444; }}
QLabel#{prefix}Title {{ font-size: 16pt; font-weight: 800; }}
QLabel#stateBadge {{ font-size: 13pt; font-weight: 700; border-radius: 6px; padding: 3px 10px; }}
QLabel#pageBanner {{ color: white; background: #b71c1c; padding: 8px; border-radius: 4px;
                    font-weight: 600; }}
QLabel#pageBanner[tone="done"] {{ background: #1b5e20; }}
QFrame#{prefix}Detail {{ background: white; border: 1px solid #c8ccd2; border-radius: 8px; }}
QTableView {{ font-size: 12pt; gridline-color: #d5d9de; alternate-background-color: #f6f8fa;
             selection-background-color: #1565c0; selection-color: white; }}
QTableView:focus {{ border: 2px solid #1565c0; }}
QHeaderView::section {{ font-size: 12pt; font-weight: 600; padding: 4px 6px; background: #eef1f5;
                       border: none; border-right: 1px solid #d5d9de;
                       border-bottom: 1px solid #c8ccd2; }}
QPushButton {{ font-size: 13pt; min-height: 44px; padding: 0 18px; }}
QPlainTextEdit {{ font-size: 13pt; }}
{extra}"""


def document_table(model: Any, *, highlight_sections: bool = False) -> QTableView:
    """A read-only table of whole rows, one selected at a time; Tab leaves it."""
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
    header.setHighlightSections(highlight_sections)
    return view


class VersionedDocumentsPage(QWidget):
    """Every version of a kind of document; drafting and approval for QA (see the module)."""

    SIGN_DIALOG_WIDTH = 720

    def __init__(
        self,
        ctx: WorkContext,
        navigator: Navigator,
        action: Action,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        from ui.forms.base import site_zone

        self.ctx = ctx
        self.navigator = navigator
        self.zone: ZoneInfo = site_zone(ctx)
        self.may_change = is_allowed(ctx.actor.roles, action)
        self.draft_dialog: QDialog | None = None
        self.sign_dialog: QDialog | None = None
        self.versions_model: TitledTableModel
        self.versions_view: QTableView

    # --- building ------------------------------------------------------------------------------

    def start_page(self, heading: str, note: str) -> QVBoxLayout:
        """The page's heading, what it is for, and the banner (hidden until there is news)."""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(8)
        layout.addWidget(plain_label(heading, "pageHeading"))
        layout.addWidget(plain_label(note, "pageNote"))
        self.banner = plain_label("", "pageBanner")
        self.banner.hide()
        layout.addWidget(self.banner)
        return layout

    def detail_frame(self, prefix: str) -> tuple[QFrame, QVBoxLayout]:
        """The selected version's box: its title and state badge, and what is known of it
        (`detail_title`, `detail_state`, `detail_meta`); the caller adds the rest."""
        detail = QFrame()
        detail.setObjectName(f"{prefix}Detail")
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(12, 8, 12, 8)
        title_row = QHBoxLayout()
        self.detail_title = plain_label("", f"{prefix}Title", wrap=False)
        self.detail_state = plain_label("", "stateBadge", wrap=False)
        title_row.addWidget(self.detail_title)
        title_row.addWidget(self.detail_state)
        title_row.addStretch(1)
        detail_layout.addLayout(title_row)
        self.detail_meta = plain_label("", f"{prefix}Meta")
        detail_layout.addWidget(self.detail_meta)
        return detail, detail_layout

    def finish_page(self, layout: QVBoxLayout) -> None:
        """The action row (Refresh, a note on what the reader may do, Draft, Approve), F5,
        and the first reading."""
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
        self.action_note = plain_label("", "pageNote")
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

    # --- what a subclass supplies --------------------------------------------------------------

    def list_versions(self) -> Sequence[Any]:
        raise NotImplementedError

    def _show_version(self, row: int) -> None:
        raise NotImplementedError

    def only_qa_note(self) -> str:
        """Beside the buttons for a reader who may not change anything."""
        raise NotImplementedError

    def draft_note(self, label: str) -> str:
        """Beside the buttons when a draft someone else drafted is selected."""
        raise NotImplementedError

    def may_draft_from(self, view: Any) -> bool:
        """Whether Draft is offered with `view` (None: nothing) selected."""
        return True

    def start_draft(self) -> None:
        raise NotImplementedError

    def approve(self, key: Any, username: str, password: str) -> Any:
        """Approve the draft `key` with the second person's signature; its view."""
        raise NotImplementedError

    def approval_text(self, view: Any) -> str:
        """What the signer reads before approving `view`."""
        raise NotImplementedError

    def approved_text(self, view: Any) -> str:
        """The banner once `view` is approved."""
        raise NotImplementedError

    # --- reading -------------------------------------------------------------------------------

    def refresh(self, select: Any = None) -> None:
        """Read every version again; keep (or move to) the selected one."""
        model, table = self.versions_model, self.versions_view
        current = self.selected()
        try:
            views = self.list_versions()
        except LabtrackerError as error:
            self._set_banner(str(error))
            return
        model.set_rows(views)
        self.fit_columns()
        target = select if select is not None else (model.key_of(current) if current else None)
        row = model.row_of(target) if target is not None else -1
        if row < 0 and views:
            row = 0
        if row >= 0:
            table.setCurrentIndex(model.index(row, 0))
            self._show_version(row)
        self._update_actions()

    def fit_columns(self) -> None:
        table = self.versions_view
        table.resizeColumnsToContents()
        for column in range(self.versions_model.columnCount()):
            table.setColumnWidth(column, table.columnWidth(column) + CELL_PADDING)

    def selected(self) -> Any:
        """The selected version's view; None when nothing is selected."""
        row = self.versions_view.currentIndex().row()
        if 0 <= row < self.versions_model.rowCount():
            return self.versions_model.row_at(row)
        return None

    # --- actions -------------------------------------------------------------------------------

    def _set_banner(self, text: str, *, done: bool = False) -> None:
        set_banner(self.banner, text, done=done)

    def _update_actions(self) -> None:
        view = self.selected()
        draft = view is not None and view.state == "draft" and not view.voided
        self.draft_button.setEnabled(self.may_change and self.may_draft_from(view))
        self.approve_button.setEnabled(self.may_change and draft)
        if not self.may_change:
            note = self.only_qa_note()
        elif draft and view is not None and view.drafted_by == self.ctx.actor.full_name:
            note = self.tr("You drafted {label}: a second QA person must approve it.").format(
                label=view.label
            )
        elif draft and view is not None:
            note = self.draft_note(view.label)
        else:
            note = ""
        self.action_note.setText(note)

    def _drafted(self, view: Any) -> None:
        self._set_banner(
            self.tr("{label} saved as a draft. A second QA person must approve it.").format(
                label=view.label
            ),
            done=True,
        )
        self.refresh(select=self.versions_model.key_of(view))

    def start_approval(self) -> None:
        from labtracker.services.signatures import Meaning
        from ui.sign_dialog import SignDialog

        view = self.selected()
        if view is None or view.state != "draft" or not self.may_change:
            return
        key = self.versions_model.key_of(view)

        def signer(username: str, password: str) -> Any:
            return self.approve(key, username, password)

        dialog = SignDialog(
            self.ctx,
            meaning=Meaning.APPROVED,
            record_text=self.approval_text(view),
            signer=signer,
            parent=self,
        )
        dialog.setMinimumWidth(self.SIGN_DIALOG_WIDTH)
        dialog.adjustSize()
        dialog.signed.connect(self._approved)
        self.sign_dialog = dialog
        dialog.open()

    def _approved(self, view: Any) -> None:
        self._set_banner(self.approved_text(view), done=True)
        self.refresh(select=self.versions_model.key_of(view))
