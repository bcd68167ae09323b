"""framing.newsmtsc: evaluation of stance labels."""

from __future__ import annotations

import math

import pytest

from framing.newsmtsc import LABELS, evaluate_labels


def test_macro_f1_averages_over_the_classes_present():
    """A class absent from gold and predictions has no F1: it is left out of the
    macro mean (sklearn's default would count it as 0 and cap the mean at 2/3)."""
    ev = evaluate_labels(["favor", "against", "favor"], ["favor", "against", "favor"])
    assert ev.macro_f1 == pytest.approx(1.0)  # was 0.667
    assert ev.absent == ("neutral",)
    assert math.isnan(ev.per_class.loc["neutral", "f1"])
    assert ev.macro_f1 == pytest.approx(ev.per_class["f1"].mean())  # the table and the mean agree
    summary = ev.summary()
    assert "macro-F1=1.000" in summary
    assert "neutral is absent from gold and predictions" in summary


def test_a_class_only_predicted_or_only_gold_counts_as_zero():
    predicted_only = evaluate_labels(["favor", "favor"], ["favor", "neutral"])
    assert predicted_only.absent == ("against",)
    # favor: P 1, R 0.5, F1 2/3; neutral: F1 0 (predicted, never gold)
    assert predicted_only.macro_f1 == pytest.approx((2 / 3 + 0) / 2)
    gold_only = evaluate_labels(["favor", "neutral"], ["favor", "favor"])
    assert gold_only.absent == ("against",)
    assert gold_only.macro_f1 == pytest.approx((2 / 3 + 0) / 2)


def test_all_classes_present_is_the_plain_macro_mean():
    ev = evaluate_labels(["favor", "against", "neutral", "favor"],
                         ["favor", "against", "favor", "neutral"])
    assert ev.absent == ()
    assert ev.macro_f1 == pytest.approx((0.5 + 1.0 + 0.0) / 3)
    assert "absent" not in ev.summary()
    assert list(ev.per_class.index) == list(LABELS)


def test_no_pairs_is_no_score_not_an_error():
    """An empty subset (a cross-validation fold without multi-target rows) has no
    scores: NaN, which a mean over folds skips, where scikit-learn raises."""
    ev = evaluate_labels([], [])
    assert ev.n == 0 and math.isnan(ev.macro_f1) and math.isnan(ev.accuracy)
    assert ev.absent == LABELS
    assert "macro-F1=nan" in ev.summary()
