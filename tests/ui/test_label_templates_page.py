"""The label templates screen: every kind × stock with its version, status in words and who
approved it; what a template's layout puts on a label; QA drafts a version and a second QA
person approves it with an e-signature; the drafter cannot; a technician only reads."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel

from labtracker.domain.permissions import Role
from labtracker.services import labels
from tests.support.lab import PASSWORD
from tests.ui.qa_helpers import StubNavigator, click, rows, shown
from ui.context import WorkContext
from ui.models.qa_label_templates import (
    PASS_GREEN,
    PENDING_AMBER,
    TemplatesModel,
    definition_summary,
)
from ui.pages.label_templates import LabelTemplatesPage


@pytest.fixture
def backend() -> str:
    """Screens run on SQLite; the services under them are tested on PostgreSQL too."""
    return "sqlite"


def open_page(qtbot, lab, actor) -> LabelTemplatesPage:
    return shown(qtbot, LabelTemplatesPage(WorkContext(lab.db, actor, "bench-1"), StubNavigator()))


def select(page: LabelTemplatesPage, label: str) -> None:
    row = next(r for r in range(page.model.rowCount()) if page.model.row_at(r).label == label)
    page.view.setCurrentIndex(page.model.index(row, 0))


def layout_lines(page: LabelTemplatesPage) -> dict[str, str]:
    form = page.layout_form
    found = {}
    for row in range(form.rowCount()):
        name = form.itemAt(row, form.ItemRole.LabelRole).widget()
        value = form.itemAt(row, form.ItemRole.FieldRole).widget()
        assert isinstance(name, QLabel) and isinstance(value, QLabel)
        found[name.text()] = value.text()
    return found


def test_templates_per_kind_and_stock_with_status_and_layout(qtbot, lab):
    page = open_page(qtbot, lab, lab.qa)
    shown = rows(page.model)
    assert [r[:4] for r in shown] == [
        ["aspirate", "2x1in", "v1", "APPROVED — in use"],
        ["custody", "4x2in", "v1", "APPROVED — in use"],
        ["quarantine", "4x2in", "v1", "APPROVED — in use"],
        ["release", "4x2in", "v1", "APPROVED — in use"],
        ["vessel", "2x1in", "v1", "APPROVED — in use"],
    ]
    assert shown[0][TemplatesModel.APPROVED_BY] == "shipped default"
    status = page.model.index(0, TemplatesModel.STATUS)
    assert status.data(Qt.ItemDataRole.BackgroundRole).color() == QColor(PASS_GREEN)
    select(page, "RELEASE-4x2in v1")
    assert page.detail_title.text() == "RELEASE-4x2in v1"
    lines = layout_lines(page)
    assert lines["Label size:"] == "101.6 × 50.8 mm"
    assert lines["Printer resolution:"] == "203 dpi"
    assert "layout unchanged" in page.detail_meta.text()


def test_draft_then_a_second_qa_approves_it(qtbot, lab, make_user):
    page = open_page(qtbot, lab, lab.qa)
    select(page, "VESSEL-2x1in v1")
    click(qtbot, page.draft_button)
    dialog = page.draft_dialog
    assert dialog.kind.currentText() == "vessel" and dialog.stock.currentText() == "2x1in"
    dialog.dpi.setCurrentText("300")
    click(qtbot, dialog.save_button)
    assert dialog.isVisible()
    assert "Reason for the change" in dialog.error.text()
    qtbot.keyClicks(dialog.reason, "New 300 dpi printers in the cell lab")
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    assert page.detail_title.text() == "VESSEL-2x1in v2"
    assert page.detail_state.text() == "DRAFT — awaiting approval"
    assert layout_lines(page)["Printer resolution:"] == "300 dpi"
    draft_row = page.model.row_of(page.selected().template_id)
    status = page.model.index(draft_row, TemplatesModel.STATUS)
    assert status.data(Qt.ItemDataRole.BackgroundRole).color() == QColor(PENDING_AMBER)
    assert page.action_note.text() == (
        "You drafted VESSEL-2x1in v2: a second QA person must approve it."
    )

    # The drafter's approval is refused in the signature dialog.
    click(qtbot, page.approve_button)
    sign = page.sign_dialog
    sign.password.setText(PASSWORD)
    click(qtbot, sign.sign_button)
    assert sign.isVisible() and "cannot also approve it" in sign.error.text()
    sign.close()

    second = make_user("wfang", "Wu Fang", Role.QA)
    other = open_page(qtbot, lab, second)
    select(other, "VESSEL-2x1in v2")
    click(qtbot, other.approve_button)
    sign = other.sign_dialog
    assert "VESSEL-2x1in v2" in sign.record_label.text()
    sign.password.setText(PASSWORD)
    click(qtbot, sign.sign_button)
    assert not sign.isVisible()
    assert other.detail_state.text() == "APPROVED — in use"
    assert "approved by Wu Fang" in other.banner.text()
    stored = {t.label: t for t in labels.list_templates(lab.db, lab.qa, "vessel")}
    assert stored["VESSEL-2x1in v2"].state == "approved"
    assert stored["VESSEL-2x1in v2"].approved_by == "Wu Fang"
    assert stored["VESSEL-2x1in v1"].state == "retired"
    by_label = {f"{r[0]} {r[2]}": r for r in rows(other.model)}
    assert by_label["vessel v1"][3] == "RETIRED"
    assert by_label["vessel v2"][TemplatesModel.APPROVED_BY] == "Wu Fang"


def test_a_technician_reads_but_cannot_draft_or_approve(qtbot, lab):
    labels.draft_template(lab.db, lab.qa, "quarantine", "4x2in", reason="new stock")
    page = open_page(qtbot, lab, lab.tech)
    select(page, "QUARANTINE-4x2in v2")
    assert page.detail_state.text() == "DRAFT — awaiting approval"
    assert not page.draft_button.isEnabled()
    assert not page.approve_button.isEnabled()
    assert page.action_note.text() == "Only QA drafts and approves label templates."


def test_definition_summary_reads_the_layout():
    definition = json.dumps(
        {
            "size_mm": [50.8, 25.4],
            "printer_dpi": 203,
            "fields": ["DIN", "passage"],
            "symbols": ["DataMatrix: vessel ID"],
            "sheet": None,
        }
    )
    assert definition_summary(definition) == [
        ("Label size", "50.8 × 25.4 mm"),
        ("Printer resolution", "203 dpi"),
        ("Fields", "DIN, passage"),
        ("Barcodes", "DataMatrix: vessel ID"),
    ]
    assert definition_summary("not json")[0][1].startswith("not readable")
