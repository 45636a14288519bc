"""Patient forms on the demo site: registration with a Chinese name, eligibility decided live
by the trial's rule and signed by the investigator, consent recorded and withdrawn."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt

from labtracker.services import patients
from ui.forms.patients import (
    ConsentForm,
    EligibilityForm,
    RegisterPatientForm,
    SignEligibilityForm,
    WithdrawConsentForm,
)
from ui.hard_stop import open_stop

LEFT = Qt.MouseButton.LeftButton
ANSWERED = ("I3", "E1", "E2", "E4", "E5", "E6", "E7", "E8", "E9", "E10", "E11", "E12", "E13")


def _register(demo, mrn="MRN0020001", born=date(1986, 5, 3)):
    patients.register_patient(
        demo.db,
        demo.ctx("tech").actor,
        mrn=mrn,
        family_name="欧阳",
        given_name="娜娜",
        name_romanised="Ouyang Nana",
        date_of_birth=born,
        sex="female",
        weight_kg=58.5,
    )
    return mrn


def _answer_all(qtbot, form, answer="no", evidence="history, examination and records"):
    for row in form.rows.values():
        if row.answer is None:
            continue
        qtbot.mouseClick(row.answer.buttons[answer], LEFT)
        qtbot.keyClicks(row.evidence, evidence)


def _measure(qtbot, form, length="2.4", cross="45", t_score="-0.8"):
    qtbot.keyClicks(form.defect_length, length)
    qtbot.keyClicks(form.cross_section, cross)
    qtbot.keyClicks(form.t_score, t_score)


def test_register_a_patient_with_a_chinese_name(qtbot, demo):
    ctx = demo.ctx("tech")
    form = RegisterPatientForm(ctx)
    qtbot.addWidget(form)
    form.show()
    # A registered MRN is flagged as it is typed.
    qtbot.keyClicks(form.mrn, "MRN0010001")
    assert "already registered" in form.field_error("mrn")
    assert "王建国" in form.field_error("mrn")
    form.mrn.clear()
    qtbot.keyClicks(form.mrn, "mrn0020001")
    assert form.field_error("mrn") == ""
    # qtbot cannot type Chinese: set the text as an input method would.
    form.family_name.setText("欧阳")
    form.given_name.setText("娜娜")
    qtbot.keyClicks(form.romanised, "Ouyang Nana")
    assert form.shown_name.text() == "欧阳娜娜 (Ouyang Nana)"
    form.date_of_birth.setDate(QDate(1986, 5, 3))
    assert form.shown_age.text() == "39 years"
    form.date_of_birth.setDate(QDate(1960, 1, 1))
    assert "outside 18–55" in form.shown_age.text()
    form.date_of_birth.setDate(QDate(1986, 5, 3))
    qtbot.keyClicks(form.weight, "350")
    assert form.field_error("weight_kg") == "Weight must be 20–300 kg; you entered 350."
    form.weight.clear()
    qtbot.keyClicks(form.weight, "58,5")
    assert form.field_error("weight_kg") == ""
    qtbot.keyClicks(form.subject, "teb-101")
    # Sex not chosen: refused beside the field, nothing stored.
    qtbot.mouseClick(form.save_button, LEFT)
    assert "sex" in form.field_error("sex")
    assert form.isVisible()
    qtbot.mouseClick(form.sex.buttons["female"], LEFT)
    assert form.sex.buttons["female"].text() == "✓ Female"
    qtbot.mouseClick(form.save_button, LEFT)
    assert not form.isVisible()
    stored = patients.get_patient(demo.db, ctx.actor, "MRN0020001")
    assert (stored.family_name, stored.given_name) == ("欧阳", "娜娜")
    assert stored.date_of_birth == date(1986, 5, 3)
    assert (stored.sex, stored.weight_kg, stored.trial_subject_number) == (
        "female",
        58.5,
        "TEB-101",
    )
    assert "欧阳娜娜" in form.result.summary


def test_one_exclusion_answered_yes_is_not_eligible_live_and_saved(qtbot, demo):
    ctx = demo.ctx("tech")
    mrn = _register(demo)
    form = EligibilityForm(ctx, mrn)
    qtbot.addWidget(form)
    form.show()
    assert "欧阳娜娜" in form.patient_line.text() and "39 years" in form.patient_line.text()
    assert "No eligibility assessment yet" in form.latest_line.text()
    assert form.rows["I1"].computed.text().startswith("YES (computed): age 39")
    assert form.verdict.text().startswith("PENDING")
    assert form.verdict.property("state") == "pending"
    _measure(qtbot, form)
    # A yes/no answer without evidence is flagged beside its criterion.
    qtbot.mouseClick(form.rows["E1"].answer.buttons["no"], LEFT)
    assert "Evidence for E1" in form.field_error("criterion_E1")
    qtbot.keyClicks(form.rows["E1"].evidence, "MRI report")
    assert form.field_error("criterion_E1") == ""
    _answer_all(qtbot, form)
    assert form.verdict.text() == "ELIGIBLE: every criterion met."
    assert form.verdict.property("state") == "pass"
    qtbot.mouseClick(form.rows["E6"].answer.buttons["yes"], LEFT)
    assert form.verdict.text().startswith("NOT ELIGIBLE because E6 excludes: Heavy smoking")
    assert form.verdict.property("state") == "fail"
    # A T-score below −2.5 is another exclusion, computed.
    form.t_score.clear()
    qtbot.keyClicks(form.t_score, "-3.1")
    assert form.rows["E3"].computed.text().startswith("YES (computed): BMD T-score -3.1")
    assert "E3 excludes" in form.verdict.text()

    qtbot.mouseClick(form.save_button, LEFT)
    # A technician's form asks for the investigator's own credentials, or later.
    dialog = form.sign_dialog
    assert dialog.isVisible() and dialog.username.text() == ""
    assert "An investigator must sign" in dialog.record_label.text()
    assert "investigator" in dialog.meaning_label.text()
    qtbot.mouseClick(dialog.cancel_button, LEFT)
    assert "not signed" in form.done_text.text() and "NOT ELIGIBLE" in form.done_text.text()
    status = patients.enrolment(demo.db, ctx.actor, mrn)
    assert status.eligibility.outcome == "not_eligible"
    assert status.eligibility.signed_by is None
    assert any(reason.startswith("E6 excludes") for reason in status.eligibility.reasons)
    qtbot.mouseClick(form.close_button, LEFT)
    assert not form.isVisible()


def test_the_investigator_signs_on_the_technicians_form(qtbot, demo):
    ctx = demo.ctx("tech")
    mrn = _register(demo)
    form = EligibilityForm(ctx, mrn)
    qtbot.addWidget(form)
    form.show()
    _measure(qtbot, form)
    _answer_all(qtbot, form)
    qtbot.mouseClick(form.save_button, LEFT)
    dialog = form.sign_dialog
    # The technician's own password does not make an investigator's signature.
    qtbot.keyClicks(dialog.username, "tech")
    qtbot.keyClicks(dialog.password, demo.password)
    qtbot.mouseClick(dialog.sign_button, LEFT)
    assert dialog.isVisible() and "Surgeon" in dialog.error.text()
    assert patients.enrolment(demo.db, ctx.actor, mrn).eligibility.signed_by is None
    dialog.username.clear()
    qtbot.keyClicks(dialog.username, "surgeon")
    qtbot.keyClicks(dialog.password, demo.password)
    qtbot.mouseClick(dialog.sign_button, LEFT)
    assert not form.isVisible()
    assert form.result.summary.endswith("ELIGIBLE, signed by Dr Zhao Ming")
    status = patients.enrolment(demo.db, ctx.actor, mrn)
    assert status.eligibility.signed_by == "Dr Zhao Ming"
    assert "no informed consent" in status.lot_blocker


def test_the_investigator_reviews_and_signs_an_earlier_assessment(qtbot, demo, clock):
    mrn = _register(demo)
    patients.assess_eligibility(
        demo.db,
        demo.ctx("tech").actor,
        mrn,
        assessed_at=clock.now(),
        defect_length_cm=2.4,
        defect_cross_section_percent=45,
        bmd_t_score=-0.8,
        answers={code: ("no", "records") for code in ANSWERED},
    )
    ctx = demo.ctx("surgeon")
    form = SignEligibilityForm(ctx)
    qtbot.addWidget(form)
    form.show()
    assert form.handle_scan(f"MRN:{mrn}")
    assert form.mrn.text() == mrn
    assert "NOT SIGNED" in form.verdict.text() and "ELIGIBLE" in form.verdict.text()
    assert "E13" in form.review.text() and "records" in form.review.text()
    qtbot.mouseClick(form.save_button, LEFT)
    dialog = form.sign_dialog
    assert dialog.username.text() == "surgeon"
    qtbot.keyClicks(dialog.password, demo.password)
    qtbot.mouseClick(dialog.sign_button, LEFT)
    assert not form.isVisible()
    assert patients.enrolment(demo.db, ctx.actor, mrn).eligibility.signed_by == "Dr Zhao Ming"


def test_the_mrn_is_looked_up_as_typed(qtbot, demo):
    form = EligibilityForm(demo.ctx("tech"))
    qtbot.addWidget(form)
    form.show()
    qtbot.keyClicks(form.mrn, "MRN9")
    assert form.field_error("mrn") == "No registered patient has MRN MRN9."
    qtbot.keyClicks(form.mrn, "??")
    assert "4–40 letters" in form.field_error("mrn")
    form.mrn.clear()
    qtbot.keyClicks(form.mrn, "MRN0010003")
    assert form.field_error("mrn") == ""
    assert "张伟" in form.patient_line.text()
    assert "signed by Dr Zhao Ming" in form.latest_line.text()
    # Another patient's band now is a red stop, not a silent switch of patient.
    assert form.handle_scan("MRN:MRN0010001")
    stop = open_stop(form)
    assert stop is not None and "wrong patient" in stop.title_label.text()
    assert "张伟" in stop.message_label.text()
    assert form.mrn.text() == "MRN0010003"
    qtbot.mouseClick(stop.acknowledge_button, LEFT)
    # The same band is fine.
    assert form.handle_scan("MRN:MRN0010003") and open_stop(form) is None


def test_consent_recorded_then_withdrawn(qtbot, demo):
    ctx = demo.ctx("tech")
    mrn = _register(demo)
    form = ConsentForm(ctx, mrn)
    qtbot.addWidget(form)
    form.show()
    assert form.consent_line.text() == "No consent in force."
    qtbot.keyClicks(form.form_version, "ICF v2.0")
    qtbot.keyClicks(form.obtained_by, "nobody")
    qtbot.mouseClick(form.save_button, LEFT)
    assert "user ID of the person who obtained consent" in form.field_error("obtained_by")
    form.obtained_by.clear()
    qtbot.keyClicks(form.obtained_by, "surgeon")
    qtbot.mouseClick(form.save_button, LEFT)
    assert not form.isVisible()
    assert patients.enrolment(demo.db, ctx.actor, mrn).consent.form_version == "ICF v2.0"

    withdraw = WithdrawConsentForm(ctx, mrn)
    qtbot.addWidget(withdraw)
    withdraw.show()
    assert "ICF v2.0" in withdraw.consent_line.text()
    qtbot.mouseClick(withdraw.save_button, LEFT)
    assert "Reason must be filled in" in withdraw.field_error("reason")
    qtbot.keyClicks(withdraw.reason, "The patient chose another treatment.")
    qtbot.mouseClick(withdraw.save_button, LEFT)
    assert not withdraw.isVisible()
    assert patients.enrolment(demo.db, ctx.actor, mrn).consent is None

    again = WithdrawConsentForm(ctx, mrn)
    qtbot.addWidget(again)
    again.show()
    assert again.field_error("mrn") == "This patient has no consent in force to withdraw."
