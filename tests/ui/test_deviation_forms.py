"""Deviation and discard forms on the demo site: raising with each class's meaning shown,
assessing, closing with QA's signature (never by whoever raised it), and a discard that needs
a witness other than the person discarding."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from labtracker.domain.lot_states import LotStatus
from labtracker.services import culture, deviations
from labtracker.services.queries import lot_row
from ui.forms.deviations import (
    AssessDeviationForm,
    CloseDeviationForm,
    DiscardForm,
    RaiseDeviationForm,
)

LEFT = Qt.MouseButton.LeftButton


def _open_deviation(demo):
    """The demo's open deviation: the warm receipt, raised by the technician."""
    (view,) = deviations.open_deviations(demo.db, demo.ctx("qa").actor, demo.din("received"))
    return view


def _vessels_in_culture(demo, din):
    found = []

    def walk(nodes):
        for node in nodes:
            if node.state == "in_culture":
                found.append(node.code)
            walk(node.children)

    walk(culture.vessel_tree(demo.db, demo.ctx("tech").actor, din).roots)
    return found


def test_raise_a_site_deviation_with_its_class_explained(qtbot, demo):
    ctx = demo.ctx("tech")
    form = RaiseDeviationForm(ctx)
    qtbot.addWidget(form)
    form.show()
    assert not form.link.isEnabled()
    assert form.status("link_receipt").startswith("Not applicable")
    qtbot.mouseClick(form.save_button, LEFT)
    assert form.field_error("title") == "Title must be filled in."
    qtbot.keyClicks(form.title_edit, "Incubator INC-01 alarm overnight")
    qtbot.keyClicks(form.description, "CO2 at 3.1 % for 40 minutes; door found ajar.")
    qtbot.mouseClick(form.save_button, LEFT)
    assert form.field_error("classification") == "Choose minor, major or critical."
    qtbot.mouseClick(form.classification.buttons["critical"], LEFT)
    assert form.status("classification").startswith("Critical: could harm the patient")
    assert form._status["classification"].property("state") == "fail"
    qtbot.mouseClick(form.classification.buttons["minor"], LEFT)
    assert form.status("classification").startswith("Minor: no effect")
    qtbot.mouseClick(form.save_button, LEFT)
    number = form.result.result
    assert number.startswith("DEV-2026-")
    assert form.done_panel.findChild(QLabel, "doneCode").text() == number
    stored = deviations.get_deviation(demo.db, ctx.actor, number)
    assert (stored.din, stored.classification, stored.state) == (None, "minor", "open")
    assert stored.description == "CO2 at 3.1 % for 40 minutes; door found ajar."


def test_assess_then_close_with_qa_signature(qtbot, demo):
    number = _open_deviation(demo).number
    tech = demo.ctx("tech")
    assess = AssessDeviationForm(tech, number)
    qtbot.addWidget(assess)
    assess.show()
    assert number in assess.windowTitle()
    assert assess.lot is not None and assess.lot.din == demo.din("received")
    qtbot.keyClicks(assess.impact, "Cells may be stressed; viability checked at isolation.")
    qtbot.keyClicks(assess.root_cause, "Transport box left in the sun.")
    qtbot.mouseClick(assess.save_button, LEFT)
    assert not assess.isVisible()
    stored = deviations.get_deviation(demo.db, tech.actor, number)
    assert stored.impact_assessment.startswith("Cells may be stressed")
    assert stored.corrective_action == ""

    qa = demo.ctx("qa")
    close = CloseDeviationForm(qa, number)
    qtbot.addWidget(close)
    close.show()
    assert close.impact.toPlainText().startswith("Cells may be stressed")
    qtbot.mouseClick(close.save_button, LEFT)
    assert close.field_error("corrective_action") == "Fill in the corrective action before closing."
    qtbot.keyClicks(close.corrective, "Boxes kept in the shade; courier briefed.")
    qtbot.mouseClick(close.save_button, LEFT)
    dialog = close.sign_dialog
    assert dialog.isVisible() and "close it" in dialog.meaning_label.text()
    assert number in dialog.record_label.text()
    qtbot.keyClicks(dialog.password, demo.password)
    qtbot.mouseClick(dialog.sign_button, LEFT)
    assert not close.isVisible()
    closed = deviations.get_deviation(demo.db, qa.actor, number)
    assert (closed.state, closed.closed_by) == ("closed", "Mei Chen")
    assert closed.corrective_action == "Boxes kept in the shade; courier briefed."


def test_an_assessment_saved_meanwhile_at_another_station_is_not_overwritten(qtbot, demo):
    number = _open_deviation(demo).number
    tech = demo.ctx("tech")
    assess = AssessDeviationForm(tech, number)
    qtbot.addWidget(assess)
    assess.show()
    qtbot.keyClicks(assess.impact, "My view of the impact.")
    # Meanwhile, at another bench, QA saves their own assessment of the same deviation.
    qa = demo.ctx("qa")
    deviations.assess_deviation(
        demo.db,
        qa.actor,
        number,
        impact_assessment="QA's assessment.",
        root_cause="",
        corrective_action="",
        preventive_action="",
    )
    qtbot.mouseClick(assess.save_button, LEFT)
    assert assess.isVisible()
    banner = assess.banner.text()
    assert "was changed by Mei Chen (qa)" in banner and "Reload" in banner
    stored = deviations.get_deviation(demo.db, tech.actor, number)
    assert stored.impact_assessment == "QA's assessment."


def test_whoever_raised_a_deviation_cannot_close_it(qtbot, demo, clock):
    qa = demo.ctx("qa")
    number = deviations.raise_deviation(
        demo.db,
        qa.actor,
        din=None,
        title="Audit finding",
        description="Logbook page missing.",
        occurred_at=clock.now(),
        classification="minor",
    )
    deviations.assess_deviation(
        demo.db,
        qa.actor,
        number,
        impact_assessment="None on product.",
        root_cause="",
        corrective_action="Page reconstructed.",
        preventive_action="",
    )
    form = CloseDeviationForm(qa, number)
    qtbot.addWidget(form)
    form.show()
    assert "another QA person must review and close it" in form.banner.text()
    qtbot.mouseClick(form.save_button, LEFT)
    dialog = form.sign_dialog
    qtbot.keyClicks(dialog.password, demo.password)
    qtbot.mouseClick(dialog.sign_button, LEFT)
    assert dialog.isVisible() and "cannot also close it" in dialog.error.text()
    assert deviations.get_deviation(demo.db, qa.actor, number).state == "open"


def test_a_discard_needs_a_witness_other_than_the_maker(qtbot, demo):
    ctx = demo.ctx("tech")
    din = demo.din("in culture")
    form = DiscardForm(ctx, din)
    qtbot.addWidget(form)
    form.show()
    assert not form.scope.buttons["construct"].isEnabled()
    assert form.scope.buttons["vessel"].isEnabled()
    qtbot.mouseClick(form.scope.buttons["lot"], LEFT)
    assert form.verdict.text().startswith("DISCARD the whole lot")
    assert form.verdict.property("state") == "fail"
    assert not form.vessel.isEnabled()
    qtbot.keyClicks(form.reason, "Mycoplasma positive in spent medium.")
    qtbot.mouseClick(form.save_button, LEFT)
    assert form.field_error("witness_username") == "A witness must enter their user ID."
    # The person discarding cannot witness it.
    qtbot.keyClicks(form.witness, "tech")
    assert form.field_error("witness_username") == (
        "The witness must be a different person from you (Li Wang)."
    )
    qtbot.keyClicks(form.witness_password, demo.password)
    qtbot.mouseClick(form.save_button, LEFT)
    assert "different person" in form.field_error("witness_username")
    assert lot_row(demo.db, ctx.actor, din).status is LotStatus.IN_CULTURE
    # A witness with a wrong password: refused beside it, the password cleared.
    form.witness.clear()
    qtbot.keyClicks(form.witness, "tech2")
    form.witness_password.clear()
    qtbot.keyClicks(form.witness_password, "not-the-password")
    qtbot.mouseClick(form.save_button, LEFT)
    assert "not correct" in form.field_error("witness_password")
    assert form.witness_password.text() == ""
    # A witness who may not discard (the surgeon) is refused too.
    form.witness.clear()
    qtbot.keyClicks(form.witness, "surgeon")
    qtbot.keyClicks(form.witness_password, demo.password)
    qtbot.mouseClick(form.save_button, LEFT)
    assert "may not witness a discard" in form.banner.text()
    assert lot_row(demo.db, ctx.actor, din).status is LotStatus.IN_CULTURE
    form.witness.clear()
    qtbot.keyClicks(form.witness, "tech2")
    qtbot.keyClicks(form.witness_password, demo.password)
    qtbot.mouseClick(form.save_button, LEFT)
    assert not form.isVisible()
    assert form.result.result.witness == "Hua Sun"
    assert lot_row(demo.db, ctx.actor, din).status is LotStatus.DISCARDED


def test_one_vessel_discarded_by_scanning_it(qtbot, demo):
    ctx = demo.ctx("tech")
    din = demo.din("in culture")
    first, *others = _vessels_in_culture(demo, din)
    form = DiscardForm(ctx, din)
    qtbot.addWidget(form)
    form.show()
    assert form.handle_scan(first)
    assert form.scope.value() == "vessel" and form.vessel.text() == first
    assert form.verdict.text() == f"DISCARD vessel {first}; the lot goes on."
    qtbot.keyClicks(form.reason, "Flask cracked.")
    qtbot.keyClicks(form.witness, "super")
    qtbot.keyClicks(form.witness_password, demo.password)
    qtbot.mouseClick(form.save_button, LEFT)
    assert not form.isVisible()
    assert _vessels_in_culture(demo, din) == others
    assert lot_row(demo.db, ctx.actor, din).status is LotStatus.IN_CULTURE
