"""The QA review screen on a lot whose P0 confluence was corrected after it was signed
(80 → 85 %): the correction is highlighted with who, when and why; Release stays disabled
until every section was opened; the QA e-signature releases the lot (a wrong password
releases nothing); rejection needs a reason and a signature."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from labtracker.domain.lot_states import LotStatus
from labtracker.services import corrections, queries
from labtracker.services.batch_record import batch_record
from tests.services.builders import CONFLUENCE_REASON, build_lot
from tests.support.lab import PASSWORD
from tests.ui.qa_helpers import StubNavigator, click, shown
from ui.context import WorkContext
from ui.messages import open_boxes
from ui.models.qa_review import (
    CORRECTED_FILL,
    PENDING_AMBER,
    CorrectionsModel,
    EntryFieldsModel,
    SectionsModel,
    TabularEntriesModel,
    correction_rows,
    section_marks,
    split_unit,
)
from ui.pages.qa_review import QaReviewPage
from ui.tasks import running_tasks

D = Qt.ItemDataRole.DisplayRole
EXPANSION = "Expansion: vessels, harvests and counts"


@pytest.fixture
def backend() -> str:
    """Screens run on SQLite; the services under them are tested on PostgreSQL too."""
    return "sqlite"


@pytest.fixture
def corrected(lab, clock):
    """A seeded lot, its P0 confluence corrected 80 → 85 % after signing, re-signed."""
    return build_lot(lab, clock, until="seeded", correct=True)


def settle(qtbot) -> None:
    qtbot.waitUntil(lambda: running_tasks() == 0, timeout=20_000)


def ctx_of(actor, lab) -> WorkContext:
    return WorkContext(lab.db, actor, "bench-1")


def open_review(qtbot, lab, din: str, actor=None) -> QaReviewPage:
    page = shown(qtbot, QaReviewPage(ctx_of(actor or lab.qa, lab), StubNavigator(), din))
    settle(qtbot)
    return page


def open_every_section(qtbot, page: QaReviewPage) -> None:
    """Go down the sections list with the keyboard, as a reviewer does."""
    page.sections_list.setFocus()
    qtbot.keyClick(page.sections_list, Qt.Key.Key_Home)
    for _ in range(page.sections_model.rowCount()):
        qtbot.keyClick(page.sections_list, Qt.Key.Key_Down)


def sign(qtbot, page: QaReviewPage, password: str) -> None:
    dialog = page.sign_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.password.setText(password)
    click(qtbot, dialog.sign_button)


# --- the page -----------------------------------------------------------------------------------


def test_the_corrected_confluence_is_highlighted_with_who_when_and_why(qtbot, lab, corrected):
    page = open_review(qtbot, lab, corrected.din)

    assert page.header_din.text() == "A9999 26 000001"
    assert page.header_check.text() == corrected.check_character
    assert "张伟" in page.header_patient.text()
    assert page.corrections_heading.text() == "Corrections (1)"
    model = page.corrections_model
    row = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert row == [
        "§4 Harvest P0",
        "Confluence",
        "80.0 → 85.0",
        "Li Wang (lwang), 2026-03-09 21:20 CST",
        CONFLUENCE_REASON,
    ]
    # The expansion section is marked in the list, in words.
    rows = page.section_rows()
    assert "4. Expansion: vessels, harvests and counts" in rows[3]
    assert "1 CORRECTED" in rows[3] and "2 signature(s) superseded or invalid" in rows[3]
    assert "CORRECTED" not in rows[2]

    # Clicking the correction opens the section, with the field highlighted and explained.
    view = page.corrections_view
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(model.index(0, 1)).center()
    )
    assert page.current_section().title == EXPANSION
    harvest = next(t for t in page.entry_tables() if t.model().entry.title == "Harvest P0")
    fields = harvest.model()
    confluence = fields.row_of("Confluence")
    assert fields.data(fields.index(confluence, 0)) == "Confluence  ✎ CORRECTED"
    assert fields.data(fields.index(confluence, 1)) == "85"
    assert fields.data(fields.index(confluence, 2)) == "%"
    fill = fields.data(fields.index(confluence, 0), Qt.ItemDataRole.BackgroundRole)
    assert fill.color() == QColor(PENDING_AMBER)
    assert harvest.selectionModel().currentIndex().row() == confluence
    # Under it, across the table, without hovering: old → new, who, when, why.
    assert harvest.columnSpan(confluence + 1, 0) == 3
    assert fields.data(fields.index(confluence + 1, 0)) == (
        "↳ CORRECTED: 80.0 → 85.0 — Li Wang (lwang), 2026-03-09 21:20 CST — " + CONFLUENCE_REASON
    )
    assert fields.data(
        fields.index(confluence + 1, 0), Qt.ItemDataRole.BackgroundRole
    ).color() == QColor(CORRECTED_FILL)
    # Its first signatures are superseded (red, in words), the new ones valid (green).
    signatures = page.detail_texts("signatureLine")
    superseded = [
        s for s in signatures if "Harvest" not in s and s.startswith("E-signature: SUPERSEDED")
    ]
    assert len(superseded) == 2
    assert any(
        s.startswith("E-signature: VALID — Verified by Zhang Liu (zliu), 2026-03-09 21:30")
        for s in signatures
    )
    colours = {
        label.property("state"): label.styleSheet()
        for label in page.detail.findChildren(type(page.banner), "signatureLine")
        if label.property("state")
    }
    assert "#b71c1c" in colours["superseded"] and "#1b5e20" in colours["valid"]


def test_release_waits_until_every_section_was_opened_then_signs(qtbot, lab, corrected):
    page = open_review(qtbot, lab, corrected.din)
    total = page.sections_model.rowCount()
    assert total == 16
    assert page.blockers_heading.text() == "Release check: NO BLOCKERS"
    assert page.progress_text.text() == f"1 of {total} sections reviewed"
    assert not page.release_button.isEnabled()
    assert "Open every section before releasing (1 of 16 reviewed)" in page.release_reason.text()

    page.show_section(3)
    page.show_section(9)
    assert page.progress_text.text() == f"3 of {total} sections reviewed"
    assert "✓ 4. Expansion" in page.section_rows()[3]
    assert "○ 5. Identity" in page.section_rows()[4]
    assert not page.release_button.isEnabled()

    open_every_section(qtbot, page)
    assert page.progress_text.text() == f"{total} of {total} sections reviewed"
    assert page.release_button.isEnabled()

    # A wrong password releases nothing, and the dialog says so.
    click(qtbot, page.release_button)
    dialog = page.sign_dialog
    assert "approve this lot for release" in dialog.meaning_label.text()
    assert "A9999 26 000001" in dialog.record_label.text()
    sign(qtbot, page, "not-the-password")
    assert dialog.isVisible()
    assert dialog.error.isVisible() and "password" in dialog.error.text().lower()
    assert queries.lot_row(lab.db, lab.qa, corrected.din).status is LotStatus.SEEDED

    sign(qtbot, page, PASSWORD)
    assert not dialog.isVisible()
    settle(qtbot)
    lot = queries.lot_row(lab.db, lab.qa, corrected.din)
    assert lot.status is LotStatus.RELEASED
    assert page.header_status.text() == "Released by QA"
    assert page.header_expiry.text().startswith("Expires 2026-")
    assert "Released by Mei Chen" in page.banner.text() and page.banner.isVisible()
    assert page.blockers_heading.text() == "QA decision: RELEASED"
    assert not page.release_button.isEnabled() and not page.reject_button.isEnabled()


def test_a_record_changed_after_review_is_not_released(qtbot, lab, corrected, clock):
    page = open_review(qtbot, lab, corrected.din)
    open_every_section(qtbot, page)
    assert page.release_button.isEnabled()
    clock.advance(minutes=5)
    corrections.correct_record(
        lab.db,
        lab.tech,
        "harvest",
        corrected.p0_harvest_id,
        {"confluence_percent": 84.0},
        "second look at the worksheet",
    )
    click(qtbot, page.release_button)
    sign(qtbot, page, PASSWORD)
    dialog = page.sign_dialog
    assert dialog.isVisible()
    assert "changed after you reviewed it" in dialog.error.text()
    assert queries.lot_row(lab.db, lab.qa, corrected.din).status is LotStatus.SEEDED
    settle(qtbot)
    # The page read the record again: the changed section needs opening again.
    assert not page.release_button.isEnabled()
    assert page.corrections_heading.text() == "Corrections (2)"


def test_reject_needs_a_reason_and_a_signature(qtbot, lab, corrected):
    page = open_review(qtbot, lab, corrected.din)
    assert page.reject_button.isEnabled()
    click(qtbot, page.reject_button)
    reasons = page.reject_dialog
    assert reasons.isVisible()
    click(qtbot, reasons.continue_button)
    assert reasons.error.text() == "Enter the reason for rejection."
    assert page.sign_dialog is None
    qtbot.keyClicks(reasons.reason, "Endotoxin retest out of trend; deviation D-12")
    click(qtbot, reasons.continue_button)
    assert not reasons.isVisible()
    dialog = page.sign_dialog
    assert "reject this lot" in dialog.meaning_label.text()
    assert "Endotoxin retest out of trend" in dialog.record_label.text()
    sign(qtbot, page, PASSWORD)
    settle(qtbot)
    assert queries.lot_row(lab.db, lab.qa, corrected.din).status is LotStatus.REJECTED
    assert page.blockers_heading.text() == "QA decision: REJECTED"
    assert "Endotoxin retest out of trend" in page.blockers_text.text()
    assert "must not be implanted" in page.banner.text()


def test_a_technician_reads_the_record_but_cannot_release_reject_or_print(qtbot, lab, corrected):
    page = open_review(qtbot, lab, corrected.din, actor=lab.tech)
    assert page.corrections_heading.text() == "Corrections (1)"
    open_every_section(qtbot, page)
    assert not page.release_button.isEnabled()
    assert not page.reject_button.isEnabled()
    assert not page.pdf_button.isEnabled()
    assert page.release_reason.text() == "Only QA releases or rejects a lot."


def test_the_batch_record_pdf_opens_in_the_preview(qtbot, lab, corrected):
    page = open_review(qtbot, lab, corrected.din)
    click(qtbot, page.pdf_button)
    settle(qtbot)
    preview = page.preview
    assert preview is not None and preview.isVisible()
    assert preview.file_name == f"{corrected.din}-batch-record.pdf"
    assert preview.pdf.startswith(b"%PDF")
    assert len(preview.page_labels) > 3
    assert open_boxes(page) == []
    preview.close()


# --- the models ---------------------------------------------------------------------------------


def test_models_show_sections_fields_and_corrections(qtbot, lab, corrected):
    record = batch_record(lab.db, lab.qa, corrected.din)
    expansion = next(s for s in record.sections if s.title == EXPANSION)
    marks = section_marks(expansion)
    assert (marks.corrections, marks.bad_signatures, marks.unsigned, marks.failures) == (1, 2, 0, 0)

    sections = SectionsModel()
    sections.set_sections(record.sections, {0})
    assert sections.rowCount() == 16
    first = sections.data(sections.index(0))
    assert first.startswith("✓ 1. Patient, eligibility and consent\n") and "reviewed" in first
    assert sections.data(sections.index(3)).startswith("○ 4. Expansion")
    assert sections.data(sections.index(3), Qt.ItemDataRole.BackgroundRole) is not None
    assert sections.data(sections.index(2), Qt.ItemDataRole.BackgroundRole) is None

    harvest = next(e for e in expansion.entries if e.title == "Harvest P0")
    fields = EntryFieldsModel(harvest)
    assert fields.columnCount() == 3
    assert [fields.headerData(c, Qt.Orientation.Horizontal) for c in range(3)] == [
        "Field",
        "Value",
        "Unit",
    ]
    volume = fields.row_of("Suspension volume")
    assert [fields.data(fields.index(volume, c)) for c in range(3)] == [
        "Suspension volume",
        "10",
        "mL",
    ]
    assert fields.data(fields.index(volume, 1), Qt.ItemDataRole.BackgroundRole) is None
    confluence = fields.row_of("Confluence")
    assert fields.data(
        fields.index(confluence, 1), Qt.ItemDataRole.BackgroundRole
    ).color() == QColor(CORRECTED_FILL)
    assert CONFLUENCE_REASON in fields.data(
        fields.index(confluence, 1), Qt.ItemDataRole.ToolTipRole
    )

    qc = next(s for s in record.sections if s.tabular and s.title.startswith("QC release"))
    table = TabularEntriesModel(qc.entries)
    assert table.rowCount() == 7
    verdict = table.labels().index("Verdict")
    assert table.data(table.index(0, verdict)) == "pass"
    assert table.data(table.index(0, verdict), Qt.ItemDataRole.ForegroundRole).color() == QColor(
        "#1b5e20"
    )

    rows = correction_rows(record.corrections, record.sections)
    model = CorrectionsModel()
    model.set_rows(rows)
    assert model.rowCount() == 1
    assert model.data(model.index(0, CorrectionsModel.CHANGE)) == "80.0 → 85.0"
    assert rows[0].section == 4 and rows[0].entry == "Harvest P0"


@pytest.mark.parametrize(
    ("value", "split"),
    [
        ("85 %", ("85", "%")),
        ("15 mL", ("15", "mL")),
        ("0.2 EU/mL", ("0.2", "EU/mL")),
        ("8 °C", ("8", "°C")),
        ("1,200,000", ("1,200,000", "")),
        ("25 × 10 × 6 mm", ("25 × 10 × 6 mm", "")),
        ("left posterior iliac crest", ("left posterior iliac crest", "")),
    ],
)
def test_a_quantity_is_split_into_value_and_unit(value, split):
    assert split_unit(value) == split


def test_a_failed_result_blocks_release_and_marks_its_section(qtbot, demo):
    """The demo's seeded lot failed endotoxin: the blocker is shown and its section marked."""
    page = QaReviewPage(demo.ctx("qa"), StubNavigator(), demo.din("seeded"))
    qtbot.addWidget(page)
    page.show()
    settle(qtbot)
    assert page.blockers_heading.text() == "Release check: 1 BLOCKER(S)"
    assert "Endotoxin 0.8 EU/mL fails < 0.5 EU/mL" in page.blockers_text.text()
    qc = next(r for r in page.section_rows() if "10. QC release testing" in r)
    assert "1 FAILED result(s)" in qc
    assert page.corrections_heading.text() == "Corrections (0)"
    open_every_section(qtbot, page)
    assert not page.release_button.isEnabled()
    assert page.reject_button.isEnabled()
    assert page.release_reason.text() == "Release is blocked: see the release check."


def test_a_refusal_from_the_release_service_is_shown_in_full(qtbot, lab, corrected, clock):
    """Reviewed and clear, then the scaffold would expire before the construct: the service
    refuses at signing, the dialog shows every reason, and the page shows the blocker."""
    page = open_review(qtbot, lab, corrected.din)
    open_every_section(qtbot, page)
    assert page.release_button.isEnabled()
    clock.advance(days=460)
    click(qtbot, page.release_button)
    sign(qtbot, page, PASSWORD)
    dialog = page.sign_dialog
    assert dialog.isVisible()
    assert dialog.error.text() == (
        "Lot A999926000001 cannot be released:\n"
        "• Scaffold SC000001 (Demineralized bone matrix lot DBM2645) expires on 2027-06-30, "
        "before the construct would (2027-07-07)"
    )
    assert queries.lot_row(lab.db, lab.qa, corrected.din).status is LotStatus.SEEDED
    settle(qtbot)
    assert page.blockers_heading.text() == "Release check: 1 BLOCKER(S)"
    assert not page.release_button.isEnabled()
