"""Culture step forms on the demonstration site: a technician harvests two P1 vessels of the
lot in culture by scanning their labels, types the hemocytometer count, sees the figures
labtracker computes (worked out again here from the raw values), saves and signs; another
lot's vessel raises the red stop and nothing is saved; impossible values are refused beside
their field; isolation and passaging go through their services."""

from __future__ import annotations

import math
from datetime import date

import pytest
from PySide6.QtCore import Qt

from labtracker.domain.lot_states import LotStatus
from labtracker.services import culture, lots, patients, queries
from labtracker.services.signatures import Meaning, signatures_for
from ui.forms.culture import HarvestForm, IsolationForm, SeedVesselsForm
from ui.hard_stop import open_stop


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def walk(nodes):
    for node in nodes:
        yield node
        yield from walk(node.children)


def vessels_of(demo, din) -> dict:
    tree = culture.vessel_tree(demo.db, demo.ctx("tech").actor, din)
    return {node.code: node for node in walk(tree.roots)}


def type_into(qtbot, form, key: str, text: str) -> None:
    form.field(key).clear()
    qtbot.keyClicks(form.field(key), text)


def open_form(qtbot, form_class, demo, stage: str, user: str = "tech"):
    form = form_class(demo.ctx(user), demo.din(stage))
    qtbot.addWidget(form)
    form.show()
    return form


def sign(qtbot, form, password: str):
    dialog = form.sign_dialog
    assert dialog.isVisible()
    qtbot.keyClicks(dialog.password, password)
    click(qtbot, dialog.sign_button)
    return dialog


# --- harvest --------------------------------------------------------------------------------------


def test_technician_records_a_harvest_with_counts_and_sees_the_pd(qtbot, demo, clock):
    din = demo.din("in culture")
    before = vessels_of(demo, din)
    codes = [f"{din}-P1-1", f"{din}-P1-2"]
    assert all(before[c].state == "in_culture" for c in codes)
    assert {before[c].cells_seeded for c in codes} == {350_000}
    form = open_form(qtbot, HarvestForm, demo, "in culture")
    assert form.windowTitle() == "Harvest"
    assert form.scan_input.hasFocus() or form.focusWidget() is form.scan_input

    for code in codes:  # as the vessel label's 2-D code carries it
        qtbot.keyClicks(form.scan_input, code)
        qtbot.keyClick(form.scan_input, Qt.Key.Key_Return)
    assert open_stop(form) is None
    assert form.vessels.codes() == codes
    assert "T175, P1" in form.vessels.text_of(codes[0])
    assert "seeded 350,000 cells" in form.vessels.text_of(codes[0])
    assert form.computed("cells_seeded").text() == "700,000 cells in 2 vessels"

    type_into(qtbot, form, "confluence", "85")
    type_into(qtbot, form, "count_live", "150")
    type_into(qtbot, form, "count_dead", "10")
    type_into(qtbot, form, "count_squares", "4")
    assert form.field("count_dilution").text() == "2"  # 1:1 trypan blue, as usual
    type_into(qtbot, form, "count_volume", "20")

    # The figures, from the raw values: (150 ÷ 4) × 2 × 10⁴ cells/mL in 20 mL.
    per_ml = 150 / 4 * 2 * 1e4
    total = per_ml * 20
    viability = 150 / (150 + 10) * 100
    seeded_at = before[codes[0]].seeded_at
    hours = (clock.now() - seeded_at).total_seconds() / 3600
    pd = math.log2(total / 700_000)
    dt = hours * math.log(2) / math.log(total / 700_000)
    p0_cumulative = next(
        n.harvest.cumulative_population_doublings for n in before.values() if n.passage == 0
    )
    assert per_ml == 750_000 and total == 15_000_000
    assert form.computed("count_cells_per_ml").text() == "750,000 cells/mL"
    assert form.computed("count_viability").text() == f"{viability:.1f} %" == "93.8 %"
    assert form.computed("count_total").text() == "15,000,000 cells"
    assert form.computed("hours").text() == f"{hours:.1f} h ({hours / 24:.1f} days)"
    assert form.computed("pd").text() == f"{pd:.2f}" == "4.42"
    assert form.computed("doubling_time").text() == f"{dt:.1f} h"
    assert form.computed("cumulative_pd").text() == f"{p0_cumulative + pd:.2f}"
    assert all(not form.field_error(k) for k in ("vessels", "count_live", "count_volume"))

    # A scanner's Enter in a field never saves: only a click on Save does.
    qtbot.keyClick(form.field("count_volume"), Qt.Key.Key_Return)
    assert not hasattr(form, "sign_dialog") and form.isVisible()

    saved = []
    form.saved.connect(saved.append)
    click(qtbot, form.save_button)
    dialog = form.sign_dialog
    assert dialog.windowTitle() == "Sign: performed"
    assert dialog.meaning_label.text() == "I performed this step as recorded."
    record = dialog.record_label.text()
    assert record.startswith("Harvest: P1 of lot ")
    assert "15,000,000 live cells (93.8 % viable); PD 4.42" in record
    assert dialog.username.text() == "tech"
    sign(qtbot, form, demo.password)
    assert not form.isVisible()
    (result,) = saved
    assert result.record_table == "harvest"

    after = vessels_of(demo, din)
    for code in codes:
        harvest = after[code].harvest
        assert after[code].state == "harvested"
        assert harvest.harvest_id == result.record_id
        assert harvest.cells_harvested == pytest.approx(total)
        assert harvest.viability_percent == pytest.approx(viability)
        assert harvest.population_doublings == pytest.approx(pd)
        assert harvest.doubling_time_hours == pytest.approx(dt)
        assert harvest.confluence_percent == 85
    assert after[f"{din}-P1-3"].state == "in_culture"
    point = culture.growth_series(demo.db, demo.ctx("tech").actor, din)[-1]
    assert point.vessel_codes == tuple(codes)
    assert point.cumulative_population_doublings == pytest.approx(p0_cumulative + pd)
    (signature,) = signatures_for(demo.db, "harvest", result.record_id)
    assert signature.meaning is Meaning.PERFORMED and signature.username == "tech"
    assert signature.is_valid


def test_another_lots_vessel_raises_the_stop_and_nothing_is_saved(qtbot, demo):
    din = demo.din("in culture")
    other = demo.din("released")
    tech = demo.ctx("tech").actor
    series = culture.growth_series(demo.db, tech, din)
    form = open_form(qtbot, HarvestForm, demo, "in culture")
    form.handle_scan(f"{din}-P1-1")
    type_into(qtbot, form, "count_live", "150")
    type_into(qtbot, form, "count_dead", "10")
    type_into(qtbot, form, "count_squares", "4")
    type_into(qtbot, form, "count_volume", "20")

    qtbot.keyClicks(form.scan_input, f"{other}-P1-1")
    qtbot.keyClick(form.scan_input, Qt.Key.Key_Return)
    stop = open_stop(form)
    assert stop is not None
    assert "wrong lot" in stop.title_label.text()
    assert f"{other}-P1-1" in stop.message_label.text()
    assert "MRN0010004" in stop.message_label.text()  # the patient this form is for
    assert form.vessels.codes() == [f"{din}-P1-1"]  # the other lot's vessel was not taken
    qtbot.keyClick(stop.acknowledge_button, Qt.Key.Key_Return)  # a scanner's Enter
    assert stop.isVisible()
    click(qtbot, stop.acknowledge_button)
    assert open_stop(form) is None
    assert culture.growth_series(demo.db, tech, din) == series
    assert {n.state for n in vessels_of(demo, din).values() if n.passage == 1} == {"in_culture"}
    assert form.isVisible()


def test_impossible_values_are_refused_beside_their_field(qtbot, demo):
    din = demo.din("in culture")
    tech = demo.ctx("tech").actor
    series = culture.growth_series(demo.db, tech, din)
    form = open_form(qtbot, HarvestForm, demo, "in culture")

    click(qtbot, form.save_button)
    assert form.field_error("vessels") == "Scan at least one vessel of this lot."

    form.handle_scan(f"{din}-P0-1")  # harvested a week into culture already
    assert form.field_error("vessels") == (
        f"Vessel {din}-P0-1 is already harvested; it cannot be harvested again."
    )
    assert form.vessels.codes() == []
    form.handle_scan(f"{din}-P1-1")
    form.handle_scan(f"{din}-P1-1")
    assert form.field_error("vessels") == f"Vessel {din}-P1-1 is already on the list."
    assert form.vessels.codes() == [f"{din}-P1-1"]

    type_into(qtbot, form, "count_live", "150")
    type_into(qtbot, form, "count_dead", "-3")
    assert form.field_error("count_dead") == "Dead cells counted must be 0 or more; you entered -3."
    assert form.field("count_dead").property("invalid") is True
    assert form.computed("count_viability").text() == "–"
    type_into(qtbot, form, "count_dead", "1.5")
    assert form.field_error("count_dead") == (
        "Dead cells counted must be a whole number; you entered 1.5."
    )
    type_into(qtbot, form, "count_dead", "10")
    assert form.field_error("count_dead") == ""
    type_into(qtbot, form, "count_squares", "12")  # a Neubauer grid has 9
    assert form.field_error("count_squares") == (
        "Squares counted must be a whole number from 1 to 9; you entered 12."
    )
    type_into(qtbot, form, "confluence", "120")
    assert form.field_error("confluence") == (
        "Confluence must be between 0 and 100 %; you entered 120."
    )
    type_into(qtbot, form, "confluence", "")

    # The automated counter: its viability is read off the screen and typed.
    form.count.set_method("automated")
    assert not form.field("count_live").isVisible()
    assert form.field("count_counter_viability").isVisible()
    type_into(qtbot, form, "count_counter_cells", "1.1e6")
    type_into(qtbot, form, "count_counter_viability", "104")
    assert form.field_error("count_counter_viability") == (
        "Viability must be between 0 and 100 %; you entered 104."
    )
    type_into(qtbot, form, "count_volume", "20")
    click(qtbot, form.save_button)
    assert form.field_error("count_counter_viability") == (
        "Viability must be between 0 and 100 %; you entered 104."
    )
    assert not hasattr(form, "sign_dialog") and form.isVisible()

    # More cells than two T175 flasks can hold (10⁵ cells/cm²) is refused by the domain rule.
    type_into(qtbot, form, "count_counter_viability", "95")
    type_into(qtbot, form, "count_counter_cells", "9e6")
    assert "check the count and the vessel" in form.banner.text()
    assert form.banner.isVisible()
    click(qtbot, form.save_button)
    assert "check the count and the vessel" in form.banner.text()
    assert culture.growth_series(demo.db, tech, din) == series


def test_a_harvest_time_before_the_seeding_is_refused_beside_it(qtbot, demo):
    din = demo.din("in culture")
    form = open_form(qtbot, HarvestForm, demo, "in culture")
    form.handle_scan(f"{din}-P1-4")
    seeded_at = vessels_of(demo, din)[f"{din}-P1-4"].seeded_at
    form.harvested_at.setDateTime(form.harvested_at.dateTime().addDays(-60))
    assert form.field_error("harvested_at").startswith("Harvested at must be after seeded at")
    assert str(seeded_at.year) in form.field_error("harvested_at")
    assert form.computed("hours").text() == "–"


# --- passaging ------------------------------------------------------------------------------------


def test_seeding_the_p0_harvest_into_more_p1_vessels(qtbot, demo):
    din = demo.din("in culture")
    tech = demo.ctx("tech").actor
    (available,) = culture.harvests_to_seed(demo.db, tech, din)
    left = available.cells_harvested - 4 * 350_000
    form = open_form(qtbot, SeedVesselsForm, demo, "in culture")
    assert form.computed("cells_available").text() == f"{left:,.0f} cells"
    assert form.computed("passage").text() == "P1"
    row = form.vessels.rows[0]
    assert row.copies.value() == 4 and row.vessel_type.currentData() == "T175"
    qtbot.keyClicks(row.cells, "350000")
    assert row.density.text() == "Density: 2,000 cells/cm² is within 1,000–3,100 cells/cm²"
    assert row.density.property("verdict") == "within"
    assert form.computed("cells_seeded").text() == "1,400,000 cells in 4 vessels"
    assert form.computed("cells_left").text() == f"{left - 1_400_000:,.0f} cells"

    click(qtbot, form.vessels.add_button)
    second = form.vessels.rows[1]
    second.vessel_type.setCurrentIndex(second.vessel_type.findData("T25"))
    qtbot.keyClicks(second.cells, "100000")  # 4,000 cells/cm²: allowed, with a warning
    assert second.density.text() == (
        "Warning, outside the site's range: 4,000 cells/cm² is above the maximum of 3,100 cells/cm²"
    )
    assert second.density.property("verdict") == "warning"
    qtbot.keyClicks(second.cells, "0000")  # 1,000,000,000: more than the harvest gave
    assert "more than the" in form.field_error("vessels")
    second.cells.clear()
    qtbot.keyClicks(second.cells, "100000")
    assert form.field_error("vessels") == ""

    saved = []
    form.saved.connect(saved.append)
    click(qtbot, form.save_button)
    assert not form.isVisible()  # passaging is not signed on its own
    (result,) = saved
    assert [v.code for v in result.result.vessels] == [f"{din}-P1-{n}" for n in range(5, 10)]
    assert "4,000 cells/cm² is above the maximum" in result.summary
    nodes = vessels_of(demo, din)
    assert nodes[f"{din}-P1-9"].vessel_type == "T25" and nodes[f"{din}-P1-9"].passage == 1


# --- isolation ------------------------------------------------------------------------------------


def fill_isolation(qtbot, form, demo) -> None:
    type_into(qtbot, form, "aspirate_volume", "15")
    for code in ("RL000008", "RL000002"):  # Ficoll-Paque, α-MEM (the demo's stock labels)
        form.handle_scan(code)
    type_into(qtbot, form, "count_live", "118")
    type_into(qtbot, form, "count_dead", "12")
    type_into(qtbot, form, "count_squares", "4")
    type_into(qtbot, form, "count_volume", "5")
    qtbot.keyClicks(form.vessels.rows[0].cells, "150000")


def test_isolation_of_the_received_lot_plates_p0_and_is_signed(qtbot, demo):
    din = demo.din("received")  # received warm, with its deviation raised: may be processed
    form = open_form(qtbot, IsolationForm, demo, "received")
    fill_isolation(qtbot, form, demo)
    assert form.reagents.codes() == ["RL000008", "RL000002"]
    assert "Ficoll-Paque" in form.reagents.text_of("RL000008")
    per_ml = 118 / 4 * 2 * 1e4
    assert form.computed("count_cells_per_ml").text() == f"{per_ml:,.0f} cells/mL"
    assert form.computed("count_total").text() == f"{per_ml * 5:,.0f} cells"
    assert form.computed("count_viability").text() == f"{118 / 130 * 100:.1f} %"
    row = form.vessels.rows[0]
    assert row.copies.value() == 2 and row.vessel_type.currentData() == "T75"
    assert row.density.text() == "Density: 2,000 cells/cm² is within 1,000–3,100 cells/cm²"
    assert form.computed("cells_seeded").text() == "300,000 cells in 2 vessels"
    assert form.computed("cells_left").text() == f"{per_ml * 5 - 300_000:,.0f} cells"

    click(qtbot, form.save_button)
    assert form.sign_dialog.meaning_label.text() == "I performed this step as recorded."
    sign(qtbot, form, demo.password)
    assert not form.isVisible()
    tech = demo.ctx("tech").actor
    assert queries.lot_row(demo.db, tech, din).status is LotStatus.IN_CULTURE
    nodes = vessels_of(demo, din)
    assert sorted(nodes) == [f"{din}-P0-1", f"{din}-P0-2"]
    assert {n.cells_seeded for n in nodes.values()} == {150_000}


def test_isolation_refusals_are_shown_and_nothing_is_saved(qtbot, demo, clock):
    din = warm_lot_without_deviation(demo, clock)
    tech = demo.ctx("tech")
    form = IsolationForm(tech, din)
    qtbot.addWidget(form)
    form.show()
    fill_isolation(qtbot, form, demo)
    form.handle_scan("RL999999")
    assert form.field_error("reagents") == "There is no reagent lot RL999999 in this laboratory."
    assert form.reagents.codes() == ["RL000008", "RL000002"]
    type_into(qtbot, form, "aspirate_volume", "0")
    assert form.field_error("aspirate_volume") == (
        "Aspirate volume used must be more than 0, at most 100 mL; you entered 0."
    )
    type_into(qtbot, form, "aspirate_volume", "15")

    click(qtbot, form.save_button)
    assert form.banner.isVisible()
    assert form.banner.text() == (
        f"Isolation cannot start on lot {din}: the aspirate was received outside the site's "
        "limits; raise a deviation before processing."
    )
    assert not hasattr(form, "sign_dialog") and form.isVisible()
    assert queries.lot_row(demo.db, tech.actor, din).status is LotStatus.RECEIVED
    assert culture.vessel_tree(demo.db, tech.actor, din).roots == ()

    # More cells seeded than counted: beside the vessels, before the service is asked.
    form.vessels.rows[0].cells.setText("9000000")
    assert form.field_error("vessels").startswith("Cells seeded add up to 18,000,000, more than")


def warm_lot_without_deviation(demo, clock) -> str:
    """A new patient's lot whose aspirate arrived at 29 °C, no deviation raised yet."""
    tech, surgeon = demo.ctx("tech").actor, demo.ctx("surgeon").actor
    mrn = "MRN0010099"
    patients.register_patient(
        demo.db,
        tech,
        mrn=mrn,
        family_name="赵",
        given_name="敏",
        name_romanised="Zhao Min",
        date_of_birth=date(1991, 3, 3),
        sex="female",
        weight_kg=60.0,
        trial_subject_number="TEB-099",
    )
    answers = {
        code: ("no", "history and examination")
        for code in ("I3", *(f"E{n}" for n in range(1, 14) if n != 3))
    }
    view = patients.assess_eligibility(
        demo.db,
        tech,
        mrn,
        assessed_at=clock.now(),
        defect_length_cm=2.5,
        defect_cross_section_percent=40.0,
        bmd_t_score=-1.0,
        answers=answers,
    )
    patients.sign_eligibility(
        demo.db, surgeon, view.assessment_id, username="surgeon", password=demo.password
    )
    patients.record_consent(
        demo.db,
        tech,
        mrn,
        consent_date=clock.now().date(),
        form_version="ICF v2.0",
        obtained_by_username="surgeon",
    )
    din = lots.start_lot(demo.db, tech, mrn).din
    clock.advance(hours=1)
    lots.record_aspirate(
        demo.db,
        tech,
        din,
        collection_site="left posterior iliac crest",
        volume_ml=16,
        anticoagulant="heparin",
        anticoagulant_lot=None,
        collected_at=clock.now(),
        collected_by_name="Dr Zhao Ming",
    )
    clock.advance(hours=2)
    lots.receive_aspirate(
        demo.db, tech, din, received_at=clock.now(), condition="acceptable", temperature_c=29
    )
    clock.advance(minutes=30)
    return din


def test_forms_say_where_they_apply():
    assert IsolationForm.applies_to == (LotStatus.RECEIVED,)
    assert HarvestForm.applies_to == SeedVesselsForm.applies_to == (LotStatus.IN_CULTURE,)
    assert IsolationForm.sign_meaning is HarvestForm.sign_meaning is Meaning.PERFORMED
    assert SeedVesselsForm.sign_meaning is None
