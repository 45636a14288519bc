"""QA release: every blocker listed at once, maker ≠ checker, the e-signature, and the expiry
that follows the release."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from labtracker.db.models import (
    Deviation,
    ESignature,
    Harvest,
    Material,
    MaterialLot,
    MaterialUse,
    ReleaseDecision,
)
from labtracker.domain.errors import InvalidValueError
from labtracker.domain.lot_states import LotStatus
from labtracker.domain.permissions import PermissionDeniedError, Role
from labtracker.services import auth, corrections, release
from labtracker.services.records import lot_by_din, stamp
from labtracker.services.signatures import signatures_for
from tests.services.conftest import PASSWORD
from tests.services.test_quality import (
    build_seeded_lot,
    record_passing_qc,
    record_phenotype,
    seed_specifications,
)


@pytest.fixture
def qa2(make_user):
    return make_user("jsun", "Jun Sun", Role.QA)


def ready_lot(lab, clock, **options) -> str:
    """A seeded lot with every test passed and its immunophenotype on record."""
    seed_specifications(lab)
    built = build_seeded_lot(lab, clock, **options)
    record_passing_qc(lab, clock, built.din)
    record_phenotype(lab, clock, built.din)
    clock.advance(hours=1)
    return built.din


def nothing_released(lab, din) -> None:
    with lab.db.reading() as session:
        lot = lot_by_din(session, din)
        assert (lot.status, lot.expires_at) == (LotStatus.SEEDED, None)
        assert session.scalar(select(func.count(ReleaseDecision.id))) == 0
        assert (
            session.scalar(
                select(func.count(ESignature.id)).where(
                    ESignature.meaning.in_(("approved_for_release", "rejected"))
                )
            )
            == 0
        )


def test_qa_releases_with_signature_and_the_lot_expires_48_hours_later(lab, clock):
    din = ready_lot(lab, clock)
    check = release.release_check(lab.db, lab.tech, din)
    assert (check.can_release, check.blockers, check.spec_version) == (True, (), "RELEASE v1")
    assert [(r.test, r.result, r.limit, r.verdict) for r in check.results] == [
        ("Viability", "92 %", "≥ 70 %", "pass"),
        ("Sterility (aerobic)", "No growth", '"no growth"', "pass"),
        ("Sterility (anaerobic)", "no growth", '"no growth"', "pass"),
        ("Gram stain", "No organisms seen", '"no organisms seen"', "pass"),
        ("Mycoplasma", "Negative", '"negative"', "pass"),
        ("Endotoxin", "0.1 EU/mL", "< 0.5 EU/mL", "pass"),
        ("Cell count on construct", "20,000,000 cells", "> 0 cells", "pass"),
    ]
    released_at = clock.now()
    result = release.release_lot(lab.db, lab.qa, din, username="mchen", password=PASSWORD)
    assert (result.decision, result.decided_by, result.specification) == (
        "released",
        "Mei Chen",
        "RELEASE v1",
    )
    assert result.expires_at == released_at + timedelta(hours=48)
    assert result.signature == (
        f"Approved for release by Mei Chen (mchen), {released_at:%Y-%m-%d %H:%M} UTC"
    )
    with lab.db.reading() as session:
        lot = lot_by_din(session, din)
        decision = session.scalar(select(ReleaseDecision))
        assert (lot.status, lot.expires_at) == (LotStatus.RELEASED, result.expires_at)
        assert (decision.decided_by_id, decision.expires_at) == (lab.qa.user_id, lot.expires_at)
        decision_id = decision.id
    (signature,) = signatures_for(lab.db, "release_decision", decision_id)
    assert signature.is_valid and signature.meaning == "approved_for_release"

    expiry = release.lot_expiry(lab.db, lab.surgeon, din)
    assert (expiry.hours_left, expiry.expired) == (48, False)
    clock.advance(hours=47, minutes=30)
    assert release.lot_expiry(lab.db, lab.surgeon, din).hours_left == 0.5
    clock.advance(hours=1)
    expiry = release.lot_expiry(lab.db, lab.surgeon, din)
    assert (expiry.hours_left, expiry.expired) == (-0.5, True)

    # Released once: the check now says so, and a second release is refused.
    again = release.release_check(lab.db, lab.qa, din)
    assert [b.code for b in again.blockers] == ["status"]
    with pytest.raises(release.ReleaseRefusedError, match="is released by QA"):
        release.release_lot(lab.db, lab.qa, din, username="mchen", password=PASSWORD)


def test_expiry_follows_the_site_setting(lab, clock):
    from labtracker.services import site

    din = ready_lot(lab, clock)
    site.set_process_rules(lab.db, lab.admin, "surgery schedule", release_expiry_hours=24)
    result = release.release_lot(lab.db, lab.qa, din, username="mchen", password=PASSWORD)
    assert result.expires_at == clock.now() + timedelta(hours=24)


def test_unreleased_lot_has_no_expiry(lab, clock):
    din = ready_lot(lab, clock)
    expiry = release.lot_expiry(lab.db, lab.qa, din)
    assert (expiry.expires_at, expiry.hours_left, expiry.expired) == (None, None, False)


def test_technician_cannot_release(lab, clock):
    din = ready_lot(lab, clock)
    with pytest.raises(PermissionDeniedError, match="Li Wang may not release lot"):
        release.release_lot(lab.db, lab.tech, din, username="lwang", password=PASSWORD)
    nothing_released(lab, din)


def test_administrator_has_no_say_in_release(lab, clock):
    from tests.services.conftest import ADMIN_PASSWORD

    din = ready_lot(lab, clock)
    with pytest.raises(PermissionDeniedError):
        release.release_lot(lab.db, lab.admin, din, username="admin", password=ADMIN_PASSWORD)
    nothing_released(lab, din)


def test_wrong_password_releases_nothing(lab, clock):
    din = ready_lot(lab, clock)
    with pytest.raises(auth.AuthenticationError, match="not correct"):
        release.release_lot(lab.db, lab.qa, din, username="mchen", password="not-my-password")
    nothing_released(lab, din)
    with pytest.raises(auth.AuthenticationError, match="your own user ID"):
        release.release_lot(lab.db, lab.qa, din, username="lwang", password=PASSWORD)
    nothing_released(lab, din)


def test_qa_who_performed_a_step_cannot_release(lab, clock, qa2):
    din = ready_lot(lab, clock, step_maker=lab.qa)
    with pytest.raises(release.ReleaseRefusedError) as err:
        release.release_lot(lab.db, lab.qa, din, username="mchen", password=PASSWORD)
    assert str(err.value) == (
        f"Mei Chen cannot release lot {din}: they performed or recorded work on it (Harvest P1 "
        "of 2026-03-09). A QA person who did not work on the lot must do it."
    )
    nothing_released(lab, din)
    assert release.release_lot(lab.db, qa2, din, username="jsun", password=PASSWORD).decision == (
        "released"
    )


def test_qa_who_recorded_a_qc_result_cannot_release(lab, clock):
    seed_specifications(lab)
    built = build_seeded_lot(lab, clock)
    record_passing_qc(lab, clock, built.din, by=lab.qa)
    record_phenotype(lab, clock, built.din)
    with pytest.raises(release.ReleaseRefusedError) as err:
        release.release_lot(lab.db, lab.qa, built.din, username="mchen", password=PASSWORD)
    assert f"work on it (QC sample {built.din}-QC01; QC result viability)" in str(err.value)
    nothing_released(lab, built.din)


def test_failing_lot_lists_every_failure_at_once(lab, clock):
    seed_specifications(lab)
    built = build_seeded_lot(lab, clock)
    din = built.din
    record_passing_qc(lab, clock, din, viability=61.0, mycoplasma="Positive", endotoxin=0.8)
    record_phenotype(lab, clock, din, CD105=91.0)
    with lab.db.writing(lab.tech, "test set-up: a deviation raised") as session:
        session.add(
            Deviation(
                number="DEV-2026-0003",
                lot_id=built.lot_id,
                title="Incubator alarm",
                description="CO₂ alarm for 40 minutes",
                occurred_at=clock.now(),
                discovered_at=clock.now(),
                raised_by_id=lab.tech.user_id,
                classification="minor",
                state="open",
                **stamp(lab.tech),
            )
        )
    check = release.release_check(lab.db, lab.qa, din)
    expected = [
        f"Viability 61 % fails ≥ 70 % (sample {din}-QC01)",
        f'Mycoplasma: result "Positive" where "negative" is required (sample {din}-QC05)',
        f"Endotoxin 0.8 EU/mL fails < 0.5 EU/mL (sample {din}-QC06)",
        "Immunophenotype of 2026-03-25 fails PHENOTYPE v1: CD105 91 % is not ≥ 95 %: FAIL",
        "Deviation DEV-2026-0003 is open (Incubator alarm)",
    ]
    assert not check.can_release
    assert [b.message for b in check.blockers] == expected
    assert [r.verdict for r in check.results] == [
        "FAIL",
        "pass",
        "pass",
        "pass",
        "FAIL",
        "FAIL",
        "pass",
    ]
    with pytest.raises(release.ReleaseRefusedError) as err:
        release.release_lot(lab.db, lab.qa, din, username="mchen", password=PASSWORD)
    assert [b.message for b in err.value.blockers] == expected
    assert str(err.value) == f"Lot {din} cannot be released:\n" + "\n".join(
        f"• {m}" for m in expected
    )
    nothing_released(lab, din)


def test_a_lot_without_results_or_signatures_lists_what_is_missing(lab, clock):
    seed_specifications(lab)
    built = build_seeded_lot(lab, clock, verified=False, quarantine_label=False)
    check = release.release_check(lab.db, lab.qa, built.din)
    assert [b.message for b in check.blockers] == [
        "Viability: no result yet",
        "Sterility (aerobic): no result yet",
        "Sterility (anaerobic): no result yet",
        "Gram stain: no result yet",
        "Mycoplasma: no result yet",
        "Endotoxin: no result yet",
        "Cell count on construct: no result yet",
        "Immunophenotype: no result on record",
        "Isolation of 2026-03-02 is not verified",
        "Harvest P1 of 2026-03-09 is not verified",
        "Osteogenic induction started 2026-03-10 is not verified",
        "Scaffold seeding of 2026-03-24 is not verified",
        "Quarantine label not printed",
    ]
    assert check.results[0] == release.ResultRow("Viability", "", "—", "≥ 70 %", "no result")


def test_a_sample_awaiting_its_result_blocks(lab, clock):
    from labtracker.services import quality

    din = ready_lot(lab, clock)
    sample = quality.take_qc_sample(
        lab.db, lab.tech, din, test_code="sterility_aerobic", stage="retest", taken_at=clock.now()
    )
    check = release.release_check(lab.db, lab.qa, din)
    assert [b.message for b in check.blockers] == [
        f"Sterility (aerobic): sample {sample.code} taken on 2026-03-25 has no result yet"
    ]


def test_a_corrected_step_must_be_verified_again(lab, clock):
    din = ready_lot(lab, clock)
    with lab.db.reading() as session:
        harvest_id = session.scalar(select(Harvest.id))
    corrections.correct_record(
        lab.db, lab.tech, "harvest", harvest_id, {"confluence_percent": 85.0}, "misread"
    )
    check = release.release_check(lab.db, lab.qa, din)
    assert [b.message for b in check.blockers] == [
        "Harvest P1 of 2026-03-09 was corrected after it was signed; it must be signed as "
        "performed again",
        "Harvest P1 of 2026-03-09 was corrected after it was signed; it must be signed as "
        "verified again",
    ]


def test_material_used_after_its_expiry_blocks(lab, clock):
    din = ready_lot(lab, clock)
    with lab.db.writing(lab.tech, "test set-up: an expired lot used") as session:
        lot = lot_by_din(session, din)
        material = session.scalar(select(Material).where(Material.name == "Trypsin-EDTA"))
        expired = MaterialLot(
            material_id=material.id,
            code="RL000099",
            lot_number="LT-OLD",
            expiry_date=date(2026, 3, 5),
            received_at=clock.now() - timedelta(days=30),
            received_by_id=lab.tech.user_id,
            state="released",
            **stamp(lab.tech),
        )
        session.add(expired)
        session.flush()
        harvest = session.scalar(select(Harvest))
        session.add(
            MaterialUse(
                lot_id=lot.id,
                material_lot_id=expired.id,
                step="harvest",
                step_record_id=harvest.id,
                used_at=harvest.harvested_at,
                used_by_id=lab.tech.user_id,
                **stamp(lab.tech),
            )
        )
    check = release.release_check(lab.db, lab.qa, din)
    assert [b.message for b in check.blockers] == [
        "RL000099 (Trypsin-EDTA lot LT-OLD) was used on 2026-03-09 (harvest) after its expiry "
        "on 2026-03-05"
    ]


def test_qa_rejects_a_lot_with_a_reason_and_signature(lab, clock):
    seed_specifications(lab)
    built = build_seeded_lot(lab, clock)
    record_passing_qc(lab, clock, built.din, endotoxin=0.8)
    with pytest.raises(InvalidValueError, match="Reason for rejection"):
        release.reject_lot(lab.db, lab.qa, built.din, reason=" ", username="mchen", password="x")
    result = release.reject_lot(
        lab.db,
        lab.qa,
        built.din,
        reason="Endotoxin out of specification (OOS-2026-001)",
        username="mchen",
        password=PASSWORD,
    )
    assert (result.decision, result.expires_at) == ("rejected", None)
    assert result.signature.startswith("Rejected by Mei Chen (mchen)")
    with lab.db.reading() as session:
        assert lot_by_din(session, built.din).status is LotStatus.REJECTED
        decision = session.scalar(select(ReleaseDecision))
        assert decision.reason == "Endotoxin out of specification (OOS-2026-001)"
    check = release.release_check(lab.db, lab.qa, built.din)
    assert check.blockers[0].message.startswith(f"Lot {built.din} is rejected by QA;")


def test_technician_cannot_reject(lab, clock):
    din = ready_lot(lab, clock)
    with pytest.raises(PermissionDeniedError):
        release.reject_lot(lab.db, lab.tech, din, reason="x", username="lwang", password=PASSWORD)
    nothing_released(lab, din)


def test_checks_read_together_equal_each_lot_checked_alone(lab, clock):
    """The home screens check every seeded lot in one go; each lot's check must be exactly
    the one it gets alone (no lot's results, signatures or labels lent to another), and the
    number of queries must not grow with the number of lots."""
    from sqlalchemy import event

    from labtracker.db.models import Lot

    seed_specifications(lab)
    passing = build_seeded_lot(lab, clock, "MRN0000001")
    record_passing_qc(lab, clock, passing.din)
    record_phenotype(lab, clock, passing.din)
    failing = build_seeded_lot(lab, clock, "MRN0000002")
    record_passing_qc(lab, clock, failing.din, viability=61.0, mycoplasma="Positive")
    record_phenotype(lab, clock, failing.din, CD105=91.0)
    bare = build_seeded_lot(lab, clock, "MRN0000003", verified=False, quarantine_label=False)
    clock.advance(hours=1)
    dins = [passing.din, failing.din, bare.din]
    alone = [release.release_check(lab.db, lab.qa, din) for din in dins]
    assert [c.can_release for c in alone] == [True, False, False]
    assert len({tuple(c.blockers) for c in alone}) == 3

    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(lab.db.engine, "before_cursor_execute", count)
    try:
        read = {}
        for n in (2, 3):
            with lab.db.reading() as session:
                lots = [lot_by_din(session, din) for din in dins[:n]]
                statements.clear()
                read[n] = (release.lot_release_checks(session, lots, clock.now()), len(statements))
    finally:
        event.remove(lab.db.engine, "before_cursor_execute", count)
    assert read[3][0] == alone
    assert read[2][0] == alone[:2]
    assert read[3][1] == read[2][1]  # one query per kind of row, not per lot
    with lab.db.reading() as session:
        assert release.lot_release_checks(session, [], clock.now()) == []
        assert session.scalar(select(func.count(Lot.id))) == 3
