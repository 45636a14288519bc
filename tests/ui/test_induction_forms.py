"""Induction, scaffold and immunophenotype forms on the demonstration site: the lot in culture
is induced (supplement labels scanned), the induction ended and signed, the cells seeded on
the scaffold with the suspension checked live against the site's 2 × 10⁷ cells/mL, and the
flow panel judged marker by marker as it is typed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from labtracker.domain.lot_states import LotStatus
from labtracker.services import induction, quality, queries
from labtracker.services.signatures import Meaning, signatures_for
from ui.forms.induction import (
    EndInductionForm,
    EndScaffoldIncubationForm,
    ScaffoldSeedingForm,
    StartInductionForm,
)
from ui.forms.phenotype import ImmunophenotypeForm
from ui.hard_stop import open_stop

# The demo's stock labels, in the order it received them (services/demo.py STARTER_MATERIALS).
HEPARIN, MEM, FBS, DEX, AA2P, BGP = (f"RL00000{n}" for n in range(1, 7))
SCAFFOLD = "SC000001"


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def type_into(qtbot, form, key: str, text: str) -> None:
    form.field(key).clear()
    qtbot.keyClicks(form.field(key), text)


def scan(qtbot, form, code: str) -> None:
    qtbot.keyClicks(form.scan_input, code)
    qtbot.keyClick(form.scan_input, Qt.Key.Key_Return)


def open_form(qtbot, form_class, demo, din: str, user: str = "tech"):
    form = form_class(demo.ctx(user), din)
    qtbot.addWidget(form)
    form.show()
    return form


def sign(qtbot, form, password: str) -> None:
    dialog = form.sign_dialog
    assert dialog.meaning_label.text() == "I performed this step as recorded."
    qtbot.keyClicks(dialog.password, password)
    click(qtbot, dialog.sign_button)


def status(demo, din) -> LotStatus:
    return queries.lot_row(demo.db, demo.ctx("tech").actor, din).status


def start_induction(qtbot, demo, din) -> None:
    form = open_form(qtbot, StartInductionForm, demo, din)
    for code in (MEM, DEX, AA2P, BGP):
        scan(qtbot, form, code)
    click(qtbot, form.save_button)
    assert not form.isVisible()


def test_the_lot_is_induced_ended_seeded_and_incubated(qtbot, demo, clock):
    din = demo.din("in culture")
    form = open_form(qtbot, StartInductionForm, demo, din)
    assert form.windowTitle() == "Start osteogenic induction"
    scan(qtbot, form, MEM)
    scan(qtbot, form, DEX)
    assert form.field("base_medium_lot").text() == MEM
    assert form.field("dexamethasone_lot").text() == DEX
    note, _ = form._lot_notes["dexamethasone_lot"]
    assert note.text().startswith(f"{DEX} (Dexamethasone lot")
    assert note.property("verdict") == "within"
    # The same label again for the next supplement: the service refuses the mix-up.
    scan(qtbot, form, DEX)
    scan(qtbot, form, BGP)
    assert form.field("ascorbate_lot").text() == DEX
    assert form.field("dexamethasone").text() == "100"  # the usual concentrations
    type_into(qtbot, form, "dexamethasone", "100000")  # µM typed as nM
    assert form.field_error("dexamethasone") == (
        "Dexamethasone must be between 1 and 1000 nM; you entered 100000."
    )
    type_into(qtbot, form, "dexamethasone", "100")
    assert form.computed("usual_end").text() == "2026-03-16 to 2026-03-23 (14–21 days)"
    click(qtbot, form.save_button)
    assert form.field_error("ascorbate_lot") == (
        f"Ascorbate-2-phosphate lot: {DEX} was already scanned as the dexamethasone lot; "
        "scan each supplement's own label."
    )
    assert status(demo, din) is LotStatus.IN_CULTURE
    form.field("ascorbate_lot").clear()
    qtbot.keyClicks(form.field("ascorbate_lot"), AA2P)
    qtbot.keyClick(form.field("ascorbate_lot"), Qt.Key.Key_Return)  # a scanner's Enter
    note, _ = form._lot_notes["ascorbate_lot"]
    assert "Ascorbate-2-phosphate" in note.text()
    click(qtbot, form.save_button)
    assert not form.isVisible()  # signed when it ends
    assert status(demo, din) is LotStatus.IN_INDUCTION

    clock.advance(days=10)
    form = open_form(qtbot, EndInductionForm, demo, din)
    assert form.computed("days").text() == "10.0 days"
    assert form.length_note.text() == "Warning: 10.0 days; induction usually takes 14–21 days"
    assert form.length_note.property("verdict") == "warning"
    form.ended_at.setDateTime(form.ended_at.dateTime().addDays(-11))
    assert form.field_error("ended_at").startswith("Ended at must be after the start of induction")
    form.close()
    clock.advance(days=5)
    form = open_form(qtbot, EndInductionForm, demo, din)
    assert form.length_note.text() == "15.0 days: within the usual 14–21 days"
    form.stains["alp"].setCurrentIndex(form.stains["alp"].findData("positive"))
    form.stains["alizarin"].setCurrentIndex(form.stains["alizarin"].findData("weak"))
    click(qtbot, form.save_button)
    assert "ALP positive, Alizarin red weak" in form.sign_dialog.record_label.text()
    sign(qtbot, form, demo.password)
    induction_id = form.result.record_id
    (signature,) = signatures_for(demo.db, "osteogenic_induction", induction_id)
    assert signature.meaning is Meaning.PERFORMED and signature.is_valid

    clock.advance(hours=2)
    form = open_form(qtbot, ScaffoldSeedingForm, demo, din)
    scan(qtbot, form, SCAFFOLD)
    assert form.field("scaffold_lot").text() == SCAFFOLD
    assert form.computed("scaffold_volume").text() == "from the scaffold lot's label"
    for key, size in (("length", "25"), ("width", "10"), ("height", "6")):
        type_into(qtbot, form, key, size)
    assert form.computed("scaffold_volume").text() == "1.50 mL"  # 25 × 10 × 6 mm³
    assert form.computed("cells_needed").text() == "30,000,000 cells at 20,000,000 cells/mL"
    type_into(qtbot, form, "cells_seeded", "3e7")
    type_into(qtbot, form, "suspension_volume", "6")
    assert form.computed("suspension").text() == "5,000,000 cells/mL"
    assert form.suspension_note.text() == (
        "Warning: The seeding suspension holds 5,000,000 cells/mL, 75% below the site's "
        "20,000,000 cells/mL."
    )
    type_into(qtbot, form, "suspension_volume", "1.5")
    assert form.computed("suspension").text() == "20,000,000 cells/mL"
    assert form.suspension_note.property("verdict") == "within"
    form.count.set_method("automated")
    type_into(qtbot, form, "count_counter_cells", "1e7")
    type_into(qtbot, form, "count_counter_viability", "93")
    type_into(qtbot, form, "count_volume", "2.5")
    assert form.field_error("cells_seeded") == (
        "Cells seeded must be at most the 25,000,000 cells counted; you entered 30,000,000."
    )
    type_into(qtbot, form, "count_volume", "3.5")
    assert form.field_error("cells_seeded") == ""
    assert form.computed("count_total").text() == "35,000,000 cells"
    click(qtbot, form.save_button)
    assert not form.isVisible()  # signed once its incubation has ended
    assert "on scaffold SC000001 (1.50 mL): 30,000,000 cells in 1.5 mL" in form.result.summary
    assert status(demo, din) is LotStatus.SEEDED
    seeding_id = form.result.record_id
    assert signatures_for(demo.db, "scaffold_seeding", seeding_id) == []

    clock.advance(hours=4)
    form = open_form(qtbot, EndScaffoldIncubationForm, demo, din)
    assert form.computed("hours").text() == "4.0 h (0.2 days)"
    click(qtbot, form.save_button)
    sign(qtbot, form, demo.password)
    shown = induction.induction_progress(demo.db, demo.ctx("tech").actor, din)
    assert shown.incubation_ended_at == clock.now()
    (signature,) = signatures_for(demo.db, "scaffold_seeding", seeding_id)
    assert signature.meaning is Meaning.PERFORMED and signature.is_valid


def test_a_code_of_another_lot_in_a_lot_field_raises_the_stop(qtbot, demo):
    din = demo.din("in culture")
    other = demo.din("released")
    form = open_form(qtbot, StartInductionForm, demo, din)
    qtbot.keyClicks(form.field("base_medium_lot"), f"={other}00")
    qtbot.keyClick(form.field("base_medium_lot"), Qt.Key.Key_Return)
    stop = open_stop(form)
    assert stop is not None and "wrong lot" in stop.title_label.text()
    assert form.field("base_medium_lot").text() == ""
    click(qtbot, stop.acknowledge_button)
    scan(qtbot, form, f"{din}-P1-1")  # this lot's vessel: not a supplement
    assert form.banner.text().startswith("This form does not take that scan: Vessel")
    assert status(demo, din) is LotStatus.IN_CULTURE


def test_ending_the_incubation_of_the_demo_construct(qtbot, demo, clock):
    din = demo.din("seeded")
    started = induction.induction_progress(demo.db, demo.ctx("tech").actor, din)
    form = open_form(qtbot, EndScaffoldIncubationForm, demo, din)
    hours = (clock.now() - started.incubation_started_at).total_seconds() / 3600
    assert form.computed("hours").text() == f"{hours:.1f} h ({hours / 24:.1f} days)"
    form.ended_at.setDateTime(form.ended_at.dateTime().addDays(-400))
    assert form.field_error("ended_at").startswith(
        "Incubation ended at must be after the start of incubation"
    )
    assert form.computed("hours").text() == "–"
    form.ended_at.setDateTime(form.ended_at.dateTime().addDays(400))
    click(qtbot, form.save_button)
    sign(qtbot, form, demo.password)
    # The demo signed the seeding (performed, verified) before its end: both gave way.
    *earlier, latest = signatures_for(demo.db, "scaffold_seeding", form.result.record_id)
    assert {s.meaning for s in earlier} == {Meaning.PERFORMED, Meaning.VERIFIED}
    assert all(s.superseded_at is not None for s in earlier)
    assert latest.meaning is Meaning.PERFORMED and latest.is_valid


def test_forms_say_where_they_apply():
    assert StartInductionForm.applies_to == (LotStatus.IN_CULTURE,)
    assert EndInductionForm.applies_to == ScaffoldSeedingForm.applies_to
    assert ScaffoldSeedingForm.applies_to == (LotStatus.IN_INDUCTION,)
    assert EndScaffoldIncubationForm.applies_to == (LotStatus.SEEDED,)
    assert StartInductionForm.sign_meaning is ScaffoldSeedingForm.sign_meaning is None
    for form in (EndInductionForm, EndScaffoldIncubationForm):
        assert form.sign_meaning is Meaning.PERFORMED
    assert ImmunophenotypeForm.applies_to == quality.PHENOTYPE_STATUSES


# --- immunophenotype ------------------------------------------------------------------------------

PANEL = {
    "CD73": "99",
    "CD90": "98.4",
    "CD105": "91",
    "CD34": "0.5",
    "CD45": "0.7",
    "CD14": "0.2",
    "CD19": "0.1",
    "HLA-DR": "0.6",
}


def test_the_flow_panel_is_judged_marker_by_marker(qtbot, demo):
    din = demo.din("in culture")
    form = open_form(qtbot, ImmunophenotypeForm, demo, din)
    assert form.computed("specification").text() == "PHENOTYPE v1"
    assert form.computed("outcome").text() == "pending: 8 of 8 markers to enter"
    assert form.computed("outcome").property("outcome") == "pending"
    _note, hint = form.notes["CD73"]
    assert hint == "Positive marker: ≥ 95 %"
    assert form.notes["HLA-DR"][1] == "Negative marker: ≤ 2 %"
    for marker, value in PANEL.items():
        type_into(
            qtbot,
            form,
            form.marker_key(next(i for i in form.items if i.test_code == marker)),
            value,
        )
    assert form.notes["CD73"][0].text() == "CD73 99 % ≥ 95 %: pass"
    assert form.notes["CD105"][0].text() == ("FAIL — CD105 91 % is not ≥ 95 %: the panel fails")
    assert form.notes["CD105"][0].property("outcome") == "fail"
    assert form.computed("outcome").text() == "FAIL (CD105)"
    key = "marker_CD73"
    type_into(qtbot, form, key, "104")
    assert form.field_error(key) == "CD73 result must be between 0 and 100 %; you entered 104 %."
    type_into(qtbot, form, key, "99")
    type_into(qtbot, form, "marker_CD105", "96.9")
    assert form.computed("outcome").text() == "pass: every marker within the specification"
    type_into(qtbot, form, "passage", "1")
    type_into(qtbot, form, "events", "0")
    assert form.field_error("events") == (
        "Events acquired must be a whole number above 0; you entered 0."
    )
    type_into(qtbot, form, "events", "10000")
    saved = []
    form.saved.connect(saved.append)
    click(qtbot, form.save_button)
    assert not form.isVisible()
    (result,) = saved
    assert result.record_table == "immunophenotype"
    assert result.result.outcome.value == "pass"
    assert [m.percent_positive for m in result.result.markers][:3] == [99, 98.4, 96.9]
    assert result.result.passage_number == 1 and result.result.events_acquired == 10000


@pytest.mark.parametrize("missing", ["CD90"])
def test_the_panel_is_recorded_whole(qtbot, demo, missing):
    form = open_form(qtbot, ImmunophenotypeForm, demo, demo.din("in culture"))
    for marker, value in PANEL.items():
        if marker != missing:
            type_into(qtbot, form, f"marker_{marker.replace('-', '_')}", value)
    click(qtbot, form.save_button)
    assert form.field_error(f"marker_{missing}") == (
        f"{missing} is required: the panel is recorded whole."
    )
    assert form.isVisible()
