"""Each role's main journey through the whole window, as the bench PC runs it: sign in, the
navigation for the role, a scan opening the lot, the step action on the lot page, the form,
the red stop, the signature. The forms and pages have their own detailed tests; these prove
they are wired together."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from labtracker.services import auth, culture
from ui.hard_stop import open_stop
from ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, demo):
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()

    def sign_in(username: str) -> MainWindow:
        from labtracker.services.station import DatabaseInfo, Station
        from labtracker.settings import load_settings

        if window.station is None:
            info = DatabaseInfo("SQLite", "demo", "default", None, "head")
            window.station = Station(load_settings(), demo.db, info)
        window._start_session(auth.login(demo.db, username, demo.password, station="bench-1"))
        return window

    yield sign_in
    window._end_session()


def nav_titles(window: MainWindow) -> list[str]:
    navigation = window.workspace.navigation
    return [navigation.item(row).text() for row in range(navigation.count())]


def test_each_role_gets_its_screens(window):
    assert nav_titles(window("tech")) == [
        "Home",
        "All lots",
        "Patients",
        "Deviations",
        "Materials",
        "Station",
    ]
    assert "Bedside check" in nav_titles(window("surgeon"))
    qa = nav_titles(window("qa"))
    assert {"Specifications", "Label templates", "Deviations"} <= set(qa)
    assert "Bedside check" not in qa


def test_technician_scans_a_lot_records_a_harvest_and_a_wrong_vessel_stops(qtbot, window, demo):
    main = window("tech")
    din = demo.din("in culture")
    main.workspace.handle_scan(f"={din}00")  # the lot's label, scanned anywhere
    page = main.workspace.current()
    assert page.din == din
    harvest = page.action_button("HarvestForm")
    assert harvest.isVisible()  # in culture: harvesting is a step that applies
    assert not page.action_button("EndInductionForm").isVisible()
    qtbot.mouseClick(harvest, Qt.MouseButton.LeftButton)
    form = page.open_form
    assert form.isVisible() and QApplication.activeModalWidget() is form

    # Another lot's vessel, scanned while the form is open: the red stop, nothing added.
    other = culture.vessel_tree(demo.db, main.actor, demo.din("implanted")).roots[0].code
    main.workspace.handle_scan(other)
    stop = open_stop(form)
    assert stop is not None and "wrong lot" in stop.title_label.text()
    assert form.vessels.codes() == []
    qtbot.mouseClick(stop.acknowledge_button, Qt.MouseButton.LeftButton)

    # This lot's vessels go into the form, wherever the keyboard focus is.
    codes = [f"{din}-P1-1", f"{din}-P1-2"]
    for code in codes:
        main.workspace.handle_scan(code)
    assert form.vessels.codes() == codes
    for key, value in (
        ("confluence", "85"),
        ("count_live", "150"),
        ("count_dead", "10"),
        ("count_squares", "4"),
        ("count_volume", "20"),
    ):
        qtbot.keyClicks(form.field(key), value)
    assert form.computed("pd").text() == "4.42"
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    sign = form.sign_dialog
    qtbot.keyClicks(sign.password, demo.password)
    qtbot.mouseClick(sign.sign_button, Qt.MouseButton.LeftButton)
    assert not form.isVisible()
    tree = culture.vessel_tree(demo.db, main.actor, din)
    harvested = [n for root in tree.roots for n in root.children if n.code in codes]
    assert {n.state for n in harvested} == {"harvested"}


def test_qa_opens_the_review_from_the_lot_page(qtbot, window, demo):
    main = window("qa")
    main.workspace.open_lot(demo.din("seeded"))
    page = main.workspace.current()
    qtbot.mouseClick(page.action_button("review"), Qt.MouseButton.LeftButton)
    review = main.workspace.current()
    assert type(review).__name__ == "QaReviewPage"
    assert review.din == demo.din("seeded")


def test_the_administrator_gets_the_administration_screens_and_no_lots(window):
    titles = nav_titles(window("admin"))
    assert titles == [
        "Home",
        "Users and sign-ins",
        "Backups",
        "Vessel catalogue",
        "Site settings",
        "Station",
    ]


def test_qa_previews_the_certificate_of_analysis_of_a_released_lot(qtbot, window, demo):
    from ui.messages import open_boxes
    from ui.tasks import running_tasks

    main = window("qa")
    main.workspace.open_lot(demo.din("released"))
    page = main.workspace.current()
    page.more_actions["coa"].trigger()
    qtbot.waitUntil(lambda: running_tasks() == 0, timeout=30_000)
    preview = page.open_form
    assert type(preview).__name__ == "PdfPreview" and preview.isVisible()
    assert len(preview.page_labels) == 1
    preview.close()

    # The failing lot has no certificate: the refusal is said, nothing is previewed.
    main.workspace.open_lot(demo.din("seeded"))
    page = main.workspace.current()
    page.more_actions["coa"].trigger()
    qtbot.waitUntil(lambda: running_tasks() == 0, timeout=30_000)
    boxes = open_boxes(page)
    assert boxes and "released" in boxes[0].text().lower()
    for box in boxes:
        box.close()
