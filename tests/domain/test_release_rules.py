"""Release rules: every reason a lot cannot be released, at once, in words QA reads."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from labtracker.domain.lot_states import LotStatus
from labtracker.domain.release_rules import (
    DeviationFact,
    MaterialFact,
    PhenotypeFact,
    ReleaseFacts,
    ResultFact,
    ScaffoldFact,
    SignatureState,
    StepFact,
    release_blockers,
)
from labtracker.domain.specifications import DEFAULT_RELEASE_SPEC, Outcome, describe_limit

NOW = datetime(2026, 3, 28, 8, 0, tzinfo=UTC)
V, M = SignatureState.VALID, SignatureState.MISSING

RESULTS = {
    "viability": "92 %",
    "sterility_aerobic": "No growth",
    "sterility_anaerobic": "No growth",
    "gram_stain": "No organisms seen",
    "mycoplasma": "Negative",
    "endotoxin": "0.1 EU/mL",
    "cell_count": "20,000,000 cells",
}


def passing(test_code: str, **changes) -> ResultFact:
    item = next(i for i in DEFAULT_RELEASE_SPEC if i.test_code == test_code)
    fact = ResultFact(
        test_code,
        item.label,
        True,
        f"A999926000001-QC{list(RESULTS).index(test_code) + 1:02d}",
        date(2026, 3, 26),
        RESULTS[test_code],
        describe_limit(item),
        Outcome.PASS,
        text_result=item.is_text,
    )
    return replace(fact, **changes)


def releasable() -> ReleaseFacts:
    return ReleaseFacts(
        din="A999926000001",
        status=LotStatus.SEEDED,
        now=NOW,
        release_specification="RELEASE v1",
        results=tuple(passing(code) for code in RESULTS),
        phenotypes=(PhenotypeFact("PHENOTYPE v1", date(2026, 3, 20), Outcome.PASS),),
        steps=(
            StepFact("Isolation of 2026-03-02", V, V),
            StepFact("Harvest P1 of 2026-03-09", V, V),
            StepFact("Harvest P2 of 2026-03-16", V, V),
            StepFact("Osteogenic induction started 2026-03-17", V, V),
            StepFact("Scaffold seeding of 2026-03-25", V, V),
        ),
        materials=(
            MaterialFact(
                "RL000004", "Dexamethasone lot LD4902", date(2027, 6, 30), date(2026, 3, 17), "x"
            ),
        ),
        scaffolds=(
            ScaffoldFact("SC000001", "DBM lot 2209", date(2026, 12, 31), date(2026, 3, 25)),
        ),
        construct_expires_on=date(2026, 3, 30),
        quarantine_label_printed=True,
    )


def messages(facts: ReleaseFacts) -> list[str]:
    return [b.message for b in release_blockers(facts)]


def test_a_complete_record_has_no_blockers():
    assert release_blockers(releasable()) == ()


def test_every_blocker_is_listed_at_once():
    facts = releasable()
    results = list(facts.results)
    results[0] = passing("viability", result="61 %", outcome=Outcome.FAIL)
    results[4] = passing("mycoplasma", result="Positive", outcome=Outcome.FAIL)
    results[5] = passing("endotoxin", result="0.8 EU/mL", outcome=Outcome.FAIL)
    facts = replace(
        facts,
        results=tuple(results),
        open_deviations=(DeviationFact("DEV-2026-0003", "incubator alarm"),),
    )
    assert messages(facts) == [
        "Viability 61 % fails ≥ 70 % (sample A999926000001-QC01)",
        'Mycoplasma: result "Positive" where "negative" is required (sample A999926000001-QC05)',
        "Endotoxin 0.8 EU/mL fails < 0.5 EU/mL (sample A999926000001-QC06)",
        "Deviation DEV-2026-0003 is open (incubator alarm)",
    ]
    codes = [b.code for b in release_blockers(facts)]
    assert codes == ["failed_result"] * 3 + ["open_deviation"]


def test_missing_and_pending_results():
    facts = releasable()
    results = list(facts.results)
    results[1] = passing(
        "sterility_aerobic", sample_code=None, result=None, outcome=Outcome.PENDING
    )
    results[2] = passing("sterility_anaerobic", result=None, outcome=Outcome.PENDING)
    facts = replace(facts, results=tuple(results))
    assert messages(facts) == [
        "Sterility (aerobic): no result yet",
        "Sterility (anaerobic): sample A999926000001-QC03 taken on 2026-03-26 has no result yet",
    ]


def test_a_later_pass_does_not_outweigh_a_failure():
    facts = releasable()
    failed = passing("endotoxin", result="0.8 EU/mL", outcome=Outcome.FAIL)
    retest = passing("endotoxin", sample_code="A999926000001-QC09")
    facts = replace(facts, results=(*facts.results, failed, retest))
    assert messages(facts) == ["Endotoxin 0.8 EU/mL fails < 0.5 EU/mL (sample A999926000001-QC06)"]


def test_a_result_that_cannot_be_judged_blocks():
    facts = releasable()
    odd = passing("endotoxin", outcome=Outcome.PENDING, problem="cannot be judged now: no weight")
    facts = replace(facts, results=(*facts.results[:5], odd, facts.results[6]))
    assert messages(facts) == ["Endotoxin: cannot be judged now: no weight"]


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (
            LotStatus.IN_INDUCTION,
            "Lot A999926000001 is in osteogenic induction; only a lot that is seeded on "
            "scaffold (quarantine) can be released",
        ),
        (
            LotStatus.RELEASED,
            "Lot A999926000001 is released by QA; only a lot that is seeded on scaffold "
            "(quarantine) can be released",
        ),
    ],
)
def test_only_a_seeded_lot(status, message):
    assert messages(replace(releasable(), status=status)) == [message]


def test_no_specification_or_an_altered_one():
    facts = replace(
        releasable(), release_specification=None, altered_specifications=("PHENOTYPE v2",)
    )
    assert messages(facts) == [
        "No approved release specification is in force",
        "Specification PHENOTYPE v2 was changed after its approval; QA must approve a new version",
    ]


def test_immunophenotype_missing_or_failing():
    assert messages(replace(releasable(), phenotypes=())) == [
        "Immunophenotype: no result on record"
    ]
    failed = PhenotypeFact(
        "PHENOTYPE v1",
        date(2026, 3, 20),
        Outcome.FAIL,
        ("CD105 91 % is not ≥ 95 %: FAIL", "HLA-DR 3.5 % is not ≤ 2 %: FAIL"),
    )
    assert messages(replace(releasable(), phenotypes=(failed,))) == [
        "Immunophenotype of 2026-03-20 fails PHENOTYPE v1: CD105 91 % is not ≥ 95 %: FAIL; "
        "HLA-DR 3.5 % is not ≤ 2 %: FAIL"
    ]


def test_steps_must_be_recorded_performed_and_verified():
    facts = replace(
        releasable(),
        missing_steps=("Osteogenic induction",),
        steps=(
            StepFact("Isolation of 2026-03-02", M, M),
            StepFact("Harvest P1 of 2026-03-09", V, M),
            StepFact("Harvest P2 of 2026-03-16", V, SignatureState.SUPERSEDED),
            StepFact("Scaffold seeding of 2026-03-25", SignatureState.INVALID, V),
        ),
    )
    assert messages(facts) == [
        "Osteogenic induction is not recorded",
        "Isolation of 2026-03-02 is not signed as performed",
        "Isolation of 2026-03-02 is not verified",
        "Harvest P1 of 2026-03-09 is not verified",
        "Harvest P2 of 2026-03-16 was corrected after it was signed; it must be signed as "
        "verified again",
        "Scaffold seeding of 2026-03-25 no longer matches its performed signature (the record "
        "changed after signing)",
    ]


def test_expired_materials_and_scaffolds():
    facts = replace(
        releasable(),
        materials=(
            MaterialFact(
                "RL000002",
                "α-MEM lot LM0894",
                date(2026, 3, 10),
                date(2026, 3, 11),
                "osteogenic_induction",
            ),
            MaterialFact("RL000003", "FBS lot LF7524", date(2026, 3, 11), date(2026, 3, 11), "x"),
        ),
        scaffolds=(
            ScaffoldFact("SC000001", "DBM lot 2209", date(2026, 3, 24), date(2026, 3, 25)),
            ScaffoldFact("SC000002", "DBM lot 2210", date(2026, 3, 29), date(2026, 3, 25)),
        ),
    )
    assert messages(facts) == [
        "RL000002 (α-MEM lot LM0894) was used on 2026-03-11 (osteogenic induction) after its "
        "expiry on 2026-03-10",
        "Scaffold SC000001 (DBM lot 2209) was seeded on 2026-03-25 after its expiry on 2026-03-24",
        "Scaffold SC000002 (DBM lot 2210) expires on 2026-03-29, before the construct would "
        "(2026-03-30)",
    ]


def test_quarantine_label_must_be_printed():
    facts = replace(releasable(), quarantine_label_printed=False)
    assert messages(facts) == ["Quarantine label not printed"]


def test_a_thoroughly_bad_lot_lists_everything():
    facts = releasable()
    results = [
        passing("viability", result="50 %", outcome=Outcome.FAIL),
        passing("sterility_aerobic", result="Growth", outcome=Outcome.FAIL),
        passing("sterility_anaerobic", sample_code=None, result=None, outcome=Outcome.PENDING),
        *facts.results[3:5],
        passing("endotoxin", result="0.8 EU/mL", outcome=Outcome.FAIL),
        facts.results[6],
    ]
    facts = replace(
        facts,
        status=LotStatus.IN_INDUCTION,
        results=tuple(results),
        phenotypes=(),
        steps=(StepFact("Harvest P1 of 2026-03-09", V, M),),
        open_deviations=(DeviationFact("DEV-2026-0003", ""), DeviationFact("DEV-2026-0004", "")),
        quarantine_label_printed=False,
    )
    codes = [b.code for b in release_blockers(facts)]
    assert codes == [
        "status",
        "failed_result",
        "failed_result",
        "missing_result",
        "failed_result",
        "missing_phenotype",
        "unverified_step",
        "open_deviation",
        "open_deviation",
        "label_missing",
    ]
