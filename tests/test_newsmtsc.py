"""framing.newsmtsc: evaluation of stance labels."""

from __future__ import annotations

import math

import pytest

from framing.newsmtsc import LABELS, evaluate_labels


def test_macro_f1_averages_over_the_labels_in_gold():
    """A label not in the gold data has no F1: it is left out of the macro mean
    (the fixed three-label mean would cap it at 2/3)."""
    ev = evaluate_labels(["favor", "against", "favor"], ["favor", "against", "favor"])
    assert ev.macro_f1 == pytest.approx(1.0)
    assert ev.absent == ("neutral",) and ev.labels == ("against", "favor")
    assert math.isnan(ev.per_class.loc["neutral", "f1"])
    assert ev.macro_f1 == pytest.approx(ev.per_class["f1"].mean())  # the table and the mean agree
    summary = ev.summary()
    assert "macro-F1=1.000" in summary
    assert "mean over against, favor (the labels in the gold data); neutral is not in the " \
           "gold labels: no F1" in summary


def test_macro_f1_does_not_depend_on_the_labels_a_method_predicts():
    """Gold 80 neutral / 20 against: one stray 'favor' prediction gave 0.665 (the
    mean took favor's F1 of 0 as a third term), below a model missing half of
    'against' (0.804).  A stray label only costs the recall of the true label."""
    gold = ["neutral"] * 80 + ["against"] * 20
    ten_errors = ["neutral"] * 80 + ["against"] * 10 + ["neutral"] * 10
    one_error = ["neutral"] * 79 + ["favor"] + ["against"] * 20
    a, b = evaluate_labels(gold, ten_errors), evaluate_labels(gold, one_error)
    assert a.labels == b.labels == ("against", "neutral")
    assert a.macro_f1 == pytest.approx((2 * 80 / 170 + 2 * 10 / 30) / 2)  # 0.804
    assert b.macro_f1 == pytest.approx((2 * 79 / 159 + 1.0) / 2)  # 0.997, was 0.665
    assert b.macro_f1 > a.macro_f1
    assert b.per_class.loc["neutral", "recall"] == pytest.approx(79 / 80)
    assert b.per_class.loc["favor", "precision"] == 0 and math.isnan(b.per_class.loc["favor", "f1"])
    assert "favor is not in the gold labels (predicted 1 time, all wrong): no F1" in b.summary()
    # the same as scikit-learn with the gold labels fixed
    from sklearn.metrics import f1_score
    assert b.macro_f1 == pytest.approx(f1_score(gold, one_error, labels=["against", "neutral"],
                                                average="macro", zero_division=0))


def test_a_label_only_gold_counts_as_zero_only_predicted_not_at_all():
    predicted_only = evaluate_labels(["favor", "favor"], ["favor", "neutral"])
    assert predicted_only.absent == ("against", "neutral")
    # favor: P 1, R 0.5, F1 2/3; neutral is not in gold: no term of the mean
    assert predicted_only.macro_f1 == pytest.approx(2 / 3)
    gold_only = evaluate_labels(["favor", "neutral"], ["favor", "favor"])
    assert gold_only.absent == ("against",)
    assert gold_only.macro_f1 == pytest.approx((2 / 3 + 0) / 2)


def test_a_fixed_label_set_counts_a_label_missing_from_gold_as_zero():
    ev = evaluate_labels(["favor", "against"], ["favor", "against"], labels=LABELS)
    assert ev.labels == LABELS and ev.absent == ("neutral",) and ev.fixed
    assert ev.macro_f1 == pytest.approx(2 / 3)
    assert ev.per_class.loc["neutral", "f1"] == 0
    assert "neutral is not in the gold labels and counts as 0" in ev.summary()
    two = evaluate_labels(["favor", "against", "neutral"], ["favor", "neutral", "neutral"],
                          labels=["favor", "against"])
    assert two.macro_f1 == pytest.approx((1 + 0) / 2)  # neutral's F1 is shown, not averaged
    assert "mean over favor, against (the labels asked for)" in two.summary()


def test_all_classes_present_is_the_plain_macro_mean():
    ev = evaluate_labels(["favor", "against", "neutral", "favor"],
                         ["favor", "against", "favor", "neutral"])
    assert ev.absent == ()
    assert ev.macro_f1 == pytest.approx((0.5 + 1.0 + 0.0) / 3)
    assert "mean over" not in ev.summary()
    assert list(ev.per_class.index) == list(LABELS)


def test_no_pairs_is_no_score_not_an_error():
    """An empty subset (a cross-validation fold without multi-target rows) has no
    scores: NaN, where scikit-learn raises."""
    ev = evaluate_labels([], [])
    assert ev.n == 0 and math.isnan(ev.macro_f1) and math.isnan(ev.accuracy)
    assert ev.absent == LABELS
    assert "macro-F1=nan" in ev.summary()
