"""Acceptance criteria and how one result is judged against one criterion.

A specification is a versioned list of items (the versions, their approval and which one is in
force live in labtracker.services.specifications). An item names a test, a comparator and a
numeric limit, or the text a result must read ("no growth"). Judging gives a `Verdict`: pass,
fail, or pending while there is no result, with a sentence a reviewer reads
("Viability 92 % ≥ 70 %: pass").

Text results compare case-insensitively after collapsing spaces: "No  growth" is "no growth".

Endotoxin by K/M (USP <85>, Ph. Eur. 5.1.10). K is the threshold pyrogenic dose, 5 EU per kg
of body weight for a parenteral route; M is the maximum dose of product per kg of body weight,
here the dose volume in mL divided by the patient's weight in kg. The limit is K ÷ M in EU/mL:

    limit (EU/mL) = K (EU/kg) × patient weight (kg) ÷ dose volume (mL)

so a 70 kg patient may receive at most 5 × 70 = 350 EU in the dose; given in 2 mL that is
175 EU/mL. (K divided by the patient's weight, 5 ÷ 70 = 0.071, has the unit EU/kg² and is not a
limit for anything measured; labtracker never computes it.) An item is judged this way when
its method is "K/M": its comparator is ≤ or <, its unit is the result's unit (EU/mL), and its
limit_value holds K in EU/kg (empty means 5 EU/kg). The patient's weight and the dose volume
come from the `EvaluationContext`; without them the item cannot be judged and
`MissingContextError` says what is missing.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from enum import StrEnum

from labtracker.domain.errors import InvalidValueError, LabtrackerError

__all__ = [
    "DEFAULT_K_EU_PER_KG",
    "DEFAULT_PHENOTYPE_SPEC",
    "DEFAULT_RELEASE_SPEC",
    "KM_METHOD",
    "Comparator",
    "EvaluationContext",
    "MissingContextError",
    "Outcome",
    "SpecItem",
    "Verdict",
    "describe_limit",
    "describe_result",
    "evaluate",
    "km_limit",
    "marker_expectation",
    "needs_patient_context",
    "normalise_text",
    "overall_outcome",
    "quantity",
]

KM_METHOD = "K/M"
DEFAULT_K_EU_PER_KG = 5.0
"""Threshold pyrogenic dose for a parenteral route (USP <85>): 5 EU per kg of body weight."""

_TEST_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")


class MissingContextError(LabtrackerError):
    """An item needs something about the patient or the dose that is not recorded."""


class Comparator(StrEnum):
    AT_LEAST = ">="
    MORE_THAN = ">"
    AT_MOST = "<="
    LESS_THAN = "<"
    EQUAL = "=="
    TEXT = "text"

    @property
    def symbol(self) -> str:
        return _SYMBOLS[self]


_SYMBOLS = {
    Comparator.AT_LEAST: "≥",
    Comparator.MORE_THAN: ">",
    Comparator.AT_MOST: "≤",
    Comparator.LESS_THAN: "<",
    Comparator.EQUAL: "=",
    Comparator.TEXT: "=",
}


class Outcome(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    PENDING = "pending"


@dataclass(frozen=True)
class EvaluationContext:
    """What some items need beyond the result itself (the K/M endotoxin limit)."""

    patient_weight_kg: float | None = None
    dose_volume_ml: float | None = None


@dataclass(frozen=True)
class Verdict:
    outcome: Outcome
    explanation: str

    @property
    def passed(self) -> bool:
        return self.outcome is Outcome.PASS


@dataclass(frozen=True)
class SpecItem:
    """One acceptance criterion. Numeric items carry a limit, text items the required text."""

    test_code: str
    label: str
    comparator: Comparator
    limit_value: float | None = None
    required_text: str | None = None
    unit: str = ""
    method: str = ""

    def __post_init__(self) -> None:
        code = str(self.test_code).strip()
        if not _TEST_CODE.match(code):
            raise InvalidValueError(
                "Test code", self.test_code, "letters, digits, '_', '-' or '.', up to 40"
            )
        object.__setattr__(self, "test_code", code)
        label = " ".join(str(self.label).split())
        if not label:
            raise InvalidValueError("Label", self.label, f"a name for the test {code}")
        object.__setattr__(self, "label", label)
        try:
            comparator = Comparator(self.comparator)
        except ValueError:
            raise InvalidValueError(
                "Comparator", self.comparator, "one of " + ", ".join(c.value for c in Comparator)
            ) from None
        object.__setattr__(self, "comparator", comparator)
        object.__setattr__(self, "unit", " ".join((self.unit or "").split()))
        object.__setattr__(self, "method", " ".join((self.method or "").split()))
        if comparator is Comparator.TEXT:
            required = " ".join((self.required_text or "").split())
            if not required:
                raise InvalidValueError(
                    f"{label}: required result",
                    self.required_text or "",
                    "a text such as 'no growth'",
                )
            if self.limit_value is not None:
                raise InvalidValueError(
                    f"{label}: limit", self.limit_value, "empty for a text result"
                )
            object.__setattr__(self, "required_text", required)
            return
        if self.required_text:
            raise InvalidValueError(
                f"{label}: required result", self.required_text, "empty for a numeric result"
            )
        object.__setattr__(self, "required_text", None)
        if self.is_k_over_m:
            if comparator not in (Comparator.AT_MOST, Comparator.LESS_THAN):
                raise InvalidValueError(
                    f"{label}: comparator", comparator.value, "<= or < for a K/M limit"
                )
            if self.limit_value is not None and not _finite(self.limit_value, positive=True):
                raise InvalidValueError(
                    f"{label}: K", self.limit_value, "a number of EU/kg above 0 (5 when empty)"
                )
            return
        if self.limit_value is None or not _finite(self.limit_value):
            raise InvalidValueError(f"{label}: limit", self.limit_value, "a number")

    @property
    def is_k_over_m(self) -> bool:
        return self.method.upper() == KM_METHOD

    @property
    def is_text(self) -> bool:
        return self.comparator is Comparator.TEXT

    @property
    def k_eu_per_kg(self) -> float:
        return DEFAULT_K_EU_PER_KG if self.limit_value is None else float(self.limit_value)


def _finite(value: object, *, positive: bool = False) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return math.isfinite(value) and (value > 0 if positive else True)


def normalise_text(text: str) -> str:
    """The form text results are compared in: spaces collapsed, case folded."""
    return " ".join(str(text).split()).casefold()


def quantity(value: float, unit: str = "") -> str:
    """A number as a reviewer reads it: 92 %, 0.8 EU/mL, 20,000,000 cells."""
    if float(value).is_integer() and abs(value) < 1e15:
        number = f"{int(value):,}"
    else:
        number = f"{value:.4g}"
        if "e" in number:
            number = f"{value:,.0f}" if abs(value) >= 1 else f"{value:.2e}"
    return f"{number} {unit}".rstrip()


def needs_patient_context(item: SpecItem) -> bool:
    return item.is_k_over_m


def km_limit(k_eu_per_kg: float, patient_weight_kg: float, dose_volume_ml: float) -> float:
    """K ÷ M in EU/mL, with M = dose volume (mL) ÷ patient weight (kg)."""
    if not _finite(k_eu_per_kg, positive=True):
        raise InvalidValueError("K", k_eu_per_kg, "a number of EU/kg above 0")
    if not _finite(patient_weight_kg, positive=True) or patient_weight_kg >= 400:
        raise InvalidValueError("Patient weight", patient_weight_kg, "more than 0, under 400 kg")
    if not _finite(dose_volume_ml, positive=True):
        raise InvalidValueError("Dose volume", dose_volume_ml, "more than 0 mL")
    return k_eu_per_kg * patient_weight_kg / dose_volume_ml


def _limit(item: SpecItem, context: EvaluationContext) -> float:
    if not item.is_k_over_m:
        assert item.limit_value is not None
        return float(item.limit_value)
    missing = []
    if context.patient_weight_kg is None:
        missing.append("the patient's weight")
    if context.dose_volume_ml is None:
        missing.append("the dose volume")
    if missing:
        raise MissingContextError(
            f"{item.label}: the limit K/M needs {' and '.join(missing)}, which "
            f"{'is' if len(missing) == 1 else 'are'} not recorded."
        )
    assert context.patient_weight_kg is not None and context.dose_volume_ml is not None
    return km_limit(item.k_eu_per_kg, context.patient_weight_kg, context.dose_volume_ml)


def _km_note(item: SpecItem, context: EvaluationContext) -> str:
    return (
        f" (K/M: {quantity(item.k_eu_per_kg, 'EU/kg')} × "
        f"{quantity(context.patient_weight_kg or 0, 'kg')} ÷ "
        f"{quantity(context.dose_volume_ml or 0, 'mL')})"
    )


def describe_limit(item: SpecItem, context: EvaluationContext | None = None) -> str:
    """The criterion as printed beside a result: "≥ 70 %", "\"no growth\"", "≤ 175 EU/mL"."""
    if item.is_text:
        return f'"{item.required_text}"'
    if item.is_k_over_m:
        try:
            limit = _limit(item, context or EvaluationContext())
        except MissingContextError:
            return f"{item.comparator.symbol} K/M (K = {quantity(item.k_eu_per_kg, 'EU/kg')})"
        return f"{item.comparator.symbol} {quantity(limit, item.unit)} (K/M)"
    assert item.limit_value is not None
    return f"{item.comparator.symbol} {quantity(item.limit_value, item.unit)}"


def describe_result(item: SpecItem, value: float | None, text: str | None) -> str | None:
    """A recorded result as printed: "92 %", "No growth"; None when there is none."""
    if item.is_text:
        cleaned = " ".join((text or "").split())
        return cleaned or None
    return None if value is None else quantity(value, item.unit)


def _check_value(item: SpecItem, value: float) -> None:
    field = f"{item.label} result"
    if not _finite(value):
        raise InvalidValueError(field, value, "a number")
    if value < 0:
        raise InvalidValueError(field, quantity(value, item.unit), "0 or more")
    if item.unit == "%" and value > 100:
        raise InvalidValueError(field, quantity(value, item.unit), "between 0 and 100 %")


def evaluate(
    item: SpecItem,
    value: float | None,
    text: str | None,
    *,
    context: EvaluationContext | None = None,
) -> Verdict:
    """Judge one result against one item. No result at all is pending, not a failure.

    A numeric result for a text item (or the reverse) is refused with InvalidValueError; a K/M
    item without the patient's weight or the dose volume raises MissingContextError.
    """
    context = context or EvaluationContext()
    has_text = text is not None and bool(str(text).strip())
    if item.is_text:
        if value is not None:
            raise InvalidValueError(
                f"{item.label} result",
                quantity(value, item.unit),
                f'a text result such as "{item.required_text}"',
            )
        if not has_text:
            return Verdict(Outcome.PENDING, f"{item.label}: no result yet")
        shown = " ".join(str(text).split())
        if normalise_text(shown) == normalise_text(item.required_text or ""):
            return Verdict(Outcome.PASS, f'{item.label}: "{shown}" is "{item.required_text}": pass')
        return Verdict(Outcome.FAIL, f'{item.label}: "{shown}" is not "{item.required_text}": FAIL')
    if has_text:
        raise InvalidValueError(
            f"{item.label} result", str(text), f"a number ({item.unit or 'no unit'})"
        )
    if value is None:
        return Verdict(Outcome.PENDING, f"{item.label}: no result yet")
    _check_value(item, value)
    limit = _limit(item, context)
    passed = _compare(item.comparator, float(value), limit)
    note = _km_note(item, context) if item.is_k_over_m else ""
    shown, symbol = quantity(value, item.unit), item.comparator.symbol
    if passed:
        return Verdict(
            Outcome.PASS, f"{item.label} {shown} {symbol} {quantity(limit, item.unit)}{note}: pass"
        )
    return Verdict(
        Outcome.FAIL,
        f"{item.label} {shown} is not {symbol} {quantity(limit, item.unit)}{note}: FAIL",
    )


def _compare(comparator: Comparator, value: float, limit: float) -> bool:
    if comparator is Comparator.AT_LEAST:
        return value >= limit
    if comparator is Comparator.MORE_THAN:
        return value > limit
    if comparator is Comparator.AT_MOST:
        return value <= limit
    if comparator is Comparator.LESS_THAN:
        return value < limit
    # Results are typed to a few decimals; exact float equality would fail 0.1 + 0.2 == 0.3.
    return math.isclose(value, limit, rel_tol=1e-9, abs_tol=1e-12)


def marker_expectation(item: SpecItem) -> str:
    """ "positive" for a marker that must be present (≥, >), "negative" for one that must not."""
    if item.comparator in (Comparator.AT_LEAST, Comparator.MORE_THAN):
        return "positive"
    if item.comparator in (Comparator.AT_MOST, Comparator.LESS_THAN):
        return "negative"
    raise InvalidValueError(
        f"{item.label}: comparator", item.comparator.value, ">=, >, <= or < for a marker"
    )


def overall_outcome(outcomes: list[Outcome] | tuple[Outcome, ...]) -> Outcome:
    """Any fail fails; otherwise any pending (or nothing at all) is pending; else pass."""
    if Outcome.FAIL in outcomes:
        return Outcome.FAIL
    if not outcomes or Outcome.PENDING in outcomes:
        return Outcome.PENDING
    return Outcome.PASS


# The shipped defaults (domain.md §2): release testing of the construct, and the ISCT
# identity/purity panel. Sites change them by approving a new version, never in code.
DEFAULT_RELEASE_SPEC: tuple[SpecItem, ...] = (
    SpecItem("viability", "Viability", Comparator.AT_LEAST, 70.0, None, "%", "trypan blue"),
    SpecItem(
        "sterility_aerobic",
        "Sterility (aerobic)",
        Comparator.TEXT,
        None,
        "no growth",
        "",
        "aerobic culture",
    ),
    SpecItem(
        "sterility_anaerobic",
        "Sterility (anaerobic)",
        Comparator.TEXT,
        None,
        "no growth",
        "",
        "anaerobic culture",
    ),
    SpecItem(
        "gram_stain", "Gram stain", Comparator.TEXT, None, "no organisms seen", "", "Gram stain"
    ),
    SpecItem("mycoplasma", "Mycoplasma", Comparator.TEXT, None, "negative", "", "PCR"),
    SpecItem("endotoxin", "Endotoxin", Comparator.LESS_THAN, 0.5, None, "EU/mL", "LAL"),
    SpecItem(
        "cell_count",
        "Cell count on construct",
        Comparator.MORE_THAN,
        0.0,
        None,
        "cells",
        "count of cells on the construct",
    ),
)

_POSITIVE_MARKERS = ("CD73", "CD90", "CD105")
_NEGATIVE_MARKERS = ("CD34", "CD45", "CD14", "CD19", "HLA-DR")
DEFAULT_PHENOTYPE_SPEC: tuple[SpecItem, ...] = tuple(
    SpecItem(m, m, Comparator.AT_LEAST, 95.0, None, "%", "flow cytometry")
    for m in _POSITIVE_MARKERS
) + tuple(
    SpecItem(m, m, Comparator.AT_MOST, 2.0, None, "%", "flow cytometry") for m in _NEGATIVE_MARKERS
)
