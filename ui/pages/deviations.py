"""Deviations: every open deviation of the site, oldest first, with the next step each needs;
assess one (impact, root cause, CAPA), close it (QA, e-signature), raise a new one, or open
the lot it concerns. Closed deviations stay in the lot's record and its batch record."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from labtracker.domain.permissions import Action, is_allowed
from ui.models.home_tables import DeviationTableModel
from ui.pages.lots import RowTableView
from ui.widgets import FORM_STYLE, error_label, show_error

if TYPE_CHECKING:
    from ui.context import Navigator, WorkContext


class DeviationsPage(QWidget):
    def __init__(
        self, ctx: WorkContext, navigator: Navigator, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("deviationsPage")
        self.setStyleSheet(FORM_STYLE)
        self.ctx = ctx
        self.navigator = navigator
        self.open_form = None
        roles = ctx.actor.roles

        layout = QVBoxLayout(self)
        heading = QLabel(self.tr("Open deviations"))
        heading.setObjectName("formHeading")
        layout.addWidget(heading)
        self.count = QLabel()
        self.count.setObjectName("deviationCount")
        layout.addWidget(self.count)
        self.error = error_label()
        layout.addWidget(self.error)
        self.model = DeviationTableModel(self)
        self.view = RowTableView()
        self.view.setObjectName("deviationTable")
        self.view.setModel(self.model)
        self.view.row_chosen.connect(lambda _row: self._assess())
        layout.addWidget(self.view, 1)

        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, text, action, handler in (
            ("assess", self.tr("Assess…"), Action.RAISE_DEVIATION, self._assess),
            ("close", self.tr("Close (QA)…"), Action.CLOSE_DEVIATION, self._close),
            ("lot", self.tr("Open the lot"), Action.VIEW_LOTS, self._open_lot),
            ("raise", self.tr("Raise a deviation…"), Action.RAISE_DEVIATION, self._raise),
        ):
            button = QPushButton(text, self)  # parented: shown, it is never a window
            button.setObjectName(f"deviation_{key}")
            button.setAutoDefault(False)
            button.clicked.connect(handler)
            button.setVisible(is_allowed(roles, action))
            buttons.addWidget(button)
            self.buttons[key] = button
        buttons.addStretch(1)
        layout.addLayout(buttons)

    def refresh(self) -> None:
        from labtracker.domain.errors import LabtrackerError
        from labtracker.services.deviations import open_deviations

        show_error(self.error, "")
        try:
            rows = open_deviations(self.ctx.db, self.ctx.actor)
        except LabtrackerError as error:
            show_error(self.error, str(error))
            return
        self.model.set_rows(rows)
        self.count.setText(
            self.tr("{n} open deviation(s)").format(n=len(rows)) if rows else self.tr("None open.")
        )
        if rows and not self.view.currentIndex().isValid():
            self.view.selectRow(0)
        self.view.resizeColumnsToContents()

    def selected(self):
        index = self.view.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _open(self, form) -> None:
        form.saved.connect(lambda _saved: self.refresh())
        form.open()
        self.open_form = form

    def _assess(self) -> None:
        from ui.forms.deviations import AssessDeviationForm

        chosen = self.selected()
        if chosen is not None:
            self._open(AssessDeviationForm(self.ctx, chosen.number, parent=self))

    def _close(self) -> None:
        from ui.forms.deviations import CloseDeviationForm

        chosen = self.selected()
        if chosen is not None:
            self._open(CloseDeviationForm(self.ctx, chosen.number, parent=self))

    def _open_lot(self) -> None:
        chosen = self.selected()
        if chosen is not None and chosen.din:
            self.navigator.open_lot(chosen.din)

    def _raise(self) -> None:
        from ui.forms.deviations import RaiseDeviationForm

        self._open(RaiseDeviationForm(self.ctx, parent=self))
