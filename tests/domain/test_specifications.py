"""Judging one result against one criterion: comparators, text results, the K/M endotoxin
limit, and the shipped default specifications."""

from __future__ import annotations

import math

import pytest

from labtracker.domain.errors import InvalidValueError
from labtracker.domain.specifications import (
    DEFAULT_K_EU_PER_KG,
    DEFAULT_PHENOTYPE_SPEC,
    DEFAULT_RELEASE_SPEC,
    Comparator,
    EvaluationContext,
    MissingContextError,
    Outcome,
    SpecItem,
    describe_limit,
    describe_result,
    evaluate,
    km_limit,
    marker_expectation,
    normalise_text,
    overall_outcome,
    quantity,
)

P, F = Outcome.PASS, Outcome.FAIL


def numeric(comparator: str, limit: float, unit: str = "%") -> SpecItem:
    return SpecItem("t", "Test", Comparator(comparator), limit, None, unit)


@pytest.mark.parametrize(
    ("comparator", "limit", "value", "outcome"),
    [
        (">=", 70, 70, P),
        (">=", 70, 92, P),
        (">=", 70, 69.9, F),
        (">", 0, 1, P),
        (">", 0, 0, F),
        ("<=", 2, 2, P),
        ("<=", 2, 2.01, F),
        ("<", 0.5, 0.49, P),
        ("<", 0.5, 0.5, F),
        ("==", 0.3, 0.1 + 0.2, P),  # typed decimals, not float artefacts
        ("==", 7, 7.1, F),
    ],
)
def test_every_numeric_comparator(comparator, limit, value, outcome):
    assert evaluate(numeric(comparator, limit), value, None).outcome is outcome


@pytest.mark.parametrize(
    ("item", "value", "explanation"),
    [
        (numeric(">=", 70), 92, "Test 92 % ≥ 70 %: pass"),
        (numeric(">=", 70), 65.5, "Test 65.5 % is not ≥ 70 %: FAIL"),
        (
            SpecItem("endotoxin", "Endotoxin", "<", 0.5, None, "EU/mL"),
            0.8,
            "Endotoxin 0.8 EU/mL is not < 0.5 EU/mL: FAIL",
        ),
        (
            SpecItem("cell_count", "Cell count on construct", ">", 0, None, "cells"),
            2e7,
            "Cell count on construct 20,000,000 cells > 0 cells: pass",
        ),
    ],
)
def test_explanations_read_as_sentences(item, value, explanation):
    assert evaluate(item, value, None).explanation == explanation


STERILITY = SpecItem("sterility_aerobic", "Sterility (aerobic)", "text", None, "no growth")


@pytest.mark.parametrize(
    ("text", "outcome"),
    [
        ("no growth", P),
        ("No growth", P),
        ("NO GROWTH", P),
        ("  no   growth ", P),
        ("no\tgrowth", P),
        ("growth", F),
        ("no growth after 14 days", F),
        ("Staphylococcus epidermidis", F),
    ],
)
def test_text_results_ignore_case_and_spacing(text, outcome):
    assert evaluate(STERILITY, None, text).outcome is outcome


def test_text_explanations():
    assert evaluate(STERILITY, None, "No  growth").explanation == (
        'Sterility (aerobic): "No growth" is "no growth": pass'
    )
    assert evaluate(STERILITY, None, "growth").explanation == (
        'Sterility (aerobic): "growth" is not "no growth": FAIL'
    )
    assert normalise_text("  No \n Growth ") == "no growth"


@pytest.mark.parametrize("item", [numeric(">=", 70), STERILITY])
def test_no_result_is_pending_not_a_failure(item):
    verdict = evaluate(item, None, None)
    assert verdict.outcome is Outcome.PENDING
    assert verdict.explanation.endswith(": no result yet")
    assert evaluate(item, None, "   ").outcome is Outcome.PENDING


@pytest.mark.parametrize(
    ("item", "value", "text", "allowed"),
    [
        (numeric(">=", 70), 104, None, "between 0 and 100 %"),
        (numeric(">=", 70), -1, None, "0 or more"),
        (numeric(">=", 70), math.nan, None, "a number"),
        (numeric(">=", 70), math.inf, None, "a number"),
        (numeric(">=", 70), None, "high", "a number (%)"),
        (STERILITY, 0.0, None, 'a text result such as "no growth"'),
    ],
)
def test_impossible_results_are_refused_naming_the_field(item, value, text, allowed):
    with pytest.raises(InvalidValueError) as err:
        evaluate(item, value, text)
    assert err.value.allowed == allowed
    assert err.value.field == f"{item.label} result"


# --- endotoxin K/M -----------------------------------------------------------------------------

KM = SpecItem("endotoxin", "Endotoxin", "<=", None, None, "EU/mL", "K/M")


def test_km_limit_is_k_times_weight_over_dose_volume():
    # M = dose per kg of body weight = 2 mL / 70 kg = 0.02857 mL/kg; K/M = 5 / 0.02857.
    assert km_limit(5, 70, 2) == pytest.approx(175.0)
    # The whole dose may carry K × weight = 350 EU, whatever its volume.
    assert km_limit(5, 70, 2) * 2 == pytest.approx(350.0)
    assert km_limit(5, 70, 0.5) * 0.5 == pytest.approx(350.0)
    # A heavier patient tolerates proportionally more.
    assert km_limit(5, 35, 2) == pytest.approx(km_limit(5, 70, 2) / 2)


def test_k_alone_divided_by_weight_is_not_the_limit():
    # 5 EU/kg ÷ 70 kg = 0.0714 has the unit EU/kg² and limits nothing measured;
    # the rule never produces it.
    context = EvaluationContext(patient_weight_kg=70, dose_volume_ml=2)
    verdict = evaluate(KM, 0.1, None, context=context)
    assert verdict.outcome is Outcome.PASS
    assert "0.07143" not in verdict.explanation


@pytest.mark.parametrize(
    ("value", "outcome"),
    [(175, P), (174.9, P), (175.1, F), (0.8, P)],
)
def test_km_item_judged_with_the_patient_and_dose(value, outcome):
    context = EvaluationContext(patient_weight_kg=70, dose_volume_ml=2)
    assert evaluate(KM, value, None, context=context).outcome is outcome


def test_km_explanation_shows_the_arithmetic():
    context = EvaluationContext(patient_weight_kg=70, dose_volume_ml=2)
    assert evaluate(KM, 200, None, context=context).explanation == (
        "Endotoxin 200 EU/mL is not ≤ 175 EU/mL (K/M: 5 EU/kg × 70 kg ÷ 2 mL): FAIL"
    )
    assert describe_limit(KM, context) == "≤ 175 EU/mL (K/M)"
    assert describe_limit(KM) == "≤ K/M (K = 5 EU/kg)"


def test_km_uses_the_items_k_when_given():
    intrathecal = SpecItem("endotoxin", "Endotoxin", "<=", 0.2, None, "EU/mL", "K/M")
    context = EvaluationContext(patient_weight_kg=70, dose_volume_ml=2)
    assert intrathecal.k_eu_per_kg == 0.2 and KM.k_eu_per_kg == DEFAULT_K_EU_PER_KG
    assert evaluate(intrathecal, 7, None, context=context).outcome is P
    assert evaluate(intrathecal, 7.1, None, context=context).outcome is F


@pytest.mark.parametrize(
    ("context", "missing"),
    [
        (EvaluationContext(dose_volume_ml=2), "needs the patient's weight, which is not"),
        (EvaluationContext(patient_weight_kg=70), "needs the dose volume, which is not"),
        (EvaluationContext(), "the patient's weight and the dose volume, which are not"),
    ],
)
def test_km_without_weight_or_dose_says_what_is_missing(context, missing):
    with pytest.raises(MissingContextError, match=missing):
        evaluate(KM, 0.1, None, context=context)


def test_km_refuses_an_impossible_weight():
    with pytest.raises(InvalidValueError, match="Patient weight"):
        km_limit(5, 0, 2)
    with pytest.raises(InvalidValueError, match="Dose volume"):
        km_limit(5, 70, 0)


def test_default_endotoxin_limit_needs_no_patient():
    endotoxin = next(i for i in DEFAULT_RELEASE_SPEC if i.test_code == "endotoxin")
    assert not endotoxin.is_k_over_m
    assert evaluate(endotoxin, 0.49, None).outcome is P
    assert evaluate(endotoxin, 0.5, None).outcome is F


# --- items and defaults -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"comparator": "~"}, "Comparator"),
        ({"comparator": "text"}, "Test: required result"),
        ({"comparator": ">=", "limit_value": None}, "Test: limit"),
        ({"comparator": ">=", "limit_value": 1, "required_text": "x"}, "Test: required result"),
        ({"comparator": "text", "required_text": "x", "limit_value": 1}, "Test: limit"),
        ({"comparator": ">=", "limit_value": 1, "method": "K/M"}, "Test: comparator"),
        ({"comparator": "<=", "limit_value": -5, "method": "K/M"}, "Test: K"),
        ({"comparator": ">=", "limit_value": 1, "test_code": "has space"}, "Test code"),
        ({"comparator": ">=", "limit_value": 1, "label": "  "}, "Label"),
    ],
)
def test_malformed_items_are_refused(kwargs, field):
    values = {"test_code": "t", "label": "Test", **kwargs}
    with pytest.raises(InvalidValueError) as err:
        SpecItem(**values)
    assert err.value.field == field


def test_release_defaults_from_the_domain_reference():
    table = {
        i.test_code: (i.comparator.value, i.limit_value, i.required_text, i.unit)
        for i in DEFAULT_RELEASE_SPEC
    }
    assert table == {
        "viability": (">=", 70.0, None, "%"),
        "sterility_aerobic": ("text", None, "no growth", ""),
        "sterility_anaerobic": ("text", None, "no growth", ""),
        "gram_stain": ("text", None, "no organisms seen", ""),
        "mycoplasma": ("text", None, "negative", ""),
        "endotoxin": ("<", 0.5, None, "EU/mL"),
        "cell_count": (">", 0.0, None, "cells"),
    }


def test_phenotype_defaults_are_the_isct_criteria():
    table = {
        i.test_code: (describe_limit(i), marker_expectation(i)) for i in DEFAULT_PHENOTYPE_SPEC
    }
    assert table == {
        "CD73": ("≥ 95 %", "positive"),
        "CD90": ("≥ 95 %", "positive"),
        "CD105": ("≥ 95 %", "positive"),
        "CD34": ("≤ 2 %", "negative"),
        "CD45": ("≤ 2 %", "negative"),
        "CD14": ("≤ 2 %", "negative"),
        "CD19": ("≤ 2 %", "negative"),
        "HLA-DR": ("≤ 2 %", "negative"),
    }


def test_overall_outcome():
    assert overall_outcome([P, P]) is P
    assert overall_outcome([P, F, Outcome.PENDING]) is F
    assert overall_outcome([P, Outcome.PENDING]) is Outcome.PENDING
    assert overall_outcome([]) is Outcome.PENDING


def test_printed_forms():
    assert quantity(92, "%") == "92 %"
    assert quantity(0.8, "EU/mL") == "0.8 EU/mL"
    assert quantity(1.5e7, "cells") == "15,000,000 cells"
    assert quantity(0.071428, "") == "0.07143"
    assert describe_limit(STERILITY) == '"no growth"'
    assert describe_result(STERILITY, None, " No  growth ") == "No growth"
    assert describe_result(numeric(">=", 70), 92.5, None) == "92.5 %"
    assert describe_result(numeric(">=", 70), None, None) is None
