"""Printing labels: only from approved templates, every print recorded with what it encoded,
reprints with a reason and marked REPRINT, release labels only for released lots, and every
printed label accounted for before release."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from labtracker.db.models import ESignature, LabelDisposition, LabelPrint, LabelTemplate
from labtracker.domain.errors import InvalidValueError
from labtracker.domain.identifiers import din_check_character, expiry_data_structure
from labtracker.domain.permissions import PermissionDeniedError, Role
from labtracker.reports.labels import LabelRefusedError, Symbol
from labtracker.services import auth, corrections, deviations, labels, release
from labtracker.services.labels import LabelPrintRefusedError, TemplateRefusedError
from labtracker.services.records import lot_by_din
from tests.reports.test_labels import decode, pages, text_of
from tests.services.conftest import PASSWORD
from tests.services.test_culture import lot_in_culture
from tests.services.test_custody import dispatch, released_lot
from tests.services.test_quality import build_seeded_lot, start_received_lot
from tests.services.test_release import ready_lot

TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def qa2(make_user):
    return make_user("jsun", "Jun Sun", Role.QA)


@pytest.fixture
def templates(lab):
    """What site set-up does: the shipped label templates, approved."""
    with lab.db.writing(lab.admin, "site set-up") as session:
        labels.seed_default_templates(session, lab.admin)
        labels.seed_default_templates(session, lab.admin)  # idempotent


def typed(din: str) -> str:
    """The DIN as a person types it from the label: with its check character."""
    return din + din_check_character(din)


def scanned(din: str) -> str:
    return f"={din}00"


def prints(lab) -> list[LabelPrint]:
    with lab.db.reading() as session:
        rows = list(session.scalars(select(LabelPrint).order_by(LabelPrint.id)))
        session.expunge_all()
        return rows


def blockers(lab, din: str) -> list[str]:
    return [b.message for b in release.release_check(lab.db, lab.qa, din).blockers]


def label_blockers(lab, din: str) -> list[str]:
    return [m for m in blockers(lab, din) if "label" in m.lower()]


def test_a_print_is_recorded_with_its_template_and_what_it_encoded(lab, clock, templates, tmp_path):
    din = build_seeded_lot(lab, clock, quarantine_label=False).din
    assert label_blockers(lab, din) == ["Quarantine label not printed"]
    printed = labels.print_labels(
        lab.db, lab.tech, typed(din), "quarantine", copies=2, stock="4x2in", printer="Zebra 2"
    )
    assert (printed.is_reprint, printed.copies, printed.template, printed.kind) == (
        False,
        2,
        "QUARANTINE-4x2in v1",
        "quarantine",
    )
    assert printed.encoded_data == (Symbol("Code 128", f"={din}00"),)
    (row,) = prints(lab)
    assert row.id == printed.label_print_id
    assert (row.kind, row.copies, row.printer, row.is_reprint, row.reprint_reason) == (
        "quarantine",
        2,
        "Zebra 2",
        False,
        None,
    )
    assert (row.printed_by_id, row.printed_at, row.encoded_data) == (
        lab.tech.user_id,
        clock.now(),
        f"Code 128: ={din}00",
    )
    with lab.db.reading() as session:
        template = session.get(LabelTemplate, row.template_id)
        assert (template.code, template.version_number, template.state) == (
            "QUARANTINE-4x2in",
            1,
            "approved",
        )
    first, second = pages(printed.pdf, tmp_path)
    for image in (first, second):
        assert [d.data for d in decode(image)] == [f"={din}00"]
    text = text_of(printed.pdf, tmp_path)
    assert "QUARANTINE – NOT FOR IMPLANTATION" in text and "REPRINT" not in text
    # Printed, so no longer missing; but its two labels are not yet accounted for.
    assert label_blockers(lab, din) == [
        f"Label print #{row.id} (quarantine, 2 copies): not reconciled; 2 not accounted for"
    ]


def test_a_second_print_is_a_reprint_that_needs_a_reason(lab, clock, templates, tmp_path):
    din = start_received_lot(lab, clock)
    first = labels.print_labels(lab.db, lab.tech, scanned(din), "aspirate", copies=1, stock="2x1in")
    text = text_of(first.pdf, tmp_path)
    for phrase in ("FOR AUTOLOGOUS USE ONLY", "张伟 (Zhang Wei)", "MRN MRN0012345"):
        assert phrase in text
    assert "Collected 2026-03-02 17:00" in text  # 09:00 UTC, Shanghai time on the label
    assert "REPRINT" not in text

    refused = rf"already printed \(print #{first.label_print_id}"
    with pytest.raises(LabelPrintRefusedError, match=refused):
        labels.print_labels(lab.db, lab.tech, typed(din), "aspirate", copies=1, stock="2x1in")
    assert len(prints(lab)) == 1

    again = labels.print_labels(
        lab.db,
        lab.tech,
        din,  # the lot on screen
        "aspirate",
        copies=1,
        stock="2x1in",
        reprint_reason="tube label smudged",
    )
    assert again.is_reprint
    (image,) = pages(again.pdf, tmp_path)
    assert [d.data for d in decode(image)] == [f"={din}00"]
    assert "REPRINT" in text_of(again.pdf, tmp_path)
    assert [(p.is_reprint, p.reprint_reason) for p in prints(lab)] == [
        (False, None),
        (True, "tube label smudged"),
    ]


def test_a_wrong_check_character_or_another_kind_of_code_is_refused(lab, clock, templates):
    din = start_received_lot(lab, clock)
    wrong = din + ("A" if din_check_character(din) != "A" else "B")
    with pytest.raises(InvalidValueError, match="check character does not match"):
        labels.print_labels(lab.db, lab.tech, wrong, "aspirate", copies=1, stock="2x1in")
    with pytest.raises(InvalidValueError, match="give its DIN, not a vessel label"):
        labels.print_labels(lab.db, lab.tech, f"{din}-P0-1", "aspirate", copies=1, stock="2x1in")
    with pytest.raises(InvalidValueError, match="Copies"):
        labels.print_labels(lab.db, lab.tech, typed(din), "aspirate", copies=0, stock="2x1in")
    assert prints(lab) == []


def test_vessel_labels_carry_the_vessel_id(lab, clock, templates, tmp_path):
    din = lot_in_culture(lab, clock)
    code = f"{din}-P0-1"
    printed = labels.print_labels(lab.db, lab.tech, code, "vessel", copies=1, stock="2x1in")
    assert printed.vessel_code == code
    assert printed.encoded_data == (Symbol("DataMatrix", code),)
    (image,) = pages(printed.pdf, tmp_path)
    assert [(d.symbology, d.data) for d in decode(image)] == [("DataMatrix", code)]
    assert code in text_of(printed.pdf, tmp_path)
    with pytest.raises(InvalidValueError, match="give its vessel ID"):
        labels.print_labels(lab.db, lab.tech, typed(din), "vessel", copies=1, stock="2x1in")
    with pytest.raises(InvalidValueError, match="no vessel"):
        labels.print_labels(lab.db, lab.tech, f"{din}-P0-9", "vessel", copies=1, stock="2x1in")
    # Another stock needs its own approved template.
    with pytest.raises(
        TemplateRefusedError, match=r"no approved label template .* \(VESSEL-4x2in\)"
    ):
        labels.print_labels(lab.db, lab.tech, code, "vessel", copies=1, stock="4x2in")
    # A surgeon prints no labels.
    with pytest.raises(PermissionDeniedError):
        labels.print_labels(
            lab.db, lab.surgeon, code, "vessel", copies=1, stock="2x1in", reprint_reason="x"
        )


def test_release_label_only_for_a_released_lot(lab, clock, templates, tmp_path):
    din = ready_lot(lab, clock, quarantine_label=False)
    with pytest.raises(LabelPrintRefusedError, match="printed only for a lot released by QA"):
        labels.print_labels(lab.db, lab.qa, typed(din), "release", copies=1, stock="4x2in")
    with pytest.raises(PermissionDeniedError):
        labels.print_labels(lab.db, lab.tech, typed(din), "release", copies=1, stock="4x2in")
    with pytest.raises(LabelRefusedError, match="cannot be printed on 2 × 1 in"):
        labels.print_labels(lab.db, lab.qa, typed(din), "release", copies=1, stock="2x1in")
    assert prints(lab) == []

    # The quarantine label, printed but not accounted for: release waits for it.
    assert blockers(lab, din) == ["Quarantine label not printed"]
    quarantine = labels.print_labels(
        lab.db, lab.tech, typed(din), "quarantine", copies=1, stock="4x2in"
    )
    message = (
        f"Label print #{quarantine.label_print_id} (quarantine, 1 copy): not reconciled; "
        "1 not accounted for"
    )
    assert blockers(lab, din) == [message]
    with pytest.raises(release.ReleaseRefusedError, match="not reconciled"):
        release.release_lot(lab.db, lab.qa, din, username="mchen", password=PASSWORD)
    labels.reconcile(lab.db, lab.tech, quarantine.label_print_id, applied=1, destroyed=0)
    assert blockers(lab, din) == []
    released = release.release_lot(lab.db, lab.qa, din, username="mchen", password=PASSWORD)

    clock.advance(minutes=10)
    printed = labels.print_labels(lab.db, lab.qa, typed(din), "release", copies=1, stock="4x2in")
    expiry = expiry_data_structure(released.expires_at.astimezone(TZ))
    assert printed.encoded_data == (
        Symbol("Code 128", f"={din}00"),
        Symbol("Code 128", expiry),
    )
    (image,) = pages(printed.pdf, tmp_path)
    assert sorted(d.data for d in decode(image)) == sorted([f"={din}00", expiry])
    text = text_of(printed.pdf, tmp_path)
    local_release = released.decided_at.astimezone(TZ)
    for phrase in (
        "FOR AUTOLOGOUS USE ONLY",
        "张伟 (Zhang Wei)",
        "MRN MRN0012345 · DOB 1985-05-17",
        f"EXP {released.expires_at.astimezone(TZ):%Y-%m-%d %H:%M}",
        f"Released by QA Mei Chen {local_release:%Y-%m-%d %H:%M}",
        "Store at 2–8 °C, do not freeze",
        "Xinxiang Bone Lab · A9999",
        "Scaffold lot 220945 (SC",
    ):
        assert phrase in text, phrase

    # Past its expiry, no release label prints.
    clock.advance(hours=48)
    with pytest.raises(LabelPrintRefusedError, match="expired"):
        labels.print_labels(
            lab.db, lab.qa, typed(din), "release", copies=1, stock="4x2in", reprint_reason="torn"
        )


def test_reconciliation_must_add_up_and_a_mismatch_blocks_release(lab, clock, templates):
    din = ready_lot(lab, clock, quarantine_label=False)
    first = labels.print_labels(lab.db, lab.tech, typed(din), "quarantine", copies=1, stock="4x2in")
    labels.reconcile(lab.db, lab.tech, first.label_print_id, applied=1, destroyed=0)
    printed = labels.print_labels(
        lab.db,
        lab.tech,
        typed(din),
        "quarantine",
        copies=4,
        stock="4x2in",
        reprint_reason="printer jammed",
    )
    number = printed.label_print_id
    with pytest.raises(
        LabelPrintRefusedError,
        match=rf"#{number} \(quarantine, 4 copies\): applied 2 \+ destroyed 1 = 3, not 4",
    ):
        labels.reconcile(lab.db, lab.tech, number, applied=2, destroyed=1, notes="misprint")
    with pytest.raises(InvalidValueError, match="why labels were destroyed"):
        labels.reconcile(lab.db, lab.tech, number, applied=3, destroyed=1)
    with pytest.raises(InvalidValueError, match="Applied"):
        labels.reconcile(lab.db, lab.tech, number, applied=-1, destroyed=5, notes="x")
    row = labels.reconcile(lab.db, lab.tech, number, applied=3, destroyed=1, notes="misprint")
    assert (row.applied, row.destroyed, row.outstanding, row.state) == (3, 1, 0, "reconciled")
    with pytest.raises(LabelPrintRefusedError, match="already reconciled"):
        labels.reconcile(lab.db, lab.tech, number, applied=3, destroyed=1, notes="misprint")
    assert blockers(lab, din) == []

    # A wrong count is voided with a reason and entered again; until then the print is open.
    with lab.db.reading() as session:
        disposition = session.scalar(
            select(LabelDisposition.id).where(LabelDisposition.label_print_id == number)
        )
    corrections.void_record(lab.db, lab.tech, "label_disposition", disposition, "miscounted")
    assert blockers(lab, din) == [
        f"Label print #{number} (quarantine, 4 copies): not reconciled; 4 not accounted for"
    ]
    labels.reconcile(lab.db, lab.tech, number, applied=2, destroyed=2, notes="two torn")
    assert blockers(lab, din) == []

    # Counts that no longer add up (changed behind the application's back) block release.
    with lab.db.writing(lab.admin, "test set-up: a count altered in the database") as session:
        row = session.scalar(
            select(LabelDisposition).where(
                LabelDisposition.label_print_id == number, LabelDisposition.voided_at.is_(None)
            )
        )
        row.destroyed = 1
    expected = f"Label print #{number} (quarantine, 4 copies): 1 not accounted for"
    assert blockers(lab, din) == [expected]
    with pytest.raises(release.ReleaseRefusedError, match=re.escape(expected)):
        release.release_lot(lab.db, lab.qa, din, username="mchen", password=PASSWORD)

    rows = labels.label_reconciliation(lab.db, lab.surgeon, typed(din))
    assert [
        (r.label_print_id, r.kind, r.copies, r.applied, r.destroyed, r.outstanding, r.state)
        for r in rows
    ] == [
        (first.label_print_id, "quarantine", 1, 1, 0, 0, "reconciled"),
        (number, "quarantine", 4, 2, 1, 1, "mismatch"),
    ]
    assert (rows[1].is_reprint, rows[1].reprint_reason, rows[1].printed_by) == (
        True,
        "printer jammed",
        "Li Wang",
    )


def test_templates_are_approved_by_a_second_qa_and_only_approved_ones_print(
    lab, clock, templates, qa2
):
    shipped = labels.list_templates(lab.db, lab.tech)
    assert sorted(t.label for t in shipped) == [
        "ASPIRATE-2x1in v1",
        "CUSTODY-4x2in v1",
        "QUARANTINE-4x2in v1",
        "RELEASE-4x2in v1",
        "VESSEL-2x1in v1",
    ]
    assert all(t.state == "approved" and t.intact and t.approved_by is None for t in shipped)

    with pytest.raises(PermissionDeniedError):
        labels.draft_template(lab.db, lab.tech, "vessel", "2x1in", reason="new printer")
    with pytest.raises(LabelRefusedError, match="custody label cannot be printed"):
        labels.draft_template(lab.db, lab.qa, "custody", "2x1in", reason="small boxes")
    draft = labels.draft_template(
        lab.db, lab.qa, "vessel", "2x1in", reason="300 dpi printer on bench 2", printer_dpi=300
    )
    assert (draft.label, draft.state, draft.drafted_by) == ("VESSEL-2x1in v2", "draft", "Mei Chen")
    assert '"printer_dpi": 300' in draft.definition
    with pytest.raises(TemplateRefusedError, match="already a draft"):
        labels.draft_template(lab.db, lab.qa, "vessel", "2x1in", reason="again")

    din = lot_in_culture(lab, clock)
    code = f"{din}-P0-1"
    # A draft does not print: the approved version 1 does.
    first = labels.print_labels(lab.db, lab.tech, code, "vessel", copies=1, stock="2x1in")
    assert first.template == "VESSEL-2x1in v1"

    with pytest.raises(TemplateRefusedError, match="Mei Chen drafted VESSEL-2x1in v2"):
        labels.approve_template(lab.db, lab.qa, draft.template_id, "mchen", PASSWORD)
    with pytest.raises(auth.AuthenticationError):
        labels.approve_template(lab.db, qa2, draft.template_id, "jsun", "not-my-password")
    approved = labels.approve_template(lab.db, qa2, draft.template_id, "jsun", PASSWORD)
    assert (approved.state, approved.approved_by) == ("approved", "Jun Sun")
    with pytest.raises(TemplateRefusedError, match="only a draft"):
        labels.approve_template(lab.db, qa2, draft.template_id, "jsun", PASSWORD)
    states = {t.label: t.state for t in labels.list_templates(lab.db, lab.qa, "vessel")}
    assert states == {"VESSEL-2x1in v2": "approved", "VESSEL-2x1in v1": "retired"}
    with lab.db.reading() as session:
        signature = session.scalar(
            select(ESignature).where(
                ESignature.record_table == "label_template",
                ESignature.record_id == draft.template_id,
            )
        )
        assert (signature.meaning, signature.signer_id) == ("approved", qa2.user_id)

    again = labels.print_labels(
        lab.db, lab.tech, code, "vessel", copies=1, stock="2x1in", reprint_reason="flask swapped"
    )
    assert again.template == "VESSEL-2x1in v2"

    # A definition changed behind the application's back prints nothing.
    with lab.db.writing(lab.admin, "test set-up: a template edited in the database") as session:
        row = session.get(LabelTemplate, draft.template_id)
        row.definition = row.definition.replace('"printer_dpi": 300', '"printer_dpi": 203')
    with pytest.raises(TemplateRefusedError, match="changed after its approval"):
        labels.print_labels(
            lab.db, lab.tech, code, "vessel", copies=1, stock="2x1in", reprint_reason="again"
        )
    assert len(prints(lab)) == 2


def test_a_template_for_another_layout_revision_does_not_print(lab, clock, templates):
    din = start_received_lot(lab, clock)
    with lab.db.writing(lab.admin, "test set-up: a template of an older labtracker") as session:
        row = session.scalar(select(LabelTemplate).where(LabelTemplate.code == "ASPIRATE-2x1in"))
        old = row.definition.replace('"layout_revision": 1', '"layout_revision": 0')
        row.definition = old
        row.definition_hash = labels._sha256(old)
    with pytest.raises(TemplateRefusedError, match="another layout revision"):
        labels.print_labels(lab.db, lab.tech, typed(din), "aspirate", copies=1, stock="2x1in")


def test_no_label_for_a_discarded_lot(lab, clock, templates):
    din = lot_in_culture(lab, clock)
    deviations.discard(
        lab.db,
        lab.tech,
        din,
        scope="lot",
        vessel_code=None,
        reason="patient withdrew from the trial",
        witness_username="zliu",
        witness_password=PASSWORD,
    )
    with pytest.raises(LabelPrintRefusedError, match="no label is printed for a closed lot"):
        labels.print_labels(lab.db, lab.tech, typed(din), "aspirate", copies=1, stock="2x1in")
    with pytest.raises(LabelPrintRefusedError, match="discarded"):
        labels.print_labels(lab.db, lab.tech, f"{din}-P0-1", "vessel", copies=1, stock="2x1in")
    assert prints(lab) == []


def test_custody_label_names_the_hand_over(lab, clock, templates, tmp_path):
    din = released_lot(lab)
    with pytest.raises(LabelPrintRefusedError, match="No hand-over is recorded"):
        labels.print_labels(lab.db, lab.tech, typed(din), "custody", copies=1, stock="4x2in")
    dispatch(lab, din, clock)
    printed = labels.print_labels(
        lab.db, lab.tech, scanned(din), "custody", copies=1, stock="4x2in"
    )
    (image,) = pages(printed.pdf, tmp_path)
    assert [d.data for d in decode(image)] == [f"={din}00"]
    text = text_of(printed.pdf, tmp_path)
    when = (clock.now()).astimezone(TZ)
    for phrase in (
        "From: Cell lab, cleanroom B (Li Wang)",
        "To: Transport box (Courier Sun)",
        f"Dispatched {when:%Y-%m-%d %H:%M}",
        "Handler: Courier Sun",
        "2–8 °C, do not freeze",
    ):
        assert phrase in text, phrase
    with pytest.raises(LabelRefusedError, match="custody label cannot be printed on 2 × 1 in"):
        labels.print_labels(lab.db, lab.tech, typed(din), "custody", copies=1, stock="2x1in")


def test_nothing_is_recorded_when_a_print_is_refused(lab, clock, templates):
    din = build_seeded_lot(lab, clock, quarantine_label=False).din
    with lab.db.reading() as session:
        before = session.scalar(select(func.count(LabelPrint.id)))
        assert lot_by_din(session, din).status.value == "seeded"
    for kind, stock in (("release", "4x2in"), ("custody", "4x2in"), ("quarantine", "2x1in")):
        with pytest.raises((LabelPrintRefusedError, TemplateRefusedError)):
            labels.print_labels(lab.db, lab.qa, typed(din), kind, copies=1, stock=stock)
    with lab.db.reading() as session:
        assert session.scalar(select(func.count(LabelPrint.id))) == before == 0
