"""The vessel catalogue screen on the demonstration site: QA adds, changes and retires vessel
types with a reason; a change without one saves nothing; a change never rewrites the vessels
already seeded; everyone else reads it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from labtracker.domain.permissions import PermissionDeniedError
from labtracker.services import catalogue, culture
from labtracker.services.audit import AuditQuery, query_audit
from tests.ui.test_admin_users import Nav
from ui.pages.admin.catalogue import CataloguePage

LEFT = Qt.MouseButton.LeftButton


def open_page(qtbot, demo, who="qa") -> CataloguePage:
    page = CataloguePage(demo.ctx(who), Nav())
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    page.refresh()
    return page


def entry(demo, code):
    return next(
        e for e in catalogue.list_vessel_types(demo.db, demo.ctx("qa").actor) if e.code == code
    )


def areas(demo, din) -> set[float]:
    """Every growth area recorded on the lot's vessels."""
    found, todo = set(), list(culture.vessel_tree(demo.db, demo.ctx("tech").actor, din).roots)
    while todo:
        node = todo.pop()
        found.add(node.growth_area_cm2)
        todo.extend(node.children)
    return found


def test_the_catalogue_as_everyone_reads_it(qtbot, demo):
    page = open_page(qtbot, demo, "tech")
    model = page.model
    assert [model.cell(r, "code") for r in range(model.rowCount())] == [
        "T25",
        "6WELL",
        "T75",
        "T175",
        "CF1",
        "CF2",
    ]
    six = model.row_of_key("6WELL")
    assert (model.cell(six, "area"), model.cell(six, "units"), model.cell(six, "per_unit")) == (
        "57",
        "6",
        "9.5",
    )
    assert model.cell(six, "ceiling") == "100,000"
    assert model.cell(six, "state") == "In use"
    assert model.cell(model.row_of_key("T75"), "vessels") != "0"  # the demo lots used T75s
    assert not page.add_button.isEnabled()
    assert page.add_button.toolTip() == "Only QA may change the vessel catalogue."
    assert page.access_note.text() == "You can read the catalogue. Only QA may change it."
    admin = open_page(qtbot, demo, "admin")
    assert admin.model.rowCount() == 6 and not admin.problem_line.isVisible()


def test_qa_adds_a_vessel_type_with_its_figures_live(qtbot, demo):
    page = open_page(qtbot, demo)
    form = page.add_type()
    qtbot.keyClicks(form.field("code"), "12well")
    qtbot.keyClicks(form.field("name"), "12-well plate")
    qtbot.keyClicks(form.field("area"), "45.6")
    form.field("units").setText("")
    qtbot.keyClicks(form.field("units"), "12")
    assert form.per_unit.text() == "3.8 cm²"
    assert form.ceiling_total.text() == "4,560,000 cells"
    qtbot.mouseClick(form.save_button, LEFT)
    assert form.field_error("reason")
    assert page.model.row_of_key("12WELL") == -1
    qtbot.keyClicks(form.field("reason"), "validated for P0 plating (VAL-040)")
    qtbot.mouseClick(form.save_button, LEFT)
    assert not form.isVisible()
    row = page.model.row_of_key("12WELL")
    assert page.model.cell(row, "name") == "12-well plate"
    assert page.model.cell(row, "per_unit") == "3.8"
    assert page.status_line.text() == (
        "Saved: 12WELL (12-well plate, 45.6 cm²) added to the vessel catalogue."
    )
    trail = query_audit(demo.db, demo.ctx("qa").actor, AuditQuery(table_name="vessel_type"))
    assert trail[-1].reason == "validated for P0 plating (VAL-040)"


def test_a_bad_value_is_refused_beside_its_field(qtbot, demo):
    page = open_page(qtbot, demo)
    form = page.add_type()
    qtbot.keyClicks(form.field("code"), "T75")
    qtbot.keyClicks(form.field("name"), "Another T75")
    qtbot.keyClicks(form.field("area"), "0")
    qtbot.keyClicks(form.field("reason"), "x")
    qtbot.mouseClick(form.save_button, LEFT)
    assert form.field_error("area").startswith("Growth area must be a number from 0.01")
    form.field("area").setText("75")
    qtbot.mouseClick(form.save_button, LEFT)
    assert "a code not in the catalogue yet" in form.field_error("code")
    assert form.isVisible()
    assert page.model.rowCount() == 6


def test_changing_an_area_never_rewrites_seeded_vessels(qtbot, demo):
    din = demo.din("in culture")
    before = areas(demo, din)
    assert 75.0 in before
    page = open_page(qtbot, demo)
    page.view.select_row(page.model.row_of_key("T75"))
    form = page.change_type()
    notice = form.findChild(type(page.heading), "formNotice").text()
    assert "keep the area they were seeded with (75 cm²)" in notice
    form.field("area").setText("72")
    qtbot.mouseClick(form.save_button, LEFT)
    assert form.field_error("reason")
    assert entry(demo, "T75").growth_area_cm2 == 75.0  # nothing saved without a reason
    qtbot.keyClicks(form.field("reason"), "new supplier datasheet: 72 cm²")
    qtbot.mouseClick(form.save_button, LEFT)
    assert not form.isVisible()
    assert page.status_line.text() == "Saved: T75 changed (growth area)."
    assert page.model.cell(page.model.row_of_key("T75"), "area") == "72"
    assert entry(demo, "T75").growth_area_cm2 == 72.0
    assert areas(demo, din) == before  # the vessels keep their own copy

    # Saving the same values again is refused, not recorded.
    form = page.change_type()
    qtbot.keyClicks(form.field("reason"), "again")
    qtbot.mouseClick(form.save_button, LEFT)
    assert form.field_error("name") == "Nothing to change: these are its values now."


def test_retire_and_put_back_in_use(qtbot, demo):
    page = open_page(qtbot, demo)
    page.view.select_row(page.model.row_of_key("CF2"))
    assert page.retire_button.text() == "&Retire…"
    form = page.retire_type()
    qtbot.keyClicks(form.field("reason"), "no longer stocked")
    qtbot.mouseClick(form.save_button, LEFT)
    row = page.model.row_of_key("CF2")
    assert page.model.cell(row, "state") == "Retired"
    assert page.model.cell(row, "state", Qt.ItemDataRole.ForegroundRole).color().name() == "#5f6368"
    assert page.count_label.text() == "5 vessel types in use, 1 retired."
    assert page.retire_button.text() == "Put back in &use…"
    qtbot.mouseClick(page.show_retired, LEFT)
    assert page.model.row_of_key("CF2") == -1
    qtbot.mouseClick(page.show_retired, LEFT)
    page.view.select_row(page.model.row_of_key("CF2"))
    form = page.retire_type()
    qtbot.keyClicks(form.field("reason"), "stock back")
    qtbot.mouseClick(form.save_button, LEFT)
    assert entry(demo, "CF2").in_use


def test_f5_reads_the_catalogue_again(qtbot, demo):
    page = open_page(qtbot, demo, "tech")
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.view.setFocus()
    catalogue.retire_vessel_type(demo.db, demo.ctx("qa").actor, "T25", reason="not stocked")
    assert page.model.cell(page.model.row_of_key("T25"), "state") == "In use"
    qtbot.keyClick(page.view, Qt.Key.Key_F5)
    assert page.model.cell(page.model.row_of_key("T25"), "state") == "Retired"


def test_the_service_refuses_a_technician_anyway(demo):
    with pytest.raises(PermissionDeniedError, match="only QA"):
        catalogue.retire_vessel_type(demo.db, demo.ctx("tech").actor, "T25", reason="x")
