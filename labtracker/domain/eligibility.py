"""Trial eligibility (NCT07066228): the criteria as data, and the rule that decides.

Inclusion: I1 (age 18–55, computed from the date of birth) and one indication: I2 (defect
nonunion, bone loss > 30 % of the cross-section, 2–3 cm long) or I3 (solitary bone cyst over
50 % of the cross-section). Exclusion: any of E1–E13; E3 (BMD T-score < −2.5) is decided from
the measured T-score. An unanswered or "unknown" criterion leaves the patient pending: a lot
can start only for an eligible patient.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from labtracker.domain.errors import InvalidValueError

CRITERIA_VERSION = "NCT07066228 (registry text 2026-02-01)"
MIN_AGE, MAX_AGE = 18, 55
BMD_T_SCORE_LIMIT = -2.5  # below this: moderate-to-severe osteoporosis, excluded
DEFECT_LENGTH_CM = (2.0, 3.0)
DEFECT_CROSS_SECTION_PERCENT = 30.0
CYST_CROSS_SECTION_PERCENT = 50.0


class Answer(StrEnum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class Outcome(StrEnum):
    PENDING = "pending"
    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"


@dataclass(frozen=True)
class Criterion:
    code: str
    kind: str  # "inclusion" or "exclusion"
    text: str
    computed: bool = False  # answered by labtracker from a measured value, not by a person


CRITERIA: tuple[Criterion, ...] = (
    Criterion("I1", "inclusion", "Age 18–55 years, gender unrestricted", computed=True),
    Criterion(
        "I2",
        "inclusion",
        "Defective nonunion with bone loss exceeding 30% of the bone "
        "cross-section and a length of 2–3 cm",
        computed=True,
    ),
    Criterion(
        "I3", "inclusion", "Solitary bone cyst involving more than 50% of the bone cross-section"
    ),
    Criterion(
        "E1",
        "exclusion",
        "Local tumour, tuberculosis, infection or other lesion affecting bone healing",
    ),
    Criterion(
        "E2",
        "exclusion",
        "Systemic disease affecting bone healing (osteofibrous "
        "dysplasia, osteogenesis imperfecta, bone dystrophy, metabolic bone disorder)",
    ),
    Criterion(
        "E3", "exclusion", "Moderate-to-severe osteoporosis (BMD T-score < −2.5)", computed=True
    ),
    Criterion(
        "E4",
        "exclusion",
        "Severe systemic condition (malnutrition, systemic infection, "
        "severe cardiopulmonary disease, coagulation disorder, major organ failure)",
    ),
    Criterion("E5", "exclusion", "Severe brain trauma"),
    Criterion(
        "E6", "exclusion", "Heavy smoking, drug abuse, alcoholism or other harmful addiction"
    ),
    Criterion("E7", "exclusion", "Psychiatric disorder or menopausal symptoms"),
    Criterion("E8", "exclusion", "Other study now or within the last 4 weeks"),
    Criterion(
        "E9", "exclusion", "Pregnancy, lactation, or pregnancy planned within one year of enrolment"
    ),
    Criterion("E10", "exclusion", "Psychological condition impairing treatment compliance"),
    Criterion("E11", "exclusion", "Congenital malformation of vital organs or other systems"),
    Criterion("E12", "exclusion", "Nonunion caused by malignant tumour resection"),
    Criterion("E13", "exclusion", "Refuses the tissue-engineered bone repair protocol"),
)
BY_CODE = {c.code: c for c in CRITERIA}


def age_on(date_of_birth: date, on: date) -> int:
    """Age in completed years on a day."""
    if date_of_birth > on:
        raise InvalidValueError("Date of birth", date_of_birth, f"not after {on.isoformat()}")
    years = on.year - date_of_birth.year
    if (on.month, on.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years


@dataclass(frozen=True)
class Measurements:
    """The measured values the computed criteria are decided from (None: not measured)."""

    age_years: int
    defect_length_cm: float | None = None
    defect_cross_section_percent: float | None = None
    bmd_t_score: float | None = None


@dataclass(frozen=True)
class CriterionResult:
    criterion: Criterion
    answer: Answer
    evidence: str


@dataclass(frozen=True)
class EligibilityDecision:
    outcome: Outcome
    results: tuple[CriterionResult, ...]
    reasons: tuple[str, ...]  # why not eligible, or what is still missing

    @property
    def eligible(self) -> bool:
        return self.outcome is Outcome.ELIGIBLE


def computed_answers(m: Measurements) -> dict[str, CriterionResult]:
    """I1, I2 and E3 from the measurements, with the evidence spelled out."""
    results: dict[str, CriterionResult] = {}
    age_ok = MIN_AGE <= m.age_years <= MAX_AGE
    results["I1"] = CriterionResult(
        BY_CODE["I1"],
        Answer.YES if age_ok else Answer.NO,
        f"age {m.age_years} years from date of birth (allowed {MIN_AGE}–{MAX_AGE})",
    )
    if m.defect_length_cm is None or m.defect_cross_section_percent is None:
        results["I2"] = CriterionResult(
            BY_CODE["I2"], Answer.UNKNOWN, "defect length or cross-section not measured"
        )
    else:
        low, high = DEFECT_LENGTH_CM
        ok = (
            low <= m.defect_length_cm <= high
            and m.defect_cross_section_percent > DEFECT_CROSS_SECTION_PERCENT
        )
        results["I2"] = CriterionResult(
            BY_CODE["I2"],
            Answer.YES if ok else Answer.NO,
            f"defect {m.defect_length_cm:g} cm long (allowed {low:g}–{high:g}), "
            f"{m.defect_cross_section_percent:g}% of cross-section (must exceed "
            f"{DEFECT_CROSS_SECTION_PERCENT:g}%)",
        )
    if m.bmd_t_score is None:
        results["E3"] = CriterionResult(BY_CODE["E3"], Answer.UNKNOWN, "BMD T-score not measured")
    else:
        excluded = m.bmd_t_score < BMD_T_SCORE_LIMIT
        results["E3"] = CriterionResult(
            BY_CODE["E3"],
            Answer.YES if excluded else Answer.NO,
            f"BMD T-score {m.bmd_t_score:g} (excluded below {BMD_T_SCORE_LIMIT:g})",
        )
    return results


def decide(
    measurements: Measurements, answers: dict[str, tuple[Answer, str]]
) -> EligibilityDecision:
    """Combine computed and investigator answers (code → (answer, evidence)) into a decision."""
    unknown_codes = set(answers) - set(BY_CODE)
    if unknown_codes:
        raise InvalidValueError(
            "Criterion", sorted(unknown_codes)[0], "one of " + ", ".join(BY_CODE)
        )
    computed = computed_answers(measurements)
    results: list[CriterionResult] = []
    for criterion in CRITERIA:
        if criterion.code in computed:
            results.append(computed[criterion.code])
            continue
        answer, evidence = answers.get(criterion.code, (Answer.UNKNOWN, ""))
        answer = Answer(answer)
        if answer is not Answer.UNKNOWN and not evidence.strip():
            raise InvalidValueError(
                f"Evidence for {criterion.code}",
                evidence,
                "a note of the evidence (document, test, interview)",
            )
        results.append(CriterionResult(criterion, answer, evidence.strip()))
    by_code = {r.criterion.code: r for r in results}
    reasons: list[str] = []
    if by_code["I1"].answer is Answer.NO:
        reasons.append(f"I1 not met: {by_code['I1'].evidence}")
    indications = [by_code["I2"].answer, by_code["I3"].answer]
    if Answer.YES not in indications:
        if Answer.UNKNOWN in indications:
            reasons.append("Indication not yet established (I2 defect or I3 bone cyst)")
        else:
            reasons.append("Neither indication is met (I2 defect nonunion, I3 bone cyst)")
    for r in results:
        if r.criterion.kind == "exclusion" and r.answer is Answer.YES:
            reasons.append(
                f"{r.criterion.code} excludes: {r.criterion.text}"
                + (f" ({r.evidence})" if r.evidence else "")
            )
    hard_no = [x for x in reasons if not x.startswith("Indication not yet")]
    unknown_exclusions = [
        r.criterion.code
        for r in results
        if r.criterion.kind == "exclusion" and r.answer is Answer.UNKNOWN
    ]
    if hard_no:
        return EligibilityDecision(Outcome.NOT_ELIGIBLE, tuple(results), tuple(hard_no))
    if unknown_exclusions:
        reasons.append("Not yet answered: " + ", ".join(unknown_exclusions))
    if reasons:
        return EligibilityDecision(Outcome.PENDING, tuple(results), tuple(reasons))
    return EligibilityDecision(Outcome.ELIGIBLE, tuple(results), ())
