"""All lots: searching (typed, in Chinese, or scanned), the status filter, opening a lot,
and the lazily read table behind it."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from labtracker.domain.identifiers import din_check_character
from labtracker.services import lots
from tests.ui.test_home import FakeNavigator
from ui.pages.lots import LotsPage


def make_page(qtbot, demo, who: str = "tech") -> tuple[LotsPage, FakeNavigator]:
    navigator = FakeNavigator()
    page = LotsPage(demo.ctx(who), navigator)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitActive(page)
    return page, navigator


def shown(page) -> list[str]:
    return [page.model.din_at(r) for r in range(page.model.rowCount())]


def choose_status(page, label: str) -> None:
    index = page.status_filter.findText(label)
    assert index >= 0, label
    page.status_filter.setCurrentIndex(index)


def test_lists_every_lot_newest_first(qtbot, demo):
    page, _navigator = make_page(qtbot, demo)
    assert page.count_label.text() == "5 lot(s), newest first"
    assert shown(page)[0] == demo.din("received")
    assert shown(page)[-1] == demo.din("implanted")
    assert not page.empty_label.isVisible()


def test_typing_searches_after_a_pause(qtbot, demo):
    page, navigator = make_page(qtbot, demo)
    qtbot.keyClicks(page.search, "li na")
    assert len(shown(page)) == 5  # not yet: the search waits for a pause in typing
    qtbot.waitUntil(lambda: shown(page) == [demo.din("seeded")], timeout=2000)
    assert page.count_label.text() == "1 lot(s), newest first"
    assert navigator.opened == []  # typing alone opens nothing

    page.search.setText("王建国")  # keyClicks cannot type Chinese
    page.apply_filter()
    assert shown(page) == [demo.din("implanted")]
    page.search.setText("MRN00100")
    page.apply_filter()
    assert len(shown(page)) == 5

    page.search.clear()
    qtbot.keyClicks(page.search, "nobody at all")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert shown(page) == []
    assert page.count_label.text() == "No lots"
    assert page.empty_label.isVisible() and page.empty_label.text() == "No lot matches."
    assert not page.view.isVisible()


def test_a_scanned_label_in_the_search_box_opens_its_lot(qtbot, demo):
    page, navigator = make_page(qtbot, demo)
    page.search.setFocus()
    qtbot.keyClicks(page.search, f"={demo.din('in culture')}00")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert shown(page) == [demo.din("in culture")]
    assert navigator.opened == [demo.din("in culture")]
    # A DIN typed with its check character finds exactly that lot too.
    din = demo.din("released")
    page.search.clear()
    qtbot.keyClicks(page.search, din + din_check_character(din))
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert navigator.opened[-1] == din
    # Several matches: Enter only searches.
    page.search.clear()
    qtbot.keyClicks(page.search, "MRN")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert len(shown(page)) == 5 and len(navigator.opened) == 2


def test_status_filter(qtbot, demo):
    page, _navigator = make_page(qtbot, demo)
    choose_status(page, "Released by QA")
    assert shown(page) == [demo.din("released")]
    choose_status(page, "In progress (not closed)")
    assert len(shown(page)) == 4 and demo.din("implanted") not in shown(page)
    page.search.setText("刘")
    page.apply_filter()
    assert shown(page) == [demo.din("in culture")]
    choose_status(page, "All statuses")
    assert shown(page) == [demo.din("in culture")]  # the search still applies
    page.search.clear()
    page.apply_filter()
    assert len(shown(page)) == 5


def test_enter_or_double_click_opens_the_lot(qtbot, demo):
    page, navigator = make_page(qtbot, demo)
    view = page.view
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    assert view.currentIndex().row() == 0  # focus lands on the first row
    qtbot.keyClick(view, Qt.Key.Key_Down)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert navigator.opened == [shown(page)[1]]
    rect = view.visualRect(page.model.index(3, 0))
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert navigator.opened[-1] == shown(page)[3]


def test_a_label_scanned_into_the_table_searches_for_it(qtbot, demo):
    page, navigator = make_page(qtbot, demo)
    page.view.setFocus()
    qtbot.keyClicks(page.view, f"{demo.din('seeded')}-QC06")  # a QC sample label
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    assert page.search.text() == f"{demo.din('seeded')}-QC06"
    assert shown(page) == [demo.din("seeded")]
    assert navigator.opened == [demo.din("seeded")]


def test_reads_more_lots_as_the_table_needs_them(qtbot, demo):
    page, _navigator = make_page(qtbot, demo)
    page.model.page_size = 2
    page.apply_filter()
    # The view asks for more while it has room to show them (as it does when scrolled down).
    qtbot.waitUntil(lambda: page.model.rowCount() == 5, timeout=2000)
    assert not page.model.canFetchMore(QModelIndex())
    page.resize(1280, 330)  # room for about two rows
    page.apply_filter()
    assert page.count_label.text() == "5 lots, newest first; more are read as you scroll"
    assert page.model.rowCount() == 2

    def scrolled_to_the_end() -> bool:
        page.view.scrollToBottom()  # each time the scroll bar reaches its end, a page more
        return page.model.rowCount() == 5

    qtbot.waitUntil(scrolled_to_the_end, timeout=2000)
    assert page.count_label.text() == "5 lot(s), newest first"
    assert page.view.verticalScrollBar().value() > 0
    # A new search starts again at the top.
    page.search.setText("MRN")
    page.apply_filter()
    assert page.view.verticalScrollBar().value() == 0


def test_refresh_keeps_the_selected_lot(qtbot, demo):
    page, _navigator = make_page(qtbot, demo)
    chosen = demo.din("released")
    page.view.select_row(page.model.row_of_din(chosen))
    lots.start_lot(demo.db, demo.ctx("tech").actor, "MRN0010004")
    page.refresh()
    assert page.count_label.text() == "6 lot(s), newest first"
    assert page.model.din_at(page.view.selected_row()) == chosen
