"""Whether a lot may be released, from facts gathered about it: every reason it may not.

QA reviews the whole record before release (domain.md §2). `release_blockers` returns every
reason at once, in the order a reviewer works through the record, each a sentence they read:
"Sterility (aerobic): no result yet", "Endotoxin 0.8 EU/mL fails < 0.5 EU/mL",
"Deviation DEV-2026-0003 is open", "Harvest P1 of 2026-03-09 is not verified".

The rules, conservatively:
- the lot is seeded on its scaffold (quarantine) and an approved release specification is in
  force whose criteria are unchanged since approval;
- every item of that specification has at least one result, none of a test's results failed
  (a failed result is never outweighed by a later pass: it is investigated and, if invalid,
  voided with a reason) and no sample taken is still waiting for its result;
- an immunophenotype is on record, and none failed;
- every critical step (isolation, each harvest, osteogenic induction, scaffold seeding) is
  recorded, signed as performed and verified, and those signatures still hold;
- no deviation of the lot is open;
- no material was used after its expiry date; no scaffold was seeded after its expiry date,
  nor expires before the construct would;
- the quarantine label was printed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from labtracker.domain.lot_states import LotStatus
from labtracker.domain.specifications import Outcome

__all__ = [
    "Blocker",
    "DeviationFact",
    "MaterialFact",
    "PhenotypeFact",
    "ReleaseFacts",
    "ResultFact",
    "ScaffoldFact",
    "SignatureState",
    "StepFact",
    "release_blockers",
]


class SignatureState(StrEnum):
    VALID = "valid"
    MISSING = "missing"
    SUPERSEDED = "superseded"  # the record was corrected after signing: sign again
    INVALID = "invalid"  # the record no longer matches what was signed


@dataclass(frozen=True)
class Blocker:
    code: str
    message: str


@dataclass(frozen=True)
class ResultFact:
    """One QC sample/result of a test, or (sample_code None, result None) no result at all."""

    test_code: str
    label: str
    required: bool  # an item of the release specification in force
    sample_code: str | None
    taken_on: date | None
    result: str | None  # as printed: "0.8 EU/mL", "No growth"
    limit: str  # as printed: "< 0.5 EU/mL", "\"no growth\""
    outcome: Outcome
    text_result: bool = False
    problem: str | None = None  # why it cannot be judged (e.g. no patient weight for K/M)


@dataclass(frozen=True)
class PhenotypeFact:
    specification: str  # "PHENOTYPE v1"
    analysed_on: date
    outcome: Outcome
    failures: tuple[str, ...] = ()  # "CD105 91 % is not ≥ 95 %: FAIL"


@dataclass(frozen=True)
class StepFact:
    name: str  # "Harvest P1 of 2026-03-09"
    performed: SignatureState
    verified: SignatureState


@dataclass(frozen=True)
class DeviationFact:
    number: str
    title: str


@dataclass(frozen=True)
class MaterialFact:
    code: str
    description: str  # "Dexamethasone lot LD4902"
    expiry_date: date
    used_on: date
    step: str


@dataclass(frozen=True)
class ScaffoldFact:
    code: str
    description: str
    expiry_date: date
    seeded_on: date


@dataclass(frozen=True)
class ReleaseFacts:
    """Everything the release decision looks at, gathered from the record."""

    din: str
    status: LotStatus
    now: datetime
    release_specification: str | None  # "RELEASE v2"; None when none is in force
    results: tuple[ResultFact, ...] = ()
    phenotypes: tuple[PhenotypeFact, ...] = ()
    steps: tuple[StepFact, ...] = ()
    missing_steps: tuple[str, ...] = ()  # "Isolation", "Scaffold seeding"
    open_deviations: tuple[DeviationFact, ...] = ()
    materials: tuple[MaterialFact, ...] = ()
    scaffolds: tuple[ScaffoldFact, ...] = ()
    construct_expires_on: date | None = None  # the site's calendar day it would expire
    quarantine_label_printed: bool = False
    altered_specifications: tuple[str, ...] = ()  # criteria changed after approval


def release_blockers(facts: ReleaseFacts) -> tuple[Blocker, ...]:
    """Every reason the lot may not be released now; empty when it may."""
    found: list[Blocker] = []

    def add(code: str, message: str) -> None:
        found.append(Blocker(code, message))

    status = LotStatus(facts.status)
    if status is not LotStatus.SEEDED:
        add(
            "status",
            f"Lot {facts.din} is {_lower_first(status.label)}; only a lot that is "
            f"{_lower_first(LotStatus.SEEDED.label)} can be released",
        )
    if facts.release_specification is None:
        add("no_specification", "No approved release specification is in force")
    for spec in facts.altered_specifications:
        add(
            "specification_altered",
            f"Specification {spec} was changed after its approval; QA must approve a new version",
        )

    found.extend(_result_blockers(facts.results))
    found.extend(_phenotype_blockers(facts.phenotypes))

    for name in facts.missing_steps:
        add("missing_step", f"{name} is not recorded")
    for step in facts.steps:
        found.extend(_step_blockers(step))

    for deviation in facts.open_deviations:
        title = f" ({deviation.title})" if deviation.title else ""
        add("open_deviation", f"Deviation {deviation.number} is open{title}")

    for m in facts.materials:
        if m.used_on > m.expiry_date:
            add(
                "expired_material",
                f"{m.code} ({m.description}) was used on {m.used_on:%Y-%m-%d} "
                f"({m.step.replace('_', ' ')}) after its expiry on {m.expiry_date:%Y-%m-%d}",
            )
    for s in facts.scaffolds:
        if s.seeded_on > s.expiry_date:
            add(
                "expired_scaffold",
                f"Scaffold {s.code} ({s.description}) was seeded on {s.seeded_on:%Y-%m-%d} "
                f"after its expiry on {s.expiry_date:%Y-%m-%d}",
            )
        elif facts.construct_expires_on and s.expiry_date < facts.construct_expires_on:
            add(
                "scaffold_expires_first",
                f"Scaffold {s.code} ({s.description}) expires on {s.expiry_date:%Y-%m-%d}, "
                f"before the construct would ({facts.construct_expires_on:%Y-%m-%d})",
            )

    if not facts.quarantine_label_printed:
        add("label_missing", "Quarantine label not printed")
    return tuple(found)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _result_blockers(results: tuple[ResultFact, ...]) -> Iterator[Blocker]:
    for r in results:
        if r.problem:
            yield Blocker("unjudged_result", f"{r.label}: {r.problem}")
        elif r.sample_code is None and r.result is None:
            yield Blocker("missing_result", f"{r.label}: no result yet")
        elif r.outcome is Outcome.FAIL:
            where = f" (sample {r.sample_code})" if r.sample_code else ""
            if r.text_result:
                message = f'{r.label}: result "{r.result}" where {r.limit} is required{where}'
            else:
                message = f"{r.label} {r.result} fails {r.limit}{where}"
            yield Blocker("failed_result", message)
        elif r.outcome is Outcome.PENDING:
            taken = f" taken on {r.taken_on:%Y-%m-%d}" if r.taken_on else ""
            yield Blocker(
                "pending_result", f"{r.label}: sample {r.sample_code}{taken} has no result yet"
            )


def _phenotype_blockers(phenotypes: tuple[PhenotypeFact, ...]) -> Iterator[Blocker]:
    if not phenotypes:
        yield Blocker("missing_phenotype", "Immunophenotype: no result on record")
        return
    for p in phenotypes:
        if p.outcome is Outcome.FAIL:
            detail = "; ".join(p.failures) if p.failures else "recorded as failed"
            yield Blocker(
                "failed_phenotype",
                f"Immunophenotype of {p.analysed_on:%Y-%m-%d} fails {p.specification}: {detail}",
            )
    if not any(p.outcome in (Outcome.PASS, Outcome.FAIL) for p in phenotypes):
        yield Blocker("missing_phenotype", "Immunophenotype: no passing result on record")


def _step_blockers(step: StepFact) -> Iterator[Blocker]:
    for meaning, state in (("performed", step.performed), ("verified", step.verified)):
        if state is SignatureState.VALID:
            continue
        if state is SignatureState.MISSING:
            text = (
                f"{step.name} is not verified"
                if meaning == "verified"
                else f"{step.name} is not signed as performed"
            )
        elif state is SignatureState.SUPERSEDED:
            text = (
                f"{step.name} was corrected after it was signed; it must be signed as "
                f"{meaning} again"
            )
        else:
            text = (
                f"{step.name} no longer matches its {meaning} signature "
                "(the record changed after signing)"
            )
        yield Blocker("unsigned_step" if meaning == "performed" else "unverified_step", text)
