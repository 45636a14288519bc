"""What the QA screens' tests share (QA review, specifications, label templates): a navigator
that goes nowhere, a page shown at the bench size, a table model's text, a mouse click."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

PageT = TypeVar("PageT", bound=QWidget)


class StubNavigator:
    """A Navigator for a page shown on its own: it opens nothing."""

    def open_lot(self, din: str) -> None:
        pass

    def show_page(self, key: str) -> None:
        pass

    def refresh(self) -> None:
        pass


def shown(qtbot, page: PageT) -> PageT:
    """The page at 1280 × 800, on screen (offscreen) and exposed."""
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    qtbot.waitExposed(page)
    return page


def rows(model) -> list[list[str]]:
    """Every cell's DisplayRole text, row by row."""
    return [
        [model.data(model.index(r, c)) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
