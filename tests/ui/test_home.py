"""Each role's home page on the demonstration site: what it lists, in words and colours, what
Enter or a double-click opens, and a refresh every minute that keeps the selection."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from labtracker.domain.permissions import Role
from labtracker.services import auth, deviations, lots, users
from labtracker.services.auth import AuthenticationError
from ui.context import WorkContext
from ui.pages.home import REFRESH_INTERVAL_MS, HomePage


class FakeNavigator:
    """Records where the page sends the user."""

    def __init__(self) -> None:
        self.opened: list[str] = []
        self.pages: list[str] = []

    def open_lot(self, din: str) -> None:
        self.opened.append(din)

    def show_page(self, key: str) -> None:
        self.pages.append(key)

    def refresh(self) -> None:
        pass


def make_home(qtbot, demo, who: str | WorkContext) -> tuple[HomePage, FakeNavigator]:
    ctx = demo.ctx(who) if isinstance(who, str) else who
    navigator = FakeNavigator()
    page = HomePage(ctx, navigator)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    qtbot.waitExposed(page)
    return page, navigator


def column(view, title: str) -> int:
    model = view.model()
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    return titles.index(title)


def cells(view, title: str) -> list[str]:
    model = view.model()
    c = column(view, title)
    return [model.data(model.index(r, c)) for r in range(model.rowCount())]


def row_with(view, title: str, text: str) -> int:
    found = [r for r, value in enumerate(cells(view, title)) if text in value]
    assert len(found) == 1, f"{text!r} in {cells(view, title)}"
    return found[0]


def background(view, row: int, title: str) -> str | None:
    brush = view.model().data(
        view.model().index(row, column(view, title)), Qt.ItemDataRole.BackgroundRole
    )
    return brush.color().name() if brush is not None else None


def press_enter_on(qtbot, view, row: int) -> None:
    view.setFocus()
    view.select_row(row)
    qtbot.keyClick(view, Qt.Key.Key_Return)


def test_technician_sees_the_work_of_the_day(qtbot, demo):
    page, navigator = make_home(qtbot, demo, "tech")
    assert list(page.sections) == ["work"]
    work = page.section("work")
    assert work.heading.text() == "Work today"
    assert work.count_label.text() == "4 open lot(s) · 3 due today"
    assert work.view.isVisible() and not work.empty_label.isVisible()
    view = work.view

    culture = row_with(view, "To do", "Harvest or passage")
    assert cells(view, "To do")[culture].endswith("day 8 since seeding")
    assert cells(view, "When")[culture] == "DUE"
    assert background(view, culture, "When") == "#ff8f00"
    warm = row_with(view, "To do", "Isolation and cell count")
    assert cells(view, "To do")[warm].endswith("(outside limits: DEV-2026-0001)")
    assert cells(view, "Deviations")[warm] == "1 open"
    assert "陈静 (Chen Jing)" in cells(view, "Patient / MRN")[warm]
    failed = row_with(view, "To do", "QA review and release")
    assert cells(view, "When")[failed] == "later"
    # The implanted lot is done with: not on anyone's list.
    assert not any("MRN0010001" in text for text in cells(view, "Patient / MRN"))

    press_enter_on(qtbot, view, culture)
    assert navigator.opened == [demo.din("in culture")]
    rect = view.visualRect(view.model().index(warm, 1))
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert navigator.opened[-1] == demo.din("received")


def test_a_label_scanned_into_the_table_opens_its_own_lot(qtbot, demo):
    """A scanner types where the focus is; the scanned lot opens, not the selected row."""
    page, navigator = make_home(qtbot, demo, "tech")
    view = page.section("work").view
    view.setFocus()
    view.select_row(row_with(view, "To do", "Harvest or passage"))
    qtbot.keyClicks(view, f"={demo.din('seeded')}00")
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert navigator.opened == [demo.din("seeded")]
    qtbot.keyClicks(view, "RL000001")
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert navigator.opened == [demo.din("seeded")]
    assert page.notice.isVisible()
    assert "RL000001 is not a lot, vessel or QC sample label" in page.notice.text()


def test_qa_sees_review_deviations_and_released_constructs(qtbot, demo):
    page, navigator = make_home(qtbot, demo, "qa")
    assert list(page.sections) == ["review", "deviations", "released"]

    review = page.section("review")
    assert review.heading.text() == "Awaiting QA review and release"
    assert review.count_label.text() == "1 lot(s) · 1 with a failed result"
    assert cells(review.view, "Verdict") == ["FAILED"]
    assert background(review.view, 0, "Verdict") == "#b71c1c"
    assert cells(review.view, "What stops release")[0].startswith("Endotoxin 0.8 EU/mL fails")
    assert cells(review.view, "Results in") == ["7 of 7"]

    open_deviations = page.section("deviations")
    assert open_deviations.count_label.text() == "1 open · 1 major"
    assert cells(open_deviations.view, "Number") == ["DEV-2026-0001"]
    assert cells(open_deviations.view, "Class") == ["MAJOR"]
    press_enter_on(qtbot, open_deviations.view, 0)
    assert navigator.opened == [demo.din("received")]

    released = page.section("released")
    assert released.heading.text() == "Released constructs"
    assert cells(released.view, "Time left") == ["37:00 left"]
    press_enter_on(qtbot, released.view, 0)
    assert navigator.opened[-1] == demo.din("released")


def test_surgeon_sees_released_constructs_counting_down(qtbot, demo, clock):
    page, navigator = make_home(qtbot, demo, "surgeon")
    assert list(page.sections) == ["released"]
    released = page.section("released")
    assert released.heading.text() == "Released constructs for implantation"
    view = released.view
    assert view.model().rowCount() == 1
    assert cells(view, "Patient / MRN") == ["张伟 (Zhang Wei)\nMRN0010003"]
    assert cells(view, "DIN")[0].startswith("A9999 26 000001 [")
    assert cells(view, "Time left") == ["37:00 left"]
    assert background(view, 0, "Time left") is None
    assert released.count_label.text() == "1 construct(s)"
    # Not the lot still in culture, nor the one implanted.
    assert demo.din("in culture") not in [view.model().din_at(0)]

    clock.advance(hours=32, minutes=10)
    page.refresh()
    assert cells(view, "Time left") == ["4:50 left"]
    assert background(view, 0, "Time left") == "#b71c1c"
    assert released.count_label.text() == "1 construct(s) · 1 expire within 6 h"
    clock.advance(hours=5)
    page.refresh()
    assert cells(view, "Time left") == ["EXPIRED (0:10 ago)"]
    assert released.count_label.text() == "1 construct(s) · 1 EXPIRED"
    press_enter_on(qtbot, view, 0)
    assert navigator.opened == [demo.din("released")]


def test_nothing_released_says_so(qtbot, demo):
    tech = demo.ctx("tech").actor
    deviations.discard(
        demo.db,
        tech,
        demo.din("released"),
        scope="construct",
        vessel_code=None,
        reason="dropped on the floor",
        witness_username="tech2",
        witness_password=demo.password,
    )
    page, _navigator = make_home(qtbot, demo, "surgeon")
    released = page.section("released")
    assert released.empty_label.isVisible()
    assert released.empty_label.text() == "No released construct is waiting."
    assert not released.view.isVisible()
    assert released.count_label.text() == ""


def test_administrator_sees_users_failed_sign_ins_and_the_site(qtbot, demo):
    page, navigator = make_home(qtbot, demo, "admin")
    assert list(page.sections) == ["users", "logins"]
    accounts = page.section("users")
    assert accounts.count_label.text() == "6 account(s) · 6 active"
    assert cells(accounts.view, "User ID") == ["admin", "qa", "super", "surgeon", "tech", "tech2"]
    logins = page.section("logins")
    assert logins.heading.text() == "Failed sign-ins, last 7 days"
    assert logins.empty_label.isVisible() and logins.empty_label.text() == "No failed sign-ins."
    assert page.site_values["name"].text() == "Xinxiang Bone Tissue Lab (demo)"
    assert page.site_values["facility"].text() == "A9999"
    assert page.site_values["timezone"].text() == "Asia/Shanghai"
    assert page.site_values["idle_lock"].text() == "10 minutes without use"
    assert page.site_values["lockout"].text() == "5 failed sign-ins"
    assert page.site_values["expiry"].text() == "48 h after QA release"

    for _ in range(5):
        with pytest.raises(AuthenticationError):
            auth.login(demo.db, "tech2", "not the password", station="bench-7")
    qtbot.mouseClick(page.refresh_button, Qt.MouseButton.LeftButton)
    assert accounts.count_label.text() == "6 account(s) · 6 active · 1 LOCKED"
    locked = row_with(accounts.view, "User ID", "tech2")
    assert cells(accounts.view, "State")[locked] == "LOCKED"
    assert background(accounts.view, locked, "State") == "#b71c1c"
    assert logins.count_label.text() == "5 failed"
    assert set(cells(logins.view, "User ID typed")) == {"tech2"}
    assert set(cells(logins.view, "Station")) == {"bench-7"}

    qtbot.mouseClick(page.manage_users_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.site_settings_button, Qt.MouseButton.LeftButton)
    assert navigator.pages == ["admin-users", "admin-site"]
    assert navigator.opened == []


def test_several_roles_see_the_sections_of_each(qtbot, demo):
    admin = demo.ctx("admin").actor
    users.add_user(
        demo.db,
        admin,
        "mrole",
        "Lin Fang",
        [Role.TECHNICIAN, Role.QA, Role.SURGEON],
        "Temp-Demo-0000!",
    )
    users.change_password(demo.db, "mrole", "Temp-Demo-0000!", "Bench-Passw0rd!9")
    actor = auth.login(demo.db, "mrole", "Bench-Passw0rd!9", station="bench-1")
    page, _navigator = make_home(qtbot, demo, WorkContext(demo.db, actor, "bench-1"))
    assert list(page.sections) == ["work", "review", "deviations", "released"]
    assert page.section("released").heading.text() == "Released constructs for implantation"


def test_refreshes_every_minute_while_shown_and_keeps_the_selection(qtbot, demo, clock):
    page, _navigator = make_home(qtbot, demo, "tech")
    assert page.refresh_timer.interval() == REFRESH_INTERVAL_MS == 60_000
    assert page.refresh_timer.isActive()
    view = page.section("work").view
    model = view.model()
    chosen = demo.din("received")
    view.select_row(model.row_of_key(chosen))
    assert page.updated_label.text() == "Updated 16:00"  # site time

    clock.advance(minutes=1)
    page.refresh_timer.timeout.emit()
    assert page.updated_label.text() == "Updated 16:01"
    assert model.key_of(view.selected_row()) == chosen
    # A new lot changes the rows: the same lot stays selected wherever it now is.
    lots.start_lot(demo.db, demo.ctx("tech").actor, "MRN0010004")
    clock.advance(minutes=1)
    page.refresh_timer.timeout.emit()
    assert model.rowCount() == 5
    assert model.key_of(view.selected_row()) == chosen
    assert page.section("work").count_label.text().startswith("5 open lot(s)")

    page.hide()
    assert not page.refresh_timer.isActive()
    page.show()
    assert page.refresh_timer.isActive()


def test_a_refusal_shows_in_the_banner(qtbot, demo):
    page, _navigator = make_home(qtbot, demo, "tech")
    assert not page.banner.isVisible()
    users.deactivate_user(demo.db, demo.ctx("admin").actor, "tech", "left the lab")
    page.refresh()
    assert page.banner.isVisible()
    assert "deactivated" in page.banner.text().lower()
