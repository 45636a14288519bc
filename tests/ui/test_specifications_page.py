"""The specifications screen: every version with its state in words; QA drafts a new version
(a refused cell is marked beside its value), a second QA person approves it with an
e-signature and it comes into force; the drafter cannot approve; a technician only reads."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QLineEdit

from labtracker.domain.errors import InvalidValueError
from labtracker.domain.permissions import Role
from labtracker.domain.specifications import DEFAULT_RELEASE_SPEC, Comparator, SpecItem
from labtracker.services import specifications
from tests.support.lab import PASSWORD
from tests.ui.qa_helpers import StubNavigator, click, rows, shown
from ui.context import WorkContext
from ui.models.qa_specifications import (
    ERROR_FILL,
    PASS_GREEN,
    SpecItemsEditModel,
    SpecItemsModel,
    SpecVersionsModel,
)
from ui.pages.specifications import SpecificationsPage

D = Qt.ItemDataRole.DisplayRole


@pytest.fixture
def backend() -> str:
    """Screens run on SQLite; the services under them are tested on PostgreSQL too."""
    return "sqlite"


def open_page(qtbot, lab, actor) -> SpecificationsPage:
    return shown(qtbot, SpecificationsPage(WorkContext(lab.db, actor, "bench-1"), StubNavigator()))


def select(page: SpecificationsPage, label: str) -> None:
    model = page.versions_model
    row = next(r for r in range(model.rowCount()) if model.row_at(r).label == label)
    page.versions_view.setCurrentIndex(model.index(row, 0))


def cell_editor(view, kind):
    """The editor open on the table's current cell."""
    editors = [w for w in view.viewport().findChildren(kind) if w.isVisible()]
    assert len(editors) == 1, editors
    return editors[0]


def commit(qtbot, view, editor) -> None:
    """Enter in a cell editor: the table takes the value (on its next turn of the loop)."""
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)


def type_in_cell(qtbot, view, row: int, column: int, text: str) -> None:
    """F2 on the cell, replace its text, Enter: as a person edits a table."""
    view.setCurrentIndex(view.model().index(row, column))
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = cell_editor(view, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    commit(qtbot, view, editor)


def test_versions_and_criteria_in_words(qtbot, lab):
    page = open_page(qtbot, lab, lab.qa)
    versions = rows(page.versions_model)
    assert [r[:3] for r in versions] == [
        ["PHENOTYPE v1", "Identity and purity: ISCT immunophenotype", "IN FORCE"],
        ["RELEASE v1", "Release testing of the construct", "IN FORCE"],
    ]
    assert versions[1][SpecVersionsModel.APPROVED] == "shipped default"
    state = page.versions_model.index(1, SpecVersionsModel.STATE)
    assert state.data(Qt.ItemDataRole.BackgroundRole).color() == QColor(PASS_GREEN)
    select(page, "RELEASE v1")
    assert page.detail_title.text() == "RELEASE v1 — Release testing of the construct"
    assert page.detail_state.text() == "IN FORCE"
    criteria = rows(page.items_model)
    assert criteria[0] == ["viability", "Viability", "≥ 70 %", "%", "trypan blue"]
    assert criteria[1][:3] == ["sterility_aerobic", "Sterility (aerobic)", '"no growth"']


def test_draft_then_a_second_qa_approves_with_a_signature(qtbot, lab, make_user):
    page = open_page(qtbot, lab, lab.qa)
    select(page, "RELEASE v1")
    assert page.draft_button.isEnabled() and not page.approve_button.isEnabled()
    click(qtbot, page.draft_button)
    dialog = page.draft_dialog
    assert dialog.isVisible()
    view = dialog.items_view
    assert view.model().rowCount() == len(DEFAULT_RELEASE_SPEC)

    # A limit that is not a number is marked in its cell and listed in the banner.
    type_in_cell(qtbot, view, 0, SpecItemsEditModel.LIMIT, "seventy-five")
    qtbot.keyClicks(dialog.reason, "Viability limit raised after the 2026 process validation")
    click(qtbot, dialog.save_button)
    assert dialog.isVisible()
    assert dialog.banner.text() == (
        "Row 1, Limit: Limit must be a number; you entered seventy-five."
    )
    cell = view.model().index(0, SpecItemsEditModel.LIMIT)
    assert cell.data(Qt.ItemDataRole.BackgroundRole).color() == QColor(ERROR_FILL)
    assert specifications.specification_in_force(lab.db, lab.qa, "RELEASE").version == 1

    type_in_cell(qtbot, view, 0, SpecItemsEditModel.LIMIT, "75")
    assert cell.data(Qt.ItemDataRole.BackgroundRole) is None
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    assert page.detail_title.text() == "RELEASE v2 — Release testing of the construct"
    assert page.detail_state.text() == "DRAFT — awaiting approval"
    assert rows(page.items_model)[0][2] == "≥ 75 %"
    assert "RELEASE v2 saved as a draft" in page.banner.text()
    assert page.approve_button.isEnabled()
    assert page.action_note.text() == (
        "You drafted RELEASE v2: a second QA person must approve it."
    )

    # The drafter's own signature is refused, in the dialog; nothing changes.
    click(qtbot, page.approve_button)
    sign = page.sign_dialog
    assert "≥ 75 %" in sign.record_label.text()
    sign.password.setText(PASSWORD)
    click(qtbot, sign.sign_button)
    assert sign.isVisible()
    assert "cannot also approve it" in sign.error.text()
    sign.close()
    assert specifications.specification_in_force(lab.db, lab.qa, "RELEASE").version == 1

    # A second QA person approves it.
    second = make_user("wfang", "Wu Fang", Role.QA)
    other = open_page(qtbot, lab, second)
    select(other, "RELEASE v2")
    assert other.action_note.text() == "RELEASE v2 is a draft: approve it to put it in force."
    click(qtbot, other.approve_button)
    sign = other.sign_dialog
    assert "approve this document" in sign.meaning_label.text()
    sign.password.setText("wrong-password")
    click(qtbot, sign.sign_button)
    assert sign.isVisible() and sign.error.text()
    sign.password.setText(PASSWORD)
    click(qtbot, sign.sign_button)
    assert not sign.isVisible()
    in_force = specifications.specification_in_force(lab.db, lab.qa, "RELEASE")
    assert in_force.version == 2 and in_force.approved_by == "Wu Fang"
    assert in_force.items[0].limit_value == 75.0
    assert other.detail_state.text() == "IN FORCE"
    assert "RELEASE v2 approved" in other.banner.text()
    states = {r[0]: r[2] for r in rows(other.versions_model)}
    assert states["RELEASE v1"] == "SUPERSEDED"
    assert states["RELEASE v2"] == "IN FORCE"


def test_a_criterion_can_be_added_with_its_comparator_from_the_list(qtbot, lab):
    page = open_page(qtbot, lab, lab.qa)
    select(page, "RELEASE v1")
    click(qtbot, page.draft_button)
    dialog = page.draft_dialog
    view = dialog.items_view
    click(qtbot, dialog.add_button)
    row = view.model().rowCount() - 1
    editor = cell_editor(view, QLineEdit)  # the new row's test code is being edited
    qtbot.keyClicks(editor, "ph")
    commit(qtbot, view, editor)
    type_in_cell(qtbot, view, row, SpecItemsEditModel.TEST, "pH of the medium")
    view.setCurrentIndex(view.model().index(row, SpecItemsEditModel.COMPARATOR))
    qtbot.keyClick(view, Qt.Key.Key_F2)
    combo = cell_editor(view, QComboBox)
    combo.setCurrentIndex(combo.findData(Comparator.AT_MOST.value))
    commit(qtbot, view, combo)
    assert view.model().index(row, SpecItemsEditModel.COMPARATOR).data() == "≤  at most"
    type_in_cell(qtbot, view, row, SpecItemsEditModel.LIMIT, "7,6")
    qtbot.keyClicks(dialog.reason, "pH added")
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible(), dialog.banner.text()
    assert rows(page.items_model)[-1][:3] == ["ph", "pH of the medium", "≤ 7.6"]


def test_a_technician_reads_but_cannot_draft_or_approve(qtbot, lab):
    specifications.draft_specification(
        lab.db, lab.qa, "RELEASE", "Release testing of the construct", DEFAULT_RELEASE_SPEC, "x"
    )
    page = open_page(qtbot, lab, lab.tech)
    select(page, "RELEASE v2")
    assert page.detail_state.text() == "DRAFT — awaiting approval"
    assert not page.draft_button.isEnabled()
    assert not page.approve_button.isEnabled()
    assert page.action_note.text() == "Only QA drafts and approves specifications."


def test_the_edit_model_marks_each_refused_cell():
    model = SpecItemsEditModel(DEFAULT_RELEASE_SPEC[:2])
    model.setData(model.index(0, SpecItemsEditModel.CODE), "bad code!")
    model.setData(model.index(1, SpecItemsEditModel.LIMIT), "3")
    assert model.items() is None
    errors = model.errors()
    assert [(r, c) for r, c, _m in errors] == [
        (0, SpecItemsEditModel.CODE),
        (1, SpecItemsEditModel.LIMIT),
    ]
    assert "Test code must be" in errors[0][2]
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole) == errors[0][2]
    model.setData(model.index(0, SpecItemsEditModel.CODE), "viability")
    model.setData(model.index(1, SpecItemsEditModel.LIMIT), "")
    items = model.items()
    assert items == list(DEFAULT_RELEASE_SPEC[:2]) and model.errors() == []
    # A refusal from the service (a test listed twice) is put on its cell.
    model.setData(model.index(1, SpecItemsEditModel.CODE), "viability")
    assert model.mark(InvalidValueError("Test code", "viability", "listed only once"))
    assert model.errors()[0][:2] == (0, SpecItemsEditModel.CODE)

    items_model = SpecItemsModel()
    items_model.set_items(
        [SpecItem("endotoxin", "Endotoxin", Comparator.AT_MOST, None, None, "EU/mL", "K/M")]
    )
    assert items_model.data(items_model.index(0, SpecItemsModel.LIMIT)).endswith(
        "(K/M, per patient)"
    )
