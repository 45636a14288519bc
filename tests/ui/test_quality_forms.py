"""QC forms on the demo site: a sample taken (its code shown), a result judged live PASS or
FAIL against the criterion in force, another lot's sample stopped, the K/M endotoxin limit
worked out from the patient's weight and the dose volume."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from labtracker.domain.permissions import Role
from labtracker.domain.specifications import DEFAULT_RELEASE_SPEC, Comparator, SpecItem
from labtracker.services import auth, quality, specifications, users
from ui.forms.quality import QcResultForm, TakeQcSampleForm
from ui.hard_stop import open_stop

LEFT = Qt.MouseButton.LeftButton


def _sample(demo, clock, din, test_code):
    return quality.take_qc_sample(
        demo.db,
        demo.ctx("tech").actor,
        din,
        test_code=test_code,
        stage="final construct",
        taken_at=clock.now(),
    ).code


def _results(demo, din):
    return {s.code: s for s in quality.qc_samples(demo.db, demo.ctx("tech").actor, din)}


def test_take_a_sample_and_see_its_code(qtbot, demo):
    ctx = demo.ctx("tech")
    din = demo.din("seeded")
    form = TakeQcSampleForm(ctx, din)
    qtbot.addWidget(form)
    form.show()
    assert form.status("test") == "The tests of RELEASE v1, in force now."
    assert form.plain_text("stage") == "final construct"
    qtbot.mouseClick(form.save_button, LEFT)
    assert form.field_error("test") == "Choose the test this sample is for."
    qtbot.mouseClick(form.test.buttons["endotoxin"], LEFT)
    assert form.criterion.text() == "Endotoxin < 0.5 EU/mL (RELEASE v1)"
    assert form.earlier.text() == "QC06 (0.8 EU/mL)"
    qtbot.mouseClick(form.save_button, LEFT)
    code = f"{din}-QC08"
    assert form.result.result.code == code
    assert form.done_panel.findChild(QLabel, "doneCode").text() == code
    assert "judged against RELEASE v1" in form.done_text.text()
    assert _results(demo, din)[code].awaiting_result


def test_a_result_is_judged_live_and_saved(qtbot, demo, clock):
    ctx = demo.ctx("tech")
    din = demo.din("seeded")
    code = _sample(demo, clock, din, "viability")
    form = QcResultForm(ctx, din)
    qtbot.addWidget(form)
    form.show()
    assert "Awaiting results: QC08 Viability" in form.status("sample")
    assert form.handle_scan(code)
    assert form.sample_edit.text() == code
    assert form.status("sample").startswith("Viability: final construct, taken")
    assert form.result_input.unit.text() == "%"
    assert form.limit.text() == "Viability ≥ 70 % (RELEASE v1)"
    assert form.method.text() == "trypan blue"
    assert form.verdict.text().startswith("PENDING")
    qtbot.keyClicks(form.result_input.value, "65")
    assert form.verdict.text() == "FAIL — Viability 65 % is not ≥ 70 %"
    assert form.verdict.property("state") == "fail"
    form.result_input.value.clear()
    qtbot.keyClicks(form.result_input.value, "104")
    assert "between 0 and 100 %" in form.field_error("result")
    form.result_input.value.clear()
    qtbot.keyClicks(form.result_input.value, "91.5")
    assert form.verdict.text() == "PASS — Viability 91.5 % ≥ 70 %"
    assert form.verdict.property("state") == "pass"
    qtbot.mouseClick(form.save_button, LEFT)
    assert not form.isVisible()
    saved = _results(demo, din)[code]
    assert (saved.result, saved.outcome.value) == ("91.5 %", "pass")


def test_a_text_result_is_chosen_or_typed(qtbot, demo, clock):
    din = demo.din("seeded")
    code = _sample(demo, clock, din, "sterility_aerobic")
    form = QcResultForm(demo.ctx("tech"), din, code)
    qtbot.addWidget(form)
    form.show()
    assert form.result_input.text.isVisible() and not form.result_input.value.isVisible()
    assert form.result_input.text.itemText(0) == "no growth"
    qtbot.keyClicks(form.result_input.text, "Growth")
    assert form.verdict.text().startswith("FAIL") and form.verdict.property("state") == "fail"
    form.result_input.text.setCurrentIndex(0)
    assert form.verdict.text().startswith("PASS")
    qtbot.keyClicks(form.laboratory, " (blood culture)")
    qtbot.mouseClick(form.save_button, LEFT)
    assert not form.isVisible()
    assert _results(demo, din)[code].result == "no growth"


def test_a_sample_with_a_result_is_not_recorded_again(qtbot, demo):
    din = demo.din("seeded")
    form = QcResultForm(demo.ctx("tech"), din)
    qtbot.addWidget(form)
    form.show()
    qtbot.keyClicks(form.sample_edit, f"{din}-QC06")
    assert "already has a result (0.8 EU/mL)" in form.field_error("sample")
    qtbot.mouseClick(form.save_button, LEFT)
    assert form.isVisible() and form.result is None


def test_another_lots_sample_raises_the_red_stop_and_saves_nothing(qtbot, demo, clock):
    din = demo.din("seeded")
    other = demo.din("received")
    own = _sample(demo, clock, din, "viability")
    theirs = _sample(demo, clock, other, "viability")
    form = QcResultForm(demo.ctx("tech"), din)
    qtbot.addWidget(form)
    form.show()
    # Scanned from the workspace's scan field: the red stop.
    assert form.handle_scan(theirs)
    stop = open_stop(form)
    assert stop is not None and "wrong lot" in stop.title_label.text()
    qtbot.mouseClick(stop.acknowledge_button, LEFT)
    # Scanned into the sample field (the scanner types, then Enter): stopped, and cleared.
    qtbot.keyClicks(form.sample_edit, theirs)
    qtbot.keyClick(form.sample_edit, Qt.Key.Key_Return)
    stop = open_stop(form)
    assert stop is not None and theirs in stop.message_label.text()
    assert form.sample_edit.text() == ""
    qtbot.mouseClick(stop.acknowledge_button, LEFT)
    # Typed by hand: flagged as typed, and Save stops again.
    qtbot.keyClicks(form.sample_edit, theirs)
    assert "of another lot" in form.field_error("sample")
    qtbot.keyClicks(form.result_input.value, "91")
    qtbot.mouseClick(form.save_button, LEFT)
    assert open_stop(form) is not None
    assert form.result is None
    assert _results(demo, other)[theirs].awaiting_result
    assert _results(demo, din)[own].awaiting_result


def test_endotoxin_by_k_over_m_shows_the_limit_worked_out(qtbot, demo, clock):
    admin = demo.ctx("admin").actor
    users.add_user(demo.db, admin, "qa2", "Gao Jun", [Role.QA], "Temp-Second-QA-1!")
    users.change_password(demo.db, "qa2", "Temp-Second-QA-1!", "Second-QA-Pass-2!")
    qa2 = auth.login(demo.db, "qa2", "Second-QA-Pass-2!")
    km = SpecItem("endotoxin", "Endotoxin", Comparator.AT_MOST, None, None, "EU/mL", "K/M")
    items = [km if i.test_code == "endotoxin" else i for i in DEFAULT_RELEASE_SPEC]
    draft = specifications.draft_specification(
        demo.db,
        demo.ctx("qa").actor,
        "RELEASE",
        "Release testing, endotoxin by K/M",
        items,
        "endotoxin limit from the patient's weight",
    )
    specifications.approve_specification(
        demo.db, qa2, draft.spec_id, username="qa2", password="Second-QA-Pass-2!"
    )
    din = demo.din("seeded")  # Li Na, 58 kg; 1.5 mL of suspension on the scaffold
    code = _sample(demo, clock, din, "endotoxin")
    form = QcResultForm(demo.ctx("tech"), din, code)
    qtbot.addWidget(form)
    form.show()
    assert form.limit.text() == (
        "K × weight ÷ dose volume = 5 EU/kg × 58 kg ÷ 1.5 mL = 193.3 EU/mL; pass ≤ 193.3 EU/mL"
    )
    qtbot.keyClicks(form.result_input.value, "0.8")
    assert form.verdict.text().startswith("PASS — Endotoxin 0.8 EU/mL ≤ 193.3 EU/mL (K/M")
    qtbot.mouseClick(form.save_button, LEFT)
    assert not form.isVisible()
    assert replace(_results(demo, din)[code]).outcome.value == "pass"
