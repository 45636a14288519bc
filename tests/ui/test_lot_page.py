"""The lot page on the demonstration site: who the lot belongs to, its status and expiry,
every step with its signatures, vessels by passage, growth, QC against the specification
with what blocks release, deviations, labels, custody and (for QA) the audit trail."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from labtracker.services import corrections, quality, queries
from ui.models.lot_page_models import (
    FAIL_COLOUR,
    PASS_COLOUR,
    AuditModel,
    CustodyModel,
    DeviationsModel,
    QcResultsModel,
    TimelineModel,
    VesselTreeModel,
)
from ui.pages.lot_page import LotPage
from ui.tasks import running_tasks

D = Qt.ItemDataRole.DisplayRole


class _Navigator:
    def __init__(self) -> None:
        self.opened: list[str] = []

    def open_lot(self, din: str) -> None:
        self.opened.append(din)

    def show_page(self, key: str) -> None:
        pass

    def refresh(self) -> None:
        pass


def open_page(qtbot, demo, stage: str, user: str = "qa") -> LotPage:
    page = LotPage(demo.ctx(user), _Navigator(), demo.din(stage))
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    qtbot.waitExposed(page)
    settle(qtbot)
    return page


def settle(qtbot) -> None:
    qtbot.waitUntil(lambda: running_tasks() == 0, timeout=15_000)


def show(qtbot, page: LotPage, key: str) -> None:
    page.show_tab(key)
    settle(qtbot)


def column(model, col: int, role=D) -> list:
    return [model.data(model.index(r, col), role) for r in range(model.rowCount())]


def test_header_names_the_patient_the_din_with_its_check_character_and_status(qtbot, demo):
    page = open_page(qtbot, demo, "implanted")
    din = demo.din("implanted")
    assert page.header_din.text() == f"{din[:5]} {din[5:7]} {din[7:]}"
    assert page.header_check.text() == "P"
    assert page.header_patient.text() == "王建国 (Wang Jianguo)"
    assert page.header_ids.text().startswith("MRN MRN0010001  ·  born 1981-04-02")
    assert page.header_status.text() == "Implanted"
    # Implanted: the expiry is history, not a countdown.
    assert page.header_expiry.text().startswith("Expiry was ")
    assert "left" not in page.header_expiry.text()
    assert page.header_deviations.isHidden()


def test_implanted_lot_shows_its_whole_timeline_with_signatures(qtbot, demo):
    page = open_page(qtbot, demo, "implanted")
    assert page.tabs.currentWidget() is page._tabs["timeline"].page
    model = page.timeline_model
    whats = column(model, TimelineModel.WHAT)
    for step in (
        "Lot started",
        "Aspirate collected",
        "Received in the lab",
        "Isolation",
        "Harvest P0",
        "Harvest P1",
        "Immunophenotype",
        "Osteogenic induction started",
        "Osteogenic induction ended",
        "Seeded onto scaffold",
        "QC result endotoxin",
        "Released by QA",
        "Custody: dispatched",
        "Implanted",
    ):
        assert step in whats, step
    assert whats[0] == "Lot started" and whats[-1] == "Implanted"
    # Each signature is shown beside the step it signs, not as a line of its own.
    assert not [w for w in whats if w.startswith("Signed:")]
    signed = dict(zip(whats, column(model, TimelineModel.SIGNATURES), strict=True))
    assert signed["Isolation"] == "Performed: Li Wang, 22:00\nVerified: Zhang Liu, 22:00"
    assert signed["Harvest P1"].startswith("Performed: Li Wang")
    assert "Verified: Zhang Liu" in signed["Seeded onto scaffold"]
    assert signed["Released by QA"].startswith("Approved for release: Mei Chen")
    assert signed["Implanted"].startswith("Implanted: Dr Zhao Ming")
    # Times in the site's zone (Asia/Shanghai): the lot started 08:00 UTC.
    assert column(model, TimelineModel.WHEN)[0] == "2025-11-22 16:00"


def test_tabs_load_when_first_shown_and_move_with_ctrl_tab(qtbot, demo):
    page = open_page(qtbot, demo, "implanted")
    assert page.vessel_model.rowCount() == 0  # not shown yet, not read yet
    page.timeline_view.setFocus()
    qtbot.keyClick(page.timeline_view, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert page.tabs.currentWidget() is page._tabs["vessels"].page
    settle(qtbot)
    assert page.vessel_model.rowCount() == 2
    qtbot.keyClick(
        page.vessel_view,
        Qt.Key.Key_Backtab,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert page.tabs.currentWidget() is page._tabs["timeline"].page
    # Tab titles carry mnemonics (Alt+letter).
    titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert titles == [
        "&Timeline",
        "&Vessels",
        "&Growth",
        "&QC && release",
        "&Deviations",
        "&Labels",
        "&Custody",
        "&Audit trail",
    ]


def test_vessel_tree_runs_by_passage(qtbot, demo):
    page = open_page(qtbot, demo, "implanted")
    show(qtbot, page, "vessels")
    model = page.vessel_model
    din = demo.din("implanted")
    assert column(model, VesselTreeModel.CODE) == [f"{din}-P0-1", f"{din}-P0-2"]
    p0 = model.index(0, 0)
    p1 = [model.index(r, 0, p0).data() for r in range(model.rowCount(p0))]
    assert p1 == [f"{din}-P1-{n}" for n in range(1, 5)]
    first_p1 = model.index(0, 0, p0)
    p2 = [model.index(r, 0, first_p1).data() for r in range(model.rowCount(first_p1))]
    assert p2 == [f"{din}-P2-{n}" for n in range(1, 7)]
    assert model.index(0, VesselTreeModel.HARVESTED).data() == "12,000,000 (pool of 2)"
    assert model.index(0, VesselTreeModel.PD, p0).data() == "3.97 (9.30)"
    assert model.index(1, VesselTreeModel.HARVESTED).data() == "pooled, see P0-1"
    assert page.vessel_view.isExpanded(first_p1)


def test_growth_chart_has_the_plated_cells_and_each_harvest(qtbot, demo):
    page = open_page(qtbot, demo, "implanted")
    show(qtbot, page, "growth")
    points = page.chart.points
    assert [p.label for p in points] == ["Plated", "P0", "P1"]
    assert [round(p.day) for p in points] == [0, 7, 13]
    assert points[-1].cumulative_pd == pytest.approx(9.30, abs=0.01)
    assert page.chart.ready_day is None  # not in culture: nothing to project
    assert page.scaffold_volume.isHidden()
    assert "cumulative PD 9.30" in page.growth_summary.text()


def test_lot_in_culture_projects_its_ready_date(qtbot, demo):
    page = open_page(qtbot, demo, "in culture", user="tech")
    show(qtbot, page, "growth")
    assert [p.label for p in page.chart.points] == ["Plated", "P0"]
    first = page.chart.ready_day
    assert first is not None and first > page.chart.today_day
    assert page.chart.ready_text.startswith("Projected ready ")
    assert "30,000,000 cells needed" in page.projection_text.text()
    # A bigger scaffold needs more cells: later.
    page.scaffold_volume.setValue(3.0)
    settle(qtbot)
    assert page.chart.ready_day > first
    assert "60,000,000 cells needed" in page.projection_text.text()


def test_implanted_lot_passed_every_test_and_says_it_was_released(qtbot, demo):
    page = open_page(qtbot, demo, "implanted")
    show(qtbot, page, "qc")
    model = page.qc_model
    assert column(model, QcResultsModel.VERDICT) == ["PASS"] * 8
    fills = column(model, QcResultsModel.VERDICT, Qt.ItemDataRole.BackgroundRole)
    assert {brush.color().name() for brush in fills} == {PASS_COLOUR.name()}
    assert column(model, QcResultsModel.SPEC)[:7] == ["RELEASE v1"] * 7
    text = page.blockers_text()
    assert text == "Released by QA: the lot is now implanted."
    assert "Nothing blocks release" not in text and "What blocks release" not in text
    assert "RELEASE v1" in page.spec_note.text()


def test_failed_endotoxin_is_red_fail_and_blocks_release(qtbot, demo):
    page = open_page(qtbot, demo, "seeded")
    show(qtbot, page, "qc")
    model = page.qc_model
    tests = column(model, QcResultsModel.TEST)
    row = tests.index("Endotoxin")
    assert model.index(row, QcResultsModel.VERDICT).data() == "FAIL"
    fill = model.index(row, QcResultsModel.VERDICT).data(Qt.ItemDataRole.BackgroundRole)
    assert fill.color() == FAIL_COLOUR
    assert model.index(row, QcResultsModel.RESULT).data() == "0.8 EU/mL"
    assert model.index(row, QcResultsModel.RESULT).data(Qt.ItemDataRole.ForegroundRole).color() == (
        FAIL_COLOUR
    )
    others = [v for r, v in enumerate(column(model, QcResultsModel.VERDICT)) if r != row]
    assert others == ["PASS"] * 7
    text = page.blockers_text()
    assert text.startswith("What blocks release (1):")
    assert "Endotoxin 0.8 EU/mL fails < 0.5 EU/mL" in text
    assert "Nothing blocks release" not in text
    assert not page.blockers_panel.property("clear")
    assert page.header_status.text() == "Seeded on scaffold (quarantine)"


def test_once_the_failed_result_is_voided_and_retested_nothing_blocks_release(qtbot, demo, clock):
    din = demo.din("seeded")
    qa, tech = demo.ctx("qa").actor, demo.ctx("tech").actor
    page = open_page(qtbot, demo, "seeded")
    show(qtbot, page, "qc")
    assert "What blocks release" in page.blockers_text()

    events = queries.lot_timeline(demo.db, qa, din)
    failed = next(e for e in events if e.kind == "qc_result" and "endotoxin" in e.title)
    sample = next(e for e in events if e.kind == "qc_sample" and e.title.endswith("QC06"))
    corrections.void_record(demo.db, qa, "qc_result", failed.record_id, "contaminated tube")
    corrections.void_record(demo.db, qa, "qc_sample", sample.record_id, "contaminated tube")
    retest = quality.take_qc_sample(
        demo.db, tech, din, test_code="endotoxin", stage="retest", taken_at=clock.now()
    )
    clock.advance(hours=2)
    quality.record_qc_result(
        demo.db, tech, retest.code, value=0.1, unit="EU/mL", tested_at=clock.now()
    )
    qtbot.mouseClick(page.refresh_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert page.blockers_text() == "Nothing blocks release: QA may release this lot."
    assert page.blockers_panel.property("clear")
    assert set(column(page.qc_model, QcResultsModel.VERDICT)) == {"PASS"}
    # The voided steps stay on the timeline, struck through.
    show(qtbot, page, "timeline")
    model = page.timeline_model
    whats = column(model, TimelineModel.WHAT)
    voided = whats.index("QC result endotoxin (voided)")
    assert model.index(voided, TimelineModel.WHAT).data(Qt.ItemDataRole.FontRole).strikeOut()


def test_received_warm_lot_shows_its_open_deviation(qtbot, demo):
    page = open_page(qtbot, demo, "received", user="tech")
    assert page.header_deviations.text() == "1 OPEN DEVIATION(S)"
    assert not page.header_deviations.isHidden()
    show(qtbot, page, "deviations")
    model = page.deviations_model
    assert column(model, DeviationsModel.NUMBER) == ["DEV-2026-0001"]
    assert column(model, DeviationsModel.STATE) == ["OPEN"]
    assert column(model, DeviationsModel.TITLE) == ["Aspirate received above 25 °C"]
    detail = page.deviation_detail.text()
    assert "29 °C on receipt" in detail
    assert "Covers the aspirate receipt outside limits." in detail
    show(qtbot, page, "qc")
    assert "Deviation DEV-2026-0001 is open" in page.blockers_text()


def test_labels_and_custody_of_the_implanted_lot(qtbot, demo):
    page = open_page(qtbot, demo, "implanted", user="tech")
    show(qtbot, page, "labels")
    model = page.labels_model
    assert model.rowCount() == 1
    assert model.index(0, model.KIND).data() == "Quarantine"
    assert model.index(0, model.STATE).data() == "Reconciled"
    show(qtbot, page, "custody")
    custody = page.custody_model
    assert column(custody, CustodyModel.EVENT) == ["Dispatched"]
    assert column(custody, CustodyModel.FROM) == ["Li Wang (Cell lab)"]
    assert column(custody, CustodyModel.TO) == ["Courier Wu (Operating theatre 4)"]
    assert column(custody, CustodyModel.TEMPERATURE) == ["6 °C"]
    assert page.whereabouts.text().startswith("Now: Implanted in the patient")


def test_lot_in_culture_has_no_custody_yet_and_says_so(qtbot, demo):
    page = open_page(qtbot, demo, "in culture", user="tech")
    show(qtbot, page, "custody")
    assert page.custody_model.rowCount() == 0
    assert "No hand-over yet" in page.tab_message("custody")
    show(qtbot, page, "labels")
    assert page.tab_message("labels") == "No label printed for this lot yet."


def test_technician_is_told_who_reviews_the_audit_trail(qtbot, demo):
    page = open_page(qtbot, demo, "implanted", user="tech")
    show(qtbot, page, "audit")
    message = page.tab_message("audit")
    assert "QA" in message and "administrators" in message
    assert page.audit_view is None and page.audit_model.rowCount() == 0


def test_qa_reviews_the_lots_audit_trail(qtbot, demo):
    page = open_page(qtbot, demo, "implanted")
    show(qtbot, page, "audit")
    model = page.audit_model
    assert model.total() > 50
    assert page.tab_message("audit") == ""
    assert f"{model.total()} audit entries for this lot" in page.audit_count.text()
    while model.canFetchMore():
        model.fetchMore()
    records = column(model, AuditModel.RECORD)
    assert len(records) == model.total()
    assert records[0] == "lot 1"
    assert "implantation 1" in records and "release decision 1" in records


def test_actions_appear_as_large_buttons_and_call_back(qtbot, demo):
    page = open_page(qtbot, demo, "in culture", user="tech")
    calls: list[str] = []
    harvest = page.add_action("harvest", "&Harvest", lambda: calls.append("harvest"))
    count = page.add_action(
        "count", "Cell &count", lambda: calls.append("count"), enabled=False, tooltip="Not yet"
    )
    assert page.action_keys() == ["harvest", "count"]
    assert harvest.isVisible() and harvest.height() >= 44
    assert count.toolTip() == "Not yet"
    qtbot.mouseClick(harvest, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(count, Qt.MouseButton.LeftButton)  # disabled: nothing happens
    assert calls == ["harvest"]
    page.set_action_enabled("count", True)
    qtbot.mouseClick(page.action_button("count"), Qt.MouseButton.LeftButton)
    assert calls == ["harvest", "count"]
    # A scanner's Enter on a focused action does not press it.
    harvest.setFocus()
    qtbot.keyClick(harvest, Qt.Key.Key_Return)
    assert calls == ["harvest", "count"]
    # The same key again replaces the button's callback rather than adding a second one.
    page.add_action("harvest", "&Harvest P1", lambda: calls.append("again"))
    assert page.action_keys() == ["harvest", "count"]
    qtbot.mouseClick(page.action_button("harvest"), Qt.MouseButton.LeftButton)
    assert calls == ["harvest", "count", "again"]
    assert page.action_button("harvest").text() == "&Harvest P1"
    # Each refresh says what the lot is now, for enabling the actions that fit.
    with qtbot.waitSignal(page.lot_read) as read:
        page.refresh()
    assert read.args[0].din == demo.din("in culture")
    assert read.args[0].status.value == "in_culture"
    settle(qtbot)


def test_released_lot_counts_down_to_its_expiry(qtbot, demo, clock):
    page = open_page(qtbot, demo, "released", user="tech")
    text = page.header_expiry.text()
    assert text.startswith("Expires ") and "min left" in text
    clock.advance(timedelta(hours=48))
    page.update_countdown()
    assert page.header_expiry.text().startswith("EXPIRED ")
    assert "must not be implanted" in page.header_expiry.text()
    assert "#b71c1c" in page.header_expiry.styleSheet()


def test_administrator_is_told_lots_are_not_theirs_to_see(qtbot, demo):
    page = LotPage(demo.ctx("admin"), _Navigator(), demo.din("implanted"))
    qtbot.addWidget(page)
    page.show()
    assert not page.banner.isHidden()
    assert "may not view lots" in page.banner.text()
    assert not page.tabs.isEnabled()
    assert running_tasks() == 0
